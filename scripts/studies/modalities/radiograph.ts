// Radiographs as attenuation line integrals through the model from a point source: exact chords through the shapes,
// soft tissue on a coarse grid, bone and calcium at full resolution, then trabecular texture, heel effect, scatter,
// quantum noise, detector blur, logarithmic response and presentation processing (equalisation and edge enhancement).
import { Rng } from '../util/prng';
import { type Raster, makeRaster, gaussianBlur, fractalNoise, resize } from '../util/raster';
import type { Vec3 } from '../util/vec';
import { chord, softChord } from '../model/shapes';
import type { Part } from '../model/parts';
import { paintOrder } from '../model/labeler';
import { Priority, isDeposit } from '../model/parts';
import { TISSUES, Tissue, TISSUE_COUNT } from '../model/tissues';
import { type ProjectionGeometry, detectorPoint, projectPoint, magnificationAt, detectorNormal } from './projection';
import { fbm3, noise3, cells3, type Cells } from '../util/noise3';
import { Landmarks, rightFemurPoint } from '../model/anatomy';
import { normalize, cross } from '../util/vec';

interface Candidate {
  rank: number;
  part: number;
  shape: number;
}

/** Lengths (mm) through each tissue along one ray, resolving overlaps by priority and clipping to the body. */
class RayPainter {
  private static readonly MAX_HITS = 2048;
  private t0 = new Float64Array(RayPainter.MAX_HITS);
  private t1 = new Float64Array(RayPainter.MAX_HITS);
  private rank = new Int32Array(RayPainter.MAX_HITS);
  private ends = new Float64Array(2 * RayPainter.MAX_HITS);
  private hit = new Float64Array(2);

  constructor(
    private readonly parts: Part[],
    private readonly rankOf: Int32Array,
    private readonly clipToBody: boolean,
  ) {}

  paint(src: Vec3, dir: Vec3, dirLength: number, cands: Candidate[], lengths: Float64Array): void {
    lengths.fill(0);
    let n = 0;
    // Cheap rejection first: the ray must pass within the shape's bounding sphere.
    const ux = dir[0] / dirLength;
    const uy = dir[1] / dirLength;
    const uz = dir[2] / dirLength;
    for (const c of cands) {
      const s = this.parts[c.part]!.shapes[c.shape]!;
      const ox = s.center[0] - src[0];
      const oy = s.center[1] - src[1];
      const oz = s.center[2] - src[2];
      const along = ox * ux + oy * uy + oz * uz;
      if (ox * ox + oy * oy + oz * oz - along * along > s.bound * s.bound) continue;
      if (!chord(s, src, dir, this.hit)) continue;
      if (n >= RayPainter.MAX_HITS) break;
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
function warpRay(src: Vec3, dir: Vec3, amplitude: number, fine = false): Vec3 {
  const n = warpNormal;
  const t = 1000 / (dir[0] * n[0] + dir[1] * n[1] + dir[2] * n[2]);
  const x = src[0] + dir[0] * t;
  const y = src[1] + dir[1] * t;
  const z = src[2] + dir[2] * t;
  const a = warpA;
  const b = warpB;
  // Three scales: broad swellings that keep no bone an exact ellipse or tube, gentle bulges of the outline, and a finer,
  // much smaller irregularity of the surface.
  // (Fine: the knobbly, cauliflower-like surface of a calcific mass, a bulge every few millimetres.)
  const da = amplitude * (fine ? fbm3(x, y, z, 6, 707) + 0.45 * noise3(x, y, z, 2.6, 709) : 0.9 * noise3(x, y, z, 55, 505) + fbm3(x, y, z, 24, 101) + 0.16 * noise3(x, y, z, 10, 303));
  const db = amplitude * (fine ? fbm3(x, y, z, 6, 808) + 0.45 * noise3(x, y, z, 2.6, 809) : 0.9 * noise3(x, y, z, 55, 606) + fbm3(x, y, z, 24, 202) + 0.16 * noise3(x, y, z, 10, 404));
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
function traceLengths(parts: Part[], partIds: number[], g: ProjectionGeometry, stride: number, clipToBody: boolean, tissues: Tissue[], warp = 0, fine = false): Map<Tissue, Raster> {
  const order = paintOrder(parts).filter((i) => partIds.includes(i));
  const rankOf = Int32Array.from(order);
  const rankOfPart = new Map(order.map((p, r) => [p, r]));
  const tileSize = 32;
  const tiles = tileCandidates(parts, partIds, rankOfPart, g, tileSize, stride, warp * 2.6);
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
      if (warp > 0) dir = warpRay(g.source, dir, warp, fine);
      const len = Math.hypot(dir[0], dir[1], dir[2]);
      painter.paint(g.source, dir, len, cands, lengths);
      const i = y * w + x;
      for (let k = 0; k < tissues.length; k++) outs[k]![i] = lengths[tissues[k]!]!;
    }
  }
  return out;
}

/** How far (mm) the deposits' outlines are bent on films. */
const DEPOSIT_WARP = 1.1;

/** The key under which traceBlends returns the bone taken away by subtracting parts (Part.subtract). */
const SUBTRACTED = -1 as Tissue;

/**
 * Path lengths of the blending parts (Part.blend) per tissue (the subtracting ones under SUBTRACTED), full resolution, along the same warped rays as the bones:
 * each part's thickest centrally weighted chord, summed over the parts.
 */
function traceBlends(parts: Part[], partIds: number[], g: ProjectionGeometry, warp: number): Map<Tissue, Float32Array> {
  const out = new Map<Tissue, Float32Array>();
  if (partIds.length === 0) return out;
  const rankOfPart = new Map(partIds.map((p, r) => [p, r]));
  const tileSize = 32;
  const tiles = tileCandidates(parts, partIds, rankOfPart, g, tileSize, 1, warp * 2.6);
  const tilesX = Math.ceil(g.columns / tileSize);
  const hit = new Float64Array(2);
  const key = (pi: number) => (parts[pi]!.subtract ? SUBTRACTED : parts[pi]!.tissue);
  for (const pi of partIds) if (!out.has(key(pi))) out.set(key(pi), new Float32Array(g.columns * g.rows));
  for (let y = 0; y < g.rows; y++) {
    for (let x = 0; x < g.columns; x++) {
      const cands = tiles[Math.floor(y / tileSize) * tilesX + Math.floor(x / tileSize)]!;
      if (cands.length === 0) continue;
      const p = detectorPoint(g, x, y);
      let dir: Vec3 = [p[0] - g.source[0], p[1] - g.source[1], p[2] - g.source[2]];
      if (warp > 0) dir = warpRay(g.source, dir, warp);
      const len = Math.hypot(dir[0], dir[1], dir[2]);
      // Within a part the shapes overlap (a rod's pieces), so a part adds its thickest chord; parts add up.
      let part = -1;
      let best = 0;
      const flush = () => {
        if (best > 0) out.get(key(part))![y * g.columns + x]! += best * len;
      };
      for (const c of cands) {
        if (c.part !== part) {
          flush();
          part = c.part;
          best = 0;
        }
        const sh = parts[c.part]!.shapes[c.shape]!;
        const ox = sh.center[0] - g.source[0];
        const oy = sh.center[1] - g.source[1];
        const oz = sh.center[2] - g.source[2];
        const along = (ox * dir[0] + oy * dir[1] + oz * dir[2]) / len;
        if (ox * ox + oy * oy + oz * oz - along * along > sh.bound * sh.bound) continue;
        const l = softChord(sh, g.source, dir, hit);
        if (l > best) best = l;
      }
      flush();
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
  /**
   * Presentation: lift of the thinnest body parts (0..1 of full scale, at zero density), falling off steeply with
   * density, so soft tissue down to the skin line stays grey against black air while bone and calcium keep their tones.
   */
  toeLift?: number;
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
  const hardIds = parts.map((p, i) => [p, i] as const).filter(([p]) => p.priority >= Priority.pelvis && !p.sectionOnly).map(([, i]) => i);
  // (Overlays such as edema have the density of the muscle they lie in: the film sees the muscle.)
  const softIds = parts.map((p, i) => [p, i] as const).filter(([p]) => p.priority < Priority.pelvis && !p.overlay).map(([, i]) => i);
  const soft = traceLengths(parts, softIds, g, 4, true, SOFT_TISSUES);
  // Soft tissue as fat-equivalent path plus the excess of denser soft tissues over fat. The excess is blurred a little
  // (2.5 mm): fascial planes between muscles show on a film as soft grey shadings, not as the crisp outlines of the
  // model's shapes, while the body's outline (skin against air) stays sharp.
  const sw = soft.get(Tissue.fat)!.width;
  const sh = soft.get(Tissue.fat)!.height;
  const softMu = makeRaster(sw, sh);
  const excess = makeRaster(sw, sh);
  const muFat = TISSUES[Tissue.fat].mu;
  for (const t of SOFT_TISSUES) {
    const d = soft.get(t)!.data;
    for (let i = 0; i < d.length; i++) {
      softMu.data[i]! += muFat * d[i]!;
      excess.data[i]! += (TISSUES[t].mu - muFat) * d[i]!;
    }
  }
  const excessSoft = gaussianBlur(excess, 2.5 / (4 * g.pixelSpacing));
  for (let i = 0; i < softMu.data.length; i++) softMu.data[i]! += excessSoft.data[i]!;
  // Bowel gas is not a clean hole in the soft tissue: it is mixed with stool and broken by folds, so a film shows it as a
  // mottled lucency with soft, irregular margins. The gas's path is blurred a little and only part of it, varying in
  // small bubbles, is left empty; the rest counts as bowel content.
  // (Traced on its own: the soft tissues' trace leaves the gas as an empty path, which is given back here.)
  const gasIds = softIds.filter((i) => parts[i]!.bowelGas);
  const gas = gasIds.length > 0 ? traceLengths(parts, gasIds, g, 4, false, [Tissue.air]).get(Tissue.air)! : makeRaster(sw, sh);
  const gasSoft = gaussianBlur(gas, 1.6 / (4 * g.pixelSpacing));
  const bubbles = fractalNoise(sw, sh, 3.2 / (4 * g.pixelSpacing), 3, rng, 0.55);
  const muBowel = TISSUES[Tissue.bowel].mu;
  for (let i = 0; i < softMu.data.length; i++) {
    const l = gasSoft.data[i]!;
    if (l <= 0 && gas.data[i]! <= 0) continue;
    const empty = Math.max(0.15, Math.min(1, 0.62 + 0.75 * bubbles.data[i]!));
    // The sharp path comes back as content, the blurred and mottled one is taken away again.
    softMu.data[i]! += muBowel * (gas.data[i]! - empty * l);
  }
  // Bones with gently irregular surfaces.
  setWarpPlane(g);
  const boneIds = hardIds.filter((i) => !isDeposit(parts[i]!) && !parts[i]!.blend);
  const blendIds = hardIds.filter((i) => parts[i]!.blend);
  const depositIds = hardIds.filter((i) => isDeposit(parts[i]!));
  const hard = traceLengths(parts, boneIds, g, 1, false, HARD_TISSUES, 1.6);
  const blended = traceBlends(parts, blendIds, g, 1.6);
  for (const t of HARD_TISSUES) {
    const d = hard.get(t)!.data;
    const e = blended.get(t);
    if (e) for (let i = 0; i < d.length; i++) d[i]! += e[i]!;
  }
  // Lucencies through bone: cancellous bone goes first, then the cortex (never below none).
  const taken = blended.get(SUBTRACTED);
  if (taken) {
    const canc = hard.get(Tissue.cancellous)!.data;
    const cort = hard.get(Tissue.cortical)!.data;
    for (let i = 0; i < canc.length; i++) {
      const t = taken[i]!;
      if (t <= 0) continue;
      const fromCanc = Math.min(canc[i]!, t);
      canc[i]! -= fromCanc;
      cort[i] = Math.max(0, cort[i]! - 0.5 * (t - fromCanc));
    }
  }
  // The calcified matrix binding the lobules is traced in a channel of its own (a tissue no hard part uses), so that it
  // can be shown less dense than the chalky lobules it binds: dense lobules with paler septa, the chicken-wire pattern.
  // So are the walls of the cystic lobules (a channel of their own too): a lobule is a dense chalky core in a paler
  // rim, and where lobules touch, their shared walls are paler septa between dense cores.
  const MATRIX = Tissue.kidney;
  const WALL = Tissue.lung;
  const depositParts = parts.map((p) => {
    if (p.cluster === undefined) return p;
    if (p.tissue === Tissue.sediment && p.priority < Priority.depositWall) return { ...p, tissue: MATRIX };
    if (p.cystWall) return { ...p, tissue: WALL };
    return p;
  });
  // Their surfaces are knobbly rather than smooth ellipsoids (the calcium raster, and with it the ground truth, is traced
  // along the same bent rays).
  const deposits = traceLengths(depositParts, depositIds, g, 1, false, [...HARD_TISSUES, MATRIX, WALL], DEPOSIT_WARP, true);
  for (const t of HARD_TISSUES) {
    const d = hard.get(t)!.data;
    const e = deposits.get(t)!.data;
    for (let i = 0; i < d.length; i++) d[i]! += e[i]!;
  }
  const matrix = deposits.get(MATRIX)!.data;
  const walls = deposits.get(WALL)!.data;
  const reference = TISSUES[Tissue.muscle].mu;
  const trabecular = trabecularTexture(g, hard.get(Tissue.cancellous)!, rng);
  const mottle = fractalNoise(w, h, 14, 3, rng, 0.5);
  // Cortical thickness and density vary along a bone: the shell lines are not of uniform brightness.
  const cortVary = fractalNoise(w, h, 9 / g.pixelSpacing, 2, rng, 0.5);
  // Calcific deposits are amorphous and cloud-like rather than crisp shells: soften the projected calcium a little and
  // give it a fine, dense-and-lucent flocculent texture.
  const cloud = fractalNoise(w, h, 4.5 / g.pixelSpacing, 3, rng, 0.6);
  // Calcium-equivalent path: solid nodules in full, the chalky milk and sediment nearly so, the cyst walls and the
  // matrix at about half.
  const sed = hard.get(Tissue.sediment)!.data;
  const calcSoft = gaussianBlur({ width: w, height: h, data: Float32Array.from(hard.get(Tissue.calcium)!.data, (v, i) => v + 0.95 * sed[i]! + 0.45 * walls[i]! + 0.5 * matrix[i]!) }, 0.5 / g.pixelSpacing);
  const softFull = resize(softMu, w, h);
  const atten = makeRaster(w, h);
  const canc = hard.get(Tissue.cancellous)!.data;
  const calc = hard.get(Tissue.calcium)!.data;
  // The cortex's inner surface is not a clean wall but trabeculated, passing into the cancellous bone over a fraction
  // of a millimetre, so a cortical outline on the film is a soft-shouldered line rather than a glassy hairline.
  const cort = gaussianBlur({ width: w, height: h, data: hard.get(Tissue.cortical)!.data }, 0.22 / g.pixelSpacing).data;
  for (let i = 0; i < w * h; i++) {
    let a = softFull.data[i]!;
    for (const t of HARD_TISSUES) {
      if (t === Tissue.cancellous || t === Tissue.calcium || t === Tissue.sediment || t === Tissue.cortical) continue;
      a += (TISSUES[t].mu - reference) * hard.get(t)!.data[i]!;
    }
    a += (TISSUES[Tissue.cortical].mu - reference) * cort[i]! * (1 + 0.26 * cortVary.data[i]!);
    // Calcium (sediment counted at its lower density) with a flocculent texture.
    a += (TISSUES[Tissue.calcium].mu - reference) * calcSoft.data[i]! * Math.max(0.2, 1 + 0.1 * mottle.data[i]! + 0.13 * cloud.data[i]!);
    // Osteopenic cancellous bone: a fine, low-contrast trabecular mesh. A ray crosses many struts, so the mesh's
    // contrast grows as the square root of the path through it rather than with the path: thin bone (the rami, the
    // transverse processes) shows its texture nearly as plainly as the femoral head does.
    const c = canc[i]!;
    a += (TISSUES[Tissue.cancellous].mu - reference) * (c * (1 + 0.1 * mottle.data[i]!) + trabecular[i]! * Math.sqrt(c * TRABECULAR_DEPTH));
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
  const calcium: Raster = { width: w, height: h, data: Float32Array.from(calc, (v, i) => v + sed[i]! + walls[i]! + matrix[i]!) };
  return { pixels, calcium, bitsStored: bits, windowCenter: 2048, windowWidth: 4096, ...(o.keep ? { norm, body } : {}) };
}

/** Path (mm) through cancellous bone at which the trabecular texture has the relative contrast trabecularTexture gives. */
const TRABECULAR_DEPTH = 30;

/** Scratch for cells3's answer, reused pixel to pixel. */
const netCells: Cells = { f1: 0, f2: 0, id: 0, y: 0 };

/**
 * Relative density variation of cancellous bone (about ±0.2): a fine isotropic mesh everywhere, and in the femoral
 * necks and heads the two systems of stress trabeculae (compressive, a fan from the calcar up into the head's dome;
 * tensile, arcs from below the greater trochanter over the neck into the lower head), as thin ridges of noise
 * stretched along each system's lines.
 */
function trabecularTexture(g: ProjectionGeometry, canc: Raster, rng: Rng): Float32Array {
  const { width: w, height: h } = canc;
  const ps = g.pixelSpacing;
  const seed = Math.floor(rng.next() * 1e6);
  const H = Landmarks.femoralHead;
  const neck = normalize([0.74, 0.17, -0.62]);
  // The two systems of stress trabeculae, seen on the film (points in the left femur, mapped for the right):
  // - compressive: a fan of thick lines spreading up from the calcar (the dense medial cortex where the neck meets the
  //   shaft) into the weight-bearing dome of the head;
  // - tensile: thinner arcs, convex upward, from the lateral cortex below the greater trochanter over the top of the
  //   neck into the lower head (the arcs of circles about a point below the neck).
  // Between them, in the lower middle of the neck, Ward's triangle: neither system runs there and even the fine mesh
  // is sparse, so it is a lucent patch.
  const necks: { c: [number, number]; r: number; fan: [number, number]; dome: [number, number]; arcs: [number, number]; arcTop: [number, number]; ward: [number, number]; wardR: number }[] = [];
  for (const side of [1, -1]) {
    const at = (p: Vec3): Vec3 => (side === 1 ? p : rightFemurPoint(p));
    const left: Vec3 = [H[0] + neck[0] * 16, H[1] + neck[1] * 16, H[2] + neck[2] * 16];
    const centre = at(left);
    const c = projectPoint(g, centre);
    const tip = at([H[0] + neck[0] * 60, H[1] + neck[1] * 60, H[2] + neck[2] * 60]);
    const t = projectPoint(g, tip);
    // A neck seen end-on (lateral view) shows no system of lines.
    const foreshorten = Math.min(1, Math.hypot(t[0] - c[0], t[1] - c[1]) * ps / (44 * magnificationAt(g, centre)));
    if (foreshorten < 0.5) continue;
    necks.push({
      c,
      r: (40 * magnificationAt(g, centre)) / ps,
      fan: projectPoint(g, at([110, 6, -52])),
      dome: projectPoint(g, at([H[0] + 4, H[1], H[2] + 20])),
      arcs: projectPoint(g, at([104, 6, -78])),
      arcTop: projectPoint(g, at([H[0] + 30, H[1] + 4, H[2] - 6])),
      // Ward's triangle: in the lower middle of the neck, toward its base, where the fan, the arcs and the secondary
      // compressive bundle from the calcar part and leave a lucent gap about a centimetre across.
      ward: projectPoint(g, at([101, 4, -18])),
      wardR: (8 * magnificationAt(g, centre)) / ps,
    });
  }
  const out = new Float32Array(w * h);
  const ridge = (v: number) => Math.max(0, 1 - Math.abs(v) * 4);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      if (canc.data[i]! <= 0) continue;
      const X = x * ps;
      const Y = y * ps;
      // A fine irregular net of struts and plates (the walls between the marrow spaces, about 1.3 mm apart, seen
      // through one another: two nets of different size and a slowly varying strength), with a little granularity.
      const a = cells3(X, Y, 0.37, 1.3, seed + 3, 1, netCells);
      const netA = Math.max(0, 1 - (a.f2 - a.f1) / 0.45);
      const b = cells3(X + 0.61, Y - 0.23, 0.71, 2.1, seed + 4, 1, netCells);
      const netB = Math.max(0, 1 - (b.f2 - b.f1) / 0.45);
      const strength = 0.75 + 0.35 * noise3(X, Y, 0, 7, seed + 5);
      const fine = 0.6 * noise3(X, Y, 0, 0.9, seed) + 0.4 * noise3(X, Y, 0, 0.45, seed + 1);
      let v = strength * (0.33 * (netA - 0.3) + 0.19 * (netB - 0.3)) + 0.07 * fine;
      for (const n of necks) {
        const dx = x - n.c[0];
        const dy = y - n.c[1];
        const wgt = Math.exp(-(dx * dx + dy * dy) / (n.r * n.r));
        if (wgt < 0.03) continue;
        // Each system is noise varying slowly along its lines and fast across them, in polar coordinates about its own
        // point: angle across the fan's rays, radius across the arcs.
        const polar = (o: [number, number], toward: [number, number]) => {
          const ox = (x - o[0]) * ps;
          const oy = (y - o[1]) * ps;
          const tx = (toward[0] - o[0]) * ps;
          const ty = (toward[1] - o[1]) * ps;
          const rho = Math.hypot(ox, oy);
          const reach = Math.hypot(tx, ty);
          // Angle from the direction toward the system's far end.
          const angle = Math.atan2(ox * ty - oy * tx, ox * tx + oy * ty);
          return { rho, reach, angle };
        };
        const fan = polar(n.fan, n.dome);
        // (Coarse bundles, about 2.5 mm apart where they enter the head, each of a few fused plates; the fan opens over
        // about ±35°.)
        const fanLines = ridge(noise3(fan.rho / 9, fan.angle * 26, 0, 0.75, seed + 11)) - 0.3;
        const fanGate = Math.max(0, 1 - (fan.angle / 0.62) ** 2) * Math.max(0, Math.min(1, fan.rho / 8, (fan.reach * 1.18 - fan.rho) / 8));
        const arc = polar(n.arcs, n.arcTop);
        const arcLines = ridge(noise3(arc.angle * 60 / 9, arc.rho, 0, 0.75, seed + 12)) - 0.3;
        // (The arcs span from below the greater trochanter, over the neck, to the lower head: about ±60° from their top;
        // they fill a band from the superior neck down to about 1.5 cm below it.)
        const arcGate = Math.max(0, 1 - (arc.angle / 1.05) ** 2) * Math.max(0, Math.min(1, (arc.rho - (arc.reach - 22)) / 6, (arc.reach + 4 - arc.rho) / 4));
        // Inside Ward's triangle neither system runs and the fine net itself is sparse.
        const wx = x - n.ward[0];
        const wy = y - n.ward[1];
        const ward = Math.exp(-(wx * wx + wy * wy) / (n.wardR * n.wardR));
        v = v * (1 - 0.75 * ward) + wgt * (1 - ward) * (0.4 * fanGate * fanLines + 0.2 * arcGate * arcLines) - 0.3 * ward;
      }
      out[i] = v;
    }
  }
  return out;
}

/**
 * Total path length (mm) through the given deposit parts, every `stride` detector pixels, along the same bent rays as
 * the film traces the deposits on (for ground-truth masks).
 */
export function projectedLength(parts: Part[], partIds: number[], g: ProjectionGeometry, stride: number): Raster {
  const tissues = [...new Set(partIds.map((i) => parts[i]!.tissue))];
  setWarpPlane(g);
  const byTissue = traceLengths(parts, partIds, g, stride, false, tissues, DEPOSIT_WARP, true);
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
  // (The lift follows the body mask softened over about half a millimetre, so the skin line is a clean edge.)
  const toe = o.toeLift ?? 0;
  const skin = toe > 0 ? gaussianBlur(body, 0.5 / g.pixelSpacing) : body;
  for (let i = 0; i < w * h; i++) {
    const v = norm.data[i]!;
    const low = den.data[i]! > 0.02 ? num.data[i]! / den.data[i]! : v;
    const eq = v - o.equalise * (low - 0.5) * den.data[i]! + o.detail * (v - fine.data[i]!);
    let y = (tone(eq) - t0) / (t1 - t0);
    if (toe > 0) y += toe * skin.data[i]! * (1 - Math.min(1, Math.max(0, y))) ** 4;
    pixels[i] = Math.max(0, Math.min(maxV, Math.round(y * maxV)));
  }
  return pixels;
}
