// Browser-test helpers: mount the real app, feed it files the way a user does, read back pixels.
import { userEvent } from 'vitest/browser';
import '../../src/components/rc-app';
import type { RcApp } from '../../src/components/rc-app';
import type { RcViewport } from '../../src/components/rc-viewport';

export async function mountApp(caseUrl = ''): Promise<RcApp> {
  document.body.innerHTML = '';
  document.body.style.margin = '0';
  const app = document.createElement('rc-app');
  app.caseUrl = caseUrl;
  app.style.height = '800px';
  app.style.width = '1300px';
  app.style.display = 'grid';
  document.body.append(app);
  await app.updateComplete;
  await app.ready;
  await app.updateComplete;
  return app;
}

export const shadow = (el: Element) => el.shadowRoot as ShadowRoot;
export const viewportOf = (app: RcApp) => shadow(app).querySelector('rc-viewport') as RcViewport;

export async function waitFor<T>(probe: () => T | undefined | null | false, what: string, timeoutMs = 20_000): Promise<T> {
  const start = performance.now();
  for (;;) {
    const value = probe();
    if (value) return value;
    if (performance.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what} (last: ${JSON.stringify(value)})`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Chooses files through the app's own file input, as the "Open files" button does, and waits until the viewport's tools are live. */
export async function chooseFiles(app: RcApp, files: File[], options: { waitForTools?: boolean } = {}) {
  const input = shadow(app).querySelector('#file-input') as HTMLInputElement;
  await userEvent.upload(input, files);
  if (options.waitForTools ?? true) await viewportOf(app).toolsReady;
}

export const dicomFile = (bytes: Uint8Array, name: string) => new File([bytes as BlobPart], name, { type: 'application/dicom' });

/** The canvas Cornerstone draws the image on. */
export function viewportCanvas(app: RcApp): HTMLCanvasElement {
  return waitForSync(() => shadow(viewportOf(app)).querySelector('.canvas-host canvas') as HTMLCanvasElement | null, 'viewport canvas');
}

function waitForSync<T>(probe: () => T | null, what: string): T {
  const v = probe();
  if (!v) throw new Error(`no ${what}`);
  return v;
}

/** RGBA of the displayed image at a point given as fractions of the canvas size. */
export function pixelAt(app: RcApp, fx: number, fy: number): [number, number, number, number] {
  const canvas = viewportCanvas(app);
  const copy = document.createElement('canvas');
  copy.width = canvas.width;
  copy.height = canvas.height;
  const ctx = copy.getContext('2d') as CanvasRenderingContext2D;
  ctx.drawImage(canvas, 0, 0);
  const d = ctx.getImageData(Math.floor(canvas.width * fx), Math.floor(canvas.height * fy), 1, 1).data;
  return [d[0], d[1], d[2], d[3]];
}

/** Client coordinates of a point given as fractions of the viewport canvas. */
export function canvasPoint(app: RcApp, fx: number, fy: number) {
  const r = viewportCanvas(app).getBoundingClientRect();
  return { x: r.left + r.width * fx, y: r.top + r.height * fy };
}

export const overlayText = (app: RcApp, testId: string) =>
  (shadow(viewportOf(app)).querySelector(`[data-testid="${testId}"]`)?.textContent ?? '').trim();

export const problemsText = (app: RcApp) => (shadow(shadow(app).querySelector('rc-problems') as Element).textContent ?? '').replace(/\s+/g, ' ');

/** Resolves after the next two animation frames: Cornerstone renders on rAF. */
export const frames = (n = 2) =>
  new Promise<void>((resolve) => {
    const step = (left: number) => (left === 0 ? resolve() : requestAnimationFrame(() => step(left - 1)));
    step(n);
  });

/** The decoded image on screen, once the viewport shows one whose file ingest knows. */
export async function shownImage(app: RcApp, what = 'an image on screen') {
  return waitFor(() => {
    const controller = viewportOf(app).controller;
    const image = controller?.currentImage();
    const imageId = controller?.viewport.getCurrentImageId();
    const info = imageId ? app.library?.infoFor(imageId) : undefined;
    return image && info ? { image, info, imageId: imageId as string } : null;
  }, what);
}

/**
 * RGBA shown at the centres of image pixels given as [row, column], read back from the canvas.
 * Image coordinates go through Cornerstone's own index→world→canvas transforms, so zoom, pan and
 * the fitted size do not matter.
 */
export function displayedAt(app: RcApp, points: [row: number, column: number][]): [number, number, number, number][] {
  const viewport = (viewportOf(app).controller as NonNullable<RcViewport['controller']>).viewport;
  const imageData = viewport.getImageData()?.imageData;
  const indexToWorld = imageData?.indexToWorld?.bind(imageData);
  if (!indexToWorld) throw new Error('no image data in the viewport');
  const canvas = viewportCanvas(app);
  const copy = document.createElement('canvas');
  copy.width = canvas.width;
  copy.height = canvas.height;
  const ctx = copy.getContext('2d', { willReadFrequently: true }) as CanvasRenderingContext2D;
  ctx.drawImage(canvas, 0, 0);
  const all = ctx.getImageData(0, 0, copy.width, copy.height).data;
  const scale = canvas.width / canvas.getBoundingClientRect().width;
  return points.map(([row, column]) => {
    const world = indexToWorld([column, row, 0]) as [number, number, number];
    const [x, y] = viewport.worldToCanvas(world);
    const px = Math.min(copy.width - 1, Math.max(0, Math.round(x * scale)));
    const py = Math.min(copy.height - 1, Math.max(0, Math.round(y * scale)));
    const i = (py * copy.width + px) * 4;
    return [all[i], all[i + 1], all[i + 2], all[i + 3]];
  });
}

/** The messages in the problems panel, each as "subject: reason", when the panel is visible. */
export function problemMessages(app: RcApp): string[] {
  const panel = shadow(shadow(app).querySelector('rc-problems') as Element);
  return [...panel.querySelectorAll('li')]
    .filter((li) => li.checkVisibility({ opacityProperty: true, visibilityProperty: true }) && li.getBoundingClientRect().height > 0)
    .map((li) => (li.querySelector('span')?.textContent ?? '').replace(/\s+/g, ' ').trim());
}

/**
 * Waits until the viewport has stopped changing size and shows an image. The layout can settle
 * after the first image (the toolbar gains the image's window presets); a resized canvas is blank
 * until Cornerstone draws it again on the next frame.
 */
export async function settledCanvas(app: RcApp) {
  let last = '';
  let same = 0;
  await waitFor(() => {
    const canvas = viewportCanvas(app);
    const size = `${canvas.width}x${canvas.height}`;
    same = size === last ? same + 1 : 0;
    last = size;
    const ctx = document.createElement('canvas').getContext('2d') as CanvasRenderingContext2D;
    ctx.canvas.width = canvas.width;
    ctx.canvas.height = canvas.height;
    ctx.drawImage(canvas, 0, 0);
    const alpha = ctx.getImageData(canvas.width >> 1, canvas.height >> 1, 1, 1).data[3];
    return same >= 3 && alpha === 255;
  }, 'the viewport to settle and show an image');
  await frames(2);
}
