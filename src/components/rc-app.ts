// <rc-app>: the viewer shell. Opens the bundled case, takes the user's files, routes toolbar and
// keyboard requests to the viewport, and shows what could not be loaded.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { actionForKey, type ShortcutAction } from '../app/shortcuts';
import { filesFromDataTransfer } from '../app/dropped-files';
import type { VoiRange, WindowPreset } from '../imaging/display';
import { startImaging } from '../imaging/cornerstone';
import { ImageLibrary, type LoadProblem, type ViewerSeries, type ViewerStudy } from '../imaging/library';
import type { PrimaryTool } from '../imaging/tools';
import type { ViewState } from '../imaging/viewport-controller';
import { language, t } from '../i18n/strings';
import type { RcToolbar } from './rc-toolbar';
import type { RcViewport } from './rc-viewport';
import './rc-help';
import './rc-problems';
import './rc-series-browser';
import './rc-toolbar';
import './rc-viewport';

const TOOL_OF_ACTION: Partial<Record<ShortcutAction, PrimaryTool>> = {
  'tool-window-level': 'windowLevel',
  'tool-pan': 'pan',
  'tool-zoom': 'zoom',
  'tool-scroll': 'scroll',
};

@customElement('rc-app')
export class RcApp extends LitElement {
  static styles = css`
    :host {
      display: grid;
      grid-template-rows: auto auto 1fr;
      height: 100vh;
      background: #0b1216;
      color: #dce6ec;
      font: 14px system-ui, sans-serif;
      position: relative;
    }
    header {
      display: flex;
      align-items: center;
      gap: 14px;
      padding: 8px 14px;
      background: #0f1a20;
      border-bottom: 1px solid #24343d;
    }
    .brand { font-weight: 700; font-size: 17px; letter-spacing: 0.02em; color: #4fb3d9; }
    .case-title { font-size: 15px; }
    .badge {
      font-size: 12px;
      padding: 2px 8px;
      border-radius: 10px;
      background: #4a3a10;
      color: #ffd54a;
      border: 1px solid #8a6d1c;
    }
    .spacer { flex: 1; }
    header button, header label.button {
      font: 13px system-ui, sans-serif;
      color: inherit;
      background: #1d2d36;
      border: 1px solid #2f4450;
      border-radius: 4px;
      padding: 5px 10px;
      cursor: pointer;
    }
    header button:focus-visible { outline: 2px solid #4fb3d9; }
    main {
      display: grid;
      grid-template-columns: 280px 1fr;
      min-height: 0;
    }
    rc-series-browser { border-right: 1px solid #24343d; min-height: 0; }
    rc-viewport { min-height: 0; }
    .drop {
      position: absolute;
      inset: 0;
      display: grid;
      place-items: center;
      background: #0b3a52cc;
      border: 3px dashed #4fb3d9;
      font-size: 20px;
      z-index: 40;
      pointer-events: none;
    }
    input[type='file'] { display: none; }
    .hint { color: #7f95a1; font-size: 12px; }
  `;

  /** URL of the case manifest to open; empty opens none. */
  @property({ attribute: 'case-url' }) caseUrl = '';

  @state() private studies: ViewerStudy[] = [];
  @state() private problems: LoadProblem[] = [];
  @state() private selected: ViewerSeries | null = null;
  @state() private selectedStudy: ViewerStudy | null = null;
  @state() private tool: PrimaryTool = 'windowLevel';
  @state() private view: ViewState | null = null;
  @state() private presets: WindowPreset[] = [];
  @state() private playing = false;
  @state() private fps = 10;
  @state() private dragging = false;
  @state() private helpOpen = false;
  @state() private firstImageShown = false;
  @state() private caseTitle = '';
  @state() private synthetic = false;

  @query('rc-viewport') private viewport!: RcViewport;
  @query('rc-toolbar') private toolbar!: RcToolbar;
  @query('#file-input') private fileInput!: HTMLInputElement;
  @query('#folder-input') private folderInput!: HTMLInputElement;

  @state() library: ImageLibrary | null = null;
  private dragDepth = 0;

  private readonly onKey = (event: KeyboardEvent) => this.handleKey(event);
  private readonly onDragEnter = (event: DragEvent) => {
    if (!event.dataTransfer?.types.includes('Files')) return;
    event.preventDefault();
    this.dragDepth++;
    this.dragging = true;
  };
  private readonly onDragOver = (event: DragEvent) => {
    if (event.dataTransfer?.types.includes('Files')) event.preventDefault();
  };
  private readonly onDragLeave = () => {
    this.dragDepth = Math.max(0, this.dragDepth - 1);
    if (this.dragDepth === 0) this.dragging = false;
  };
  private readonly onDrop = (event: DragEvent) => {
    event.preventDefault();
    this.dragDepth = 0;
    this.dragging = false;
    if (event.dataTransfer) void filesFromDataTransfer(event.dataTransfer).then((files) => this.openFiles(files));
  };

  connectedCallback() {
    super.connectedCallback();
    window.addEventListener('keydown', this.onKey);
    window.addEventListener('dragenter', this.onDragEnter);
    window.addEventListener('dragover', this.onDragOver);
    window.addEventListener('dragleave', this.onDragLeave);
    window.addEventListener('drop', this.onDrop);
    void this.start();
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    window.removeEventListener('keydown', this.onKey);
    window.removeEventListener('dragenter', this.onDragEnter);
    window.removeEventListener('dragover', this.onDragOver);
    window.removeEventListener('dragleave', this.onDragLeave);
    window.removeEventListener('drop', this.onDrop);
  }

  /** Resolves once Cornerstone runs and the case (if any) is listed. */
  ready: Promise<void> = Promise.resolve();

  private start() {
    this.ready = (async () => {
      await startImaging();
      const library = new ImageLibrary();
      this.library = library;
      library.addEventListener('change', () => {
        this.studies = [...library.studies];
        this.problems = library.problems;
      });
      if (this.caseUrl) {
        const manifest = await library.loadCase(this.caseUrl);
        if (manifest) {
          this.caseTitle = manifest.title[language()];
          this.synthetic = manifest.synthetic;
          const first = library.studies[0];
          if (first) this.select(first.series.find((s) => s.figure === 'fig-1') ?? first.series[0], first);
        }
      }
    })();
    return this.ready;
  }

  /**
   * Adds the user's files; the first series that gained images and whose first image decodes is
   * shown. One that does not decode is reported and leaves the image on screen as it was.
   */
  async openFiles(files: File[]) {
    await this.ready;
    const library = this.library;
    if (!library || files.length === 0) return;
    const touched = await library.addFiles(files);
    for (const series of touched) {
      if (!(await library.firstImageLoads(series))) continue;
      const study = library.studies.find((s) => s.series.includes(series)) ?? null;
      this.select(series, study);
      return;
    }
  }

  private select(series: ViewerSeries, study: ViewerStudy | null) {
    this.selected = series;
    this.selectedStudy = study;
    this.playing = false;
  }

  private onViewChange(event: CustomEvent<ViewState>) {
    this.view = event.detail;
    this.playing = this.viewport?.isPlaying ?? false;
  }

  private onImageShown() {
    this.firstImageShown = true;
    this.presets = this.viewport.presets();
    document.documentElement.dataset.firstImage = String(performance.now());
  }

  private runAction(action: ShortcutAction) {
    const vp = this.viewport;
    const tool = TOOL_OF_ACTION[action];
    if (tool) {
      this.tool = tool;
      return;
    }
    switch (action) {
      case 'next-image': return void vp.stepImages(1);
      case 'previous-image': return void vp.stepImages(-1);
      case 'next-page': return void vp.stepImages(10);
      case 'previous-page': return void vp.stepImages(-10);
      case 'first-image': return void vp.goTo(0);
      case 'last-image': return void vp.goTo(Number.MAX_SAFE_INTEGER);
      case 'toggle-cine':
        if (vp.isPlaying) vp.stop();
        else vp.play();
        this.playing = vp.isPlaying;
        return;
      case 'invert': return vp.toggleInvert();
      case 'rotate-right': return vp.rotate(90);
      case 'rotate-left': return vp.rotate(-90);
      case 'flip-horizontal': return vp.flip('horizontal');
      case 'flip-vertical': return vp.flip('vertical');
      case 'fit': return vp.fit();
      case 'actual-size': return vp.actualSize();
      case 'zoom-in': return vp.zoomBy(1.25);
      case 'zoom-out': return vp.zoomBy(0.8);
      case 'reset':
        if (this.helpOpen) this.helpOpen = false;
        else vp.reset();
        this.playing = false;
        return;
      case 'hot-iron': return vp.toggleHotIron();
      case 'edit-window': return this.toolbar.focusWindowInput();
      case 'preset-1':
      case 'preset-2':
      case 'preset-3':
      case 'preset-4':
      case 'preset-5': {
        const preset = this.presets[Number(action.slice(-1)) - 1];
        if (preset) vp.applyVoi(preset.voi);
        return;
      }
      case 'open-files': return this.fileInput.click();
      case 'help':
        this.helpOpen = !this.helpOpen;
        return;
    }
  }

  private handleKey(event: KeyboardEvent) {
    const target = event.composedPath()[0] as HTMLElement | undefined;
    if (target && (target.tagName === 'INPUT' || target.tagName === 'SELECT' || target.tagName === 'TEXTAREA')) {
      if (event.key === 'Escape') target.blur();
      return;
    }
    const action = actionForKey(event);
    if (!action) return;
    if (action === 'toggle-cine' && target?.tagName === 'BUTTON') return;
    event.preventDefault();
    this.runAction(action);
  }

  private onPicked(event: Event) {
    const input = event.target as HTMLInputElement;
    const files = [...(input.files ?? [])];
    input.value = '';
    void this.openFiles(files);
  }

  render() {
    return html`
      <header>
        <span class="brand">${t('app.title')}</span>
        <span class="case-title" data-testid="case-title">${this.caseTitle || t('app.tagline')}</span>
        ${this.synthetic ? html`<span class="badge" title=${t('app.syntheticLong')}>${t('app.synthetic')}</span>` : nothing}
        <span class="spacer"></span>
        <span class="hint">${t('app.dropHint')}</span>
        <button type="button" @click=${() => this.fileInput.click()}>${t('app.open')}</button>
        <button type="button" @click=${() => this.folderInput.click()}>${t('app.openFolder')}</button>
        <input id="file-input" type="file" multiple @change=${this.onPicked} aria-label=${t('app.open')} />
        <input id="folder-input" type="file" webkitdirectory multiple @change=${this.onPicked} aria-label=${t('app.openFolder')} />
      </header>
      <rc-toolbar
        .tool=${this.tool}
        .presets=${this.presets}
        .voi=${this.view?.voi ?? null}
        ?invert=${this.view?.invert ?? false}
        ?hotIron=${this.view?.hotIron ?? false}
        ?playing=${this.playing}
        ?stack=${(this.view?.imageCount ?? 0) > 1}
        .fps=${this.fps}
        @rc-action=${(e: CustomEvent<{ action: ShortcutAction }>) => this.runAction(e.detail.action)}
        @rc-voi=${(e: CustomEvent<{ voi: VoiRange }>) => this.viewport.applyVoi(e.detail.voi)}
        @rc-fps=${(e: CustomEvent<{ fps: number }>) => (this.fps = e.detail.fps)}
      ></rc-toolbar>
      ${this.library ? this.renderMain(this.library) : html`<main><p class="hint">${t('app.loadingCase')}</p></main>`}
      <rc-problems .problems=${this.problems} @rc-dismiss=${(e: CustomEvent<{ id?: number }>) => this.library?.dismiss(e.detail.id)}></rc-problems>
      ${this.dragging ? html`<div class="drop">${t('app.dropNow')}</div>` : nothing}
      ${this.helpOpen ? html`<rc-help @rc-close=${() => (this.helpOpen = false)}></rc-help>` : nothing}
    `;
  }

  private renderMain(library: ImageLibrary) {
    return html`
      <main>
        <rc-series-browser
          .studies=${this.studies}
          .selected=${this.selected}
          ?thumbnails=${this.firstImageShown}
          @rc-select-series=${(e: CustomEvent<{ series: ViewerSeries; study: ViewerStudy }>) => this.select(e.detail.series, e.detail.study)}
        ></rc-series-browser>
        <rc-viewport
          .library=${library}
          .series=${this.selected}
          .study=${this.selectedStudy}
          primary-tool=${this.tool}
          .fps=${this.fps}
          @rc-view-change=${this.onViewChange}
          @rc-image-shown=${this.onImageShown}
        ></rc-viewport>
      </main>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rc-app': RcApp;
  }
}
