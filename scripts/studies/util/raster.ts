// Float image helpers shared by the modalities: blurs, smooth random fields, resampling, statistics.
import type { Rng } from './prng';

/** A single-channel float image, row-major. */
export interface Raster {
  width: number;
  height: number;
  data: Float32Array;
}

export const makeRaster = (width: number, height: number, fill = 0): Raster => {
  const data = new Float32Array(width * height);
  if (fill !== 0) data.fill(fill);
  return { width, height, data };
};

/** One box-filter pass of radius r along rows (horizontal) or columns, edge-clamped. */
function boxPass(src: Float32Array, dst: Float32Array, w: number, h: number, r: number, horizontal: boolean): void {
  const n = horizontal ? w : h;
  const lines = horizontal ? h : w;
  const stride = horizontal ? 1 : w;
  const inv = 1 / (2 * r + 1);
  for (let line = 0; line < lines; line++) {
    const base = horizontal ? line * w : line;
    let acc = 0;
    for (let k = -r; k <= r; k++) acc += src[base + Math.min(n - 1, Math.max(0, k)) * stride]!;
    for (let i = 0; i < n; i++) {
      dst[base + i * stride] = acc * inv;
      const add = Math.min(n - 1, i + r + 1);
      const rem = Math.max(0, i - r);
      acc += src[base + add * stride]! - src[base + rem * stride]!;
    }
  }
}

/** Approximate Gaussian blur (three box passes per axis) with standard deviation sigma in pixels. */
export function gaussianBlur(img: Raster, sigma: number): Raster {
  if (sigma < 0.3) return { ...img, data: img.data.slice() };
  const { width: w, height: h } = img;
  // Box radius giving the requested variance over three passes.
  const r = Math.max(1, Math.round((Math.sqrt(4 * sigma * sigma + 1) - 1) / 2));
  let a = img.data.slice();
  let b = new Float32Array(a.length);
  for (let pass = 0; pass < 3; pass++) {
    boxPass(a, b, w, h, r, true);
    [a, b] = [b, a];
    boxPass(a, b, w, h, r, false);
    [a, b] = [b, a];
  }
  return { width: w, height: h, data: a };
}

/** Smooth random field in [-1, 1]-ish: value noise on a lattice with the given cell size (pixels), summed over octaves. */
export function fractalNoise(w: number, h: number, cell: number, octaves: number, rng: Rng, persistence = 0.5): Raster {
  const out = makeRaster(w, h);
  let amp = 1;
  let total = 0;
  let size = cell;
  for (let o = 0; o < octaves; o++) {
    const gw = Math.ceil(w / size) + 2;
    const gh = Math.ceil(h / size) + 2;
    const lattice = new Float32Array(gw * gh);
    for (let i = 0; i < lattice.length; i++) lattice[i] = rng.next() * 2 - 1;
    for (let y = 0; y < h; y++) {
      const gy = y / size;
      const iy = Math.floor(gy);
      let fy = gy - iy;
      fy = fy * fy * (3 - 2 * fy);
      for (let x = 0; x < w; x++) {
        const gx = x / size;
        const ix = Math.floor(gx);
        let fx = gx - ix;
        fx = fx * fx * (3 - 2 * fx);
        const i00 = lattice[iy * gw + ix]!;
        const i10 = lattice[iy * gw + ix + 1]!;
        const i01 = lattice[(iy + 1) * gw + ix]!;
        const i11 = lattice[(iy + 1) * gw + ix + 1]!;
        const v = (i00 * (1 - fx) + i10 * fx) * (1 - fy) + (i01 * (1 - fx) + i11 * fx) * fy;
        out.data[y * w + x]! += v * amp;
      }
    }
    total += amp;
    amp *= persistence;
    size = Math.max(1, size / 2);
  }
  for (let i = 0; i < out.data.length; i++) out.data[i]! /= total;
  return out;
}

/** Bilinear sample with edge clamping. */
export function sampleBilinear(img: Raster, x: number, y: number): number {
  const { width: w, height: h, data } = img;
  const cx = Math.min(w - 1.000001, Math.max(0, x));
  const cy = Math.min(h - 1.000001, Math.max(0, y));
  const ix = Math.floor(cx);
  const iy = Math.floor(cy);
  const fx = cx - ix;
  const fy = cy - iy;
  const i = iy * w + ix;
  const x1 = ix + 1 < w ? 1 : 0;
  const y1 = iy + 1 < h ? w : 0;
  return (data[i]! * (1 - fx) + data[i + x1]! * fx) * (1 - fy) + (data[i + y1]! * (1 - fx) + data[i + y1 + x1]! * fx) * fy;
}

/** Resamples to a new size (bilinear, pixel centres aligned). */
export function resize(img: Raster, w: number, h: number): Raster {
  const out = makeRaster(w, h);
  const sx = img.width / w;
  const sy = img.height / h;
  for (let y = 0; y < h; y++) {
    const srcY = (y + 0.5) * sy - 0.5;
    for (let x = 0; x < w; x++) out.data[y * w + x] = sampleBilinear(img, (x + 0.5) * sx - 0.5, srcY);
  }
  return out;
}

/** The value below which a fraction q of the samples lie (on a strided subsample for speed). */
export function quantile(data: Float32Array, q: number, stride = 7): number {
  const sample: number[] = [];
  for (let i = 0; i < data.length; i += stride) sample.push(data[i]!);
  sample.sort((a, b) => a - b);
  return sample[Math.min(sample.length - 1, Math.max(0, Math.floor(q * sample.length)))]!;
}

/** Rounds and clamps float values into unsigned integers of the given bit depth. */
export function toUint16(img: Raster, bits: number): Uint16Array {
  const max = (1 << bits) - 1;
  const out = new Uint16Array(img.data.length);
  for (let i = 0; i < out.length; i++) out[i] = Math.min(max, Math.max(0, Math.round(img.data[i]!)));
  return out;
}
