// The case story: its finding links open the expert's mark; the language switch changes the whole interface.
import { afterEach, describe, expect, test } from 'vitest';
import { commands, userEvent } from 'vitest/browser';
import { frames, mountApp, shadow, viewportOf, waitFor } from '../support/app';

const CASE = '/studies/tumoral-calcinosis/manifest.json';

afterEach(() => {
  document.body.innerHTML = '';
});

describe('case story', () => {
  test('a finding named in the story opens the slice of its expert mark and selects it', async () => {
    const app = await mountApp(CASE);
    await viewportOf(app).annotationsReady;
    await waitFor(() => app.expert.size > 0, 'the expert set', 60_000);
    const story = shadow(shadow(app).querySelector('rc-case-panel') as Element);
    const link = await waitFor(() => story.querySelector('a[data-finding="quadratus-femoris-involvement"]') as HTMLElement | null, 'the linked phrase');
    const expected = app.expert.all().find((a) => a.finding === 'quadratus-femoris-involvement');
    expect(expected).toBeTruthy();

    await userEvent.click(link);
    const viewport = viewportOf(app);
    await waitFor(() => {
      const imageId = viewport.controller?.viewport.getCurrentImageId();
      return imageId && app.library?.referenceOf(imageId)?.sopInstanceUID === expected!.image.sopInstanceUID;
    }, 'the slice of the expert mark', 40_000);
    // The mark is selected, and the story highlights every phrase of its finding.
    await waitFor(() => viewport.bridgeFor(app.expert)?.selectedId() === expected!.id, 'the expert mark selected');
    await waitFor(() => link.hasAttribute('data-active'), 'the phrase highlighted');
  });

  test('switching to Spanish changes the story, the toolbar and the panels', async () => {
    const app = await mountApp(CASE);
    const root = shadow(app);
    const story = shadow(root.querySelector('rc-case-panel') as Element);
    await waitFor(() => story.textContent?.includes('Presentation'), 'the English story');
    const select = root.querySelector('select.language') as HTMLSelectElement;
    await userEvent.selectOptions(select, 'es');
    await waitFor(() => story.textContent?.includes('Presentación'), 'the Spanish story');
    expect(shadow(root.querySelector('rc-toolbar') as Element).textContent).toContain('Invertir');
    expect(root.querySelector('#tab-annotations')?.textContent).toContain('Anotaciones');
    expect(root.querySelector('[data-testid="case-title"]')?.textContent).toContain('Calcinosis tumoral');
    await userEvent.selectOptions(select, 'en');
    await waitFor(() => story.textContent?.includes('Presentation'), 'English again');
  });

  test('switching the language keeps the zoom and pan the user chose', async () => {
    const app = await mountApp(CASE);
    const viewport = viewportOf(app);
    await viewport.toolsReady;
    await userEvent.keyboard('++');
    const canvas = shadow(viewport).querySelector('.canvas-host canvas') as HTMLCanvasElement;
    const r = canvas.getBoundingClientRect();
    await commands.pointerDrag({ x: r.left + r.width / 2, y: r.top + r.height / 2 }, { x: r.left + r.width / 2 + 80, y: r.top + r.height / 2 + 40 }, { button: 'middle' });
    const camera = () => viewport.controller!.viewport.getCamera();
    const before = camera();
    const select = shadow(app).querySelector('select.language') as HTMLSelectElement;
    await userEvent.selectOptions(select, 'es');
    await waitFor(() => shadow(shadow(app).querySelector('rc-toolbar') as Element).textContent?.includes('Invertir'), 'Spanish');
    await frames(4);
    await userEvent.selectOptions(select, 'en');
    await frames(4);
    const after = camera();
    expect(after.parallelScale).toBeCloseTo(before.parallelScale as number, 3);
    (after.focalPoint as number[]).forEach((v, i) => expect(v).toBeCloseTo((before.focalPoint as number[])[i], 1));
  });

  test('the bone scan shows its anterior and posterior views as two images', async () => {
    const app = await mountApp(CASE);
    const browser = shadow(shadow(app).querySelector('rc-series-browser') as Element);
    const nm = await waitFor(() => [...browser.querySelectorAll('button')].find((b) => b.textContent?.includes('NM')) as HTMLElement | undefined, 'the bone scan in the series browser');
    await userEvent.click(nm);
    const viewport = viewportOf(app);
    await waitFor(() => viewport.controller?.imageCount() === 2, 'two frames in the stack', 40_000);
    await userEvent.keyboard('{ArrowDown}');
    await waitFor(() => viewport.controller?.imageIndex() === 1, 'the posterior view');
  });

  test('reset brings a radiograph back to its opening window, unrotated', async () => {
    const app = await mountApp(CASE);
    const viewport = viewportOf(app);
    await viewport.toolsReady;
    const opening = viewport.controller!.viewport.getProperties().voiRange!;
    await userEvent.keyboard('irh4');
    await waitFor(() => viewport.controller!.viewport.getProperties().voiRange!.upper !== opening.upper, 'another window');
    await userEvent.keyboard('{Escape}');
    await waitFor(() => {
      const props = viewport.controller!.viewport.getProperties();
      const presentation = viewport.controller!.viewport.getViewPresentation();
      return Math.abs(props.voiRange!.upper - opening.upper) < 1e-6 && (presentation.rotation ?? 0) === 0 && !presentation.flipHorizontal;
    }, 'the opening view');
  });
});
