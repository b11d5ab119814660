// Functions that run inside the viewer page (passed to page.evaluate): they read the app's own
// state through <rc-app>, so they must stay self-contained (no imports, no closures).

/** Where the app is for the file being loaded: 'problem', 'shown' or 'busy', plus the problems. */
export function appState() {
  const app = document.querySelector('rc-app');
  const library = app?.library;
  if (!library) return { phase: 'starting', problems: [] };
  const problems = library.problems.map((p) => ({ subject: p.subject, reason: p.reason }));
  const controller = app.shadowRoot?.querySelector('rc-viewport')?.controller;
  const image = controller?.currentImage?.();
  if (image && document.documentElement.dataset.firstImage) return { phase: 'shown', problems, imageCount: controller.imageCount() };
  if (problems.length) return { phase: 'problem', problems };
  return { phase: 'busy', problems };
}

/**
 * Shows frame `frame` (0-based) of the loaded file and reads the values at `points`
 * ([{ row, column, kind }]): stored values (scaling undone), RGB triplets, or for palette
 * images the indices whose palette entry is the colour shown.
 */
export async function sampleFrame({ frame, points, timeoutMs }) {
  const viewport = document.querySelector('rc-app').shadowRoot.querySelector('rc-viewport');
  const controller = viewport.controller;
  const ids = controller.viewport.getImageIds();
  const index = ids.length === 1 && frame === 0 ? 0 : ids.findIndex((id) => id.endsWith(`?frame=${frame + 1}`));
  if (index < 0) return { error: `frame ${frame} is not among the ${ids.length} images of the series` };
  const wanted = ids[index];
  const started = performance.now();
  let navigation = null;
  if (controller.viewport.getCurrentImageId() !== wanted) {
    navigation = viewport.goTo(index).then(
      () => null,
      (e) => e?.message ?? String(e),
    );
  }
  for (;;) {
    const image = controller.currentImage();
    if (image?.imageId === wanted) break;
    if (performance.now() - started > timeoutMs) {
      const failure = navigation ? await Promise.race([navigation, new Promise((r) => setTimeout(() => r(null), 10))]) : null;
      return { error: `frame ${frame} not shown within ${timeoutMs} ms${failure ? `: ${failure}` : ''}` };
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  const image = controller.currentImage();
  // What the viewport draws from: on its CPU path Cornerstone turns rescaled float values back
  // into stored integers behind the voxel manager (and marks the image as no longer pre-scaled).
  const data = image.voxelManager?.getScalarData?.() ?? image.getPixelData();
  const { rows, columns } = image;
  const frameInfo = image.imageFrame ?? {};
  const photometric = frameInfo.photometricInterpretation;
  const perPixel = image.color ? Math.round(data.length / (rows * columns)) : 1;
  const facts = {
    rows,
    columns,
    photometric,
    dataType: data.constructor.name,
    length: data.length,
    componentsPerPixel: perPixel,
    preScale: image.preScale ?? null,
  };

  // Back to stored values. Pre-scaled data holds modality values (the file's rescale applied);
  // data that is not pre-scaled holds values the viewport maps with image.slope and
  // image.intercept — the file's own, or, on Cornerstone's CPU path, a 16-bit requantisation of
  // the rescaled floats.
  const scaling = image.preScale?.scalingParameters ?? null;
  const fileSlope = scaling?.rescaleSlope ?? 1;
  const fileIntercept = scaling?.rescaleIntercept ?? 0;
  const toModality = image.preScale?.scaled ? (v) => v : (v) => v * (image.slope ?? 1) + (image.intercept ?? 0);
  let unscale = (v) => (toModality(v) - fileIntercept) / fileSlope;
  if (image.preScale?.scaled && scaling?.modality === 'PT' && typeof scaling.suvbw === 'number') {
    unscale = (v) => (v / scaling.suvbw - fileIntercept) / fileSlope;
  } else if (image.preScale?.scaled && scaling?.modality === 'RTDOSE' && typeof scaling.doseGridScaling === 'number') {
    unscale = (v) => v / scaling.doseGridScaling;
  }
  // Stored integers come back through floating-point rescaling within a fraction of a unit.
  const info = document.querySelector('rc-app').library?.infoFor(wanted);
  const storesIntegers = (info?.bitsAllocated ?? 16) <= 16;
  const tidy = (v) => (storesIntegers ? Math.round(v) : v);

  let paletteCandidates = null;
  if (photometric === 'PALETTE COLOR') {
    const luts = ['red', 'green', 'blue'].map((c) => frameInfo[`${c}PaletteColorLookupTableData`]);
    const descriptor = frameInfo.redPaletteColorLookupTableDescriptor ?? [];
    if (luts.every((l) => l && l.length)) {
      const first = descriptor[1] ?? 0;
      // Cornerstone shows 16-bit entries by their high byte only when some entry exceeds 255.
      const shift = (descriptor[2] ?? 8) > 8 && Array.prototype.some.call(luts[0], (v) => v > 255) ? 8 : 0;
      paletteCandidates = (rgb) => {
        const found = [];
        for (let i = 0; i < luts[0].length; i++) {
          if ((luts[0][i] >> shift) === rgb[0] && (luts[1][i] >> shift) === rgb[1] && (luts[2][i] >> shift) === rgb[2]) found.push(i + first);
        }
        return found;
      };
    }
  }

  const samples = points.map(({ row, column }) => {
    if (row >= rows || column >= columns) return { error: `point outside the ${rows}×${columns} image` };
    const at = (row * columns + column) * perPixel;
    if (at + perPixel > data.length) return { error: `the decoded frame has only ${data.length} values` };
    if (!image.color) return { value: tidy(unscale(data[at])) };
    const rgb = [data[at], data[at + 1], data[at + 2]];
    if (photometric === 'PALETTE COLOR') {
      return paletteCandidates ? { rgb, candidates: paletteCandidates(rgb) } : { rgb, candidates: [], error: 'no palette on the image' };
    }
    return { value: rgb };
  });
  return { facts, samples };
}
