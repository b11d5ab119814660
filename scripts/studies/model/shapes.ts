// Geometric primitives of the anatomy model: oriented ellipsoids and elliptic cylinders, optionally cut by planes,
// with exact point-inside tests (MR, scintigraphy) and exact ray chords (radiographs).
import { type Vec3, dot, sub, frameFromAxis, normalize, norm, lerp, scale } from '../util/vec';

/** Keeps the points p with dot(n, p) <= d. */
export interface HalfSpace {
  n: Vec3;
  d: number;
}

export interface Shape {
  kind: 'ellipsoid' | 'cylinder';
  center: Vec3;
  /** Orthonormal local axes; for a cylinder the third is its long axis. */
  axes: [Vec3, Vec3, Vec3];
  /** Semi-axes along the local axes; for a cylinder the third is half its length. */
  radii: Vec3;
  clips: HalfSpace[];
  /** Radius of a sphere about `center` containing the shape. */
  bound: number;
}

function makeShape(kind: Shape['kind'], center: Vec3, axes: [Vec3, Vec3, Vec3], radii: Vec3, clips: HalfSpace[] = []): Shape {
  const bound = kind === 'ellipsoid' ? Math.max(...radii) : Math.hypot(Math.max(radii[0], radii[1]), radii[2]);
  return { kind, center, axes, radii, clips, bound };
}

/** An axis-aligned ellipsoid. */
export const ellipsoid = (center: Vec3, radii: Vec3, clips: HalfSpace[] = []): Shape =>
  makeShape('ellipsoid', center, [[1, 0, 0], [0, 1, 0], [0, 0, 1]], radii, clips);

/** An ellipsoid whose third semi-axis `rw` lies along `w`; `rw` then `ru` along the axis closest to `hint`. */
export const orientedEllipsoid = (center: Vec3, w: Vec3, ru: number, rv: number, rw: number, hint: Vec3 = [1, 0, 0], clips: HalfSpace[] = []): Shape =>
  makeShape('ellipsoid', center, frameFromAxis(w, hint), [ru, rv, rw], clips);

export const sphere = (center: Vec3, r: number, clips: HalfSpace[] = []): Shape => ellipsoid(center, [r, r, r], clips);

/** An elliptic cylinder from a to b with cross-section semi-axes ru (toward hint) and rv. */
export function cylinder(a: Vec3, b: Vec3, ru: number, rv: number = ru, hint: Vec3 = [1, 0, 0], clips: HalfSpace[] = []): Shape {
  const axis = sub(b, a);
  return makeShape('cylinder', lerp(a, b, 0.5), frameFromAxis(axis, hint), [ru, rv, norm(axis) / 2], clips);
}

/** An ellipsoid spanning the segment a-b (its long semi-axis is half the segment plus `overlap`). */
export function segmentEllipsoid(a: Vec3, b: Vec3, ru: number, rv: number = ru, hint: Vec3 = [1, 0, 0], overlap = 0): Shape {
  const axis = sub(b, a);
  return orientedEllipsoid(lerp(a, b, 0.5), normalize(axis), ru, rv, norm(axis) / 2 + overlap, hint);
}

/** A tube following a polyline, made of overlapping ellipsoids with radii interpolated between the points. */
export function tube(points: Vec3[], radii: number[], hint: Vec3 = [1, 0, 0], flatten = 1): Shape[] {
  const out: Shape[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const a = points[i]!;
    const b = points[i + 1]!;
    const len = norm(sub(b, a));
    const steps = Math.max(1, Math.ceil(len / (Math.min(radii[i]!, radii[i + 1]!) * 1.6)));
    for (let s = 0; s < steps; s++) {
      const t0 = s / steps;
      const t1 = (s + 1) / steps;
      const r = radii[i]! + (radii[i + 1]! - radii[i]!) * (t0 + t1) / 2;
      out.push(segmentEllipsoid(lerp(a, b, t0), lerp(a, b, t1), r, r * flatten, hint, r * 0.7));
    }
  }
  return out;
}

/** Same shape, scaled about its own centre and shifted (used for inner cores of hollow bones and lobules). */
export function inset(s: Shape, by: number): Shape {
  const radii: Vec3 = [Math.max(0.2, s.radii[0] - by), Math.max(0.2, s.radii[1] - by), Math.max(0.2, s.radii[2] - (s.kind === 'cylinder' ? 0 : by))];
  return makeShape(s.kind, s.center, s.axes, radii, s.clips);
}

export const withClips = (s: Shape, clips: HalfSpace[]): Shape => makeShape(s.kind, s.center, s.axes, s.radii, [...s.clips, ...clips]);

export const translateShape = (s: Shape, by: Vec3): Shape =>
  makeShape(s.kind, [s.center[0] + by[0], s.center[1] + by[1], s.center[2] + by[2]], s.axes, s.radii,
    s.clips.map((c) => ({ n: c.n, d: c.d + dot(c.n, by) })));

export const scaleShape = (s: Shape, f: number): Shape => makeShape(s.kind, s.center, s.axes, scale(s.radii, f), s.clips);

/** True when the point is inside the shape. */
export function contains(s: Shape, x: number, y: number, z: number): boolean {
  const dx = x - s.center[0];
  const dy = y - s.center[1];
  const dz = z - s.center[2];
  if (dx * dx + dy * dy + dz * dz > s.bound * s.bound) return false;
  const [a0, a1, a2] = s.axes;
  const u = (dx * a0[0] + dy * a0[1] + dz * a0[2]) / s.radii[0];
  const v = (dx * a1[0] + dy * a1[1] + dz * a1[2]) / s.radii[1];
  const w = (dx * a2[0] + dy * a2[1] + dz * a2[2]) / s.radii[2];
  if (s.kind === 'ellipsoid') {
    if (u * u + v * v + w * w > 1) return false;
  } else if (u * u + v * v > 1 || w > 1 || w < -1) return false;
  for (const c of s.clips) if (c.n[0] * x + c.n[1] * y + c.n[2] * z > c.d) return false;
  return true;
}

/**
 * Entry and exit parameters of the ray o + t·d through the shape, written to out[0..1];
 * returns false when the ray misses. d need not be unit length; t is in units of |d|.
 */
export function chord(s: Shape, o: Vec3, d: Vec3, out: Float64Array): boolean {
  return chordWeighted(s, o, d, out) >= 0;
}

/**
 * The ray's chord through the shape, in t units of |d|, weighted by how centrally the ray passes: 1 through the
 * middle, falling smoothly to 0 at the outline (the chord times 1 - ρ², ρ the ray's distance from the centre in units
 * of the outline), and by the share of the chord that the shape's clip planes leave. Such a length has no edge where
 * the shape's outline or a cut face is: a bulge drawn with it fades into its surroundings. 0 when the ray misses.
 */
export function softChord(s: Shape, o: Vec3, d: Vec3, out: Float64Array): number {
  const w = chordWeighted(s, o, d, out);
  return w < 0 ? 0 : (out[1]! - out[0]!) * w;
}

/** Writes the chord to out[0..1] and returns its weight (see softChord), or -1 for a miss. */
function chordWeighted(s: Shape, o: Vec3, d: Vec3, out: Float64Array): number {
  const ox = o[0] - s.center[0];
  const oy = o[1] - s.center[1];
  const oz = o[2] - s.center[2];
  const [a0, a1, a2] = s.axes;
  const [r0, r1, r2] = s.radii;
  const pu = (ox * a0[0] + oy * a0[1] + oz * a0[2]) / r0;
  const pv = (ox * a1[0] + oy * a1[1] + oz * a1[2]) / r1;
  const pw = (ox * a2[0] + oy * a2[1] + oz * a2[2]) / r2;
  const du = (d[0] * a0[0] + d[1] * a0[1] + d[2] * a0[2]) / r0;
  const dv = (d[0] * a1[0] + d[1] * a1[1] + d[2] * a1[2]) / r1;
  const dw = (d[0] * a2[0] + d[1] * a2[1] + d[2] * a2[2]) / r2;
  let t0: number;
  let t1: number;
  let weight = 1;
  if (s.kind === 'ellipsoid') {
    const a = du * du + dv * dv + dw * dw;
    const b = pu * du + pv * dv + pw * dw;
    const c = pu * pu + pv * pv + pw * pw - 1;
    const disc = b * b - a * c;
    if (disc <= 0) return -1;
    const q = Math.sqrt(disc);
    t0 = (-b - q) / a;
    t1 = (-b + q) / a;
    weight = disc / a;
  } else {
    const a = du * du + dv * dv;
    const b = pu * du + pv * dv;
    const c = pu * pu + pv * pv - 1;
    if (a < 1e-12) {
      if (c > 0) return -1;
      t0 = -Infinity;
      t1 = Infinity;
      weight = -c;
    } else {
      const disc = b * b - a * c;
      if (disc <= 0) return -1;
      const q = Math.sqrt(disc);
      t0 = (-b - q) / a;
      t1 = (-b + q) / a;
      weight = disc / a;
    }
    if (Math.abs(dw) < 1e-12) {
      if (pw > 1 || pw < -1) return -1;
    } else {
      let e0 = (-1 - pw) / dw;
      let e1 = (1 - pw) / dw;
      if (e0 > e1) [e0, e1] = [e1, e0];
      if (e0 > t0) t0 = e0;
      if (e1 < t1) t1 = e1;
    }
  }
  const whole = t1 - t0;
  for (const c of s.clips) {
    // dot(n, o + t d) <= d  →  t·(n·d) <= c.d - n·o
    const nd = c.n[0] * d[0] + c.n[1] * d[1] + c.n[2] * d[2];
    const rhs = c.d - (c.n[0] * o[0] + c.n[1] * o[1] + c.n[2] * o[2]);
    if (Math.abs(nd) < 1e-12) {
      if (rhs < 0) return -1;
    } else if (nd > 0) {
      const lim = rhs / nd;
      if (lim < t1) t1 = lim;
    } else {
      const lim = rhs / nd;
      if (lim > t0) t0 = lim;
    }
  }
  if (t1 <= t0) return -1;
  out[0] = t0;
  out[1] = t1;
  // Where the clip planes shorten the chord, the weight falls with it, so it fades out toward a cut face too.
  return Math.min(1, weight) * (s.clips.length > 0 ? (t1 - t0) / whole : 1);
}

/**
 * A smooth rod along a polyline: elliptic cylinders between the points joined by ellipsoids at the points, so the
 * outline has no beads. Radii are per point (a segment uses the mean of its ends).
 */
export function rod(points: Vec3[], radii: number[], hint: Vec3 = [1, 0, 0], flatten = 1): Shape[] {
  const out: Shape[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const r = (radii[i]! + radii[i + 1]!) / 2;
    out.push(cylinder(points[i]!, points[i + 1]!, r, r * flatten, hint));
  }
  for (let i = 0; i < points.length; i++) {
    const a = points[Math.max(0, i - 1)]!;
    const b = points[Math.min(points.length - 1, i + 1)]!;
    const r = i === 0 || i === points.length - 1 ? radii[i]! : (radii[i]! + (radii[i - 1]! + radii[i + 1]!) / 2) / 2;
    out.push(orientedEllipsoid(points[i]!, normalize(sub(b, a)), r, r * flatten, r, hint));
  }
  return out;
}
