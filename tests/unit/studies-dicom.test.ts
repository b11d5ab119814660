// Every bundled DICOM file passes dciodvfy (dicom3tools) without a single "Error" line.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { casePath, readJson, type Manifest } from '../../scripts/studies/output/case-files';

const files = readJson<Manifest>('manifest.json').studies.flatMap((s) => s.series.flatMap((r) => r.files));

describe('bundled study DICOM conformance', () => {
  it('dciodvfy reports no errors for any file', () => {
    const failures: string[] = [];
    for (const f of files) {
      // dciodvfy reports on stderr and may exit non-zero for warnings; capture everything. A missing
      // tool must fail the test, not pass it: the shell's "not found" has no "Error" in it.
      const report = execFileSync('sh', ['-c', 'command -v dciodvfy >/dev/null || { echo "Error: dciodvfy is not installed"; exit 0; }; dciodvfy "$1" 2>&1 || true', 'sh', casePath(f)], { encoding: 'utf8' });
      for (const line of report.split('\n')) if (line.includes('Error')) failures.push(`${f}: ${line}`);
    }
    expect(failures.slice(0, 20)).toEqual([]);
    expect(files.length).toBeGreaterThan(100);
  }, 120_000);
});
