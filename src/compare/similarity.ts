// Alignment of two images from corresponding landmarks: the least-squares similarity transform
// (uniform scale, rotation, translation) in 2D, its inverse, and each landmark's residual in mm.
// Pure maths over image pixel coordinates [x, y] = [column, row]; no DOM, no Cornerstone.
import type { PixelSpacing } from '../annotations/measure';

export type Point2 = readonly [x: number, y: number];

/** p' = s·R(θ)·p + t, i.e. x' = a·x − b·y + tx, y' = b·x + a·y + ty with a = s·cos θ, b = s·sin θ. */
export interface Similarity {
  a: number;
  b: number;
  tx: number;
  ty: number;
}

export const IDENTITY: Similarity = { a: 1, b: 0, tx: 0, ty: 0 };

export const scaleOf = (t: Similarity) => Math.hypot(t.a, t.b);
/** Rotation in degrees; positive turns +x towards +y (clockwise on screen, where y points down). */
export const rotationDegreesOf = (t: Similarity) => (Math.atan2(t.b, t.a) * 180) / Math.PI;

export function applySimilarity(t: Similarity, [x, y]: Point2): [number, number] {
  return [t.a * x - t.b * y + t.tx, t.b * x + t.a * y + t.ty];
}

export function invertSimilarity(t: Similarity): Similarity {
  const s2 = t.a * t.a + t.b * t.b;
  const a = t.a / s2;
  const b = -t.b / s2;
  return { a, b, tx: -(a * t.tx - b * t.ty), ty: -(b * t.tx + a * t.ty) };
}

/** The transform as a 3×3 matrix acting on [x, y, 1] (the form ground-truth.json uses). */
export function similarityMatrix(t: Similarity): number[][] {
  return [
    [t.a, -t.b, t.tx],
    [t.b, t.a, t.ty],
    [0, 0, 1],
  ];
}

export class AlignmentError extends Error {}

/**
 * The similarity that maps `from[i]` closest to `to[i]` in the least-squares sense. Closed form
 * (the 2D case of Umeyama's method): with both point sets centred on their centroids, the best
 * s·R is the complex ratio Σ conj(p)·q / Σ |p|², and t moves the source centroid onto the target's.
 * Needs at least two pairs whose source points are not all the same.
 */
export function fitSimilarity(from: readonly Point2[], to: readonly Point2[]): Similarity {
  if (from.length !== to.length) throw new AlignmentError(`${from.length} source points but ${to.length} target points`);
  const n = from.length;
  if (n < 2) throw new AlignmentError('at least two landmark pairs are needed');
  const mean = (ps: readonly Point2[]) => ps.reduce<[number, number]>((m, p) => [m[0] + p[0] / n, m[1] + p[1] / n], [0, 0]);
  const [fx, fy] = mean(from);
  const [gx, gy] = mean(to);
  let dot = 0;
  let cross = 0;
  let norm = 0;
  for (let i = 0; i < n; i++) {
    const px = from[i][0] - fx;
    const py = from[i][1] - fy;
    const qx = to[i][0] - gx;
    const qy = to[i][1] - gy;
    dot += px * qx + py * qy;
    cross += px * qy - py * qx;
    norm += px * px + py * py;
  }
  if (!(norm > 1e-9)) throw new AlignmentError('the landmarks of the first image all coincide');
  const a = dot / norm;
  const b = cross / norm;
  return { a, b, tx: gx - (a * fx - b * fy), ty: gy - (b * fx + a * fy) };
}

export interface Residual {
  /** Distance from where the transform puts the source landmark to the target landmark, in mm. */
  mm: number;
  /** The same in target-image pixels. */
  px: number;
}

/**
 * Each landmark's residual, in mm of the target image (its spacing [row, column]); in pixels when
 * the target has no spacing (then mm equals px and `calibrated` is false).
 */
export function residuals(t: Similarity, from: readonly Point2[], to: readonly Point2[], spacing: PixelSpacing | null): { perLandmark: Residual[]; rmsMm: number; calibrated: boolean } {
  const calibrated = !!spacing && spacing.every((s) => Number.isFinite(s) && s > 0);
  const [sy, sx] = calibrated ? (spacing as PixelSpacing) : [1, 1];
  const perLandmark = from.map((p, i) => {
    const [x, y] = applySimilarity(t, p);
    const dx = x - to[i][0];
    const dy = y - to[i][1];
    return { mm: Math.hypot(dx * sx, dy * sy), px: Math.hypot(dx, dy) };
  });
  const rmsMm = perLandmark.length ? Math.sqrt(perLandmark.reduce((s, r) => s + r.mm * r.mm, 0) / perLandmark.length) : 0;
  return { perLandmark, rmsMm, calibrated };
}
