// Renders one series of the case to PNG files in a scratch folder, without writing DICOM or touching studies/: for
// looking at a change to the model or a renderer in seconds.
//   npx tsx scripts/studies/look.ts <series-id>[:slice|:all] [--out DIR] [--crop x,y,w,h]
// Radiographs are written whole (downsampled by 2) and, with --crop, a 1:1 crop; MR slices at 2× (nearest pixel) and,
// with --crop, that part of the slice at 4×;
// the bone scan with both views side by side.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MR_WINDOW, planById, renderCr, renderMrInstance, renderNm } from './series';
import { boneScanWindow } from './modalities/bonescan';
import { encodeGreyPng, windowToGrey } from './util/png';

function upscale(grey: Uint8Array, w: number, h: number, k: number): { width: number; height: number; grey: Uint8Array } {
  const out = new Uint8Array(w * k * h * k);
  for (let y = 0; y < h * k; y++) for (let x = 0; x < w * k; x++) out[y * w * k + x] = grey[Math.floor(y / k) * w + Math.floor(x / k)]!;
  return { width: w * k, height: h * k, grey: out };
}

function crop(pixels: Uint16Array, w: number, x0: number, y0: number, cw: number, ch: number): Uint16Array {
  const out = new Uint16Array(cw * ch);
  for (let y = 0; y < ch; y++) for (let x = 0; x < cw; x++) out[y * cw + x] = pixels[(y0 + y) * w + x0 + x]!;
  return out;
}

function main(): void {
  const args = process.argv.slice(2);
  // The series is the one argument that is neither a flag nor a flag's value.
  const spec = args.find((a, i) => !a.startsWith('--') && !(i > 0 && args[i - 1]!.startsWith('--')));
  if (!spec) throw new Error('usage: look.ts <series-id>[:slice|:all] [--out DIR] [--crop x,y,w,h]');
  const outDir = args.includes('--out') ? args[args.indexOf('--out') + 1]! : '/tmp/look';
  const cropArg = args.includes('--crop') ? args[args.indexOf('--crop') + 1]!.split(',').map(Number) : undefined;
  mkdirSync(outDir, { recursive: true });
  const [id, which] = spec.split(':') as [string, string | undefined];
  const p = planById(id);
  const started = Date.now();
  const write = (name: string, img: { width: number; height: number; grey: Uint8Array }) => {
    const path = join(outDir, `${name}.png`);
    writeFileSync(path, encodeGreyPng(img.width, img.height, img.grey));
    console.log(path);
  };
  if (p.kind === 'cr') {
    const { image } = renderCr(p);
    const { columns: w, rows: h } = p.geometry;
    write(id, windowToGrey(image.pixels, w, h, image.windowCenter, image.windowWidth, 2));
    if (cropArg) {
      const [x, y, cw, ch] = cropArg as [number, number, number, number];
      write(`${id}-crop`, windowToGrey(crop(image.pixels, w, x, y, cw, ch), cw, ch, image.windowCenter, image.windowWidth, 1));
    }
  } else if (p.kind === 'mr') {
    const n = p.geometry.sliceCount;
    const slices = which === 'all' ? [...Array(n).keys()] : [which === undefined ? Math.floor(n / 2) : Number(which)];
    const [wc, ww] = MR_WINDOW[p.sequence];
    for (const i of slices) {
      const { slice } = renderMrInstance(p, i);
      const v = windowToGrey(slice.pixels, slice.grid.columns, slice.grid.rows, wc, ww, 1);
      write(`${id}-${String(i).padStart(2, '0')}`, upscale(v.grey, v.width, v.height, 2));
      if (cropArg) {
        const [x, y, cw, ch] = cropArg as [number, number, number, number];
        const z = windowToGrey(crop(slice.pixels, slice.grid.columns, x, y, cw, ch), cw, ch, wc, ww, 1);
        write(`${id}-${String(i).padStart(2, '0')}-crop`, upscale(z.grey, cw, ch, 4));
      }
    }
  } else {
    const { scan } = renderNm(p);
    const [wc, ww] = boneScanWindow(scan.frames);
    const g = p.geometry;
    const views = scan.frames.map((f) => windowToGrey(f, g.columns, g.rows, wc, ww, 1, true));
    const w = views[0]!.width;
    const h = views[0]!.height;
    const grey = new Uint8Array(2 * w * h);
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
      grey[y * 2 * w + x] = views[0]!.grey[y * w + x]!;
      grey[y * 2 * w + w + x] = views[1]!.grey[y * w + x]!;
    }
    write(id, { width: 2 * w, height: h, grey });
  }
  console.log(`${((Date.now() - started) / 1000).toFixed(1)} s`);
}

main();
