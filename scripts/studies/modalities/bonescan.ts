// Tc-99m MDP whole-body scintigraphy: tracer uptake per voxel projected anteriorly and posteriorly with soft-tissue
// attenuation, parallel-hole collimator blur and Poisson counting noise.
import { Rng } from '../util/prng';
import { type Raster, makeRaster, gaussianBlur, sampleBilinear } from '../util/raster';
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

const VOXEL = 2.5;
const X0 = -280;
const NX = 225;
const Y0 = -150;
const NY = 121;
const Z0 = -910;
const NZ = 729;
const MU = 0.0145; // Tc-99m in soft tissue, per mm

/** Anterior and posterior projections (counts before noise) on the voxel grid: [x][z] rasters, x from patient right to left. */
function projectVolume(parts: Part[], uptakeOf: (p: Part) => number): { anterior: Raster; posterior: Raster } {
  const order = paintOrder(parts);
  const anterior = makeRaster(NX, NZ);
  const posterior = makeRaster(NX, NZ);
  const uptake = parts.map(uptakeOf);
  const col = new Float32Array(NY);
  for (let k = 0; k < NZ; k++) {
    const z = Z0 + (NZ - 1 - k) * VOXEL;
    const labels = labelPlane(parts, order, { origin: [X0, Y0, z], colDir: [1, 0, 0], rowDir: [0, 1, 0], columns: NX, rows: NY, rowSpacing: VOXEL, colSpacing: VOXEL });
    for (let i = 0; i < NX; i++) {
      for (let j = 0; j < NY; j++) {
        const l = labels[j * NX + i]!;
        col[j] = l === AIR ? -1 : uptake[l]!;
      }
      let a = 0;
      let depth = 0;
      for (let j = 0; j < NY; j++) {
        if (col[j]! < 0) continue;
        a += col[j]! * Math.exp(-MU * depth);
        depth += VOXEL;
      }
      let p = 0;
      depth = 0;
      for (let j = NY - 1; j >= 0; j--) {
        if (col[j]! < 0) continue;
        p += col[j]! * Math.exp(-MU * depth);
        depth += VOXEL;
      }
      anterior.data[k * NX + i] = a;
      posterior.data[k * NX + i] = p;
    }
  }
  return { anterior, posterior };
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

export function renderBoneScan(parts: Part[], g: BoneScanGeometry, seed: string, countsPerView: number): BoneScan {
  const rng = new Rng(seed);
  const all = projectVolume(parts, defaultUptake);
  const disease = projectVolume(parts, (p) => (p.cluster ? defaultUptake(p) - TISSUES[Tissue.muscle].uptake : 0));
  const sigma = 4.2 / g.pixelSpacing;
  const views = [toImage(all.anterior, g, false), toImage(all.posterior, g, true)].map((v) => gaussianBlur(v, sigma));
  const diseaseViews = [toImage(disease.anterior, g, false), toImage(disease.posterior, g, true)].map((v) => gaussianBlur(v, sigma));
  const total = views.reduce((s, v) => s + v.data.reduce((a, b) => a + b, 0), 0) / views.length;
  const scale = countsPerView / total;
  const frames: Uint16Array[] = [];
  const counts: number[] = [];
  for (const v of views) {
    const f = new Uint16Array(v.data.length);
    let sum = 0;
    for (let i = 0; i < f.length; i++) {
      const n = Math.min(65535, rng.poisson(v.data[i]! * scale + 0.05));
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
 * ends: the 99.3rd percentile of body pixels), so the bladder and the lesion saturate as they do on a reading station.
 */
export function boneScanWindow(frames: Uint16Array[]): [number, number] {
  const vals: number[] = [];
  for (const f of frames) for (let i = 0; i < f.length; i++) if (f[i]! > 2) vals.push(f[i]!);
  vals.sort((a, b) => a - b);
  const top = Math.max(8, vals[Math.floor(vals.length * 0.993)] ?? 8);
  const width = Math.round(top * 1.05);
  return [Math.round(width / 2), width];
}
