import { describe, expect, test } from 'vitest';
import { join } from 'node:path';
import { scoreQuiz, type SpacingOf } from '../../src/teaching/scoring';
import type { Annotation, AnnotationKind, AnnotationSet, ImagePoint, ImageReference } from '../../src/annotations/model';
import { OUT_DIR, readJson } from '../../scripts/annotations/make-expert-set';

const STUDY = '1.2.826.0.1.3680043.8.498.1';
const image = (series: string, sop: string, frame?: number): ImageReference => ({
  studyInstanceUID: STUDY,
  seriesInstanceUID: `${STUDY}.${series}`,
  sopInstanceUID: `${STUDY}.${series}.${sop}`,
  ...(frame !== undefined ? { frame } : {}),
});

const CT = image('1', '1');
const CT_NEXT = image('1', '2');
const MR = image('2', '1');
const NM_FRAME_1 = image('3', '1', 1);
const NM_FRAME_2 = image('3', '1', 2);

let serial = 0;
function mark(kind: AnnotationKind, points: ImagePoint[], finding: string, on: ImageReference, id = `m${++serial}`): Annotation {
  return { id, kind, image: on, points, finding, author: 'test', created: '2025-01-01T00:00:00Z', modified: '2025-01-01T00:00:00Z' };
}

/** Columns 2 mm apart, rows 0.5 mm apart: a rule applied in pixels instead of mm gets these wrong. */
const ANISOTROPIC = { row: 0.5, column: 2 };
const everywhere = (spacing: { row: number; column: number } | null): SpacingOf => () => spacing;

const CALCIFICATION = 'periarticular-calcification';
const EDEMA = 'perilesional-edema';
const UPTAKE = 'increased-uptake';

// A 20 × 20 px outline: 40 mm wide and 10 mm tall with the anisotropic spacing.
const outline = mark('RectangleROI', [[100, 100], [120, 120]], CALCIFICATION, CT, 'expert.outline');

function scoreOne(trainee: Annotation, expert: Annotation[] = [outline], spacing: SpacingOf = everywhere(ANISOTROPIC), options = {}) {
  return scoreQuiz(expert, [trainee], spacing, options);
}

describe('point-like marks', () => {
  test('a point inside the outline hits, 0 mm from it', () => {
    const score = scoreOne(mark('Probe', [[110, 113]], CALCIFICATION, CT));
    expect(score.marks[0]).toMatchObject({ outcome: 'hit', targetId: 'expert.outline', targetFinding: CALCIFICATION, distanceMm: 0 });
    expect(score.findings[0]).toMatchObject({ finding: CALCIFICATION, hit: true, minDistanceMm: 0 });
  });

  test('a point 8 mm outside hits with r = 10 and one 12 mm outside misses, measured in mm on each axis', () => {
    // Right of the outline, 2 mm per column: 8 mm is 4 px and 12 mm is 6 px (both within 10 px).
    const right8 = scoreOne(mark('Probe', [[124, 110]], CALCIFICATION, CT)).marks[0];
    const right12 = scoreOne(mark('Probe', [[126, 110]], CALCIFICATION, CT)).marks[0];
    // Below it, 0.5 mm per row: 8 mm is 16 px (beyond 10 px) and 12 mm is 24 px.
    const below8 = scoreOne(mark('Probe', [[110, 136]], CALCIFICATION, CT)).marks[0];
    const below12 = scoreOne(mark('Probe', [[110, 144]], CALCIFICATION, CT)).marks[0];
    expect(right8.outcome).toBe('hit');
    expect(right8.distanceMm).toBeCloseTo(8, 9);
    expect(below8.outcome).toBe('hit');
    expect(below8.distanceMm).toBeCloseTo(8, 9);
    expect(right12).toMatchObject({ outcome: 'false-positive', nearestTargetId: 'expert.outline' });
    expect(right12.distanceMm).toBeCloseTo(12, 9);
    expect(right12.targetId).toBeUndefined();
    expect(below12.outcome).toBe('false-positive');
    expect(below12.distanceMm).toBeCloseTo(12, 9);
  });

  test('the radius is an option', () => {
    const probe = mark('Probe', [[126, 110]], CALCIFICATION, CT); // 12 mm right of the outline
    expect(scoreOne(probe, [outline], everywhere(ANISOTROPIC), { radiusMm: 12.5 }).marks[0].outcome).toBe('hit');
    expect(scoreOne(probe, [outline], everywhere(ANISOTROPIC), { radiusMm: 5 }).marks[0].outcome).toBe('false-positive');
    expect(scoreOne(probe, [outline], everywhere(ANISOTROPIC), { radiusMm: 12.5 }).parameters).toMatchObject({ radiusMm: 12.5, iouThreshold: 0.3 });
  });

  test("an arrow counts at its tip, not its tail", () => {
    const tipInside = mark('ArrowAnnotate', [[110, 110], [200, 300]], CALCIFICATION, CT);
    const tailInside = mark('ArrowAnnotate', [[200, 300], [110, 110]], CALCIFICATION, CT);
    expect(scoreOne(tipInside).marks[0].outcome).toBe('hit');
    expect(scoreOne(tailInside).marks[0].outcome).toBe('false-positive');
  });

  test('a length counts at its midpoint, so a long line across the image does not hit by crossing the outline', () => {
    const across = mark('Length', [[0, 110], [400, 110]], CALCIFICATION, CT); // midpoint x = 200, 160 mm away
    const onIt = mark('Length', [[90, 110], [130, 110]], CALCIFICATION, CT); // midpoint x = 110, inside
    expect(scoreOne(across).marks[0].outcome).toBe('false-positive');
    expect(scoreOne(onIt).marks[0].outcome).toBe('hit');
  });

  test('expert points and measurements are targets: hit within r mm of the point or the segment', () => {
    const arrow = mark('ArrowAnnotate', [[50, 50], [80, 20]], UPTAKE, MR, 'expert.arrow');
    const length = mark('Length', [[200, 100], [200, 300]], UPTAKE, MR, 'expert.length');
    const expert = [arrow, length];
    // 9 mm left of the arrow tip (4.5 px at 2 mm per column), then 11 mm.
    expect(scoreOne(mark('Probe', [[45.5, 50]], UPTAKE, MR), expert).marks[0]).toMatchObject({ outcome: 'hit', targetId: 'expert.arrow' });
    expect(scoreOne(mark('Probe', [[44.5, 50]], UPTAKE, MR), expert).marks[0].outcome).toBe('false-positive');
    // Beside the middle of the segment, far from both of its ends.
    const beside = scoreOne(mark('Probe', [[204, 200]], UPTAKE, MR), expert).marks[0];
    expect(beside).toMatchObject({ outcome: 'hit', targetId: 'expert.length' });
    expect(beside.distanceMm).toBeCloseTo(8, 9);
  });
});

describe('same image only', () => {
  test('a mark on another image misses, even at the same coordinates', () => {
    const score = scoreOne(mark('Probe', [[110, 110]], CALCIFICATION, CT_NEXT));
    expect(score.marks[0].outcome).toBe('false-positive');
    // No target on that image, so nothing is "nearest".
    expect(score.marks[0].nearestTargetId).toBeUndefined();
    expect(score.marks[0].distanceMm).toBeUndefined();
    expect(score.findings[0].hit).toBe(false);
  });

  test('on a multi-frame instance the frame must match too', () => {
    const target = mark('RectangleROI', [[10, 10], [30, 30]], UPTAKE, NM_FRAME_2, 'expert.frame2');
    expect(scoreOne(mark('Probe', [[20, 20]], UPTAKE, NM_FRAME_1), [target]).marks[0].outcome).toBe('false-positive');
    expect(scoreOne(mark('Probe', [[20, 20]], UPTAKE, NM_FRAME_2), [target]).marks[0].outcome).toBe('hit');
  });

  test('a reference without a frame means frame 1', () => {
    const target = mark('RectangleROI', [[10, 10], [30, 30]], UPTAKE, NM_FRAME_1, 'expert.frame1');
    const { frame: _omitted, ...noFrame } = NM_FRAME_1;
    expect(scoreOne(mark('Probe', [[20, 20]], UPTAKE, noFrame), [target]).marks[0].outcome).toBe('hit');
  });
});

describe('label agreement', () => {
  test('a mark on the right place with the wrong finding is mislabelled, not a hit, and the finding stays missed', () => {
    const score = scoreOne(mark('Probe', [[110, 110]], EDEMA, CT, 'wrong-label'));
    expect(score.marks[0]).toMatchObject({ outcome: 'mislabelled', finding: EDEMA, targetId: 'expert.outline', targetFinding: CALCIFICATION });
    expect(score.findings[0]).toMatchObject({ finding: CALCIFICATION, hit: false, matchedMarks: [], mislabelledMarks: ['wrong-label'] });
    expect(score.totals).toMatchObject({ found: 0, sensitivity: 0, hits: 0, mislabelled: 1, falsePositives: 0, labelAgreement: 0 });
  });

  test('where outlines of two findings overlap, the one the mark is labelled with is the one it hits', () => {
    const edema = mark('RectangleROI', [[90, 90], [130, 130]], EDEMA, CT, 'expert.edema');
    const score = scoreOne(mark('Probe', [[110, 110]], EDEMA, CT), [outline, edema]);
    expect(score.marks[0]).toMatchObject({ outcome: 'hit', targetId: 'expert.edema' });
    expect(score.findings.map((f) => [f.finding, f.hit])).toEqual([[CALCIFICATION, false], [EDEMA, true]]);
  });

  test('label agreement is the share of marks on a target that carry its finding', () => {
    const trainee = [
      mark('Probe', [[110, 110]], CALCIFICATION, CT),
      mark('Probe', [[105, 105]], CALCIFICATION, CT),
      mark('Probe', [[115, 115]], EDEMA, CT),
      mark('Probe', [[400, 400]], CALCIFICATION, CT), // a false positive does not count either way
    ];
    expect(scoreQuiz([outline], trainee, everywhere(ANISOTROPIC)).totals).toMatchObject({ hits: 2, mislabelled: 1, falsePositives: 1, labelAgreement: 2 / 3 });
  });
});

describe('ROIs and intersection over union', () => {
  // A 10 × 10 square; the trainee's rectangles share its full height, so IoU is width arithmetic.
  const square = mark('RectangleROI', [[0, 0], [10, 10]], CALCIFICATION, CT, 'expert.square');

  test('an ROI with IoU 0.35 hits and one with IoU 0.25 misses', () => {
    // [3, 20] × [0, 10]: overlap 7 × 10 = 70, union 20 × 10 = 200.
    const hit = scoreOne(mark('RectangleROI', [[3, 0], [20, 10]], CALCIFICATION, CT), [square]);
    // [6, 16] × [0, 10]: overlap 4 × 10 = 40, union 16 × 10 = 160.
    const miss = scoreOne(mark('RectangleROI', [[16, 10], [6, 0]], CALCIFICATION, CT), [square]);
    expect(hit.marks[0]).toMatchObject({ outcome: 'hit', targetId: 'expert.square' });
    expect(hit.marks[0].iou).toBeCloseTo(0.35, 9);
    expect(hit.findings[0].bestIoU).toBeCloseTo(0.35, 9);
    expect(miss.marks[0]).toMatchObject({ outcome: 'false-positive', nearestTargetId: 'expert.square' });
    expect(miss.marks[0].iou).toBeCloseTo(0.25, 9);
    expect(miss.findings[0]).toMatchObject({ hit: false });
    expect(miss.findings[0].bestIoU).toBeCloseTo(0.25, 9);
  });

  test('the IoU threshold is an option', () => {
    const roi = mark('RectangleROI', [[6, 0], [16, 10]], CALCIFICATION, CT);
    expect(scoreOne(roi, [square], everywhere(ANISOTROPIC), { iouThreshold: 0.2 }).marks[0].outcome).toBe('hit');
    expect(() => scoreOne(roi, [square], everywhere(ANISOTROPIC), { iouThreshold: 0 })).toThrow(RangeError);
    expect(() => scoreOne(roi, [square], everywhere(ANISOTROPIC), { radiusMm: -1 })).toThrow(RangeError);
  });

  test('an ROI is not a point: a small ROI near the outline but not overlapping it misses', () => {
    const near = scoreOne(mark('RectangleROI', [[12, 0], [14, 2]], CALCIFICATION, CT), [square]).marks[0];
    expect(near.outcome).toBe('false-positive');
    // No overlap, so the miss is told as a distance: 2 columns of 2 mm.
    expect(near.iou).toBeUndefined();
    expect(near.distanceMm).toBeCloseTo(4, 9);
  });

  test('ellipses are compared as ellipses, to within 1%', () => {
    // Semi-axes 20 (horizontal) and 10 (vertical) px around (50, 50), stored [top, bottom, left, right].
    const ellipse = mark('EllipticalROI', [[50, 40], [50, 60], [30, 50], [70, 50]], CALCIFICATION, CT, 'expert.ellipse');
    const cases: [Annotation, number][] = [
      // The inscribed diamond: area 2ab against πab.
      [mark('PlanarFreehandROI', [[50, 40], [70, 50], [50, 60], [30, 50]], CALCIFICATION, CT), 2 / Math.PI],
      // The bounding box: πab against 4ab.
      [mark('RectangleROI', [[30, 40], [70, 60]], CALCIFICATION, CT), Math.PI / 4],
      // The right half of the bounding box: πab/2 against πab/2 + 2ab.
      [mark('RectangleROI', [[50, 40], [70, 60]], CALCIFICATION, CT), Math.PI / 2 / (Math.PI / 2 + 2)],
      // The same ellipse with its point pairs stored the other way round.
      [mark('EllipticalROI', [[30, 50], [70, 50], [50, 40], [50, 60]], CALCIFICATION, CT), 1],
    ];
    for (const [trainee, expected] of cases) {
      const iou = scoreOne(trainee, [ellipse]).marks[0].iou!;
      expect(Math.abs(iou / expected - 1), `${trainee.kind} ${JSON.stringify(trainee.points)}`).toBeLessThan(0.01);
    }
  });

  test('a self-crossing freehand outline is measured by the area it encloses', () => {
    // A bow tie over the square: two triangles of area 25 each, both inside it.
    const bowTie = mark('PlanarFreehandROI', [[0, 0], [10, 10], [10, 0], [0, 10]], CALCIFICATION, CT);
    expect(scoreOne(bowTie, [square]).marks[0].iou).toBeCloseTo(0.5, 9);
  });

  test('an ROI around an expert point hits it, unless the finding is outlined on that image', () => {
    const arrow = mark('ArrowAnnotate', [[50, 50], [80, 20]], UPTAKE, MR, 'expert.arrow');
    const around = mark('RectangleROI', [[40, 40], [60, 60]], UPTAKE, MR);
    expect(scoreOne(around, [arrow]).marks[0]).toMatchObject({ outcome: 'hit', targetId: 'expert.arrow', distanceMm: 0 });
    // With a small outline of the same finding there, the ROI must overlap that outline instead.
    const small = mark('RectangleROI', [[49, 49], [51, 51]], UPTAKE, MR, 'expert.small');
    expect(scoreOne(around, [arrow, small]).marks[0]).toMatchObject({ outcome: 'false-positive', nearestTargetId: 'expert.small' });
  });
});

describe('totals', () => {
  const expert = [
    outline,
    mark('PlanarFreehandROI', [[10, 10], [40, 10], [40, 40], [10, 40]], EDEMA, MR, 'expert.edema'),
    mark('EllipticalROI', [[20, 10], [20, 30], [10, 20], [30, 20]], UPTAKE, NM_FRAME_1, 'expert.uptake.1'),
    mark('EllipticalROI', [[20, 40], [20, 60], [10, 50], [30, 50]], UPTAKE, NM_FRAME_2, 'expert.uptake.2'),
  ];

  test('false positives are the marks that hit no target of any finding', () => {
    const trainee = [
      mark('Probe', [[110, 110]], CALCIFICATION, CT, 'hit'),
      mark('Probe', [[300, 300]], CALCIFICATION, CT, 'far'),
      mark('Probe', [[110, 110]], CALCIFICATION, CT_NEXT, 'other-image'),
      mark('RectangleROI', [[200, 200], [220, 220]], EDEMA, MR, 'empty-roi'),
    ];
    const score = scoreQuiz(expert, trainee, everywhere(ANISOTROPIC));
    expect(score.marks.map((m) => [m.id, m.outcome])).toEqual([
      ['hit', 'hit'],
      ['far', 'false-positive'],
      ['other-image', 'false-positive'],
      ['empty-roi', 'false-positive'],
    ]);
    expect(score.totals).toMatchObject({ marks: 4, hits: 1, mislabelled: 0, falsePositives: 3, labelAgreement: 1 });
  });

  test('sensitivity is the share of expert findings hit, overall and per series', () => {
    const trainee = [
      mark('Probe', [[110, 110]], CALCIFICATION, CT),
      mark('Probe', [[111, 111]], CALCIFICATION, CT), // a second hit of the same finding counts once
      mark('Probe', [[20, 50]], UPTAKE, NM_FRAME_2), // one of the finding's two targets is enough
      mark('Probe', [[25, 25]], CALCIFICATION, MR), // on the edema, mislabelled
    ];
    const score = scoreQuiz(expert, trainee, everywhere(ANISOTROPIC));
    expect(score.findings.map((f) => [f.finding, f.hit, f.targets.length])).toEqual([
      [CALCIFICATION, true, 1],
      [EDEMA, false, 1],
      [UPTAKE, true, 2],
    ]);
    expect(score.totals).toMatchObject({ findings: 3, found: 2, sensitivity: 2 / 3, hits: 3, mislabelled: 1 });
    expect(score.bySeries.map((s) => [s.seriesInstanceUID, s.findings, s.found, s.sensitivity])).toEqual([
      [CT.seriesInstanceUID, 1, 1, 1],
      [MR.seriesInstanceUID, 1, 0, 0],
      [NM_FRAME_1.seriesInstanceUID, 1, 1, 1],
    ]);
  });

  test('an empty expert set has no sensitivity rather than a division by zero', () => {
    const score = scoreQuiz([], [mark('Probe', [[1, 1]], CALCIFICATION, CT)], everywhere(ANISOTROPIC));
    expect(score.totals).toMatchObject({ findings: 0, sensitivity: null, falsePositives: 1, labelAgreement: null });
  });
});

describe('calibration', () => {
  test('without pixel spacing a pixel counts as a millimetre and the image and marks are flagged', () => {
    const spacing: SpacingOf = (ref) => (ref.sopInstanceUID === CT.sopInstanceUID ? null : ANISOTROPIC);
    const score = scoreQuiz([outline], [mark('Probe', [[128, 110]], CALCIFICATION, CT), mark('Probe', [[1, 1]], CALCIFICATION, MR)], spacing);
    expect(score.marks[0]).toMatchObject({ outcome: 'hit', distanceMm: 8, uncalibrated: true });
    expect(score.marks[1].uncalibrated).toBeUndefined();
    expect(score.uncalibratedImages).toEqual([{ seriesInstanceUID: CT.seriesInstanceUID, sopInstanceUID: CT.sopInstanceUID, frame: 1 }]);
  });

  test('a zero or non-finite spacing is as good as none', () => {
    const zero = scoreOne(mark('Probe', [[128, 110]], CALCIFICATION, CT), [outline], everywhere({ row: 0, column: 0.5 }));
    const nan = scoreOne(mark('Probe', [[128, 110]], CALCIFICATION, CT), [outline], everywhere({ row: NaN, column: 0.5 }));
    expect(zero.marks[0]).toMatchObject({ distanceMm: 8, uncalibrated: true });
    expect(nan.marks[0]).toMatchObject({ distanceMm: 8, uncalibrated: true });
  });
});

describe('export', () => {
  test('the result survives JSON and structured cloning unchanged', () => {
    const expert = [
      outline,
      mark('EllipticalROI', [[20, 10], [20, 30], [10, 20], [30, 20]], UPTAKE, NM_FRAME_2, 'expert.uptake'),
      mark('ArrowAnnotate', [[50, 50], [80, 20]], EDEMA, MR, 'expert.arrow'),
    ];
    const trainee = [
      mark('RectangleROI', [[102, 100], [121, 118]], CALCIFICATION, CT),
      mark('Probe', [[20, 20]], EDEMA, NM_FRAME_2),
      mark('Probe', [[300, 300]], EDEMA, MR),
      mark('Probe', [[20, 20]], UPTAKE, CT_NEXT),
    ];
    const score = scoreQuiz(expert, trainee, (ref) => (ref.sopInstanceUID === MR.sopInstanceUID ? null : ANISOTROPIC));
    expect(score.schema).toBe('radcase.quiz-score/1');
    expect(JSON.parse(JSON.stringify(score))).toStrictEqual(score);
    expect(structuredClone(score)).toStrictEqual(score);
    expect(score.marks.map((m) => m.outcome)).toEqual(['hit', 'mislabelled', 'false-positive', 'false-positive']);
  });
});

describe('the bundled case', () => {
  const expert = readJson<AnnotationSet>(join(OUT_DIR, 'expert.json')).annotations;
  test('the expert set scored against itself finds everything, labels everything right and overlaps itself exactly', () => {
    // Matching a set with itself gives distances of 0 and IoUs of 1 whatever the spacing, so the
    // DICOM headers are not read; an anisotropic spacing still exercises the mm conversion.
    const score = scoreQuiz(expert, expert, everywhere({ row: 0.7, column: 0.35 }));
    expect(score.totals).toMatchObject({ findings: score.findings.length, found: score.findings.length, sensitivity: 1, falsePositives: 0, mislabelled: 0, labelAgreement: 1 });
    expect(score.totals.findings).toBeGreaterThanOrEqual(8);
    const areaKinds = ['PlanarFreehandROI', 'EllipticalROI', 'RectangleROI'];
    const rois = score.marks.filter((m) => areaKinds.includes(m.kind));
    // Every outline of the set is scored, and the set has many.
    expect(rois.length).toBe(expert.filter((a) => areaKinds.includes(a.kind)).length);
    expect(rois.length).toBeGreaterThan(50);
    for (const roi of rois) {
      expect(roi.targetId, roi.id).toBe(roi.id);
      expect(roi.iou, roi.id).toBeGreaterThan(1 - 1e-9);
    }
    // A line mark is scored from its midpoint (taken in pixels, then converted) to its own segments (converted, then
    // measured), which can differ by rounding: zero to well under a nanometre.
    for (const m of score.marks.filter((m) => !rois.includes(m))) expect(m.distanceMm, m.id).toBeLessThan(1e-9);
    for (const finding of score.findings) expect(finding.bestIoU, finding.finding).toBeGreaterThan(1 - 1e-9);
    expect(score.bySeries.every((s) => s.sensitivity === 1)).toBe(true);
    expect(score.uncalibratedImages).toEqual([]);
  });
});
