// <rc-figure>: one figure of a teaching case for any web page (a course site, an HTML slide deck),
// built as its own small bundle (dist/embed/rc-figure.js) that loads nothing else of the app.
import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { Annotation } from '../annotations/model';
import { AnnotationStore } from '../annotations/store';
import { findingFor } from '../annotations/vocabulary';
import type { CaseManifest } from '../case/manifest';
import { translate, type Language, type StringKey } from '../i18n/strings';
import { AnnotationBridge } from '../imaging/annotation-bridge';
import { chooseRenderer } from '../imaging/cornerstone';
import { formatWindowLevel, toWindowLevel } from '../imaging/display';
import type { ImageLibrary, ViewerSeries } from '../imaging/library';
import { imagePointAt, onViewChanged } from '../imaging/pointer';
import { bindViewportTools, type ViewportTools } from '../imaging/tools';
import { ViewportController, type ViewState } from '../imaging/viewport-controller';
import { caseSource, expertMarks } from './case-source';
import { chooseFigureSeries, figureNumber, languageOf, markAt, onImage, openingIndex } from './figure-logic';

// As in the app, ?renderer=gpu or ?renderer=cpu on the page overrides the automatic choice.
const rendererParam = new URLSearchParams(location.search).get('renderer');
if (rendererParam === 'gpu' || rendererParam === 'cpu') chooseRenderer(rendererParam);

let figureCount = 0;
/** How near (in CSS pixels) the pointer must pass to a mark's line to point at it. */
const POINTER_TOLERANCE_PX = 6;
/** Pointer travel (CSS pixels) under which a press and release is a click, not a drag. */
const CLICK_SLOP_PX = 4;

export type FigureStatus = 'loading' | 'shown' | 'error';

/**
 * One figure of a case: a stack viewport with the expert's marks and their notes.
 *
 * Attributes: `case` (URL of a radcase.case/1 manifest), `figure` (e.g. "fig-2"), `annotations`
 * ("expert", the default, or "none"), `series` (SeriesNumber, when several series stand for the
 * figure), `image` (1-based image to open on), `lang` ("en" or "es"; else the page's language).
 * Height of the image: the CSS custom property `--rc-figure-height` (default 420px).
 *
 * @event rc-figure-shown - the figure's first image is on screen.
 * @event rc-figure-error - the figure cannot be shown: detail { message }.
 * @csspart image - the image area.
 * @csspart caption - the caption below it.
 */
@customElement('rc-figure')
export class RcFigure extends LitElement {
  static styles = css`
    :host {
      display: block;
      margin: 1.5em 0;
      color: inherit;
      font: inherit;
    }
    figure {
      margin: 0;
    }
    .frame {
      position: relative;
      height: var(--rc-figure-height, 420px);
      background: #000;
      border-radius: 6px;
      overflow: hidden;
      outline: none;
      touch-action: none;
      color: #e8eef2;
      font: 12px/1.35 system-ui, sans-serif;
    }
    .frame:focus-visible {
      box-shadow: 0 0 0 3px #4fb3d9;
    }
    .canvas-host {
      position: absolute;
      inset: 0;
    }
    .overlay {
      position: absolute;
      inset: 0;
      pointer-events: none;
      text-shadow: 0 0 3px #000, 0 0 2px #000;
    }
    .corner {
      position: absolute;
      padding: 6px 8px;
    }
    .tl { top: 0; left: 0; }
    .bl { bottom: 0; left: 0; }
    .tr { top: 0; right: 0; text-align: right; }
    .synthetic {
      display: inline-block;
      padding: 1px 6px;
      border-radius: 3px;
      background: rgba(255, 176, 32, 0.85);
      color: #1b1300;
      text-shadow: none;
      font-weight: 600;
      pointer-events: auto;
      cursor: help;
    }
    button.reset {
      position: absolute;
      right: 8px;
      bottom: 8px;
      pointer-events: auto;
      font: 12px system-ui, sans-serif;
      color: #e8eef2;
      background: rgba(20, 30, 36, 0.85);
      border: 1px solid #4a5a64;
      border-radius: 4px;
      padding: 3px 10px;
      cursor: pointer;
    }
    button.reset:hover { background: #24343d; }
    .status {
      position: absolute;
      inset: 0;
      display: grid;
      place-items: center;
      padding: 24px;
      text-align: center;
      font-size: 14px;
      color: #9fb0bb;
    }
    .status.error {
      color: #ffd6d6;
      background: #2a0d0d;
    }
    figcaption {
      padding: 0.5em 0.1em 0;
      line-height: 1.45;
    }
    .title strong { margin-right: 0.4em; }
    .modality {
      font-size: 0.8em;
      padding: 0 0.4em;
      border: 1px solid currentColor;
      border-radius: 3px;
      opacity: 0.7;
      margin-left: 0.4em;
    }
    .note {
      margin-top: 0.35em;
      min-height: 2.9em;
      padding: 0.4em 0.6em;
      border-left: 4px solid #9aa5ad;
      background: rgba(127, 127, 127, 0.08);
      border-radius: 0 4px 4px 0;
    }
    .note .finding { font-weight: 600; }
    .note.quiet { opacity: 0.75; font-style: italic; }
    .hint {
      margin-top: 0.3em;
      font-size: 0.8em;
      opacity: 0.65;
    }
  `;

  /** URL of the case manifest. */
  @property({ attribute: 'case' }) caseUrl = '';
  @property() figure = '';
  @property() annotations: 'expert' | 'none' = 'expert';
  /** SeriesNumber of the series to show, when several stand for the figure. */
  @property({ type: Number }) series?: number;
  /** The 1-based image of the stack to open on (default: its middle). */
  @property({ type: Number }) image?: number;
  /** The element's own `lang`; when absent the figure speaks its page's language. */
  @property({ attribute: 'lang' }) languageTag: string | null = null;
  /** Where the figure is: loading, shown, or showing an error message. */
  @property({ reflect: true }) status: FigureStatus = 'loading';

  @state() private message = '';
  @state() private view: ViewState | null = null;
  @state() private manifest: CaseManifest | null = null;
  @state() private shownSeries: ViewerSeries | null = null;
  @state() private hovered: Annotation | null = null;
  @state() private pinned: Annotation | null = null;
  @state() private marksOnImage: Annotation[] = [];

  readonly viewportId = `rc-figure-${++figureCount}`;
  controller: ViewportController | null = null;
  library: ImageLibrary | null = null;
  /** The expert's marks on this figure's series, mirrored into Cornerstone by the bridge. */
  readonly marks = new AnnotationStore();
  bridge: AnnotationBridge | null = null;
  private tools: ViewportTools | null = null;
  private stopListening: (() => void) | null = null;
  private runToken = 0;
  private settle!: () => void;
  /** Resolves once the figure shows its first image or its error message. */
  ready = this.newReady();
  private marksSettled!: () => void;
  /** Resolves once the expert's marks are drawn (or known to be absent). */
  marksReady = new Promise<void>((resolve) => (this.marksSettled = resolve));

  private readonly resizeObserver = new ResizeObserver(() => {
    if (!this.controller) return;
    this.controller.resize();
    this.refresh();
  });

  private newReady() {
    return new Promise<void>((resolve) => (this.settle = resolve));
  }

  private get language(): Language {
    return languageOf(this.languageTag ?? this.closest('[lang]')?.getAttribute('lang'));
  }

  private say(key: StringKey, values: Record<string, string | number> = {}) {
    return translate(this.language, key, values);
  }

  private get host(): HTMLDivElement | null {
    return this.renderRoot.querySelector('.canvas-host');
  }

  private hasRun = false;

  protected firstUpdated() {
    void this.run();
  }

  protected updated(changed: PropertyValues<this>) {
    // The first update started the figure (firstUpdated); later ones restart it when what it shows changes.
    if (this.hasRun && (['caseUrl', 'figure', 'annotations', 'series', 'image'] as const).some((key) => changed.has(key))) void this.run();
    this.hasRun = true;
  }

  connectedCallback() {
    super.connectedCallback();
    this.resizeObserver.observe(this);
    if (this.hasUpdated && !this.controller) void this.run();
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    this.resizeObserver.disconnect();
    this.teardown();
  }

  private teardown() {
    this.runToken++;
    this.stopListening?.();
    this.stopListening = null;
    this.bridge?.destroy();
    this.bridge = null;
    this.tools?.destroy();
    this.tools = null;
    this.controller?.destroy();
    this.controller = null;
  }

  private fail(message: string) {
    this.status = 'error';
    this.message = message;
    this.settle();
    this.marksSettled();
    this.dispatchEvent(new CustomEvent('rc-figure-error', { detail: { message }, bubbles: true, composed: true }));
  }

  /** Reads the case, shows the figure's series, then binds the mouse and draws the expert's marks. */
  private async run() {
    this.teardown();
    const token = this.runToken;
    const current = () => token === this.runToken && this.isConnected;
    this.status = 'loading';
    this.message = '';
    this.hovered = this.pinned = null;
    if (!this.caseUrl.trim()) return this.fail(this.say('embed.noCase'));
    const source = await caseSource(this.caseUrl);
    if (!current()) return;
    if (!source.manifest) return this.fail(this.say('embed.badCase', { url: this.caseUrl, reason: source.problem ?? '' }));
    this.library = source.library;
    this.manifest = source.manifest;
    const choice = chooseFigureSeries(source.library.studies, this.figure.trim(), this.series);
    if (!choice.ok) {
      return this.fail(
        choice.problem === 'no-figure'
          ? this.say('embed.noFigure', { figure: this.figure, figures: choice.figures.join(', ') || '—' })
          : this.say('embed.noSeries', { figure: this.figure, series: String(this.series), list: choice.seriesNumbers.join(', ') }),
      );
    }
    const series = choice.series;
    this.shownSeries = series;
    await this.updateComplete;
    const host = this.host;
    if (!host || !current()) return;
    const library = source.library;
    const controller = new ViewportController(this.viewportId, host, (id) => library.infoFor(id));
    this.controller = controller;
    const stopView = onViewChanged(host, () => this.refresh());
    this.stopListening = stopView;
    try {
      await controller.showStack(series.imageIds, openingIndex(series.imageIds.length, this.image));
      // A multi-frame file (the bone scan's two views) is one image per frame once it has been read.
      const files = series.imageIds.length;
      await library.expandFrames(series);
      if (!current()) return;
      if (series.imageIds.length !== files) await controller.showStack(series.imageIds, openingIndex(series.imageIds.length, this.image));
    } catch (error) {
      if (current()) this.fail(this.say('embed.badImage', { reason: this.problemFor(series, error) }));
      return;
    }
    if (!current()) return;
    this.status = 'shown';
    this.refresh();
    this.settle();
    this.dispatchEvent(new CustomEvent('rc-figure-shown', { bubbles: true, composed: true }));

    try {
      this.tools = await bindViewportTools(host, this.viewportId, controller.renderingEngineId, 'windowLevel');
      if (!current()) return;
      await this.attachMarks(source.manifest.caseId, series, current);
    } catch (error) {
      // The image stays on screen; what failed (the mouse tools or the marks) is said below it.
      if (current()) this.message = this.say('embed.badMarks', { reason: error instanceof Error ? error.message : String(error) });
    } finally {
      this.marksSettled();
    }
    // The rest of the stack, so that scrolling never waits and marks on every image can be placed.
    void library.prefetch(series.imageIds).then(() => {
      if (current()) {
        this.bridge?.sync();
        this.refresh();
      }
    });
  }

  private async attachMarks(caseId: string, series: ViewerSeries, current: () => boolean) {
    if (this.annotations === 'none' || !this.library || !this.host) return;
    let marks: Annotation[];
    try {
      marks = await expertMarks(this.caseUrl, caseId);
    } catch (error) {
      if (current()) this.message = this.say('embed.badMarks', { reason: error instanceof Error ? error.message : String(error) });
      return;
    }
    if (!current()) return;
    // Only this figure's series: each figure mirrors its own marks, so several figures never
    // mirror the same mark into Cornerstone's page-wide annotation state.
    this.marks.load({ schema: 'radcase.annotations/1', caseId, set: 'expert', annotations: marks.filter((m) => m.image.seriesInstanceUID === series.key) });
    this.bridge = await AnnotationBridge.attach(this.host, this.viewportId, this.marks, this.library, async () => null, () => 'expert', {
      takesNewMarks: false,
      editable: false,
    });
    if (!current()) return;
    this.bridge.addEventListener('select', (e) => {
      const mark = this.marks.get((e as CustomEvent<string>).detail);
      if (mark) this.pinned = mark;
    });
    this.refresh();
  }

  /** What went wrong with a series' image, as the library reported it for one of its files. */
  private problemFor(series: ViewerSeries, error: unknown): string {
    const paths = series.imageIds.map((id) => decodeURIComponent(id.replace(/^radcase:/, '').replace(/[?&]frame=\d+$/, '')));
    const problem = [...(this.library?.problems ?? [])].reverse().find((p) => paths.some((path) => path.endsWith(p.subject)));
    if (problem) return `${problem.subject}: ${problem.reason}`;
    const reason = (error as { reason?: unknown } | null)?.reason;
    return typeof reason === 'string' ? reason : error instanceof Error ? error.message : String(error);
  }

  /** Re-reads the display facts and the marks on the image now shown. */
  private refresh() {
    const controller = this.controller;
    if (!controller || !this.library) return;
    this.view = controller.state();
    const imageId = controller.viewport.getCurrentImageId();
    const ref = imageId ? this.library.referenceOf(imageId) : undefined;
    const onThisImage = ref ? this.marks.all().filter((m) => onImage(m, ref)) : [];
    if (onThisImage.length !== this.marksOnImage.length || onThisImage.some((m, i) => m.id !== this.marksOnImage[i]?.id)) {
      this.marksOnImage = onThisImage;
      if (this.pinned && !onThisImage.some((m) => m.id === this.pinned?.id)) this.pinned = null;
      if (this.hovered && !onThisImage.some((m) => m.id === this.hovered?.id)) this.hovered = null;
    }
  }

  /** The image (1-based) on screen now, and how many the stack has. */
  get imagePosition() {
    return { index: (this.view?.imageIndex ?? 0) + 1, count: this.view?.imageCount ?? 0 };
  }

  private markUnder(event: PointerEvent): Annotation | null {
    if (!this.controller || this.marksOnImage.length === 0) return null;
    const at = imagePointAt(this.controller, event.clientX, event.clientY);
    return at ? markAt(this.marksOnImage, at.point, POINTER_TOLERANCE_PX * at.pixelsPerCssPixel) : null;
  }

  private pressed: { x: number; y: number; button: number } | null = null;

  private onPointerMove(event: PointerEvent) {
    if (event.buttons !== 0) return;
    const mark = this.markUnder(event);
    if (mark?.id === this.hovered?.id) return;
    this.hovered = mark;
    // After Cornerstone's own handling of this move, which resets highlights away from the lines.
    requestAnimationFrame(() => this.bridge?.highlight(this.hovered?.id ?? null));
  }

  private onPointerLeave() {
    if (!this.hovered) return;
    this.hovered = null;
    this.bridge?.highlight(null);
  }

  private onPointerDown(event: PointerEvent) {
    this.pressed = { x: event.clientX, y: event.clientY, button: event.button };
    (event.currentTarget as HTMLElement).focus({ preventScroll: true });
  }

  private onPointerUp(event: PointerEvent) {
    const pressed = this.pressed;
    this.pressed = null;
    if (!pressed || pressed.button !== 0 || Math.hypot(event.clientX - pressed.x, event.clientY - pressed.y) > CLICK_SLOP_PX) return;
    const mark = this.markUnder(event);
    this.pinned = mark;
    this.bridge?.select(mark?.id ?? null);
  }

  private onKey(event: KeyboardEvent) {
    const controller = this.controller;
    if (!controller || event.ctrlKey || event.metaKey || event.altKey) return;
    const steps: Record<string, number> = { ArrowDown: 1, ArrowRight: 1, ArrowUp: -1, ArrowLeft: -1, PageDown: 10, PageUp: -10 };
    if (event.key in steps) void controller.scrollBy(steps[event.key]);
    else if (event.key === 'Home') void controller.goTo(0);
    else if (event.key === 'End') void controller.goTo(controller.imageCount() - 1);
    else if (event.key === 'Escape' || event.key === '0') this.reset();
    else return;
    event.preventDefault();
  }

  /** Back to how the figure opened: its window, fitted, unpanned. */
  reset() {
    this.controller?.reset();
  }

  private caption() {
    const series = this.shownSeries;
    const number = this.figure ? this.say('case.figure', { n: figureNumber(this.figure) }) : '';
    return { number, description: series?.description ?? '', modality: series?.modality ?? '' };
  }

  private renderNote() {
    const mark = this.hovered ?? this.pinned;
    if (mark) {
      const finding = findingFor(mark.finding);
      const name = finding?.name[this.language] ?? mark.finding;
      const note = mark.note?.[this.language] || mark.note?.en || '';
      return html`<div class="note" data-testid="note" data-mark=${mark.id} style="border-left-color:${finding?.colour ?? '#9aa5ad'}">
        <span class="finding">${name}</span>${mark.label && mark.label !== name ? html` · ${mark.label}` : nothing}${note ? html` — ${note}` : nothing}
      </div>`;
    }
    const quiet = this.marksOnImage.length > 0 ? this.say('embed.markHint') : this.bridge ? this.say('embed.noMarks') : '';
    return html`<div class="note quiet" data-testid="note">${quiet}</div>`;
  }

  render() {
    const view = this.view;
    const { number, description, modality } = this.caption();
    const captionText = `${number} ${description}`.trim();
    const synthetic = this.manifest?.synthetic;
    const wl = view?.voi ? formatWindowLevel(toWindowLevel(view.voi)) : '';
    return html`
      <figure>
        <div
          class="frame"
          part="image"
          tabindex="0"
          role="img"
          aria-label=${this.say('embed.label', { caption: captionText })}
          @keydown=${this.onKey}
          @pointermove=${this.onPointerMove}
          @pointerleave=${this.onPointerLeave}
          @pointerdown=${this.onPointerDown}
          @pointerup=${this.onPointerUp}
          @contextmenu=${(e: Event) => e.preventDefault()}
        >
          <div class="canvas-host"></div>
          ${this.status === 'shown' && view
            ? html`<div class="overlay">
                <div class="corner tl" data-testid="image-index">${this.say('overlay.image', { n: view.imageIndex + 1, total: view.imageCount })}</div>
                <div class="corner bl" data-testid="window-level">${wl}</div>
                ${synthetic
                  ? html`<div class="corner tr"><span class="synthetic" data-testid="synthetic" title=${this.manifest?.syntheticNotice?.[this.language] ?? ''}>${this.say('app.synthetic')}</span></div>`
                  : nothing}
                <button class="reset" type="button" @click=${() => this.reset()} @pointerdown=${(e: Event) => e.stopPropagation()}>${this.say('action.reset')}</button>
              </div>`
            : nothing}
          ${this.status === 'loading' ? html`<div class="status">${this.say('embed.loading')}</div>` : nothing}
          ${this.status === 'error' ? html`<div class="status error" role="alert" data-testid="error">${this.message}</div>` : nothing}
        </div>
        <figcaption part="caption">
          ${captionText
            ? html`<div class="title" data-testid="caption"><strong>${number}</strong>${description}${modality ? html`<span class="modality">${modality}</span>` : nothing}</div>`
            : nothing}
          ${this.status === 'shown' ? this.renderNote() : nothing}
          ${this.status === 'shown' && this.message ? html`<div class="hint" role="alert" data-testid="marks-error">${this.message}</div>` : nothing}
          ${this.status === 'shown' ? html`<div class="hint">${this.say('embed.hint')}</div>` : nothing}
        </figcaption>
      </figure>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rc-figure': RcFigure;
  }
}
