// Tumoral calcinosis: clusters of calcified cystic lobules (walls, fluid, sedimented calcium) with perilesional edema,
// placed where the case report puts them, for the admission and relapse time points.
import type { Vec3 } from '../util/vec';
import { sub, norm, dot, add, scale, normalize, frameFromAxis } from '../util/vec';
import { Rng } from '../util/prng';
import { type Shape, ellipsoid, contains, tube, inset, withClips, segmentEllipsoid } from './shapes';
import { noise3 } from '../util/noise3';
import { type Part, type Side, part, Priority } from './parts';
import { Tissue } from './tissues';
import { sciaticPath } from './anatomy';

export type Timepoint = 'admission' | 'relapse';

/** Finding keys of FACTS.md that a cluster stands for. */
export type FindingKey =
  | 'periarticular-calcification'
  | 'gluteus-medius-involvement'
  | 'quadratus-femoris-involvement'
  | 'sciatic-nerve-encasement'
  | 'thigh-deposits'
  | 'relapse-posterior-thigh-mass';

export interface ClusterSpec {
  key: string;
  finding: FindingKey;
  side: Side;
  center: Vec3;
  extent: Vec3;
  count: number;
  /** Smallest and largest lobule radius; the sizes between follow a heavy-tailed power law (see SIZE_ALPHA). */
  rMin: number;
  rMax: number;
  /** Tracer uptake of the deposits relative to muscle. */
  uptake: number;
  /** Edema halo size relative to the extent; 0 for none. */
  edema: number;
  /** Sub-masses (centre, semi-axes) the lobules gather in, making one lobulated mass; default: centre and extent. */
  lobes?: { center: Vec3; extent: Vec3 }[];
  /** Place lobules in a sleeve around the sciatic nerve between these heights; with `clumps`, gathered in that many
   * lobulated clumps on the sleeve rather than spread evenly over it. */
  aroundNerve?: { zTop: number; zBottom: number; inner: number; outer: number; clumps?: number };
}

export interface Lobule {
  center: Vec3;
  /** Mean radius; the lobule is an ellipsoid with semi-axes `radii` along `axes`. */
  r: number;
  radii: Vec3;
  axes: [Vec3, Vec3, Vec3];
  wall: number;
  /** solid: dense calcium; milk: cyst full of calcium slurry; level: fluid over sediment; cyst: fluid with a calcified rim. */
  kind: 'cyst' | 'solid' | 'level' | 'milk';
  /** For 'level' lobules: sediment fills the dependent (posterior, patient supine) part beyond this offset from the centre along +y. */
  level: number;
  /** Later lobules of the same cluster this one is fused to by calcified matrix (indices into the cluster's lobules). */
  links?: number[];
  /** Smaller lobes budding from a large lobule (same axes and contents), making its outline lobulated, not round. */
  buds?: { center: Vec3; radii: Vec3 }[];
}

const mirror = (v: Vec3): Vec3 => [-v[0], v[1], v[2]];

function bilateral(spec: Omit<ClusterSpec, 'side' | 'key'> & { key: string }, rightScale = 1, rightCount = spec.count): ClusterSpec[] {
  return [
    { ...spec, key: `${spec.key}-L`, side: 'L' },
    {
      ...spec,
      key: `${spec.key}-R`,
      side: 'R',
      center: mirror(spec.center),
      extent: scale(spec.extent, rightScale),
      ...(spec.lobes ? { lobes: spec.lobes.map((l) => ({ center: mirror(l.center), extent: scale(l.extent, rightScale) })) } : {}),
      count: rightCount,
      ...(spec.aroundNerve ? { aroundNerve: spec.aroundNerve } : {}),
    },
  ];
}

export function clusterSpecs(t: Timepoint): ClusterSpec[] {
  const specs: ClusterSpec[] = [
    ...bilateral({
      key: 'hip', finding: 'periarticular-calcification', center: [130, 22, -12], extent: [40, 40, 50], count: 255, rMin: 1.6, rMax: 13, uptake: 28, edema: 0.8,
      lobes: [
        { center: [160, 16, 2], extent: [17, 26, 32] },
        { center: [124, 54, -4], extent: [17, 15, 24] },
        { center: [90, 24, -64], extent: [20, 17, 15] },
        { center: [130, 22, 34], extent: [14, 20, 16] },
        { center: [132, -24, -22], extent: [13, 12, 22] },
        { center: [150, 38, -46], extent: [16, 16, 20] },
      ],
    }, 0.9, 215),
    ...bilateral({ key: 'gluteus-medius', finding: 'gluteus-medius-involvement', center: [134, 24, 48], extent: [15, 12, 22], count: 13, rMin: 2.4, rMax: 11, uptake: 26, edema: 1.7 }, 0.85, 13),
    ...bilateral({ key: 'quadratus-femoris', finding: 'quadratus-femoris-involvement', center: [98, 36, -54], extent: [18, 8, 9], count: 12, rMin: 2.2, rMax: 8.5, uptake: 26, edema: 1.9 }, 0.9, 7),
    ...bilateral({
      key: 'sciatic', finding: 'sciatic-nerve-encasement', center: [95, 48, -100], extent: [24, 24, 45], count: 42, rMin: 2.2, rMax: 11, uptake: 30, edema: 1.5,
      aroundNerve: { zTop: -60, zBottom: -145, inner: 9, outer: 22, clumps: 4 },
    }, 0.8, 21),
    // Deposits further down the thighs gather in small lobulated clumps rather than lying about as single nodules.
    ...bilateral({
      key: 'thigh-lateral', finding: 'thigh-deposits', center: [150, 8, -120], extent: [10, 20, 42], count: 12, rMin: 1.8, rMax: 7.5, uptake: 22, edema: 1.4,
      lobes: [{ center: [150, 6, -106], extent: [7, 9, 10] }, { center: [148, 12, -136], extent: [6, 8, 9] }],
    }, 1, 9),
    {
      key: 'thigh-posterior-R', finding: 'thigh-deposits', side: 'R', center: [-96, 50, -175], extent: [18, 14, 40], count: 13, rMin: 2, rMax: 8.5, uptake: 26, edema: 1.5,
      lobes: [{ center: [-92, 56, -160], extent: [9, 8, 11] }, { center: [-88, 58, -192], extent: [7, 7, 9] }],
    },
  ];
  if (t === 'admission') {
    specs.push({
      // The middle and distal thirds of the posterior thigh (hip at z 0, knee at -418): where the bone scan is hottest.
      key: 'thigh-posterior-L', finding: 'thigh-deposits', side: 'L', center: [94, 52, -272], extent: [24, 18, 74], count: 65, rMin: 1.3, rMax: 10, uptake: 110, edema: 1.0,
      lobes: [{ center: [86, 58, -222], extent: [12, 10, 16] }, { center: [104, 58, -260], extent: [11, 9, 15] }, { center: [88, 60, -296], extent: [11, 9, 14] }, { center: [98, 58, -330], extent: [10, 9, 13] }],
    });
  } else {
    specs.push({
      key: 'thigh-posterior-L', finding: 'relapse-posterior-thigh-mass', side: 'L', center: [90, 52, -245], extent: [34, 24, 76], count: 350, rMin: 1.9, rMax: 15, uptake: 60, edema: 1.0,
      aroundNerve: { zTop: -170, zBottom: -320, inner: 8, outer: 34 },
    });
  }
  return specs;
}

function distanceToPolyline(p: Vec3, line: Vec3[]): number {
  let best = Infinity;
  for (let i = 0; i + 1 < line.length; i++) {
    const a = line[i]!;
    const ab = sub(line[i + 1]!, a);
    const t = Math.max(0, Math.min(1, dot(sub(p, a), ab) / dot(ab, ab)));
    best = Math.min(best, norm(sub(p, add(a, scale(ab, t)))));
  }
  return best;
}

const mirrorPath = (path: Vec3[]) => path.map(mirror);

/** Point on the nerve path at height z (linear between path points). */
function nerveAt(path: Vec3[], z: number): Vec3 {
  for (let i = 0; i + 1 < path.length; i++) {
    const a = path[i]!;
    const b = path[i + 1]!;
    if ((a[2] - z) * (b[2] - z) <= 0) {
      const t = (z - a[2]) / (b[2] - a[2] || 1);
      return add(a, scale(sub(b, a), t));
    }
  }
  return path[path.length - 1]!;
}

/** Semi-axis of a lobule's ellipsoid along the unit direction d. */
function radiusAlong(axes: [Vec3, Vec3, Vec3], radii: Vec3, d: Vec3): number {
  let q = 0;
  for (let k = 0; k < 3; k++) q += (dot(d, axes[k]) / radii[k]) ** 2;
  return 1 / Math.sqrt(q);
}

/** Whether p lies inside the lobule's ellipsoid. */
function insideLobule(l: { center: Vec3; axes: [Vec3, Vec3, Vec3]; radii: Vec3 }, p: Vec3): boolean {
  const v = sub(p, l.center);
  let q = 0;
  for (let k = 0; k < 3; k++) q += (dot(v, l.axes[k]) / l.radii[k]) ** 2;
  return q < 1;
}

/**
 * Lobule sizes are heavy-tailed (a truncated power law: the number of lobules larger than r falls as r^-SIZE_ALPHA),
 * so each cluster has a few large cysts, more middle-sized ones and many small loculi, not a bunch of equal grapes.
 */
const SIZE_ALPHA = 1.5;
/** Share of the lobules (after the large ones) set down on their own in the cluster rather than packed onto the mass. */
const SATELLITE_SHARE = 0.02;

const hasCavity = (k: Lobule['kind']) => k !== 'solid';

/**
 * Scatters the lobules of a cluster. `blocked` says where a lobule may not go (bone, outside the body);
 * the sciatic nerve is always kept clear so that the deposits surround it rather than replace it.
 *
 * The lobules are set down largest first: the large cysts where the cluster's lobes (or the nerve sleeve's clumps) are,
 * then each smaller one packed against the lobules already there, in the crevice where it touches most of them, so the
 * small loculi fill the gaps between and around the large cysts and share thin calcified septa with them ("chicken
 * wire"); a few are left lying loose as satellites.
 */
export function scatterLobules(spec: ClusterSpec, blocked: (p: Vec3) => boolean): Lobule[] {
  const rng = new Rng(`lobules/${spec.key}`);
  const nerve = spec.side === 'R' ? mirrorPath(sciaticPath) : sciaticPath;
  const lobules: Lobule[] = [];
  const lobes = spec.lobes ?? [{ center: spec.center, extent: spec.extent }];
  const lobeVolume = lobes.map((l) => l.extent[0] * l.extent[1] * l.extent[2]);
  const totalLobeVolume = lobeVolume.reduce((a, b) => a + b, 0);
  const clumpRng = new Rng(`clumps/${spec.key}`);
  const clumps = Array.from({ length: spec.aroundNerve?.clumps ?? 0 }, (_, k) => ({ t: (k + 0.2 + 0.6 * clumpRng.next()) / (spec.aroundNerve?.clumps ?? 1), ang: clumpRng.next() * 2 * Math.PI }));
  // Radii by stratified sampling of the power law, largest first.
  const tail = 1 - Math.pow(spec.rMin / spec.rMax, SIZE_ALPHA);
  const sizes = Array.from({ length: spec.count }, (_, i) => spec.rMin * Math.pow(1 - ((i + rng.next()) / spec.count) * tail, -1 / SIZE_ALPHA)).reverse();
  const big = (r: number) => r >= 0.5 * spec.rMax;
  // Seeds are placed freely: one per clump on the nerve sleeve (the rest of each clump grows onto it, so a clump is one
  // lobulated mass rather than a string of beads), else at least one per lobe and all the large lobules; the rest grow
  // onto the mass.
  const seeds = clumps.length > 0 ? clumps.length : Math.max(lobes.length, sizes.filter(big).length);

  // The nerve sleeve: how far from the nerve a lobule of radius r may lie at height z and angle ang.
  const sleeveReach = (z: number, ang: number, r: number) => {
    const { zTop, zBottom, inner, outer } = spec.aroundNerve!;
    const t = (z - zBottom) / (zTop - zBottom);
    const profile = Math.sqrt(Math.max(0.04, 1 - (2 * t - 1) ** 2));
    const uneven = 0.7 + 0.6 * (0.5 + 0.5 * noise3(Math.cos(ang) * 40, Math.sin(ang) * 40, z, 28, 91));
    return { min: inner + r, span: (outer - inner) * profile * uneven };
  };
  /** A free position for a lobule of radius r (the k-th seed, or a satellite when k < 0). */
  const freePosition = (r: number, k: number): Vec3 | undefined => {
    if (spec.aroundNerve) {
      const { zTop, zBottom } = spec.aroundNerve;
      // Heights spread most densely midway and thinning out past both ends, so the mass has no flat top or bottom.
      let z = (zTop + zBottom) / 2 + ((zTop - zBottom) / 2) * 1.2 * (rng.next() + rng.next() - 1);
      let ang = rng.next() * 2 * Math.PI;
      if (clumps.length > 0) {
        const c = clumps[k >= 0 && k < clumps.length ? k : Math.floor(rng.next() * clumps.length)]!;
        z = zBottom + (zTop - zBottom) * c.t + rng.range(-1, 1) * 11;
        ang = c.ang + rng.range(-1, 1) * 0.9;
      }
      const axis = nerveAt(nerve, z);
      // The sleeve is thickest midway and tapers toward both ends, with a lobulated, uneven outline: a spindle-shaped
      // mass rather than a cylinder with flat ends.
      const reach = sleeveReach(z, ang, r);
      const dist = reach.min + reach.span * rng.next();
      return [axis[0] + Math.cos(ang) * dist, axis[1] + Math.sin(ang) * dist * 0.85, z];
    }
    const u = rng.range(-1, 1);
    const v = rng.range(-1, 1);
    const w = rng.range(-1, 1);
    if (u * u + v * v + w * w > 1) return undefined;
    // Each lobe gets a large cyst first; then the lobes draw lobules in proportion to their size.
    let lobe = lobes[0]!;
    if (k >= 0 && k < lobes.length) lobe = lobes[k]!;
    else {
      let pick = rng.next() * totalLobeVolume;
      for (let i = 0; i < lobes.length; i++) {
        lobe = lobes[i]!;
        pick -= lobeVolume[i]!;
        if (pick < 0) break;
      }
    }
    // Large cysts sit well inside their lobe so the mass keeps the lobe's place and size.
    const depth = big(r) ? 0.7 : k < 0 ? 1.2 : 1;
    return [lobe.center[0] + u * depth * lobe.extent[0], lobe.center[1] + v * depth * lobe.extent[1], lobe.center[2] + w * depth * lobe.extent[2]];
  };
  /** Whether a lobule centred at c is within the cluster's bounds (its lobes or its nerve sleeve). */
  const withinCluster = (c: Vec3, r: number) => {
    if (spec.aroundNerve) {
      const { zTop, zBottom } = spec.aroundNerve;
      const axis = nerveAt(nerve, c[2]);
      const dx = c[0] - axis[0];
      const dy = (c[1] - axis[1]) / 0.85;
      const reach = sleeveReach(c[2], Math.atan2(dy, dx), r);
      return c[2] < zTop + 14 && c[2] > zBottom - 14 && Math.hypot(dx, dy) <= reach.min + reach.span + 1;
    }
    return lobes.some((l) => ((c[0] - l.center[0]) / l.extent[0]) ** 2 + ((c[1] - l.center[1]) / l.extent[1]) ** 2 + ((c[2] - l.center[2]) / l.extent[2]) ** 2 <= 1.15 ** 2);
  };
  /** How many lobules the candidate touches, or -1 where it would swallow or breach one or enter bone or the nerve. */
  const fit = (cand: Lobule): number => {
    const { center: c, r } = cand;
    if (distanceToPolyline(c, nerve) < Math.max(...cand.radii) + 4) return -1;
    let touching = 0;
    for (const l of lobules) {
      const v = sub(c, l.center);
      const d = norm(v);
      if (d > l.r * 1.5 + r * 1.5 + 2) continue;
      if (d < 1e-6) return -1;
      const e = scale(v, 1 / d);
      const reach = radiusAlong(l.axes, l.radii, e) + radiusAlong(cand.axes, cand.radii, e);
      // Neighbours share a wall: two cavities may overlap by about the thickness of their walls, never more, so a thin
      // calcified septum always parts them; a solid lobule may sink a little further into its neighbour.
      const allowance = 0.6 * (l.wall + cand.wall) + (hasCavity(l.kind) && hasCavity(cand.kind) ? 0 : 0.3 * Math.min(l.r, r));
      if (d < reach - allowance) return -1;
      if (d < reach + 1.2) touching++;
    }
    const probes: Vec3[] = [c];
    for (let k = 0; k < 3; k++) for (const s of [-1, 1]) probes.push(add(c, scale(cand.axes[k], s * cand.radii[k])));
    if (r > 4) for (const sx of [-1, 1]) for (const sy of [-1, 1]) for (const sz of [-1, 1]) {
      probes.push(add(c, add(scale(cand.axes[0], sx * 0.577 * cand.radii[0]), add(scale(cand.axes[1], sy * 0.577 * cand.radii[1]), scale(cand.axes[2], sz * 0.577 * cand.radii[2])))));
    }
    if (probes.some(blocked)) return -1;
    return touching;
  };

  let attempts = 0;
  // A lobule that finds no room is tried again a little smaller before it is given up.
  let shrink = 1;
  for (let i = 0; i < sizes.length && attempts < spec.count * 400; i++) {
    const r = sizes[i]! * shrink;
    const roll = rng.next();
    // Chalky content dominates. Half the large cysts are full of calcium slurry, the other half hold a fluid-calcium
    // level (seen only with a horizontal beam or on sections); none is fluid with only a rim, which would show as a bare
    // ring. The middle-sized ones are a mix; the smallest loculi are mostly solid chalk, a few fluid-filled.
    const kind: Lobule['kind'] = big(r)
      ? roll < 0.5 ? 'level' : 'milk'
      : r < Math.max(spec.rMin + 0.8, 2.6)
        ? roll < 0.62 ? 'solid' : roll < 0.9 ? 'milk' : 'cyst'
        : roll < 0.45 ? 'solid' : roll < 0.8 ? 'milk' : roll < 0.94 ? 'level' : 'cyst';
    const axes = frameFromAxis([rng.gauss(), rng.gauss(), rng.gauss() + 1e-3], [rng.gauss(), rng.gauss(), rng.gauss()]);
    const radii: Vec3 = [r * rng.range(0.72, 1.18), r * rng.range(0.76, 1.2), r * rng.range(0.88, 1.4)];
    const wall = Math.min(r * 0.3, 0.45 + 0.6 * rng.next());
    // The sediment is a dependent layer, a third to a half of the cavity's depth.
    const level = big(r) ? r * rng.range(0.05, 0.4) : r * rng.range(0, 0.4);
    const make = (center: Vec3): Lobule => ({ center, r, radii, axes, wall, kind, level });
    const satellite = i >= seeds && rng.next() < SATELLITE_SHARE;
    let best: Lobule | undefined;
    let bestTouch = -1;
    let found = 0;
    for (let tries = 0; tries < 60 && found < 6; tries++) {
      attempts++;
      let c: Vec3 | undefined;
      if (i < seeds || satellite || lobules.length === 0) {
        c = freePosition(r, satellite ? -1 : i);
      } else {
        // Against a lobule already placed (the larger ones, with more surface, more often), on a random side.
        let pick = rng.next() * lobules.reduce((a, l) => a + l.r * l.r, 0);
        let anchor = lobules[0]!;
        for (const l of lobules) {
          anchor = l;
          pick -= l.r * l.r;
          if (pick < 0) break;
        }
        const dir: Vec3 = [rng.gauss(), rng.gauss(), rng.gauss()];
        const e = scale(dir, 1 / (norm(dir) || 1));
        const gap = radiusAlong(anchor.axes, anchor.radii, e) + radiusAlong(axes, radii, e) - 0.5 * (anchor.wall + wall);
        c = add(anchor.center, scale(e, gap));
        if (!withinCluster(c, r)) continue;
      }
      if (!c) continue;
      const cand = make(c);
      const touch = fit(cand);
      if (touch < 0) continue;
      found++;
      // Seeds and satellites take the first place that fits; packed lobules the crevice touching most neighbours.
      if (i < seeds || satellite) {
        best = cand;
        break;
      }
      if (touch > bestTouch) {
        best = cand;
        bestTouch = touch;
      }
    }
    if (best) lobules.push(best);
    if (!best && shrink > 0.6 && r * 0.85 >= spec.rMin) {
      shrink *= 0.85;
      i--;
    } else shrink = 1;
  }
  // Large lobules are lobulated: a daughter lobe buds from one side (where it stays clear of bone, the nerve and the
  // neighbouring lobules).
  const budRng = new Rng(`buds/${spec.key}`);
  const firstBudAxis = new Map<Lobule, number>();
  for (const l of lobules) {
    const side = budRng.next() < 0.5 ? -1 : 1;
    const k = budRng.next() < 0.5 ? 0 : 1;
    const axis = l.axes[k];
    const f = budRng.range(0.5, 0.7);
    if (l.r < 0.5 * spec.rMax) continue;
    const center = add(l.center, scale(axis, side * 0.72 * l.r));
    const radii = scale(l.radii, f);
    const tip = add(l.center, scale(axis, side * (0.72 * l.r + f * l.r * 1.2)));
    const mid = add(l.center, scale(axis, side * (0.72 * l.r + f * l.r * 0.6)));
    if (blocked(center) || blocked(tip) || distanceToPolyline(center, nerve) < f * l.r * 1.3 + 5) continue;
    if (lobules.some((o) => o !== l && (insideLobule(o, tip) || insideLobule(o, mid)))) continue;
    l.buds = [{ center, radii }];
    firstBudAxis.set(l, k);
  }
  // The largest also bud a second, smaller lobe on another axis, so none of them is a plain ball.
  const bud2Rng = new Rng(`buds2/${spec.key}`);
  for (const l of lobules) {
    const side = bud2Rng.next() < 0.5 ? -1 : 1;
    const f = bud2Rng.range(0.38, 0.55);
    if (l.r < 0.6 * spec.rMax) continue;
    const axis = l.axes[firstBudAxis.get(l) === 0 ? 1 : 0];
    const axis2 = l.axes[2];
    const dir = normalize(add(scale(axis, side * 0.8), scale(axis2, 0.6)));
    const center = add(l.center, scale(dir, 0.78 * l.r));
    const radii = scale(l.radii, f);
    const tip = add(l.center, scale(dir, 0.78 * l.r + f * l.r * 1.2));
    if (blocked(center) || blocked(tip) || distanceToPolyline(center, nerve) < f * l.r * 1.3 + 5) continue;
    if (lobules.some((o) => o !== l && insideLobule(o, tip))) continue;
    (l.buds ??= []).push({ center, radii });
  }
  // Neighbouring lobules are fused by amorphous calcified matrix into one mass; no bridge crosses bone or the nerve.
  for (let i = 0; i < lobules.length; i++) {
    const a = lobules[i]!;
    const links: number[] = [];
    for (let j = i + 1; j < lobules.length; j++) {
      const b = lobules[j]!;
      const v = sub(b.center, a.center);
      const d = norm(v);
      if (d > 1.5 * (a.r + b.r) + 2) continue;
      const e = scale(v, 1 / (d || 1));
      const gap = d - radiusAlong(a.axes, a.radii, e) - radiusAlong(b.axes, b.radii, e);
      if (gap > 0.6 * Math.min(a.r, b.r) + 1.5) continue;
      const rr = bridgeRadius(a, b);
      const mids = [0.3, 0.5, 0.7].map((t) => add(a.center, scale(v, t)));
      if (mids.some((m) => blocked(m) || distanceToPolyline(m, nerve) < rr + 4)) continue;
      links.push(j);
    }
    if (links.length > 0) a.links = links;
  }
  return lobules;
}

const bridgeRadius = (a: Lobule, b: Lobule) => 0.62 * Math.min(a.r, b.r);

/** Parts of one cluster: calcific walls and solid nodules, fluid cores, sediment, and an edema halo. */
export function clusterParts(spec: ClusterSpec, lobules: Lobule[]): Part[] {
  const walls: Shape[] = [];
  const nodules: Shape[] = [];
  const cores: Shape[] = [];
  const sediment: Shape[] = [];
  const milk: Shape[] = [];
  for (const l of lobules) {
    const lobes: Shape[] = [{ kind: 'ellipsoid', center: l.center, axes: l.axes, radii: l.radii, clips: [], bound: Math.max(...l.radii) }];
    for (const b of l.buds ?? []) lobes.push({ kind: 'ellipsoid', center: b.center, axes: l.axes, radii: b.radii, clips: [], bound: Math.max(...b.radii) });
    for (const outer of lobes) {
      if (l.kind === 'solid') {
        nodules.push(outer);
        continue;
      }
      walls.push(outer);
      const inner = inset(outer, l.wall);
      if (l.kind === 'milk') {
        milk.push(inner);
        continue;
      }
      cores.push(inner);
      // One level across the whole cavity, lobe and bud alike.
      if (l.kind === 'level') sediment.push(withClips(inner, [{ n: [0, -1, 0], d: -(l.center[1] + l.level) }]));
    }
  }
  sediment.push(...milk);
  // Calcified matrix: bridges between fused lobules and a thin mantle around lobules that have neighbours, so the mass
  // is confluent and lobulated instead of a heap of separate bubbles.
  const matrix: Shape[] = [];
  const linked = new Set<number>();
  lobules.forEach((a, i) => {
    for (const j of a.links ?? []) {
      const b = lobules[j]!;
      const rr = bridgeRadius(a, b);
      matrix.push(segmentEllipsoid(a.center, b.center, rr, rr * 0.8, [a.axes[0][0], a.axes[0][1], a.axes[0][2]], 0));
      linked.add(i);
      linked.add(j);
    }
  });
  for (const i of linked) {
    const l = lobules[i]!;
    // The mantle is as thick as before around small lobules, but stays thin around the large cysts.
    const t = Math.min(0.22 * l.r, 1.6);
    const radii: Vec3 = [l.radii[0] + t, l.radii[1] + t, l.radii[2] + t];
    matrix.push({ kind: 'ellipsoid', center: l.center, axes: l.axes, radii, clips: [], bound: Math.max(...radii) });
  }
  const side = spec.side === 'L' ? 'left' : spec.side === 'R' ? 'right' : '';
  const extra = { cluster: spec.key, uptake: spec.uptake };
  const parts: Part[] = [
    // Solid chalky nodules, and the calcified walls of the cystic lobules (Part.cystWall).
    part(`${side} ${spec.key} calcific deposits`, spec.side, Tissue.calcium, Priority.depositWall, nodules, extra),
    part(`${side} ${spec.key} lobule walls`, spec.side, Tissue.calcium, Priority.depositWall, walls, { ...extra, cystWall: true }),
    part(`${side} ${spec.key} lobule fluid`, spec.side, Tissue.fluid, Priority.depositContent, cores, extra),
  ];
  if (matrix.length > 0) parts.push(part(`${side} ${spec.key} calcific matrix`, spec.side, Tissue.sediment, Priority.depositWall - 1, matrix, extra));
  if (sediment.length > 0) parts.push(part(`${side} ${spec.key} calcium sediment`, spec.side, Tissue.sediment, Priority.depositSediment, sediment, extra));
  if (spec.edema > 0) {
    // The region edema may reach: everywhere its strength (edemaStrength) can still show. How much of it is edematous,
    // and how strongly, is the strength's business; the region only bounds it.
    const halo: Shape[] = (spec.lobes ?? [{ center: spec.center, extent: spec.extent }]).map((l) => ellipsoid(l.center, scale(l.extent, spec.edema)));
    // (One halo per lobule that sticks out of the halos already taken by more than half a reach, largest first: the
    // packed small loculi share their neighbours' halos, and the region costs a few dozen shapes, not hundreds.)
    const reach = edemaReach(spec);
    const taken: Lobule[] = [];
    for (const l of [...lobules].sort((a, b) => b.r - a.r)) {
      const juts = (t: Lobule) => Math.hypot(l.center[0] - t.center[0], l.center[1] - t.center[1], (l.center[2] - t.center[2]) / ALONG_FIBRES) + l.r - t.r;
      if (taken.some((t) => juts(t) < 0.5 * reach)) continue;
      taken.push(l);
      const r = l.r + EDEMA_REGION * reach + WANDER_REACH;
      halo.push(ellipsoid(l.center, [r, r, l.r + EDEMA_REGION * reach * ALONG_FIBRES + WANDER_REACH]));
    }
    if (spec.aroundNerve) {
      const nerve = spec.side === 'R' ? mirrorPath(sciaticPath) : sciaticPath;
      const { zTop, zBottom } = spec.aroundNerve;
      const pts: Vec3[] = [];
      for (let z = zTop + 15; z >= zBottom - 15; z -= 20) pts.push(nerveAt(nerve, z));
      halo.push(...tube(pts, pts.map(() => 13)));
    }
    // (The hyperaemic muscle takes up a little tracer, spread over the whole region.)
    parts.push(part(`${side} ${spec.key} edema`, spec.side, Tissue.edema, Priority.edema, halo, { cluster: spec.key, uptake: spec.uptake * 0.04, overlay: true }));
  }
  return parts;
}

/** Edema's reach (mm) from a cluster's lobules before its local variation: farther round the more inflamed clusters. */
const edemaReach = (spec: ClusterSpec) => 6 + 4 * spec.edema;
/** How much farther edema spreads along the muscle fibres (head to feet) than across them. */
const ALONG_FIBRES = 2;
/** The edema region's margin beyond each lobule, in reaches (and WANDER_REACH): beyond it the strength is under a fifth, and fading. */
const EDEMA_REGION = 2.6;

/** How far (mm) edemaStrength's smooth field moves the point it measures distances from, along each axis. */
const EDEMA_WANDER = 4;
/** How far that can move it in all (the regions and the search for sources near a slice allow for it). */
const WANDER_REACH = EDEMA_WANDER * Math.sqrt(3);

/**
 * A lobule as a source of edema: its centre, its largest radius and its cluster's reach (mm), and the way its edema
 * leans: the reach is full toward `lean` (a unit vector, mostly across the fibres) and shorter by `leanBy` (0..1) of
 * itself on the opposite side, so each lobule's edema is lopsided, its own way.
 */
export interface EdemaSource {
  center: Vec3;
  r: number;
  reach: number;
  lean: Vec3;
  leanBy: number;
}

/** Every lobule of the clusters with edema, and every lobe budding from one, as a source. */
export function edemaSources(clusters: { spec: ClusterSpec; lobules: Lobule[] }[]): EdemaSource[] {
  return clusters.filter((c) => c.spec.edema > 0).flatMap((c) => {
    const rng = new Rng(`edema lean/${c.spec.key}/${c.spec.side}`);
    const source = (center: Vec3, r: number): EdemaSource => {
      const angle = rng.range(0, 2 * Math.PI);
      const tilt = rng.range(-0.35, 0.35);
      return { center, r, reach: edemaReach(c.spec), lean: normalize([Math.cos(angle), Math.sin(angle), tilt]), leanBy: rng.range(0.3, 0.7) };
    };
    return c.lobules.flatMap((l) => [source(l.center, Math.max(...l.radii)), ...(l.buds ?? []).map((b) => source(b.center, Math.max(...b.radii)))]);
  });
}

/**
 * The sources that can reach points within `slab` mm of a plane through `origin` with unit normal `n`, inside the edema
 * regions (see edemaStrength: distances along the fibres count half).
 */
export function edemaSourcesNear(sources: EdemaSource[], origin: Vec3, n: Vec3, slab: number): EdemaSource[] {
  return sources.filter((s) => Math.abs(dot(sub(s.center, origin), n)) < ALONG_FIBRES * (s.r + EDEMA_REGION * s.reach) + WANDER_REACH + slab);
}

/**
 * How edematous the muscle at a point is, from 1 against a deposit down toward 0: it falls off exponentially with the
 * distance from the nearest lobule, over its cluster's reach, farther along the fibres than across them. The reach varies
 * in patient space from about a fifth to one and a half times, so edema spreads a few centimetres into the muscle on
 * one side of a deposit and hardly at all on another: it has no even rim and no outline of its own. Each lobule's reach
 * also leans one way (EdemaSource.lean), so even a lone nodule's edema is lopsided rather than a round halo.
 */
export function edemaStrength(sources: EdemaSource[], x0: number, y0: number, z0: number, hint: { winner: number } = { winner: 0 }): number {
  // (Finer variation too, over a centimetre: round a small deposit the edema reaches out in tongues and falls short
  // between them rather than glowing in an even disc.)
  const spread = Math.max(0.2, Math.min(1.5, 0.85 + 1.4 * noise3(x0, y0, z0 * 0.6, 24, 531) + 0.5 * noise3(x0, y0, z0 * 0.5, 9, 532)));
  // (And the distances are measured from a point pushed a few millimetres about by a smooth field, so the lines of equal
  // strength wander and finger out instead of being circles round each lobule.)
  const x = x0 + EDEMA_WANDER * noise3(x0, y0, z0 * 0.5, 7, 533);
  const y = y0 + EDEMA_WANDER * noise3(x0, y0, z0 * 0.5, 7, 534);
  const z = z0 + EDEMA_WANDER * noise3(x0, y0, z0 * 0.5, 7, 535);
  // The nearest source in reaches (q), the minimum over all sources whatever the order they are tried in. A source is
  // skipped on its squared distance only when it is clearly farther than the best so far (with a margin far above
  // rounding), and the search starts from the source that won at the caller's previous point (`hint`, which
  // neighbouring pixels mostly share), so most are skipped.
  // (The lean only shortens a source's reach, so a source's full reach still bounds it for the skip.)
  const qOf = (s: EdemaSource, d2: number) => {
    const d = Math.sqrt(d2);
    const toward = d > 1e-9 ? ((x - s.center[0]) * s.lean[0] + (y - s.center[1]) * s.lean[1] + ((z - s.center[2]) / ALONG_FIBRES) * s.lean[2]) / d : 1;
    return Math.max(0, d - s.r) / (s.reach * (1 - (s.leanBy * (1 - toward)) / 2));
  };
  const d2Of = (s: EdemaSource) => {
    const dx = x - s.center[0];
    const dy = y - s.center[1];
    const dz = (z - s.center[2]) / ALONG_FIBRES;
    return dx * dx + dy * dy + dz * dz;
  };
  let q = Infinity;
  let nearest = sources[hint.winner];
  if (nearest) q = qOf(nearest, d2Of(nearest));
  for (let k = 0; k < sources.length; k++) {
    const s = sources[k]!;
    const d2 = d2Of(s);
    const limit = q * s.reach + s.r;
    if (d2 > limit * limit * (1 + 1e-9) + 1e-9) continue;
    const qk = qOf(s, d2);
    if (qk < q) {
      q = qk;
      nearest = s;
      hint.winner = k;
    }
  }
  if (nearest === undefined || q === Infinity) return 0;
  // (Not all of a deposit's surroundings are inflamed alike: against one side of a lobule the muscle is as wet as it
  // gets, against another only half so, so no lobule has an even bright rim; and a small nodule inflames less of the
  // muscle, and less intensely, than a large lobule, so it does not glow as brightly as fluid.)
  const patch = Math.max(0.35, Math.min(1, 0.72 + 0.65 * noise3(x0, y0, z0 * 0.5, 13, 536)));
  const size = Math.min(1, 0.45 + nearest.r / 16);
  return Math.exp(-q / spread) * patch * size;
}

/** A predicate saying whether a point lies inside any of the given parts. */
export function insideAny(parts: Part[]): (p: Vec3) => boolean {
  return (p) => parts.some((pt) => pt.shapes.some((s) => contains(s, p[0], p[1], p[2])));
}
