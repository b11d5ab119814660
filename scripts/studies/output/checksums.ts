// SHA256SUMS over the generated case (DICOM, manifest, ground truth, previews), in `sha256sum -c` format.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

export const CHECKSUM_FILE = 'SHA256SUMS';

/** Files covered by the checksum list, relative to the case folder, sorted. */
export function checksummedFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(relative(dir, p));
    }
  };
  walk(dir);
  return out.filter((f) => f !== CHECKSUM_FILE && f !== 'README.md').sort();
}

export const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

export function writeChecksums(dir: string): void {
  const lines = checksummedFiles(dir).map((f) => `${sha256(readFileSync(join(dir, f)))}  ${f}`);
  writeFileSync(join(dir, CHECKSUM_FILE), `${lines.join('\n')}\n`);
}
