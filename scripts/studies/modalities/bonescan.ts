// Tc-99m MDP whole-body scintigraphy: tracer uptake per voxel projected anteriorly and posteriorly with soft-tissue
// attenuation, parallel-hole collimator blur and Poisson counting noise.
import { Rng } from '../util/prng';
import type { Vec3 } from '../util/vec';
import { type Raster, makeRaster, gaussianBlur, sampleBilinear } from '../util/raster';
import { fbm3, noise3 } from '../util/noise3';
import type { Part } from '../model/parts';
import { labelPlane, paintOrder, AIR } from '../model/labeler';
import { TISSUES, Tissue } from '../model/tissues';

export interface BoneScanGeometry {
  columns: number;
  rows: number;
  pixelSpacing: number;
  /** Patient x at the centre of the image and z of the top row. */
  centerX: number;
  topZ: number;
}

/** A smooth local gain on bone uptake: uptake × (1 + gain · exp(-½ Σ (d/sigma)²)). Joints and other normal hot sites. */
export interface UptakeHotSpot {
  center: Vec3;
  sigma: Vec3;
  gain: number;
}

export interface BoneScanOptions {
  hotSpots?: UptakeHotSpot[];
}

const VOXEL = 2.5;
const X0 = -280;
const NX = 225;
const Y0 = -150;
const NY = 121;
const Z0 = -1000;
const NZ = 801;
const MU = 0.0145; // Tc-99m in soft tissue, per mm
/** Attenuation relative to soft tissue: aerated lung and sinuses let more photons through, bone fewer. */
const MU_FACTOR: Partial<Record<Tissue, number>> = {
  [Tissue.air]: 0, [Tissue.lung]: 0.3, [Tissue.fat]: 0.92, [Tissue.cortical]: 1.7, [Tissue.cancellous]: 1.15, [Tissue.calcium]: 1.8, [Tissue.sediment]: 1.5,
};
/**
 * Fraction of a deposit's uptake shown spread out over a broad blush instead of at the deposit itself: the inflamed,
 * hyperaemic tissue round and between the lobules takes up tracer too, so the lesion reads as confluent patchy uptake.
 */
const DEPOSIT_BLUSH = 0.65;
const BLUSH_SIGMA = 17; // mm
/** Calcinosis is avid for MDP: its uptake per millimetre on the bone scan relative to the model's deposit uptake. */
const DEPOSIT_GAIN = 1.9;

const isBone = (p: Part) => !p.cluster && (p.tissue === Tissue.cortical || p.tissue === Tissue.cancellous);

interface Projections {
  anterior: Raster;
  posterior: Raster;
  diseaseAnterior: Raster;
  diseasePosterior: Raster;
}

/**
 * Anterior and posterior projections (counts before noise) on the voxel grid, [x][z] rasters with x from patient right
 * to left: of everything, and of the disease's excess over the muscle it replaces (for the ground truth). Bone uptake is
 * shaped by the hot spots and a faint texture; deposit uptake is patchy, as calcinosis takes up MDP unevenly.
 */
function projectVolume(parts: Part[], hotSpots: UptakeHotSpot[]): Projections {
  const order = paintOrder(parts);
  const out: Projections = { anterior: makeRaster(NX, NZ), posterior: makeRaster(NX, NZ), diseaseAnterior: makeRaster(NX, NZ), diseasePosterior: makeRaster(NX, NZ) };
  const uptake = parts.map(defaultUptake);
  const kind = parts.map((p) => (p.cluster ? 2 : isBone(p) ? 1 : 0));
  parts.forEach((p, i) => {
    if (p.cluster) uptake[i] = uptake[i]! * DEPOSIT_GAIN;
  });
  const muStep = parts.map((p) => MU * VOXEL * (MU_FACTOR[p.tissue] ?? 1));
  const muscle = TISSUES[Tissue.muscle].uptake;
  const col = new Float32Array(NY);
  const dis = new Float32Array(NY);
  const att = new Float32Array(NY);
  for (let k = 0; k < NZ; k++) {
    const z = Z0 + (NZ - 1 - k) * VOXEL;
    const spots = hotSpots.filter((h) => Math.abs(z - h.center[2]) < 3.5 * h.sigma[2]);
    const labels = labelPlane(parts, order, { origin: [X0, Y0, z], colDir: [1, 0, 0], rowDir: [0, 1, 0], columns: NX, rows: NY, rowSpacing: VOXEL, colSpacing: VOXEL });
    for (let i = 0; i < NX; i++) {
      const x = X0 + i * VOXEL;
      let any = false;
      for (let j = 0; j < NY; j++) {
        const l = labels[j * NX + i]!;
        dis[j] = 0;
        if (l === AIR) {
          col[j] = -1;
          att[j] = 0;
          continue;
        }
        any = true;
        att[j] = muStep[l]!;
        let u = uptake[l]!;
        const kd = kind[l]!;
        if (kd === 1) {
          const y = Y0 + j * VOXEL;
          let g = 1;
          for (const h of spots) {
            const dx = (x - h.center[0]) / h.sigma[0];
            const dy = (y - h.center[1]) / h.sigma[1];
            const dz = (z - h.center[2]) / h.sigma[2];
            const q = dx * dx + dy * dy + dz * dz;
            if (q < 12) g += h.gain * Math.exp(-0.5 * q);
          }
          u *= g * (1 + 0.09 * noise3(x, y, z, 16, 911));
        } else if (kd === 2) {
          const y = Y0 + j * VOXEL;
          // Patchy: coarse blotches of a few centimetres with finer mottling, from about a third to 1.7 times the mean.
          const n = 0.6 * fbm3(x, y, z, 22, 913) + 0.45 * noise3(x, y, z, 8, 917);
          u *= Math.max(0.3, 1 + 0.75 * n);
          dis[j] = u - muscle;
        }
        col[j] = u;
      }
      if (!any) continue;
      let a = 0;
      let da = 0;
      let depth = 0;
      for (let j = 0; j < NY; j++) {
        if (col[j]! < 0) continue;
        const w = Math.exp(-depth - 0.5 * att[j]!);
        a += col[j]! * w;
        da += dis[j]! * w;
        depth += att[j]!;
      }
      let p = 0;
      let dp = 0;
      depth = 0;
      for (let j = NY - 1; j >= 0; j--) {
        if (col[j]! < 0) continue;
        const w = Math.exp(-depth - 0.5 * att[j]!);
        p += col[j]! * w;
        dp += dis[j]! * w;
        depth += att[j]!;
      }
      const idx = k * NX + i;
      out.anterior.data[idx] = a;
      out.posterior.data[idx] = p;
      out.diseaseAnterior.data[idx] = da;
      out.diseasePosterior.data[idx] = dp;
    }
  }
  return out;
}

/** Resamples a voxel-grid projection onto the image grid; `mirror` flips left-right (posterior view). */
function toImage(src: Raster, g: BoneScanGeometry, mirror: boolean): Raster {
  const out = makeRaster(g.columns, g.rows);
  for (let r = 0; r < g.rows; r++) {
    const z = g.topZ - r * g.pixelSpacing;
    const k = (Z0 + (NZ - 1) * VOXEL - z) / VOXEL;
    for (let c = 0; c < g.columns; c++) {
      const off = (c - (g.columns - 1) / 2) * g.pixelSpacing;
      const x = g.centerX + (mirror ? -off : off);
      const i = (x - X0) / VOXEL;
      out.data[r * g.columns + c] = i < 0 || i > NX - 1 || k < 0 || k > NZ - 1 ? 0 : sampleBilinear(src, i, k);
    }
  }
  return out;
}

export const defaultUptake = (p: Part): number => p.uptake ?? TISSUES[p.tissue].uptake;

export interface BoneScan {
  frames: Uint16Array[];
  counts: number[];
  /** Expected counts of the disease alone per view, for the ground truth. */
  diseaseOnly: Raster[];
}

export function renderBoneScan(parts: Part[], g: BoneScanGeometry, seed: string, countsPerView: number, options: BoneScanOptions = {}): BoneScan {
  const rng = new Rng(seed);
  const pr = projectVolume(parts, options.hotSpots ?? []);
  const sigma = 4.2 / g.pixelSpacing;
  const diseaseImages = [toImage(pr.diseaseAnterior, g, false), toImage(pr.diseasePosterior, g, true)];
  // The blush is patchy too, with the same patches in both views (the texture is fixed in patient x and z).
  const blushes = diseaseImages.map((d, v) => {
    const b = gaussianBlur(d, BLUSH_SIGMA / g.pixelSpacing);
    for (let r = 0; r < g.rows; r++) {
      const z = g.topZ - r * g.pixelSpacing;
      for (let c = 0; c < g.columns; c++) {
        const x = g.centerX + (v === 1 ? -1 : 1) * (c - (g.columns - 1) / 2) * g.pixelSpacing;
        b.data[r * g.columns + c] = b.data[r * g.columns + c]! * Math.max(0.2, 1 + 0.7 * fbm3(x, 0, z, 24, 919));
      }
    }
    return b;
  });
  const sharpDisease = diseaseImages.map((d) => gaussianBlur(d, sigma));
  // Moves DEPOSIT_BLUSH of the disease's counts from the sharp image of the deposits into the blush (same total).
  const spread = (v: Raster, i: number): Raster => ({ ...v, data: v.data.map((x, k) => x + DEPOSIT_BLUSH * (blushes[i]!.data[k]! - sharpDisease[i]!.data[k]!)) });
  const views = [toImage(pr.anterior, g, false), toImage(pr.posterior, g, true)].map((v, i) => spread(gaussianBlur(v, sigma), i));
  const diseaseViews = sharpDisease.map((v, i) => spread(v, i));
  const total = views.reduce((s, v) => s + v.data.reduce((a, b) => a + b, 0), 0) / views.length;
  const scale = countsPerView / total;
  const frames: Uint16Array[] = [];
  const counts: number[] = [];
  for (const v of views) {
    const f = new Uint16Array(v.data.length);
    let sum = 0;
    for (let i = 0; i < f.length; i++) {
      const n = Math.min(65535, rng.poisson(Math.max(0, v.data[i]!) * scale + 0.05));
      f[i] = n;
      sum += n;
    }
    frames.push(f);
    counts.push(sum);
  }
  return { frames, counts, diseaseOnly: diseaseViews.map((d) => ({ ...d, data: d.data.map((x) => x * scale) })) };
}

/**
 * Default display window: black at zero counts, white at the counts of the hotter normal skeleton (spine, pelvis, joint
 * ends: the 98th percentile of body pixels, the bladder and the deposits being most of the percent above), so the
 * bladder and the lesion saturate as they do on a reading station.
 */
export function boneScanWindow(frames: Uint16Array[]): [number, number] {
  const vals: number[] = [];
  for (const f of frames) for (let i = 0; i < f.length; i++) if (f[i]! > 2) vals.push(f[i]!);
  vals.sort((a, b) => a - b);
  const top = Math.max(8, vals[Math.floor(vals.length * 0.98)] ?? 8);
  const width = Math.round(top * 1.05);
  return [Math.round(width / 2), width];
}
