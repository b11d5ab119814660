// Accessibility: axe-core, run on the real app in each mode, finds no serious or critical
// violation; every control can be reached and worked with the keyboard.
import { afterEach, describe, expect, test } from 'vitest';
import { userEvent } from 'vitest/browser';
import type { AxeResults, RunOptions } from 'axe-core';
// axe's own build, injected as a script the way browser extensions do (its CommonJS bundle trips
// Vite's CommonJS rewriting).
import axeSource from 'axe-core/axe.min.js?raw';
import { mountApp, settledCanvas, shadow, viewportOf, waitFor } from '../support/app';
import type { RcApp } from '../../src/components/rc-app';

const CASE = '/studies/tumoral-calcinosis/manifest.json';

afterEach(() => {
  document.body.innerHTML = '';
});

type Axe = { run(context: Document, options: RunOptions): Promise<AxeResults> };

function loadAxe(): Axe {
  const w = window as unknown as { axe?: Axe };
  if (!w.axe) {
    const script = document.createElement('script');
    script.textContent = axeSource;
    document.head.append(script);
  }
  return w.axe as Axe;
}

async function seriousViolations() {
  const result = await loadAxe().run(document, { resultTypes: ['violations'] });
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
}

async function openCase(): Promise<RcApp> {
  const app = await mountApp(CASE);
  await viewportOf(app).annotationsReady;
  await waitFor(() => app.expert.size > 0, 'the expert set', 60_000);
  await settledCanvas(app);
  return app;
}

describe('accessibility', () => {
  test('axe finds no serious or critical violation in explore, quiz and author mode, nor with the help open', async () => {
    const app = await openCase();
    expect(await seriousViolations()).toEqual([]);
    for (const mode of ['quiz', 'author'] as const) {
      await app.setMode(mode);
      await app.updateComplete;
      expect(await seriousViolations(), mode).toEqual([]);
    }
    await userEvent.keyboard('?');
    await waitFor(() => shadow(app).querySelector('rc-help'), 'the help overlay');
    expect(await seriousViolations(), 'help').toEqual([]);
  });

  test('the mode switch and the quiz are worked from the keyboard alone', async () => {
    const app = await openCase();
    const quizButton = shadow(app).querySelector('.modes button[data-mode="quiz"]') as HTMLButtonElement;
    quizButton.focus();
    await userEvent.keyboard('{Enter}');
    await waitFor(() => app.mode === 'quiz', 'quiz mode');
    const reveal = await waitFor(() => shadow(shadow(app).querySelector('rc-quiz-panel') as Element).querySelector('button[data-action="reveal"]') as HTMLButtonElement | null, 'the reveal button');
    reveal.focus();
    await userEvent.keyboard('{Enter}');
    await waitFor(() => app.quizScore, 'the quiz scored');
    expect(app.quizScore?.totals.found).toBe(0);
  });
});
