// <rc-compare>: two series side by side (or four, 2×2), each pane saying which study and date it
// shows; synchronised zoom/pan, window/level and stack position; landmark alignment with residuals
// in mm; flicker, fade and difference overlays of the aligned pair; and the change table of
// findings measured at both dates. The maths lives in src/compare/, Cornerstone behind src/imaging/.
import { LitElement, css, html, nothing, svg, type PropertyValues } from 'lit';
import { customElement, property, queryAll, state } from 'lit/decorators.js';
import type { AnnotationStore } from '../annotations/store';
import type { ImageReference } from '../annotations/model';
import type { PixelSpacing } from '../annotations/measure';
import { changeTable, type ChangeRow } from '../compare/change-table';
import { admissionVersusRelapse, figurePair, mrGrid, type Pane } from '../compare/pairs';
import { fitSimilarity, residuals, rotationDegreesOf, scaleOf, applySimilarity, type Point2, type Similarity } from '../compare/similarity';
import type { ImageLibrary, ViewerSeries, ViewerStudy } from '../imaging/library';
import { CompareSync, canvasOfImage, imageAtCanvas, type SyncFlags, type SyncKind } from '../imaging/sync';
import type { PrimaryTool } from '../imaging/tools';
import type { BridgeRole } from '../imaging/annotation-bridge';
import { findingFor } from '../annotations/vocabulary';
import { currentLanguage, t, type StringKey } from '../i18n/strings';
import { LanguageController } from '../i18n/language-controller';
import type { RcViewport } from './rc-viewport';
import './rc-viewport';

export type CompareLayout = 'pair' | 'grid';
export type OverlayMode = 'side' | 'flicker' | 'fade' | 'difference';
type ComparePane = Pane<ViewerSeries, ViewerStudy>;

const formatDate = (da: string) => (/^\d{8}$/.test(da) ? `${da.slice(0, 4)}-${da.slice(4, 6)}-${da.slice(6, 8)}` : da);
/** "Admission" from "Admission: pelvis and hips, …": the study's name without its contents. */
const studyName = (study: ViewerStudy) => study.description.split(':')[0].trim() || study.description;
const signed = (x: number, digits = 1) => `${x > 0 ? '+' : x < 0 ? '−' : '±'}${Math.abs(x).toFixed(digits)}`;
/** Nothing the user can change in the compare panes: they show both sets, for reading. */
const READ_ONLY: BridgeRole = { takesNewMarks: false, editable: false };

/**
 * The compare view.
 * @event rc-compare-shown - every pane shows its first image (detail: { panes: number }).
 */
@customElement('rc-compare')
export class RcCompare extends LitElement {
  static styles = css`
    :host {
      display: grid;
      grid-template-rows: auto minmax(0, 1fr) auto;
      min-height: 0;
      min-width: 0;
      background: #0b1216;
      color: #dce6ec;
      font: 13px system-ui, sans-serif;
    }
    .bar {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 4px 10px;
      padding: 5px 10px;
      background: #101a20;
      border-bottom: 1px solid #24343d;
    }
    .group { display: flex; align-items: center; gap: 3px; }
    .group + .group { padding-left: 10px; border-left: 1px solid #2c3e48; }
    .group > .name { color: #8fa3ae; font-size: 12px; margin-right: 3px; }
    button, select, input[type='number'] {
      font: 12px system-ui, sans-serif;
      color: #dce6ec;
      background: #1d2d36;
      border: 1px solid #2f4450;
      border-radius: 4px;
      padding: 3px 7px;
    }
    button { cursor: pointer; }
    button:hover { background: #26404d; }
    button:disabled { opacity: 0.45; cursor: default; }
    button:focus-visible, select:focus-visible, input:focus-visible { outline: 2px solid #4fb3d9; outline-offset: 1px; }
    button[aria-pressed='true'] { background: #2b6f8c; border-color: #4fb3d9; color: #fff; }
    input[type='number'] { width: 46px; background: #0d1418; }
    input[type='range'] { width: 90px; accent-color: #4fb3d9; }
    kbd { font: 10px ui-monospace, monospace; color: #8fb3c4; margin-left: 3px; }
    .panes {
      display: grid;
      gap: 2px;
      background: #24343d;
      min-height: 0;
    }
    .panes.pair { grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); grid-template-rows: minmax(0, 1fr); }
    .panes.grid { grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); grid-template-rows: minmax(0, 1fr) minmax(0, 1fr); }
    .pane { display: grid; grid-template-rows: auto minmax(0, 1fr); min-height: 0; min-width: 0; background: #000; }
    .pane[data-active] .pane-head { border-top-color: #4fb3d9; }
    .pane-head {
      display: flex;
      align-items: center;
      gap: 8px;
      padding: 3px 6px;
      background: #142027;
      border-top: 2px solid transparent;
      min-width: 0;
    }
    .pane-head select { max-width: 52%; min-width: 0; flex: 0 1 auto; }
    .when { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; font-size: 12px; }
    .when b { color: #ffd54a; font-weight: 600; }
    .pane-empty { display: grid; place-items: center; color: #9fb0bb; }
    rc-viewport { min-height: 0; }
    rc-viewport.landmarking { cursor: crosshair; }
    canvas.blend { pointer-events: none; }
    svg.marks { pointer-events: none; overflow: visible; }
    .mark circle { fill: none; stroke: #ffd54a; stroke-width: 2; }
    .mark text { fill: #ffd54a; font: 600 12px system-ui, sans-serif; paint-order: stroke; stroke: #000; stroke-width: 3px; }
    .predicted line { stroke: #4fd98a; stroke-width: 1.5; }
    .blend-label {
      position: absolute;
      left: 50%;
      bottom: 34px;
      transform: translateX(-50%);
      padding: 2px 8px;
      border-radius: 10px;
      background: #000a;
      color: #ffd54a;
      font-size: 12px;
      pointer-events: none;
    }
    .info {
      display: grid;
      grid-template-columns: minmax(0, 0.9fr) minmax(0, 1.4fr);
      gap: 0;
      max-height: 190px;
      border-top: 1px solid #24343d;
      background: #101a20;
    }
    .info section { padding: 6px 10px; overflow: auto; min-width: 0; }
    .info section + section { border-left: 1px solid #24343d; }
    h3 { margin: 0 0 4px; font-size: 12px; font-weight: 600; color: #9fb0bb; text-transform: uppercase; letter-spacing: 0.04em; }
    table { border-collapse: collapse; width: 100%; font-size: 12px; font-variant-numeric: tabular-nums; }
    th { white-space: nowrap; text-align: left; color: #8fa3ae; font-weight: 500; padding: 2px 6px 2px 0; border-bottom: 1px solid #22323c; }
    td { padding: 2px 6px 2px 0; border-bottom: 1px solid #1a2830; }
    td.num, th.num { text-align: right; white-space: nowrap; }
    .hint { color: #7f95a1; font-size: 12px; margin: 2px 0; }
    .ok { color: #4fd98a; }
    .warn { color: #ffb74a; }
  `;
  protected readonly languageController = new LanguageController(this);

  @property({ attribute: false }) library!: ImageLibrary;
  @property({ attribute: false }) studies: ViewerStudy[] = [];
  /** The sets drawn on every pane (the user's and the expert's); read-only here. */
  @property({ attribute: false }) annotationStores: AnnotationStore[] = [];
  @property({ attribute: 'primary-tool' }) primaryTool: PrimaryTool = 'windowLevel';
  @property({ type: Number }) fps = 10;

  @state() layout: CompareLayout = 'pair';
  @state() panes: (ComparePane | null)[] = [null, null];
  @state() active = 0;
  @state() sync: SyncFlags = { zoomPan: true, voi: true, stack: true };
  @state() landmarkMode = false;
  /** Landmarks clicked in pane 0 and pane 1, image pixel coordinates, in click order. */
  @state() landmarks: [Point2[], Point2[]] = [[], []];
  @state() overlay: OverlayMode = 'side';
  /** Opacity of pane 1's image over pane 0's, in fade mode. */
  @state() fade = 0.5;
  /** Flicker rate in alternations per second; 0 alternates only on the key. */
  @state() flickerHz = 2;
  /** In flicker mode: whether pane 0 shows pane 1's image now. */
  @state() flickerShowsMoving = false;
  @state() private viewVersion = 0;
  @state() private annotationVersion = 0;

  @queryAll('rc-viewport') private viewportEls!: NodeListOf<RcViewport>;

  private syncer: CompareSync | null = null;
  private syncerReady: Promise<CompareSync> | null = null;
  private shownPanes = new Set<number>();
  private flickerTimer: number | null = null;
  private readonly onStoreChange = () => this.annotationVersion++;
  private readonly roleOf = () => READ_ONLY;

  /** Resolves when every pane of the current choice shows its first image. */
  shown: Promise<void> = Promise.resolve();
  private shownResolve: (() => void) | null = null;

  connectedCallback() {
    super.connectedCallback();
    for (const store of this.annotationStores) store.addEventListener('change', this.onStoreChange);
    if (this.panes.every((p) => !p)) this.applyPreset('pelvis');
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    for (const store of this.annotationStores) store.removeEventListener('change', this.onStoreChange);
    this.stopFlicker();
    this.syncer?.destroy();
    this.syncer = null;
    this.syncerReady = null;
  }

  protected updated(changed: PropertyValues<this>) {
    if (changed.has('overlay') || changed.has('flickerHz')) this.restartFlicker();
    if (changed.has('overlay') || changed.has('fade') || changed.has('flickerShowsMoving')) this.drawBlend();
    if (changed.has('sync')) this.syncer?.setFlags(this.sync);
  }

  /** The pane the keyboard and the main toolbar act on: the one last clicked. */
  get activeViewport(): RcViewport | null {
    return this.paneViewport(this.active) ?? this.paneViewport(0);
  }

  paneViewport(index: number): RcViewport | null {
    return [...(this.viewportEls ?? [])].find((v) => v.dataset.pane === String(index)) ?? null;
  }

  /** Shows a series in the active pane (the series browser's choice). */
  assign(series: ViewerSeries, study: ViewerStudy | null) {
    const owner = study ?? this.studies.find((s) => s.series.includes(series));
    if (!owner) return;
    this.setPanes(this.panes.map((p, i) => (i === this.active ? { series, study: owner } : p)));
  }

  /** The presets of the compare bar; false when the case has no such pair. */
  applyPreset(preset: 'pelvis' | 'figures' | 'mr'): boolean {
    type S = ViewerSeries;
    type T = ViewerStudy;
    const choice =
      preset === 'pelvis' ? admissionVersusRelapse<S, T>(this.studies) : preset === 'figures' ? figurePair<S, T>(this.studies, 'fig-1', 'fig-4') : mrGrid<S, T>(this.studies);
    if (!choice) return false;
    this.layout = choice.length > 2 ? 'grid' : 'pair';
    this.setPanes(choice);
    return true;
  }

  setLayout(layout: CompareLayout) {
    if (layout === this.layout) return;
    this.layout = layout;
    const count = layout === 'grid' ? 4 : 2;
    const next = this.panes.slice(0, count);
    while (next.length < count) next.push(null);
    this.setPanes(next);
  }

  private setPanes(panes: (ComparePane | null)[]) {
    const changed = panes.map((p, i) => p?.series !== this.panes[i]?.series);
    // A new image in either pane of the pair makes its landmarks and alignment meaningless.
    if (changed[0] || changed[1] || panes.length !== this.panes.length) this.clearLandmarks();
    this.panes = panes;
    this.active = Math.min(this.active, panes.length - 1);
    this.shownPanes = new Set([...this.shownPanes].filter((i) => i < panes.length && !changed[i]));
    this.shown = new Promise<void>((resolve) => (this.shownResolve = resolve));
    this.checkShown();
  }

  private checkShown() {
    const wanted = this.panes.map((p, i) => (p ? i : -1)).filter((i) => i >= 0);
    if (wanted.every((i) => this.shownPanes.has(i))) {
      this.shownResolve?.();
      this.shownResolve = null;
      this.dispatchEvent(new CustomEvent('rc-compare-shown', { detail: { panes: wanted.length }, bubbles: true, composed: true }));
    }
  }

  private controllers() {
    return this.panes.map((_, i) => this.paneViewport(i)?.controller ?? null).filter((c): c is NonNullable<typeof c> => !!c?.currentImage());
  }

  private async rebuildSync() {
    this.syncerReady ??= CompareSync.create();
    const syncer = await this.syncerReady;
    if (!this.isConnected) return;
    this.syncer = syncer;
    syncer.setFlags(this.sync);
    syncer.setViewports(this.controllers());
    syncer.setAlignment(this.alignment()?.transform ?? null);
  }

  private onPaneShown(index: number, event: Event) {
    // The app's own handlers are for its single viewport.
    event.stopPropagation();
    this.shownPanes.add(index);
    void this.rebuildSync();
    this.checkShown();
    this.drawBlend();
  }

  private viewFrame = 0;
  private latestView: unknown = null;

  private onPaneView(index: number, event: Event) {
    // The app's toolbar shows the active pane's state; once a frame is enough (a pan fires both a
    // camera and a render event per frame, and the app re-renders for each).
    event.stopPropagation();
    if (index === this.active) {
      this.latestView = (event as CustomEvent).detail;
      this.viewFrame ||= requestAnimationFrame(() => {
        this.viewFrame = 0;
        this.dispatchEvent(new CustomEvent('rc-view-change', { detail: this.latestView, bubbles: true, composed: true }));
      });
    }
    // Landmarks follow the image: redraw them (and only then re-render this view) when there are some.
    if (index < 2 && this.landmarks[index].length + (index === 1 ? this.landmarks[0].length : 0) > 0) this.viewVersion++;
    if (index < 2) this.drawBlend();
  }

  toggleSync(kind: SyncKind) {
    this.sync = { ...this.sync, [kind]: !this.sync[kind] };
  }

  // Landmarks and alignment.

  clearLandmarks() {
    this.landmarks = [[], []];
    this.syncer?.setAlignment(null);
  }

  undoLandmark() {
    const [a, b] = this.landmarks;
    // The last point clicked: in the pane that has more, else in the second.
    const next: [Point2[], Point2[]] = b.length >= a.length && b.length > 0 ? [a, b.slice(0, -1)] : [a.slice(0, -1), b];
    this.setLandmarks(next);
  }

  private setLandmarks(next: [Point2[], Point2[]]) {
    this.landmarks = next;
    this.syncer?.setAlignment(this.alignment()?.transform ?? null);
  }

  /** Adds a landmark at a point of a pane, given in client coordinates. */
  addLandmarkAt(pane: 0 | 1, clientX: number, clientY: number) {
    const controller = this.paneViewport(pane)?.controller;
    if (!controller) return;
    const rect = controller.element.getBoundingClientRect();
    const x = clientX - rect.left;
    const y = clientY - rect.top;
    if (x < 0 || y < 0 || x > rect.width || y > rect.height) return;
    const point = imageAtCanvas(controller.viewport, [x, y]);
    if (!point) return;
    const next: [Point2[], Point2[]] = [[...this.landmarks[0]], [...this.landmarks[1]]];
    next[pane].push(point);
    this.setLandmarks(next);
  }

  private spacingOfPane(index: number): PixelSpacing | null {
    const imageId = this.paneViewport(index)?.controller?.viewport.getCurrentImageId();
    const spacing = imageId ? this.library.infoFor(imageId)?.pixelSpacing : undefined;
    return spacing ? [spacing.row, spacing.column] : null;
  }

  /** The similarity from pane 0's landmarks to pane 1's, with residuals, once two pairs exist. */
  alignment(): { transform: Similarity; pairs: number; residuals: ReturnType<typeof residuals> } | null {
    if (this.layout !== 'pair') return null;
    const pairs = Math.min(this.landmarks[0].length, this.landmarks[1].length);
    if (pairs < 2) return null;
    const from = this.landmarks[0].slice(0, pairs);
    const to = this.landmarks[1].slice(0, pairs);
    try {
      const transform = fitSimilarity(from, to);
      return { transform, pairs, residuals: residuals(transform, from, to, this.spacingOfPane(1)) };
    } catch {
      return null;
    }
  }

  private readonly onLandmarkPointer = (pane: number) => ({
    handleEvent: (event: PointerEvent | MouseEvent) => {
      if (!this.landmarkMode || pane > 1 || event.button !== 0) return;
      // Cornerstone's tools must not see this click: it places a landmark instead.
      event.stopPropagation();
      event.preventDefault();
      if (event.type === 'pointerdown') {
        this.active = pane;
        this.addLandmarkAt(pane as 0 | 1, event.clientX, event.clientY);
      }
    },
    capture: true,
  });

  // Overlays of the aligned pair.

  setOverlay(mode: OverlayMode) {
    this.overlay = mode;
  }

  /** The slider's own keys move the slider, not the image stack. */
  private readonly keepSliderKeys = (event: KeyboardEvent) => {
    if (['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'Home', 'End', 'PageUp', 'PageDown'].includes(event.key)) event.stopPropagation();
  };

  /** One flicker alternation (the key, or the timer). */
  flickerStep() {
    if (this.overlay !== 'flicker') this.overlay = 'flicker';
    this.flickerShowsMoving = !this.flickerShowsMoving;
  }

  private restartFlicker() {
    this.stopFlicker();
    if (this.overlay !== 'flicker' || !(this.flickerHz > 0)) return;
    this.flickerTimer = window.setInterval(() => (this.flickerShowsMoving = !this.flickerShowsMoving), 1000 / Math.min(20, this.flickerHz));
  }

  private stopFlicker() {
    if (this.flickerTimer !== null) window.clearInterval(this.flickerTimer);
    this.flickerTimer = null;
  }

  private paneCanvas(index: number): HTMLCanvasElement | null {
    return (this.paneViewport(index)?.shadowRoot?.querySelector('.canvas-host canvas') as HTMLCanvasElement | null) ?? null;
  }

  /** The canvas over pane 0 that shows the blend of the pair. */
  get blendCanvas(): HTMLCanvasElement | null {
    return this.renderRoot.querySelector('canvas.blend');
  }

  private blendFrame = 0;
  /** Redraws the blend on the next frame: both panes have drawn by then. */
  private drawBlend() {
    if (this.blendFrame) return;
    this.blendFrame = requestAnimationFrame(() => {
      this.blendFrame = 0;
      this.paintBlend();
    });
  }

  /** Pane 0's canvas with pane 1's composited over it: alternated, faded, or as |a − b|. */
  paintBlend() {
    const blend = this.blendCanvas;
    const fixed = this.paneCanvas(0);
    const moving = this.paneCanvas(1);
    if (!blend || !fixed || !moving || this.overlay === 'side' || this.layout !== 'pair') return;
    if (blend.width !== fixed.width || blend.height !== fixed.height) {
      blend.width = fixed.width;
      blend.height = fixed.height;
    }
    const ctx = blend.getContext('2d');
    if (!ctx) return;
    ctx.globalAlpha = 1;
    ctx.globalCompositeOperation = 'copy';
    ctx.drawImage(fixed, 0, 0);
    const mode = this.overlay;
    if (mode === 'flicker' && !this.flickerShowsMoving) return;
    ctx.globalCompositeOperation = mode === 'difference' ? 'difference' : mode === 'flicker' ? 'copy' : 'source-over';
    ctx.globalAlpha = mode === 'fade' ? this.fade : 1;
    ctx.drawImage(moving, 0, 0, fixed.width, fixed.height);
    ctx.globalAlpha = 1;
    ctx.globalCompositeOperation = 'source-over';
  }

  // The change table.

  private tableMemo: { version: number; rows: ChangeRow[] } | null = null;
  private prefetched = false;

  changeRows(): ChangeRow[] {
    if (this.tableMemo?.version === this.annotationVersion + this.shownPanes.size * 1e6) return this.tableMemo.rows;
    const library = this.library;
    const annotations = this.annotationStores.flatMap((s) => s.all());
    const spacingOf = (ref: ImageReference): PixelSpacing | null | undefined => {
      const imageId = library.imageIdOf(ref);
      if (!imageId) return undefined;
      const spacing = library.infoFor(imageId)?.pixelSpacing;
      return spacing ? [spacing.row, spacing.column] : null;
    };
    const dateOf = (ref: ImageReference) => library.seriesOf(ref)?.study.date;
    const rows = changeTable(annotations, { dateOf, spacingOf });
    this.tableMemo = { version: this.annotationVersion + this.shownPanes.size * 1e6, rows };
    if (!this.prefetched) {
      // The marks' images must have been read for their spacing: fetch the few series concerned.
      this.prefetched = true;
      const series = new Set<ViewerSeries>();
      for (const a of annotations) {
        if (a.kind !== 'Length' && a.kind !== 'Bidirectional') continue;
        const place = library.seriesOf(a.image);
        if (place && place.series.imageIds.length <= 4) series.add(place.series);
      }
      void library.prefetch([...series].flatMap((s) => s.imageIds)).then(() => this.annotationVersion++);
    }
    return rows;
  }

  // Rendering.

  private renderPaneHead(index: number, pane: ComparePane | null) {
    const options = this.studies.map(
      (study) => html`<optgroup label=${`${formatDate(study.date)} · ${studyName(study)}`}>
        ${study.series.map((s) => html`<option value=${s.key} ?selected=${pane?.series === s}>${s.modality} ${s.seriesNumber ?? ''} · ${s.description}</option>`)}
      </optgroup>`,
    );
    const choose = (e: Event) => {
      const key = (e.target as HTMLSelectElement).value;
      for (const study of this.studies) {
        const series = study.series.find((s) => s.key === key);
        if (series) this.setPanes(this.panes.map((p, i) => (i === index ? { series, study } : p)));
      }
    };
    return html`<div class="pane-head">
      <select aria-label=${t('compare.paneSeries', { n: index + 1 })} @change=${choose}>
        ${pane ? nothing : html`<option value="" selected>${t('compare.chooseSeries')}</option>`} ${options}
      </select>
      ${pane
        ? html`<span class="when" data-testid="pane-study" title=${pane.study.description}
            ><b>${formatDate(pane.study.date)}</b> · ${studyName(pane.study)}</span
          >`
        : nothing}
    </div>`;
  }

  private renderMarks(index: number) {
    if (index > 1 || this.layout !== 'pair') return nothing;
    const controller = this.paneViewport(index)?.controller;
    const points = this.landmarks[index];
    const aligned = index === 1 ? this.alignment() : null;
    if (!controller || (points.length === 0 && !aligned)) return nothing;
    void this.viewVersion;
    const at = (p: Point2) => canvasOfImage(controller.viewport, p);
    return html`<svg slot="over-image" class="marks" width="100%" height="100%" data-testid=${`landmarks-${index}`}>
      ${aligned
        ? this.landmarks[0].slice(0, aligned.pairs).map((p) => {
            const q = at(applySimilarity(aligned.transform, p));
            return q ? svg`<g class="predicted"><line x1=${q[0] - 6} y1=${q[1]} x2=${q[0] + 6} y2=${q[1]}></line><line x1=${q[0]} y1=${q[1] - 6} x2=${q[0]} y2=${q[1] + 6}></line></g>` : nothing;
          })
        : nothing}
      ${points.map((p, i) => {
        const q = at(p);
        return q ? svg`<g class="mark"><circle cx=${q[0]} cy=${q[1]} r="7"></circle><text x=${q[0] + 9} y=${q[1] - 8}>${i + 1}</text></g>` : nothing;
      })}
    </svg>`;
  }

  private renderPane(index: number) {
    const pane = this.panes[index];
    const blendHere = index === 0 && this.layout === 'pair' && this.overlay !== 'side';
    const other = this.panes[1];
    const blendLabel =
      this.overlay === 'flicker'
        ? t('compare.nowShowing', { date: formatDate((this.flickerShowsMoving ? other : pane)?.study.date ?? '') })
        : this.overlay === 'fade'
          ? t('compare.fadeLabel', { percent: Math.round(this.fade * 100), date: formatDate(other?.study.date ?? '') })
          : t('compare.differenceLabel');
    return html`<div class="pane" data-pane=${index} ?data-active=${index === this.active} @pointerdown=${() => (this.active = index)}>
      ${this.renderPaneHead(index, pane)}
      ${pane
        ? html`<rc-viewport
            data-pane=${index}
            class=${this.landmarkMode && index < 2 && this.layout === 'pair' ? 'landmarking' : ''}
            .library=${this.library}
            .series=${pane.series}
            .study=${pane.study}
            primary-tool=${this.primaryTool}
            .fps=${this.fps}
            .annotationStores=${this.annotationStores}
            .roleOf=${this.roleOf}
            .pictureAbove=${0}
            @pointerdown=${this.onLandmarkPointer(index)}
            @mousedown=${this.onLandmarkPointer(index)}
            @rc-image-shown=${(e: Event) => this.onPaneShown(index, e)}
            @rc-view-change=${(e: Event) => this.onPaneView(index, e)}
          >
            ${blendHere ? html`<canvas slot="over-image" class="blend" data-testid="blend"></canvas><div slot="over-image" class="blend-label-host"><span class="blend-label">${blendLabel}</span></div>` : nothing}
            ${this.renderMarks(index)}
          </rc-viewport>`
        : html`<div class="pane-empty">${t('compare.chooseSeries')}</div>`}
    </div>`;
  }

  private toggle(pressed: boolean, label: string, onClick: () => void, extra: { testid?: string; title?: string; disabled?: boolean } = {}) {
    return html`<button type="button" aria-pressed=${String(pressed)} data-testid=${extra.testid ?? nothing} title=${extra.title ?? nothing} ?disabled=${extra.disabled ?? false} @click=${onClick}>${label}</button>`;
  }

  private renderBar() {
    const pair = this.layout === 'pair';
    const overlays: [OverlayMode, StringKey][] = [
      ['side', 'compare.overlaySide'],
      ['flicker', 'compare.overlayFlicker'],
      ['fade', 'compare.overlayFade'],
      ['difference', 'compare.overlayDifference'],
    ];
    return html`<div class="bar" role="toolbar" aria-label=${t('compare.title')}>
      <div class="group">
        <span class="name">${t('compare.layout')}</span>
        ${this.toggle(pair, t('compare.layoutPair'), () => this.setLayout('pair'))}
        ${this.toggle(!pair, t('compare.layoutGrid'), () => this.setLayout('grid'))}
      </div>
      <div class="group">
        <button type="button" data-preset="pelvis" @click=${() => this.applyPreset('pelvis')}>${t('compare.presetPelvis')}</button>
        <button type="button" data-preset="figures" @click=${() => this.applyPreset('figures')}>${t('compare.presetFigures')}</button>
        <button type="button" data-preset="mr" @click=${() => this.applyPreset('mr')}>${t('compare.presetMr')}</button>
      </div>
      <div class="group">
        <span class="name">${t('compare.sync')}</span>
        ${this.toggle(this.sync.zoomPan, t('compare.syncZoomPan'), () => this.toggleSync('zoomPan'), { testid: 'sync-zoomPan' })}
        ${this.toggle(this.sync.voi, t('compare.syncVoi'), () => this.toggleSync('voi'), { testid: 'sync-voi' })}
        ${this.toggle(this.sync.stack, t('compare.syncStack'), () => this.toggleSync('stack'), { testid: 'sync-stack', title: t('compare.syncStackHint') })}
      </div>
      <div class="group">
        ${this.toggle(this.landmarkMode, t('compare.landmarks'), () => (this.landmarkMode = !this.landmarkMode), { testid: 'landmark-mode', title: t('compare.landmarksHint'), disabled: !pair })}
        <button type="button" ?disabled=${this.landmarks[0].length + this.landmarks[1].length === 0} @click=${() => this.undoLandmark()}>${t('compare.undoLandmark')}</button>
        <button type="button" ?disabled=${this.landmarks[0].length + this.landmarks[1].length === 0} @click=${() => this.clearLandmarks()}>${t('compare.clearLandmarks')}</button>
      </div>
      <div class="group">
        <span class="name">${t('compare.overlay')}</span>
        ${overlays.map(([mode, key]) => this.toggle(this.overlay === mode, t(key), () => this.setOverlay(mode), { testid: `overlay-${mode}`, disabled: !pair }))}
        ${this.overlay === 'flicker'
          ? html`<input type="number" min="0" max="20" step="0.5" aria-label=${t('compare.flickerRate')} title=${t('compare.flickerRate')} .value=${String(this.flickerHz)}
                @change=${(e: Event) => (this.flickerHz = Math.max(0, Math.min(20, Number((e.target as HTMLInputElement).value) || 0)))} /><span class="name">${t('compare.hz')}</span
              ><button type="button" title=${t('compare.flickerStep')} @click=${() => this.flickerStep()}>${t('compare.flickerStepShort')}<kbd>Y</kbd></button>`
          : nothing}
        ${this.overlay === 'fade'
          ? html`<input
              type="range"
              min="0"
              max="1"
              step="0.01"
              aria-label=${t('compare.fadeSlider')}
              .value=${String(this.fade)}
              @keydown=${this.keepSliderKeys}
              @input=${(e: Event) => (this.fade = Number((e.target as HTMLInputElement).value))}
            />`
          : nothing}
      </div>
    </div>`;
  }

  private renderAlignment() {
    const pair = this.layout === 'pair';
    const aligned = this.alignment();
    const [a, b] = this.landmarks;
    const rows = Math.max(a.length, b.length);
    const fmt = (p: Point2 | undefined) => (p ? `${p[0].toFixed(0)}, ${p[1].toFixed(0)}` : '—');
    const unit = aligned?.residuals.calibrated === false ? 'px' : 'mm';
    return html`<section data-testid="alignment">
      <h3>${t('compare.alignmentTitle')}</h3>
      ${!pair ? html`<p class="hint">${t('compare.alignPairOnly')}</p>` : nothing}
      ${pair && rows === 0 ? html`<p class="hint">${t('compare.landmarksHint')}</p>` : nothing}
      ${aligned
        ? html`<p class="ok" data-testid="alignment-summary">
            ${t('compare.aligned', { n: aligned.pairs, scale: scaleOf(aligned.transform).toFixed(4), rotation: rotationDegreesOf(aligned.transform).toFixed(2) })}
            · ${t('compare.rms', { value: aligned.residuals.rmsMm.toFixed(2), unit })}
          </p>`
        : pair && rows > 0
          ? html`<p class="hint">${t('compare.needPairs')}</p>`
          : nothing}
      ${rows > 0
        ? html`<table>
            <thead><tr><th>#</th><th>${t('compare.pointIn', { n: 1 })}</th><th>${t('compare.pointIn', { n: 2 })}</th><th class="num">${t('compare.residual', { unit })}</th></tr></thead>
            <tbody>
              ${Array.from({ length: rows }, (_, i) => {
                const r = aligned && i < aligned.pairs ? aligned.residuals.perLandmark[i] : null;
                return html`<tr data-testid="landmark-row"><td>${i + 1}</td><td>${fmt(a[i])}</td><td>${fmt(b[i])}</td><td class="num" data-testid="residual">${r ? r.mm.toFixed(2) : '—'}</td></tr>`;
              })}
            </tbody>
          </table>`
        : nothing}
    </section>`;
  }

  private renderChangeTable() {
    void this.annotationVersion;
    const rows = this.changeRows();
    const language = currentLanguage();
    const aligned = this.alignment();
    const scale = aligned ? scaleOf(aligned.transform) : null;
    return html`<section data-testid="change-table">
      <h3>${t('compare.changeTitle')}</h3>
      ${rows.length === 0
        ? html`<p class="hint">${t('compare.changeNone')}</p>`
        : html`<table>
              <thead>
                <tr>
                  <th>${t('compare.changeFinding')}</th>
                  <th class="num">${formatDate(rows[0].before.date)}</th>
                  <th class="num">${formatDate(rows[0].after.date)}</th>
                  <th class="num">${t('compare.changeAbsolute')}</th>
                  <th class="num">${t('compare.changePercent')}</th>
                  ${scale ? html`<th class="num" title=${t('compare.changeCorrectedHint')}>${t('compare.changeCorrected')}</th>` : nothing}
                </tr>
              </thead>
              <tbody>
                ${rows.map((r) => {
                  const name = findingFor(r.finding)?.name[language] ?? r.finding;
                  const corrected = scale ? ((r.after.value / scale - r.before.value) / r.before.value) * 100 : null;
                  return html`<tr data-testid="change-row" data-before=${r.before.annotationId} data-after=${r.after.annotationId}>
                    <td>${name}${r.label ? html`<div class="hint">${r.label}</div>` : nothing}</td>
                    <td class="num" data-testid="before">${r.before.value.toFixed(1)} ${r.before.unit}</td>
                    <td class="num" data-testid="after">${r.after.value.toFixed(1)} ${r.after.unit}</td>
                    <td class="num" data-testid="absolute">${signed(r.absolute)} ${r.after.unit}</td>
                    <td class="num" data-testid="percent">${r.percent === null ? '—' : `${signed(r.percent)} %`}</td>
                    ${scale ? html`<td class="num">${corrected === null ? '—' : `${signed(corrected)} %`}</td>` : nothing}
                  </tr>`;
                })}
              </tbody>
            </table>
            <p class="hint">${t('compare.changeDetector')}</p>`}
    </section>`;
  }

  render() {
    const count = this.layout === 'grid' ? 4 : 2;
    return html`
      ${this.renderBar()}
      <div class="panes ${this.layout}">${Array.from({ length: count }, (_, i) => this.renderPane(i))}</div>
      <div class="info">${this.renderAlignment()} ${this.renderChangeTable()}</div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rc-compare': RcCompare;
  }
}
