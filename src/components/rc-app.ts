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
import { AnnotationStore } from '../annotations/store';
import type { Annotation, AnnotationKind, AnnotationSet } from '../annotations/model';
import type { RcFindingDialog } from './rc-finding-dialog';
import type { PanelGroup } from './rc-annotation-panel';
import './rc-finding-dialog';
// Validation (ajv), storage (IndexedDB) and DICOM SR (Cornerstone's adapters, dcmjs) load after the
// first image: nothing of them is needed to show it.
const persistence = () => import('../annotations/persistence');
const annotationFiles = () => import('../app/annotation-files');
import './rc-annotation-panel';
import type { ViewState } from '../imaging/viewport-controller';
import { currentLanguage, setLanguage, t } from '../i18n/strings';
import type { CaseManifest } from '../case/manifest';
import type { CaseStory } from '../case/story';
import type { RcToolbar } from './rc-toolbar';
import type { RcViewport } from './rc-viewport';
import './rc-help';
import './rc-problems';
import './rc-series-browser';
import './rc-toolbar';
import './rc-viewport';
import { LanguageController } from '../i18n/language-controller';

/** The drawing tools in the order the annotation panel lists them, with their keys. */
const DRAWING: [AnnotationKind, string][] = [
  ['Length', 'D'],
  ['Angle', 'A'],
  ['Bidirectional', 'B'],
  ['EllipticalROI', 'E'],
  ['RectangleROI', 'T'],
  ['PlanarFreehandROI', 'G'],
  ['ArrowAnnotate', 'K'],
  ['Probe', 'X'],
];

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
      grid-template-columns: 260px minmax(0, 1fr) 340px;
      min-height: 0;
    }
    aside.side { display: flex; flex-direction: column; min-height: 0; border-left: 1px solid #24343d; background: #101a20; }
    .tabs { display: flex; border-bottom: 1px solid #24343d; }
    .tabs button { flex: 1; font: 13px system-ui, sans-serif; color: #9fb0bb; background: none; border: none; border-bottom: 2px solid transparent; padding: 8px; cursor: pointer; }
    .tabs button[aria-selected='true'] { color: #e8eef2; border-bottom-color: #4fb3d9; }
    rc-case-panel, rc-annotation-panel { flex: 1; min-height: 0; }
    [hidden] { display: none !important; }
    select.language { font: 13px system-ui, sans-serif; color: inherit; background: #1d2d36; border: 1px solid #2f4450; border-radius: 4px; padding: 4px 6px; }
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
    .panel-actions { display: contents; }
    .draw-tools { display: flex; flex-wrap: wrap; gap: 4px; padding: 8px 10px; border-bottom: 1px solid #22323c; background: #101a20; }
    .draw-tools button { font: 12px system-ui, sans-serif; color: #dce6ec; background: #1d2d36; border: 1px solid #2f4450; border-radius: 4px; padding: 3px 7px; cursor: pointer; }
    .draw-tools button[aria-pressed='true'] { background: #2a6f8f; border-color: #4fb3d9; }
    .draw-tools button:disabled { opacity: 0.45; cursor: default; }
    .draw-tools kbd { font: 10px ui-monospace, monospace; color: #8fa3ae; margin-left: 4px; }
    .panel-actions button { font: 12px system-ui, sans-serif; color: #c7d3da; background: #1d2d36; border: 1px solid #2f4450; border-radius: 4px; padding: 2px 6px; cursor: pointer; }
    .hint { color: #7f95a1; font-size: 12px; }
  `;
  protected readonly languageController = new LanguageController(this);

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
  @state() private manifest: CaseManifest | null = null;
  @state() private story: CaseStory | null = null;
  /** Which of the right-hand panels shows: the case story or the annotations. */
  @state() private sideTab: 'case' | 'annotations' = 'annotations';
  @state() private synthetic = false;

  @query('rc-viewport') private viewport!: RcViewport;
  @query('rc-toolbar') private toolbar!: RcToolbar;
  @query('#file-input') private fileInput!: HTMLInputElement;
  @query('#folder-input') private folderInput!: HTMLInputElement;
  @query('#annotation-input') private importInput!: HTMLInputElement;

  @state() library: ImageLibrary | null = null;
  @query('rc-finding-dialog') private findingDialog!: RcFindingDialog;
  /** The user's own marks (autosaved) and the case's expert teaching set (read-only here). */
  readonly annotations = new AnnotationStore();
  readonly expert = new AnnotationStore();
  @state() private annotationVersion = 0;
  @state() private selectedAnnotation: string | null = null;
  @state() private hiddenFindings = new Set<string>();
  @state() private allHidden = false;
  private caseId = 'local';
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

  /** Whether the user's set has been restored, so saving cannot overwrite an unread session. */
  private restored = false;
  /** Resolves when the last change has been written to IndexedDB. */
  saved: Promise<void> = Promise.resolve();

  private start() {
    const bump = () => this.annotationVersion++;
    this.annotations.addEventListener('change', () => {
      bump();
      // Every change is written at once: a reload or a crashed tab loses at most the edit in flight.
      if (this.restored) this.saveSoon();
    });
    this.expert.addEventListener('change', bump);
    this.annotations.load({ schema: 'radcase.annotations/1', caseId: this.caseId, set: 'user', annotations: [] });
    this.ready = (async () => {
      await startImaging();
      const library = new ImageLibrary();
      this.library = library;
      library.addEventListener('change', () => {
        this.studies = [...library.studies];
        this.problems = library.problems;
      });
      if (!this.caseUrl) await this.restoreUserSet('local');
      if (this.caseUrl) {
        const manifest = await library.loadCase(this.caseUrl);
        if (manifest) {
          this.caseId = manifest.caseId;
          this.annotations.load({ schema: 'radcase.annotations/1', caseId: manifest.caseId, set: 'user', annotations: [] });
          const expertUrl = new URL(`../../annotations/${manifest.caseId}/expert.json`, new URL(this.caseUrl, location.href)).href;
          // After the first image (or a few seconds without one): the case's annotations must not
          // compete with it for the network and the main thread.
          void Promise.race([this.firstImage, new Promise((resolve) => setTimeout(resolve, 3000))])
            .then(() => this.restoreUserSet(manifest.caseId))
            .then(() => this.loadExpertSet(expertUrl));
          this.manifest = manifest;
          this.sideTab = 'case';
          // The story and its panel load beside the first image, not before it.
          void Promise.all([import('../case/story'), import('./rc-case-panel')]).then(([{ storyFor }]) => {
            this.story = storyFor(manifest.caseId) ?? null;
            if (!this.story && this.sideTab === 'case') this.sideTab = 'annotations';
          });
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

  private saving = false;
  private saveAgain = false;

  /**
   * Writes the user's set to IndexedDB now, or right after the write in progress: a burst of
   * changes costs at most two writes, and a reload loses at most the edit in flight.
   */
  private saveSoon() {
    if (this.saving) {
      this.saveAgain = true;
      return;
    }
    this.saving = true;
    this.saved = (async () => {
      try {
        do {
          this.saveAgain = false;
          await (await persistence()).saveSet(this.annotations.toSet());
        } while (this.saveAgain);
      } catch (error) {
        this.library?.report(t('annotations.yourSet'), `could not be saved in this browser: ${String(error)}`);
      } finally {
        this.saving = false;
      }
    })();
  }

  /** Brings back the user's annotations of this case from the last session. */
  private async restoreUserSet(caseId: string) {
    this.caseId = caseId;
    try {
      const saved = await (await persistence()).loadSet(caseId, 'user');
      if (saved && !saved.ok) {
        // Never save over what could not be read: it stays in the browser as it was.
        this.library?.report(t('annotations.yourSet'), t('annotations.notRestored', { reason: saved.problems.join('; ') }));
        return;
      }
      this.annotations.load(saved?.set ?? { schema: 'radcase.annotations/1', caseId, set: 'user', annotations: [] });
    } catch (error) {
      this.library?.report(t('annotations.yourSet'), `this browser's storage could not be read: ${String(error)}`);
      return;
    }
    this.restored = true;
  }

  /** Adds the marks of a JSON or DICOM SR file to the user's set; a file with any problem changes nothing. */
  async importAnnotations(file: File) {
    const library = this.library;
    if (!library) return;
    const result = await (await annotationFiles()).readAnnotationFile(library, file);
    if (!result.ok) {
      library.report(file.name, t('annotations.notLoaded', { reason: result.problems.join('; ') }));
      return;
    }
    const { set } = result;
    for (const a of set.annotations) if (!this.annotations.has(a.id)) this.annotations.add(a);
    this.viewport?.syncAnnotations();
  }

  private async exportJson() {
    const [{ download }, { exportSetFile }] = await Promise.all([annotationFiles(), persistence()]);
    download(`${this.caseId}-annotations.json`, exportSetFile(this.annotations.toSet()));
  }

  private async exportSr() {
    const library = this.library;
    if (!library) return;
    try {
      const { download, srFilesFor } = await annotationFiles();
      for (const file of await srFilesFor(library, this.annotations.toSet())) download(file.name, file.blob);
    } catch (error) {
      library.report(t('annotations.exportSr'), error instanceof Error ? error.message : String(error));
    }
  }

  /** Loads the case's expert set, when it has one; its marks are locked. */
  private async loadExpertSet(url: string) {
    const started = performance.now();
    let response: Response;
    try {
      response = await fetch(url);
    } catch {
      return;
    }
    if (!response.ok) return;
    try {
      const { validateAnnotationSet } = await import('../annotations/validate');
      const result = validateAnnotationSet(await response.json());
      if (!result.ok) throw new Error(result.problems.join('; '));
      const set: AnnotationSet = result.set;
      this.expert.load({ ...set, annotations: set.annotations.map((a) => ({ ...a, locked: true })) });
      // For `npm run bench`: from the request to the set validated and in the store.
      document.documentElement.dataset.expertSetMs = String(performance.now() - started);
    } catch (error) {
      this.library?.report(url.split('/').slice(-2).join('/'), error instanceof Error ? error.message : String(error));
    }
  }

  /** Asks what a new mark shows. */
  private readonly labeller = async (draft: Annotation) => {
    const choice = await this.findingDialog.ask({ finding: draft.finding === 'other' ? undefined : draft.finding });
    // The new mark is listed, with its measurement, in the annotations panel.
    if (choice) this.sideTab = 'annotations';
    return choice;
  };

  private storeOf(id: string): AnnotationStore | null {
    if (this.annotations.has(id)) return this.annotations;
    if (this.expert.has(id)) return this.expert;
    return null;
  }

  /** Opens the mark's series and image, centres it and selects it. */
  async goToAnnotation(id: string, options: { fit?: boolean } = {}) {
    const store = this.storeOf(id);
    const mark = store?.get(id);
    const library = this.library;
    if (!mark || !library) return;
    const place = library.seriesOf(mark.image);
    if (!place) return;
    if (this.selected !== place.series) {
      // Wait for this series to be on screen: an event from the one shown before would let the
      // new stack reset the slice chosen below.
      const shown = new Promise<void>((resolve) => {
        const onShown = (e: Event) => {
          if ((e as CustomEvent<{ series: ViewerSeries }>).detail.series !== place.series) return;
          this.removeEventListener('rc-image-shown', onShown);
          resolve();
        };
        this.addEventListener('rc-image-shown', onShown);
      });
      this.select(place.series, place.study);
      await shown;
    }
    await library.prefetch(place.series.imageIds);
    this.viewport.syncAnnotations();
    const imageId = library.imageIdOf(mark.image);
    if (!imageId) return;
    const bridge = this.viewport.bridges[store === this.expert ? 1 : 0];
    if (options.fit) this.viewport.fit();
    await this.viewport.showImage(imageId, bridge?.centreOf(id) ?? undefined);
    for (const b of this.viewport.bridges) b.select(null);
    bridge?.select(id);
    this.selectedAnnotation = id;
  }

  /** The finding whose phrases the story highlights: the selected mark's. */
  private activeFinding(): string | null {
    const id = this.selectedAnnotation;
    return (id && (this.annotations.get(id) ?? this.expert.get(id))?.finding) || null;
  }

  /** Shows the expert's first mark of a finding: its series and image, fitted, the mark selected. */
  async goToFinding(finding: string) {
    const mark = this.expert.all().find((a) => a.finding === finding);
    if (mark) await this.goToAnnotation(mark.id, { fit: true });
  }

  private openFigure(figure: string) {
    for (const study of this.library?.studies ?? []) {
      const series = study.series.find((s) => s.figure === figure);
      if (series) return this.select(series, study);
    }
  }

  private async relabel(id: string) {
    const mark = this.annotations.get(id);
    if (!mark) return;
    const choice = await this.findingDialog.ask({ finding: mark.finding, label: mark.label, note: mark.note }, t('finding.titleEdit'));
    if (choice) this.annotations.update(id, { finding: choice.finding, label: choice.label, note: choice.note });
  }

  private setFindingHidden(finding: string, hidden: boolean) {
    const next = new Set(this.hiddenFindings);
    if (hidden) next.add(finding);
    else next.delete(finding);
    this.hiddenFindings = next;
    for (const b of this.viewport?.bridges ?? []) b.setHidden(next, this.allHidden);
  }

  private setAllHidden(hidden: boolean) {
    this.allHidden = hidden;
    for (const b of this.viewport?.bridges ?? []) b.setHidden(this.hiddenFindings, hidden);
  }

  private selectedUserMark(): string | null {
    const id = this.viewport?.bridges[0]?.selectedId() ?? this.selectedAnnotation;
    return id && this.annotations.has(id) ? id : null;
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

  private firstImageSeen!: () => void;
  private readonly firstImage = new Promise<void>((resolve) => (this.firstImageSeen = resolve));

  private onImageShown() {
    this.firstImageSeen();
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
    if (action.startsWith('draw-')) {
      this.tool = action.slice('draw-'.length) as AnnotationKind;
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
      case 'undo': return this.annotations.undo();
      case 'redo': return this.annotations.redo();
      case 'delete-annotation': {
        const id = this.selectedUserMark();
        if (id && !this.annotations.get(id)?.locked) this.annotations.remove(id);
        return;
      }
    }
  }

  private handleKey(event: KeyboardEvent) {
    const target = event.composedPath()[0] as HTMLElement | undefined;
    // Typing goes to text fields; a slider or a button keeps the viewer's keys working.
    const typing = target && (target.tagName === 'SELECT' || target.tagName === 'TEXTAREA' || (target.tagName === 'INPUT' && !['range', 'checkbox', 'button'].includes((target as HTMLInputElement).type)));
    if (typing) {
      if (event.key === 'Escape') target.blur();
      return;
    }
    if (this.findingDialog?.open) return;
    const action = actionForKey(event);
    if (!action) return;
    if (action === 'toggle-cine' && target?.tagName === 'BUTTON') return;
    event.preventDefault();
    this.runAction(action);
  }

  private onAnnotationFile(event: Event) {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (file) void this.importAnnotations(file);
  }

  private onPicked(event: Event) {
    const input = event.target as HTMLInputElement;
    const files = [...(input.files ?? [])];
    input.value = '';
    void this.openFiles(files);
  }

  /** The panel's inputs, rebuilt only when annotations or their measurements change (not on every pan or scroll). */
  private panelInputs: { version: number; groups: PanelGroup[]; statsOf: (id: string) => Record<string, unknown> | null; whereOf: (a: Annotation) => string } | null = null;

  private renderAnnotationPanel() {
    if (this.panelInputs?.version !== this.annotationVersion) {
      const groups: PanelGroup[] = [{ set: 'user', title: t('annotations.yourSet'), annotations: this.annotations.all(), editable: true }];
      if (this.expert.size > 0) groups.push({ set: 'expert', title: t('annotations.expertSet'), annotations: this.expert.all(), editable: false });
      const bridges = this.viewport?.bridges ?? [];
      const statsOf = (id: string) => {
        for (const b of bridges) {
          const stats = b.statsOf(id);
          if (stats) return stats;
        }
        return null;
      };
      const whereOf = (a: Annotation) => this.library?.seriesOf(a.image)?.series.description ?? '';
      this.panelInputs = { version: this.annotationVersion, groups, statsOf, whereOf };
    }
    const { groups, statsOf, whereOf } = this.panelInputs;
    const bridges = this.viewport?.bridges ?? [];
    return html`<rc-annotation-panel
      role="tabpanel"
      aria-labelledby="tab-annotations"
      ?hidden=${this.sideTab !== 'annotations'}
      .groups=${groups}
      .selectedId=${this.selectedAnnotation}
      .hiddenFindings=${this.hiddenFindings}
      ?allHidden=${this.allHidden}
      .statsOf=${statsOf}
      .whereOf=${whereOf}
      @rc-annotation-select=${(e: CustomEvent<{ id: string }>) => void this.goToAnnotation(e.detail.id)}
      @rc-annotation-hover=${(e: CustomEvent<{ id: string | null }>) => bridges.forEach((b) => b.highlight(e.detail.id))}
      @rc-annotation-relabel=${(e: CustomEvent<{ id: string }>) => void this.relabel(e.detail.id)}
      @rc-annotation-delete=${(e: CustomEvent<{ id: string }>) => this.annotations.remove(e.detail.id)}
      @rc-annotation-lock=${(e: CustomEvent<{ id: string }>) => this.annotations.update(e.detail.id, { locked: !this.annotations.get(e.detail.id)?.locked })}
      @rc-finding-visibility=${(e: CustomEvent<{ finding: string; hidden: boolean }>) => this.setFindingHidden(e.detail.finding, e.detail.hidden)}
      @rc-annotations-visibility=${(e: CustomEvent<{ hidden: boolean }>) => this.setAllHidden(e.detail.hidden)}
    >
      <div slot="tools" class="draw-tools" role="group" aria-label=${t('annotations.draw')}>
        ${DRAWING.map(
          ([kind, key]) => html`<button type="button" data-action=${`draw-${kind}`} aria-pressed=${String(this.tool === kind)} title=${`${t(`tool.${kind}`)} (${key})`} @click=${() => (this.tool = kind)}>
            ${t(`tool.${kind}`)}<kbd>${key}</kbd>
          </button>`,
        )}
        <button type="button" title="Ctrl+Z" ?disabled=${!this.annotations.canUndo()} @click=${() => this.annotations.undo()}>${t('annotations.undo')}</button>
        <button type="button" title="Ctrl+Shift+Z" ?disabled=${!this.annotations.canRedo()} @click=${() => this.annotations.redo()}>${t('annotations.redo')}</button>
      </div>
      <span slot="actions" class="panel-actions">
        <button type="button" @click=${() => void this.exportJson()}>${t('annotations.export')}</button>
        <button type="button" @click=${() => void this.exportSr()}>${t('annotations.exportSr')}</button>
        <button type="button" @click=${() => this.importInput.click()}>${t('annotations.import')}</button>
        <input id="annotation-input" type="file" accept=".json,.dcm,application/json,application/dicom" aria-label=${t('annotations.import')} @change=${this.onAnnotationFile} />
      </span>
    </rc-annotation-panel>`;
  }

  render() {
    return html`
      <header>
        <span class="brand">${t('app.title')}</span>
        <span class="case-title" data-testid="case-title">${this.manifest?.title[currentLanguage()] ?? t('app.tagline')}</span>
        ${this.synthetic ? html`<span class="badge" title=${t('app.syntheticLong')}>${t('app.synthetic')}</span>` : nothing}
        <span class="spacer"></span>
        <span class="hint">${t('app.dropHint')}</span>
        <select class="language" aria-label=${t('app.language')} .value=${currentLanguage()} @change=${(e: Event) => setLanguage((e.target as HTMLSelectElement).value as 'en' | 'es')}>
          <option value="en">English</option>
          <option value="es">Español</option>
        </select>
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
      <rc-finding-dialog></rc-finding-dialog>
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
          .annotationStores=${[this.annotations, this.expert]}
          .labeller=${this.labeller}
          @rc-view-change=${this.onViewChange}
          @rc-image-shown=${this.onImageShown}
          @rc-annotation-stats=${() => this.annotationVersion++}
          @rc-annotation-selected=${(e: CustomEvent<{ id: string }>) => (this.selectedAnnotation = e.detail.id)}
        ></rc-viewport>
        <aside class="side">
          <div class="tabs" role="tablist">
            <button type="button" role="tab" id="tab-case" aria-selected=${String(this.sideTab === 'case')} @click=${() => (this.sideTab = 'case')}>${t('tab.case')}</button>
            <button type="button" role="tab" id="tab-annotations" aria-selected=${String(this.sideTab === 'annotations')} @click=${() => (this.sideTab = 'annotations')}>${t('tab.annotations')}</button>
          </div>
          <rc-case-panel
            role="tabpanel"
            aria-labelledby="tab-case"
            ?hidden=${this.sideTab !== 'case'}
            .story=${this.story}
            .manifest=${this.manifest}
            .activeFinding=${this.activeFinding()}
            @rc-finding-link=${(e: CustomEvent<{ finding: string }>) => void this.goToFinding(e.detail.finding)}
            @rc-figure-link=${(e: CustomEvent<{ figure: string }>) => this.openFigure(e.detail.figure)}
          ></rc-case-panel>
          ${this.renderAnnotationPanel()}
        </aside>
      </main>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rc-app': RcApp;
  }
}
