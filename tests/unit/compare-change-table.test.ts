// The compare view's change table, computed from the real expert set of the bundled case.
import { describe, expect, test } from 'vitest';
import { join } from 'node:path';
import type { AnnotationSet, ImageReference } from '../../src/annotations/model';
import { changeTable } from '../../src/compare/change-table';
import { OUT_DIR, readCaseImages, readJson } from '../../scripts/annotations/make-expert-set';

const expert = readJson<AnnotationSet>(join(OUT_DIR, 'expert.json'));
const images = readCaseImages();
const inputs = {
  dateOf: (ref: ImageReference): string | undefined => {
    const date = images.get(ref.sopInstanceUID)?.context.StudyDate;
    return date === undefined ? undefined : String(date);
  },
  spacingOf: (ref: ImageReference) => images.get(ref.sopInstanceUID)?.pixelSpacing ?? undefined,
};

/** The expert's length of a mark, measured here independently: pixel distance × the file's spacing. */
function expertLength(label: string, seriesHint: string) {
  const mark = expert.annotations.find((a) => a.kind === 'Length' && a.label === label && a.id.includes(seriesHint));
  if (!mark) throw new Error(`no ${label} on ${seriesHint}`);
  const [row, column] = images.get(mark.image.sopInstanceUID)!.pixelSpacing!;
  const [[x1, y1], [x2, y2]] = mark.points;
  return { id: mark.id, mm: Math.hypot((x2 - x1) * column, (y2 - y1) * row) };
}

describe('change table', () => {
  const rows = changeTable(expert.annotations, inputs);

  test("pairs the hip masses' largest diameters of the admission and follow-up pelvis, and nothing measured once", () => {
    expect(rows.map((r) => r.label)).toEqual(['Largest diameter, left hip', 'Largest diameter, right hip']);
    for (const r of rows) {
      expect(r.finding).toBe('periarticular-calcification');
      expect(r.before.date).toBe('2025-03-10');
      expect(r.after.date).toBe('2025-06-09');
      expect(r.before.unit).toBe('mm');
    }
  });

  test('values, absolute and percent change match the marks measured independently', () => {
    for (const [row, side] of [[rows[0], 'left'], [rows[1], 'right']] as const) {
      const before = expertLength(`Largest diameter, ${side} hip`, '.ap-pelvis.');
      const after = expertLength(`Largest diameter, ${side} hip`, '.ap-pelvis-followup.');
      expect(row.before.annotationId).toBe(before.id);
      expect(row.after.annotationId).toBe(after.id);
      expect(row.before.value).toBeCloseTo(before.mm, 6);
      expect(row.after.value).toBeCloseTo(after.mm, 6);
      expect(row.absolute).toBeCloseTo(after.mm - before.mm, 6);
      expect(row.percent).toBeCloseTo(((after.mm - before.mm) / before.mm) * 100, 6);
    }
  });

  test('a user mark of the same finding and label at a third date moves the comparison to the latest date', () => {
    const base = expert.annotations.find((a) => a.id.endsWith('ap-pelvis-followup.001.L.diameter'))!;
    const later = { ...base, image: { ...base.image }, id: 'user-later', points: [base.points[0], [base.points[0][0] + 100, base.points[0][1]]] as [number, number][] };
    const table = changeTable([...expert.annotations, later], {
      ...inputs,
      dateOf: (ref) => (ref === later.image ? '20251201' : inputs.dateOf(ref)),
    });
    const left = table.find((r) => r.label === 'Largest diameter, left hip')!;
    expect(left.after.date).toBe('2025-12-01');
    expect(left.after.value).toBeCloseTo(100 * 0.175, 3);
  });

  test('marks on images whose spacing is not known yet are left out', () => {
    expect(changeTable(expert.annotations, { ...inputs, spacingOf: () => undefined })).toEqual([]);
  });
});
