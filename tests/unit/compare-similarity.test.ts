// The landmark alignment of the compare view: least-squares similarity and residuals in mm.
import { describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  AlignmentError,
  applySimilarity,
  fitSimilarity,
  invertSimilarity,
  residuals,
  rotationDegreesOf,
  scaleOf,
  similarityMatrix,
  type Point2,
} from '../../src/compare/similarity';

interface PelvisTransform {
  matrix: number[][];
  scale: number;
  rotationDegrees: number;
  pixelSpacingMm: number;
  landmarks: { name: string; from: [number, number]; to: [number, number] }[];
}
const groundTruth = JSON.parse(readFileSync(join(__dirname, '../../studies/tumoral-calcinosis/ground-truth.json'), 'utf8')) as { pelvisTransform: PelvisTransform };
const truth = groundTruth.pelvisTransform;
const from = truth.landmarks.map((l) => l.from);
const to = truth.landmarks.map((l) => l.to);
const spacing = [truth.pixelSpacingMm, truth.pixelSpacingMm] as const;

/** A small deterministic PRNG for the noisy cases. */
function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

describe('similarity from landmarks', () => {
  test("recovers the generator's admission → follow-up pelvis transform from its ground-truth landmarks", () => {
    const fit = fitSimilarity(from, to);
    const matrix = similarityMatrix(fit);
    for (let r = 0; r < 3; r++) for (let c = 0; c < 3; c++) expect(matrix[r][c]).toBeCloseTo(truth.matrix[r][c], 4);
    expect(scaleOf(fit)).toBeCloseTo(truth.scale, 4);
    expect(rotationDegreesOf(fit)).toBeCloseTo(truth.rotationDegrees, 3);
    const { perLandmark, rmsMm, calibrated } = residuals(fit, from, to, spacing);
    expect(calibrated).toBe(true);
    expect(perLandmark).toHaveLength(truth.landmarks.length);
    for (const r of perLandmark) expect(r.mm).toBeLessThanOrEqual(1);
    expect(rmsMm).toBeLessThan(0.01);
  });

  test('two landmarks determine the transform exactly; the femoral heads alone give the pelvis transform', () => {
    const heads = [0, 1];
    const fit = fitSimilarity(heads.map((i) => from[i]), heads.map((i) => to[i]));
    // The other landmarks, not used for the fit, land within a millimetre of where they belong.
    const { perLandmark } = residuals(fit, from, to, spacing);
    for (const r of perLandmark) expect(r.mm).toBeLessThanOrEqual(1);
  });

  test('with landmarks clicked a few pixels off, residuals show the error in mm and the fit stays close', () => {
    const rnd = random(7);
    const noisyTo = to.map(([x, y]) => [x + (rnd() - 0.5) * 6, y + (rnd() - 0.5) * 6] as Point2);
    const fit = fitSimilarity(from, noisyTo);
    const { perLandmark, rmsMm } = residuals(fit, from, noisyTo, spacing);
    expect(rmsMm).toBeGreaterThan(0.05);
    for (const r of perLandmark) {
      expect(r.mm).toBeLessThan(3 * 0.175 * 1.5);
      expect(r.mm).toBeCloseTo(r.px * 0.175, 9);
    }
    expect(scaleOf(fit)).toBeCloseTo(truth.scale, 2);
    expect(Math.abs(rotationDegreesOf(fit) - truth.rotationDegrees)).toBeLessThan(0.5);
  });

  test('least squares: the fit beats any nearby similarity on the sum of squared residuals', () => {
    const rnd = random(11);
    const noisy = to.map(([x, y]) => [x + (rnd() - 0.5) * 20, y + (rnd() - 0.5) * 20] as Point2);
    const fit = fitSimilarity(from, noisy);
    const cost = (t: typeof fit) => from.reduce((s, p, i) => s + (applySimilarity(t, p)[0] - noisy[i][0]) ** 2 + (applySimilarity(t, p)[1] - noisy[i][1]) ** 2, 0);
    const best = cost(fit);
    for (const [k, d] of [['a', 1e-4], ['b', 1e-4], ['tx', 0.1], ['ty', 0.1]] as const) {
      expect(cost({ ...fit, [k]: fit[k] + d })).toBeGreaterThan(best);
      expect(cost({ ...fit, [k]: fit[k] - d })).toBeGreaterThan(best);
    }
  });

  test('the inverse maps the follow-up back onto the admission image', () => {
    const fit = fitSimilarity(from, to);
    const back = invertSimilarity(fit);
    for (let i = 0; i < to.length; i++) {
      const [x, y] = applySimilarity(back, to[i]);
      expect(x).toBeCloseTo(from[i][0], 4);
      expect(y).toBeCloseTo(from[i][1], 4);
    }
  });

  test('residuals are in pixels, flagged uncalibrated, when the image has no spacing', () => {
    const fit = fitSimilarity(from, to);
    const shifted = to.map(([x, y]) => [x + 3, y + 4] as Point2);
    const { perLandmark, calibrated } = residuals(fit, from, shifted, null);
    expect(calibrated).toBe(false);
    for (const r of perLandmark) expect(r.mm).toBeCloseTo(5, 3);
  });

  test('refuses fewer than two pairs, unequal lists and coincident landmarks', () => {
    expect(() => fitSimilarity([from[0]], [to[0]])).toThrow(AlignmentError);
    expect(() => fitSimilarity(from, to.slice(1))).toThrow(AlignmentError);
    expect(() => fitSimilarity([from[0], from[0]], [to[0], to[1]])).toThrow(/coincide/);
  });
});
