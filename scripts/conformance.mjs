#!/usr/bin/env node
// Loads every file of a DICOM sample folder through the viewer's own path (file input → ingest →
// radcase: loader → Cornerstone) in headless Chromium and reports, per file, whether it rendered
// with the manifest's reference values or failed with which message.
// usage: npm run conformance -- DIR [--json out.json] [--only substring] [--timeout ms] [--renderer auto|gpu|cpu]
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from '../server/index.mjs';
import { appState, sampleFrame } from './conformance/probe.mjs';
import { referencePoints, totals, verdictFor } from './conformance/judge.mjs';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));

function parseArgs(argv) {
  const args = { dir: null, json: null, only: null, timeoutMs: 20_000, renderer: 'auto' };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--json') args.json = argv[++i];
    else if (a === '--only') args.only = argv[++i];
    else if (a === '--timeout') args.timeoutMs = Number(argv[++i]);
    else if (a === '--renderer') args.renderer = argv[++i];
    else if (a.startsWith('--')) throw new Error(`unknown option ${a}`);
    else args.dir = a;
  }
  if (!args.dir) throw new Error('usage: npm run conformance -- DIR [--json out.json] [--only substring] [--timeout ms] [--renderer auto|gpu|cpu]');
  return args;
}

/**
 * Opens an empty viewer in a fresh page, hands it one file through its file input and records
 * what happened. Pages share one browser context only for its HTTP cache of the app's bundle.
 */
async function runFile(context, baseUrl, path, entry, timeoutMs, renderer) {
  const page = await context.newPage();
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  const started = Date.now();
  try {
    await page.goto(`${baseUrl}/?case=${renderer === 'auto' ? '' : `&renderer=${renderer}`}`, { waitUntil: 'commit' });
    await page.waitForFunction(() => document.querySelector('rc-app')?.library, null, { timeout: timeoutMs });
    await page.locator('rc-app #file-input').setInputFiles(path);
    let state;
    for (;;) {
      state = await page.evaluate(appState);
      if (state.phase === 'shown' || state.phase === 'problem') break;
      if (Date.now() - started > timeoutMs) {
        return { status: 'timeout', detail: `neither an image nor a problem within ${timeoutMs} ms`, problems: state.problems, pageErrors };
      }
      await page.waitForTimeout(50);
    }
    if (state.phase === 'problem') return { status: 'error', problems: state.problems, pageErrors, ms: Date.now() - started };

    const points = referencePoints(entry);
    const frames = [...new Set([0, ...points.map((p) => p.frame)])];
    const samples = new Array(points.length);
    const facts = {};
    for (const frame of frames) {
      const mine = points.map((p, i) => ({ ...p, i })).filter((p) => p.frame === frame);
      const remaining = Math.max(1000, timeoutMs - (Date.now() - started));
      const result = await page.evaluate(sampleFrame, { frame, points: mine, timeoutMs: remaining });
      if (result.facts) facts[frame] = result.facts;
      mine.forEach((p, k) => (samples[p.i] = result.error ? { error: result.error } : result.samples[k]));
    }
    const after = await page.evaluate(appState);
    return { status: 'rendered', samples, facts, imageCount: after.imageCount, problems: after.problems, pageErrors, ms: Date.now() - started };
  } catch (error) {
    return { status: 'crashed', detail: error instanceof Error ? error.message.split('\n')[0] : String(error), pageErrors };
  } finally {
    await page.close().catch(() => {});
  }
}

const pad = (s, n) => (s.length > n ? `${s.slice(0, n - 1)}…` : s.padEnd(n));

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const dir = resolve(args.dir);
  const manifestPath = join(dir, 'manifest.json');
  if (!existsSync(manifestPath)) throw new Error(`${manifestPath} not found`);
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  const entries = (Array.isArray(manifest) ? manifest : manifest.files).filter((e) => !args.only || e.file.includes(args.only));

  execFileSync(process.execPath, [join(root, 'scripts/ensure-build.mjs')], { stdio: 'inherit' });
  const server = await startServer(0, '127.0.0.1');
  const baseUrl = `http://127.0.0.1:${server.address().port}`;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });

  const context = await browser.newContext({ viewport: { width: 1200, height: 800 } });
  const results = [];
  try {
    console.log(`${pad('file', 58)} ${pad('expect', 6)} ${pad('result', 16)} detail`);
    for (const entry of entries) {
      let outcome = await runFile(context, baseUrl, join(dir, entry.file), entry, args.timeoutMs, args.renderer);
      // A page that failed to start (not the file's fault) gets one more chance, and says so.
      if (outcome.status === 'crashed') {
        const first = outcome.detail;
        outcome = { ...(await runFile(context, baseUrl, join(dir, entry.file), entry, args.timeoutMs, args.renderer)), retriedAfter: first };
      }
      const { verdict, ok, detail } = verdictFor(entry, outcome);
      const result = {
        file: entry.file,
        expect: entry.expect,
        verdict,
        ok,
        detail,
        transferSyntax: entry.transfer_syntax,
        photometric: entry.photometric,
        baseline: entry.checks?.cornerstone_dicom_image_loader_5_14?.result ?? null,
        outcome,
      };
      results.push(result);
      console.log(`${pad(entry.file, 58)} ${pad(entry.expect, 6)} ${pad(`${ok ? '✓' : '✗'} ${verdict}`, 16)} ${detail}`);
    }
  } finally {
    await browser.close();
    server.close();
  }

  const sum = totals(results);
  console.log('');
  console.log(
    `render files: ${sum.render.files}: right ${sum.render.right}${sum.render.unchecked ? ` (${sum.render.unchecked} without reference values)` : ''}, ` +
      `wrong values ${sum.render.wrongValues}, failed ${sum.render.failed}`,
  );
  console.log(
    `error files:  ${sum.error.files}: correctly rejected ${sum.error.rejected}, wrongly rendered ${sum.error.wronglyRendered}` +
      `${sum.error.noErrorShown ? `, no error shown ${sum.error.noErrorShown}` : ''}`,
  );
  if (args.json) {
    writeFileSync(args.json, `${JSON.stringify({ directory: dir, date: new Date().toISOString(), totals: sum, results }, null, 2)}\n`);
    console.log(`report written to ${args.json}`);
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
