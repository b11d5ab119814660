// The bundled studies show the contrast a radiologist expects, measured in the committed files inside the ground
// truth's own outlines: if a renderer or the model changes a tissue's signal the wrong way, these fail.
import { describe, expect, it } from 'vitest';
import { readFrame, readJson } from '../../scripts/studies/output/case-files';
import { roiContains } from '../../src/annotations/measure';

interface Region { series: string; file: string; frame: number; side: string; structure?: string; polygon: [number, number][]; point?: [number, number] }
interface GroundTruth { findings: { key: string; regions: Region[] }[]; structures: { key: string; regions: Region[] }[] }

const gt = readJson<GroundTruth>('ground-truth.json');
const regionsOf = (key: string, series: string) =>
  [...gt.findings, ...gt.structures.map((s) => ({ ...s, key: `structure:${s.key}` }))].find((f) => f.key === key)!.regions.filter((r) => r.series === series);

/** The same outline on the series acquired with the same geometry (axial T1 and STIR share their slices). */
const onSeries = (r: Region, series: string, folder: string): Region => ({ ...r, series, file: r.file.replace(/\/\d\d-[^/]+\//, `/${folder}/`) });

/**
 * Pixel-weighted mean of the stored values whose pixel centres lie inside the regions, leaving out those inside any of
 * `except` on the same image (muscle that edema has reached is not a reference for muscle).
 */
function meanInside(regions: Region[], except: Region[] = []): number {
  let sum = 0;
  let count = 0;
  for (const r of regions) {
    const { columns, pixels } = readFrame(r.file, r.frame);
    const others = except.filter((e) => e.file === r.file && e.frame === r.frame);
    const xs = r.polygon.map((p) => p[0]);
    const ys = r.polygon.map((p) => p[1]);
    for (let y = Math.ceil(Math.min(...ys)); y <= Math.floor(Math.max(...ys)); y++) {
      for (let x = Math.ceil(Math.min(...xs)); x <= Math.floor(Math.max(...xs)); x++) {
        if (!roiContains('PlanarFreehandROI', r.polygon, x, y)) continue;
        if (others.some((o) => roiContains('PlanarFreehandROI', o.polygon, x, y))) continue;
        sum += pixels[y * columns + x]!;
        count++;
      }
    }
  }
  expect(count, 'pixels inside the regions').toBeGreaterThan(20);
  return sum / count;
}

describe('bundled studies: tissue contrast inside the ground-truth outlines', () => {
  const muscleT1 = regionsOf('structure:gluteus-maximus', 'mr-pelvis-ax-t1');
  const muscleStir = muscleT1.map((r) => onSeries(r, 'mr-pelvis-ax-stir', '03-mr-pelvis-ax-stir'));

  it('axial T1: the calcific deposits are darker than muscle', () => {
    const deposits = [...regionsOf('gluteus-medius-involvement', 'mr-pelvis-ax-t1'), ...regionsOf('quadratus-femoris-involvement', 'mr-pelvis-ax-t1')];
    expect(meanInside(deposits)).toBeLessThan(0.8 * meanInside(muscleT1));
  });

  it('axial STIR: perilesional edema is brighter than muscle and than the deposits it surrounds', () => {
    const edemaRegions = regionsOf('perilesional-edema', 'mr-pelvis-ax-stir');
    const edema = meanInside(edemaRegions);
    expect(edema).toBeGreaterThan(1.3 * meanInside(muscleStir, edemaRegions));
    expect(edema).toBeGreaterThan(meanInside(regionsOf('gluteus-medius-involvement', 'mr-pelvis-ax-stir')));
  });

  it('femur T1: the relapse mass is darker than the hamstring muscle around it', () => {
    const mass = meanInside(regionsOf('relapse-posterior-thigh-mass', 'mr-femur-ax-t1'));
    expect(mass).toBeLessThan(0.9 * meanInside(regionsOf('structure:adductors', 'mr-femur-ax-t1')));
  });

  it('AP pelvis: the periarticular deposits are dense (brighter than the image as a whole)', () => {
    const deposits = meanInside(regionsOf('periarticular-calcification', 'ap-pelvis'));
    const whole = readFrame(regionsOf('periarticular-calcification', 'ap-pelvis')[0]!.file);
    const mean = whole.pixels.reduce((a, b) => a + b, 0) / whole.pixels.length;
    expect(deposits).toBeGreaterThan(1.3 * mean);
  });

  it('bone scan: the marked uptake maximum is among the hottest pixels of its view', () => {
    const max = regionsOf('uptake-maximum', 'nm-bone-scan')[0]!;
    const { columns, pixels } = readFrame(max.file, max.frame);
    const sorted = Float64Array.from(pixels).sort();
    const value = pixels[max.point![1] * columns + max.point![0]]!;
    expect(value).toBeGreaterThanOrEqual(sorted[Math.floor(sorted.length * 0.995)]!);
  });
});
