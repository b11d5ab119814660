// Paints which model part occupies each pixel of a plane (the basis of MR slices and of planar ground-truth masks).
import type { Vec3 } from '../util/vec';
import { type Shape, contains } from './shapes';
import { Tissue } from './tissues';
import { type Part, Priority, isDeposit } from './parts';
import { fbm3, noise3, waves3 } from '../util/noise3';

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

/** Normalised radius of a point in a shape's frame (1 on the surface; cylinders use the larger of radial and axial). */
export function normalisedRadius(s: Shape, x: number, y: number, z: number): number {
  const dx = x - s.center[0];
  const dy = y - s.center[1];
  const dz = z - s.center[2];
  const [a0, a1, a2] = s.axes;
  const u = (dx * a0[0] + dy * a0[1] + dz * a0[2]) / s.radii[0];
  const v = (dx * a1[0] + dy * a1[1] + dz * a1[2]) / s.radii[1];
  const w = (dx * a2[0] + dy * a2[1] + dz * a2[2]) / s.radii[2];
  if (s.kind === 'ellipsoid') return Math.sqrt(u * u + v * v + w * w);
  // A cylinder's ends are rounded off (a superellipse in radius and length), so its swollen reach ends in a curve, not
  // in the straight edge a flat end face would cut through the slice.
  const radial = u * u + v * v;
  return Math.pow(radial * radial * radial + w ** 6, 1 / 6);
}

/** Distance (mm) of each pixel from the nearest AIR pixel. */
const distanceFromAir = (labels: Int16Array, g: PlaneGrid): Float32Array => distanceFrom(labels, g, (l) => l === AIR);

/** Distance (mm) of each pixel from the nearest pixel whose label passes `isSource` (two-pass chamfer transform). */
export const distanceFrom = (labels: Int16Array, g: PlaneGrid, isSource: (label: number) => boolean): Float32Array =>
  distanceFromPixels(g, (i) => isSource(labels[i]!));

/** Distance (mm) of each pixel of the grid from the nearest pixel i for which `isSource(i)` (two-pass chamfer transform). */
export function distanceFromPixels(g: PlaneGrid, isSource: (i: number) => boolean): Float32Array {
  const w = g.columns;
  const h = g.rows;
  const d = new Float32Array(w * h);
  const a = g.colSpacing;
  const b = g.rowSpacing;
  const c = Math.hypot(a, b);
  for (let i = 0; i < d.length; i++) d[i] = isSource(i) ? 0 : 1e9;
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
    const i = y * w + x;
    let v = d[i]!;
    if (x > 0) v = Math.min(v, d[i - 1]! + a);
    if (y > 0) {
      v = Math.min(v, d[i - w]! + b);
      if (x > 0) v = Math.min(v, d[i - w - 1]! + c);
      if (x < w - 1) v = Math.min(v, d[i - w + 1]! + c);
    }
    d[i] = v;
  }
  for (let y = h - 1; y >= 0; y--) for (let x = w - 1; x >= 0; x--) {
    const i = y * w + x;
    let v = d[i]!;
    if (x < w - 1) v = Math.min(v, d[i + 1]! + a);
    if (y < h - 1) {
      v = Math.min(v, d[i + w]! + b);
      if (x < w - 1) v = Math.min(v, d[i + w + 1]! + c);
      if (x > 0) v = Math.min(v, d[i + w - 1]! + c);
    }
    d[i] = v;
  }
  return d;
}

/** How far muscles swell into the surrounding fat (normalised radius), and the subcutaneous fat they leave alone (mm). */
const MUSCLE_SWELL = 1.55;
const SUBCUTANEOUS_FAT = 16;
/** The least subcutaneous fat (mm) over a muscle. */
const MIN_COVER = 5;

const ramp = (e0: number, e1: number, v: number) => {
  const t = Math.max(0, Math.min(1, (v - e0) / (e1 - e0)));
  return t * t * (3 - 2 * t);
};

/** Extra (or, over the outer thigh, less) subcutaneous fat by region, mm, changing smoothly from one to the next. */
function regionalFat(x: number, y: number, z: number): number {
  const ax = Math.abs(x);
  return 9 * ramp(20, 60, y) * ramp(-120, -70, z)
    + 8 * ramp(40, 80, -y) * ramp(-10, 40, z)
    + 5 * ramp(115, 155, ax) * ramp(-40, 10, z)
    - 5 * ramp(125, 160, ax) * ramp(80, 130, -z);
}

/**
 * Muscles fill their compartments: fat deeper than the subcutaneous layer goes to the muscle whose (scaled) shape
 * reaches it best, so neighbouring muscles meet along flat fascial planes instead of floating as round blobs in fat.
 * `at` gives each pixel's (possibly warped) patient position.
 */
function packMuscles(labels: Int16Array, parts: Part[], order: number[], g: PlaneGrid, at: PointOf, slack = ROW_SLACK): void {
  const depth = distanceFromAir(labels, g);
  const muscles = order.filter((pi) => parts[pi]!.tissue === Tissue.muscle);
  const shapes = muscles.flatMap((pi) => parts[pi]!.shapes.map((s) => ({ pi, s })));
  const p: Point3 = [0, 0, 0];
  const MAX_SWELL = 4;
  const fat = parts.findIndex((pt) => pt.envelope && pt.tissue === Tissue.fat);
  const wobble = new Float64Array(WOBBLE_FIELDS);
  for (let r = 0; r < g.rows; r++) {
    // Only the shapes whose widest reach meets this row (the row is a line in patient space) can win a pixel of it.
    const [a0, a1, a2] = at(0, r, p);
    const a: Vec3 = [a0, a1, a2];
    const [b0, b1, b2] = at(g.columns - 1, r, p);
    const b: Vec3 = [b0, b1, b2];
    const ab = [b[0] - a[0], b[1] - a[1], b[2] - a[2]];
    const abLen2 = ab[0]! * ab[0]! + ab[1]! * ab[1]! + ab[2]! * ab[2]! || 1;
    const rowShapes = shapes.filter(({ s }) => {
      const t = Math.max(0, Math.min(1, ((s.center[0] - a[0]) * ab[0]! + (s.center[1] - a[1]) * ab[1]! + (s.center[2] - a[2]) * ab[2]!) / abLen2));
      const dx = a[0] + ab[0]! * t - s.center[0];
      const dy = a[1] + ab[1]! * t - s.center[1];
      const dz = a[2] + ab[2]! * t - s.center[2];
      const lim = Math.min(s.bound * MAX_SWELL, s.bound + 40) + slack;
      return dx * dx + dy * dy + dz * dz <= lim * lim;
    });
    for (let c = 0; c < g.columns; c++) {
      const i = r * g.columns + c;
      const l = labels[i]!;
      if (l === AIR) continue;
      const isMuscle = parts[l]!.tissue === Tissue.muscle;
      at(c, r, p);
      const [x, y, z] = p;
      // No muscle reaches the skin: a few millimetres of subcutaneous fat cover every one.
      if (isMuscle && fat >= 0 && depth[i]! < MIN_COVER * (1 + 0.5 * fbm3(x, y, z, 40, 13))) {
        labels[i] = fat;
        continue;
      }
      if (!isMuscle) {
        if (parts[l]!.tissue !== Tissue.fat || !parts[l]!.envelope) continue;
        // Subcutaneous fat of uneven thickness: thicker over the buttocks, the lower abdomen and the flanks above the
        // hips, thinner over the outer thigh.
        let sub = SUBCUTANEOUS_FAT * (1 + 0.45 * fbm3(x, y, z, 70, 11)) + regionalFat(x, y, z);
        // Behind the sacrum and coccyx the two gluteal muscles come close to the skin on either side of the midline,
        // with a wedge of fat between them that widens toward the skin (down to the natal cleft), not a slot.
        const cleft = ramp(50, 70, y) * ramp(-50, -30, z) * (1 - ramp(105, 125, z));
        if (cleft > 0) {
          const ax = Math.abs(x);
          if (ax < 1.5 + 0.5 * Math.max(0, 26 - depth[i]!)) continue;
          sub += (MIN_COVER + 1 - sub) * cleft * (1 - ramp(12, 34, ax));
        }
        if (depth[i]! < sub) continue;
      }
      // Below the buttock crease the thigh muscles fill everything under the subcutaneous fat.
      const swell = z < -110 ? MAX_SWELL : z < -70 ? 1.55 + (2.45 * (-70 - z)) / 40 : MUSCLE_SWELL;
      // Every muscle pixel goes to the muscle whose shape holds it most deeply, so where two muscles overlap they meet
      // along a smooth fascial plane rather than along the arc of whichever was painted last.
      let best = isMuscle ? Infinity : swell;
      // Each muscle's reach is bent by a field of its own (one of four, by part), so the fascial plane between two
      // neighbours curves and wanders instead of running straight along the bisector of their shapes.
      for (let k = 0; k < WOBBLE_FIELDS; k++) wobble[k] = 0.16 * fbm3(x, y, z, 22, 5 + 17 * k);
      let who = -1;
      for (const { pi, s } of rowShapes) {
        const dx = x - s.center[0];
        const dy = y - s.center[1];
        const dz = z - s.center[2];
        const lim = Math.min(s.bound * swell, s.bound + 40);
        if (dx * dx + dy * dy + dz * dz > lim * lim) continue;
        // A little noise per muscle bends the fascial planes so they are not exact bisectors of two ellipses.
        const q = normalisedRadius(s, x, y, z) * (1 + wobble[pi % WOBBLE_FIELDS]!);
        if (q < best) {
          best = q;
          who = pi;
        }
      }
      if (who >= 0) labels[i] = who;
    }
  }
}

/** How many independent fields bend the fascial planes (see packMuscles). */
const WOBBLE_FIELDS = 4;

/** Writes the patient position of pixel (column, row) into out and returns it. */
type PointOf = (column: number, row: number, out: Point3) => Point3;

/** A point written in place (Vec3 is read-only). */
type Point3 = [number, number, number];

/** How far (mm) the warp may move a point, beyond its amplitude: slack for the bounding tests. */
const ROW_SLACK = 2;

/**
 * A smooth displacement field fixed in patient space: sampling the model at p + warp(p) bends every outline the same
 * way in every plane and series, so the anatomy is not made of exact ellipses, yet slices still agree with each other.
 */
export function warpPoint(x: number, y: number, z: number, amplitude: number, out: Point3): Point3 {
  const coarse = amplitude;
  const fine = amplitude * 0.35;
  out[0] = x + coarse * fbm3(x, y, z, 34, 301) + fine * noise3(x, y, z, 9, 304);
  out[1] = y + coarse * fbm3(x, y, z, 34, 302) + fine * noise3(x, y, z, 9, 305);
  out[2] = z + coarse * fbm3(x, y, z, 34, 303) + fine * noise3(x, y, z, 9, 306);
  return out;
}

/**
 * A second, broader displacement for the soft tissues only (see softTissue): muscles and the body's outline bend a few
 * millimetres more than bone, vessels, nerves and deposits, so the muscles' outlines and the skin are irregular and
 * differ between the two sides, while the structures a reader measures keep their places.
 */
function softWarp(x: number, y: number, z: number, amplitude: number, out: Point3): Point3 {
  // (Plane waves, not value noise: value noise bends a long smooth outline like the skin's into straight runs with
  // corners between, a polygon.)
  out[0] = x + amplitude * waves3(x, y, z, 40, 311);
  out[1] = y + amplitude * waves3(x, y, z, 40, 312);
  out[2] = z + amplitude * 0.5 * waves3(x, y, z, 40, 313);
  return out;
}

/**
 * A fine displacement for the calcific deposits only (Part isDeposit): their lobules' outlines are knobbly (a bulge
 * every few millimetres on lobes of about a centimetre) instead of exact spheres. It moves points across the vertical
 * (anteroposterior) axis only, so a fluid level, a horizontal plane in a supine patient, stays a straight line.
 */
function depositWarp(x: number, y: number, z: number, amplitude: number, out: Point3): Point3 {
  out[0] = x + amplitude * (fbm3(x, y, z, 11, 707) + 0.5 * fbm3(x, y, z, 5, 708) + 0.25 * noise3(x, y, z, 2.6, 709));
  out[2] = z + amplitude * (fbm3(x, y, z, 11, 808) + 0.5 * fbm3(x, y, z, 5, 807) + 0.25 * noise3(x, y, z, 2.6, 809));
  return out;
}

/**
 * Parts bent by the soft-tissue warp: the muscles, the body envelope (skin and subcutaneous fat) and the pads of fat
 * around the nerves and vessels (which then wrap them unevenly, not in a neat ring). Fat inside bone is not bent.
 */
const softTissue = (p: Part) =>
  p.cluster === undefined && (p.envelope === true || p.tissue === Tissue.muscle || (p.tissue === Tissue.fat && p.priority < Priority.vessel));

/**
 * A displacement of the points a section samples, for anatomy that films draw from the model's primitives as they are
 * but sections need bent (anatomy.SECTION_BEND): `move` moves a point in place, by at most `reach` mm.
 */
export interface SectionBend {
  move: (q: Point3) => void;
  reach: number;
}

/**
 * Part index per pixel (AIR outside the body), for the plane shifted by `offset` mm along its normal; `warp` (mm) bends
 * the outlines by the smooth field of warpPoint, `soft` (mm) bends the soft tissues' further (see softWarp) and
 * `knobbly` (mm) the deposits' (see depositWarp); `bend`, after the warp, moves every part but the disease's (whose
 * deposits and edema stay where the films and the ground truth put them).
 */
export function labelPlane(parts: Part[], order: number[], g: PlaneGrid, offset = 0, packed = false, warp = 0, soft = 0, knobbly = 0, bend?: SectionBend): Int16Array {
  const labels = new Int16Array(g.columns * g.rows).fill(AIR);
  const n: Vec3 = [
    g.colDir[1] * g.rowDir[2] - g.colDir[2] * g.rowDir[1],
    g.colDir[2] * g.rowDir[0] - g.colDir[0] * g.rowDir[2],
    g.colDir[0] * g.rowDir[1] - g.colDir[1] * g.rowDir[0],
  ];
  const o: Vec3 = [g.origin[0] + n[0] * offset, g.origin[1] + n[1] * offset, g.origin[2] + n[2] * offset];
  const plain: PointOf = (c, r, out) => {
    out[0] = o[0] + g.rowDir[0] * r * g.rowSpacing + g.colDir[0] * c * g.colSpacing;
    out[1] = o[1] + g.rowDir[1] * r * g.rowSpacing + g.colDir[1] * c * g.colSpacing;
    out[2] = o[2] + g.rowDir[2] * r * g.rowSpacing + g.colDir[2] * c * g.colSpacing;
    return out;
  };
  /** The positions warped by `bend` (after the common warp), as a lookup per pixel. */
  const lookup = (bend: (q: Point3) => void): PointOf => {
    const warped = new Float64Array(g.columns * g.rows * 3);
    const q: Point3 = [0, 0, 0];
    for (let r = 0; r < g.rows; r++) for (let c = 0; c < g.columns; c++) {
      plain(c, r, q);
      bend(q);
      const k = (r * g.columns + c) * 3;
      warped[k] = q[0];
      warped[k + 1] = q[1];
      warped[k + 2] = q[2];
    }
    return (c, r, out) => {
      const k = (r * g.columns + c) * 3;
      out[0] = warped[k]!;
      out[1] = warped[k + 1]!;
      out[2] = warped[k + 2]!;
      return out;
    };
  };
  const at = warp > 0 ? lookup((q) => warpPoint(q[0], q[1], q[2], warp, q)) : plain;
  const atBent = bend ? lookup((q) => {
    if (warp > 0) warpPoint(q[0], q[1], q[2], warp, q);
    bend.move(q);
  }) : at;
  const atSoft = soft > 0 ? lookup((q) => {
    if (warp > 0) warpPoint(q[0], q[1], q[2], warp, q);
    bend?.move(q);
    softWarp(q[0], q[1], q[2], soft, q);
  }) : atBent;
  const atDeposit = knobbly > 0 && parts.some(isDeposit) ? lookup((q) => {
    if (warp > 0) warpPoint(q[0], q[1], q[2], warp, q);
    depositWarp(q[0], q[1], q[2], knobbly, q);
  }) : at;
  const p: Point3 = [0, 0, 0];
  const paint = (pi: number, paintsOver: (label: number) => boolean) => {
    const part = parts[pi]!;
    const bent = softTissue(part);
    const knob = isDeposit(part);
    const disease = part.cluster !== undefined;
    const pointAt = bent ? atSoft : knob ? atDeposit : disease ? at : atBent;
    const reach = (warp > 0 ? warp * 1.4 + ROW_SLACK : 0) + (bent && soft > 0 ? soft * 1.2 + ROW_SLACK : 0) + (knob && knobbly > 0 ? knobbly * 1.6 + ROW_SLACK : 0) + (bend && !disease ? bend.reach + ROW_SLACK : 0);
    for (const s of part.shapes) {
      const rel: Vec3 = [s.center[0] - o[0], s.center[1] - o[1], s.center[2] - o[2]];
      const dn = rel[0] * n[0] + rel[1] * n[1] + rel[2] * n[2];
      const bound = s.bound + reach;
      if (Math.abs(dn) >= bound) continue;
      const rad = Math.sqrt(bound * bound - dn * dn);
      const cc = (rel[0] * g.colDir[0] + rel[1] * g.colDir[1] + rel[2] * g.colDir[2]) / g.colSpacing;
      const rc = (rel[0] * g.rowDir[0] + rel[1] * g.rowDir[1] + rel[2] * g.rowDir[2]) / g.rowSpacing;
      const c0 = Math.max(0, Math.floor(cc - rad / g.colSpacing));
      const c1 = Math.min(g.columns - 1, Math.ceil(cc + rad / g.colSpacing));
      const r0 = Math.max(0, Math.floor(rc - rad / g.rowSpacing));
      const r1 = Math.min(g.rows - 1, Math.ceil(rc + rad / g.rowSpacing));
      for (let r = r0; r <= r1; r++) {
        for (let c = c0; c <= c1; c++) {
          const i = r * g.columns + c;
          if (!part.envelope && labels[i] === AIR) continue;
          if (!paintsOver(labels[i]!)) continue;
          pointAt(c, r, p);
          if (contains(s, p[0], p[1], p[2])) labels[i] = pi;
        }
      }
    }
  };
  for (const pi of order) if (!parts[pi]!.overlay) paint(pi, () => true);
  // (A bend moves points off the row's straight line, by up to its reach.)
  if (packed) packMuscles(labels, parts, order, g, atSoft, ROW_SLACK + (bend?.reach ?? 0));
  // Overlays last, and only over the parts they change; the part each one covers is kept (see beneath).
  const overlays = order.filter((pi) => parts[pi]!.overlay);
  if (overlays.length > 0) {
    const under = labels.map((l) => (l !== AIR && takesOverlay(parts[l]!) ? l : AIR));
    for (const pi of overlays) paint(pi, (l) => l !== AIR && (takesOverlay(parts[l]!) || parts[l]!.overlay === true));
    beneathOf.set(labels, under);
  }
  return labels;
}

/**
 * The parts an overlay (edema) may change: muscle, and the pads of fat round the nerves and vessels that lie below the
 * edema's priority (inflammation reaches into them); not the subcutaneous fat, bone, vessels or nerves.
 */
export const takesOverlay = (p: Part): boolean =>
  p.tissue === Tissue.muscle || (p.tissue === Tissue.fat && !p.envelope && p.cluster === undefined && p.priority < Priority.edema);

const beneathOf = new WeakMap<Int16Array, Int16Array>();

/**
 * For labels painted by labelPlane from a model with overlays (Part.overlay): the part at each pixel before the overlays
 * were painted where it is one they may change (takesOverlay), AIR elsewhere; undefined for a model without overlays.
 */
export function beneath(labels: Int16Array): Int16Array | undefined {
  return beneathOf.get(labels);
}

/** The labels with every overlay replaced by the part beneath it: the anatomy without the disease's overlays. */
export function anatomyLabels(labels: Int16Array): Int16Array {
  const under = beneathOf.get(labels);
  return under ? labels.map((l, i) => (under[i] !== AIR ? under[i]! : l)) : labels;
}

/** Patient coordinates of the centre of pixel (column, row). */
export function pixelToPatient(g: PlaneGrid, column: number, row: number): Vec3 {
  return [
    g.origin[0] + g.colDir[0] * column * g.colSpacing + g.rowDir[0] * row * g.rowSpacing,
    g.origin[1] + g.colDir[1] * column * g.colSpacing + g.rowDir[1] * row * g.rowSpacing,
    g.origin[2] + g.colDir[2] * column * g.colSpacing + g.rowDir[2] * row * g.rowSpacing,
  ];
}
