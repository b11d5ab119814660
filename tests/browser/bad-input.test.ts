// Files the viewer cannot show: each is reported by name with its reason, and the image already on
// screen stays there untouched. Vitest fails the run on any unhandled rejection these cause.
import { afterEach, describe, expect, test } from 'vitest';
import { commands } from 'vitest/browser';
import type { RcApp } from '../../src/components/rc-app';
import { firstFragment, fromBase64, patchDicom, pixelDataValue, toBase64, withTransferSyntaxUID } from '../fixtures/dicom-variants';
import { syntheticDicom } from '../fixtures/synthetic-dicom';
import { chooseFiles, dicomFile, displayedAt, mountApp, problemMessages, settledCanvas, shadow, shownImage, viewportOf, waitFor } from '../support/app';

const GOOD = {
  rows: 64,
  columns: 64,
  modality: 'MR',
  patientName: 'GOOD^IMAGE',
  seriesDescription: 'Good series',
  windowCenter: 500,
  windowWidth: 1000,
  pixel: (r: number, c: number) => (r < 32 ? 200 : 800) + ((c >> 3) % 2) * 100,
};

const SAMPLE: [number, number][] = [
  [8, 4],
  [8, 12],
  [40, 4],
  [40, 12],
  [60, 60],
  [16, 33],
];

/** What the user sees: the image id on screen, pixels read back from the canvas and the overlay text. */
async function screen(app: RcApp) {
  const { imageId } = await shownImage(app);
  await settledCanvas(app);
  const overlay = (shadow(viewportOf(app)).querySelector('.overlay')?.textContent ?? '').replace(/\s+/g, ' ').trim();
  return { imageId, pixels: displayedAt(app, SAMPLE), overlay };
}

/** Mounts the app and opens a good image; returns what it shows. */
async function appShowingGoodImage() {
  const app = await mountApp();
  await chooseFiles(app, [dicomFile(syntheticDicom(GOOD), 'good.dcm')]);
  const before = await screen(app);
  expect(before.overlay).toContain('GOOD IMAGE');
  expect(before.pixels[0][0]).toBeLessThan(before.pixels[2][0]); // the two halves differ on screen
  return { app, before };
}

/** Chooses `file`, waits for its problem to be listed, and returns the messages shown. */
async function chooseBad(app: RcApp, file: File) {
  await chooseFiles(app, [file], { waitForTools: false });
  return waitFor(() => {
    const messages = problemMessages(app);
    return messages.some((m) => m.startsWith(`${file.name}:`)) && messages;
  }, `a problem naming ${file.name}`);
}

async function expectUnchanged(app: RcApp, before: Awaited<ReturnType<typeof screen>>) {
  // Give a wrongly selected series time to reach the screen before comparing.
  await new Promise((r) => setTimeout(r, 300));
  const after = await screen(app);
  expect(after).toEqual(before);
}

const goodBytes = () => syntheticDicom({ ...GOOD, patientName: 'OTHER^FILE', seriesDescription: 'Other series' });

async function pngBytes(): Promise<Uint8Array> {
  const canvas = new OffscreenCanvas(16, 16);
  const ctx = canvas.getContext('2d') as OffscreenCanvasRenderingContext2D;
  ctx.fillStyle = '#c04020';
  ctx.fillRect(0, 0, 16, 16);
  return new Uint8Array(await (await canvas.convertToBlob({ type: 'image/png' })).arrayBuffer());
}

afterEach(() => {
  document.body.innerHTML = '';
});

describe('bad input', () => {
  test('a PNG picture is reported as not DICOM and the image on screen stays', async () => {
    const { app, before } = await appShowingGoodImage();
    const messages = await chooseBad(app, new File([(await pngBytes()) as BlobPart], 'photo.png', { type: 'image/png' }));
    expect(messages).toEqual(['photo.png: not a DICOM file: no "DICM" marker and no recognisable DICOM data set at the start']);
    await expectUnchanged(app, before);
  });

  test('a text file is reported as not DICOM and the image on screen stays', async () => {
    const { app, before } = await appShowingGoodImage();
    const messages = await chooseBad(app, new File(['Patient history: pain in the left hip for six weeks.\n'], 'notes.txt', { type: 'text/plain' }));
    expect(messages).toEqual(['notes.txt: not a DICOM file: no "DICM" marker and no recognisable DICOM data set at the start']);
    await expectUnchanged(app, before);
  });

  test('a file cut in the middle of its pixel data is reported as truncated', async () => {
    const { app, before } = await appShowingGoodImage();
    const bytes = goodBytes();
    const pixels = pixelDataValue(bytes);
    const messages = await chooseBad(app, dicomFile(bytes.slice(0, pixels.offset + pixels.length / 2), 'cut-in-pixels.dcm'));
    expect(messages).toEqual(['cut-in-pixels.dcm: the file ends early: it is truncated or damaged']);
    await expectUnchanged(app, before);
  });

  test.each([
    ['in the file meta information', 150],
    ['in the data set header', 300],
  ])('a file cut %s is reported as truncated', async (_where, length) => {
    const { app, before } = await appShowingGoodImage();
    const messages = await chooseBad(app, dicomFile(goodBytes().slice(0, length), 'cut-in-header.dcm'));
    expect(messages).toEqual(['cut-in-header.dcm: the file ends early: it is truncated or damaged']);
    await expectUnchanged(app, before);
  });

  test('pixel data shorter than Rows × Columns need is reported with both sizes', async () => {
    const { app, before } = await appShowingGoodImage();
    // Half the pixel data, with the element length written to match: the parser accepts the file.
    const short = patchDicom(goodBytes(), { PixelData: [new Uint16Array(64 * 32).buffer] });
    expect(pixelDataValue(short).length).toBe(4096);
    const messages = await chooseBad(app, dicomFile(short, 'short-pixels.dcm'));
    expect(messages).toEqual(['short-pixels.dcm: the Pixel Data is too short: 4096 bytes where 64×64 at 16 bits need 8192']);
    await expectUnchanged(app, before);
  });

  test('an MPEG-4 video transfer syntax is reported as unsupported, by name', async () => {
    const { app, before } = await appShowingGoodImage();
    const video = withTransferSyntaxUID(goodBytes(), '1.2.840.10008.1.2.4.102');
    const messages = await chooseBad(app, dicomFile(video, 'video.dcm'));
    expect(messages).toEqual(['video.dcm: unsupported transfer syntax: MPEG-4 AVC/H.264 video (1.2.840.10008.1.2.4.102)']);
    await expectUnchanged(app, before);
  });

  test('a JPEG-LS file with a corrupted codestream is reported as undecodable, not shown', async () => {
    const { app, before } = await appShowingGoodImage();
    const encoded = fromBase64((await commands.encodeDicom(toBase64(goodBytes()), 'jpeg-ls-lossless')).base64);
    const fragment = firstFragment(encoded);
    // Keep the markers at both ends; fill the entropy-coded middle with garbage.
    for (let i = fragment.offset + 40; i < fragment.offset + fragment.length - 8; i++) encoded[i] = (i * 151) & 0xff;
    const messages = await chooseBad(app, dicomFile(encoded, 'damaged.dcm'));
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/^damaged\.dcm: could not be decoded: \S/);
    await expectUnchanged(app, before);
  });

  test('of several files chosen together, the good ones load as one series and the bad one is reported', async () => {
    const { app } = await appShowingGoodImage();
    const series = { studyInstanceUID: '2.25.77001', seriesInstanceUID: '2.25.77002', seriesDescription: 'Three slices', modality: 'CT' };
    const slices = [0, 1, 2].map((k) =>
      dicomFile(syntheticDicom({ ...series, sopInstanceUID: `2.25.7700${3 + k}`, instanceNumber: k + 1, pixel: () => 100 * (k + 1) }), `slice-${k}.dcm`),
    );
    const bad = new File(['not an image'], 'readme.txt', { type: 'text/plain' });
    await chooseFiles(app, [slices[0], bad, slices[1], slices[2]], { waitForTools: false });
    await waitFor(() => /Image 1\/3/.test(shadow(viewportOf(app)).querySelector('[data-testid="image-index"]')?.textContent ?? ''), 'the three-slice series on screen');
    const { info } = await shownImage(app);
    expect(info.seriesDescription).toBe('Three slices');
    expect(problemMessages(app)).toEqual(['readme.txt: not a DICOM file: no "DICM" marker and no recognisable DICOM data set at the start']);
    const browser = shadow(shadow(app).querySelector('rc-series-browser') as Element);
    const tiles = [...browser.querySelectorAll('button[data-series]')].map((tile) =>
      [tile.querySelector('.modality'), tile.querySelector('.count')].map((part) => part?.textContent?.trim()).join(' '),
    );
    expect(tiles).toEqual(['MR 1 image', 'CT 3 images']);
  });
});
