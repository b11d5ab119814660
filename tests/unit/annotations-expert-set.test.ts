import { describe, expect, test } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import Ajv2020 from 'ajv/dist/2020';
import schema from '../../annotations/schema/radcase.annotations-1.schema.json';
import { validateAnnotationSet } from '../../src/annotations/validate';
import { srToAnnotationSet } from '../../src/annotations/sr';
import type { AnnotationSet } from '../../src/annotations/model';
import { buildExpertSet, caseResolver, caseSrLookup, CASE_DIR, OUT_DIR, readCaseImages, readJson } from '../../scripts/annotations/make-expert-set';

const expert = readJson<AnnotationSet>(join(OUT_DIR, 'expert.json'));
const images = readCaseImages();
const groundTruth = readJson<Parameters<typeof buildExpertSet>[1]>(join(CASE_DIR, 'ground-truth.json'));
const srFiles = readdirSync(join(OUT_DIR, 'expert-sr')).filter((f) => f.endsWith('.dcm')).sort();

describe('the expert set of the bundled case', () => {
  test('matches the JSON Schema', () => {
    const check = new Ajv2020({ allErrors: true }).compile(schema);
    expect(check(expert), JSON.stringify(check.errors)).toBe(true);
  });

  test('passes every semantic check, with each reference a real instance of the manifest and points inside it', () => {
    const result = validateAnnotationSet(expert, caseResolver(images));
    expect(result.ok ? [] : result.problems).toEqual([]);
    for (const a of expert.annotations) {
      const image = images.get(a.image.sopInstanceUID)!;
      expect(image.ref.seriesInstanceUID).toBe(a.image.seriesInstanceUID);
      for (const [x, y] of a.points) {
        expect(x).toBeGreaterThanOrEqual(-0.5);
        expect(x).toBeLessThanOrEqual(image.columns - 0.5);
        expect(y).toBeGreaterThanOrEqual(-0.5);
        expect(y).toBeLessThanOrEqual(image.rows - 0.5);
      }
    }
  });

  test('marks every finding of the case, with a note in both languages', () => {
    const findings = new Set(expert.annotations.map((a) => a.finding));
    for (const finding of groundTruth.findings) expect(findings, finding.key).toContain(finding.key);
    for (const a of expert.annotations) {
      expect(a.note?.en.length, a.id).toBeGreaterThan(20);
      expect(a.note?.es.length, a.id).toBeGreaterThan(20);
    }
    const diameters = expert.annotations.filter((a) => a.kind === 'Length' && a.finding === 'periarticular-calcification');
    expect(new Set(diameters.map((a) => `${a.image.seriesInstanceUID}/${a.id.split('.').at(-2)}`)).size).toBe(4);
  });

  test('outlines use only vertices of the ground-truth outline on the same image, at most 60 of them', () => {
    const vertices = new Map<string, Set<string>>();
    for (const finding of groundTruth.findings) {
      for (const region of finding.regions) {
        const key = `${region.sopInstanceUID}/${region.frame}`;
        const set = vertices.get(key) ?? new Set<string>();
        for (const [x, y] of region.polygon) set.add(`${x},${y}`);
        vertices.set(key, set);
      }
    }
    for (const a of expert.annotations.filter((m) => m.kind === 'PlanarFreehandROI')) {
      expect(a.points.length, a.id).toBeLessThanOrEqual(60);
      const truth = vertices.get(`${a.image.sopInstanceUID}/${a.image.frame ?? 1}`)!;
      for (const [x, y] of a.points) expect(truth.has(`${x},${y}`), `${a.id} [${x}, ${y}]`).toBe(true);
    }
  });

  test('is what the script builds from the current studies (run `npm run expert-set` if this fails)', () => {
    expect(JSON.parse(JSON.stringify(buildExpertSet(images, groundTruth)))).toEqual(expert);
  });
});

describe('the expert SR files', () => {
  test('there is one per study that has marks, and together they read back as the expert set', () => {
    const studies = new Set(expert.annotations.map((a) => a.image.studyInstanceUID));
    expect(srFiles.length).toBe(studies.size);
    const back = srFiles.flatMap((file) => {
      const bytes = readFileSync(join(OUT_DIR, 'expert-sr', file));
      const result = srToAnnotationSet(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength), caseSrLookup(images));
      if (!result.ok) throw new Error(`${file}:\n${result.problems.join('\n')}`);
      expect(result.set.title).toEqual(expert.title);
      return result.set.annotations;
    });
    const byId = new Map(back.map((a) => [a.id, a]));
    expect(byId.size).toBe(expert.annotations.length);
    for (const a of expert.annotations) {
      const b = byId.get(a.id)!;
      expect({ ...b, points: [] }, a.id).toEqual({ ...a, points: [] });
      b.points.forEach(([x, y], k) => {
        expect(Math.abs(x - a.points[k][0]), `${a.id} point ${k + 1}`).toBeLessThan(0.01);
        expect(Math.abs(y - a.points[k][1]), `${a.id} point ${k + 1}`).toBeLessThan(0.01);
      });
    }
  }, 60_000);

  test('dciodvfy reports no errors', () => {
    for (const file of srFiles) {
      const run = spawnSync('dciodvfy', [join(OUT_DIR, 'expert-sr', file)], { encoding: 'utf8' });
      // npm test installs dicom3tools first: a missing tool is a failure, not a pass.
      if (run.error) throw new Error(`dciodvfy could not run (${run.error.message}): install Debian's dicom3tools`);
      const errors = `${run.stdout}${run.stderr}`.split('\n').filter((line) => /^Error/.test(line));
      expect(errors, file).toEqual([]);
    }
  });
});
