// Which series the compare view opens, read from the bundled case's real manifest.
import { describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { admissionVersusRelapse, figurePair, followUpOf, mrGrid } from '../../src/compare/pairs';

interface Series { modality: string; description: string; figure?: string; seriesInstanceUID: string }
interface Study { date: string; description: string; series: Series[] }
const manifest = JSON.parse(readFileSync(join(__dirname, '../../studies/tumoral-calcinosis/manifest.json'), 'utf8')) as { studies: Study[] };
const studies = manifest.studies;
const names = (panes: { series: Series; study: Study }[] | null) => panes?.map((p) => `${p.study.date} ${p.series.description}`);

describe('compare presets', () => {
  test('admission against relapse pairs the admission AP pelvis with the follow-up AP pelvis', () => {
    expect(names(admissionVersusRelapse(studies))).toEqual(['2025-03-10 AP pelvis and both hips', '2025-06-09 AP pelvis and both hips, follow-up']);
  });

  test('Fig. 1 against Fig. 4 pairs the pelvis radiograph with the relapse femur radiograph', () => {
    expect(names(figurePair(studies, 'fig-1', 'fig-4'))).toEqual(['2025-03-10 AP pelvis and both hips', '2025-06-09 Left femur AP']);
  });

  test('the MR grid puts each admission sequence over its relapse counterpart', () => {
    expect(names(mrGrid(studies))).toEqual([
      '2025-03-10 Pelvis and proximal thighs axial T1 TSE',
      '2025-03-10 Pelvis and proximal thighs axial STIR',
      '2025-06-09 Left femur axial T1 TSE',
      '2025-06-09 Left femur axial STIR',
    ]);
  });

  test('a series with no counterpart of its modality at another date has no follow-up', () => {
    const scan = studies[0].series.find((s) => s.modality === 'NM')!;
    expect(followUpOf({ series: scan, study: studies[0] }, studies)).toBeNull();
  });
});
