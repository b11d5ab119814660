// Turns unknown JSON into an AnnotationSet: the JSON Schema (ajv) for shape, then the rules a schema
// cannot express, each problem said in plain English naming the annotation it is about.
import Ajv2020 from 'ajv/dist/2020';
import type { ErrorObject } from 'ajv';
import schema from '../../annotations/schema/radcase.annotations-1.schema.json';
import { ANNOTATION_KINDS, POINT_COUNTS, type Annotation, type AnnotationKind, type AnnotationSet, type ImageReference } from './model';
import { findingFor } from './vocabulary';

/** What validation needs to know about a referenced image. */
export interface ImageGeometry {
  rows: number;
  columns: number;
  /** Number of frames (1 for single-frame images). */
  frames: number;
}

/** Finds the image an annotation refers to; undefined when the case has no such image. */
export type ImageResolver = (ref: ImageReference) => ImageGeometry | undefined;

export type ValidationResult = { ok: true; set: AnnotationSet } | { ok: false; problems: string[] };

/** How many defining points each kind has; kept with the model, re-exported for existing callers. */
export { POINT_COUNTS };

/**
 * How far (in pixels) a point may lie beyond the image's outer pixel edges: drawing tools let a
 * handle be dropped just past the border, and such a mark is still meaningful.
 */
export const OUTSIDE_MARGIN_PX = 2;

// Compiled once per module load; allErrors so one pass reports everything wrong with a file.
const ajv = new Ajv2020({ allErrors: true, strict: true });
const checkShape = ajv.compile(schema);

const DEF_NAMES: Record<string, string> = {
  uid: 'a DICOM UID (digits and dots, at most 64 characters)',
  isoDateTime: 'an ISO 8601 date-time with a time zone (e.g. 2025-03-10T09:00:00Z)',
  key: 'a key (letters, digits, ".", "_" or "-")',
};

export function validateAnnotationSet(input: unknown, resolver?: ImageResolver): ValidationResult {
  try {
    const problems: string[] = [];
    if (!isObject(input)) {
      return { ok: false, problems: ['the file is not a JSON object (expected a radcase.annotations/1 set)'] };
    }
    if (!checkShape(input)) {
      for (const error of checkShape.errors ?? []) problems.push(describeSchemaError(input, error));
    }
    problems.push(...semanticProblems(input, resolver));
    const unique = [...new Set(problems)];
    if (unique.length > 0) return { ok: false, problems: unique };
    return { ok: true, set: structuredClone(input) as unknown as AnnotationSet };
  } catch (error) {
    // Defensive only: every check above guards its inputs, but bad data must never crash the caller.
    return { ok: false, problems: [`the set could not be checked: ${String(error)}`] };
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** "annotation 3 (id "a1")": 1-based, as a person counts; the id when there is a usable one. */
function nameAnnotation(annotations: unknown, index: number): string {
  const annotation = Array.isArray(annotations) ? annotations[index] : undefined;
  const id = isObject(annotation) && typeof annotation.id === 'string' ? ` (id ${JSON.stringify(annotation.id)})` : '';
  return `annotation ${index + 1}${id}`;
}

/** A JSON pointer inside one annotation as words: "/points/3/0" -> "point 4 x". */
function describeField(segments: string[]): string {
  if (segments.length === 0) return '';
  if (segments[0] === 'points') {
    if (segments.length === 1) return 'points';
    const point = `point ${Number(segments[1]) + 1}`;
    if (segments.length === 2) return point;
    return `${point} ${segments[2] === '0' ? 'x' : segments[2] === '1' ? 'y' : `value ${Number(segments[2]) + 1}`}`;
  }
  return segments.join('.');
}

function describeSchemaError(set: Record<string, unknown>, error: ErrorObject): string {
  const segments = error.instancePath.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  let subject = 'the set';
  let fieldSegments = segments;
  if (segments[0] === 'annotations' && segments.length >= 2) {
    subject = nameAnnotation(set.annotations, Number(segments[1]));
    fieldSegments = segments.slice(2);
  }
  const field = describeField(fieldSegments);
  const value = valueAt(set, segments);
  const what = field ? `${field} ` : '';
  const params = error.params as Record<string, unknown>;
  let message: string;
  switch (error.keyword) {
    case 'required':
      message = `${what}is missing "${String(params.missingProperty)}"`;
      break;
    case 'additionalProperties':
      message = `${what}has an unknown field "${String(params.additionalProperty)}"`;
      break;
    case 'type':
      message = `${what}must be ${article(String(params.type))}, not ${typeName(value)}`;
      break;
    case 'enum':
      message = fieldSegments[0] === 'kind'
        ? `kind ${JSON.stringify(value)} is not one of ${ANNOTATION_KINDS.join(', ')}`
        : `${what}has an unsupported value ${JSON.stringify(value)}`;
      break;
    case 'const':
      message = `${what}must be ${JSON.stringify(params.allowedValue)}, not ${JSON.stringify(value)}`;
      break;
    case 'pattern': {
      const def = /#\/\$defs\/(\w+)/.exec(error.schemaPath)?.[1] ?? '';
      message = `${what}${JSON.stringify(value)} is not ${DEF_NAMES[def] ?? `in the expected form`}`;
      break;
    }
    case 'minLength':
      message = Number(params.limit) === 1 ? `${what}must not be empty` : `${what}must have at least ${String(params.limit)} characters`;
      break;
    case 'maxLength':
      message = `${what}must have at most ${String(params.limit)} characters`;
      break;
    case 'minimum':
      message = `${what}must be at least ${String(params.limit)}, not ${JSON.stringify(value)}`;
      break;
    case 'minItems':
    case 'maxItems':
      if (fieldSegments[0] === 'points' && fieldSegments.length === 2) {
        message = `${what}must be an [x, y] pair`;
      } else if (fieldSegments[0] === 'points' && fieldSegments.length === 1 && error.keyword === 'minItems') {
        message = 'has no points';
      } else {
        message = `${what}must have ${error.keyword === 'minItems' ? 'at least' : 'at most'} ${String(params.limit)} items`;
      }
      break;
    case 'items':
      message = fieldSegments[0] === 'points' ? `${what}must be an [x, y] pair` : `${what}has too many items`;
      break;
    default:
      message = `${what}${error.message ?? 'is invalid'}`;
  }
  return `${subject}: ${message}`.replace(/\s+/g, ' ');
}

function valueAt(root: unknown, segments: string[]): unknown {
  let value: unknown = root;
  for (const segment of segments) {
    if (Array.isArray(value)) value = value[Number(segment)];
    else if (isObject(value)) value = value[segment];
    else return undefined;
  }
  return value;
}

function article(type: string): string {
  return type === 'array' || type === 'object' || type === 'integer' ? `an ${type}` : `a ${type}`;
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  return typeof value === 'object' ? 'an object' : `${typeof value === 'undefined' ? 'nothing' : article(typeof value)}`;
}

const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:Z|[+-](\d{2}):(\d{2}))$/;

/** Milliseconds since the epoch, or undefined when the text is not a real ISO 8601 date-time. */
export function parseIsoDateTime(text: string): number | undefined {
  const m = ISO_DATE_TIME.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number);
  // Date.parse rolls 30 February over into March; rebuild the calendar date to catch that.
  const calendar = new Date(Date.UTC(year, month - 1, day));
  if (calendar.getUTCMonth() !== month - 1 || calendar.getUTCDate() !== day) return undefined;
  if (hour > 23 || minute > 59 || second > 60) return undefined;
  if (m[7] !== undefined && (Number(m[7]) > 23 || Number(m[8]) > 59)) return undefined;
  const time = Date.parse(text);
  return Number.isFinite(time) ? time : undefined;
}

function isKind(value: unknown): value is AnnotationKind {
  return typeof value === 'string' && (ANNOTATION_KINDS as readonly string[]).includes(value);
}

function semanticProblems(set: Record<string, unknown>, resolver?: ImageResolver): string[] {
  const problems: string[] = [];
  const annotations = set.annotations;
  if (!Array.isArray(annotations)) return problems;
  const firstIndexOfId = new Map<string, number>();

  annotations.forEach((annotation, index) => {
    if (!isObject(annotation)) return; // the schema has already said so
    const name = nameAnnotation(annotations, index);
    const say = (message: string) => problems.push(`${name}: ${message}`);

    if (typeof annotation.id === 'string') {
      const first = firstIndexOfId.get(annotation.id);
      if (first === undefined) firstIndexOfId.set(annotation.id, index);
      else say(`id ${JSON.stringify(annotation.id)} is already used by annotation ${first + 1}`);
    }

    const points = Array.isArray(annotation.points) ? annotation.points : undefined;
    if (isKind(annotation.kind) && points) {
      const { min, max } = POINT_COUNTS[annotation.kind];
      if (points.length < min || points.length > max) {
        const needs = min === max ? `${min}` : max === Infinity ? `at least ${min}` : `${min} to ${max}`;
        say(`${annotation.kind} needs ${needs} point${min === 1 && max === 1 ? '' : 's'}, has ${points.length}`);
      }
    }
    points?.forEach((point, p) => {
      if (Array.isArray(point) && point.length === 2 && point.every((c) => typeof c === 'number') && !point.every((c) => Number.isFinite(c))) {
        say(`point ${p + 1} must be two finite numbers, not [${point.join(', ')}]`);
      }
    });

    if (typeof annotation.finding === 'string' && !findingFor(annotation.finding)) {
      say(`finding ${JSON.stringify(annotation.finding)} is not in the case vocabulary`);
    }

    const created = typeof annotation.created === 'string' ? parseIsoDateTime(annotation.created) : undefined;
    const modified = typeof annotation.modified === 'string' ? parseIsoDateTime(annotation.modified) : undefined;
    for (const [field, text, time] of [['created', annotation.created, created], ['modified', annotation.modified, modified]] as const) {
      if (typeof text === 'string' && time === undefined) say(`${field} ${JSON.stringify(text)} is not a valid date-time`);
    }
    if (created !== undefined && modified !== undefined && modified < created) {
      say(`modified (${String(annotation.modified)}) is earlier than created (${String(annotation.created)})`);
    }

    if (resolver && isObject(annotation.image) && typeof annotation.image.sopInstanceUID === 'string') {
      problems.push(...imageProblems(name, annotation.image as unknown as ImageReference, points, resolver));
    }
  });
  return problems;
}

/**
 * Only the image checks, for marks of a set that was validated already: each one's image exists
 * (with that frame) and its points lie on it. Cheap enough to run over hundreds of marks at once.
 */
export function referenceProblems(annotations: readonly Annotation[], resolver: ImageResolver): string[] {
  return annotations.flatMap((a) => imageProblems(`annotation ${JSON.stringify(a.id)}`, a.image, a.points, resolver));
}

function imageProblems(name: string, ref: ImageReference, points: unknown[] | undefined, resolver: ImageResolver): string[] {
  const problems: string[] = [];
  const geometry = resolver(ref);
  if (!geometry) {
    return [`${name}: image ${ref.sopInstanceUID} (series ${String(ref.seriesInstanceUID)}) is not in this case`];
  }
  const frame = ref.frame ?? 1;
  if (frame > geometry.frames) {
    problems.push(`${name}: frame ${frame} does not exist; the image has ${geometry.frames} frame${geometry.frames === 1 ? '' : 's'}`);
  } else if (ref.frame === undefined && geometry.frames > 1) {
    problems.push(`${name}: the image has ${geometry.frames} frames; "frame" must say which one is marked`);
  }
  // Pixel centres run from 0 to size-1, so the image's outer edges are at -0.5 and size-0.5.
  const [minX, maxX] = [-0.5 - OUTSIDE_MARGIN_PX, geometry.columns - 0.5 + OUTSIDE_MARGIN_PX];
  const [minY, maxY] = [-0.5 - OUTSIDE_MARGIN_PX, geometry.rows - 0.5 + OUTSIDE_MARGIN_PX];
  points?.forEach((point, p) => {
    if (!Array.isArray(point) || !point.every((c) => typeof c === 'number' && Number.isFinite(c))) return;
    const [x, y] = point as number[];
    if (x < minX || x > maxX || y < minY || y > maxY) {
      problems.push(`${name}: point ${p + 1} [${x}, ${y}] lies outside the ${geometry.columns}×${geometry.rows} image`);
    }
  });
  return problems;
}
