#!/usr/bin/env node
// Performance benchmark of the production build in headless Chromium: cold time to the first
// image, ms per slice when scrolling a cached stack, and gzip JS loaded before the first image.
// usage: npm run bench [-- --runs 5] [--steps 92] [--renderer auto|gpu|cpu] [--build] [--json]
import { execFileSync } from 'node:child_process';
import { browserCpu, cpuDelta } from './bench/cpu.mjs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from '../server/index.mjs';
import { MR_STACK, RADIOGRAPH, writeBenchCase } from './bench/case.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const RUNS = option('--runs', 5);
const STEPS = option('--steps', 4 * (MR_STACK.slices - 1));
const TARGETS = { firstImageMs: 1200, msPerSlice: 20, jsGzipBytes: 1_000_000, panFrameMs: 16 };
const MARKS = Number(process.env.BENCH_MARKS ?? 500);
const VIEWPORT = { width: 1400, height: 900 };
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const kb = (bytes) => `${(bytes / 1000).toFixed(1)} kB`;
const ms = (x) => `${x.toFixed(1)} ms`;
const log = (...parts) => console.error(...parts);
const cpuText = (cpu, per = 1) =>
  cpu
    ? `CPU ${ms(cpu.total / per)} (${Object.entries(cpu.byType)
        .sort((a, b) => b[1] - a[1])
        .map(([type, used]) => `${type} ${Math.round(used / per)}`)
        .join(', ')})`
    : 'CPU n/a';

// 1. The production build (rebuilt when the sources are newer, or always with --build).
if (args.includes('--build')) execFileSync('npx', ['vite', 'build'], { cwd: root, stdio: ['ignore', 2, 2] });
else execFileSync(process.execPath, [join(root, 'scripts/ensure-build.mjs')], { cwd: root, stdio: ['ignore', 2, 2] });

// 2. The benchmark's own case, served like the bundled one.
// Kept out of studies/ (the bundled case's folder) in node_modules' cache, served as /studies/bench/.
const benchStudies = join(root, 'node_modules', '.cache', 'radcase-bench');
const { generated } = writeBenchCase(join(benchStudies, 'bench'));
if (generated) log(`wrote ${join(benchStudies, 'bench')} (benchmark case)`);

const server = await startServer(0, '127.0.0.1', { studiesDir: benchStudies });
const origin = `http://127.0.0.1:${server.address().port}`;
// The bundled case, for the expert-set figure.
const caseServer = await startServer(0, '127.0.0.1');
const caseOrigin = `http://127.0.0.1:${caseServer.address().port}`;
const rendererIndex = args.indexOf('--renderer');
const RENDERER = rendererIndex >= 0 ? args[rendererIndex + 1] : 'auto';
const appUrl = `${origin}/?case=/studies/bench/manifest.json${RENDERER === 'auto' ? '' : `&renderer=${RENDERER}`}`;

/**
 * Runs in the page before its scripts: notes when the app's viewport first draws an image, i.e. the
 * first CORNERSTONE_IMAGE_RENDERED on an <rc-viewport>'s element with an image loaded (Cornerstone
 * draws in a rAF callback after the app has been told the stack is set), and the app's own marker.
 */
function markFirstImageDrawn() {
  const dispatch = EventTarget.prototype.dispatchEvent;
  EventTarget.prototype.dispatchEvent = function (event) {
    const result = dispatch.call(this, event);
    if (
      !window.__benchDrawn &&
      event.type === 'CORNERSTONE_IMAGE_RENDERED' &&
      !['noData', 'loading'].includes(event.detail?.viewportStatus) &&
      this.getRootNode?.().host?.localName === 'rc-viewport'
    ) {
      window.__benchDrawn = performance.now();
    }
    return result;
  };
}

/**
 * Waits until Chromium's own processes are idle. Every new context opens a window, and this
 * Chromium then builds its omnibox-popup WebUI in another renderer for 3-5 s (about 2 s of CPU);
 * on two cores that would land on top of the page load. A user's window exists before they open a link.
 */
async function browserQuiet(timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  let before = browserCpu(browserPid);
  let calm = 0;
  while (before && calm < 3 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    const now = browserCpu(browserPid);
    const used = cpuDelta(before, now);
    const chromiumMs = used.total - (used.byType.node ?? 0);
    calm = chromiumMs <= 40 ? calm + 1 : 0;
    before = now;
  }
}

/** Opens the app in a page of a fresh context (empty cache) and collects every request. */
async function openApp(browser) {
  const context = await browser.newContext({ viewport: VIEWPORT });
  await context.addInitScript(markFirstImageDrawn);
  const page = await context.newPage();
  const requests = [];
  const errors = [];
  context.on('request', (request) => requests.push(request));
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  await browserQuiet();
  const cpuBefore = browserCpu(browserPid);
  await page.goto(appUrl);
  const first = await page
    .waitForFunction(
      () => window.__benchDrawn && document.documentElement.dataset.firstImage && { drawn: window.__benchDrawn, shown: Number(document.documentElement.dataset.firstImage) },
      null,
      { timeout: 60_000, polling: 20 },
    )
    .then((handle) => handle.jsonValue());
  const cpu = cpuDelta(cpuBefore, browserCpu(browserPid));
  const timeOrigin = await page.evaluate(() => performance.timeOrigin);
  return { context, page, requests, errors, first, timeOrigin, cpu };
}

const isScript = (request) => ['script', 'worker'].includes(request.resourceType()) || /\.m?js(\?|$)/.test(new URL(request.url()).pathname);

/** Sums the encoded (as transferred) body sizes of the scripts requested before the first image. */
async function scriptBytesBefore(requests, wallClockLimit) {
  const files = [];
  for (const request of requests) {
    if (!isScript(request) || request.timing().startTime > wallClockLimit) continue;
    const response = await request.response();
    if (!response) continue;
    await response.finished();
    // Our server sends every script gzipped with its Content-Length: the body as transferred.
    const length = Number((await response.allHeaders())['content-length']);
    const bytes = Number.isFinite(length) ? length : (await request.sizes()).responseBodySize;
    files.push({ path: new URL(request.url()).pathname, bytes, kind: request.resourceType() });
  }
  return { total: files.reduce((sum, f) => sum + f.bytes, 0), files };
}

async function coldRun(browser) {
  const run = await openApp(browser);
  // Scripts requested once the app has the image (the lazily loaded tools, say) are not needed for it.
  const limit = run.timeOrigin + Math.min(run.first.shown, run.first.drawn);
  const js = await scriptBytesBefore(run.requests, limit);
  const imageRequest = run.requests.find((r) => r.url().includes('/cr/'));
  await run.context.close();
  return { firstImageMs: run.first.drawn, shownMs: run.first.shown, js, cpu: run.cpu, errors: run.errors, sawImage: Boolean(imageRequest) };
}

/** In the page: steps through the stack with the arrow keys, each step awaiting its render. */
async function stepThroughStack({ steps, slices }) {
  const viewport = document.querySelector('rc-app').shadowRoot.querySelector('rc-viewport');
  const element = viewport.controller.element;
  const rendered = () =>
    new Promise((resolve) => element.addEventListener('CORNERSTONE_IMAGE_RENDERED', () => resolve(performance.now()), { once: true }));
  const latencies = [];
  const start = performance.now();
  let index = viewport.controller.imageIndex();
  let direction = index === slices - 1 ? -1 : 1;
  for (let i = 0; i < steps; i++) {
    if (index + direction < 0 || index + direction >= slices) direction = -direction;
    const stepStart = performance.now();
    const done = rendered();
    window.dispatchEvent(new KeyboardEvent('keydown', { key: direction > 0 ? 'ArrowDown' : 'ArrowUp' }));
    latencies.push((await done) - stepStart);
    index += direction;
  }
  return { total: performance.now() - start, latencies, finalIndex: viewport.controller.imageIndex() };
}

/** Selects the MR stack, scrolls through it once (so every slice is loaded), then times key steps. */
async function scrollRun(browser) {
  const run = await openApp(browser);
  const { page } = run;
  await page.locator(`rc-series-browser button[data-series="${MR_STACK.seriesInstanceUID}"]`).click();
  await page.waitForFunction(
    (count) => {
      const controller = document.querySelector('rc-app')?.shadowRoot?.querySelector('rc-viewport')?.controller;
      return controller && controller.imageCount() === count && controller.viewport.getCurrentImageId()?.includes('/mr/');
    },
    MR_STACK.slices,
    { timeout: 60_000 },
  );
  // Down and back once loads every slice, then wait for the app's own prefetch to have finished.
  await page.evaluate(stepThroughStack, { steps: 2 * (MR_STACK.slices - 1), slices: MR_STACK.slices });
  await page.evaluate(async () => {
    const viewport = document.querySelector('rc-app').shadowRoot.querySelector('rc-viewport');
    await viewport.library.prefetch(viewport.controller.viewport.getImageIds());
  });
  const cpuBefore = browserCpu(browserPid);
  const result = await page.evaluate(stepThroughStack, { steps: STEPS, slices: MR_STACK.slices });
  const cpu = cpuDelta(cpuBefore, browserCpu(browserPid));
  await run.context.close();
  return { ...result, cpu, errors: run.errors };
}

/** In the page: puts `count` annotations on the image on screen, spread over it, and waits until they are drawn. */
async function addMarks(count) {
  const app = document.querySelector('rc-app');
  const viewport = app.shadowRoot.querySelector('rc-viewport');
  const imageId = viewport.controller.viewport.getCurrentImageId();
  const ref = app.library.referenceOf(imageId);
  const info = app.library.infoFor(imageId);
  const kinds = ['Length', 'EllipticalROI', 'ArrowAnnotate', 'RectangleROI', 'Angle'];
  const now = new Date().toISOString();
  const drawn = new Promise((resolve) => viewport.controller.element.addEventListener('CORNERSTONE_TOOLS_ANNOTATION_RENDERED', resolve, { once: true }));
  for (let i = 0; i < count; i++) {
    const x = 100 + ((i * 97) % (info.columns - 300));
    const y = 100 + ((i * 61) % (info.rows - 300));
    const kind = kinds[i % kinds.length];
    const points =
      kind === 'EllipticalROI' ? [[x + 40, y], [x + 40, y + 80], [x, y + 40], [x + 80, y + 40]]
      : kind === 'Angle' ? [[x, y], [x + 60, y + 10], [x + 20, y + 80]]
      : [[x, y], [x + 80, y + 60]];
    app.annotations.add({ id: `bench-${i}`, kind, image: ref, points, finding: 'other', author: 'bench', created: now, modified: now });
  }
  await drawn;
  return app.annotations.size;
}

/** In the page: counts the frames drawn (the image, and its annotations) while panning. */
function watchFrames() {
  const viewport = document.querySelector('rc-app').shadowRoot.querySelector('rc-viewport');
  const element = viewport.controller.element;
  // A frame is the image drawn with its marks: the marks live, or (while a crowded image is
  // dragged) their picture moved with it, which is then on screen.
  const state = { running: true, image: 0, marks: 0, picture: 0 };
  element.addEventListener('CORNERSTONE_IMAGE_RENDERED', () => state.running && element.querySelector('svg[data-mark-picture]') && state.picture++);
  element.addEventListener('CORNERSTONE_IMAGE_RENDERED', () => state.running && state.image++);
  element.addEventListener('CORNERSTONE_TOOLS_ANNOTATION_RENDERED', () => state.running && state.marks++);
  window.__benchFrames = state;
}

/** Opens the radiograph, adds MARKS annotations and pans it with the middle button for about two seconds. */
/** BENCH_PROFILE=1: the functions that took the page's main thread while panning, most first. */
function printProfile(profile) {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  for (const id of profile.samples) {
    const { functionName, url, lineNumber } = nodes.get(id).callFrame;
    const key = `${functionName || '(anonymous)'} ${url.split('/').pop()}:${lineNumber}`;
    self.set(key, (self.get(key) ?? 0) + 1);
  }
  for (const [key, n] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 15)) log(`  ${((100 * n) / profile.samples.length).toFixed(1).padStart(5)}% ${key}`);
}

/** With a button held: moves the mouse round an ellipse about (cx, cy) for two seconds; returns the seconds taken. */
async function dragInCircles(page, cx, cy, rx, ry, ms = 2000) {
  const started = Date.now();
  for (let i = 0; Date.now() - started < ms; i++) await page.mouse.move(cx + rx * Math.cos(i / 20), cy + ry * Math.sin(i / 20));
  return (Date.now() - started) / 1000;
}

async function panRun(browser) {
  const run = await openApp(browser);
  const { page } = run;
  await page.waitForFunction(() => document.querySelector('rc-app')?.shadowRoot?.querySelector('rc-viewport')?.bridges?.length > 0, null, { timeout: 60_000 });
  const marks = await page.evaluate(addMarks, MARKS);
  const box = await page.locator('rc-viewport').boundingBox();
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  await page.evaluate(watchFrames);
  await page.mouse.move(cx, cy);
  await page.mouse.down({ button: 'middle' });
  const profiler = process.env.BENCH_PROFILE ? await page.context().newCDPSession(page) : null;
  if (profiler) await profiler.send('Profiler.enable').then(() => profiler.send('Profiler.start'));
  const cpuBefore = browserCpu(browserPid);
  const seconds = await dragInCircles(page, cx, cy, 150, 100);
  if (profiler) printProfile((await profiler.send('Profiler.stop')).profile);
  const frames = await page.evaluate(() => {
    window.__benchFrames.running = false;
    const { image, marks, picture } = window.__benchFrames;
    return { image, marks, picture, drawn: marks + picture };
  });
  const cpu = cpuDelta(cpuBefore, browserCpu(browserPid));
  await page.mouse.up({ button: 'middle' });
  await run.context.close();
  // The browser's CPU (renderer, GPU process, compositor) per frame drawn; this script's own share excluded.
  const browserMs = cpu ? cpu.total - (cpu.byType.node ?? 0) : null;
  return { marks, frames, seconds, frameCpuMs: browserMs === null ? null : browserMs / Math.max(1, frames.drawn), cpu, errors: run.errors };
}

/** Opens the bundled case and reads how long its expert set took to arrive, validate and load. */
async function expertSetRun(browser) {
  const context = await browser.newContext({ viewport: VIEWPORT });
  const page = await context.newPage();
  await page.goto(`${caseOrigin}/?case=/studies/tumoral-calcinosis/manifest.json`);
  const ms = await page.waitForFunction(() => document.documentElement.dataset.expertSetMs, null, { timeout: 60_000 }).then((h) => h.jsonValue());
  const count = await page.evaluate(() => document.querySelector('rc-app').expert.size);
  await context.close();
  return { ms: Number(ms), count };
}

/** In the page: clicks Compare and resolves with the ms until both panes have drawn their radiograph. */
async function enterCompareTimed() {
  const app = document.querySelector('rc-app');
  const nextFrame = () => new Promise((resolve) => requestAnimationFrame(resolve));
  const started = performance.now();
  app.shadowRoot.querySelector('header button[data-action="compare"]').click();
  let compare = null;
  while (!(compare = app.shadowRoot.querySelector('rc-compare'))) await nextFrame();
  await compare.updateComplete;
  await compare.shown;
  // Drawn: each pane has fired IMAGE_RENDERED with its image in place.
  await Promise.all(
    [0, 1].map(async (i) => {
      let pane = null;
      while (!(pane = compare.paneViewport(i))?.controller?.currentImage()) await nextFrame();
      await new Promise((resolve) => {
        const element = pane.controller.element;
        element.addEventListener('CORNERSTONE_IMAGE_RENDERED', resolve, { once: true });
        pane.controller.viewport.render();
      });
    }),
  );
  return performance.now() - started;
}

/** In the page: counts the frames both compare panes draw while the first is panned. */
function watchCompareFrames() {
  const compare = document.querySelector('rc-app').shadowRoot.querySelector('rc-compare');
  const state = { running: true, fixed: 0, moving: 0 };
  compare.paneViewport(0).controller.element.addEventListener('CORNERSTONE_IMAGE_RENDERED', () => state.running && state.fixed++);
  compare.paneViewport(1).controller.element.addEventListener('CORNERSTONE_IMAGE_RENDERED', () => state.running && state.moving++);
  window.__benchCompare = state;
}

/**
 * The bundled case's two AP pelvis radiographs: time from the Compare click to both drawn (first
 * entry: loads the compare view's code and the follow-up radiograph; second: both cached), then
 * browser CPU per frame while panning the first pane with zoom/pan synchronisation on.
 */
async function compareRun(browser) {
  const context = await browser.newContext({ viewport: VIEWPORT });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`${caseOrigin}/?case=/studies/tumoral-calcinosis/manifest.json${RENDERER === 'auto' ? '' : `&renderer=${RENDERER}`}`);
  await page.waitForFunction(() => document.documentElement.dataset.firstImage && document.querySelector('rc-app')?.shadowRoot?.querySelector('rc-viewport')?.bridges?.length > 0, null, { timeout: 60_000 });
  await browserQuiet();
  const firstMs = await page.evaluate(enterCompareTimed);
  await page.keyboard.press('m');
  await page.waitForFunction(() => !document.querySelector('rc-app').shadowRoot.querySelector('rc-compare'));
  await browserQuiet();
  const againMs = await page.evaluate(enterCompareTimed);
  await page.waitForTimeout(300);
  await page.evaluate(watchCompareFrames);
  const box = await page.evaluate(() => {
    const r = document.querySelector('rc-app').shadowRoot.querySelector('rc-compare').paneViewport(0).getBoundingClientRect();
    return { x: r.x, y: r.y, width: r.width, height: r.height };
  });
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  await page.mouse.move(cx, cy);
  await page.mouse.down({ button: 'middle' });
  const cpuBefore = browserCpu(browserPid);
  const seconds = await dragInCircles(page, cx, cy, 80, 60);
  const frames = await page.evaluate(() => {
    window.__benchCompare.running = false;
    return { fixed: window.__benchCompare.fixed, moving: window.__benchCompare.moving };
  });
  const cpu = cpuDelta(cpuBefore, browserCpu(browserPid));
  await page.mouse.up({ button: 'middle' });
  await context.close();
  const browserMs = cpu ? cpu.total - (cpu.byType.node ?? 0) : null;
  // One frame = the pair redrawn: the panned pane and the one that follows it.
  const pairs = Math.max(1, Math.min(frames.fixed, frames.moving));
  return { firstMs, againMs, frames, seconds, frameCpuMs: browserMs === null ? null : browserMs / pairs, cpu, errors };
}

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
// Chromium runs as our child: the CPU figures cover our process tree (the browser's processes and
// this one, which also serves the files).
const browserPid = process.pid;
try {
  const load = () => loadavg().map((x) => x.toFixed(1)).join(' ');
  log(`load average before: ${load()}`);
  log(`bench: ${appUrl}  (${RADIOGRAPH.columns}×${RADIOGRAPH.rows} CR; MR ${MR_STACK.columns}×${MR_STACK.rows}×${MR_STACK.slices})`);
  // A discarded run fills the server's gzip cache and the OS file cache: not part of "cold".
  const warmup = await coldRun(browser);
  log(`warm-up run: first image ${ms(warmup.firstImageMs)} (discarded)`);
  const runs = [];
  for (let i = 0; i < RUNS; i++) {
    const run = await coldRun(browser);
    runs.push(run);
    log(`cold run ${i + 1}/${RUNS}: first image ${ms(run.firstImageMs)} (app marker ${ms(run.shownMs)}), ${cpuText(run.cpu)}, JS ${kb(run.js.total)} gzip`);
    for (const e of run.errors) log(`  page error: ${e}`);
  }
  const scroll = await scrollRun(browser);
  for (const e of scroll.errors) log(`  page error: ${e}`);
  const pan = await panRun(browser);
  for (const e of pan.errors) log(`  page error: ${e}`);
  const expertSet = await expertSetRun(browser);
  const compare = await compareRun(browser);
  for (const e of compare.errors) log(`  page error: ${e}`);
  log(`load average after: ${load()}  (other work on this machine inflates the wall-clock figures)`);

  const firstImageMs = median(runs.map((r) => r.firstImageMs));
  const msPerSlice = scroll.total / STEPS;
  const jsGzipBytes = median(runs.map((r) => r.js.total));
  const files = runs[runs.length - 1].js.files.sort((a, b) => b.bytes - a.bytes);
  const firstImageCpuMs = runs.every((r) => r.cpu) ? median(runs.map((r) => r.cpu.total)) : null;
  const sliceCpuMs = scroll.cpu ? scroll.cpu.total / STEPS : null;
  const verdict = (value, target) => (value <= target ? 'ok' : 'MISSES TARGET');
  const round1 = (x) => (x === null ? null : Math.round(x * 10) / 10);

  const panFrameMs = pan.frameCpuMs ?? Number.NaN;
  const report = {
    panMarks: pan.marks,
    panFramesDrawn: pan.frames.drawn,
    panFramesAsPicture: pan.frames.picture,
    panFps: round1(pan.frames.drawn / pan.seconds),
    panFrameMs: round1(panFrameMs),
    expertSetMs: round1(expertSet.ms),
    expertSetMarks: expertSet.count,
    compareEnterMs: round1(compare.firstMs),
    compareEnterAgainMs: round1(compare.againMs),
    comparePanFrameMs: round1(compare.frameCpuMs ?? Number.NaN),
    comparePanFps: round1(Math.min(compare.frames.fixed, compare.frames.moving) / compare.seconds),
    firstImageMs: round1(firstImageMs),
    firstImageRunsMs: runs.map((r) => round1(r.firstImageMs)),
    firstImageCpuMs: round1(firstImageCpuMs),
    msPerSlice: round1(msPerSlice),
    sliceLatencyMedianMs: round1(median(scroll.latencies)),
    sliceLatencyMaxMs: round1(Math.max(...scroll.latencies)),
    sliceCpuMs: round1(sliceCpuMs),
    jsGzipBytes,
    jsFiles: files,
    loadAverage: loadavg(),
    targets: TARGETS,
  };
  if (args.includes('--json')) {
    console.log(JSON.stringify(report, null, 2));
  } else {
    const line = (label, value, target, unit) =>
      console.log(`${label.padEnd(40)} ${value.padStart(10)}   target ≤ ${target.padEnd(8)} ${verdict(...unit)}`);
    console.log('');
    console.log('scripts before the first image (last run):');
    for (const f of files) console.log(`  ${kb(f.bytes).padStart(10)}  ${f.kind.padEnd(7)} ${f.path}`);
    console.log('');
    line(`(1) first image, cold (median of ${RUNS})`, ms(firstImageMs), `${TARGETS.firstImageMs} ms`, [firstImageMs, TARGETS.firstImageMs]);
    console.log(`      runs ${report.firstImageRunsMs.join(', ')} ms; browser CPU to first image ${firstImageCpuMs === null ? 'n/a' : ms(firstImageCpuMs)}`);
    line(`(2) scroll, ms per slice (${STEPS} steps)`, ms(msPerSlice), `${TARGETS.msPerSlice} ms`, [msPerSlice, TARGETS.msPerSlice]);
    console.log(`      step → IMAGE_RENDERED median ${ms(report.sliceLatencyMedianMs)}, max ${ms(report.sliceLatencyMaxMs)}; browser CPU per slice ${sliceCpuMs === null ? 'n/a' : ms(sliceCpuMs)} — ${cpuText(scroll.cpu, STEPS)}`);
    line('(3) JS before the first image (gzip)', kb(jsGzipBytes), kb(TARGETS.jsGzipBytes), [jsGzipBytes, TARGETS.jsGzipBytes]);
    line(`(4) panning with ${pan.marks} annotations, per frame`, ms(panFrameMs), `${TARGETS.panFrameMs} ms`, [panFrameMs, TARGETS.panFrameMs]);
    console.log(`      browser CPU per frame drawn with its annotations, ${report.panFramesDrawn} frames in ${pan.seconds.toFixed(1)} s (${report.panFps} frames/s; ${pan.frames.picture} with the marks moved as one picture) — ${cpuText(pan.cpu, Math.max(1, pan.frames.drawn))}`);
    console.log(`(5) expert teaching set loaded (${expertSet.count} marks)   ${ms(expertSet.ms).padStart(10)}   from request to validated and in the store`);
    console.log(`(6) compare: Compare click → both AP pelvis radiographs drawn   ${ms(compare.firstMs).padStart(10)}   first time (loads its code and the follow-up film); ${ms(compare.againMs)} again`);
    const compareFrameMs = compare.frameCpuMs ?? Number.NaN;
    line('(7) compare: panning synchronised, per frame', ms(compareFrameMs), `${TARGETS.panFrameMs} ms`, [compareFrameMs, TARGETS.panFrameMs]);
    console.log(`      browser CPU per synchronised frame (both panes drawn), ${Math.min(compare.frames.fixed, compare.frames.moving)} frames in ${compare.seconds.toFixed(1)} s (${report.comparePanFps} frames/s) — ${cpuText(compare.cpu, Math.max(1, Math.min(compare.frames.fixed, compare.frames.moving)))}`);
  }
} finally {
  await browser.close();
  server.close();
  caseServer.close();
}
