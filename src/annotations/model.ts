// The annotation format, radcase.annotations/1: what a teaching set or a user's marks are, in our
// own terms. Geometry is in image pixel coordinates of one frame, never in world coordinates or
// URLs, so a set survives re-hosting the studies and converts exactly to and from DICOM SR.

/** The drawing tools an annotation can come from (Cornerstone's tool names, kept stable in files). */
export const ANNOTATION_KINDS = [
  'Length',
  'Angle',
  'Bidirectional',
  'EllipticalROI',
  'RectangleROI',
  'PlanarFreehandROI',
  'ArrowAnnotate',
  'Probe',
] as const;
export type AnnotationKind = (typeof ANNOTATION_KINDS)[number];

/** How many defining points each kind has (their meaning: Annotation.points). */
export const POINT_COUNTS: Readonly<Record<AnnotationKind, { min: number; max: number }>> = {
  Length: { min: 2, max: 2 },
  Angle: { min: 3, max: 3 },
  Bidirectional: { min: 4, max: 4 },
  EllipticalROI: { min: 4, max: 4 },
  RectangleROI: { min: 2, max: 2 },
  PlanarFreehandROI: { min: 3, max: Infinity },
  ArrowAnnotate: { min: 2, max: 2 },
  Probe: { min: 1, max: 1 },
};

/**
 * A point in image pixel coordinates: [x, y] = [column, row], continuous, where integer values are
 * pixel centres (the convention of ground-truth.json and of Cornerstone's image index space).
 */
export type ImagePoint = [x: number, y: number];

/** The image (and frame) an annotation is drawn on. */
export interface ImageReference {
  studyInstanceUID: string;
  seriesInstanceUID: string;
  sopInstanceUID: string;
  /** 1-based frame number, for multi-frame instances. */
  frame?: number;
}

/** A sentence in both languages the product speaks; one may be empty while its translation is pending. */
export interface TeachingNote {
  en: string;
  es: string;
}

export interface Annotation {
  /** Unique within the set; stable across edits. */
  id: string;
  kind: AnnotationKind;
  image: ImageReference;
  /**
   * The tool's defining points, in image coordinates:
   * Length [a, b]; Angle [a, vertex, b]; Bidirectional [long a, long b, short a, short b];
   * EllipticalROI [top, bottom, left, right] of the axis-aligned ellipse; RectangleROI
   * [corner, opposite corner]; PlanarFreehandROI the closed outline's vertices; ArrowAnnotate
   * [tip, tail]; Probe [point].
   */
  points: ImagePoint[];
  /** Key of a finding in the case vocabulary (src/annotations/vocabulary.ts). */
  finding: string;
  /** Short text shown with the mark (the arrow's label). */
  label?: string;
  /** Optional teaching note. */
  note?: TeachingNote;
  author: string;
  /** ISO 8601 date-times. */
  created: string;
  modified: string;
  locked?: boolean;
}

export interface AnnotationSet {
  schema: 'radcase.annotations/1';
  caseId: string;
  /** "expert" for the case's teaching set; anything else names a user's set. */
  set: string;
  title?: TeachingNote;
  annotations: Annotation[];
}

export const ANNOTATION_SCHEMA_ID = 'radcase.annotations/1';

/** Whether a mark is drawn on the image a reference names (its frame included; none means frame 1). */
export const onImage = (mark: Pick<Annotation, 'image'>, ref: ImageReference) =>
  mark.image.sopInstanceUID === ref.sopInstanceUID && (mark.image.frame ?? 1) === (ref.frame ?? 1);
