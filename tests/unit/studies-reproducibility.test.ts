// The bundled studies are reproducible: the checksum list matches the files, and regenerating a fast subset
// (one MR slice, the bone scan, a radiograph) gives the committed bytes exactly.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { casePath } from '../../scripts/studies/output/case-files';
import { checksummedFiles, sha256, CHECKSUM_FILE } from '../../scripts/studies/output/checksums';
import { planById, renderCr, renderMrInstance, renderNm, type CrPlan, type MrPlan, type NmPlan } from '../../scripts/studies/series';
import { encodeRle16, decodeRle16 } from '../../scripts/studies/dicom/rle';
import { Rng } from '../../scripts/studies/util/prng';
import { CASE_DIR } from '../../scripts/studies/output/case-files';

describe('bundled study reproducibility', () => {
  it('SHA256SUMS lists every generated file with its current hash', () => {
    const listed = readFileSync(casePath(CHECKSUM_FILE), 'utf8').trim().split('\n').map((l) => {
      const [hash, file] = l.split(/\s+/);
      return { hash: hash!, file: file! };
    });
    expect(listed.map((l) => l.file)).toEqual(checksummedFiles(CASE_DIR));
    for (const { hash, file } of listed) expect(sha256(readFileSync(casePath(file))), file).toBe(hash);
  });

  it('regenerating an MR slice reproduces the committed file byte for byte', () => {
    const { instance } = renderMrInstance(planById('mr-femur-ax-stir') as MrPlan, 9);
    expect(Buffer.from(instance.bytes).equals(readFileSync(casePath(instance.file)))).toBe(true);
  }, 120_000);

  it('regenerating the bone scan reproduces the committed file byte for byte', () => {
    // (15–25 s alone; the time limits leave room for the rest of the suite running beside it on a slow, shared
    // machine, where these renders have taken four to six times as long. They check output, not speed.)
    const { instance } = renderNm(planById('nm-bone-scan') as NmPlan);
    expect(Buffer.from(instance.bytes).equals(readFileSync(casePath(instance.file)))).toBe(true);
  }, 240_000);

  it('regenerating a radiograph (the lateral femur: projection, scatter, noise, detector) reproduces the committed file byte for byte', () => {
    const { instance } = renderCr(planById('femur-lat') as CrPlan);
    expect(Buffer.from(instance.bytes).equals(readFileSync(casePath(instance.file)))).toBe(true);
  }, 360_000);

  it('the RLE encoder round-trips noisy 16-bit frames, runs and literals', () => {
    const rng = new Rng('rle-test');
    const rows = 37;
    const cols = 301;
    const px = new Uint16Array(rows * cols);
    for (let i = 0; i < px.length; i++) px[i] = i % 97 < 40 ? 1234 : Math.floor(rng.next() * 4096);
    const enc = encodeRle16(px, rows, cols);
    expect(enc.length % 2).toBe(0);
    expect(Array.from(decodeRle16(enc, rows, cols))).toEqual(Array.from(px));
  });
});
