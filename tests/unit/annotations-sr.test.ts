import { describe, expect, test } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { annotationSetToSR, srToAnnotationSet, type SrImage, type SrImageLookup } from '../../src/annotations/sr';
import type { Annotation, AnnotationSet } from '../../src/annotations/model';

const STUDY = '2.25.100';
const MR: SrImage = {
  ref: { studyInstanceUID: STUDY, seriesInstanceUID: '2.25.101', sopInstanceUID: '2.25.102' },
  sopClassUID: '1.2.840.10008.5.1.4.1.1.4',
  rows: 256,
  columns: 240,
  frames: 1,
  pixelSpacing: [1.25, 0.8],
  // An oblique plane, so a mistake in the world conversion cannot cancel out.
  plane: {
    imagePositionPatient: [-120.5, -80.25, 33],
    imageOrientationPatient: [Math.cos(0.3), Math.sin(0.3), 0, -Math.sin(0.3) * Math.cos(0.2), Math.cos(0.3) * Math.cos(0.2), -Math.sin(0.2)],
    frameOfReferenceUID: '2.25.103',
  },
  context: { PatientName: 'SYNTHETIC^TEST', PatientID: 'T1', StudyDate: '20250310', StudyTime: '090000', Modality: 'MR', SeriesNumber: 2 },
};
const NM: SrImage = {
  ref: { studyInstanceUID: STUDY, seriesInstanceUID: '2.25.201', sopInstanceUID: '2.25.202' },
  sopClassUID: '1.2.840.10008.5.1.4.1.1.20',
  rows: 1024,
  columns: 256,
  frames: 2,
  pixelSpacing: null,
  context: { PatientName: 'SYNTHETIC^TEST', PatientID: 'T1', Modality: 'NM' },
};
const lookup: SrImageLookup = (ref) => [MR, NM].find((i) => i.ref.sopInstanceUID === ref.sopInstanceUID);

const base = { author: 'Dr Núñez', created: '2025-03-10T09:00:00Z', modified: '2025-03-11T10:30:00+01:00' };
const on = (image: SrImage, frame?: number) => ({ ...image.ref, ...(frame ? { frame } : {}) });

const allKinds = (): AnnotationSet => ({
  schema: 'radcase.annotations/1',
  caseId: 'tumoral-calcinosis',
  set: 'round trip',
  title: { en: 'Every kind', es: 'Todos los tipos, también el de ángulo' },
  annotations: [
    { ...base, id: 'len', kind: 'Length', image: on(MR), points: [[10.25, 20.5], [200.125, 180.75]], finding: 'relapse-posterior-thigh-mass', label: 'Mass', note: { en: 'Largest diameter.', es: 'Diámetro máximo; ¡ojo!' }, locked: true },
    { ...base, id: 'ang', kind: 'Angle', image: on(MR), points: [[30, 40], [60.5, 70.25], [90, 35]], finding: 'other', locked: false },
    // Short axis written first: the adapter reorders it; the import must restore our order.
    { ...base, id: 'bid', kind: 'Bidirectional', image: on(MR), points: [[100, 95], [100, 105], [80, 100], [120, 100]], finding: 'hamstring-involvement', label: 'Biceps femoris' },
    { ...base, id: 'ell', kind: 'EllipticalROI', image: on(MR), points: [[150, 100], [150, 120], [130, 110], [170, 110]], finding: 'perilesional-edema' },
    { ...base, id: 'rect', kind: 'RectangleROI', image: on(MR), points: [[20.5, 200.5], [5.25, 230]], finding: 'other', note: { en: 'Box.', es: 'Caja.' } },
    { ...base, id: 'free', kind: 'PlanarFreehandROI', image: on(MR), points: [[50, 50], [70.3, 52.1], [75, 80], [48.9, 77.7], [40, 60]], finding: 'gluteus-medius-involvement', label: 'Gluteus medius' },
    { ...base, id: 'arrow', kind: 'ArrowAnnotate', image: on(NM, 2), points: [[86, 559], [140.5, 520]], finding: 'uptake-maximum', label: 'Hottest point' },
    { ...base, id: 'probe', kind: 'Probe', image: on(NM, 1), points: [[12.75, 1000.5]], finding: 'increased-uptake' },
  ],
});

/** dciodvfy's full report (it writes to stderr), or undefined when the tool is missing. */
export function runDciodvfy(path: string): string | undefined {
  const run = spawnSync('dciodvfy', [path], { encoding: 'utf8' });
  if (run.error) return undefined;
  return `${run.stdout}${run.stderr}`;
}

function expectSameSet(actual: AnnotationSet, expected: AnnotationSet) {
  const strip = (a: Annotation) => ({ ...a, points: undefined });
  expect(actual.annotations.map(strip)).toEqual(expected.annotations.map(strip));
  expect({ ...actual, annotations: [] }).toEqual({ ...expected, annotations: [] });
  actual.annotations.forEach((a, i) => {
    const want = expected.annotations[i].points;
    expect(a.points.length, a.id).toBe(want.length);
    a.points.forEach((p, k) => {
      expect(Math.abs(p[0] - want[k][0]), `${a.id} point ${k + 1} x`).toBeLessThan(0.01);
      expect(Math.abs(p[1] - want[k][1]), `${a.id} point ${k + 1} y`).toBeLessThan(0.01);
    });
  });
}

describe('DICOM SR export and import', () => {
  test('all eight kinds survive JSON -> SR -> JSON with geometry, codes, labels and notes', () => {
    const set = allKinds();
    const sr = annotationSetToSR(set, lookup);
    const back = srToAnnotationSet(sr, lookup);
    if (!back.ok) throw new Error(back.problems.join('\n'));
    expectSameSet(back.set, set);
  });

  test('the same set gives the same bytes', () => {
    const a = new Uint8Array(annotationSetToSR(allKinds(), lookup));
    const b = new Uint8Array(annotationSetToSR(allKinds(), lookup));
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
  });
});

describe('DICOM conformance of the exported SR', () => {
  test('dciodvfy reports no errors', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'radcase-sr-')), 'all-kinds.dcm');
    writeFileSync(path, Buffer.from(annotationSetToSR(allKinds(), lookup)));
    const report = runDciodvfy(path);
    // npm test installs dicom3tools first: a missing tool is a failure, not a pass.
    if (report === undefined) throw new Error("dciodvfy could not run: install Debian's dicom3tools");
    expect(report.split('\n').filter((line) => /^Error/.test(line))).toEqual([]);
  });
});
