// The embeddable figure, as a course page uses it: the example lesson page is opened in a frame,
// loading only the embed bundle through its one script tag, and driven with real pointer events.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { commands, server, userEvent } from 'vitest/browser';
import { findingFor } from '../../src/annotations/vocabulary';
import type { RcFigure } from '../../src/embed/rc-figure';
import { waitFor } from '../support/app';

// The browser-gpu project draws through WebGL; the lesson page takes the choice from its URL, as the app does.
const LESSON = `/lessons/tumoral-calcinosis.html${server.config.name === 'browser-gpu' ? '?renderer=gpu' : ''}`;
const CASE = '/studies/tumoral-calcinosis/manifest.json';

let frame: HTMLIFrameElement;
const page = () => frame.contentWindow as Window & typeof globalThis;
const figures = () => [...page().document.querySelectorAll('rc-figure')] as RcFigure[];
const inFigure = (figure: RcFigure, selector: string) => figure.shadowRoot?.querySelector(selector) as HTMLElement | null;
const text = (figure: RcFigure, testId: string) => (inFigure(figure, `[data-testid="${testId}"]`)?.textContent ?? '').replace(/\s+/g, ' ').trim();

/** Every pixel the figure's canvas shows, copied out of the frame. */
function pixels(figure: RcFigure): Uint8ClampedArray {
  const canvas = inFigure(figure, '.canvas-host canvas') as HTMLCanvasElement | null;
  if (!canvas) throw new Error(`no canvas in ${figure.figure}`);
  const copy = document.createElement('canvas');
  copy.width = canvas.width;
  copy.height = canvas.height;
  const ctx = copy.getContext('2d', { willReadFrequently: true }) as CanvasRenderingContext2D;
  ctx.drawImage(canvas, 0, 0);
  return ctx.getImageData(0, 0, copy.width, copy.height).data;
}

/** Mean grey level, the share of pixels that are not black, and a coarse fingerprint of what is drawn. */
function summary(figure: RcFigure) {
  const data = pixels(figure);
  let sum = 0;
  let lit = 0;
  let fingerprint = 0;
  for (let i = 0; i < data.length; i += 4) {
    const grey = (data[i] + data[i + 1] + data[i + 2]) / 3;
    sum += grey;
    if (grey > 8) lit++;
    if (i % 4096 === 0) fingerprint = (fingerprint * 31 + Math.round(grey)) >>> 0;
  }
  const count = data.length / 4;
  return { mean: sum / count, litShare: lit / count, fingerprint };
}

/** Client coordinates in this test's document of a point inside the frame's document. */
function toTestPage(x: number, y: number) {
  const r = frame.getBoundingClientRect();
  return { x: r.left + frame.clientLeft + x, y: r.top + frame.clientTop + y };
}

/** A point of a figure's image area, as fractions of its size, scrolled into view first. */
function imagePoint(figure: RcFigure, fx: number, fy: number) {
  const image = inFigure(figure, '.frame') as HTMLElement;
  const r = image.getBoundingClientRect();
  return toTestPage(r.left + r.width * fx, r.top + r.height * fy);
}

async function showInFrame(figure: RcFigure) {
  figure.scrollIntoView({ block: 'center' });
  await new Promise((resolve) => setTimeout(resolve, 150));
}

beforeAll(async () => {
  document.body.innerHTML = '';
  document.body.style.margin = '0';
  frame = document.createElement('iframe');
  frame.style.cssText = 'width: 1000px; height: 860px; border: 0; display: block;';
  const loaded = new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
  frame.src = LESSON;
  document.body.append(frame);
  await loaded;
  await waitFor(() => page().customElements.get('rc-figure') && figures().length === 4, 'the four figures defined', 30_000);
  await waitFor(() => figures().every((f) => f.status !== 'loading'), 'the four figures shown', 60_000);
  await Promise.all(figures().map((f) => f.marksReady));
}, 90_000);

afterAll(() => {
  document.body.innerHTML = '';
});

describe('figures embedded in a lesson page', () => {
  test('the lesson page shows Fig. 1–4 with real, different images and loads nothing else of the app', async () => {
    const all = figures();
    expect(all.map((f) => f.status)).toEqual(['shown', 'shown', 'shown', 'shown']);
    expect(all.map((f) => text(f, 'caption'))).toEqual([
      expect.stringContaining('Fig. 1'),
      expect.stringContaining('Fig. 2'),
      expect.stringContaining('Fig. 3'),
      expect.stringContaining('Fig. 4'),
    ]);
    expect(text(all[1], 'caption')).toContain('axial STIR');
    expect(text(all[1], 'image-index')).toBe('Image 22/32');
    for (const figure of all) expect(text(figure, 'synthetic')).toBe('Synthetic images');

    // The browser-gpu project's ?renderer=gpu reaches the figures: they draw through WebGL.
    if (server.config.name === 'browser-gpu') {
      for (const figure of all) expect((figure.controller!.viewport as unknown as { useCPURendering: boolean }).useCPURendering).toBe(false);
    }

    const summaries = all.map(summary);
    for (const s of summaries) expect(s.litShare).toBeGreaterThan(0.05);
    expect(new Set(summaries.map((s) => s.fingerprint)).size).toBe(4);

    // One script tag: no element of the app is defined, and no module of it was fetched.
    const registry = page().customElements;
    for (const tag of ['rc-app', 'rc-series-browser', 'rc-viewport', 'rc-case-panel', 'rc-toolbar', 'rc-annotation-panel']) expect(registry.get(tag)).toBeUndefined();
    const fetched = page().performance.getEntriesByType('resource').map((e) => e.name);
    expect(fetched.filter((url) => /\/src\/(components|app|teaching)\/|\/case\/story|rc-app|annotation-files/.test(url))).toEqual([]);
    const scripts = [...page().document.querySelectorAll('script')];
    // (The dev server adds its own client; the built page has only ours.)
    expect(scripts.map((s) => s.getAttribute('src')).filter((src) => src && !src.startsWith('/@vite/'))).toEqual(['/embed/rc-figure.js']);
  });

  test('the wheel over one figure scrolls its stack and changes its pixels, not the other figures’', async () => {
    const [fig1, fig2, fig3, fig4] = figures();
    await showInFrame(fig2);
    const before = figures().map(summary);
    const indexes = figures().map((f) => f.imagePosition.index);
    const index = fig2.imagePosition.index;
    await commands.pointerWheel(imagePoint(fig2, 0.5, 0.5), 100, { times: 3 });
    await waitFor(() => fig2.imagePosition.index !== index, 'another image in Fig. 2');
    expect(fig2.imagePosition.index).toBeGreaterThan(index);
    await waitFor(() => text(fig2, 'image-index') === `Image ${fig2.imagePosition.index}/32`, 'the overlay to follow');
    await waitFor(() => summary(fig2).fingerprint !== before[1].fingerprint, 'new pixels in Fig. 2');
    const others = [fig1, fig3, fig4];
    expect(others.map((f) => f.imagePosition.index)).toEqual([indexes[0], indexes[2], indexes[3]]);
    expect(others.map((f) => summary(f).fingerprint)).toEqual([before[0], before[2], before[3]].map((s) => s.fingerprint));

    // Keys scroll the figure that has the focus; a click gives it.
    await commands.pointerClick(imagePoint(fig2, 0.5, 0.05));
    await userEvent.keyboard('{Home}');
    await waitFor(() => fig2.imagePosition.index === 1, 'the first image after Home');
    await userEvent.keyboard('{ArrowDown}{ArrowDown}');
    await waitFor(() => fig2.imagePosition.index === 3, 'two images on');
    expect(others.map((f) => f.imagePosition.index)).toEqual([indexes[0], indexes[2], indexes[3]]);
  });

  test('a left drag on a figure changes its window and its displayed brightness', async () => {
    const fig4 = figures()[3];
    await showInFrame(fig4);
    const wl = text(fig4, 'window-level');
    const before = summary(fig4);
    // Rightward widens the window, downward raises the level: the image turns darker overall.
    // Cornerstone holds a press that follows a click within 400 ms as a possible double click (page-wide).
    await new Promise((resolve) => setTimeout(resolve, 500));
    await commands.pointerDrag(imagePoint(fig4, 0.5, 0.08), imagePoint(fig4, 0.75, 0.35), { steps: 10 });
    await waitFor(() => text(fig4, 'window-level') !== wl, 'a new window in the overlay');
    await waitFor(() => Math.abs(summary(fig4).mean - before.mean) > 3, 'another brightness');
    // Reset brings the opening window back.
    (inFigure(fig4, 'button.reset') as HTMLButtonElement).click();
    await waitFor(() => text(fig4, 'window-level') === wl, 'the opening window after reset');
  });

  test('the expert marks are drawn, and pointing at one, then clicking it, shows its finding and teaching note', async () => {
    const fig2 = figures()[1];
    await showInFrame(fig2);
    // To the slice of the figure's series with the most expert marks.
    const library = fig2.library!;
    const marksOn = (imageId: string) => {
      const uid = library.referenceOf(imageId)!.sopInstanceUID;
      return fig2.marks.all().filter((m) => m.image.sopInstanceUID === uid);
    };
    const ids = fig2.controller!.viewport.getImageIds();
    const best = ids.reduce((b, id, i) => (marksOn(id).length > marksOn(ids[b]!).length ? i : b), 0);
    (inFigure(fig2, '.frame') as HTMLElement).focus();
    await fig2.controller!.goTo(best);
    await waitFor(() => fig2.imagePosition.index === best + 1, `image ${best + 1}`);
    const onImage = marksOn(fig2.controller!.viewport.getCurrentImageId());
    expect(onImage.length).toBeGreaterThan(2);
    expect(text(fig2, 'note')).toContain('Point at or click');

    // A point on the outline of one mark (first vertex), through Cornerstone's own transforms.
    const mark = onImage.find((m) => m.kind === 'PlanarFreehandROI' && m.note?.en)!;
    const viewport = fig2.controller!.viewport;
    const imageData = viewport.getImageData()!.imageData;
    const [x, y] = mark.points[0];
    const indexToWorld = imageData.indexToWorld!.bind(imageData);
    const [cx, cy] = viewport.worldToCanvas(indexToWorld([x, y, 0]) as [number, number, number]);
    const canvasRect = (inFigure(fig2, '.canvas-host') as HTMLElement).getBoundingClientRect();
    const onOutline = toTestPage(canvasRect.left + cx, canvasRect.top + cy);
    const name = findingFor(mark.finding)!.name.en;

    await commands.pointerMove(onOutline);
    await waitFor(() => text(fig2, 'note').includes(name), `the note of ${mark.id} on hover`);
    expect(inFigure(fig2, '[data-testid="note"]')?.dataset.mark).toBe(mark.id);
    expect(text(fig2, 'note')).toContain(mark.note!.en.slice(0, 40));

    // Moving away forgets the hovered mark; a click on it keeps its note.
    await commands.pointerMove(imagePoint(fig2, 0.5, 0.04));
    await waitFor(() => text(fig2, 'note').includes('Point at or click'), 'the hint again');
    await commands.pointerClick(onOutline);
    await commands.pointerMove(imagePoint(fig2, 0.5, 0.04));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(inFigure(fig2, '[data-testid="note"]')?.dataset.mark).toBe(mark.id);
    expect(fig2.bridge?.selectedId()).toBe(mark.id);
  });

  test('a figure the case does not have, or a case that cannot be read, says so inside the element', async () => {
    const doc = page().document;
    const unknown = doc.createElement('rc-figure') as RcFigure;
    unknown.setAttribute('case', CASE);
    unknown.setAttribute('figure', 'fig-9');
    const missing = doc.createElement('rc-figure') as RcFigure;
    missing.setAttribute('case', '/studies/no-such-case/manifest.json');
    missing.setAttribute('figure', 'fig-1');
    const spanish = doc.createElement('rc-figure') as RcFigure;
    spanish.setAttribute('case', CASE);
    spanish.setAttribute('figure', 'fig-2');
    spanish.setAttribute('series', '7');
    spanish.setAttribute('lang', 'es');
    doc.body.append(unknown, missing, spanish);
    await waitFor(() => [unknown, missing, spanish].every((f) => f.status === 'error'), 'three error messages');

    expect(text(unknown, 'error')).toContain('no figure “fig-9”');
    expect(text(unknown, 'error')).toContain('fig-1, fig-2, fig-3, fig-4');
    expect(text(missing, 'error')).toContain('/studies/no-such-case/manifest.json');
    expect(text(missing, 'error')).toContain('could not be read');
    expect(text(spanish, 'error')).toContain('no tiene la serie número 7');
    expect(text(spanish, 'error')).toContain('2, 3, 4');
    for (const f of [unknown, missing, spanish]) expect(inFigure(f, '[role="alert"]')?.getBoundingClientRect().height).toBeGreaterThan(20);
    unknown.remove();
    missing.remove();
    spanish.remove();
  });
});
