// Files as other software writes them: Part 10 without the 128-byte preamble, files that start
// with the meta group (no "DICM"), and bare data sets without any meta group, in explicit and
// implicit VR. Each must show exactly the stored values the ordinary Part 10 file shows.
import { afterEach, describe, expect, test } from 'vitest';
import { commands } from 'vitest/browser';
import { fromBase64, toBase64 } from '../fixtures/dicom-variants';
import { syntheticDicom, syntheticPixels } from '../fixtures/synthetic-dicom';
import { chooseFiles, dicomFile, mountApp, problemMessages, shownImage } from '../support/app';

const ROWS = 37;
const COLUMNS = 53;
const pixel = (r: number, c: number) => (r * 101 + c * 37 + ((r ^ c) & 7) * 211) % 4096;
const source = () => syntheticDicom({ rows: ROWS, columns: COLUMNS, bitsAllocated: 16, pixel });

/** Bytes after the preamble ("DICM" first). */
const withoutPreamble = (part10: Uint8Array) => part10.slice(128);
/** Bytes from the meta group on (no preamble, no "DICM"). */
const fromMetaGroup = (part10: Uint8Array) => part10.slice(132);
/** The data set alone: everything after group 0002, whose length (0002,0000) says where it ends. */
function bareDataSet(part10: Uint8Array) {
  const view = new DataView(part10.buffer, part10.byteOffset, part10.byteLength);
  // (0002,0000) UL, explicit VR little endian: tag, "UL", 2-byte length, 4-byte value.
  expect([view.getUint16(132, true), view.getUint16(134, true)]).toEqual([0x0002, 0x0000]);
  const groupLength = view.getUint32(140, true);
  return part10.slice(144 + groupLength);
}

afterEach(() => {
  document.body.innerHTML = '';
});

describe('DICOM files without the usual wrapping', () => {
  const variants: [string, () => Promise<Uint8Array>][] = [
    ['a Part 10 file without the preamble', async () => withoutPreamble(source())],
    ['a file that starts with its meta group', async () => fromMetaGroup(source())],
    ['a bare data set in explicit VR little endian', async () => bareDataSet(source())],
    [
      'a bare data set in implicit VR little endian',
      async () => {
        const implicit = await commands.encodeDicom(toBase64(source()), 'implicit-vr-le');
        expect(implicit.transferSyntaxUID).toBe('1.2.840.10008.1.2');
        return bareDataSet(fromBase64(implicit.base64));
      },
    ],
  ];

  test.each(variants)('%s shows its stored values', async (_name, make) => {
    const bytes = await make();
    const app = await mountApp();
    await chooseFiles(app, [dicomFile(bytes, 'variant.dcm')]);
    const { image } = await shownImage(app);
    expect(problemMessages(app)).toEqual([]);
    expect([image.rows, image.columns]).toEqual([ROWS, COLUMNS]);
    const expected = syntheticPixels({ rows: ROWS, columns: COLUMNS, pixel });
    const stored = image.getPixelData();
    const wrong = Array.from(expected).flatMap((v, i) => (stored[i] !== v ? [`${i}: ${stored[i]} not ${v}`] : []));
    expect(wrong.slice(0, 5)).toEqual([]);
  });
});
