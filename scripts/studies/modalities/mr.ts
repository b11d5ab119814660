// MR slices: each pixel's tissue signal for the sequence, partial volume across the slice, intermuscular fat planes,
// k-space blur, surface-coil shading and Rician noise.
import type { Vec3 } from '../util/vec';
import { Rng } from '../util/prng';
import { type Raster, gaussianBlur, fractalNoise } from '../util/raster';
import { type PlaneGrid, labelPlane, paintOrder, AIR } from '../model/labeler';
import type { PatientModel } from '../model/patient';
import { TISSUES, Tissue } from '../model/tissues';

export type MrSequence = 'T1' | 'STIR';

export interface MrSeriesGeometry {
  orientation: 'axial' | 'coronal';
  /** Centre of the field of view of the first slice. */
  firstCenter: Vec3;
  /** Field of view (width, height) in mm. */
  fov: [number, number];
  matrix: [number, number];
  sliceCount: number;
  /** Centre-to-centre distance between slices, mm, along the slice normal. */
  sliceSpacing: number;
  sliceThickness: number;
}

/** In-plane direction cosines and the slice normal (display order runs along +normal). */
export function orientationVectors(o: MrSeriesGeometry['orientation']): { colDir: Vec3; rowDir: Vec3; normal: Vec3 } {
  // Axial slices go head to feet: normal = -z (row × column cross product is +z, so the stack walks against it).
  if (o === 'axial') return { colDir: [1, 0, 0], rowDir: [0, 1, 0], normal: [0, 0, -1] };
  return { colDir: [1, 0, 0], rowDir: [0, 0, -1], normal: [0, 1, 0] };
}

export function sliceGrid(g: MrSeriesGeometry, index: number): PlaneGrid {
  const { colDir, rowDir, normal } = orientationVectors(g.orientation);
  const [w, h] = g.fov;
  const [cols, rows] = g.matrix;
  const colSpacing = w / cols;
  const rowSpacing = h / rows;
  const c: Vec3 = [
    g.firstCenter[0] + normal[0] * index * g.sliceSpacing,
    g.firstCenter[1] + normal[1] * index * g.sliceSpacing,
    g.firstCenter[2] + normal[2] * index * g.sliceSpacing,
  ];
  const origin: Vec3 = [
    c[0] - colDir[0] * (w / 2 - colSpacing / 2) - rowDir[0] * (h / 2 - rowSpacing / 2),
    c[1] - colDir[1] * (w / 2 - colSpacing / 2) - rowDir[1] * (h / 2 - rowSpacing / 2),
    c[2] - colDir[2] * (w / 2 - colSpacing / 2) - rowDir[2] * (h / 2 - rowSpacing / 2),
  ];
  return { origin, colDir, rowDir, columns: cols, rows, rowSpacing, colSpacing };
}

export interface MrSlice {
  grid: PlaneGrid;
  pixels: Uint16Array;
  /** Part index per pixel at the slice centre (for the ground truth). */
  labels: Int16Array;
}

const SIGNAL_SCALE = 1400;

function tissueSignal(t: Tissue, seq: MrSequence): number {
  return seq === 'T1' ? TISSUES[t].t1 : TISSUES[t].stir;
}

/** Renders one slice; `seed` makes the noise reproducible slice by slice. */
export function renderMrSlice(model: PatientModel, g: MrSeriesGeometry, seq: MrSequence, index: number, seed: string): MrSlice {
  const grid = sliceGrid(g, index);
  const order = paintOrder(model.parts);
  const offsets = [-g.sliceThickness / 4, g.sliceThickness / 4];
  const w = grid.columns;
  const h = grid.rows;
  const rng = new Rng(seed);
  const texture = fractalNoise(w, h, 2.5, 3, rng, 0.6);
  const marrowTexture = fractalNoise(w, h, 8, 3, rng, 0.5);
  const fatSignal = tissueSignal(Tissue.fat, seq);
  const img: Raster = { width: w, height: h, data: new Float32Array(w * h) };
  const isMuscle = (pi: number) => pi !== AIR && model.parts[pi]!.tissue === Tissue.muscle;
  for (const off of offsets) {
    const labels = labelPlane(model.parts, order, grid, off, true);
    for (let r = 0; r < h; r++) {
      for (let c = 0; c < w; c++) {
        const i = r * w + c;
        const pi = labels[i]!;
        if (pi === AIR) continue;
        const t = model.parts[pi]!.tissue;
        const props = TISSUES[t];
        let s = tissueSignal(t, seq) * (1 + props.mrTexture * texture.data[i]! * 2);
        if (t === Tissue.cancellous) s *= 1 + 0.25 * marrowTexture.data[i]!;
        // Thin fat planes between neighbouring muscles (fascia and intermuscular fat).
        if (isMuscle(pi) && c > 0 && r > 0 && c < w - 1 && r < h - 1) {
          const nb = [labels[i - 1]!, labels[i + 1]!, labels[i - w]!, labels[i + w]!];
          if (nb.some((q) => q !== pi && isMuscle(q))) s = 0.45 * s + 0.55 * fatSignal;
        }
        img.data[i]! += s / offsets.length;
      }
    }
  }
  const blurred = gaussianBlur(img, 0.55);
  const centre = labelPlane(model.parts, order, grid, 0, true);
  // Surface coils: brighter near the front and back of the body, a little brighter on the patient's left.
  const sigma = seq === 'T1' ? 0.022 : 0.03;
  const pixels = new Uint16Array(w * h);
  for (let r = 0; r < h; r++) {
    for (let c = 0; c < w; c++) {
      const i = r * w + c;
      const p = [grid.origin[0] + grid.colDir[0] * c * grid.colSpacing + grid.rowDir[0] * r * grid.rowSpacing,
        grid.origin[1] + grid.colDir[1] * c * grid.colSpacing + grid.rowDir[1] * r * grid.rowSpacing] as const;
      const ay = (p[1] - 20) / 130;
      const shade = 0.78 + 0.32 * ay * ay + 0.05 * (p[0] / 200);
      const s = blurred.data[i]! * shade;
      const n1 = rng.gauss() * sigma;
      const n2 = rng.gauss() * sigma;
      const v = Math.sqrt((s + n1) * (s + n1) + n2 * n2) * SIGNAL_SCALE;
      pixels[i] = Math.min(4095, Math.round(v));
    }
  }
  return { grid, pixels, labels: centre };
}
