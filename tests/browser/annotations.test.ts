// Drawing, labelling, measuring and undoing annotations with real pointer and keyboard events.
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { commands, userEvent } from 'vitest/browser';
import { syntheticDicom } from '../fixtures/synthetic-dicom';
import { chooseFiles, dicomFile, mountApp, shadow, viewportCanvas, viewportOf, waitFor } from '../support/app';
import type { RcApp } from '../../src/components/rc-app';
import { clearSet } from '../../src/annotations/persistence';
import { srFilesFor } from '../../src/app/annotation-files';
import { problemMessages } from '../support/app';

beforeEach(async () => {
  // Files opened without a case keep their annotations under the case id "local".
  await clearSet('local', 'user');
});

const ROWS = 200;
const COLUMNS = 240;
const SPACING = 0.7; // mm, rows and columns

afterEach(async () => {
  // Let the last autosave finish, so it cannot land in the next test's session.
  await (document.querySelector('rc-app') as RcApp | null)?.saved;
  document.body.innerHTML = '';
  await clearSet('local', 'user');
});

/** Client coordinates of the centre of image pixel (column x, row y), through Cornerstone's own transforms. */
function clientPointOf(app: RcApp, [x, y]: [number, number]) {
  const viewport = (viewportOf(app).controller as NonNullable<ReturnType<typeof viewportOf>['controller']>).viewport;
  const imageData = viewport.getImageData()?.imageData as unknown as { indexToWorld: (p: number[]) => number[] };
  const [cx, cy] = viewport.worldToCanvas(imageData.indexToWorld([x, y, 0]) as [number, number, number]);
  const rect = viewportCanvas(app).getBoundingClientRect();
  return { x: rect.left + cx, y: rect.top + cy };
}

/** A bright square on a dark field: 100 inside, 20 outside (new UIDs each time). */
const squareImage = () =>
  syntheticDicom({ rows: ROWS, columns: COLUMNS, pixelSpacing: [SPACING, SPACING], pixel: (r, c) => (r >= 50 && r < 150 && c >= 60 && c < 180 ? 100 : 20) });

async function openFixture(app: RcApp, bytes = squareImage()) {
  await chooseFiles(app, [dicomFile(bytes, 'square.dcm')]);
  await viewportOf(app).annotationsReady;
}

const dialog = (app: RcApp) => shadow(app).querySelector('rc-finding-dialog') as HTMLElement;
const dialogOpen = (app: RcApp) => dialog(app).hasAttribute('open');
const panelText = (app: RcApp) => (shadow(shadow(app).querySelector('rc-annotation-panel') as Element).textContent ?? '').replace(/\s+/g, ' ');

function meanAndSd(values: number[]) {
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  const sd = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length);
  return { mean, sd };
}

async function chooseFinding(app: RcApp, search: string) {
  await waitFor(() => dialogOpen(app), 'the finding dialog');
  await userEvent.keyboard(search);
  await userEvent.keyboard('{Enter}');
  await waitFor(() => !dialogOpen(app), 'the dialog to close');
}

describe('annotations', () => {
  test('a Length drawn across a known distance measures it in mm within 1%, labelled through the dialog', async () => {
    const app = await mountApp();
    await openFixture(app);
    await userEvent.keyboard('d');
    const from: [number, number] = [60, 100];
    const to: [number, number] = [180, 100];
    await commands.pointerDrag(clientPointOf(app, from), clientPointOf(app, to), { steps: 12 });
    await chooseFinding(app, 'edema');

    const [mark] = app.annotations.all();
    expect(mark.kind).toBe('Length');
    expect(mark.finding).toBe('perilesional-edema');
    const [[x1, y1], [x2, y2]] = mark.points;
    const mm = Math.hypot((x2 - x1) * SPACING, (y2 - y1) * SPACING);
    const truth = 120 * SPACING;
    expect(Math.abs(mm - truth) / truth).toBeLessThan(0.01);
    // What the panel shows is Cornerstone's own measurement, in mm.
    const shown = await waitFor(() => /([\d.]+) mm/.exec(panelText(app)), 'a length in the panel');
    expect(Math.abs(Number(shown[1]) - truth) / truth).toBeLessThan(0.01);
    expect(panelText(app)).toContain('Perilesional edema');
  });

  test('an ROI reports the mean, minimum and maximum of the pixels inside it', async () => {
    const app = await mountApp();
    await openFixture(app);
    await userEvent.keyboard('t');
    // Half inside the bright square, half outside, along columns 40–80 of rows 70–130.
    await commands.pointerDrag(clientPointOf(app, [40, 70]), clientPointOf(app, [80, 130]), { steps: 10 });
    await chooseFinding(app, 'other');
    const [mark] = app.annotations.all();
    const [[xa, ya], [xb, yb]] = mark.points;
    // Expected statistics from the pixels whose centres lie inside the drawn rectangle.
    const values: number[] = [];
    for (let r = Math.ceil(Math.min(ya, yb)); r <= Math.floor(Math.max(ya, yb)); r++)
      for (let c = Math.ceil(Math.min(xa, xb)); c <= Math.floor(Math.max(xa, xb)); c++) values.push(r >= 50 && r < 150 && c >= 60 && c < 180 ? 100 : 20);
    const { mean, sd } = meanAndSd(values);
    const stats = await waitFor(() => /mean ([\d.]+) ± ([\d.]+) · (\d+)…(\d+)/.exec(panelText(app)), 'ROI stats in the panel');
    expect(Number(stats[3])).toBe(20);
    expect(Number(stats[4])).toBe(100);
    // Cornerstone counts the pixels on the rectangle's edge its own way: within a column of pixels.
    expect(Math.abs(Number(stats[1]) - mean)).toBeLessThan(2);
    expect(Math.abs(Number(stats[2]) - sd)).toBeLessThan(2);
  });

  test('an ellipse ROI reports the mean and SD of the pixels whose centres lie inside it', async () => {
    const app = await mountApp();
    await openFixture(app);
    await userEvent.keyboard('e');
    // Across the square's left edge (column 60), well inside the image.
    await commands.pointerDrag(clientPointOf(app, [70, 100]), clientPointOf(app, [100, 130]), { steps: 10 });
    await chooseFinding(app, 'other');
    const [mark] = app.annotations.all();
    expect(mark.kind).toBe('EllipticalROI');
    const [top, bottom, left, right] = mark.points;
    const [cx, cy] = [(left[0] + right[0]) / 2, (top[1] + bottom[1]) / 2];
    const [rx, ry] = [Math.abs(right[0] - left[0]) / 2, Math.abs(bottom[1] - top[1]) / 2];
    const values: number[] = [];
    for (let r = 0; r < ROWS; r++)
      for (let c = 0; c < COLUMNS; c++) if (((c - cx) / rx) ** 2 + ((r - cy) / ry) ** 2 <= 1) values.push(r >= 50 && r < 150 && c >= 60 && c < 180 ? 100 : 20);
    const { mean, sd } = meanAndSd(values);
    // It straddles the square's edge: both values inside, so the mean and SD say something.
    expect(mean).toBeGreaterThan(25);
    expect(mean).toBeLessThan(95);
    const stats = await waitFor(() => /mean ([\d.]+) ± ([\d.]+) · (\d+)…(\d+)/.exec(panelText(app)), 'ellipse stats in the panel');
    expect(Math.abs(Number(stats[1]) - mean)).toBeLessThan(2);
    expect(Math.abs(Number(stats[2]) - sd)).toBeLessThan(2);
    expect([Number(stats[3]), Number(stats[4])]).toEqual([20, 100]);
    // Its area in mm² from the ellipse's own axes.
    const area = await waitFor(() => /([\d.]+) mm²/.exec(panelText(app)), 'the area');
    expect(Math.abs(Number(area[1]) - Math.PI * rx * ry * SPACING * SPACING) / (Math.PI * rx * ry * SPACING * SPACING)).toBeLessThan(0.02);
  });

  test('create, relabel and delete are one undo step each; redo replays them', async () => {
    const app = await mountApp();
    await openFixture(app);
    await userEvent.keyboard('d');
    await commands.pointerDrag(clientPointOf(app, [70, 60]), clientPointOf(app, [150, 60]));
    await chooseFinding(app, 'glut');
    expect(app.annotations.all().map((a) => a.finding)).toEqual(['gluteus-medius-involvement']);

    // Relabel through the panel's button and the dialog.
    const panel = shadow(shadow(app).querySelector('rc-annotation-panel') as Element);
    await userEvent.click(panel.querySelector('button[aria-label="Relabel"]') as HTMLElement);
    await waitFor(() => dialogOpen(app), 'the dialog');
    await userEvent.keyboard('quadratus{Enter}');
    await waitFor(() => app.annotations.all()[0]?.finding === 'quadratus-femoris-involvement', 'the new label');

    // Delete through the panel.
    await userEvent.click(panel.querySelector('button[aria-label="Delete"]') as HTMLElement);
    expect(app.annotations.size).toBe(0);

    await userEvent.keyboard('{Control>}z{/Control}');
    expect(app.annotations.all()[0]?.finding).toBe('quadratus-femoris-involvement');
    await userEvent.keyboard('{Control>}z{/Control}');
    expect(app.annotations.all()[0]?.finding).toBe('gluteus-medius-involvement');
    await userEvent.keyboard('{Control>}z{/Control}');
    expect(app.annotations.size).toBe(0);
    await userEvent.keyboard('{Control>}{Shift>}z{/Shift}{/Control}');
    expect(app.annotations.size).toBe(1);
    await userEvent.keyboard('{Control>}{Shift>}z{/Shift}{/Control}');
    expect(app.annotations.all()[0]?.finding).toBe('quadratus-femoris-involvement');
  });

  test('cancelling the dialog discards the new mark', async () => {
    const app = await mountApp();
    await openFixture(app);
    await userEvent.keyboard('d');
    await commands.pointerDrag(clientPointOf(app, [70, 60]), clientPointOf(app, [150, 60]));
    await waitFor(() => dialogOpen(app), 'the dialog');
    await userEvent.keyboard('{Escape}');
    await waitFor(() => !dialogOpen(app), 'the dialog to close');
    expect(app.annotations.size).toBe(0);
  });

  test('a reload finds the annotations restored from the browser', async () => {
    const bytes = squareImage();
    let app = await mountApp();
    await openFixture(app, bytes);
    await userEvent.keyboard('d');
    await commands.pointerDrag(clientPointOf(app, [70, 60]), clientPointOf(app, [150, 60]));
    await chooseFinding(app, 'edema');
    await app.saved;
    const before = app.annotations.all();

    document.body.innerHTML = '';
    app = await mountApp();
    expect(app.annotations.all()).toEqual(before);
    // And it is drawn again once its image is open.
    await openFixture(app, bytes);
    await waitFor(() => /[\d.]+ mm/.test(panelText(app)), 'the restored length measured in the panel');
  });

  test('an annotation file that fails the schema is reported, and the annotations on screen stay', async () => {
    const app = await mountApp();
    await openFixture(app);
    await userEvent.keyboard('d');
    await commands.pointerDrag(clientPointOf(app, [70, 60]), clientPointOf(app, [150, 60]));
    await chooseFinding(app, 'edema');
    const before = app.annotations.all();

    const bad = { ...app.annotations.toSet(), annotations: [{ ...before[0], id: 'broken', points: [[1, 2]], finding: 'no-such-finding' }] };
    const input = shadow(app).querySelector('#annotation-input') as HTMLInputElement;
    await userEvent.upload(input, new File([JSON.stringify(bad)], 'broken.json', { type: 'application/json' }));
    const message = await waitFor(() => problemMessages(app).find((m) => m.startsWith('broken.json')), 'the import problem');
    expect(message).toMatch(/Length needs 2 points, has 1/);
    expect(message).toMatch(/no-such-finding/);
    expect(app.annotations.all()).toEqual(before);
  });

  test('marks exported as DICOM SR and imported again keep their geometry, finding and note', async () => {
    const app = await mountApp();
    await openFixture(app);
    await userEvent.keyboard('d');
    await commands.pointerDrag(clientPointOf(app, [70, 60]), clientPointOf(app, [150, 90]));
    await chooseFinding(app, 'edema');
    await userEvent.keyboard('e');
    await commands.pointerDrag(clientPointOf(app, [90, 80]), clientPointOf(app, [140, 120]));
    await chooseFinding(app, 'quadratus');
    const [first] = app.annotations.all();
    app.annotations.update(first.id, { note: { en: 'Measure along the long axis.', es: 'Mida a lo largo del eje mayor.' } });
    const before = app.annotations.all();

    const files = await srFilesFor(app.library!, app.annotations.toSet());
    expect(files).toHaveLength(1);
    for (const a of before) app.annotations.remove(a.id);
    expect(app.annotations.size).toBe(0);

    const input = shadow(app).querySelector('#annotation-input') as HTMLInputElement;
    await userEvent.upload(input, new File([files[0].blob], files[0].name, { type: 'application/dicom' }));
    await waitFor(() => app.annotations.size === 2, 'the imported marks');
    expect(problemMessages(app)).toEqual([]);
    for (const original of before) {
      const back = app.annotations.get(original.id);
      expect(back?.kind).toBe(original.kind);
      expect(back?.finding).toBe(original.finding);
      expect(back?.note).toEqual(original.note);
      back?.points.forEach(([x, y], i) => {
        expect(Math.abs(x - original.points[i][0])).toBeLessThan(0.01);
        expect(Math.abs(y - original.points[i][1])).toBeLessThan(0.01);
      });
    }
  });

  test('dragging a handle is one undo step', async () => {
    const app = await mountApp();
    await openFixture(app);
    await userEvent.keyboard('d');
    await commands.pointerDrag(clientPointOf(app, [70, 60]), clientPointOf(app, [150, 60]));
    await chooseFinding(app, 'edema');
    const [created] = app.annotations.all();
    // Grab the end handle and move it 40 pixels down.
    await commands.pointerDrag(clientPointOf(app, created.points[1]), clientPointOf(app, [created.points[1][0], created.points[1][1] + 40]), { steps: 10 });
    const moved = await waitFor(() => {
      const a = app.annotations.get(created.id);
      return a && Math.abs(a.points[1][1] - created.points[1][1] - 40) < 1.5 ? a : null;
    }, 'the end point to move');
    expect(app.annotations.size).toBe(1);
    expect(moved.points[0][0]).toBeCloseTo(created.points[0][0], 1);
    await userEvent.keyboard('{Control>}z{/Control}');
    expect(app.annotations.get(created.id)?.points).toEqual(created.points);
    await userEvent.keyboard('{Control>}{Shift>}z{/Shift}{/Control}');
    expect(app.annotations.get(created.id)?.points).toEqual(moved.points);
  });

  test("the expert's measurements are labelled on the image, its outlines' statistics only on hover", async () => {
    const app = await mountApp('/studies/tumoral-calcinosis/manifest.json');
    await viewportOf(app).annotationsReady;
    await waitFor(() => app.expert.size > 0, 'the expert set', 60_000);
    const shown = app.library?.referenceOf(viewportOf(app).controller!.viewport.getCurrentImageId())?.sopInstanceUID;
    const lengths = app.expert.all().filter((a) => a.kind === 'Length' && a.image.sopInstanceUID === shown);
    expect(lengths.length, 'Length marks on the image the case opens on').toBeGreaterThan(0);
    expect(app.expert.all().some((a) => a.kind === 'PlanarFreehandROI' && a.image.sopInstanceUID === shown)).toBe(true);
    const svg = shadow(viewportOf(app)).querySelector('svg.svg-layer') as SVGElement;
    const svgText = () => (svg.textContent ?? '').replace(/\s+/g, ' ');
    for (const mark of lengths) {
      await waitFor(() => new RegExp(`${mark.label}\\s*[\\d.]+ mm`).test(svgText()), `the text of "${mark.label}"`);
    }
    // The outlines' area and pixel statistics stay off the image until one is hovered.
    expect(svgText()).not.toMatch(/Area|Mean/);
  });

  test('choosing an expert mark in the panel opens its series and slice and selects it', async () => {
    const app = await mountApp('/studies/tumoral-calcinosis/manifest.json');
    await viewportOf(app).annotationsReady;
    await waitFor(() => app.expert.size > 0, 'the expert set', 60_000);
    // A mark on the pelvic MR, away from the image the case opens on.
    const target = app.expert.all().find((a) => a.finding === 'sciatic-nerve-encasement' && a.kind === 'PlanarFreehandROI');
    expect(target).toBeTruthy();
    await userEvent.click(shadow(app).querySelector('#tab-annotations') as HTMLElement);
    const panel = shadow(shadow(app).querySelector('rc-annotation-panel') as Element);
    const item = await waitFor(() => panel.querySelector(`li[data-annotation="${target!.id}"]`) as HTMLElement | null, 'the mark in the panel');
    await userEvent.click(item);
    const viewport = viewportOf(app);
    await waitFor(() => {
      const imageId = viewport.controller?.viewport.getCurrentImageId();
      return imageId && app.library?.referenceOf(imageId)?.sopInstanceUID === target!.image.sopInstanceUID;
    }, 'the marked slice on screen', 40_000);
    expect(app.library?.referenceOf(viewport.controller!.viewport.getCurrentImageId())?.seriesInstanceUID).toBe(target!.image.seriesInstanceUID);
    await waitFor(() => item.getAttribute('aria-current') === 'true', 'the mark selected in the panel');
  });
});
