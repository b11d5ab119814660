// The real bundled manifest passes the viewer's validator, lists every file that exists, and orders MR slices head to feet.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCaseManifest } from '../../src/case/manifest';
import { casePath, readHeader } from '../../scripts/studies/output/case-files';

const manifest = parseCaseManifest(JSON.parse(readFileSync(casePath('manifest.json'), 'utf8')), 'studies/tumoral-calcinosis/manifest.json');

describe('bundled case manifest', () => {
  it('is the synthetic tumoral calcinosis case with two studies three months apart', () => {
    expect(manifest.caseId).toBe('tumoral-calcinosis');
    expect(manifest.synthetic).toBe(true);
    expect(manifest.syntheticNotice?.en).toMatch(/synthetic/i);
    expect(manifest.studies.map((s) => s.date)).toHaveLength(2);
    const [a, b] = manifest.studies.map((s) => Date.parse(s.date));
    expect((b! - a!) / 86_400_000).toBeGreaterThanOrEqual(85);
    expect((b! - a!) / 86_400_000).toBeLessThanOrEqual(95);
    const figures = new Set(manifest.studies.flatMap((s) => s.series.map((r) => r.figure)).filter(Boolean));
    expect(figures).toEqual(new Set(['fig-1', 'fig-2', 'fig-3', 'fig-4']));
  });

  it('lists files that exist and belong to the series and study they are listed under', () => {
    for (const study of manifest.studies) {
      for (const series of study.series) {
        for (const f of series.files) expect(existsSync(casePath(f)), f).toBe(true);
        const h = readHeader(series.files[0]!);
        expect(h.SeriesInstanceUID).toBe(series.seriesInstanceUID);
        expect(h.StudyInstanceUID).toBe(study.studyInstanceUID);
        expect(h.Modality).toBe(series.modality);
        expect(h.StudyDate).toBe(study.date.replaceAll('-', ''));
      }
    }
  });

  it('orders MR slices along the slice normal: axial head to feet', () => {
    for (const series of manifest.studies.flatMap((s) => s.series).filter((s) => s.modality === 'MR')) {
      const headers = series.files.map(readHeader);
      const iop = headers[0]!.ImageOrientationPatient!.map(Number);
      const normal = [iop[1]! * iop[5]! - iop[2]! * iop[4]!, iop[2]! * iop[3]! - iop[0]! * iop[5]!, iop[0]! * iop[4]! - iop[1]! * iop[3]!];
      const along = headers.map((h) => h.ImagePositionPatient!.map(Number).reduce((acc, v, k) => acc + v * normal[k]!, 0));
      const steps = along.slice(1).map((v, i) => v - along[i]!);
      expect(new Set(steps.map((s) => Math.sign(s))).size, series.description).toBe(1);
      if (Math.abs(iop[2]!) < 1e-6 && Math.abs(iop[5]!) < 1e-6) {
        const zs = headers.map((h) => Number(h.ImagePositionPatient![2]));
        expect(zs[0]!).toBeGreaterThan(zs[zs.length - 1]!);
      }
    }
  });
});
