// Paints which model part occupies each pixel of a plane (the basis of MR slices and of planar ground-truth masks).
import type { Vec3 } from '../util/vec';
import { contains } from './shapes';
import type { Part } from './parts';

/** A planar pixel grid in patient space (DICOM conventions: colDir is along a row, rowDir down the columns). */
export interface PlaneGrid {
  /** Centre of the first pixel. */
  origin: Vec3;
  colDir: Vec3;
  rowDir: Vec3;
  columns: number;
  rows: number;
  /** Millimetres between rows and between columns. */
  rowSpacing: number;
  colSpacing: number;
}

export const AIR = -1;

/** Part indices sorted so that painting in this order leaves the highest priority on top. */
export function paintOrder(parts: Part[]): number[] {
  return parts.map((_, i) => i).sort((a, b) => parts[a]!.priority - parts[b]!.priority || a - b);
}

/** Part index per pixel (AIR outside the body), for the plane shifted by `offset` mm along its normal. */
export function labelPlane(parts: Part[], order: number[], g: PlaneGrid, offset = 0): Int16Array {
  const labels = new Int16Array(g.columns * g.rows).fill(AIR);
  const n: Vec3 = [
    g.colDir[1] * g.rowDir[2] - g.colDir[2] * g.rowDir[1],
    g.colDir[2] * g.rowDir[0] - g.colDir[0] * g.rowDir[2],
    g.colDir[0] * g.rowDir[1] - g.colDir[1] * g.rowDir[0],
  ];
  const o: Vec3 = [g.origin[0] + n[0] * offset, g.origin[1] + n[1] * offset, g.origin[2] + n[2] * offset];
  for (const pi of order) {
    const p = parts[pi]!;
    for (const s of p.shapes) {
      const rel: Vec3 = [s.center[0] - o[0], s.center[1] - o[1], s.center[2] - o[2]];
      const dn = rel[0] * n[0] + rel[1] * n[1] + rel[2] * n[2];
      if (Math.abs(dn) >= s.bound) continue;
      const rad = Math.sqrt(s.bound * s.bound - dn * dn);
      const cc = (rel[0] * g.colDir[0] + rel[1] * g.colDir[1] + rel[2] * g.colDir[2]) / g.colSpacing;
      const rc = (rel[0] * g.rowDir[0] + rel[1] * g.rowDir[1] + rel[2] * g.rowDir[2]) / g.rowSpacing;
      const c0 = Math.max(0, Math.floor(cc - rad / g.colSpacing));
      const c1 = Math.min(g.columns - 1, Math.ceil(cc + rad / g.colSpacing));
      const r0 = Math.max(0, Math.floor(rc - rad / g.rowSpacing));
      const r1 = Math.min(g.rows - 1, Math.ceil(rc + rad / g.rowSpacing));
      for (let r = r0; r <= r1; r++) {
        const bx = o[0] + g.rowDir[0] * r * g.rowSpacing;
        const by = o[1] + g.rowDir[1] * r * g.rowSpacing;
        const bz = o[2] + g.rowDir[2] * r * g.rowSpacing;
        for (let c = c0; c <= c1; c++) {
          const i = r * g.columns + c;
          if (!p.envelope && labels[i] === AIR) continue;
          const x = bx + g.colDir[0] * c * g.colSpacing;
          const y = by + g.colDir[1] * c * g.colSpacing;
          const z = bz + g.colDir[2] * c * g.colSpacing;
          if (contains(s, x, y, z)) labels[i] = pi;
        }
      }
    }
  }
  return labels;
}

/** Patient coordinates of the centre of pixel (column, row). */
export function pixelToPatient(g: PlaneGrid, column: number, row: number): Vec3 {
  return [
    g.origin[0] + g.colDir[0] * column * g.colSpacing + g.rowDir[0] * row * g.rowSpacing,
    g.origin[1] + g.colDir[1] * column * g.colSpacing + g.rowDir[1] * row * g.rowSpacing,
    g.origin[2] + g.colDir[2] * column * g.colSpacing + g.rowDir[2] * row * g.rowSpacing,
  ];
}
