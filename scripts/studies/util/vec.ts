// Minimal 3-vector helpers for the anatomy model (patient LPS coordinates, millimetres).

export type Vec3 = readonly [number, number, number];

export const add = (a: Vec3, b: Vec3): Vec3 => [a[0] + b[0], a[1] + b[1], a[2] + b[2]];
export const sub = (a: Vec3, b: Vec3): Vec3 => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
export const scale = (a: Vec3, s: number): Vec3 => [a[0] * s, a[1] * s, a[2] * s];
export const dot = (a: Vec3, b: Vec3): number => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
export const cross = (a: Vec3, b: Vec3): Vec3 => [
  a[1] * b[2] - a[2] * b[1],
  a[2] * b[0] - a[0] * b[2],
  a[0] * b[1] - a[1] * b[0],
];
export const norm = (a: Vec3): number => Math.hypot(a[0], a[1], a[2]);
export const normalize = (a: Vec3): Vec3 => scale(a, 1 / norm(a));
export const lerp = (a: Vec3, b: Vec3, t: number): Vec3 => [
  a[0] + (b[0] - a[0]) * t,
  a[1] + (b[1] - a[1]) * t,
  a[2] + (b[2] - a[2]) * t,
];

/** Mirrors a point or direction from the patient's left to right side (x → -x). */
export const mirrorX = (a: Vec3): Vec3 => [-a[0], a[1], a[2]];

/** An orthonormal frame whose third axis is `w`, the first as close to `hint` as possible. */
export function frameFromAxis(w: Vec3, hint: Vec3 = [1, 0, 0]): [Vec3, Vec3, Vec3] {
  const ww = normalize(w);
  let h = hint;
  if (Math.abs(dot(normalize(h), ww)) > 0.95) h = Math.abs(ww[2]) < 0.9 ? [0, 0, 1] : [0, 1, 0];
  const u = normalize(sub(h, scale(ww, dot(h, ww))));
  const v = cross(ww, u);
  return [u, v, ww];
}

/** Rotation of `v` about unit axis `k` by `angle` radians (Rodrigues). */
export function rotate(v: Vec3, k: Vec3, angle: number): Vec3 {
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  const kv = cross(k, v);
  const kd = dot(k, v) * (1 - c);
  return [v[0] * c + kv[0] * s + k[0] * kd, v[1] * c + kv[1] * s + k[1] * kd, v[2] * c + kv[2] * s + k[2] * kd];
}
