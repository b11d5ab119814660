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
