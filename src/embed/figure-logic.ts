// The pure logic of an embedded case figure: which series it shows, the expert's marks it draws
// (read from JSON once, where they enter), and which mark lies under the pointer. No DOM, no Cornerstone.
import { ANNOTATION_KINDS, POINT_COUNTS, type Annotation, type AnnotationKind, type ImagePoint, type ImageReference } from '../annotations/model';
import type { Language } from '../i18n/strings';
import { roiContains } from '../annotations/measure';

/** The language a figure speaks, from its `lang` (or its page's): Spanish for any "es" tag, else English. */
export function languageOf(tag: string | null | undefined): Language {
  return /^es\b/i.test((tag ?? '').trim()) ? 'es' : 'en';
}

/** "fig-2" -> "2"; any other name stays as it is. */
export const figureNumber = (figure: string) => figure.replace(/^fig-/i, '');

interface SeriesLike {
  key: string;
  figure?: string;
  seriesNumber: number | null;
}

export type FigureChoice<S> =
  | { ok: true; series: S }
  | { ok: false; problem: 'no-figure'; figures: string[] }
  | { ok: false; problem: 'no-series'; seriesNumbers: number[] };

/**
 * The series a figure shows: the one with the given SeriesNumber among those standing for the
 * figure, else the first of them in the case's order.
 */
export function chooseFigureSeries<S extends SeriesLike>(studies: readonly { series: readonly S[] }[], figure: string, seriesNumber?: number): FigureChoice<S> {
  const all = studies.flatMap((study) => study.series);
  const candidates = all.filter((s) => s.figure === figure);
  if (candidates.length === 0) {
    const figures = [...new Set(all.map((s) => s.figure).filter((f): f is string => Boolean(f)))];
    return { ok: false, problem: 'no-figure', figures };
  }
  if (seriesNumber === undefined) return { ok: true, series: candidates[0] };
  const chosen = candidates.find((s) => s.seriesNumber === seriesNumber);
  if (chosen) return { ok: true, series: chosen };
  return { ok: false, problem: 'no-series', seriesNumbers: candidates.map((s) => s.seriesNumber).filter((n): n is number => n !== null) };
}

/** The index (0-based) a stack of `count` images opens on: the 1-based `image` asked for, else its middle. */
export function openingIndex(count: number, image?: number): number {
  if (count <= 0) return 0;
  if (image === undefined || !Number.isFinite(image)) return Math.floor((count - 1) / 2);
  return Math.max(0, Math.min(count - 1, Math.round(image) - 1));
}


const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isText = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
const isPoint = (v: unknown): v is ImagePoint => Array.isArray(v) && v.length === 2 && v.every((c) => typeof c === 'number' && Number.isFinite(c));

export class MarksError extends Error {}

/**
 * The marks of an expert set as a figure shows them, read-only and locked. The figure checks what
 * it draws and shows (kind, image, points, finding, label, note) and skips a mark that is wrong, counting
 * it; a file that is not an annotation set at all is refused. This is deliberately not the full
 * schema check of src/annotations/validate.ts: that compiles its schema with ajv at run time, which
 * a course page's content security policy may forbid, and it would double the size of the bundle.
 */
export function readFigureMarks(json: unknown): { marks: Annotation[]; skipped: number } {
  if (!isObject(json) || json.schema !== 'radcase.annotations/1' || !Array.isArray(json.annotations)) {
    throw new MarksError('not a radcase.annotations/1 set');
  }
  const marks: Annotation[] = [];
  let skipped = 0;
  for (const a of json.annotations as unknown[]) {
    const mark = readMark(a);
    if (mark) marks.push(mark);
    else skipped++;
  }
  return { marks, skipped };
}

function readMark(a: unknown): Annotation | null {
  if (!isObject(a) || !isText(a.id) || !isText(a.finding)) return null;
  const kind = a.kind as AnnotationKind;
  if (!(ANNOTATION_KINDS as readonly string[]).includes(kind)) return null;
  const image = a.image;
  if (!isObject(image) || !isText(image.studyInstanceUID) || !isText(image.seriesInstanceUID) || !isText(image.sopInstanceUID)) return null;
  if (image.frame !== undefined && !(Number.isInteger(image.frame) && (image.frame as number) >= 1)) return null;
  const points = a.points;
  const { min, max } = POINT_COUNTS[kind];
  if (!Array.isArray(points) || points.length < min || points.length > max || !points.every(isPoint)) return null;
  const ref: ImageReference = { studyInstanceUID: image.studyInstanceUID, seriesInstanceUID: image.seriesInstanceUID, sopInstanceUID: image.sopInstanceUID };
  if (image.frame !== undefined) ref.frame = image.frame as number;
  const mark: Annotation = {
    id: a.id,
    kind,
    image: ref,
    points: points.map(([x, y]) => [x, y] as ImagePoint),
    finding: a.finding,
    author: typeof a.author === 'string' ? a.author : 'expert',
    created: typeof a.created === 'string' ? a.created : '',
    modified: typeof a.modified === 'string' ? a.modified : '',
    locked: true,
  };
  if (typeof a.label === 'string' && a.label) mark.label = a.label;
  const note = a.note;
  if (isObject(note) && typeof note.en === 'string' && typeof note.es === 'string') mark.note = { en: note.en, es: note.es };
  return mark;
}

export { onImage } from '../annotations/model';

type Segment = [ImagePoint, ImagePoint];

function distanceToSegment([x, y]: ImagePoint, [[x1, y1], [x2, y2]]: Segment): number {
  const dx = x2 - x1;
  const dy = y2 - y1;
  const lengthSquared = dx * dx + dy * dy;
  const t = lengthSquared === 0 ? 0 : Math.max(0, Math.min(1, ((x - x1) * dx + (y - y1) * dy) / lengthSquared));
  return Math.hypot(x - (x1 + t * dx), y - (y1 + t * dy));
}

const closedRing = (points: ImagePoint[]): Segment[] => points.map((p, i) => [p, points[(i + 1) % points.length]]);

function rectangleCorners([[x1, y1], [x2, y2]]: ImagePoint[]): ImagePoint[] {
  return [
    [x1, y1],
    [x2, y1],
    [x2, y2],
    [x1, y2],
  ];
}


const polygonArea = (polygon: ImagePoint[]) =>
  Math.abs(polygon.reduce((sum, [x, y], i) => {
    const [nx, ny] = polygon[(i + 1) % polygon.length];
    return sum + x * ny - nx * y;
  }, 0)) / 2;

/** How near a point is to a mark's drawn lines, and whether (with what area) it lies inside a closed one. */
export function proximity(mark: Annotation, p: ImagePoint): { edge: number; insideArea: number | null } {
  const pts = mark.points;
  const nearest = (segments: Segment[]) => Math.min(...segments.map((s) => distanceToSegment(p, s)));
  switch (mark.kind) {
    case 'Probe':
      return { edge: Math.hypot(p[0] - pts[0][0], p[1] - pts[0][1]), insideArea: null };
    case 'Length':
    case 'ArrowAnnotate':
      return { edge: nearest([[pts[0], pts[1]]]), insideArea: null };
    case 'Angle':
      return { edge: nearest([[pts[0], pts[1]], [pts[1], pts[2]]]), insideArea: null };
    case 'Bidirectional':
      return { edge: nearest([[pts[0], pts[1]], [pts[2], pts[3]]]), insideArea: null };
    case 'RectangleROI': {
      const corners = rectangleCorners(pts);
      return { edge: nearest(closedRing(corners)), insideArea: roiContains('PlanarFreehandROI', corners, p[0], p[1]) ? polygonArea(corners) : null };
    }
    case 'PlanarFreehandROI':
      return { edge: nearest(closedRing(pts)), insideArea: roiContains('PlanarFreehandROI', pts, p[0], p[1]) ? polygonArea(pts) : null };
    case 'EllipticalROI': {
      const [top, bottom, left, right] = pts;
      const cx = (left[0] + right[0]) / 2;
      const cy = (top[1] + bottom[1]) / 2;
      const rx = Math.abs(right[0] - left[0]) / 2 || 1e-9;
      const ry = Math.abs(bottom[1] - top[1]) / 2 || 1e-9;
      const r = Math.hypot((p[0] - cx) / rx, (p[1] - cy) / ry);
      // Along the ray from the centre: how far the point is from where that ray crosses the outline.
      const edge = Math.abs(r - 1) * Math.hypot(p[0] - cx, p[1] - cy) / Math.max(r, 1e-9);
      return { edge: r === 0 ? Math.min(rx, ry) : edge, insideArea: r <= 1 ? Math.PI * rx * ry : null };
    }
  }
}

/**
 * The mark under the pointer: the one whose line passes nearest, within `tolerance` image pixels;
 * else the smallest closed outline the point lies in (an outline inside another wins); else none.
 */
export function markAt(marks: readonly Annotation[], p: ImagePoint, tolerance: number): Annotation | null {
  let nearLine: { mark: Annotation; edge: number } | null = null;
  let within: { mark: Annotation; area: number } | null = null;
  for (const mark of marks) {
    const { edge, insideArea } = proximity(mark, p);
    if (edge <= tolerance && (!nearLine || edge < nearLine.edge)) nearLine = { mark, edge };
    if (insideArea !== null && (!within || insideArea < within.area)) within = { mark, area: insideArea };
  }
  return nearLine?.mark ?? within?.mark ?? null;
}
