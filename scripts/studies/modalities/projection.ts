// Point-source projection geometry of a radiograph: where each detector pixel is, and where a patient point lands.
import type { Vec3 } from '../util/vec';
import { add, scale, sub, dot, cross, rotate, normalize } from '../util/vec';

export interface ProjectionGeometry {
  source: Vec3;
  /** Point of the detector plane at the centre of the pixel grid. */
  detectorCenter: Vec3;
  /** Unit vector along a row (increasing column) and down a column (increasing row). */
  eu: Vec3;
  ev: Vec3;
  columns: number;
  rows: number;
  /** Detector (imager) pixel spacing in mm. */
  pixelSpacing: number;
}

export function detectorPoint(g: ProjectionGeometry, column: number, row: number): Vec3 {
  const a = (column - (g.columns - 1) / 2) * g.pixelSpacing;
  const b = (row - (g.rows - 1) / 2) * g.pixelSpacing;
  return add(g.detectorCenter, add(scale(g.eu, a), scale(g.ev, b)));
}

/** Detector normal pointing away from the source. */
export const detectorNormal = (g: ProjectionGeometry): Vec3 => cross(g.eu, g.ev);

/** Source-to-image distance along the detector normal. */
export const sid = (g: ProjectionGeometry): number => Math.abs(dot(sub(g.detectorCenter, g.source), detectorNormal(g)));

/** Pixel coordinates (column, row) where the ray from the source through patient point p meets the detector. */
export function projectPoint(g: ProjectionGeometry, p: Vec3): [number, number] {
  const n = detectorNormal(g);
  const d = sub(p, g.source);
  const t = dot(sub(g.detectorCenter, g.source), n) / dot(d, n);
  const hit = add(g.source, scale(d, t));
  const rel = sub(hit, g.detectorCenter);
  return [dot(rel, g.eu) / g.pixelSpacing + (g.columns - 1) / 2, dot(rel, g.ev) / g.pixelSpacing + (g.rows - 1) / 2];
}

/** Magnification at patient point p (detector size of a small object parallel to the detector). */
export function magnificationAt(g: ProjectionGeometry, p: Vec3): number {
  const n = detectorNormal(g);
  return sid(g) / Math.abs(dot(sub(p, g.source), n));
}

export interface Repositioning {
  /** Extra source-to-image distance (detector moved away along the beam), mm. */
  detectorDistanceChange: number;
  /** In-plane rotation of the detector about the central ray, degrees. */
  rotationDegrees: number;
  /** Detector shift in its own plane along (eu, ev) of the original geometry, mm. */
  shift: [number, number];
}

/**
 * The same projection with the detector moved along the beam, rotated about the central ray and shifted in its plane.
 * Each of these changes the image by an exact 2D similarity (no parallax), so the initial and follow-up images differ
 * by a known similarity transform.
 */
export function repositioned(g: ProjectionGeometry, r: Repositioning): ProjectionGeometry {
  const n = normalize(detectorNormal(g));
  const angle = (r.rotationDegrees * Math.PI) / 180;
  const center = add(add(g.detectorCenter, scale(n, r.detectorDistanceChange)), add(scale(g.eu, r.shift[0]), scale(g.ev, r.shift[1])));
  return { ...g, detectorCenter: center, eu: rotate(g.eu, n, angle), ev: rotate(g.ev, n, angle) };
}

/** 3x3 matrix (row-major) mapping pixel coordinates of `from` to those of `to`, exact for repositioned geometries. */
export function pixelTransform(from: ProjectionGeometry, to: ProjectionGeometry): number[][] {
  // Three detector points of `from` projected onto `to`'s plane define the affine map exactly.
  const n = normalize(detectorNormal(to));
  const onTo = (c: number, r: number): [number, number] => {
    const p = detectorPoint(from, c, r);
    const d = sub(p, from.source);
    const t = dot(sub(to.detectorCenter, to.source), n) / dot(d, n);
    const hit = add(to.source, scale(d, t));
    const rel = sub(hit, to.detectorCenter);
    return [dot(rel, to.eu) / to.pixelSpacing + (to.columns - 1) / 2, dot(rel, to.ev) / to.pixelSpacing + (to.rows - 1) / 2];
  };
  const o = onTo(0, 0);
  const x = onTo(1000, 0);
  const y = onTo(0, 1000);
  const a = (x[0] - o[0]) / 1000;
  const b = (y[0] - o[0]) / 1000;
  const c = (x[1] - o[1]) / 1000;
  const d = (y[1] - o[1]) / 1000;
  return [
    [a, b, o[0]],
    [c, d, o[1]],
    [0, 0, 1],
  ];
}
