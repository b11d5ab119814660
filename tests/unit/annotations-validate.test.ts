import { describe, expect, test } from 'vitest';
import { validateAnnotationSet, type ImageResolver } from '../../src/annotations/validate';
import type { Annotation, AnnotationSet } from '../../src/annotations/model';

const IMAGE = { studyInstanceUID: '2.25.1', seriesInstanceUID: '2.25.2', sopInstanceUID: '2.25.3' };
const SCAN = { studyInstanceUID: '2.25.1', seriesInstanceUID: '2.25.4', sopInstanceUID: '2.25.5', frame: 2 };

const mark = (id: string, kind: Annotation['kind'], points: Annotation['points'], extra: Partial<Annotation> = {}): Annotation => ({
  id,
  kind,
  image: { ...IMAGE },
  points,
  finding: 'periarticular-calcification',
  author: 'tester',
  created: '2025-03-10T09:00:00Z',
  modified: '2025-03-10T09:05:00Z',
  ...extra,
});

const goodSet = (): AnnotationSet => ({
  schema: 'radcase.annotations/1',
  caseId: 'tumoral-calcinosis',
  set: 'expert',
  title: { en: 'Teaching marks', es: 'Marcas docentes' },
  annotations: [
    mark('len', 'Length', [[10, 10], [50, 40]], { label: 'Mass', note: { en: 'Big.', es: 'Grande.' }, locked: true }),
    mark('ang', 'Angle', [[10, 10], [20, 20], [30, 10]]),
    mark('bid', 'Bidirectional', [[10, 50], [90, 50], [50, 40], [50, 60]]),
    mark('ell', 'EllipticalROI', [[50, 10], [50, 30], [40, 20], [60, 20]]),
    mark('rect', 'RectangleROI', [[5, 5], [25, 15]]),
    mark('free', 'PlanarFreehandROI', [[10, 10], [30, 10], [20, 30]], { finding: 'perilesional-edema' }),
    mark('arrow', 'ArrowAnnotate', [[20, 20], [40, 40]], { image: SCAN, finding: 'uptake-maximum', label: 'Max' }),
    mark('probe', 'Probe', [[0, 0]]),
  ],
});

const resolver: ImageResolver = (ref) =>
  ref.sopInstanceUID === IMAGE.sopInstanceUID ? { rows: 100, columns: 120, frames: 1 }
  : ref.sopInstanceUID === SCAN.sopInstanceUID ? { rows: 1024, columns: 256, frames: 2 }
  : undefined;

function problemsOf(input: unknown, withResolver = true): string[] {
  const result = validateAnnotationSet(input, withResolver ? resolver : undefined);
  return result.ok ? [] : result.problems;
}

describe('annotation set validation', () => {
  test('accepts a well-formed set of all eight kinds and returns an equal copy', () => {
    const set = goodSet();
    const result = validateAnnotationSet(set, resolver);
    expect(result).toEqual({ ok: true, set });
    if (result.ok) expect(result.set).not.toBe(set);
  });

  test('says plainly when a kind has the wrong number of points', () => {
    const set = goodSet();
    set.annotations[0].points = [[1, 1]];
    set.annotations[5].points = [[1, 1], [2, 2]];
    set.annotations[7].points = [[1, 1], [2, 2]];
    expect(problemsOf(set)).toEqual([
      'annotation 1 (id "len"): Length needs 2 points, has 1',
      'annotation 6 (id "free"): PlanarFreehandROI needs at least 3 points, has 2',
      'annotation 8 (id "probe"): Probe needs 1 point, has 2',
    ]);
  });

  test('rejects non-finite coordinates in objects that never went through JSON', () => {
    const set = goodSet();
    set.annotations[1].points[2] = [Number.NaN, 3];
    expect(problemsOf(set)).toContain('annotation 2 (id "ang"): point 3 x must be a number, not NaN');
  });

  test('rejects a finding that is not in the vocabulary', () => {
    const set = goodSet();
    set.annotations[2].finding = 'broken-bone';
    expect(problemsOf(set)).toEqual(['annotation 3 (id "bid"): finding "broken-bone" is not in the case vocabulary']);
  });

  test('rejects duplicate ids, naming the first user', () => {
    const set = goodSet();
    set.annotations[4].id = 'len';
    expect(problemsOf(set)).toEqual(['annotation 5 (id "len"): id "len" is already used by annotation 1']);
  });

  test('rejects dates that are not dates, and edits before creation', () => {
    const set = goodSet();
    set.annotations[0].created = '2025-02-30T10:00:00Z';
    set.annotations[1].created = 'yesterday';
    set.annotations[2].modified = '2025-03-09T00:00:00Z';
    expect(problemsOf(set)).toEqual([
      'annotation 2 (id "ang"): created "yesterday" is not an ISO 8601 date-time with a time zone (e.g. 2025-03-10T09:00:00Z)',
      'annotation 1 (id "len"): created "2025-02-30T10:00:00Z" is not a valid date-time',
      'annotation 2 (id "ang"): created "yesterday" is not a valid date-time',
      'annotation 3 (id "bid"): modified (2025-03-09T00:00:00Z) is earlier than created (2025-03-10T09:00:00Z)',
    ]);
  });

  test('checks references and bounds against the case images when a resolver is given', () => {
    const set = goodSet();
    set.annotations[0].image = { ...IMAGE, sopInstanceUID: '2.25.99' };
    set.annotations[6].image = { ...SCAN, frame: 3 };
    set.annotations[3].points[3] = [122.6, 20];
    set.annotations[7].image = { ...SCAN, frame: undefined } as never;
    delete (set.annotations[7].image as { frame?: number }).frame;
    expect(problemsOf(set)).toEqual([
      'annotation 1 (id "len"): image 2.25.99 (series 2.25.2) is not in this case',
      'annotation 4 (id "ell"): point 4 [122.6, 20] lies outside the 120×100 image',
      'annotation 7 (id "arrow"): frame 3 does not exist; the image has 2 frames',
      'annotation 8 (id "probe"): the image has 2 frames; "frame" must say which one is marked',
    ]);
    expect(problemsOf(set, false)).toEqual([]);
  });

  test('accepts points up to the margin just past the image edge', () => {
    const set = goodSet();
    set.annotations[7].points = [[-2.5, 101.5]];
    expect(problemsOf(set)).toEqual([]);
  });

  test('describes shape errors from the schema in plain words', () => {
    const set = goodSet() as unknown as Record<string, unknown>;
    const annotations = set.annotations as Record<string, unknown>[];
    set.schema = 'radcase.annotations/2';
    delete annotations[0].author;
    annotations[1].kind = 'Circle';
    annotations[2].colour = 'red';
    (annotations[3].image as Record<string, unknown>).sopInstanceUID = 'not-a-uid';
    annotations[4].points = [[1, 2, 3], [4, 5]];
    annotations[5].locked = 'yes';
    expect(problemsOf(set, false)).toEqual([
      'the set: schema must be "radcase.annotations/1", not "radcase.annotations/2"',
      'annotation 1 (id "len"): is missing "author"',
      'annotation 2 (id "ang"): kind "Circle" is not one of Length, Angle, Bidirectional, EllipticalROI, RectangleROI, PlanarFreehandROI, ArrowAnnotate, Probe',
      'annotation 3 (id "bid"): has an unknown field "colour"',
      'annotation 4 (id "ell"): image.sopInstanceUID "not-a-uid" is not a DICOM UID (digits and dots, at most 64 characters)',
      'annotation 5 (id "rect"): point 1 must be an [x, y] pair',
      'annotation 6 (id "free"): locked must be a boolean, not a string',
    ]);
  });

  test('never throws on garbage', () => {
    for (const input of [null, 42, 'text', [], { annotations: 'no' }, { annotations: [null, 1, { points: 'x' }] }]) {
      const result = validateAnnotationSet(input, resolver);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.problems.length).toBeGreaterThan(0);
    }
  });
});

describe('annotation files', () => {
  test('a file that is not JSON gives one plain problem; a good file gives the set', async () => {
    const { parseSetText } = await import('../../src/annotations/persistence');
    const bad = parseSetText('{"schema": ');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.problems[0]).toMatch(/^the file is not valid JSON/);
    expect(parseSetText(JSON.stringify(goodSet()), resolver)).toEqual({ ok: true, set: goodSet() });
  });
});
