// The one place that starts Cornerstone: core, the DICOM image loader and its decode worker.
// Components never import Cornerstone directly; they go through src/imaging.
import { cache, getRenderingCapabilities, getShouldUseCPURendering, init as coreInit, RenderingEngine, getRenderingEngine } from '@cornerstonejs/core';
import { init as dicomImageLoaderInit, wadouri } from '@cornerstonejs/dicom-image-loader';

const ENGINE_ID = 'radcase-engine';
let started: Promise<void> | null = null;

/** How viewports draw: through WebGL, on the CPU, or "auto" (the CPU only when WebGL is emulated). */
export type RendererChoice = 'auto' | 'gpu' | 'cpu';
let rendererChoice: RendererChoice = 'auto';

/** Sets how viewports will draw; takes effect when Cornerstone starts, so call it before `startImaging`. */
export function chooseRenderer(choice: RendererChoice) {
  rendererChoice = choice;
}

/**
 * Whether to draw on the CPU. Where WebGL is a software rasterizer (SwiftShader, llvmpipe: virtual
 * machines, GPU-less or blocklisted machines) Cornerstone's CPU path is several times cheaper: the
 * emulated GPU shades every screen pixel and the result is read back for the on-screen canvas. On
 * our 2-core test machine a 256×256 slice costs about 90 ms of CPU through SwiftShader and 14 ms on
 * the CPU path, and the first radiograph skips building WebGL contexts, shaders and float textures.
 */
function shouldDrawOnCpu(choice: RendererChoice): boolean {
  if (choice !== 'auto') return choice === 'cpu';
  const { webgl, softwareRasterizer } = getRenderingCapabilities();
  return !webgl || softwareRasterizer;
}

/**
 * Starts Cornerstone once. We use the loader's dataset-based (dicom-parser) metadata provider,
 * `useLegacyMetadataProvider`. 5.14's default path (dcmjs naturalised metadata in
 * @cornerstonejs/metadata) does work for `imageLoader.loadImage` on a `dicomfile:` id, but when a
 * StackViewport's `setStack` loads that same file first it fails with "no pixel data in NATURALIZED"
 * (seen here in Chromium with a valid Explicit VR LE file). The dataset provider is also the one
 * that exposes every attribute through dicom-parser, which our overlay and ingest code already use.
 */
export function startImaging(): Promise<void> {
  started ??= (async () => {
    // One viewport at a time: Cornerstone's default pool of 7 WebGL contexts is built up front.
    coreInit({ rendering: { useCPURendering: shouldDrawOnCpu(rendererChoice), webGlContextCount: 1 }, debug: {} });
    const workers = Math.max(1, Math.min(2, (navigator.hardwareConcurrency || 2) - 1));
    dicomImageLoaderInit({ maxWebWorkers: workers, useLegacyMetadataProvider: true });
    markCacheFailuresHandled();
  })();
  return started;
}

/** Whether viewports draw on the CPU (Cornerstone's fallback path) rather than through WebGL. */
export function drawsOnCpu(): boolean {
  return getShouldUseCPURendering();
}

export function renderingEngine(): RenderingEngine {
  return (getRenderingEngine(ENGINE_ID) as RenderingEngine | undefined) ?? new RenderingEngine(ENGINE_ID);
}

/** Hands a Part 10 byte stream to the image loader and returns its base image id. */
export function registerPart10(bytes: Uint8Array): string {
  return wadouri.fileManager.add(new Blob([bytes as BlobPart], { type: 'application/dicom' }));
}

/** The image id of frame `frame` (0-based) of a registered instance. */
export function frameImageId(baseImageId: string, frame: number, numberOfFrames: number): string {
  return numberOfFrames > 1 ? `${baseImageId}?frame=${frame + 1}` : baseImageId;
}

/**
 * Cornerstone's cache returns a derived promise from `putImageLoadObject` that re-throws a failed
 * load and that its own callers never await, so every file that fails to load also surfaces as an
 * unhandled rejection. The failure itself still reaches whoever asked for the image (and our
 * library reports it to the user); this only marks that internal duplicate as handled.
 */
function markCacheFailuresHandled() {
  const put = cache.putImageLoadObject.bind(cache);
  cache.putImageLoadObject = ((...args: Parameters<typeof put>) => {
    const derived = put(...args);
    derived?.catch(() => undefined);
    return derived;
  }) as typeof cache.putImageLoadObject;
}
