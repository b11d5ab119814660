// Quiz scoring: compares a trainee's marks with the expert set and says, per finding and per mark,
// what was found, what was mislabelled and what was a false positive. Pure and JSON-serialisable;
// the rules are src/teaching/scoring.md.
import type { Annotation, ImageReference } from '../annotations/model';
import { distanceBetween, ELLIPSE_VERTICES, intersectionOverUnion, markShape, targetShape, type Scale, type Shape } from './shapes';

export const QUIZ_SCORE_SCHEMA_ID = 'radcase.quiz-score/1';
export const DEFAULT_RADIUS_MM = 10;
export const DEFAULT_IOU_THRESHOLD = 0.3;

/** Pixel spacing of one image in mm: between rows (vertical) and between columns (horizontal). */
export type SpacingOf = (image: ImageReference) => { row: number; column: number } | null;

export interface ScoringOptions {
  /** A point-like mark hits when it is at most this far from the target, in mm. */
  radiusMm?: number;
  /** An ROI hits an outline when their intersection over union is at least this. */
  iouThreshold?: number;
}

export type MarkOutcome = 'hit' | 'mislabelled' | 'false-positive';

export interface MarkScore {
  /** The trainee annotation's id. */
  id: string;
  kind: Annotation['kind'];
  /** The finding the trainee labelled the mark with. */
  finding: string;
  outcome: MarkOutcome;
  /** The expert annotation the mark hit (for 'hit' and 'mislabelled'). */
  targetId?: string;
  /** The finding of that target (differs from `finding` exactly when mislabelled). */
  targetFinding?: string;
  /** For a false positive: the expert annotation on the same image that it came closest to. */
  nearestTargetId?: string;
  /** ROI marks: intersection over union with the target (or nearest target) when it is an outline they overlap. */
  iou?: number;
  /** Distance in mm from the target (or nearest target) when no IoU is given; 0 inside an outline. */
  distanceMm?: number;
  /** Present (true) when the image has no usable pixel spacing, so that 1 px counted as 1 mm. */
  uncalibrated?: true;
}

export interface FindingScore {
  finding: string;
  /** Ids of the expert annotations of this finding. */
  targets: string[];
  /** True when a mark labelled with this finding hit one of its targets. */
  hit: boolean;
  /** Marks labelled with this finding that hit one of its targets. */
  matchedMarks: string[];
  /** Marks labelled with another finding that hit one of this finding's targets. */
  mislabelledMarks: string[];
  /** Best IoU of an ROI labelled with this finding against one of its outlines, hit or not. */
  bestIoU?: number;
  /** Smallest distance in mm of a point-like mark labelled with this finding to one of its targets, hit or not. */
  minDistanceMm?: number;
}

export interface SeriesScore {
  seriesInstanceUID: string;
  /** Findings with at least one target in this series. */
  findings: number;
  /** Of those, the findings hit by a mark on an image of this series. */
  found: number;
  sensitivity: number;
}

export interface QuizScore {
  schema: typeof QUIZ_SCORE_SCHEMA_ID;
  parameters: { radiusMm: number; iouThreshold: number; ellipseVertices: number };
  findings: FindingScore[];
  marks: MarkScore[];
  bySeries: SeriesScore[];
  totals: {
    /** Findings present in the expert set. */
    findings: number;
    found: number;
    /** found / findings; null when the expert set has no findings. */
    sensitivity: number | null;
    marks: number;
    hits: number;
    mislabelled: number;
    falsePositives: number;
    /** hits / (hits + mislabelled): of the marks that landed on a target, how many were labelled right; null when none landed. */
    labelAgreement: number | null;
  };
  /** Images with targets or marks whose pixel spacing was missing or unusable. */
  uncalibratedImages: { seriesInstanceUID: string; sopInstanceUID: string; frame: number }[];
}

interface Target {
  annotation: Annotation;
  shape: Shape;
}

/** How one mark relates to one target on the same image. */
interface Comparison {
  target: Target;
  iou?: number;
  distanceMm: number;
  hits: boolean;
}

/** Frame absent means frame 1: a single-frame instance has only that one. */
function imageKey(image: ImageReference): string {
  return `${image.sopInstanceUID}#${image.frame ?? 1}`;
}

function checkOptions(options: ScoringOptions): { radiusMm: number; iouThreshold: number } {
  const radiusMm = options.radiusMm ?? DEFAULT_RADIUS_MM;
  const iouThreshold = options.iouThreshold ?? DEFAULT_IOU_THRESHOLD;
  if (!Number.isFinite(radiusMm) || radiusMm < 0) throw new RangeError(`radiusMm must be a finite number ≥ 0, not ${radiusMm}`);
  if (!(iouThreshold > 0 && iouThreshold <= 1)) throw new RangeError(`iouThreshold must be in (0, 1], not ${iouThreshold}`);
  return { radiusMm, iouThreshold };
}

function compare(mark: Shape, target: Target, radiusMm: number, iouThreshold: number): Comparison {
  if (mark.type === 'region' && target.shape.type === 'region') {
    const iou = intersectionOverUnion(mark, target.shape);
    // Overlapping regions are 0 mm apart; the distance only matters to say how far off a miss was.
    const distanceMm = iou > 0 ? 0 : distanceBetween(mark, target.shape);
    return { target, iou, distanceMm, hits: iou >= iouThreshold };
  }
  const distanceMm = distanceBetween(mark, target.shape);
  return { target, distanceMm, hits: distanceMm <= radiusMm };
}

/** Best first: overlapping outlines by IoU, then everything else by distance; ties keep expert order. */
function better(a: Comparison, b: Comparison): number {
  const overlapA = a.iou ?? 0;
  const overlapB = b.iou ?? 0;
  if (overlapA > 0 || overlapB > 0) return overlapB - overlapA;
  return a.distanceMm - b.distanceMm;
}

function best(comparisons: Comparison[]): Comparison | undefined {
  return [...comparisons].sort(better)[0];
}

function ratio(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null;
}

function distinctInOrder<T>(values: T[]): T[] {
  return [...new Set(values)];
}

/**
 * Scores a trainee's marks against the expert set. `spacingOf` gives each image's pixel spacing
 * (null when unknown: distances on that image are then in pixels, taken as mm, and flagged).
 */
export function scoreQuiz(expert: Annotation[], trainee: Annotation[], spacingOf: SpacingOf, options: ScoringOptions = {}): QuizScore {
  const { radiusMm, iouThreshold } = checkOptions(options);

  const scales = new Map<string, { scale: Scale; calibrated: boolean; image: ImageReference }>();
  const scaleOf = (image: ImageReference) => {
    const key = imageKey(image);
    let entry = scales.get(key);
    if (!entry) {
      const spacing = spacingOf(image);
      const usable = !!spacing && [spacing.row, spacing.column].every((s) => Number.isFinite(s) && s > 0);
      entry = { scale: usable ? { x: spacing.column, y: spacing.row } : { x: 1, y: 1 }, calibrated: usable, image };
      scales.set(key, entry);
    }
    return entry;
  };

  const targetsByImage = new Map<string, Target[]>();
  for (const annotation of expert) {
    const key = imageKey(annotation.image);
    const onImage = targetsByImage.get(key) ?? [];
    onImage.push({ annotation, shape: targetShape(annotation, scaleOf(annotation.image).scale) });
    targetsByImage.set(key, onImage);
  }

  const assessed = trainee.map((mark) => {
    const { scale, calibrated } = scaleOf(mark.image);
    const shape = markShape(mark, scale);
    const onImage = targetsByImage.get(imageKey(mark.image)) ?? [];
    // An ROI is judged by IoU wherever the expert outlined the finding; its points and
    // measurements on that image would otherwise let any large ROI around them count.
    const outlined = new Set(onImage.filter((t) => t.shape.type === 'region').map((t) => t.annotation.finding));
    const comparable = shape.type === 'region' ? onImage.filter((t) => t.shape.type === 'region' || !outlined.has(t.annotation.finding)) : onImage;
    const comparisons = comparable.map((t) => compare(shape, t, radiusMm, iouThreshold));
    return { mark, pointLike: shape.type === 'path', calibrated, comparisons };
  });

  const marks: MarkScore[] = assessed.map(({ mark, calibrated, comparisons }) => {
    const hits = comparisons.filter((c) => c.hits);
    const agreeing = best(hits.filter((c) => c.target.annotation.finding === mark.finding));
    const chosen = agreeing ?? best(hits) ?? best(comparisons);
    const outcome: MarkOutcome = agreeing ? 'hit' : hits.length > 0 ? 'mislabelled' : 'false-positive';
    const score: MarkScore = { id: mark.id, kind: mark.kind, finding: mark.finding, outcome };
    if (chosen) {
      if (outcome === 'false-positive') score.nearestTargetId = chosen.target.annotation.id;
      else {
        score.targetId = chosen.target.annotation.id;
        score.targetFinding = chosen.target.annotation.finding;
      }
      if (chosen.iou !== undefined && chosen.iou > 0) score.iou = chosen.iou;
      else if (Number.isFinite(chosen.distanceMm)) score.distanceMm = chosen.distanceMm;
    }
    if (!calibrated) score.uncalibrated = true;
    return score;
  });

  const expertById = new Map(expert.map((a) => [a.id, a]));
  const findingKeys = distinctInOrder(expert.map((a) => a.finding));
  const findings: FindingScore[] = findingKeys.map((finding) => {
    const matchedMarks = marks.filter((m) => m.outcome === 'hit' && m.finding === finding).map((m) => m.id);
    const mislabelledMarks = marks.filter((m) => m.outcome === 'mislabelled' && m.targetFinding === finding).map((m) => m.id);
    const attempts = assessed
      .filter((a) => a.mark.finding === finding)
      .flatMap((a) => a.comparisons.filter((c) => c.target.annotation.finding === finding).map((c) => ({ ...c, pointLike: a.pointLike })));
    const ious = attempts.flatMap((c) => (c.iou === undefined ? [] : [c.iou]));
    const pointDistances = attempts.filter((c) => c.pointLike && Number.isFinite(c.distanceMm)).map((c) => c.distanceMm);
    const score: FindingScore = {
      finding,
      targets: expert.filter((a) => a.finding === finding).map((a) => a.id),
      hit: matchedMarks.length > 0,
      matchedMarks,
      mislabelledMarks,
    };
    if (ious.length > 0) score.bestIoU = Math.max(...ious);
    if (pointDistances.length > 0) score.minDistanceMm = Math.min(...pointDistances);
    return score;
  });

  const seriesOf = (id: string | undefined) => (id ? expertById.get(id)?.image.seriesInstanceUID : undefined);
  const bySeries: SeriesScore[] = distinctInOrder(expert.map((a) => a.image.seriesInstanceUID)).map((series) => {
    const present = distinctInOrder(expert.filter((a) => a.image.seriesInstanceUID === series).map((a) => a.finding));
    const found = distinctInOrder(marks.filter((m) => m.outcome === 'hit' && seriesOf(m.targetId) === series).map((m) => m.finding));
    return { seriesInstanceUID: series, findings: present.length, found: found.length, sensitivity: found.length / present.length };
  });

  const found = findings.filter((f) => f.hit).length;
  const hits = marks.filter((m) => m.outcome === 'hit').length;
  const mislabelled = marks.filter((m) => m.outcome === 'mislabelled').length;
  return {
    schema: QUIZ_SCORE_SCHEMA_ID,
    parameters: { radiusMm, iouThreshold, ellipseVertices: ELLIPSE_VERTICES },
    findings,
    marks,
    bySeries,
    totals: {
      findings: findings.length,
      found,
      sensitivity: ratio(found, findings.length),
      marks: marks.length,
      hits,
      mislabelled,
      falsePositives: marks.filter((m) => m.outcome === 'false-positive').length,
      labelAgreement: ratio(hits, hits + mislabelled),
    },
    uncalibratedImages: [...scales.values()]
      .filter((s) => !s.calibrated)
      .map(({ image }) => ({ seriesInstanceUID: image.seriesInstanceUID, sopInstanceUID: image.sopInstanceUID, frame: image.frame ?? 1 })),
  };
}
