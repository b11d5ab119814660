// The change table of the compare view: findings measured (a length, or a bidirectional mark's long
// axis) on two dates, with the value at each date and the absolute and percent change. Pure.
import { bidirectionalAxes, lengthOf, type Measured, type PixelSpacing } from '../annotations/measure';
import type { Annotation, ImageReference } from '../annotations/model';

export interface DatedMeasurement {
  annotationId: string;
  /** Study date, YYYY-MM-DD. */
  date: string;
  value: number;
  unit: Measured['unit'];
}

export interface ChangeRow {
  finding: string;
  /** The marks' shared label ("Largest diameter, left hip"), or empty. */
  label: string;
  before: DatedMeasurement;
  after: DatedMeasurement;
  /** after − before, in the measurements' unit. */
  absolute: number;
  /** (after − before) / before × 100; null when the first value is 0. */
  percent: number | null;
}

export interface ChangeTableInputs {
  /** The study date of an image (YYYYMMDD or YYYY-MM-DD), when its study is known. */
  dateOf(ref: ImageReference): string | undefined;
  /** The image's pixel spacing [row, column]; null when it has none, undefined while it is not known yet. */
  spacingOf(ref: ImageReference): PixelSpacing | null | undefined;
}

const isoDate = (d: string) => (/^\d{8}$/.test(d) ? `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}` : d);

/** A length-type measurement of a mark: a Length's length, a Bidirectional's long axis; null for other kinds. */
export function lengthMeasurement(a: Annotation, spacing: PixelSpacing | null): Measured | null {
  if (a.kind === 'Length' && a.points.length >= 2) return lengthOf(a.points[0], a.points[1], spacing);
  if (a.kind === 'Bidirectional' && a.points.length >= 4) return bidirectionalAxes(a.points, spacing).long;
  return null;
}

/**
 * Pairs the marks that measure the same thing — same finding, same label, same kind — on different
 * dates, and compares the earliest date with the latest. Marks whose units differ (one image
 * calibrated, the other not) are not compared. Several marks of one thing on one date: the first wins.
 */
export function changeTable(annotations: readonly Annotation[], inputs: ChangeTableInputs): ChangeRow[] {
  const groups = new Map<string, { finding: string; label: string; byDate: Map<string, DatedMeasurement> }>();
  for (const a of annotations) {
    const date = inputs.dateOf(a.image);
    const spacing = inputs.spacingOf(a.image);
    if (!date || spacing === undefined) continue;
    const measured = lengthMeasurement(a, spacing);
    if (!measured) continue;
    const label = a.label ?? '';
    const key = `${a.kind}\u0000${a.finding}\u0000${label}`;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { finding: a.finding, label, byDate: new Map() }));
    const iso = isoDate(date);
    if (!group.byDate.has(iso)) group.byDate.set(iso, { annotationId: a.id, date: iso, value: measured.value, unit: measured.unit });
  }
  const rows: ChangeRow[] = [];
  for (const { finding, label, byDate } of groups.values()) {
    if (byDate.size < 2) continue;
    const dated = [...byDate.values()].sort((p, q) => p.date.localeCompare(q.date));
    const before = dated[0];
    const after = dated[dated.length - 1];
    if (before.unit !== after.unit) continue;
    const absolute = after.value - before.value;
    rows.push({ finding, label, before, after, absolute, percent: before.value === 0 ? null : (absolute / before.value) * 100 });
  }
  return rows.sort((p, q) => p.finding.localeCompare(q.finding) || p.label.localeCompare(q.label));
}
