import { describe, expect, test } from 'vitest';
import { ManifestError, parseCaseManifest, seriesFileUrls } from '../../src/case/manifest';

const valid = () => ({
  schema: 'radcase.case/1',
  caseId: 'tumoral-calcinosis',
  title: { en: 'Tumoral calcinosis', es: 'Calcinosis tumoral' },
  synthetic: true,
  studies: [
    {
      studyInstanceUID: '2.25.1',
      date: '2026-03-02',
      description: 'Admission',
      series: [{ seriesInstanceUID: '2.25.2', seriesNumber: 1, modality: 'CR', description: 'AP pelvis', figure: 'fig-1', files: ['a/1.dcm'] }],
    },
  ],
});

describe('case manifest', () => {
  test('accepts a well-formed manifest and keeps its content', () => {
    const m = parseCaseManifest(valid());
    expect(m.caseId).toBe('tumoral-calcinosis');
    expect(m.studies[0].series[0].files).toEqual(['a/1.dcm']);
  });

  test('lists every problem, with where it is', () => {
    const bad = valid() as Record<string, unknown>;
    bad.schema = 'other';
    bad.title = { en: 'only English' };
    (bad.studies as { date: string; series: { files: string[] }[] }[])[0].date = '02/03/2026';
    (bad.studies as { date: string; series: { files: string[] }[] }[])[0].series[0].files = ['../../etc/passwd'];
    try {
      parseCaseManifest(bad, 'case.json');
      expect.unreachable('a bad manifest must throw');
    } catch (error) {
      expect(error).toBeInstanceOf(ManifestError);
      const problems = (error as ManifestError).problems.join('\n');
      expect(problems).toContain('schema must be "radcase.case/1"');
      expect(problems).toContain('title needs "en" and "es" text');
      expect(problems).toContain('studies[0].date must be YYYY-MM-DD');
      expect(problems).toContain('studies[0].series[0].files');
      expect((error as ManifestError).message.startsWith('case.json: ')).toBe(true);
    }
  });

  test('rejects something that is not an object', () => {
    expect(() => parseCaseManifest([1, 2])).toThrow(/not a JSON object/);
  });

  test('resolves series files against the manifest URL', () => {
    const series = valid().studies[0].series[0];
    expect(seriesFileUrls('/studies/tc/manifest.json', series)).toEqual(['/studies/tc/a/1.dcm']);
    expect(seriesFileUrls('https://example.org/c/manifest.json', series)).toEqual(['https://example.org/c/a/1.dcm']);
  });
});
