// Radiographs as attenuation line integrals through the model from a point source: exact chords through the shapes,
// soft tissue on a coarse grid, bone and calcium at full resolution, then trabecular texture, heel effect, scatter,
// quantum noise, detector blur, logarithmic response and presentation processing (equalisation and edge enhancement).
import { Rng } from '../util/prng';
import { type Raster, makeRaster, gaussianBlur, fractalNoise, resize } from '../util/raster';
import type { Vec3 } from '../util/vec';
import { chord } from '../model/shapes';
import type { Part } from '../model/parts';
import { paintOrder } from '../model/labeler';
import { Priority } from '../model/parts';
import { TISSUES, Tissue, TISSUE_COUNT } from '../model/tissues';
import { type ProjectionGeometry, detectorPoint, projectPoint, magnificationAt, detectorNormal } from './projection';
import { fbm3 } from '../util/noise3';
import { normalize, cross } from '../util/vec';

interface Candidate {
  rank: number;
  part: number;
  shape: number;
}

/** Lengths (mm) through each tissue along one ray, resolving overlaps by priority and clipping to the body. */
class RayPainter {
  private t0 = new Float64Array(512);
  private t1 = new Float64Array(512);
  private rank = new Int32Array(512);
  private ends = new Float64Array(1024);
  private hit = new Float64Array(2);

  constructor(
    private readonly parts: Part[],
    private readonly rankOf: Int32Array,
    private readonly clipToBody: boolean,
  ) {}

  paint(src: Vec3, dir: Vec3, dirLength: number, cands: Candidate[], lengths: Float64Array): void {
    lengths.fill(0);
    let n = 0;
    for (const c of cands) {
      if (!chord(this.parts[c.part]!.shapes[c.shape]!, src, dir, this.hit)) continue;
      if (n >= 512) break;
      this.t0[n] = this.hit[0]!;
      this.t1[n] = this.hit[1]!;
      this.rank[n] = c.rank;
      n++;
    }
    if (n === 0) return;
    let m = 0;
    for (let i = 0; i < n; i++) {
      this.ends[m++] = this.t0[i]!;
      this.ends[m++] = this.t1[i]!;
    }
    const ends = this.ends.subarray(0, m).sort();
    for (let k = 0; k + 1 < m; k++) {
      const a = ends[k]!;
      const b = ends[k + 1]!;
      if (b - a < 1e-9) continue;
      const mid = (a + b) / 2;
      let best = -1;
      let inBody = !this.clipToBody;
      for (let i = 0; i < n; i++) {
        if (this.t0[i]! <= mid && mid < this.t1[i]!) {
          const r = this.rank[i]!;
          if (r > best) best = r;
          if (!inBody && this.parts[this.orderPart(r)]!.envelope) inBody = true;
        }
      }
      if (best < 0 || !inBody) continue;
      lengths[this.parts[this.orderPart(best)]!.tissue]! += (b - a) * dirLength;
    }
  }

  private orderPart(rank: number): number {
    return this.rankOf[rank]!;
  }
}

/** For each tile of tileSize pixels, the (part, shape) pairs whose projected bounding sphere overlaps it. */
function tileCandidates(parts: Part[], partIds: number[], rankOfPart: Map<number, number>, g: ProjectionGeometry, tileSize: number, stride: number, margin = 0): Candidate[][] {
  const tilesX = Math.ceil(g.columns / stride / tileSize);
  const tilesY = Math.ceil(g.rows / stride / tileSize);
  const tiles: Candidate[][] = Array.from({ length: tilesX * tilesY }, () => []);
  for (const pi of partIds) {
    parts[pi]!.shapes.forEach((s, si) => {
      const [c, r] = projectPoint(g, s.center);
      const rad = (s.bound * magnificationAt(g, s.center) * 1.08 + margin) / g.pixelSpacing + 2;
      const x0 = Math.max(0, Math.floor((c - rad) / stride / tileSize));
      const x1 = Math.min(tilesX - 1, Math.floor((c + rad) / stride / tileSize));
      const y0 = Math.max(0, Math.floor((r - rad) / stride / tileSize));
      const y1 = Math.min(tilesY - 1, Math.floor((r + rad) / stride / tileSize));
      for (let ty = y0; ty <= y1; ty++) for (let tx = x0; tx <= x1; tx++) tiles[ty * tilesX + tx]!.push({ rank: rankOfPart.get(pi)!, part: pi, shape: si });
    });
  }
  return tiles;
}

/**
 * Bends a ray by a smooth displacement defined on a plane 1000 mm from the source (in patient space, so every
 * projection of the same patient from the same source sees the same bones): outlines become gently irregular, as
 * real bone surfaces are, instead of exact ellipses and cylinders.
 */
function warpRay(src: Vec3, dir: Vec3, amplitude: number): Vec3 {
  const n = warpNormal;
  const t = 1000 / (dir[0] * n[0] + dir[1] * n[1] + dir[2] * n[2]);
  const x = src[0] + dir[0] * t;
  const y = src[1] + dir[1] * t;
  const z = src[2] + dir[2] * t;
  const a = warpA;
  const b = warpB;
  const da = amplitude * fbm3(x, y, z, 24, 101);
  const db = amplitude * fbm3(x, y, z, 24, 202);
  return [dir[0] * t + a[0] * da + b[0] * db, dir[1] * t + a[1] * da + b[1] * db, dir[2] * t + a[2] * da + b[2] * db];
}
let warpNormal: Vec3 = [0, 1, 0];
let warpA: Vec3 = [1, 0, 0];
let warpB: Vec3 = [0, 0, 1];
function setWarpPlane(g: ProjectionGeometry): void {
  warpNormal = normalize(detectorNormal(g));
  const up: Vec3 = Math.abs(warpNormal[2]) > 0.9 ? [1, 0, 0] : [0, 0, 1];
  warpA = normalize(cross(warpNormal, up));
  warpB = normalize(cross(warpA, warpNormal));
}

/** Per-tissue path lengths over the detector, sampled every `stride` pixels. */
function traceLengths(parts: Part[], partIds: number[], g: ProjectionGeometry, stride: number, clipToBody: boolean, tissues: Tissue[], warp = 0): Map<Tissue, Raster> {
  const order = paintOrder(parts).filter((i) => partIds.includes(i));
  const rankOf = Int32Array.from(order);
  const rankOfPart = new Map(order.map((p, r) => [p, r]));
  const tileSize = 32;
  const tiles = tileCandidates(parts, partIds, rankOfPart, g, tileSize, stride, warp * 3);
  const w = Math.ceil(g.columns / stride);
  const h = Math.ceil(g.rows / stride);
  const tilesX = Math.ceil(w / tileSize);
  const out = new Map<Tissue, Raster>(tissues.map((t) => [t, makeRaster(w, h)]));
  const painter = new RayPainter(parts, rankOf, clipToBody);
  const lengths = new Float64Array(TISSUE_COUNT);
  const outs = tissues.map((t) => out.get(t)!.data);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const cands = tiles[Math.floor(y / tileSize) * tilesX + Math.floor(x / tileSize)]!;
      if (cands.length === 0) continue;
      const p = detectorPoint(g, x * stride + (stride - 1) / 2, y * stride + (stride - 1) / 2);
      let dir: Vec3 = [p[0] - g.source[0], p[1] - g.source[1], p[2] - g.source[2]];
      if (warp > 0) dir = warpRay(g.source, dir, warp);
      const len = Math.hypot(dir[0], dir[1], dir[2]);
      painter.paint(g.source, dir, len, cands, lengths);
      const i = y * w + x;
      for (let k = 0; k < tissues.length; k++) outs[k]![i] = lengths[tissues[k]!]!;
    }
  }
  return out;
}

export interface RadiographOptions {
  seed: string;
  /** Incident quanta per pixel, before attenuation (sets the noise). */
  quanta: number;
  /** Scatter-to-primary scale. */
  scatter: number;
  /** Presentation: fraction of the large-area density variation removed (0..1). */
  equalise: number;
  /** Presentation: unsharp-mask gain. */
  detail: number;
  /** Presentation: centre and slope of the S-shaped tone curve (normalised log exposure). */
  toneCenter: number;
  toneSlope: number;
  /** Keep the normalised log image and body mask in the result (for tuning the presentation). */
  keep?: boolean;
}

export interface Radiograph {
  pixels: Uint16Array;
  /** Projected calcium path length per pixel (mm), for the ground truth. */
  calcium: Raster;
  bitsStored: number;
  windowCenter: number;
  windowWidth: number;
  norm?: Raster;
  body?: Raster;
}

const HARD_TISSUES: Tissue[] = [Tissue.cortical, Tissue.cancellous, Tissue.calcium, Tissue.sediment, Tissue.fluid, Tissue.cartilage, Tissue.fat];
const SOFT_TISSUES: Tissue[] = [Tissue.skin, Tissue.fat, Tissue.muscle, Tissue.edema, Tissue.fluid, Tissue.vessel, Tissue.nerve, Tissue.bowel, Tissue.urine, Tissue.organ, Tissue.cartilage];

export function renderRadiograph(parts: Part[], g: ProjectionGeometry, o: RadiographOptions): Radiograph {
  const w = g.columns;
  const h = g.rows;
  const rng = new Rng(o.seed);
  const hardIds = parts.map((p, i) => [p, i] as const).filter(([p]) => p.priority >= Priority.pelvis).map(([, i]) => i);
  const softIds = parts.map((p, i) => [p, i] as const).filter(([p]) => p.priority < Priority.pelvis).map(([, i]) => i);
  const soft = traceLengths(parts, softIds, g, 4, true, SOFT_TISSUES);
  const softMu = makeRaster(soft.get(Tissue.fat)!.width, soft.get(Tissue.fat)!.height);
  for (const t of SOFT_TISSUES) {
    const d = soft.get(t)!.data;
    for (let i = 0; i < d.length; i++) softMu.data[i]! += TISSUES[t].mu * d[i]!;
  }
  // Bones with gently irregular surfaces; the deposits traced exactly (their outlines are the ground truth).
  setWarpPlane(g);
  const boneIds = hardIds.filter((i) => parts[i]!.priority < Priority.depositWall);
  const depositIds = hardIds.filter((i) => parts[i]!.priority >= Priority.depositWall);
  const hard = traceLengths(parts, boneIds, g, 1, false, HARD_TISSUES, 1.6);
  const deposits = traceLengths(parts, depositIds, g, 1, false, HARD_TISSUES);
  for (const t of HARD_TISSUES) {
    const d = hard.get(t)!.data;
    const e = deposits.get(t)!.data;
    for (let i = 0; i < d.length; i++) d[i]! += e[i]!;
  }
  const reference = TISSUES[Tissue.muscle].mu;
  const trabNoise = fractalNoise(w, h, 1.6 / g.pixelSpacing, 3, rng, 0.55);
  // Ridged noise: thin connected lines, the look of coarse osteopenic trabeculae.
  const trabecular = { ...trabNoise, data: trabNoise.data.map((v) => 1.6 * Math.max(0, 1 - Math.abs(v) * 5) - 0.5) };
  const mottle = fractalNoise(w, h, 14, 3, rng, 0.5);
  // Calcific deposits are amorphous and cloud-like rather than crisp shells: soften the projected calcium a little and
  // give it a fine, dense-and-lucent flocculent texture.
  const cloud = fractalNoise(w, h, 2.2 / g.pixelSpacing, 3, rng, 0.6);
  const calcSoft = gaussianBlur({ width: w, height: h, data: Float32Array.from(hard.get(Tissue.calcium)!.data, (v, i) => v + 0.67 * hard.get(Tissue.sediment)!.data[i]!) }, 0.45 / g.pixelSpacing);
  const softFull = resize(softMu, w, h);
  const atten = makeRaster(w, h);
  const canc = hard.get(Tissue.cancellous)!.data;
  const calc = hard.get(Tissue.calcium)!.data;
  for (let i = 0; i < w * h; i++) {
    let a = softFull.data[i]!;
    for (const t of HARD_TISSUES) {
      if (t === Tissue.cancellous || t === Tissue.calcium || t === Tissue.sediment) continue;
      a += (TISSUES[t].mu - reference) * hard.get(t)!.data[i]!;
    }
    // Calcium (sediment counted at its lower density) with a flocculent texture.
    a += (TISSUES[Tissue.calcium].mu - reference) * calcSoft.data[i]! * Math.max(0.2, 1 + 0.16 * mottle.data[i]! + 0.38 * cloud.data[i]!);
    // Osteopenic trabecular bone: coarse, sparse trabeculae.
    const tex = trabecular.data[i]!;
    a += (TISSUES[Tissue.cancellous].mu - reference) * canc[i]! * (1 + 0.45 * tex + 0.2 * mottle.data[i]!);
    atten.data[i] = a;
  }
  // Primary transmission I/I0 = exp(-∫μ) with the anode heel effect (the cathode end, at the top, a little brighter).
  const primary = makeRaster(w, h);
  const scatterSource = makeRaster(w, h);
  for (let y = 0; y < h; y++) {
    const heel = 1.04 - 0.08 * (y / h);
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      const a = atten.data[i]!;
      const p = heel * Math.exp(-a);
      primary.data[i] = p;
      // Scatter is born where photons interact; with an antiscatter grid the scatter-to-primary ratio grows with thickness.
      scatterSource.data[i] = p * Math.min(2.5, 0.16 * a);
    }
  }
  const small = resize(scatterSource, Math.ceil(w / 8), Math.ceil(h / 8));
  const scatter = resize(gaussianBlur(small, 28 / (g.pixelSpacing * 8)), w, h);
  // Quantum (Poisson) noise on primary plus scatter.
  const measured = makeRaster(w, h);
  for (let i = 0; i < w * h; i++) {
    const signal = primary.data[i]! + o.scatter * scatter.data[i]!;
    const n = o.quanta * signal;
    measured.data[i] = Math.max(0.5, n + Math.sqrt(n) * rng.gauss()) / o.quanta;
  }
  // Focal spot and detector (phosphor) unsharpness.
  const detector = gaussianBlur(measured, 0.16 / g.pixelSpacing + 0.35);
  // Logarithmic response; higher values where more is absorbed (MONOCHROME2: bone white).
  const logImg = makeRaster(w, h);
  const body = makeRaster(w, h);
  const bodyValues: number[] = [];
  for (let i = 0; i < w * h; i++) {
    const v = -Math.log(Math.max(1e-6, detector.data[i]!));
    logImg.data[i] = v;
    if (v > 0.45) {
      body.data[i] = 1;
      if (i % 5 === 0) bodyValues.push(v);
    }
  }
  bodyValues.sort((p, q) => p - q);
  const q = (f: number) => bodyValues[Math.min(bodyValues.length - 1, Math.floor(f * bodyValues.length))]!;
  const lo = q(0.004);
  const hi = q(0.9985);
  const norm = makeRaster(w, h);
  for (let i = 0; i < w * h; i++) norm.data[i] = (logImg.data[i]! - lo) / (hi - lo);
  const pixels = presentRadiograph(norm, body, g, o);
  const bits = 12;
  const calcium: Raster = { width: w, height: h, data: Float32Array.from(calc, (v, i) => v + hard.get(Tissue.sediment)!.data[i]!) };
  return { pixels, calcium, bitsStored: bits, windowCenter: 2048, windowWidth: 4096, ...(o.keep ? { norm, body } : {}) };
}

/** Total path length (mm) through the given parts, every `stride` detector pixels (for ground-truth masks). */
export function projectedLength(parts: Part[], partIds: number[], g: ProjectionGeometry, stride: number): Raster {
  const tissues = [...new Set(partIds.map((i) => parts[i]!.tissue))];
  const byTissue = traceLengths(parts, partIds, g, stride, false, tissues);
  const first = byTissue.get(tissues[0]!)!;
  const out = makeRaster(first.width, first.height);
  for (const r of byTissue.values()) for (let i = 0; i < out.data.length; i++) out.data[i]! += r.data[i]!;
  return out;
}

/** For-presentation processing of the normalised log image (0 = least, 1 = most attenuating body pixel) to 12 bits. */
export function presentRadiograph(norm: Raster, body: Raster, g: ProjectionGeometry, o: RadiographOptions): Uint16Array {
  const w = g.columns;
  const h = g.rows;
  const bits = 12;
  // For-presentation processing as a CR reader does it: large-area equalisation inside the body (normalised convolution,
  // so the skin line keeps no halo), mild unsharp masking for detail, then an S-shaped tone curve. Air stays black.
  const sig = 22 / g.pixelSpacing;
  const num = gaussianBlur({ width: w, height: h, data: Float32Array.from(norm.data, (v, i) => v * body.data[i]!) }, sig);
  const den = gaussianBlur(body, sig);
  const fine = gaussianBlur(norm, 1.2 / g.pixelSpacing);
  const pixels = new Uint16Array(w * h);
  const maxV = (1 << bits) - 1;
  const tone = (v: number) => 1 / (1 + Math.exp(-(v - o.toneCenter) / o.toneSlope));
  const t0 = tone(-0.25);
  const t1 = tone(1.1);
  for (let i = 0; i < w * h; i++) {
    const v = norm.data[i]!;
    const low = den.data[i]! > 0.02 ? num.data[i]! / den.data[i]! : v;
    const eq = v - o.equalise * (low - 0.5) * den.data[i]! + o.detail * (v - fine.data[i]!);
    const y = (tone(eq) - t0) / (t1 - t0);
    pixels[i] = Math.max(0, Math.min(maxV, Math.round(y * maxV)));
  }
  return pixels;
}
