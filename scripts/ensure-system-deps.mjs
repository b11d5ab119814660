#!/usr/bin/env node
// Makes sure the Debian packages a command needs are present (the tests by default; `studies` for
// `npm run studies`): installs the missing ones when running as root, otherwise stops at once and
// prints the exact command to run.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Each package with a file that proves it is installed. */
export const systemPackages = [
  { pkg: 'chromium', probe: '/usr/bin/chromium', why: 'headless browser for the browser tests' },
  { pkg: 'dcmtk', probe: '/usr/bin/dcmcjpls', why: 'encodes the transfer-syntax test fixtures' },
  { pkg: 'libgdcm-tools', probe: '/usr/bin/gdcmconv', why: 'encodes the JPEG 2000 test fixtures' },
  { pkg: 'dicom3tools', probe: '/usr/bin/dciodvfy', why: 'validates the generated DICOM studies' },
];

/**
 * What `npm run studies` needs beyond Node: ImageMagick's montage draws the contact sheet, its labels in DejaVu Sans
 * (named by file: without the recommended packages ImageMagick has no font of its own to fall back on).
 */
export const studiesPackages = [
  { pkg: 'imagemagick', probe: '/usr/bin/montage', why: 'draws the contact sheet of the generated studies' },
  { pkg: 'fonts-dejavu-core', probe: '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf', why: 'the font of the contact sheet labels' },
];

export function missingPackages(packages = systemPackages) {
  return packages.filter(({ probe }) => !existsSync(probe)).map(({ pkg }) => pkg);
}

function main(purpose) {
  const packages = purpose === 'studies' ? studiesPackages : systemPackages;
  const missing = missingPackages(packages);
  if (missing.length === 0) return;
  const command = `apt-get update && apt-get install -y --no-install-recommends ${missing.join(' ')}`;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) {
    console.error(`radcase ${purpose === 'studies' ? 'npm run studies needs' : 'tests need'} Debian packages that are missing: ${missing.join(', ')}.`);
    console.error(`Run as root:\n  sudo sh -c '${command}'`);
    process.exit(1);
  }
  console.log(`Installing missing Debian packages: ${missing.join(', ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  const result = spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { stdio: 'inherit', env });
  if (result.status !== 0) {
    console.error(`Installing ${missing.join(', ')} failed. Try by hand: ${command}`);
    process.exit(1);
  }
  const still = missingPackages(packages);
  if (still.length > 0) {
    console.error(`Still missing after install: ${still.join(', ')}`);
    process.exit(1);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) main(process.argv[2]);
