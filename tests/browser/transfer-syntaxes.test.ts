// Every transfer syntax we claim, shown to decode to the right stored values through the app's own
// loading path: our synthetic image is re-encoded by dcmtk or gdcm in Node, opened through the
// file input, decoded by Cornerstone, and compared value by value with the source.
import { afterEach, describe, expect, test } from 'vitest';
import { commands } from 'vitest/browser';
import type { FixtureEncoding } from '../fixtures/encode-fixtures';
import { fromBase64, patchDicom, toBase64 } from '../fixtures/dicom-variants';
import { syntheticDicom, syntheticPixels, type SyntheticImageOptions } from '../fixtures/synthetic-dicom';
import { chooseFiles, dicomFile, displayedAt, mountApp, problemMessages, settledCanvas, shownImage, viewportOf } from '../support/app';

// Odd sizes, not square: a transposed, padded or row-shifted decode cannot pass.
const ROWS = 45;
const COLUMNS = 67;

interface Source {
  options: SyntheticImageOptions;
  /** BitsStored when less than BitsAllocated. */
  bitsStored?: number;
}

const wave = (r: number, c: number) => Math.sin(r / 5) * Math.cos(c / 7);
const block = (r: number, c: number) => (r >= 20 && c >= 30 ? 1 : 0);

/** Source images: noise-like structure for lossless codecs (every predictor and run mode is exercised), smooth ones for lossy. */
const SOURCES = {
  'unsigned 16-bit': {
    options: { bitsAllocated: 16, pixel: (r, c) => (r * 2531 + c * 977 + ((r ^ c) & 15) * 3001) % 65536 },
  },
  'signed 16-bit': {
    options: { bitsAllocated: 16, signed: true, pixel: (r, c) => ((r * 331 + c * 97 + ((r ^ c) & 7) * 1201) % 8000) - 4000 },
  },
  '8-bit': {
    options: { bitsAllocated: 8, pixel: (r, c) => (r * 7 + c * 13 + ((r ^ c) & 3) * 40) % 256 },
  },
  'smooth 8-bit': {
    options: { bitsAllocated: 8, pixel: (r, c) => Math.round(120 + 80 * wave(r, c) + 40 * block(r, c)) },
  },
  'smooth 12-bit': {
    options: { bitsAllocated: 16, pixel: (r, c) => Math.round(2000 + 1400 * wave(r, c) + 500 * block(r, c)) },
    bitsStored: 12,
  },
  'smooth 16-bit': {
    options: { bitsAllocated: 16, pixel: (r, c) => Math.round(28000 + 20000 * wave(r, c) + 8000 * block(r, c)) },
  },
} satisfies Record<string, Source>;

type SourceName = keyof typeof SOURCES;

interface SyntaxCase {
  name: string;
  encoding: FixtureEncoding;
  uid: string;
  source: SourceName;
  /** Lossy codecs: allowed mean and largest absolute error, as fractions of the value range. */
  lossy?: { mean: number; max: number };
  /** Near-lossless codecs: the largest absolute error, in stored values. */
  nearLossless?: number;
}

const LOSSLESS: [string, FixtureEncoding, string][] = [
  ['Implicit VR Little Endian', 'implicit-vr-le', '1.2.840.10008.1.2'],
  ['Explicit VR Little Endian', 'explicit-vr-le', '1.2.840.10008.1.2.1'],
  ['Explicit VR Big Endian', 'explicit-vr-be', '1.2.840.10008.1.2.2'],
  ['Deflated Explicit VR Little Endian', 'deflated', '1.2.840.10008.1.2.1.99'],
  ['RLE Lossless', 'rle', '1.2.840.10008.1.2.5'],
  ['JPEG Lossless SV1 (process 14, selection value 1)', 'jpeg-lossless-sv1', '1.2.840.10008.1.2.4.70'],
  ['JPEG Lossless (process 14, selection value 6)', 'jpeg-lossless', '1.2.840.10008.1.2.4.57'],
  ['JPEG-LS Lossless', 'jpeg-ls-lossless', '1.2.840.10008.1.2.4.80'],
  ['JPEG 2000 Lossless', 'jpeg-2000-lossless', '1.2.840.10008.1.2.4.90'],
  ['HTJ2K Lossless', 'htj2k-lossless', '1.2.840.10008.1.2.4.201'],
];

const CASES: SyntaxCase[] = [
  ...LOSSLESS.flatMap(([name, encoding, uid]) =>
    (['unsigned 16-bit', 'signed 16-bit', '8-bit'] as const).map((source) => ({ name: `${name}, ${source}`, encoding, uid, source })),
  ),
  { name: 'JPEG Baseline, 8-bit', encoding: 'jpeg-baseline', uid: '1.2.840.10008.1.2.4.50', source: 'smooth 8-bit', lossy: { mean: 0.01, max: 0.06 } },
  { name: 'JPEG Extended, 12-bit', encoding: 'jpeg-extended', uid: '1.2.840.10008.1.2.4.51', source: 'smooth 12-bit', lossy: { mean: 0.01, max: 0.06 } },
  { name: 'JPEG-LS Near-Lossless (NEAR 2), 16-bit', encoding: 'jpeg-ls-near-lossless', uid: '1.2.840.10008.1.2.4.81', source: 'unsigned 16-bit', nearLossless: 2 },
  { name: 'JPEG 2000 (lossy), 16-bit', encoding: 'jpeg-2000-lossy', uid: '1.2.840.10008.1.2.4.91', source: 'smooth 16-bit', lossy: { mean: 0.01, max: 0.06 } },
];

function sourceFile(source: SourceName, description: string): Uint8Array {
  const { options, bitsStored } = SOURCES[source] as Source;
  const bytes = syntheticDicom({ rows: ROWS, columns: COLUMNS, seriesDescription: description, ...options });
  return bitsStored ? patchDicom(bytes, { BitsStored: bitsStored, HighBit: bitsStored - 1 }) : bytes;
}

/** Image points on a grid, for comparing what is displayed. */
const GRID: [number, number][] = [];
for (let r = 1; r < ROWS; r += 3) for (let c = 2; c < COLUMNS; c += 4) GRID.push([r, c]);

function pearson(a: number[], b: number[]) {
  const mean = (v: number[]) => v.reduce((s, x) => s + x, 0) / v.length;
  const ma = mean(a);
  const mb = mean(b);
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < a.length; i++) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) ** 2;
    sbb += (b[i] - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
}

afterEach(() => {
  document.body.innerHTML = '';
});

describe('transfer syntaxes', () => {
  test.each(CASES)('$name decodes to the source pixels and displays them', async ({ name, encoding, uid, source, lossy, nearLossless }) => {
    const encoded = await commands.encodeDicom(toBase64(sourceFile(source, name)), encoding);
    expect(encoded.transferSyntaxUID, 'the encoder wrote the intended transfer syntax').toBe(uid);

    const app = await mountApp();
    await chooseFiles(app, [dicomFile(fromBase64(encoded.base64), `${encoding}.dcm`)]);
    const { image, info } = await shownImage(app);
    expect(problemMessages(app)).toEqual([]);
    expect(info.transferSyntaxUID).toBe(uid);
    expect([image.rows, image.columns]).toEqual([ROWS, COLUMNS]);

    const expected = syntheticPixels({ rows: ROWS, columns: COLUMNS, ...SOURCES[source].options });
    const stored = image.getPixelData();
    expect(stored.length).toBe(expected.length);
    const errors = Array.from(expected, (v, i) => Math.abs(stored[i] - v));
    if (lossy) {
      const range = Math.max(...expected) - Math.min(...expected);
      const mean = errors.reduce((s, e) => s + e, 0) / errors.length;
      expect(mean / range, 'mean error as a fraction of the range').toBeLessThan(lossy.mean);
      expect(Math.max(...errors) / range, 'largest error as a fraction of the range').toBeLessThan(lossy.max);
    } else {
      const allowed = nearLossless ?? 0;
      const wrong = errors.flatMap((e, i) => (e > allowed ? [`(${Math.floor(i / COLUMNS)},${i % COLUMNS}): ${stored[i]} not ${expected[i]}`] : []));
      expect(wrong.slice(0, 5), `${wrong.length} stored values off by more than ${allowed}`).toEqual([]);
    }

    // The canvas shows those values through the window in force: not blank, not another image.
    await settledCanvas(app);
    const voi = viewportOf(app).controller?.viewport.getProperties().voiRange;
    expect(voi).toBeTruthy();
    const { lower, upper } = voi as { lower: number; upper: number };
    const greyOf = (value: number) => 255 * Math.min(1, Math.max(0, (value - lower) / (upper - lower)));
    const shown = displayedAt(app, GRID).map(([r]) => r);
    const wanted = GRID.map(([r, c]) => greyOf(expected[r * COLUMNS + c]));
    expect(Math.max(...shown) - Math.min(...shown), 'displayed contrast').toBeGreaterThan(100);
    expect(pearson(shown, wanted), 'displayed greys follow the source values').toBeGreaterThan(0.97);
  });
});
