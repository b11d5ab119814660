// Photometric interpretations and colour maps as the user sees them: colours and greys read back
// from the canvas at known image pixels.
import { afterEach, describe, expect, test } from 'vitest';
import { commands, userEvent } from 'vitest/browser';
import type { RcApp } from '../../src/components/rc-app';
import { fromBase64, paletteDicom, rgbDicom, toBase64, type Rgb } from '../fixtures/dicom-variants';
import { syntheticDicom } from '../fixtures/synthetic-dicom';
import { chooseFiles, dicomFile, displayedAt, frames, mountApp, overlayText, problemMessages, shadow, shownImage, viewportOf, waitFor } from '../support/app';

const ROWS = 48;
const COLUMNS = 64;
/** Centres of the four quadrants, [row, column]. */
const QUADRANTS: [number, number][] = [
  [12, 16],
  [12, 48],
  [36, 16],
  [36, 48],
];
const quadrant = (r: number, c: number) => (r < ROWS / 2 ? 0 : 2) + (c < COLUMNS / 2 ? 0 : 1);

const rgbOf = (pixel: [number, number, number, number]): Rgb => [pixel[0], pixel[1], pixel[2]];
const near = (got: Rgb, want: Rgb, tolerance: number) => got.every((v, i) => Math.abs(v - want[i]) <= tolerance);

async function openAndShow(app: RcApp, bytes: Uint8Array, name: string) {
  await chooseFiles(app, [dicomFile(bytes, name)]);
  await waitFor(() => viewportOf(app).controller?.viewport.getCurrentImageId()?.endsWith(`/${name}`), `${name} on screen`);
  const shown = await shownImage(app, name);
  await frames();
  expect(problemMessages(app)).toEqual([]);
  return shown;
}

afterEach(() => {
  document.body.innerHTML = '';
});

describe('photometric interpretation', () => {
  test('MONOCHROME1 shows the same stored values inverted, and the overlay does not call it inverted', async () => {
    // Left half 200, right half 800, under W 1000 L 500: dark and bright grey in MONOCHROME2.
    const image = { rows: ROWS, columns: COLUMNS, windowCenter: 500, windowWidth: 1000, pixel: (_r: number, c: number) => (c < COLUMNS / 2 ? 200 : 800) };
    const points: [number, number][] = [
      [24, 10],
      [24, 54],
    ];
    const app = await mountApp();
    await openAndShow(app, syntheticDicom({ ...image, photometric: 'MONOCHROME2', seriesDescription: 'Mono2' }), 'mono2.dcm');
    const [m2Low, m2High] = displayedAt(app, points).map(([r]) => r);
    expect(m2Low).toBeLessThan(m2High);

    await openAndShow(app, syntheticDicom({ ...image, photometric: 'MONOCHROME1', seriesDescription: 'Mono1' }), 'mono1.dcm');
    const [m1Low, m1High] = displayedAt(app, points).map(([r]) => r);
    expect(m1Low).toBeGreaterThan(m1High);
    expect(Math.abs(m1Low - (255 - m2Low))).toBeLessThanOrEqual(3);
    expect(Math.abs(m1High - (255 - m2High))).toBeLessThanOrEqual(3);
    expect(overlayText(app, 'window-level')).toBe('W 1000 L 500');

    // The user's invert turns it over once more, and only then does the overlay say so.
    await userEvent.keyboard('i');
    await waitFor(() => overlayText(app, 'window-level').endsWith('inv'), 'inv in the overlay');
    await frames();
    const [invLow, invHigh] = displayedAt(app, points).map(([r]) => r);
    expect(Math.abs(invLow - m2Low)).toBeLessThanOrEqual(3);
    expect(Math.abs(invHigh - m2High)).toBeLessThanOrEqual(3);
  });

  const QUADRANT_COLOURS: Rgb[] = [
    [220, 30, 30],
    [30, 200, 60],
    [40, 60, 230],
    [240, 220, 40],
  ];

  test.each([
    ['interleaved (planar configuration 0)', 0],
    ['planar (planar configuration 1)', 1],
  ] as const)('8-bit RGB %s shows its colours', async (_layout, planar) => {
    const app = await mountApp();
    const bytes = rgbDicom({ rows: ROWS, columns: COLUMNS, planar, colour: (r, c) => QUADRANT_COLOURS[quadrant(r, c)] });
    await openAndShow(app, bytes, `rgb-${planar}.dcm`);
    const shown = displayedAt(app, QUADRANTS).map(rgbOf);
    for (const [i, colour] of shown.entries()) {
      expect(near(colour, QUADRANT_COLOURS[i], 3), `quadrant ${i}: ${colour} should be ${QUADRANT_COLOURS[i]}`).toBe(true);
    }
  });

  test.each([
    ['RLE Lossless', 'rle', 3],
    ['JPEG Baseline (YCbCr)', 'jpeg-baseline', 12],
  ] as const)('8-bit RGB compressed with %s shows its colours', async (_name, encoding, tolerance) => {
    const app = await mountApp();
    const source = rgbDicom({ rows: ROWS, columns: COLUMNS, planar: 0, colour: (r, c) => QUADRANT_COLOURS[quadrant(r, c)] });
    const encoded = await commands.encodeDicom(toBase64(source), encoding);
    await openAndShow(app, fromBase64(encoded.base64), `rgb-${encoding}.dcm`);
    const shown = displayedAt(app, QUADRANTS).map(rgbOf);
    for (const [i, colour] of shown.entries()) {
      expect(near(colour, QUADRANT_COLOURS[i], tolerance), `quadrant ${i}: ${colour} should be ${QUADRANT_COLOURS[i]}`).toBe(true);
    }
  });

  test('PALETTE COLOR shows the colours its palette maps the stored indices to', async () => {
    const palette = (i: number): Rgb => [i, (i * 3) & 0xff, 255 - i];
    const indices = [10, 90, 160, 240];
    const app = await mountApp();
    const bytes = paletteDicom({ rows: ROWS, columns: COLUMNS, index: (r, c) => indices[quadrant(r, c)], palette });
    const { image } = await openAndShow(app, bytes, 'palette.dcm');
    expect(image.color).toBe(true);
    const shown = displayedAt(app, QUADRANTS).map(rgbOf);
    for (const [i, colour] of shown.entries()) {
      const want = palette(indices[i]);
      expect(near(colour, want, 3), `quadrant ${i}: ${colour} should be ${want}`).toBe(true);
    }
  });
});

describe('colour maps', () => {
  test('hot iron on an NM image shows a colour bar and colours, and turns off again', async () => {
    const app = await mountApp();
    // A ramp across the window: 0 at the left edge to 1000 at the right, under W 1000 L 500.
    const bytes = syntheticDicom({ rows: ROWS, columns: COLUMNS, modality: 'NM', windowCenter: 500, windowWidth: 1000, pixel: (_r, c) => Math.round((c / (COLUMNS - 1)) * 1000) });
    await openAndShow(app, bytes, 'nm.dcm');
    const colorbar = () => shadow(viewportOf(app)).querySelector<HTMLElement>('[data-testid="colorbar"]');
    const at = async (points: [number, number][]) => {
      await frames();
      return displayedAt(app, points).map(rgbOf);
    };
    const isGrey = ([r, g, b]: Rgb) => Math.max(r, g, b) - Math.min(r, g, b) <= 2;
    const mid: [number, number] = [24, 40];
    const [grey] = await at([mid]);
    expect(colorbar()).toBeNull();
    expect(isGrey(grey)).toBe(true);
    expect(grey[0]).toBeGreaterThan(140); // 625 under W 1000 L 500

    await userEvent.keyboard('c');
    await waitFor(() => colorbar()?.checkVisibility(), 'the colour bar');
    expect(colorbar()?.textContent?.replace(/\s+/g, ' ').trim()).toBe('999 0');
    // Hot iron: black at the bottom of the window, red-orange on the way up, white at the top.
    const [left, middle, right] = await at([[24, 1], [24, 32], [24, COLUMNS - 2]]);
    expect(Math.max(...left)).toBeLessThan(30);
    expect(middle[0]).toBeGreaterThan(150);
    expect(middle[0] - middle[1]).toBeGreaterThan(80);
    expect(middle[1]).toBeGreaterThanOrEqual(middle[2]);
    expect(Math.min(...right)).toBeGreaterThan(200);

    await userEvent.keyboard('c');
    await waitFor(() => colorbar() === null, 'the colour bar to go');
    const [off] = await at([mid]);
    expect(isGrey(off) && Math.abs(off[0] - grey[0]) <= 2, `${off} should be ${grey} again`).toBe(true);

    // Inverted, hot iron on and off again leaves it inverted.
    await userEvent.keyboard('i');
    await waitFor(() => overlayText(app, 'window-level').endsWith('inv'), 'inverted');
    await userEvent.keyboard('c');
    await waitFor(() => colorbar(), 'the colour bar');
    await userEvent.keyboard('c');
    await waitFor(() => colorbar() === null, 'the colour bar to go');
    const [inverted] = await at([mid]);
    expect(isGrey(inverted) && Math.abs(inverted[0] - (255 - grey[0])) <= 3, `${inverted} should be the inverse of ${grey}`).toBe(true);
    expect(overlayText(app, 'window-level')).toMatch(/inv$/);

    // Reset turns the colour map off too.
    await userEvent.keyboard('c');
    await waitFor(() => colorbar(), 'the colour bar');
    await userEvent.keyboard('0');
    await waitFor(() => colorbar() === null, 'reset to remove the colour bar');
    const [reset] = await at([mid]);
    expect(isGrey(reset) && Math.abs(reset[0] - grey[0]) <= 2, `${reset} should be ${grey} after reset`).toBe(true);
  });
});
