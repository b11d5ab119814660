// Synchronised viewports for the compare view, through @cornerstonejs/tools' synchronizers: zoom and
// pan, window/level, stack position (by slice position within one frame of reference, by index
// across), and the landmark alignment of a pair, which keeps one pane's camera a similarity
// transform of the other's. Components speak our types: controllers, flags and a Similarity.
import { Enums, type StackViewport, type Types } from '@cornerstonejs/core';
import { applySimilarity, invertSimilarity, type Point2, type Similarity } from '../compare/similarity';
import { loadTools } from './tools';
import type { ViewportController } from './viewport-controller';

type ToolsModule = Awaited<ReturnType<typeof loadTools>>;
type Synchronizer = ReturnType<ToolsModule['SynchronizerManager']['createSynchronizer']>;
type ViewportRef = { renderingEngineId: string; viewportId: string };

export type SyncKind = 'zoomPan' | 'voi' | 'stack';
export type SyncFlags = Record<SyncKind, boolean>;

/** The image pixel [column, row] under a canvas point (CSS pixels) of a stack viewport. */
export function imageAtCanvas(viewport: StackViewport, canvas: Point2): [number, number] | null {
  const imageData = viewport.getImageData()?.imageData;
  if (!imageData?.worldToIndex) return null;
  const index = imageData.worldToIndex(viewport.canvasToWorld([canvas[0], canvas[1]]) as Types.Point3);
  return [index[0], index[1]];
}

/** The canvas point (CSS pixels) where an image pixel [column, row] is drawn. */
export function canvasOfImage(viewport: StackViewport, point: Point2): [number, number] | null {
  const imageData = viewport.getImageData()?.imageData;
  if (!imageData?.indexToWorld) return null;
  const world = imageData.indexToWorld([point[0], point[1], 0]) as Types.Point3;
  const canvas = viewport.worldToCanvas(world);
  return [canvas[0], canvas[1]];
}

function worldOfImage(viewport: StackViewport, point: Point2): Types.Point3 | null {
  const imageData = viewport.getImageData()?.imageData;
  return imageData?.indexToWorld ? (imageData.indexToWorld([point[0], point[1], 0]) as Types.Point3) : null;
}

/**
 * Sets `target`'s rotation, zoom and pan so that it shows, at each canvas point, the pixel that
 * `map` assigns to the pixel `source` shows there (both panes the same size). Flips are not
 * carried over. With `rotate: false` the target keeps its own rotation (plain zoom/pan following).
 */
export function followCamera(source: StackViewport, target: StackViewport, map: (p: Point2) => Point2, options: { rotate?: boolean } = {}) {
  const width = source.element.clientWidth;
  const height = source.element.clientHeight;
  if (!width || !height || !target.element.clientHeight) return;
  const c0: Point2 = [width / 2, height / 2];
  const c1: Point2 = [width / 2 + 100, height / 2];
  const s0 = imageAtCanvas(source, c0);
  const s1 = imageAtCanvas(source, c1);
  if (!s0 || !s1) return;
  const p0 = map(s0);
  const p1 = map(s1);
  // Without a rotation to settle, one pass lands exactly; a rotation is set first, then scale and pan.
  const passes = options.rotate === false ? 1 : 2;
  for (let pass = 0; pass < passes; pass++) {
    const q0 = canvasOfImage(target, p0);
    const q1 = canvasOfImage(target, p1);
    const w0 = worldOfImage(target, p0);
    const w1 = worldOfImage(target, p1);
    if (!q0 || !q1 || !w0 || !w1) return;
    // Positive rotation turns the picture clockwise; the mapped x direction must point right.
    const drift = (Math.atan2(q1[1] - q0[1], q1[0] - q0[0]) * 180) / Math.PI;
    if (options.rotate !== false && Math.abs(drift) > 1e-3) {
      const rotation = target.getViewPresentation().rotation ?? 0;
      target.setViewPresentation({ rotation: (((rotation - drift) % 360) + 360) % 360 });
    }
    const worldPerPixel = Math.hypot(w1[0] - w0[0], w1[1] - w0[1], w1[2] - w0[2]) / 100;
    const parallelScale = (worldPerPixel * target.element.clientHeight) / 2;
    const camera = target.getCamera();
    const centreCanvas = [target.element.clientWidth / 2, target.element.clientHeight / 2];
    const offCentre = Math.hypot(q0[0] - centreCanvas[0], q0[1] - centreCanvas[1]);
    const scaleOff = Math.abs((camera.parallelScale ?? parallelScale) / parallelScale - 1);
    // Already there (the usual case on the second pass): no further camera events.
    if (offCentre < 0.01 && scaleOff < 1e-6 && (options.rotate === false || Math.abs(drift) <= 1e-3)) break;
    const { focalPoint, position } = camera;
    if (!focalPoint || !position) return;
    // Zooming keeps the canvas centre where it is, so one camera change does both (one event).
    const centre = target.canvasToWorld([centreCanvas[0], centreCanvas[1]]);
    const shift = [0, 1, 2].map((k) => w0[k] - centre[k]);
    target.setCamera({
      ...(scaleOff >= 1e-6 ? { parallelScale } : {}),
      focalPoint: [focalPoint[0] + shift[0], focalPoint[1] + shift[1], focalPoint[2] + shift[2]],
      position: [position[0] + shift[0], position[1] + shift[1], position[2] + shift[2]],
    });
  }
  target.render();
}

/**
 * The pixel of `target` that corresponds to a pixel of `source` when both are shown fitted in
 * equal panes: the same offset from the image centre, in units of the fitted view. Following it
 * gives both panes the same relative zoom and pan, whatever the images' sizes.
 */
function fittedCorrespondence(source: StackViewport, target: StackViewport): ((p: Point2) => Point2) | null {
  const geometry = (v: StackViewport) => {
    const data = v.getImageData();
    const dims = data?.dimensions;
    const spacing = data?.spacing;
    if (!dims || !spacing) return null;
    const { clientWidth, clientHeight } = v.element;
    // World (mm) per canvas pixel when fitted.
    const perPixel = Math.max((dims[0] * spacing[0]) / clientWidth, (dims[1] * spacing[1]) / clientHeight);
    return { centre: [(dims[0] - 1) / 2, (dims[1] - 1) / 2], spacing, perPixel };
  };
  const s = geometry(source);
  const t = geometry(target);
  if (!s || !t) return null;
  const ratio = t.perPixel / s.perPixel;
  return ([x, y]) => [
    t.centre[0] + ((x - s.centre[0]) * s.spacing[0] * ratio) / t.spacing[0],
    t.centre[1] + ((y - s.centre[1]) * s.spacing[1] * ratio) / t.spacing[1],
  ];
}

const refOf = (c: ViewportController): ViewportRef => ({ renderingEngineId: c.renderingEngineId, viewportId: c.viewportId });

/**
 * The synchronizers of one compare view. `setViewports` (re)builds them for the panes on screen;
 * each kind is switched on and off on its own; `setAlignment` couples the first two panes through a
 * similarity transform (pane 0 pixels → pane 1 pixels), in place of plain zoom-and-pan following.
 */
export class CompareSync {
  private synchronizers: Synchronizer[] = [];
  private byKind = new Map<SyncKind | 'aligned', Synchronizer[]>();
  private controllers: ViewportController[] = [];
  private alignment: Similarity | null = null;
  private flags: SyncFlags = { zoomPan: true, voi: true, stack: true };
  private static count = 0;
  private readonly id = `radcase-compare-${++CompareSync.count}`;

  private constructor(private readonly tools: ToolsModule) {}

  static async create(): Promise<CompareSync> {
    return new CompareSync(await loadTools());
  }

  setViewports(controllers: ViewportController[]) {
    this.controllers = controllers;
    this.rebuild();
  }

  setFlags(flags: SyncFlags) {
    this.flags = { ...flags };
    this.applyEnabled();
  }

  /** Couples pane 1 to pane 0 through `fixedToMoving` (null uncouples), and lines pane 1 up at once. */
  setAlignment(fixedToMoving: Similarity | null) {
    this.alignment = fixedToMoving;
    this.rebuild();
    const [fixed, moving] = this.controllers;
    if (fixedToMoving && fixed && moving) followCamera(fixed.viewport, moving.viewport, (p) => applySimilarity(fixedToMoving, p));
  }

  destroy() {
    const { SynchronizerManager } = this.tools;
    for (const s of this.synchronizers.splice(0)) SynchronizerManager.destroySynchronizer(s.id);
    this.byKind.clear();
  }

  private create(kind: SyncKind | 'aligned', make: (name: string) => Synchronizer, viewports: ViewportController[]) {
    if (viewports.length < 2) return;
    const s = make(`${this.id}-${kind}-${this.synchronizers.length}`);
    for (const c of viewports) s.add(refOf(c));
    this.synchronizers.push(s);
    this.byKind.set(kind, [...(this.byKind.get(kind) ?? []), s]);
  }

  private rebuild() {
    this.destroy();
    const { synchronizers, SynchronizerManager } = this.tools;
    const panes = this.controllers;
    const [fixed, moving] = panes;
    const aligned = this.alignment && fixed && moving ? this.alignment : null;
    if (aligned) {
      const inverse = invertSimilarity(aligned);
      this.create(
        'aligned',
        (name) =>
          SynchronizerManager.createSynchronizer(name, Enums.Events.CAMERA_MODIFIED, (_s: unknown, source: ViewportRef, target: ViewportRef) => {
            const from = source.viewportId === fixed.viewportId ? fixed : moving;
            const to = target.viewportId === fixed.viewportId ? fixed : moving;
            if (from === to) return;
            followCamera(from.viewport, to.viewport, (p) => applySimilarity(from === fixed ? aligned : inverse, p));
          }),
        [fixed, moving],
      );
      // Further panes (none in the side-by-side layout) follow zoom and pan as usual.
      if (panes.length > 2) this.create('zoomPan', (name) => this.zoomPanSynchronizer(name), panes.slice(1));
    } else {
      this.create('zoomPan', (name) => this.zoomPanSynchronizer(name), panes);
    }
    this.create('voi', (name) => synchronizers.createVOISynchronizer(name, { syncInvertState: false, syncColormap: false }), panes);
    const stacks = panes.filter((c) => c.imageCount() > 1);
    const frames = new Set(stacks.map((c) => c.viewport.getFrameOfReferenceUID()));
    if (frames.size === 1 && !frames.has(undefined as unknown as string)) {
      this.create('stack', (name) => synchronizers.createImageSliceSynchronizer(name), stacks);
    } else {
      // Different frames of reference: the same image number, as far as the shorter stack goes.
      this.create(
        'stack',
        (name) =>
          SynchronizerManager.createSynchronizer(name, Enums.Events.STACK_NEW_IMAGE, (_s: unknown, source: ViewportRef, target: ViewportRef) => {
            const from = stacks.find((c) => c.viewportId === source.viewportId);
            const to = stacks.find((c) => c.viewportId === target.viewportId);
            if (!from || !to || from === to) return;
            const index = Math.min(from.imageIndex(), to.imageCount() - 1);
            if (index !== to.imageIndex()) return to.goTo(index);
          }),
        stacks,
      );
    }
    this.applyEnabled();
  }

  /**
   * Zoom and pan following. Cornerstone's own zoomPanSyncCallback (createZoomPanSynchronizer) copies
   * getPan() into setPan(), which on 5.14's CPU path are in different units (image pixels out, world
   * in): the other pane moves about 1/zoom times too far. So its synchronizer runs our callback,
   * which carries the same relative zoom and pan on both renderers (rotation stays each pane's own).
   */
  private zoomPanSynchronizer(name: string): Synchronizer {
    const byId = (id: string) => this.controllers.find((c) => c.viewportId === id);
    return this.tools.SynchronizerManager.createSynchronizer(name, Enums.Events.CAMERA_MODIFIED, (_s: unknown, source: ViewportRef, target: ViewportRef) => {
      const from = byId(source.viewportId);
      const to = byId(target.viewportId);
      if (!from || !to || from === to || !from.currentImage() || !to.currentImage()) return;
      const map = fittedCorrespondence(from.viewport, to.viewport);
      if (map) followCamera(from.viewport, to.viewport, map, { rotate: false });
    });
  }

  private applyEnabled() {
    for (const [kind, list] of this.byKind) {
      const on = kind === 'aligned' ? this.flags.zoomPan : this.flags[kind];
      for (const s of list) s.setEnabled(on);
    }
  }
}
