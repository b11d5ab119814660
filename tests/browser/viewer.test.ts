// The viewer as a user meets it: open files, window, scroll, invert, zoom, read the overlay.
import { afterEach, describe, expect, test } from 'vitest';
import { commands, userEvent } from 'vitest/browser';
import { syntheticDicom } from '../fixtures/synthetic-dicom';
import { canvasPoint, chooseFiles, dicomFile, frames, mountApp, overlayText, pixelAt, shadow, viewportOf, waitFor } from '../support/app';

const AXIAL = [1, 0, 0, 0, 1, 0] as [number, number, number, number, number, number];

/** A 5-slice axial stack where slice k has value 100·(k+1) on its left half and 1000 on the right. */
function axialStack() {
  const study = '2.25.1001';
  const series = '2.25.1002';
  return [0, 1, 2, 3, 4].map((k) =>
    dicomFile(
      syntheticDicom({
        studyInstanceUID: study,
        seriesInstanceUID: series,
        sopInstanceUID: `2.25.1003${k}`,
        modality: 'MR',
        seriesDescription: 'Axial test stack',
        instanceNumber: 5 - k, // instance numbers disagree with position: position must win
        imagePositionPatient: [0, 0, -10 * k],
        imageOrientationPatient: AXIAL,
        pixel: (_r, c) => (c < 32 ? 100 * (k + 1) : 1000),
        windowCenter: 500,
        windowWidth: 1000,
      }),
      `slice-${k}.dcm`,
    ),
  );
}

afterEach(() => {
  document.body.innerHTML = '';
});

describe('viewer', () => {
  test('orders an axial stack by position and scrolls it with the wheel, the keys and the slider', async () => {
    const app = await mountApp();
    await chooseFiles(app, axialStack());
    await waitFor(() => overlayText(app, 'image-index') === 'Image 1/5', 'first image');
    await frames();
    // Slice 0 is the highest (z = 0): its left half is 100, a dark grey in W 1000 L 500.
    const first = pixelAt(app, 0.25, 0.5)[0];
    expect(first).toBeLessThan(40);

    const centre = canvasPoint(app, 0.5, 0.5);
    await commands.pointerWheel(centre, 100, { times: 2 });
    await waitFor(() => overlayText(app, 'image-index') === 'Image 3/5', 'wheel to image 3');
    await frames();
    const third = pixelAt(app, 0.25, 0.5)[0];
    expect(third).toBeGreaterThan(first + 30); // 300 is brighter than 100

    await userEvent.keyboard('{ArrowDown}');
    await waitFor(() => overlayText(app, 'image-index') === 'Image 4/5', 'arrow to image 4');
    await userEvent.keyboard('{Home}');
    await waitFor(() => overlayText(app, 'image-index') === 'Image 1/5', 'Home to image 1');
    await userEvent.keyboard('{End}');
    await waitFor(() => overlayText(app, 'image-index') === 'Image 5/5', 'End to image 5');
  });

  test('a window/level drag changes the displayed brightness and the W/L readout', async () => {
    const app = await mountApp();
    await chooseFiles(app, axialStack());
    await waitFor(() => overlayText(app, 'window-level') === 'W 1000 L 500', 'initial W/L');
    await frames();
    const before = pixelAt(app, 0.25, 0.5)[0];
    // Dragging down raises the level in Cornerstone's W/L tool: the same value shows darker.
    await commands.pointerDrag(canvasPoint(app, 0.5, 0.4), canvasPoint(app, 0.5, 0.7));
    await waitFor(() => overlayText(app, 'window-level') !== 'W 1000 L 500', 'W/L to change');
    await frames();
    const after = pixelAt(app, 0.25, 0.5)[0];
    // Dragging down raised the level: the same stored value now shows darker, by exactly what the
    // new window says (linear VOI: grey = (value − (L − W/2)) / W · 255).
    const [, width, level] = /W (\d+) L (\d+)/.exec(overlayText(app, 'window-level'))!.map(Number);
    expect(level).toBeGreaterThan(500);
    expect(after).toBeLessThan(before);
    const value = (before / 255) * 1000; // under W 1000 L 500, grey = value / 1000 · 255
    const expected = Math.min(255, Math.max(0, ((value - (level - width / 2)) / width) * 255));
    expect(Math.abs(after - expected)).toBeLessThanOrEqual(4);
  });

  test('invert turns the displayed grey values over', async () => {
    const app = await mountApp();
    await chooseFiles(app, axialStack());
    await waitFor(() => overlayText(app, 'image-index') === 'Image 1/5', 'image');
    await frames();
    const [before] = pixelAt(app, 0.75, 0.5);
    await userEvent.keyboard('i');
    await waitFor(() => overlayText(app, 'window-level').includes('inv'), 'invert');
    await frames();
    const [after] = pixelAt(app, 0.75, 0.5);
    expect(before).toBeGreaterThan(200);
    expect(after).toBeLessThan(55);
    expect(Math.abs(before + after - 255)).toBeLessThanOrEqual(2);
  });

  test('orientation markers follow rotation and flips on an axial image', async () => {
    const app = await mountApp();
    await chooseFiles(app, axialStack());
    await waitFor(() => overlayText(app, 'marker-left'), 'markers');
    const markers = () => ['top', 'right', 'bottom', 'left'].map((m) => overlayText(app, `marker-${m}`)).join(' ');
    expect(markers()).toBe('A L P R');
    await userEvent.keyboard('r');
    await waitFor(() => markers() === 'R A L P', 'markers after rotating right');
    await userEvent.keyboard('h');
    await waitFor(() => markers() === 'R P L A', 'markers after flipping horizontally');
  });

  test('zoom by Ctrl+wheel, 1:1 and fit change the zoom readout', async () => {
    const app = await mountApp();
    await chooseFiles(app, axialStack());
    await waitFor(() => overlayText(app, 'zoom'), 'zoom readout');
    await userEvent.keyboard('1');
    await waitFor(() => overlayText(app, 'zoom') === 'Zoom 100%', '1:1');
    await commands.pointerWheel(canvasPoint(app, 0.5, 0.5), -100, { modifiers: ['Control'], times: 3 });
    await waitFor(() => overlayText(app, 'zoom') !== 'Zoom 100%', 'ctrl+wheel zoom');
    await userEvent.keyboard('f');
    await waitFor(() => Number(/\d+/.exec(overlayText(app, 'zoom'))?.[0]) > 500, 'fit: a 64-pixel image fills the viewport');
  });

  test('the scale bar is calibrated from PixelSpacing and says so', async () => {
    const app = await mountApp();
    await chooseFiles(app, axialStack());
    await waitFor(() => overlayText(app, 'scale-label'), 'scale bar');
    const bar = (app.shadowRoot?.querySelector('rc-viewport')?.shadowRoot?.querySelector('[data-testid="scale-bar"]') as HTMLElement).getBoundingClientRect();
    const zoom = Number(/\d+/.exec(overlayText(app, 'zoom'))?.[0]) / 100; // screen px per image px
    const label = overlayText(app, 'scale-label');
    const mm = label.endsWith('cm') ? parseFloat(label) * 10 : parseFloat(label);
    // 0.5 mm pixels: the bar's length in screen pixels is mm / 0.5 image pixels × zoom (2 px border).
    expect(Math.abs(bar.width - (mm / 0.5) * zoom)).toBeLessThan(zoom + 4);
  });

  test('the stack slider jumps to the image under the pointer', async () => {
    const app = await mountApp();
    await chooseFiles(app, axialStack());
    await waitFor(() => overlayText(app, 'image-index') === 'Image 1/5', 'first image');
    const slider = shadow(viewportOf(app)).querySelector('.slider input') as HTMLInputElement;
    const r = slider.getBoundingClientRect();
    await commands.pointerClick({ x: r.left + r.width / 2, y: r.bottom - 3 });
    await waitFor(() => overlayText(app, 'image-index') === 'Image 5/5', 'slider to the last image');
  });

  test('cine plays the stack at the chosen rate and Space stops it', async () => {
    const app = await mountApp();
    await chooseFiles(app, axialStack());
    await waitFor(() => overlayText(app, 'image-index') === 'Image 1/5', 'first image');
    await userEvent.keyboard(' ');
    await waitFor(() => overlayText(app, 'image-index') !== 'Image 1/5', 'cine to advance');
    await userEvent.keyboard(' ');
    const stopped = overlayText(app, 'image-index');
    await new Promise((r) => setTimeout(r, 400)); // 10 frames/s would have moved 4 images
    expect(overlayText(app, 'image-index')).toBe(stopped);
  });

  test('files dropped on the window are read, grouped into series and listed by study', async () => {
    const app = await mountApp();
    const other = dicomFile(
      syntheticDicom({ studyInstanceUID: '2.25.1001', seriesInstanceUID: '2.25.2002', modality: 'CR', seriesDescription: 'AP pelvis', imagerPixelSpacing: [0.2, 0.2], pixelSpacing: null }),
      'pelvis.dcm',
    );
    const data = new DataTransfer();
    for (const f of [...axialStack(), other]) data.items.add(f);
    window.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
    const browser = shadow(app).querySelector('rc-series-browser') as HTMLElement;
    await waitFor(() => shadow(browser).querySelectorAll('button[data-series]').length === 2, 'two series listed');
    const text = (shadow(browser).textContent ?? '').replace(/\s+/g, ' ');
    expect(text).toContain('Axial test stack');
    expect(text).toContain('5 images');
    expect(text).toContain('AP pelvis');
    expect(text).toContain('2026-03-01');
    // Choosing the radiograph shows it, calibrated from ImagerPixelSpacing and saying so.
    (shadow(browser).querySelector('button[data-series="2.25.2002"]') as HTMLButtonElement).click();
    await waitFor(() => overlayText(app, 'image-index') === 'Image 1/1', 'the radiograph');
    await waitFor(() => (shadow(viewportOf(app)).querySelector('[data-corner="bottom-right"]')?.textContent ?? '').includes('ImagerPixelSpacing'), 'spacing source');
  });
});
