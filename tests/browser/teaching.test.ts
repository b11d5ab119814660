// Teaching workflows in the real app with real pointer and keyboard events: a scored quiz, deep
// links, a teacher saving the expert set through the server's API (with a conflict), PNG export.
import { afterEach, describe, expect, test } from 'vitest';
import { commands, userEvent } from 'vitest/browser';
import { loadTools } from '../../src/imaging/tools';
import { displayedAt, mountApp, settledCanvas, shadow, viewportCanvas, viewportOf, waitFor } from '../support/app';
import type { RcApp } from '../../src/components/rc-app';
import type { Annotation, ImagePoint } from '../../src/annotations/model';
import { roiContains } from '../../src/annotations/measure';
import { clearSet } from '../../src/annotations/persistence';

const CASE = '/studies/tumoral-calcinosis/manifest.json';
/** Cornerstone's annotation state, where the marks drawn on the image live. */
const csAnnotation = { state: { getAnnotation: (uid: string) => tools?.annotation.state.getAnnotation(uid) } };
let tools: Awaited<ReturnType<typeof loadTools>> | undefined;
const SET_API = '/api/cases/tumoral-calcinosis/annotations/expert';

afterEach(async () => {
  document.body.innerHTML = '';
  sessionStorage.clear();
  await clearSet('tumoral-calcinosis', 'quiz');
  await clearSet('tumoral-calcinosis', 'user');
});

/** Client coordinates of image pixel (column x, row y), through Cornerstone's own transforms. */
function clientPointOf(app: RcApp, [x, y]: ImagePoint) {
  const viewport = (viewportOf(app).controller as NonNullable<ReturnType<typeof viewportOf>['controller']>).viewport;
  const imageData = viewport.getImageData()?.imageData as unknown as { indexToWorld: (p: number[]) => number[] };
  const [cx, cy] = viewport.worldToCanvas(imageData.indexToWorld([x, y, 0]) as [number, number, number]);
  const rect = viewportCanvas(app).getBoundingClientRect();
  return { x: rect.left + cx, y: rect.top + cy };
}

/** A point well inside an outline: the grid point inside it farthest from its vertices. */
function insideOf(mark: Annotation): ImagePoint {
  const xs = mark.points.map((p) => p[0]);
  const ys = mark.points.map((p) => p[1]);
  let best: ImagePoint = mark.points[0];
  let bestClearance = -1;
  for (let i = 1; i < 20; i++) {
    for (let j = 1; j < 20; j++) {
      const x = Math.min(...xs) + ((Math.max(...xs) - Math.min(...xs)) * i) / 20;
      const y = Math.min(...ys) + ((Math.max(...ys) - Math.min(...ys)) * j) / 20;
      if (!roiContains('PlanarFreehandROI', mark.points, x, y)) continue;
      const clearance = Math.min(...mark.points.map(([px, py]) => Math.hypot(px - x, py - y)));
      if (clearance > bestClearance) [best, bestClearance] = [[x, y], clearance];
    }
  }
  return best;
}

const dialogOpen = (app: RcApp) => shadow(app).querySelector('rc-finding-dialog')?.hasAttribute('open');

async function chooseFinding(app: RcApp, search: string) {
  await waitFor(() => dialogOpen(app), 'the finding dialog');
  await userEvent.keyboard(search);
  await userEvent.keyboard('{Enter}');
  await waitFor(() => !dialogOpen(app), 'the dialog to close');
}

async function openCase() {
  const app = await mountApp(CASE);
  await viewportOf(app).annotationsReady;
  await waitFor(() => app.expert.size > 0, 'the expert set', 60_000);
  await settledCanvas(app);
  tools = await loadTools();
  return app;
}

const modeButton = (app: RcApp, mode: string) => shadow(app).querySelector(`.modes button[data-mode="${mode}"]`) as HTMLElement;

/** The expert's outlines on the image on screen. */
function expertOutlinesHere(app: RcApp) {
  const imageId = viewportOf(app).controller?.viewport.getCurrentImageId() as string;
  const ref = app.library?.referenceOf(imageId);
  return app.expert.all().filter((a) => a.image.sopInstanceUID === ref?.sopInstanceUID && a.kind === 'PlanarFreehandROI');
}

describe('quiz', () => {
  test('hides the expert set, scores a hit, a mislabelled mark and a false positive, then shows both sets in distinct styles', async () => {
    const app = await openCase();
    const outlines = expertOutlinesHere(app);
    expect(outlines.length).toBeGreaterThanOrEqual(2);
    expect(csAnnotation.state.getAnnotation(outlines[0].id)).toBeTruthy();

    await userEvent.click(modeButton(app, 'quiz'));
    await waitFor(() => !csAnnotation.state.getAnnotation(outlines[0].id), 'the expert marks gone from the image');
    const quizPanel = shadow(app).querySelector('rc-quiz-panel') as HTMLElement;
    expect(quizPanel).toBeTruthy();
    // The story's finding phrases no longer point at the answer.
    expect(shadow(shadow(app).querySelector('rc-case-panel') as Element).querySelector('a[data-finding]')).toBeNull();

    // A probe inside one calcification outline, labelled right; one inside another, labelled wrong;
    // one far from every mark on the image.
    await userEvent.keyboard('x');
    await commands.pointerClick(clientPointOf(app, insideOf(outlines[0])));
    await chooseFinding(app, 'periarticular');
    await commands.pointerClick(clientPointOf(app, insideOf(outlines[1])));
    await chooseFinding(app, 'sciatic');
    const all = outlines.flatMap((o) => o.points);
    const far: ImagePoint = [1250, 450];
    expect(Math.min(...all.map(([x, y]) => Math.hypot(x - far[0], y - far[1]))) * 0.175).toBeGreaterThan(20);
    await commands.pointerClick(clientPointOf(app, far));
    await chooseFinding(app, 'gluteus medius');
    await waitFor(() => app.quiz.size === 3, 'three quiz marks');
    expect(app.annotations.size).toBe(0);

    const panel = shadow(quizPanel);
    await userEvent.click(panel.querySelector('button[data-action="reveal"]') as HTMLElement);
    await waitFor(() => panel.querySelector('[data-testid="quiz-totals"]'), 'the score');
    const findings = new Set(app.expert.all().map((a) => a.finding)).size;
    expect(panel.querySelector('[data-testid="quiz-found"]')?.textContent).toBe(`1/${findings}`);
    expect(panel.querySelector('[data-testid="quiz-agreement"]')?.textContent).toBe('50%');
    expect(panel.querySelector('[data-testid="quiz-false-positives"]')?.textContent).toBe('1');
    expect(panel.querySelector('li[data-finding="periarticular-calcification"]')?.getAttribute('data-hit')).toBe('true');
    expect(panel.querySelector('li[data-finding="gluteus-medius-involvement"]')?.getAttribute('data-hit')).toBe('false');
    const outcomes = [...panel.querySelectorAll('[data-testid="quiz-marks"] li')].map((li) => li.getAttribute('data-outcome')).sort();
    expect(outcomes).toEqual(['false-positive', 'hit', 'mislabelled']);

    // Both sets are drawn now: the expert's dashed, the trainee's in their outcome colours.
    await waitFor(() => csAnnotation.state.getAnnotation(outlines[0].id), 'the expert marks back on the image');
    const svg = shadow(viewportOf(app)).querySelector('svg') as SVGElement;
    await waitFor(() => svg.querySelector('[stroke-dasharray="6,4"]'), 'dashed expert outlines drawn');
    // Green hit, amber mislabelled, red false positive.
    const strokes = () => new Set([...svg.querySelectorAll('[stroke]')].map((el) => el.getAttribute('stroke')?.toLowerCase()));
    const wanted = ['#3ddc84', '#ffb300', '#ff5252'];
    await waitFor(() => wanted.every((c) => strokes().has(c)), `the quiz marks drawn in their outcome colours (${[...strokes()]})`);

    // Trying again clears the marks for good, so the first press only asks.
    const retry = () => panel.querySelector('button[data-action="retry"]') as HTMLButtonElement;
    await userEvent.click(retry());
    await waitFor(() => /Press again/.test(retry().textContent ?? ''), 'the retry button asking');
    expect(app.quiz.size).toBe(3);
    await userEvent.click(retry());
    await waitFor(() => app.quiz.size === 0 && !app.quizScore, 'the marks cleared and the answer hidden');
    await waitFor(() => !csAnnotation.state.getAnnotation(outlines[0].id), 'the expert marks hidden again');
  });
});

describe('deep links', () => {
  test('a link with series, image and finding opens that slice with the expert mark selected, and follows scrolling', async () => {
    const original = location.search;
    const t1 = 'mr-pelvis-ax-t1';
    // The ground truth names the series; its UID comes from the case as the app lists it.
    const probe = await openCase();
    const target = probe.expert.all().find((a) => a.finding === 'quadratus-femoris-involvement' && probe.library?.seriesOf(a.image)?.series.description.includes('T1')) as Annotation;
    expect(target, t1).toBeTruthy();
    const series = probe.library?.seriesOf(target.image)?.series;
    await probe.library?.prefetch(series?.imageIds ?? []);
    const index = series?.imageIds.indexOf(probe.library?.imageIdOf(target.image) as string) ?? -1;
    expect(index).toBeGreaterThan(0);
    document.body.innerHTML = '';

    history.replaceState(null, '', `?series=${target.image.seriesInstanceUID}&image=${index + 1}&finding=quadratus-femoris-involvement`);
    try {
      document.body.style.margin = '0';
      const app = document.createElement('rc-app');
      app.caseUrl = CASE;
      app.deepLinks = true;
      app.style.cssText = 'height:800px;width:1300px;display:grid';
      document.body.append(app);
      await app.ready;
      const viewport = viewportOf(app);
      await waitFor(() => viewport.bridgeFor(app.expert)?.selectedId() === target.id, 'the linked expert mark selected', 40_000);
      expect(viewport.controller?.imageIndex()).toBe(index);
      expect(viewport.controller?.viewport.getCurrentImageId()).toBe(app.library?.imageIdOf(target.image));

      await userEvent.keyboard('{ArrowDown}');
      await waitFor(() => new URLSearchParams(location.search).get('image') === String(index + 2), 'the address bar following the slice');
      expect(new URLSearchParams(location.search).get('series')).toBe(target.image.seriesInstanceUID);
      await userEvent.click(modeButton(app, 'quiz'));
      await waitFor(() => new URLSearchParams(location.search).get('mode') === 'quiz', 'the mode in the address bar');
      // A quiz link must not give away the answer.
      expect(new URLSearchParams(location.search).get('finding')).toBeNull();
    } finally {
      history.replaceState(null, '', original || location.pathname);
    }
  });
});

/** The expert set as the server's API has it now, with its ETag. */
async function readSet() {
  const response = await fetch(SET_API, { cache: 'no-store' });
  return { etag: response.headers.get('etag') as string, set: (await response.json()) as { annotations: Annotation[] } };
}

/** Saves a set through the API over the version `etag` names, as another teacher would. */
const putSet = (body: unknown, etag: string, token: string) =>
  fetch(SET_API, { method: 'PUT', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', 'If-Match': etag }, body: JSON.stringify(body) });

describe('authoring', () => {

  test('a teacher saves a new mark with the token; a stale save shows the conflict and overwrites nothing', async () => {
    const token = await commands.teacherToken();
    const before = await readSet();
    const app = await openCase();
    try {
      await userEvent.click(modeButton(app, 'author'));
      const status = () => shadow(app).querySelector('[data-testid="author-status"]')?.textContent?.trim() ?? '';
      await waitFor(() => status() === 'Same as on the server', 'the server version loaded');

      await userEvent.keyboard('x');
      await commands.pointerClick(clientPointOf(app, [1250, 450]));
      await chooseFinding(app, 'periarticular');
      await waitFor(() => app.expert.size === before.set.annotations.length + 1, 'the mark in the expert set');
      expect(status()).toBe('Unsaved changes');

      // A wrong token is refused, and says so; nothing is written.
      const save = shadow(app).querySelector('button[data-action="save-set"]') as HTMLElement;
      await userEvent.click(save);
      await waitFor(() => shadow(app).querySelector('rc-token-dialog')?.hasAttribute('open'), 'the token dialog');
      await userEvent.keyboard('not-the-token{Enter}');
      await waitFor(() => /refused the teacher token/.test(status()), 'the refusal shown');
      expect((await readSet()).etag).toBe(before.etag);

      await userEvent.click(save);
      await waitFor(() => shadow(app).querySelector('rc-token-dialog')?.hasAttribute('open'), 'the token dialog again');
      await userEvent.keyboard(`${token}{Enter}`);
      await waitFor(() => /^Saved at/.test(status()), 'the save confirmed');
      const saved = await readSet();
      expect(saved.etag).not.toBe(before.etag);
      const mine = saved.set.annotations.find((a) => a.author === 'teacher');
      expect(mine?.finding).toBe('periarticular-calcification');
      // Where it was clicked, to within a screen pixel (about 3 image pixels at this zoom).
      expect(Math.abs((mine?.points[0][0] ?? 0) - 1250)).toBeLessThan(4);

      // Another teacher saves in between (straight through the API).
      const theirs = { ...saved.set, annotations: saved.set.annotations.filter((a) => a.id !== mine?.id) };
      const other = await putSet(theirs, saved.etag, token);
      expect(other.status).toBe(200);
      const theirEtag = other.headers.get('etag');

      await commands.pointerClick(clientPointOf(app, [1250, 700]));
      await chooseFinding(app, 'periarticular');
      await userEvent.click(save);
      const conflict = await waitFor(() => shadow(app).querySelector('[data-testid="author-conflict"]'), 'the conflict shown');
      expect(conflict.textContent).toContain('Someone saved this teaching set after you opened it');
      expect((await readSet()).etag).toBe(theirEtag);

      await userEvent.click(conflict.querySelector('button[data-action="keep-mine"]') as HTMLElement);
      await waitFor(() => /^Saved at/.test(status()), 'mine saved over theirs, knowingly');
      expect((await readSet()).set.annotations.filter((a) => a.author === 'teacher')).toHaveLength(2);
    } finally {
      await putSet(before.set, (await readSet()).etag, token);
    }
  });
});

describe('PNG export', () => {
  test('N exports the image at its own size, greys as on screen, with the expert outlines drawn in their colours', async () => {
    const app = await openCase();
    const controller = viewportOf(app).controller!;
    const image = controller.currentImage()!;
    const exported = new Promise<{ blob: Blob; width: number; height: number }>((resolve) =>
      app.addEventListener('rc-exported', (e) => resolve((e as CustomEvent).detail), { once: true }),
    );
    await userEvent.keyboard('n');
    const shot = await exported;
    expect(shot.blob.type).toBe('image/png');
    const bitmap = await createImageBitmap(shot.blob);
    expect([bitmap.width, bitmap.height]).toEqual([image.columns, image.rows]);
    const canvas = document.createElement('canvas');
    canvas.width = bitmap.width;
    canvas.height = bitmap.height;
    const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
    ctx.drawImage(bitmap, 0, 0);
    const pngAt = ([row, column]: [number, number]) => [...ctx.getImageData(column, row, 1, 1).data];

    // Away from the marks (and from any edge, where the downscaled viewport blends neighbours) the PNG shows the greys
    // the viewport shows.
    const points: [number, number][] = [
      [450, 1250],
      [1300, 1249],
      [150, 300],
      [1000, 2300],
    ];
    // (Rows and columns inside the 2000 × 2500 image: a point outside it reads as nothing on both sides.)
    for (const [row, column] of points) expect(row < image.rows && column < image.columns).toBe(true);
    const screen = displayedAt(app, points);
    points.forEach((p, i) => {
      const [r, g, b] = pngAt(p);
      expect(r).toBe(g);
      expect(g).toBe(b);
      // Cornerstone's own lookup table rounds a little differently: a few grey levels at most.
      expect(Math.abs(r - screen[i][0])).toBeLessThanOrEqual(5);
    });
    // An expert outline's vertex carries its finding's colour (not a grey).
    const outline = expertOutlinesHere(app)[0];
    const [x, y] = outline.points[0];
    const [r, g, b] = pngAt([Math.round(y), Math.round(x)]);
    expect(Math.max(r, g, b) - Math.min(r, g, b)).toBeGreaterThan(60);
  });
});

describe('the expert set is checked against the images', () => {
  test('a mark naming an image its series does not have, or outside the image, is reported once the series is read', async () => {
    const token = await commands.teacherToken();
    const original = await readSet();
    const first = original.set.annotations.find((a) => a.kind === 'PlanarFreehandROI') as Annotation;
    const ghost = { ...first, id: 'ghost-mark', image: { ...first.image, sopInstanceUID: '2.25.999999999' } };
    const outside = { ...first, id: 'outside-mark', points: first.points.map(([x, y]) => [x + 5000, y] as ImagePoint) };
    expect((await putSet({ ...original.set, annotations: [...original.set.annotations, ghost, outside] }, original.etag, token)).status).toBe(200);
    try {
      const app = await openCase();
      const problems = () => (shadow(shadow(app).querySelector('rc-problems') as Element).textContent ?? '').replace(/\s+/g, ' ');
      await waitFor(() => problems().includes('ghost-mark') && problems().includes('outside-mark'), 'both marks reported');
      expect(problems()).toContain('image 2.25.999999999');
      expect(problems()).toMatch(/outside-mark.*lies outside the \d+×\d+ image/);
      // The rest of the set is there and drawn.
      expect(app.expert.size).toBe(original.set.annotations.length + 2);
      expect(csAnnotation.state.getAnnotation(first.id)).toBeTruthy();
    } finally {
      await putSet(original.set, (await readSet()).etag, token);
    }
  });

  test('a set naming a series the case does not have is refused whole, with the reason', async () => {
    const token = await commands.teacherToken();
    const original = await readSet();
    const first = original.set.annotations[0];
    const stranger = { ...first, id: 'stranger', image: { ...first.image, seriesInstanceUID: '2.25.123456789' } };
    expect((await putSet({ ...original.set, annotations: [...original.set.annotations, stranger] }, original.etag, token)).status).toBe(200);
    try {
      const app = await mountApp(CASE);
      await viewportOf(app).annotationsReady;
      const problems = () => (shadow(shadow(app).querySelector('rc-problems') as Element).textContent ?? '').replace(/\s+/g, ' ');
      await waitFor(() => problems().includes('series 2.25.123456789'), 'the refusal reported', 30_000);
      expect(app.expert.size).toBe(0);
      // The image stays on screen and usable.
      expect(viewportOf(app).controller?.currentImage()).toBeTruthy();
    } finally {
      await putSet(original.set, (await readSet()).etag, token);
    }
  });
});
