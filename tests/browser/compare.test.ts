// The compare view with the bundled case: two dates side by side, synchronised, aligned on
// landmarks, overlaid, and the change table of the hip masses — driven with real pointer events.
import { afterEach, describe, expect, test } from 'vitest';
import { commands, userEvent } from 'vitest/browser';
import { mountApp, shadow, waitFor, frames } from '../support/app';
import type { RcApp } from '../../src/components/rc-app';
import type { RcCompare } from '../../src/components/rc-compare';
import type { RcViewport } from '../../src/components/rc-viewport';
import { canvasOfImage } from '../../src/imaging/sync';

const CASE = '/studies/tumoral-calcinosis/manifest.json';

interface PelvisTransform {
  scale: number;
  rotationDegrees: number;
  from: { seriesInstanceUID: string };
  to: { seriesInstanceUID: string };
  landmarks: { name: string; from: [number, number]; to: [number, number] }[];
}
let truth: PelvisTransform | null = null;
async function pelvisTransform(): Promise<PelvisTransform> {
  truth ??= ((await (await fetch('/studies/tumoral-calcinosis/ground-truth.json')).json()) as { pelvisTransform: PelvisTransform }).pelvisTransform;
  return truth;
}

afterEach(() => {
  document.body.innerHTML = '';
});

const compareOf = (app: RcApp) => shadow(app).querySelector('rc-compare') as RcCompare | null;
const pane = (compare: RcCompare, i: number) => compare.paneViewport(i) as RcViewport;
const cs = (v: RcViewport) => v.controller!.viewport;
const bar = (compare: RcCompare, testId: string) => shadow(compare).querySelector(`[data-testid="${testId}"]`) as HTMLElement;

/** Opens the case and enters the compare view with the header button; resolves when both panes show their image. */
async function enterCompare() {
  const app = await mountApp(CASE);
  await waitFor(() => app.library?.studies.length, 'the case listed');
  const button = shadow(app).querySelector('header button[data-action="compare"]') as HTMLElement;
  await userEvent.click(button);
  const compare = await waitFor(() => compareOf(app), 'the compare view', 30_000);
  await compare.shown;
  await Promise.all([pane(compare, 0).toolsReady, pane(compare, 1).toolsReady]);
  await waitFor(() => [0, 1].every((i) => cs(pane(compare, i)).getImageData()), 'both images drawn', 30_000);
  await frames(3);
  return { app, compare };
}

/** Client coordinates of an image pixel as drawn in a pane. */
function clientOf(v: RcViewport, point: [number, number]) {
  const canvas = canvasOfImage(cs(v), point)!;
  const r = v.controller!.element.getBoundingClientRect();
  return { x: r.left + canvas[0], y: r.top + canvas[1] };
}

function centreOf(v: RcViewport, fy = 0.5) {
  const r = v.controller!.element.getBoundingClientRect();
  return { x: r.left + r.width / 2, y: r.top + r.height * fy };
}

/** RGBA of a canvas, copied. */
function pixelsOf(canvas: HTMLCanvasElement) {
  const copy = document.createElement('canvas');
  copy.width = canvas.width;
  copy.height = canvas.height;
  const ctx = copy.getContext('2d', { willReadFrequently: true })!;
  ctx.drawImage(canvas, 0, 0);
  return ctx.getImageData(0, 0, copy.width, copy.height).data;
}

const imageCanvas = (v: RcViewport) => shadow(v).querySelector('.canvas-host canvas') as HTMLCanvasElement;

/** Mean absolute difference of the red channel over a grid of points in the middle of two equal-size canvases. */
function meanDifference(a: Uint8ClampedArray, b: Uint8ClampedArray, width: number, height: number) {
  let sum = 0;
  let n = 0;
  for (let y = Math.floor(height * 0.2); y < height * 0.8; y += 7) {
    for (let x = Math.floor(width * 0.2); x < width * 0.8; x += 7) {
      const i = (y * width + x) * 4;
      sum += Math.abs(a[i] - b[i]);
      n++;
    }
  }
  return sum / n;
}

describe('compare view', () => {
  test('opens the admission and the relapse AP pelvis side by side, each pane naming its study and date', async () => {
    const { app, compare } = await enterCompare();
    const gt = await pelvisTransform();
    const series = (i: number) => app.library!.referenceOf(cs(pane(compare, i)).getCurrentImageId())?.seriesInstanceUID;
    expect(series(0)).toBe(gt.from.seriesInstanceUID);
    expect(series(1)).toBe(gt.to.seriesInstanceUID);
    const labels = [...shadow(compare).querySelectorAll('[data-testid="pane-study"]')].map((e) => e.textContent?.replace(/\s+/g, ' ').trim());
    expect(labels).toEqual(['2025-03-10 · Admission', '2025-06-09 · Relapse']);
    const chosen = [...shadow(compare).querySelectorAll('.pane-head select')].map((s) => (s as HTMLSelectElement).selectedOptions[0]?.textContent?.trim());
    expect(chosen).toEqual(['CR 1 · AP pelvis and both hips', 'CR 3 · AP pelvis and both hips, follow-up']);
    // The clinical overlay of each pane says the same.
    const overlayDate = (i: number) => shadow(pane(compare, i)).querySelector('[data-corner="top-left"]')?.textContent ?? '';
    expect(overlayDate(0)).toContain('2025-03-10');
    expect(overlayDate(1)).toContain('2025-06-09');
    // In a pane this narrow the study line does not fit its corner: it ends in an ellipsis rather than being cut off.
    const lines = [0, 1].flatMap((i) => [...shadow(pane(compare, i)).querySelectorAll('[data-corner="top-left"] > div')] as HTMLElement[]);
    const cut = lines.filter((line) => line.scrollWidth > line.clientWidth);
    expect(cut.length).toBeGreaterThan(0);
    for (const line of cut) expect([getComputedStyle(line).textOverflow, getComputedStyle(line).overflowX]).toEqual(['ellipsis', 'hidden']);

    // The Fig. 1 vs Fig. 4 preset puts the relapse femur radiograph on the right.
    await userEvent.click(shadow(compare).querySelector('button[data-preset="figures"]') as HTMLElement);
    await compare.shown;
    await waitFor(() => pane(compare, 1).series?.description === 'Left femur AP' && cs(pane(compare, 1)).getCurrentImageId()?.includes('femur'), 'the femur radiograph');
    // M leaves the compare view; the single viewport is back.
    await userEvent.keyboard('m');
    await waitFor(() => !compareOf(app), 'the single viewport');
    expect(shadow(app).querySelector('rc-viewport')?.hasAttribute('data-parked')).toBe(false);
  });

  test('panning, zooming and windowing one pane moves the other; with sync off it stays', async () => {
    const { compare } = await enterCompare();
    const [a, b] = [pane(compare, 0), pane(compare, 1)];
    // Where each image's centre is drawn, and how many screen pixels one image pixel covers.
    const centrePixel = (v: RcViewport) => {
      const image = v.controller!.currentImage()!;
      return canvasOfImage(cs(v), [image.columns / 2, image.rows / 2])!;
    };
    const scaleOf = (v: RcViewport) => {
      const p = canvasOfImage(cs(v), [0, 0])!;
      const q = canvasOfImage(cs(v), [100, 0])!;
      return Math.hypot(q[0] - p[0], q[1] - p[1]) / 100;
    };
    const moved = (before: number[][]) => [a, b].map((v, i) => [centrePixel(v)[0] - before[i][0], centrePixel(v)[1] - before[i][1]]);
    const start = [centrePixel(a), centrePixel(b)];
    await commands.pointerDrag(centreOf(a), { x: centreOf(a).x + 60, y: centreOf(a).y + 40 }, { button: 'middle' });
    await waitFor(() => Math.abs(moved(start)[1][0]) > 20, 'the second pane to pan');
    const [da, db] = moved(start);
    expect(da[0]).toBeGreaterThan(40);
    expect(db[0]).toBeCloseTo(da[0], 0);
    expect(db[1]).toBeCloseTo(da[1], 0);

    const zoomStart = [scaleOf(a), scaleOf(b)];
    await commands.pointerWheel(centreOf(a), -100, { modifiers: ['Control'], times: 3 });
    await waitFor(() => scaleOf(a) > zoomStart[0] * 1.1, 'the first pane to zoom');
    await frames(3);
    expect(scaleOf(b) / zoomStart[1]).toBeCloseTo(scaleOf(a) / zoomStart[0], 2);

    // Window/level (the default left-button tool) follows too.
    const voiOf = (v: RcViewport) => cs(v).getProperties().voiRange!;
    const voiBefore = { ...voiOf(b) };
    await commands.pointerDrag(centreOf(a, 0.4), centreOf(a, 0.6));
    await waitFor(() => voiOf(b).lower !== voiBefore.lower, 'the second pane to change its window');
    expect(voiOf(b).lower).toBeCloseTo(voiOf(a).lower, 6);
    expect(voiOf(b).upper).toBeCloseTo(voiOf(a).upper, 6);

    // Off: panning the first pane leaves the second where it is.
    await userEvent.click(bar(compare, 'sync-zoomPan'));
    expect(bar(compare, 'sync-zoomPan').getAttribute('aria-pressed')).toBe('false');
    const still = [centrePixel(a), centrePixel(b)];
    await commands.pointerDrag(centreOf(a), { x: centreOf(a).x - 80, y: centreOf(a).y }, { button: 'middle' });
    await waitFor(() => Math.abs(moved(still)[0][0]) > 40, 'the first pane to pan');
    await frames(3);
    expect(moved(still)[1]).toEqual([0, 0]);
  });

  test("landmarks on the ground-truth points align the pair with residuals under 1 mm, and flicker, fade and difference blend it", async () => {
    const { compare } = await enterCompare();
    const gt = await pelvisTransform();
    const [a, b] = [pane(compare, 0), pane(compare, 1)];
    await userEvent.click(bar(compare, 'landmark-mode'));
    // The points that lie inside both images (the iliac crest leaves the follow-up film).
    const inside = (v: RcViewport, [x, y]: [number, number]) => {
      const image = v.controller!.currentImage()!;
      return x >= 0 && y >= 0 && x < image.columns && y < image.rows;
    };
    const landmarks = gt.landmarks.filter((l) => inside(a, l.from) && inside(b, l.to));
    expect(landmarks.length).toBeGreaterThanOrEqual(3);
    for (const l of landmarks) {
      // The second pane moves once two pairs align it: its point is found where it is drawn now.
      await commands.pointerClick(clientOf(a, l.from));
      await commands.pointerClick(clientOf(b, l.to));
    }
    const rows = () => [...shadow(compare).querySelectorAll('[data-testid="residual"]')].map((e) => Number(e.textContent));
    await waitFor(() => rows().length === landmarks.length && rows().every(Number.isFinite), 'a residual per landmark');
    for (const mm of rows()) expect(mm).toBeLessThanOrEqual(1);
    const fit = compare.alignment()!;
    expect(fit.pairs).toBe(landmarks.length);
    expect(Math.hypot(fit.transform.a, fit.transform.b)).toBeCloseTo(gt.scale, 2);
    expect(Math.abs((Math.atan2(fit.transform.b, fit.transform.a) * 180) / Math.PI - gt.rotationDegrees)).toBeLessThan(0.3);

    // Aligned: each landmark is drawn at the same place in both panes, and stays so after a pan.
    const drawnApart = () =>
      Math.max(
        ...landmarks.map((l) => {
          const [p, q] = [canvasOfImage(cs(a), l.from)!, canvasOfImage(cs(b), l.to)!];
          return Math.hypot(p[0] - q[0], p[1] - q[1]);
        }),
      );
    expect(drawnApart()).toBeLessThan(2.5);
    await userEvent.click(bar(compare, 'landmark-mode'));
    await commands.pointerDrag(centreOf(a), { x: centreOf(a).x + 50, y: centreOf(a).y - 30 }, { button: 'middle' });
    await frames(3);
    expect(drawnApart()).toBeLessThan(2.5);

    // Flicker: the blend over the left pane alternates between the two images.
    await userEvent.click(bar(compare, 'overlay-flicker'));
    const blend = await waitFor(() => shadow(compare).querySelector('canvas.blend') as HTMLCanvasElement | null, 'the blend canvas');
    await frames(3);
    const { width, height } = blend;
    const fixedPixels = pixelsOf(imageCanvas(a));
    const movingPixels = pixelsOf(imageCanvas(b));
    expect(meanDifference(fixedPixels, movingPixels, width, height)).toBeGreaterThan(1);
    const showing = () => {
      const p = pixelsOf(blend);
      return meanDifference(p, fixedPixels, width, height) < 0.01 ? 'fixed' : meanDifference(p, movingPixels, width, height) < 0.01 ? 'moving' : 'other';
    };
    const seen = new Set<string>();
    await waitFor(() => {
      seen.add(showing());
      return seen.has('fixed') && seen.has('moving');
    }, 'the flicker to show both images', 5000);
    expect(seen.has('other')).toBe(false);
    // At rate 0 it alternates on the key only.
    const rate = shadow(compare).querySelector('input[type="number"]') as HTMLInputElement;
    await userEvent.fill(rate, '0');
    rate.blur();
    await waitFor(() => compare.flickerHz === 0, 'rate 0');
    await frames(3);
    const first = showing();
    await new Promise((r) => setTimeout(r, 700));
    expect(showing()).toBe(first);
    await userEvent.keyboard('y');
    await frames(3);
    expect(showing()).toBe(first === 'fixed' ? 'moving' : 'fixed');

    // Fade: the slider's ends show one image or the other, the middle a mix.
    await userEvent.click(bar(compare, 'overlay-fade'));
    const slider = await waitFor(() => shadow(compare).querySelector('input[type="range"]') as HTMLInputElement | null, 'the fade slider');
    await userEvent.click(slider);
    await userEvent.keyboard('{Home}');
    await waitFor(() => compare.fade === 0, 'opacity 0');
    await frames(3);
    expect(showing()).toBe('fixed');
    await userEvent.keyboard('{End}');
    await waitFor(() => compare.fade === 1, 'opacity 1');
    await frames(3);
    expect(showing()).toBe('moving');
    for (let i = 0; i < 5; i++) await userEvent.keyboard('{PageDown}');
    await waitFor(() => compare.fade > 0.3 && compare.fade < 0.7, 'opacity about half');
    await frames(3);
    const mixed = pixelsOf(blend);
    const toFixed = meanDifference(mixed, fixedPixels, width, height);
    const toMoving = meanDifference(mixed, movingPixels, width, height);
    const apart = meanDifference(fixedPixels, movingPixels, width, height);
    expect(toFixed).toBeGreaterThan(0.2 * apart);
    expect(toMoving).toBeGreaterThan(0.2 * apart);

    // Difference: |left − right| of the displayed greys.
    await userEvent.click(bar(compare, 'overlay-difference'));
    await frames(3);
    const diff = pixelsOf(blend);
    let worst = 0;
    for (let y = Math.floor(height * 0.2); y < height * 0.8; y += 11) {
      for (let x = Math.floor(width * 0.2); x < width * 0.8; x += 11) {
        const i = (y * width + x) * 4;
        worst = Math.max(worst, Math.abs(diff[i] - Math.abs(fixedPixels[i] - movingPixels[i])));
      }
    }
    expect(worst).toBeLessThanOrEqual(1);
  });

  test('the MR preset shows both dates 2 × 2; scrolling one stack moves the others until stack sync is off', async () => {
    const { compare } = await enterCompare();
    await userEvent.click(shadow(compare).querySelector('button[data-preset="mr"]') as HTMLElement);
    await compare.shown;
    const panes = [0, 1, 2, 3].map((i) => pane(compare, i));
    await waitFor(() => panes.every((v) => v?.controller?.currentImage() && v.controller.imageCount() > 1), 'four MR stacks', 40_000);
    await Promise.all(panes.map((v) => v.toolsReady));
    const labels = [...shadow(compare).querySelectorAll('[data-testid="pane-study"]')].map((e) => e.textContent?.replace(/\s+/g, ' ').trim());
    expect(labels).toEqual(['2025-03-10 · Admission', '2025-03-10 · Admission', '2025-06-09 · Relapse', '2025-06-09 · Relapse']);
    const index = () => panes.map((v) => v.controller!.imageIndex());
    await frames(3);
    await commands.pointerWheel(centreOf(panes[0]), 100, { times: 3 });
    await waitFor(() => index().every((i) => i === 3), 'every stack at image 4', 20_000);

    await userEvent.click(bar(compare, 'sync-stack'));
    await commands.pointerWheel(centreOf(panes[0]), 100, { times: 2 });
    await waitFor(() => index()[0] === 5, 'the first stack at image 6');
    await new Promise((r) => setTimeout(r, 300));
    expect(index().slice(1)).toEqual([3, 3, 3]);
  });

  test("the change table lists the hip masses' largest diameters at both dates from the expert marks", async () => {
    const { app, compare } = await enterCompare();
    await waitFor(() => app.expert.size > 0, 'the expert set', 60_000);
    const table = () => [...shadow(compare).querySelectorAll('[data-testid="change-row"]')] as HTMLElement[];
    await waitFor(() => table().length === 2, 'two rows in the change table', 30_000);
    for (const row of table()) {
      const marks = [row.dataset.before!, row.dataset.after!].map((id) => app.expert.get(id)!);
      const [before, after] = marks.map((m) => {
        const info = app.library!.infoFor(app.library!.imageIdOf(m.image)!)!;
        const [[x1, y1], [x2, y2]] = m.points;
        return Math.hypot((x2 - x1) * info.pixelSpacing!.column, (y2 - y1) * info.pixelSpacing!.row);
      });
      expect(marks.every((m) => m.kind === 'Length' && m.label === marks[0].label)).toBe(true);
      const cell = (id: string) => row.querySelector(`[data-testid="${id}"]`)?.textContent?.trim();
      expect(cell('before')).toBe(`${before.toFixed(1)} mm`);
      expect(cell('after')).toBe(`${after.toFixed(1)} mm`);
      const change = after - before;
      expect(cell('absolute')).toBe(`${change > 0 ? '+' : '−'}${Math.abs(change).toFixed(1)} mm`);
      const percent = (change / before) * 100;
      expect(cell('percent')).toBe(`${percent > 0 ? '+' : '−'}${Math.abs(percent).toFixed(1)} %`);
    }
    // Both dates' expert marks are drawn in the panes.
    const drawn = (v: RcViewport) => shadow(v).querySelector('.canvas-host svg')?.querySelectorAll('[stroke]').length ?? 0;
    await waitFor(() => drawn(pane(compare, 0)) > 0 && drawn(pane(compare, 1)) > 0, 'marks drawn on both panes');
  });

  test('while one pane is dragged, both panes\' marks move as pictures that stay on their images, and are drawn for real after', async () => {
    const { compare } = await enterCompare();
    const follower = pane(compare, 1);
    const svgOf = (v: RcViewport) => shadow(v).querySelector('.canvas-host svg.svg-layer') as SVGElement;
    const marked = await waitFor(() => svgOf(follower).querySelector('line[data-id]') as SVGLineElement | null, 'the follower\'s marks drawn');
    // One mark's outline, found by its id in the live marks, the picture and the marks drawn after.
    const id = marked.getAttribute('data-id') as string;
    const firstPath = () => svgOf(follower).querySelector(`line[data-id="${CSS.escape(id)}"]`) as SVGLineElement;
    await frames(3);
    const before = firstPath().getBoundingClientRect();
    const world = cs(follower).canvasToWorld([before.left - follower.controller!.element.getBoundingClientRect().left, before.top - follower.controller!.element.getBoundingClientRect().top]);

    const start = centreOf(pane(compare, 0), 0.2);
    await commands.pointerMove(start);
    await commands.pointerButton('down', { button: 'middle' });
    await commands.pointerMove({ x: start.x + 60, y: start.y + 30 }, { steps: 5 });
    await frames(3);
    const host = shadow(follower).querySelector('.canvas-host') as HTMLElement;
    const picture = await waitFor(() => host.querySelector('svg[data-mark-picture]') as SVGElement | null, 'the follower\'s marks as a picture');
    const moved = cs(follower).worldToCanvas(world);
    const r = follower.controller!.element.getBoundingClientRect();
    const pictured = (picture.querySelector(`line[data-id="${CSS.escape(id)}"]`) as SVGLineElement).getBoundingClientRect();
    expect(Math.abs(pictured.left - (r.left + moved[0]))).toBeLessThan(2.5);
    expect(Math.abs(pictured.top - (r.top + moved[1]))).toBeLessThan(2.5);
    await commands.pointerButton('up', { button: 'middle' });
    await waitFor(() => !host.querySelector('svg[data-mark-picture]'), 'the picture gone');
    const after = firstPath().getBoundingClientRect();
    expect(Math.abs(after.left - pictured.left)).toBeLessThan(2.5);
    expect(Math.abs(after.top - pictured.top)).toBeLessThan(2.5);
    // It did move: the pan reached the follower.
    expect(Math.hypot(after.left - before.left, after.top - before.top)).toBeGreaterThan(20);
  });
});
