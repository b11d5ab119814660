// <rc-viewport>: one Cornerstone stack viewport with the clinical overlay, stack slider and cine.
import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { Enums } from '@cornerstonejs/core';
import type { VoiRange, WindowPreset } from '../imaging/display';
import { overlayText } from '../imaging/overlay';
import type { ImageLibrary, ViewerSeries, ViewerStudy } from '../imaging/library';
import { bindViewportTools, type PrimaryTool, type ViewportTools } from '../imaging/tools';
import { AnnotationBridge, type BridgeRole, type Labeller } from '../imaging/annotation-bridge';
import type { AnnotationStore } from '../annotations/store';
import { onImage } from '../annotations/model';
import { HOT_IRON_STOPS, ViewportController, type ViewState } from '../imaging/viewport-controller';
import { MarkPicture } from '../imaging/mark-picture';

/** Marks on one image from which a pan moves them as one picture (see mark-picture.ts). */
const CROWDED_MARKS = 40;
import { t } from '../i18n/strings';
import { LanguageController } from '../i18n/language-controller';

let viewportCount = 0;

const hotIronGradient = `linear-gradient(to top, ${HOT_IRON_STOPS.map(
  ([p, r, g, b]) => `rgb(${Math.round(r * 255)} ${Math.round(g * 255)} ${Math.round(b * 255)}) ${p * 100}%`,
).join(', ')})`;

/**
 * One stack viewport.
 * @event rc-view-change - after any render: detail is the new ViewState.
 * @event rc-image-shown - the first image of a newly set stack is on screen.
 * @event rc-annotation-stats - Cornerstone recomputed the measurements of a mark.
 * @event rc-annotation-selected - the user selected a mark in the image: detail { id }.
 */
@customElement('rc-viewport')
export class RcViewport extends LitElement {
  static styles = css`
    :host {
      display: block;
      position: relative;
      background: #000;
      color: #e8eef2;
      font: 12px/1.35 system-ui, sans-serif;
      overflow: hidden;
      min-height: 200px;
      container-type: size;
    }
    /* A narrow pane (compare view, 2 × 2): smaller corner text that leaves the markers free. */
    @container (max-width: 560px) {
      .corner { font-size: 11px; max-width: calc(50% - 22px); }
      .tl { padding-right: 0; }
      .marker { font-size: 13px; }
    }
    .canvas-host {
      position: absolute;
      inset: 0 28px 0 0;
    }
    /* What a containing view draws over the image (the compare view's blend and landmarks). */
    ::slotted([slot='over-image']) {
      position: absolute;
      inset: 0 28px 0 0;
    }
    .overlay {
      position: absolute;
      inset: 0 28px 0 0;
      pointer-events: none;
      text-shadow: 0 0 3px #000, 0 0 2px #000;
    }
    .corner {
      position: absolute;
      padding: 6px 8px;
      max-width: 45%;
      white-space: nowrap;
      overflow: hidden;
      text-overflow: ellipsis;
    }
    /* Each line is its own block: a line too long for its corner ends in an ellipsis instead of being cut mid-letter. */
    .corner > * { overflow: hidden; text-overflow: ellipsis; }
    .tl { top: 0; left: 0; }
    .tr { top: 0; right: 0; text-align: right; }
    .bl { bottom: 0; left: 0; }
    .br { bottom: 0; right: 0; text-align: right; }
    .marker {
      position: absolute;
      font-weight: 600;
      font-size: 15px;
      color: #ffd54a;
    }
    .m-top { top: 4px; left: 50%; transform: translateX(-50%); }
    .m-bottom { bottom: 4px; left: 50%; transform: translateX(-50%); }
    .m-left { left: 6px; top: 50%; transform: translateY(-50%); }
    .m-right { right: 6px; top: 50%; transform: translateY(-50%); }
    .scale {
      display: inline-block;
      margin-top: 4px;
      border: 2px solid #e8eef2;
      border-top: none;
      height: 6px;
    }
    .muted { color: #9fb0bb; }
    .colorbar {
      position: absolute;
      right: 10px;
      top: 30%;
      height: 40%;
      width: 12px;
      border: 1px solid #9fb0bb;
    }
    .colorbar span {
      position: absolute;
      right: 18px;
      white-space: nowrap;
    }
    .slider {
      position: absolute;
      right: 0;
      top: 0;
      bottom: 0;
      width: 28px;
      display: flex;
      align-items: stretch;
      justify-content: center;
      background: #0d1418;
    }
    .slider input {
      writing-mode: vertical-lr;
      width: 20px;
      margin: 8px 0;
      accent-color: #4fb3d9;
    }
    .empty {
      position: absolute;
      inset: 0;
      display: grid;
      place-items: center;
      color: #9fb0bb;
      font-size: 14px;
      padding: 24px;
      text-align: center;
    }
  `;
  protected readonly languageController = new LanguageController(this);

  @property({ attribute: false }) library!: ImageLibrary;
  @property({ attribute: false }) series: ViewerSeries | null = null;
  @property({ attribute: false }) study: ViewerStudy | null = null;
  @property({ attribute: 'primary-tool' }) primaryTool: PrimaryTool = 'windowLevel';
  /** Frames per second for cine. */
  @property({ type: Number }) fps = 10;
  /** Annotation sets drawn on this viewport. */
  @property({ attribute: false }) annotationStores: AnnotationStore[] = [];
  /** What each set is here (takes new marks, editable, style); by default the first one is the user's. */
  @property({ attribute: false }) roleOf: (store: AnnotationStore, index: number) => BridgeRole = (_store, index) => ({
    takesNewMarks: index === 0,
    editable: index === 0,
  });
  /** Asks the user what a new mark shows. */
  @property({ attribute: false }) labeller: Labeller = async () => null;
  @property() author = 'user';
  /**
   * While the image is dragged, its marks move as one picture when there are more than this many
   * (see mark-picture.ts); panes drawn in pairs set 0, since every frame draws two images.
   */
  @property({ type: Number }) pictureAbove = CROWDED_MARKS;

  /** One bridge per annotation store, once the tools are loaded. */
  bridges: AnnotationBridge[] = [];
  private bridgesAttached!: () => void;
  /** Resolves once annotations are drawn on this viewport. */
  readonly annotationsReady = new Promise<void>((resolve) => (this.bridgesAttached = resolve));

  @state() private view: ViewState | null = null;
  @state() private playing = false;

  @query('.canvas-host') private host!: HTMLDivElement;

  readonly viewportId = `rc-viewport-${++viewportCount}`;
  controller: ViewportController | null = null;
  private tools: ViewportTools | null = null;
  private toolsBound!: () => void;
  /** Resolves once mouse and wheel tools are bound (they load after the first image). */
  readonly toolsReady = new Promise<void>((resolve) => (this.toolsBound = resolve));
  private cineTimer: number | null = null;
  private shownSeries: ViewerSeries | null = null;
  private loadToken = 0;

  private refreshFrame = 0;
  /**
   * A pan fires a camera change and a render every frame (and a synchronised pane as many again):
   * the overlay is read once a frame at most.
   */
  private readonly onRendered = () => {
    this.refreshFrame ||= requestAnimationFrame(() => {
      this.refreshFrame = 0;
      this.refresh();
    });
  };
  private readonly resizeObserver = new ResizeObserver(() => {
    // Hidden (the compare view is showing instead): keep the last size; at 0 × 0 Cornerstone
    // would draw the marks at NaN.
    if (!this.controller || this.clientWidth === 0 || this.clientHeight === 0) return;
    this.controller.resize();
    this.refresh();
  });

  protected firstUpdated() {
    this.controller = new ViewportController(this.viewportId, this.host, (id) => this.library.infoFor(id));
    this.host.addEventListener(Enums.Events.IMAGE_RENDERED, this.onRendered);
    this.host.addEventListener(Enums.Events.VOI_MODIFIED, this.onRendered);
    this.host.addEventListener(Enums.Events.CAMERA_MODIFIED, this.onRendered);
    this.host.addEventListener('contextmenu', (e) => e.preventDefault());
    this.resizeObserver.observe(this);
    if (this.series) void this.showSeries(this.series);
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    this.stop();
    this.resizeObserver.disconnect();
    for (const bridge of this.bridges.splice(0)) bridge.destroy();
    this.markPicture?.destroy();
    this.tools?.destroy();
    this.controller?.destroy();
    this.controller = null;
  }

  protected updated(changed: PropertyValues<this>) {
    if (changed.has('series') && this.controller && this.series !== this.shownSeries && this.series) void this.showSeries(this.series);
    if (changed.has('primaryTool')) this.tools?.setPrimary(this.primaryTool);
    if (changed.has('roleOf')) this.bridges.forEach((bridge, i) => bridge.setRole(this.roleOf(this.annotationStores[i], i)));
    if (changed.has('fps') && this.playing) this.play();
  }

  private async showSeries(series: ViewerSeries) {
    const controller = this.controller;
    if (!controller) return;
    const token = ++this.loadToken;
    this.stop();
    this.shownSeries = series;
    try {
      await controller.showStack(series.imageIds, 0);
      // A multi-frame case file is known to be one once its first image is in: show its frames.
      const files = series.imageIds.length;
      await this.library.expandFrames(series);
      if (token !== this.loadToken) return;
      if (series.imageIds.length !== files) await controller.showStack(series.imageIds, 0);
    } catch {
      // The library has reported the file and reason; keep whatever else is usable.
      if (token === this.loadToken) this.refresh();
      return;
    }
    if (token !== this.loadToken) return;
    this.refresh();
    this.dispatchEvent(new CustomEvent('rc-image-shown', { detail: { series }, bubbles: true, composed: true }));
    if (!this.tools) {
      this.tools = await bindViewportTools(this.host, this.viewportId, controller.renderingEngineId, this.primaryTool);
      this.bridges = await Promise.all(
        this.annotationStores.map((store, i) => AnnotationBridge.attach(this.host, this.viewportId, store, this.library, this.labeller, () => this.author, this.roleOf(store, i))),
      );
      for (const bridge of this.bridges) {
        bridge.addEventListener('stats', () => this.dispatchEvent(new CustomEvent('rc-annotation-stats', { bubbles: true, composed: true })));
        bridge.addEventListener('select', (e) =>
          this.dispatchEvent(new CustomEvent('rc-annotation-selected', { detail: { id: (e as CustomEvent<string>).detail }, bubbles: true, composed: true })),
        );
      }
      this.markPicture = new MarkPicture(this.host, controller.viewport, this.tools, () => this.marksOnScreen() > this.pictureAbove);
      this.toolsBound();
      this.bridgesAttached();
    }
    this.syncAnnotations();
    // Marks on other images of the series can be drawn once their files are read.
    void this.library.prefetch(series.imageIds).then(() => {
      if (token === this.loadToken) this.syncAnnotations();
    });
  }

  private markPicture: MarkPicture | null = null;

  /** How many marks of the sets drawn here lie on the image on screen. */
  private marksOnScreen(): number {
    const imageId = this.controller?.viewport.getCurrentImageId();
    const ref = imageId ? this.library.referenceOf(imageId) : undefined;
    if (!ref) return 0;
    let count = 0;
    this.annotationStores.forEach((store, i) => {
      if (this.roleOf(store, i).hidden) return;
      for (const a of store.all()) if (onImage(a, ref)) count++;
    });
    return count;
  }

  /** The bridge that draws a store here, once the tools are loaded. */
  bridgeFor(store: AnnotationStore): AnnotationBridge | undefined {
    const i = this.annotationStores.indexOf(store);
    return i >= 0 ? this.bridges[i] : undefined;
  }

  syncAnnotations() {
    for (const bridge of this.bridges) bridge.sync();
  }

  /** Shows an image of the current series, centred on a world point when given. */
  async showImage(imageId: string, centre?: [number, number, number]) {
    const index = this.controller?.viewport.getImageIds().indexOf(imageId) ?? -1;
    if (index < 0 || !this.controller) return false;
    await this.controller.goTo(index);
    if (centre) this.controller.centreOn(centre);
    return true;
  }

  /** Re-reads the display state after a render. */
  refresh() {
    if (!this.controller) return;
    this.view = this.controller.state();
    this.dispatchEvent(new CustomEvent('rc-view-change', { detail: this.view, bubbles: true, composed: true }));
  }

  // Actions the toolbar and the keyboard call.
  presets(): WindowPreset[] {
    return this.controller?.presets() ?? [];
  }
  applyVoi(voi: VoiRange) {
    this.controller?.setVoi(voi);
  }
  toggleInvert() {
    this.controller?.toggleInvert();
  }
  toggleHotIron() {
    if (this.controller) this.controller.setHotIron(!this.controller.hotIron());
  }
  rotate(degrees: number) {
    this.controller?.rotate(degrees);
  }
  flip(direction: 'horizontal' | 'vertical') {
    this.controller?.flip(direction);
  }
  fit() {
    this.controller?.fit();
  }
  actualSize() {
    this.controller?.actualSize();
  }
  zoomBy(factor: number) {
    this.controller?.zoomBy(factor);
  }
  reset() {
    this.stop();
    this.controller?.reset();
  }
  async stepImages(delta: number) {
    await this.controller?.scrollBy(delta);
  }
  async goTo(index: number) {
    await this.controller?.goTo(index);
  }

  get isPlaying() {
    return this.playing;
  }

  play() {
    this.stop();
    if (!this.controller || this.controller.imageCount() < 2) return;
    this.playing = true;
    let busy = false;
    this.cineTimer = window.setInterval(async () => {
      if (busy || !this.controller) return;
      busy = true;
      await this.controller.scrollBy(1, true);
      busy = false;
    }, 1000 / Math.max(1, Math.min(60, this.fps)));
    this.dispatchEvent(new CustomEvent('rc-view-change', { detail: this.view, bubbles: true, composed: true }));
  }

  stop() {
    if (this.cineTimer !== null) window.clearInterval(this.cineTimer);
    this.cineTimer = null;
    if (this.playing) {
      this.playing = false;
      this.dispatchEvent(new CustomEvent('rc-view-change', { detail: this.view, bubbles: true, composed: true }));
    }
  }

  private onSlider(event: Event) {
    void this.goTo(Number((event.target as HTMLInputElement).value) - 1);
  }

  private renderOverlay(view: ViewState) {
    const info = view.info;
    const text = overlayText({
      patientName: info?.patientName,
      studyDate: info?.studyDate ?? this.study?.date,
      studyDescription: info?.studyDescription ?? this.study?.description,
      series: this.series,
      imageIndex: view.imageIndex,
      imageCount: view.imageCount,
      sliceThickness: info?.sliceThickness,
      voi: view.voi,
      invert: view.invert,
      zoomPercent: view.zoomPercent,
    });
    return html`
      <div class="overlay" part="overlay">
        <div class="corner tl" data-corner="top-left">
          <div data-testid="patient">${text.patient}</div>
          <div data-testid="study">${text.study}</div>
        </div>
        <div class="corner tr" data-corner="top-right">
          <div data-testid="series">${text.series}</div>
          <div data-testid="image-index">${text.image}</div>
          ${text.slice ? html`<div class="muted">${text.slice}</div>` : nothing}
        </div>
        <div class="corner bl" data-corner="bottom-left">
          <div data-testid="window-level">${text.windowLevel}</div>
          <div data-testid="zoom">${text.zoom}</div>
        </div>
        <div class="corner br" data-corner="bottom-right">
          ${view.scale
            ? html`<div data-testid="scale-label">${view.scale.label}</div>
                <div class="scale" data-testid="scale-bar" style="width:${view.scale.pixels}px"></div>
                <div class="muted">${t(view.scale.source === 'PixelSpacing' ? 'overlay.spacingPixel' : 'overlay.spacingImager')}</div>`
            : html`<div class="muted">${t('overlay.noCalibration')}</div>`}
        </div>
        ${view.markers
          ? html`<div class="marker m-top" data-testid="marker-top">${view.markers.top}</div>
              <div class="marker m-bottom" data-testid="marker-bottom">${view.markers.bottom}</div>
              <div class="marker m-left" data-testid="marker-left">${view.markers.left}</div>
              <div class="marker m-right" data-testid="marker-right">${view.markers.right}</div>`
          : nothing}
        ${view.hotIron && view.voi
          ? html`<div class="colorbar" data-testid="colorbar" style="background:${hotIronGradient}" title=${t('overlay.hotIron')}>
              <span style="top:-6px">${Math.round(view.voi.upper)}</span>
              <span style="bottom:-6px">${Math.round(view.voi.lower)}</span>
            </div>`
          : nothing}
      </div>
    `;
  }

  render() {
    const view = this.view;
    const count = view?.imageCount ?? 0;
    return html`
      <div class="canvas-host"></div>
      <slot name="over-image"></slot>
      ${view && count > 0 ? this.renderOverlay(view) : html`<div class="empty">${t('app.noImage')}</div>`}
      <div class="slider">
        <input
          type="range"
          aria-label=${t('stack.slider')}
          min="1"
          max=${Math.max(1, count)}
          .value=${String((view?.imageIndex ?? 0) + 1)}
          ?disabled=${count < 2}
          @input=${this.onSlider}
        />
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rc-viewport': RcViewport;
  }
}
