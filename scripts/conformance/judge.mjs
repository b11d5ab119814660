// Judges what the viewer showed for one conformance file against its manifest entry. Pure: no browser.

/** The reference points to check: [{ frame, row, column, expected, tolerance, kind }]. */
export function referencePoints(entry) {
  const ref = entry.reference_samples;
  if (ref?.samples?.length) {
    const palette = /palette/i.test(ref.semantics ?? '') || entry.photometric === 'PALETTE COLOR';
    return ref.samples.flatMap((s) =>
      s.points.map(([row, column, expected]) => ({
        frame: s.frame ?? 0,
        row,
        column,
        expected,
        tolerance: ref.tolerance ?? 0,
        kind: palette ? 'palette-index' : Array.isArray(expected) ? 'rgb' : 'stored',
      })),
    );
  }
  const shown = entry.display_rgb_samples;
  if (shown?.points?.length) {
    return shown.points.map(([row, column, expected]) => ({
      frame: 0,
      row,
      column,
      expected,
      tolerance: shown.tolerance ?? 0,
      kind: 'displayed-rgb',
    }));
  }
  return [];
}

const within = (got, expected, tolerance) =>
  Array.isArray(expected)
    ? Array.isArray(got) && got.length >= expected.length && expected.every((e, i) => Math.abs(got[i] - e) <= tolerance)
    : typeof got === 'number' && Math.abs(got - expected) <= tolerance;

/**
 * Compares sampled values with the reference points. A sample is `{ value }` (a number or an RGB
 * triplet) or, for palette images, `{ candidates, rgb }`: the indices whose palette entry is the
 * colour shown there.
 */
export function compareSamples(points, samples) {
  const mismatches = [];
  points.forEach((point, i) => {
    const sample = samples[i];
    if (!sample || sample.error) {
      mismatches.push({ ...point, got: null, why: sample?.error ?? 'not sampled' });
      return;
    }
    if (point.kind === 'palette-index') {
      const ok = sample.candidates.some((c) => Math.abs(c - point.expected) <= point.tolerance);
      if (!ok) mismatches.push({ ...point, got: sample.candidates.length ? sample.candidates.slice(0, 4) : `rgb(${sample.rgb})` });
      return;
    }
    if (!within(sample.value, point.expected, point.tolerance)) mismatches.push({ ...point, got: sample.value });
  });
  return mismatches;
}

/** The verdict for one file: what the viewer did, whether that is right, and a one-line detail. */
export function verdictFor(entry, outcome) {
  const expectRender = entry.expect === 'render';
  if (outcome.status === 'rendered') {
    if (!expectRender) return { verdict: 'wrongly-rendered', ok: false, detail: 'shown as an image; the manifest expects an error' };
    const points = referencePoints(entry);
    if (points.length === 0) return { verdict: 'rendered-unchecked', ok: true, detail: 'rendered; the manifest has no reference values' };
    const mismatches = compareSamples(points, outcome.samples ?? []);
    if (mismatches.length === 0) return { verdict: 'right', ok: true, detail: `${points.length} points within ±${points[0].tolerance}` };
    const detail = mismatches
      .slice(0, 3)
      .map((m) => `f${m.frame} (${m.row},${m.column}) ${JSON.stringify(m.got)}≠${JSON.stringify(m.expected)}${m.why ? ` ${m.why}` : ''}`)
      .join('; ');
    return { verdict: 'wrong-values', ok: false, detail: `${mismatches.length}/${points.length} off: ${detail}` };
  }
  const message = outcome.problems?.map((p) => p.reason).join(' | ') || outcome.detail || outcome.status;
  if (outcome.status === 'error') {
    return expectRender
      ? { verdict: 'failed', ok: false, detail: message }
      : { verdict: 'rejected', ok: true, detail: message };
  }
  // Timed out, crashed or nothing happened: never right, for either kind of file.
  return { verdict: expectRender ? 'failed' : 'no-error-shown', ok: false, detail: `${outcome.status}: ${message}` };
}

/** Totals in the shape of the final report. */
export function totals(results) {
  const count = (expect, verdicts) => results.filter((r) => r.expect === expect && verdicts.includes(r.verdict)).length;
  return {
    render: {
      files: results.filter((r) => r.expect === 'render').length,
      right: count('render', ['right', 'rendered-unchecked']),
      unchecked: count('render', ['rendered-unchecked']),
      wrongValues: count('render', ['wrong-values']),
      failed: count('render', ['failed']),
    },
    error: {
      files: results.filter((r) => r.expect === 'error').length,
      rejected: count('error', ['rejected']),
      wronglyRendered: count('error', ['wrongly-rendered']),
      noErrorShown: count('error', ['no-error-shown']),
    },
  };
}
