// Smooth 3D value noise from an integer hash (no state, so any point can be asked in any order): used to make surfaces
// and boundaries of the model irregular in the same way for every modality.

function hash3(ix: number, iy: number, iz: number, seed: number): number {
  let h = Math.imul(ix, 374761393) ^ Math.imul(iy, 668265263) ^ Math.imul(iz, 1274126177) ^ Math.imul(seed, 1442695041);
  h = Math.imul(h ^ (h >>> 13), 1274126177);
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296;
}

const fade = (t: number) => t * t * (3 - 2 * t);

/** Value noise in [-1, 1] with features about `cell` mm across. */
export function noise3(x: number, y: number, z: number, cell: number, seed = 0): number {
  const fx = x / cell;
  const fy = y / cell;
  const fz = z / cell;
  const ix = Math.floor(fx);
  const iy = Math.floor(fy);
  const iz = Math.floor(fz);
  const tx = fade(fx - ix);
  const ty = fade(fy - iy);
  const tz = fade(fz - iz);
  let acc = 0;
  for (let dz = 0; dz < 2; dz++) {
    const wz = dz ? tz : 1 - tz;
    for (let dy = 0; dy < 2; dy++) {
      const wy = dy ? ty : 1 - ty;
      for (let dx = 0; dx < 2; dx++) {
        const wx = dx ? tx : 1 - tx;
        acc += wx * wy * wz * hash3(ix + dx, iy + dy, iz + dz, seed);
      }
    }
  }
  return acc * 2 - 1;
}

/** Two octaves of value noise, roughly in [-1, 1]. */
export const fbm3 = (x: number, y: number, z: number, cell: number, seed = 0): number =>
  0.7 * noise3(x, y, z, cell, seed) + 0.3 * noise3(x, y, z, cell / 2.3, seed + 7);

/** The nearest and second-nearest feature points of cellular noise, and the nearest one's cell. */
export interface Cells {
  /** Distance (mm) to the nearest feature point. */
  f1: number;
  /** Distance (mm) to the second nearest. */
  f2: number;
  /** A fixed value in [0, 1) for the nearest point's cell (tells neighbouring cells apart). */
  id: number;
  /** The nearest feature point's y (mm). */
  y: number;
}

/**
 * Cellular (Worley) noise: one jittered feature point per `cell` mm lattice cube; z distances are scaled by `zScale`
 * (below 1, cells are elongated head to feet). Stateless, like noise3.
 */
export function cells3(x: number, y: number, z: number, cell: number, seed: number, zScale = 1, out: Cells = { f1: 0, f2: 0, id: 0, y: 0 }): Cells {
  const fx = x / cell;
  const fy = y / cell;
  const fz = (z * zScale) / cell;
  const ix = Math.floor(fx);
  const iy = Math.floor(fy);
  const iz = Math.floor(fz);
  let f1 = Infinity;
  let f2 = Infinity;
  let id = 0;
  let fy1 = 0;
  for (let dz = -1; dz <= 1; dz++) for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) {
    const cx = ix + dx;
    const cy = iy + dy;
    const cz = iz + dz;
    const px = cx + 0.1 + 0.8 * hash3(cx, cy, cz, seed);
    const py = cy + 0.1 + 0.8 * hash3(cx, cy, cz, seed + 1);
    const pz = cz + 0.1 + 0.8 * hash3(cx, cy, cz, seed + 2);
    const d = Math.hypot(px - fx, py - fy, pz - fz) * cell;
    if (d < f1) {
      f2 = f1;
      f1 = d;
      id = hash3(cx, cy, cz, seed + 3);
      fy1 = py;
    } else if (d < f2) f2 = d;
  }
  out.f1 = f1;
  out.f2 = f2;
  out.id = id;
  out.y = fy1 * cell;
  return out;
}

/**
 * A band-limited smooth field, roughly in [-1, 1] (spread like fbm3's): a sum of plane waves of random direction and
 * phase with wavelengths about 1.5 to 3 times `cell`. Unlike value noise it has no lattice, so a field that bends an
 * outline bends it into smooth curves, not into a polygon whose corners sit between the lattice's nodes.
 */
const WAVES = 8;
const waveTables = new Map<number, Float64Array>();

export function waves3(x: number, y: number, z: number, cell: number, seed = 0): number {
  let t = waveTables.get(seed);
  if (!t) {
    t = new Float64Array(WAVES * 4);
    for (let k = 0; k < WAVES; k++) {
      // A direction uniform on the sphere, a wavelength factor and a phase, all from the hash.
      const u = 2 * hash3(k, 1, 0, seed) - 1;
      const a = 2 * Math.PI * hash3(k, 2, 0, seed);
      const s = Math.sqrt(1 - u * u);
      const f = (2 * Math.PI) / (1.5 + 1.5 * hash3(k, 3, 0, seed));
      t.set([s * Math.cos(a) * f, s * Math.sin(a) * f, u * f, 2 * Math.PI * hash3(k, 4, 0, seed)], 4 * k);
    }
    waveTables.set(seed, t);
  }
  let acc = 0;
  for (let k = 0; k < WAVES; k++) acc += Math.cos((t[4 * k]! * x + t[4 * k + 1]! * y + t[4 * k + 2]! * z) / cell + t[4 * k + 3]!);
  return acc * (0.27 / Math.sqrt(WAVES / 2));
}
