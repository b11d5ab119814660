// The ground truth points at real instances, its outlines lie inside the images, and the pelvis transform is exact.
import { describe, expect, it } from 'vitest';
import { readHeader, readJson, type Manifest } from '../../scripts/studies/output/case-files';
import { pelvisGeometry, followUpPelvisGeometry } from '../../scripts/studies/series';
import { projectPoint } from '../../scripts/studies/modalities/projection';

interface Region { sopInstanceUID: string; seriesInstanceUID: string; file: string; frame: number; side: string; polygon: [number, number][]; point?: [number, number] }
interface GroundTruth {
  findings: { key: string; regions: Region[] }[];
  structures: { key: string; regions: Region[] }[];
  pelvisTransform: { matrix: number[][]; scale: number; rotationDegrees: number; from: { sopInstanceUID: string }; to: { sopInstanceUID: string }; landmarks: { from: [number, number]; to: [number, number] }[] };
}

const gt = readJson<GroundTruth>('ground-truth.json');
const manifest = readJson<Manifest>('manifest.json');
const FINDING_KEYS = [
  'periarticular-calcification', 'gluteus-medius-involvement', 'quadratus-femoris-involvement', 'perilesional-edema', 'sciatic-nerve-encasement',
  'increased-uptake', 'uptake-maximum', 'relapse-posterior-thigh-mass', 'hamstring-involvement', 'relapse-sciatic-involvement',
];
const STRUCTURE_KEYS = ['sciatic-nerve', 'gluteus-maximus', 'gluteus-medius', 'gluteus-minimus', 'quadratus-femoris', 'adductors', 'biceps-femoris', 'semitendinosus', 'semimembranosus'];

const headers = new Map(manifest.studies.flatMap((s) => s.series.flatMap((r) => r.files)).map((f) => [f, readHeader(f)]));
const bySop = new Map([...headers.values()].map((h) => [h.SOPInstanceUID, h]));

const apply = (m: number[][], [x, y]: [number, number]): [number, number] => [m[0]![0]! * x + m[0]![1]! * y + m[0]![2]!, m[1]![0]! * x + m[1]![1]! * y + m[1]![2]!];

describe('bundled case ground truth', () => {
  it('has regions for every finding of FACTS.md and every key structure', () => {
    expect(gt.findings.map((f) => f.key)).toEqual(FINDING_KEYS);
    for (const f of gt.findings) expect(f.regions.length, f.key).toBeGreaterThan(0);
    expect(gt.structures.map((s) => s.key)).toEqual(STRUCTURE_KEYS);
    for (const s of gt.structures) expect(s.regions.length, s.key).toBeGreaterThan(0);
  });

  it('marks both hips on the admission radiograph and the left thigh as the uptake maximum', () => {
    const peri = gt.findings.find((f) => f.key === 'periarticular-calcification')!.regions;
    expect(new Set(peri.map((r) => r.side))).toEqual(new Set(['L', 'R']));
    const max = gt.findings.find((f) => f.key === 'uptake-maximum')!.regions;
    expect(max.every((r) => r.side === 'L' && r.frame === 2)).toBe(true);
  });

  it('references existing instances, frames and series, with outlines inside the image', () => {
    for (const r of [...gt.findings, ...gt.structures].flatMap((x) => x.regions)) {
      const h = bySop.get(r.sopInstanceUID);
      expect(h, r.sopInstanceUID).toBeDefined();
      expect(headers.get(r.file)?.SOPInstanceUID).toBe(r.sopInstanceUID);
      expect(h!.SeriesInstanceUID).toBe(r.seriesInstanceUID);
      expect(r.frame).toBeGreaterThanOrEqual(1);
      expect(r.frame).toBeLessThanOrEqual(Number(h!.NumberOfFrames ?? 1));
      expect(r.polygon.length).toBeGreaterThanOrEqual(3);
      for (const [x, y] of r.polygon) {
        expect(x).toBeGreaterThanOrEqual(0);
        expect(y).toBeGreaterThanOrEqual(0);
        expect(x).toBeLessThanOrEqual(h!.Columns - 1);
        expect(y).toBeLessThanOrEqual(h!.Rows - 1);
      }
    }
  });

  it('maps landmarks of the admission AP pelvis onto the follow-up exactly', () => {
    const t = gt.pelvisTransform;
    expect(bySop.get(t.from.sopInstanceUID)?.Modality).toBe('CR');
    expect(bySop.get(t.to.sopInstanceUID)?.Modality).toBe('CR');
    for (const l of t.landmarks) {
      const [x, y] = apply(t.matrix, l.from);
      expect(x).toBeCloseTo(l.to[0], 3);
      expect(y).toBeCloseTo(l.to[1], 3);
    }
    // Points the file never mentions, projected independently through both geometries.
    for (const p of [[60, -10, 40], [-120, 40, -60], [10, 90, 130]] as const) {
      const [x, y] = apply(t.matrix, projectPoint(pelvisGeometry, p));
      const [ex, ey] = projectPoint(followUpPelvisGeometry, p);
      expect(x).toBeCloseTo(ex, 3);
      expect(y).toBeCloseTo(ey, 3);
    }
    expect(t.scale).toBeGreaterThan(1.01);
    expect(Math.abs(t.rotationDegrees)).toBeGreaterThan(1);
  });
});
