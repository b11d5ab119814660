// The pure logic behind <rc-figure>: choosing a figure's series, reading the expert's marks, and the mark under the pointer.
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import type { Annotation } from '../../src/annotations/model';
import { chooseFigureSeries, figureNumber, languageOf, markAt, MarksError, openingIndex, readFigureMarks } from '../../src/embed/figure-logic';

const mark = (id: string, kind: Annotation['kind'], points: [number, number][]): Annotation => ({
  id,
  kind,
  points,
  image: { studyInstanceUID: '1.2', seriesInstanceUID: '1.2.3', sopInstanceUID: '1.2.3.4' },
  finding: 'perilesional-edema',
  author: 'expert',
  created: '',
  modified: '',
});

describe('choosing what a figure shows', () => {
  const studies = [
    { series: [{ key: 'a', figure: 'fig-1', seriesNumber: 1 }, { key: 'b', figure: 'fig-2', seriesNumber: 2 }, { key: 'c', figure: 'fig-2', seriesNumber: 3 }] },
    { series: [{ key: 'd', seriesNumber: 1 }, { key: 'e', figure: 'fig-4', seriesNumber: 4 }] },
  ];

  test('a figure shows its first series, or the one with the SeriesNumber asked for', () => {
    expect(chooseFigureSeries(studies, 'fig-2')).toEqual({ ok: true, series: studies[0].series[1] });
    expect(chooseFigureSeries(studies, 'fig-2', 3)).toEqual({ ok: true, series: studies[0].series[2] });
  });

  test('an unknown figure or series names what the case does have', () => {
    expect(chooseFigureSeries(studies, 'fig-9')).toEqual({ ok: false, problem: 'no-figure', figures: ['fig-1', 'fig-2', 'fig-4'] });
    expect(chooseFigureSeries(studies, 'fig-2', 7)).toEqual({ ok: false, problem: 'no-series', seriesNumbers: [2, 3] });
  });

  test('the stack opens on the image asked for (1-based, clamped), else its middle', () => {
    expect(openingIndex(32, 27)).toBe(26);
    expect(openingIndex(32, 99)).toBe(31);
    expect(openingIndex(32, 0)).toBe(0);
    expect(openingIndex(32)).toBe(15);
    expect(openingIndex(1)).toBe(0);
  });

  test('language and figure number come from the attributes', () => {
    expect(languageOf('es-ES')).toBe('es');
    expect(languageOf('en')).toBe('en');
    expect(languageOf(null)).toBe('en');
    expect(languageOf('fr')).toBe('en');
    expect(figureNumber('fig-3')).toBe('3');
  });
});

describe('reading the expert set for a figure', () => {
  test('the bundled expert set is read whole, every mark locked', () => {
    const json = JSON.parse(readFileSync('annotations/tumoral-calcinosis/expert.json', 'utf8'));
    const { marks, skipped } = readFigureMarks(json);
    expect(skipped).toBe(0);
    expect(marks).toHaveLength(json.annotations.length);
    expect(marks.every((m) => m.locked)).toBe(true);
    const arrow = marks.find((m) => m.kind === 'ArrowAnnotate')!;
    expect(arrow.note?.es).toBeTruthy();
  });

  test('a mark with the wrong number of points or no image is skipped; a file that is not a set is refused', () => {
    const good = mark('ok', 'Length', [[0, 0], [3, 4]]);
    const set = { schema: 'radcase.annotations/1', annotations: [good, { ...good, id: 'short', points: [[0, 0]] }, { ...good, id: 'noimage', image: null }, { ...good, id: 'nan', points: [[0, 0], [1, 'x']] }] };
    const { marks, skipped } = readFigureMarks(set);
    expect(marks.map((m) => m.id)).toEqual(['ok']);
    expect(skipped).toBe(3);
    expect(() => readFigureMarks({ schema: 'radcase.case/1' })).toThrow(MarksError);
    expect(() => readFigureMarks('<!doctype html>')).toThrow(MarksError);
  });
});

describe('the mark under the pointer', () => {
  const big = mark('big', 'PlanarFreehandROI', [[0, 0], [100, 0], [100, 100], [0, 100]]);
  const small = mark('small', 'EllipticalROI', [[50, 40], [50, 60], [40, 50], [60, 50]]);
  const line = mark('line', 'Length', [[0, 200], [100, 200]]);
  const marks = [big, small, line];

  test('a point near a line picks that mark', () => {
    expect(markAt(marks, [50, 203], 4)?.id).toBe('line');
    expect(markAt(marks, [50, 210], 4)).toBeNull();
    expect(markAt(marks, [101, 30], 2)?.id).toBe('big');
  });

  test('inside nested outlines the smallest one wins; on an outline, the nearest line', () => {
    expect(markAt(marks, [50, 50], 2)?.id).toBe('small');
    expect(markAt(marks, [20, 20], 2)?.id).toBe('big');
    expect(markAt(marks, [60.5, 50], 2)?.id).toBe('small');
    expect(markAt(marks, [150, 150], 2)).toBeNull();
  });
});
