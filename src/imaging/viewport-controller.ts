// Drives one Cornerstone StackViewport for the components: display state in, display facts out.
import { Enums, utilities, type StackViewport, type Types } from '@cornerstonejs/core';
import { drawsOnCpu, renderingEngine } from './cornerstone';
import {
  directionsFromPatientOrientation,
  markersFromScreenAxes,
  pixelStats,
  scaleBar,
  toVoiRange,
  windowPresets,
  type OrientationMarkers,
  type PixelStats,
  type ScaleBar,
  type VoiRange,
  type WindowPreset,
} from './display';
import type { InstanceInfo } from './ingest';

export const HOT_IRON = 'radcase-hot-iron';
/** Hot-iron colour stops (position, r, g, b from 0 to 1): black through red and orange to white. */
export const HOT_IRON_STOPS: [number, number, number, number][] = [
  [0, 0, 0, 0],
  [0.35, 0.7, 0, 0],
  [0.6, 1, 0.35, 0],
  [0.85, 1, 0.85, 0.2],
  [1, 1, 1, 1],
];

let colormapRegistered = false;
function registerHotIron() {
  if (colormapRegistered) return;
  utilities.colormap.registerColormap({
    ColorSpace: 'RGB',
    Name: HOT_IRON,
    name: HOT_IRON,
    RGBPoints: HOT_IRON_STOPS.flat(),
  } as unknown as Types.ColormapRegistration);
  colormapRegistered = true;
}

/** What the overlay shows, recomputed after every render. */
export interface ViewState {
  imageIndex: number;
  imageCount: number;
  voi: VoiRange | null;
  invert: boolean;
  hotIron: boolean;
  rotation: number;
  flipHorizontal: boolean;
  flipVertical: boolean;
  /** Screen pixels per image pixel × 100. */
  zoomPercent: number;
  markers: OrientationMarkers | null;
  scale: (ScaleBar & { source: 'PixelSpacing' | 'ImagerPixelSpacing' }) | null;
  info: InstanceInfo | null;
}

export class ViewportController {
  readonly viewport: StackViewport;
  private stats: PixelStats | null = null;
  private statsImageId: string | null = null;

  constructor(
    readonly viewportId: string,
    readonly element: HTMLDivElement,
    private readonly infoFor: (imageId: string) => InstanceInfo | undefined,
  ) {
    registerHotIron();
    const engine = renderingEngine();
    engine.enableElement({ viewportId, type: Enums.ViewportType.STACK, element, defaultOptions: { background: [0, 0, 0] } });
    this.viewport = engine.getViewport(viewportId) as StackViewport;
    if (drawsOnCpu()) {
      alignCpuCanvasTransforms(this.viewport);
      this.measure = pinElementSize(element);
    }
  }

  /** Re-reads the element's size (see pinElementSize); a no-op on the WebGL path. */
  private readonly measure: () => void = () => undefined;

  /** The element changed size: Cornerstone's canvas follows it. Call it from a ResizeObserver. */
  resize() {
    this.measure();
    // Keep every viewport's zoom and pan: a panel or the language changing the layout must not re-fit them.
    this.viewport.getRenderingEngine().resize(true, true);
  }

  get renderingEngineId() {
    return renderingEngine().id;
  }

  async showStack(imageIds: string[], index = 0) {
    this.stats = null;
    this.statsImageId = null;
    await this.viewport.setStack(imageIds, index);
    const voi = this.viewport.getProperties().voiRange;
    this.initialVoi = voi ? { lower: voi.lower, upper: voi.upper } : null;
    // A colour map belongs to the image it was chosen for, not to the next series.
    if (this.hotIronOn) this.setHotIron(false);
    this.viewport.render();
  }

  imageCount() {
    return this.viewport.getImageIds().length;
  }

  imageIndex() {
    return this.viewport.getCurrentImageIdIndex();
  }

  async goTo(index: number) {
    const count = this.imageCount();
    if (count === 0) return;
    const clamped = Math.max(0, Math.min(count - 1, index));
    if (clamped !== this.imageIndex()) await this.viewport.setImageIdIndex(clamped);
  }

  async scrollBy(delta: number, loop = false) {
    const count = this.imageCount();
    if (count === 0) return;
    const target = loop ? (((this.imageIndex() + delta) % count) + count) % count : this.imageIndex() + delta;
    await this.goTo(target);
  }

  setVoi(voi: VoiRange) {
    this.viewport.setProperties({ voiRange: voi });
    this.viewport.render();
  }

  /** Presets for the image on screen; radiograph and automatic windows come from its values. */
  presets(): WindowPreset[] {
    const image = this.currentImage();
    if (!image) return [];
    const imageId = this.viewport.getCurrentImageId();
    if (!this.stats || this.statsImageId !== imageId) {
      this.stats = pixelStats(this.modalityValues(image));
      this.statsImageId = imageId;
    }
    const info = this.infoFor(imageId);
    const fileWindow = info?.fileWindow ? toVoiRange(info.fileWindow) : null;
    return windowPresets(info?.modality ?? this.viewport.modality ?? 'OT', this.stats, fileWindow);
  }

  /** Pixel values after the modality LUT (rescale), as the W/L numbers are expressed. */
  private modalityValues(image: Types.IImage): ArrayLike<number> {
    const data = image.getPixelData();
    const slope = image.slope ?? 1;
    const intercept = image.intercept ?? 0;
    if (slope === 1 && intercept === 0) return data;
    const step = Math.max(1, Math.floor(data.length / 262_144));
    const out = new Float32Array(Math.ceil(data.length / step));
    for (let i = 0, j = 0; i < data.length; i += step, j++) out[j] = data[i] * slope + intercept;
    return out;
  }

  currentImage(): Types.IImage | undefined {
    return this.viewport.getCornerstoneImage?.();
  }

  /**
   * Whether the grey scale is drawn turned over (MONOCHROME1 is, by design). On the CPU path
   * Cornerstone takes a new image's inversion from the image while getProperties() keeps the old
   * value, so there we ask the CPU renderer itself.
   */
  private displayedInvert(): boolean {
    if (drawsOnCpu()) {
      const cpu = (this.viewport as unknown as { _cpuFallbackEnabledElement?: { viewport?: { invert?: boolean } } })._cpuFallbackEnabledElement;
      return Boolean(cpu?.viewport?.invert);
    }
    return Boolean(this.viewport.getProperties().invert);
  }

  toggleInvert() {
    this.viewport.setProperties({ invert: !this.displayedInvert() });
    this.viewport.render();
  }

  private hotIronOn = false;
  /** The window the series opened with, for reset. */
  private initialVoi: { lower: number; upper: number } | null = null;

  setHotIron(on: boolean) {
    this.hotIronOn = on;
    if (on) {
      this.viewport.setProperties({ colormap: { name: HOT_IRON } });
    } else if (drawsOnCpu()) {
      this.viewport.unsetColormap();
    } else {
      // StackViewport.unsetColormap throws on the GPU path ("not implemented"): put a grey ramp
      // back instead, already turned over when the image is shown inverted.
      this.viewport.setProperties({ colormap: { name: this.displayedInvert() ? 'Inverted-Grayscale' : 'Grayscale' } });
    }
    this.viewport.render();
  }

  hotIron(): boolean {
    return this.hotIronOn;
  }

  rotate(degrees: number) {
    const { rotation = 0 } = this.viewport.getViewPresentation();
    this.viewport.setViewPresentation({ rotation: (((rotation + degrees) % 360) + 360) % 360 });
    this.viewport.render();
  }

  /** Flips the image as seen on screen, whatever its rotation. */
  flip(screenDirection: 'horizontal' | 'vertical') {
    const camera = this.viewport.getCamera();
    // Drawing on the CPU, Cornerstone flips the image before rotating it: a quarter turn swaps the axes.
    const quarterTurned = drawsOnCpu() && (this.viewport.getViewPresentation().rotation ?? 0) % 180 !== 0;
    const direction = quarterTurned ? (screenDirection === 'horizontal' ? 'vertical' : 'horizontal') : screenDirection;
    if (direction === 'horizontal') this.viewport.setCamera({ flipHorizontal: !camera.flipHorizontal });
    else this.viewport.setCamera({ flipVertical: !camera.flipVertical });
    this.viewport.render();
  }

  fit() {
    const presentation = this.viewport.getViewPresentation();
    this.viewport.resetCamera({ resetPan: true, resetZoom: true, resetToCenter: true });
    this.viewport.setViewPresentation({ rotation: presentation.rotation, flipHorizontal: presentation.flipHorizontal, flipVertical: presentation.flipVertical });
    this.viewport.render();
  }

  /** One image pixel per screen (CSS) pixel. */
  actualSize() {
    const perImagePixel = this.screenPixelsPerImagePixel();
    if (!perImagePixel) return;
    const camera = this.viewport.getCamera();
    this.viewport.setCamera({ parallelScale: (camera.parallelScale ?? 1) * perImagePixel });
    this.viewport.render();
  }

  zoomBy(factor: number) {
    const camera = this.viewport.getCamera();
    this.viewport.setCamera({ parallelScale: (camera.parallelScale ?? 1) / factor });
    this.viewport.render();
  }

  /** Pans so that a world point sits at the centre of the viewport. */
  centreOn(world: Types.Point3) {
    const { focalPoint, position } = this.viewport.getCamera();
    if (!focalPoint || !position) return;
    const delta = [0, 1, 2].map((k) => world[k] - focalPoint[k]);
    this.viewport.setCamera({
      focalPoint: world,
      position: [position[0] + delta[0], position[1] + delta[1], position[2] + delta[2]],
    });
    this.viewport.render();
  }

  /**
   * Back to how the series first showed: its window, no colour map, its own grey direction, fitted,
   * unrotated. (StackViewport.resetProperties throws "Invalid VOI LUT function" on images whose
   * VOILUTFunction is LINEAR, as many radiographs declare, so the properties are set one by one.)
   */
  reset() {
    if (this.hotIronOn) this.setHotIron(false);
    const info = this.infoFor(this.viewport.getCurrentImageId());
    const monochrome1 = info?.photometricInterpretation === 'MONOCHROME1';
    if (this.displayedInvert() !== monochrome1) this.viewport.setProperties({ invert: monochrome1 });
    if (this.initialVoi) this.viewport.setProperties({ voiRange: { ...this.initialVoi } });
    this.viewport.resetCamera();
    this.viewport.setViewPresentation({ rotation: 0, flipHorizontal: false, flipVertical: false });
    this.viewport.render();
  }

  /** CSS pixels covered by one image column step, measured through the camera. */
  private screenPixelsPerImagePixel(): number | null {
    const imageData = this.viewport.getImageData()?.imageData;
    if (!imageData?.indexToWorld) return null;
    const a = this.viewport.worldToCanvas(imageData.indexToWorld([0, 0, 0]) as Types.Point3);
    const b = this.viewport.worldToCanvas(imageData.indexToWorld([1, 0, 0]) as Types.Point3);
    const d = Math.hypot(b[0] - a[0], b[1] - a[1]);
    return d > 0 ? d : null;
  }

  /** Where screen-right and screen-down point in world space, named as patient directions. */
  private markers(info: InstanceInfo) {
    const origin = this.viewport.canvasToWorld([0, 0]);
    const right = this.viewport.canvasToWorld([1, 0]);
    const down = this.viewport.canvasToWorld([0, 1]);
    // Between two stacks (a render fired while the next one is set) the CPU path has no image to map through.
    if (!origin || !right || !down) return null;
    const screenRight: [number, number, number] = [right[0] - origin[0], right[1] - origin[1], right[2] - origin[2]];
    const screenDown: [number, number, number] = [down[0] - origin[0], down[1] - origin[1], down[2] - origin[2]];
    if (info.imageOrientationPatient) return markersFromScreenAxes(screenRight, screenDown, { hasIop: true });
    const directions = directionsFromPatientOrientation(info.patientOrientation);
    return directions ? markersFromScreenAxes(screenRight, screenDown, { hasIop: false, ...directions }) : null;
  }

  state(): ViewState {
    const imageId = this.viewport.getCurrentImageId();
    const info = imageId ? (this.infoFor(imageId) ?? null) : null;
    const props = this.viewport.getProperties();
    const presentation = this.viewport.getViewPresentation();
    const camera = this.viewport.getCamera();
    const perPixel = this.screenPixelsPerImagePixel();
    const view = {
      rotation: presentation.rotation ?? 0,
      flipHorizontal: Boolean(camera.flipHorizontal),
      flipVertical: Boolean(camera.flipVertical),
    };
    const markers = info ? this.markers(info) : null;
    const spacing = info?.pixelSpacing;
    const bar = spacing && perPixel ? scaleBar(spacing.column / perPixel, Math.min(160, this.element.clientWidth / 4)) : null;
    return {
      imageIndex: this.imageIndex(),
      imageCount: this.imageCount(),
      voi: props.voiRange ? { lower: props.voiRange.lower, upper: props.voiRange.upper } : null,
      // MONOCHROME1 is shown inverted by design; "invert" means the user turned it over.
      invert: this.displayedInvert() !== (info?.photometricInterpretation === 'MONOCHROME1'),
      hotIron: this.hotIronOn,
      ...view,
      zoomPercent: perPixel ? perPixel * 100 : 100,
      markers,
      scale: bar && spacing ? { ...bar, source: spacing.source } : null,
      info,
    };
  }

  destroy() {
    renderingEngine().disableElement(this.viewportId);
  }
}

/**
 * Cornerstone's CPU path reads the element's clientWidth and clientHeight in getCamera(), which
 * every annotation tool calls for every mark it draws, between the SVG changes of the mark before:
 * each read forces the browser to lay the page out again. With hundreds of marks that was most of
 * a frame's time while panning. The element answers from the size last measured instead, and the
 * owner re-measures when a ResizeObserver says the size changed (ViewportController.resize).
 */
function pinElementSize(element: HTMLElement): () => void {
  const read = (name: 'clientWidth' | 'clientHeight') => Object.getOwnPropertyDescriptor(Element.prototype, name)?.get?.call(element) as number;
  let width = read('clientWidth');
  let height = read('clientHeight');
  Object.defineProperty(element, 'clientWidth', { configurable: true, get: () => width });
  Object.defineProperty(element, 'clientHeight', { configurable: true, get: () => height });
  return () => {
    width = read('clientWidth');
    height = read('clientHeight');
  };
}

type WorldToCanvas = StackViewport['worldToCanvas'];
type CanvasToWorld = StackViewport['canvasToWorld'];
interface PipelineTable {
  renderingPipelineFunctions?: { worldToCanvas?: { cpu: WorldToCanvas }; canvasToWorld?: { cpu: CanvasToWorld } };
}

/**
 * Cornerstone 5.14's CPU path draws pixel i over [i, i+1) of its pixel grid but maps world points
 * (whose index i is that pixel's centre) to the grid position i: annotations, probes and the
 * image would sit half a pixel apart. We shift world↔canvas by half a pixel along the image's
 * rows and columns so that a pixel's centre lands on the centre of the drawn pixel, as on the GPU
 * path. The shift goes into the viewport's pipeline table, which Cornerstone re-applies on every
 * setStack.
 */
function alignCpuCanvasTransforms(viewport: StackViewport) {
  const table = (viewport as unknown as PipelineTable).renderingPipelineFunctions;
  const toCanvas = table?.worldToCanvas?.cpu;
  const toWorld = table?.canvasToWorld?.cpu;
  if (!table?.worldToCanvas || !table.canvasToWorld || !toCanvas || !toWorld) return;
  const halfPixel = (): Types.Point3 => {
    const { spacing, direction } = viewport.getImageData() ?? {};
    if (!spacing || !direction) return [0, 0, 0];
    return [0, 1, 2].map((k) => 0.5 * (spacing[0] * direction[k] + spacing[1] * direction[3 + k])) as Types.Point3;
  };
  const worldToCanvas: WorldToCanvas = (world) => {
    const h = halfPixel();
    return toCanvas([world[0] + h[0], world[1] + h[1], world[2] + h[2]]);
  };
  const canvasToWorld: CanvasToWorld = (canvas) => {
    const world = toWorld(canvas);
    if (!world) return world;
    const h = halfPixel();
    return [world[0] - h[0], world[1] - h[1], world[2] - h[2]];
  };
  table.worldToCanvas.cpu = worldToCanvas;
  table.canvasToWorld.cpu = canvasToWorld;
  viewport.worldToCanvas = worldToCanvas;
  viewport.canvasToWorld = canvasToWorld;
}
