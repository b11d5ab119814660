// Uniform Catmull-Rom interpolation: a smooth curve through a sequence of values or points (the first and last
// repeated at the ends), used to subdivide the model's rods so their outlines bend and taper without steps.
import type { Vec3 } from './vec';

/** The curve through `values` on the piece from values[i] to values[i + 1], at t from 0 to 1. */
export function catmullRom(values: readonly number[], i: number, t: number): number {
  const a = values[Math.max(0, i - 1)]!;
  const b = values[i]!;
  const c = values[i + 1]!;
  const d = values[Math.min(values.length - 1, i + 2)]!;
  const t2 = t * t;
  const t3 = t2 * t;
  return 0.5 * (2 * b + (-a + c) * t + (2 * a - 5 * b + 4 * c - d) * t2 + (-a + 3 * b - 3 * c + d) * t3);
}

/** The curve through `points` on the piece from points[i] to points[i + 1], at t from 0 to 1. */
export function catmullRomPoint(points: readonly Vec3[], i: number, t: number): Vec3 {
  const component = (j: number) => catmullRom(points.map((p) => p[j]!), i, t);
  return [component(0), component(1), component(2)];
}
