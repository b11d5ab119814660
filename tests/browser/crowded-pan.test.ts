// An image carrying a crowd of marks is panned with its marks moving as one picture: during the
// drag the picture sits where the camera puts the marks, and after it the real marks are back there.
import { afterEach, describe, expect, test } from 'vitest';
import { commands } from 'vitest/browser';
import { syntheticDicom } from '../fixtures/synthetic-dicom';
import { chooseFiles, dicomFile, frames, mountApp, shadow, viewportOf, waitFor } from '../support/app';
import { clearSet } from '../../src/annotations/persistence';
import type { RcApp } from '../../src/components/rc-app';

afterEach(async () => {
  await (document.querySelector('rc-app') as RcApp | null)?.saved;
  document.body.innerHTML = '';
  await clearSet('local', 'user');
});

/** Where Cornerstone puts image pixel (x, y) on the page now. */
function clientOf(app: RcApp, [x, y]: [number, number]) {
  const viewport = viewportOf(app).controller!.viewport;
  const imageData = viewport.getImageData()?.imageData as unknown as { indexToWorld: (p: number[]) => number[] };
  const [cx, cy] = viewport.worldToCanvas(imageData.indexToWorld([x, y, 0]) as [number, number, number]);
  const rect = shadow(viewportOf(app)).querySelector('.canvas-host canvas')!.getBoundingClientRect();
  return { x: rect.left + cx, y: rect.top + cy };
}

describe('panning a crowded image', () => {
  test('60 marks travel as one picture during a middle-button pan and are drawn for real where it left them', async () => {
    const app = await mountApp();
    await chooseFiles(app, [dicomFile(syntheticDicom({ rows: 400, columns: 400, pixelSpacing: [0.5, 0.5] }), 'crowded.dcm')]);
    await viewportOf(app).annotationsReady;
    const imageId = viewportOf(app).controller!.viewport.getCurrentImageId();
    const image = app.library!.referenceOf(imageId)!;
    const now = new Date().toISOString();
    for (let i = 0; i < 60; i++) {
      const x = 20 + (i % 10) * 36;
      const y = 20 + Math.floor(i / 10) * 60;
      app.annotations.add({ id: `crowd-${i}`, kind: 'Length', image, points: [[x, y], [x + 20, y + 30]], finding: 'other', author: 'test', created: now, modified: now });
    }
    const svg = shadow(viewportOf(app)).querySelector('svg.svg-layer') as SVGElement;
    await waitFor(() => svg.querySelectorAll('line').length >= 60, 'the marks drawn');

    // Grab the image where no mark is (a press on a mark would move the mark, not the image).
    const start = clientOf(app, [390, 385]);
    await commands.pointerMove(start);
    await commands.pointerButton('down', { button: 'middle' });
    await commands.pointerMove({ x: start.x + 90, y: start.y + 40 }, { steps: 6 });
    await frames(3);
    const host = shadow(viewportOf(app)).querySelector('.canvas-host') as HTMLElement;
    const picture = await waitFor(() => host.querySelector('svg[data-mark-picture]') as SVGElement | null, 'the marks moved as a picture');
    // The picture's line for mark 0 starts where the camera now shows the mark's first point.
    const line = picture.querySelector('line') as SVGLineElement;
    const box = line.getBoundingClientRect();
    const first = clientOf(app, [20, 20]);
    expect(Math.abs(box.left - first.x)).toBeLessThan(2.5);
    expect(Math.abs(box.top - first.y)).toBeLessThan(2.5);
    await commands.pointerButton('up', { button: 'middle' });

    await waitFor(() => !host.querySelector('svg[data-mark-picture]'), 'the picture gone');
    const real = await waitFor(() => svg.querySelector('line') as SVGLineElement | null, 'the marks drawn again');
    const after = real.getBoundingClientRect();
    expect(Math.abs(after.left - first.x)).toBeLessThan(2.5);
    expect(Math.abs(after.top - first.y)).toBeLessThan(2.5);
    expect(svg.querySelectorAll('line').length).toBeGreaterThanOrEqual(60);
    expect(svg.style.visibility).toBe('');
  });
});
