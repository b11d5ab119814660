// Ingest rewrites what Cornerstone's decoders would misread; these read the result back as a
// decoder would and compare it with what the file means.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import dicomParser from 'dicom-parser';
import { describe, expect, test } from 'vitest';
import { ingestDicom } from '../../src/imaging/ingest';
import { expandSegmentedLut } from '../../src/imaging/normalise';
import { patchDicom, withTransferSyntaxUID } from '../fixtures/dicom-variants';
import { syntheticDicom } from '../fixtures/synthetic-dicom';

const EXPLICIT_LE = '1.2.840.10008.1.2.1';

/** Runs a dcmtk tool on `input` and returns the file it wrote. */
function dcmtk(tool: string, args: string[], input: Uint8Array): Uint8Array {
  const dir = mkdtempSync(join(tmpdir(), 'radcase-ingest-'));
  try {
    writeFileSync(join(dir, 'in.dcm'), input);
    execFileSync(`/usr/bin/${tool}`, [...args, join(dir, 'in.dcm'), join(dir, 'out.dcm')], { timeout: 30_000 });
    return new Uint8Array(readFileSync(join(dir, 'out.dcm')));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function nativeSamples(part10: Uint8Array): { ds: dicomParser.DataSet; pixels: Uint8Array } {
  const ds = dicomParser.parseDicom(part10);
  const element = ds.elements.x7fe00010;
  return { ds, pixels: part10.subarray(element.dataOffset, element.dataOffset + element.length) };
}

describe('12-bit JPEG Extended', () => {
  test('decodes to the values DCMTK decodes, as native 16-bit samples', () => {
    const rows = 40;
    const columns = 56;
    const twelveBit = patchDicom(
      syntheticDicom({ rows, columns, pixel: (r, c) => (r * 97 + c * 61 + ((r * c) % 13) * 40) % 4096 }),
      { BitsStored: 12, HighBit: 11 },
    );
    const jpeg = dcmtk('dcmcjpeg', ['+ee', '+q', '85'], twelveBit);
    const reference = nativeSamples(dcmtk('dcmdjpeg', [], jpeg));

    const { info, part10 } = ingestDicom(jpeg, 'extended.dcm');

    expect(info.transferSyntaxUID).toBe('1.2.840.10008.1.2.4.51');
    expect(info.decodedTransferSyntaxUID).toBe(EXPLICIT_LE);
    const ours = nativeSamples(part10);
    expect(ours.ds.string('x00020010')).toBe(EXPLICIT_LE);
    const got = new Uint16Array(ours.pixels.slice().buffer);
    const want = new Uint16Array(reference.pixels.slice().buffer);
    expect(got.length).toBe(rows * columns);
    let worst = 0;
    for (let i = 0; i < got.length; i++) worst = Math.max(worst, Math.abs(got[i] - want[i]));
    expect(worst).toBeLessThanOrEqual(1);
  });
});

describe('transfer syntax against the codestream', () => {
  test('a JPEG Baseline codestream declared as JPEG Lossless is read as JPEG Baseline', () => {
    const baseline = dcmtk('dcmcjpeg', ['+eb', '+q', '90'], syntheticDicom({ bitsAllocated: 8, pixel: (r, c) => (r * 3 + c) % 256 }));
    const mislabelled = withTransferSyntaxUID(baseline, '1.2.840.10008.1.2.4.70');

    const { info, part10 } = ingestDicom(mislabelled, 'mislabelled.dcm');

    expect(info.decodedTransferSyntaxUID).toBe('1.2.840.10008.1.2.4.50');
    expect(dicomParser.parseDicom(part10).string('x00020010')).toBe('1.2.840.10008.1.2.4.50');
  });
});

describe('uncompressed YBR_FULL_422', () => {
  test('pixel pairs Y1 Y2 Cb Cr become two YBR_FULL pixels sharing Cb and Cr', () => {
    const rows = 2;
    const columns = 4;
    // Row r, pair p: Y1 = 10r+2p, Y2 = Y1+1, Cb = 100+p, Cr = 200+r.
    const packed = new Uint8Array(rows * columns * 2);
    for (let r = 0; r < rows; r++) {
      for (let p = 0; p < columns / 2; p++) packed.set([10 * r + 2 * p, 10 * r + 2 * p + 1, 100 + p, 200 + r], (r * columns) / 2 * 4 + p * 4);
    }
    const file = patchDicom(syntheticDicom({ rows, columns, bitsAllocated: 8 }), {
      SamplesPerPixel: 3,
      PhotometricInterpretation: 'YBR_FULL_422',
      PlanarConfiguration: 0,
      PixelData: [packed.buffer],
    });

    const { info, part10 } = ingestDicom(file, 'ybr422.dcm');

    expect(info.photometricInterpretation).toBe('YBR_FULL');
    const { ds, pixels } = nativeSamples(part10);
    expect(ds.string('x00280004')?.trim()).toBe('YBR_FULL');
    expect([...pixels.subarray(0, rows * columns * 3)]).toEqual([
      0, 100, 200, 1, 100, 200, 2, 101, 200, 3, 101, 200,
      10, 100, 201, 11, 100, 201, 12, 101, 201, 13, 101, 201,
    ]);
  });

  test('a YBR_FULL_422 file shorter than two bytes per pixel is still reported as too short', () => {
    const file = patchDicom(syntheticDicom({ rows: 4, columns: 4, bitsAllocated: 8 }), {
      SamplesPerPixel: 3,
      PhotometricInterpretation: 'YBR_FULL_422',
      PlanarConfiguration: 0,
      PixelData: [new Uint8Array(16).buffer],
    });
    expect(() => ingestDicom(file, 'short.dcm')).toThrow(/too short/);
  });
});

describe('segmented palette colour tables', () => {
  test('discrete, linear and indirect segments expand to the plain table', () => {
    const segments = [0, 3, 10, 20, 30, 1, 2, 50, 2, 2, 0, 0];
    expect(expandSegmentedLut(segments, 10)).toEqual([10, 20, 30, 40, 50, 10, 20, 30, 40, 50]);
  });

  test('a table that expands to fewer entries than declared is an error', () => {
    expect(() => expandSegmentedLut([0, 2, 1, 2], 4)).toThrow(/2 entries where 4/);
  });

  test('a PALETTE COLOR file with only segmented tables gets plain ones the loader reads', () => {
    const descriptor = [256, 0, 16];
    const segmented = (top: number) => new Uint16Array([0, 1, 0, 1, 255, top * 257]).buffer;
    const file = patchDicom(
      syntheticDicom({ rows: 4, columns: 4, bitsAllocated: 8, pixel: (r, c) => r * 4 + c }),
      {
        PhotometricInterpretation: 'PALETTE COLOR',
        RedPaletteColorLookupTableDescriptor: descriptor,
        GreenPaletteColorLookupTableDescriptor: descriptor,
        BluePaletteColorLookupTableDescriptor: descriptor,
        SegmentedRedPaletteColorLookupTableData: [segmented(255)],
        SegmentedGreenPaletteColorLookupTableData: [segmented(128)],
        SegmentedBluePaletteColorLookupTableData: [segmented(0)],
      },
      {
        RedPaletteColorLookupTableDescriptor: 'US',
        GreenPaletteColorLookupTableDescriptor: 'US',
        BluePaletteColorLookupTableDescriptor: 'US',
        SegmentedRedPaletteColorLookupTableData: 'OW',
        SegmentedGreenPaletteColorLookupTableData: 'OW',
        SegmentedBluePaletteColorLookupTableData: 'OW',
      },
    );

    const { part10 } = ingestDicom(file, 'segmented.dcm');

    const ds = dicomParser.parseDicom(part10);
    const red = ds.elements.x00281201;
    expect(red?.length).toBe(512);
    expect([0, 128, 255].map((i) => ds.uint16('x00281201', i))).toEqual([0, 128 * 257, 255 * 257]);
    expect(ds.uint16('x00281202', 255)).toBe(128 * 257);
    expect(ds.uint16('x00281203', 255)).toBe(0);
  });
});
