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
import { onImage, type Annotation, type AnnotationKind, type AnnotationSet, type ImageReference } from '../annotations/model';
import type { RcFindingDialog } from './rc-finding-dialog';
import type { PanelGroup } from './rc-annotation-panel';
import './rc-finding-dialog';
import type { RcTokenDialog } from './rc-token-dialog';
// The quiz panel and the teacher's token dialog load when their mode is first used.
const quizPanel = () => import('./rc-quiz-panel');
const tokenDialog = () => import('./rc-token-dialog');
import { rolesFor, OUTCOME_COLOURS, REVEALED_EXPERT_DASH, type Mode, type SetName } from '../teaching/modes';
import type { QuizScore } from '../teaching/scoring';
import type { BridgeRole } from '../imaging/annotation-bridge';
import { formatDeepLink, parseDeepLink, type DeepLink } from '../app/deep-link';
import { readTeachingSet, saveTeachingSet } from '../app/teaching-set-api';
import { expertSetUrl, teachingSetUrl } from '../case/locations';
import { findingFor } from '../annotations/vocabulary';
import { describeStats } from './rc-annotation-panel';
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
import type { RcCompare } from './rc-compare';
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
      grid-template-columns: minmax(0, 1fr);
      height: 100vh;
      background: #0b1216;
      color: #dce6ec;
      font: 14px system-ui, sans-serif;
      position: relative;
    }
    header {
      display: flex;
      align-items: center;
      gap: 6px 14px;
      padding: 8px 14px;
      background: #0f1a20;
      border-bottom: 1px solid #24343d;
    }
    .brand { font-weight: 700; font-size: 17px; letter-spacing: 0.02em; color: #4fb3d9; }
    /* The title gives way (ellipsis) so that the header keeps to one row in either language. */
    .case-title { font-size: 15px; min-width: 120px; flex: 0 1 auto; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
    .brand, .badge, .modes, header button, header select { flex: none; white-space: nowrap; }
    @media (max-width: 1500px) { header .hint { display: none; } }
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
    rc-viewport, rc-compare { min-height: 0; }
    /* Out of sight while the compare view shows, kept drawn at a small size (at 0 × 0 Cornerstone draws marks at NaN). */
    rc-viewport[data-parked] { position: absolute; left: 0; top: 0; width: 320px; height: 240px; visibility: hidden; pointer-events: none; }
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
    .modes { display: inline-flex; border: 1px solid #2f4450; border-radius: 6px; overflow: hidden; }
    .modes button { font: 13px system-ui, sans-serif; color: #c7d3da; background: #13212a; border: none; border-right: 1px solid #2f4450; padding: 5px 12px; cursor: pointer; }
    .modes button:last-child { border-right: none; }
    .modes button[aria-pressed='true'] { background: #1f5a75; color: #fff; }
    .modes button:focus-visible { outline: 2px solid #4fb3d9; outline-offset: -2px; }
    rc-quiz-panel { flex: 1; min-height: 0; }
    .author-bar { padding: 8px 10px; border-bottom: 1px solid #22323c; background: #13212a; font-size: 12px; }
    .author-row { display: flex; flex-wrap: wrap; align-items: center; gap: 4px 8px; }
    .author-row button { flex: none; }
    .author-bar button { font: 12px system-ui, sans-serif; color: #dce6ec; background: #1d2d36; border: 1px solid #2f4450; border-radius: 4px; padding: 4px 9px; cursor: pointer; }
    .author-bar button.primary { background: #1f5a75; border-color: #4fb3d9; color: #fff; font-weight: 600; }
    .author-bar button:disabled { opacity: 0.45; cursor: default; }
    .author-status { color: #9fb0bb; }
    .author-bar[data-status='error'] .author-status, .author-bar[data-status='no-api'] .author-status { color: #ffb4a8; }
    .author-bar[data-dirty='true'] .author-status { color: #ffd54a; }
    .conflict { margin-top: 8px; padding: 8px; border: 1px solid #a4542f; border-radius: 6px; background: #2b1710; display: grid; gap: 6px; }
    .conflict p { margin: 0; color: #ffc9b5; }
  `;
  protected readonly languageController = new LanguageController(this);

  /** URL of the case manifest to open; empty opens none. */
  @property({ attribute: 'case-url' }) caseUrl = '';
  /** Read the view from the address bar at start and keep it there (the page's own app; not in tests that mount several). */
  @property({ type: Boolean, attribute: 'deep-links' }) deepLinks = false;

  /** Explore (the default), quiz or author: what the annotation sets do (src/teaching/modes.ts). */
  @state() mode: Mode = 'explore';
  /** The quiz's score once the trainee revealed the answer. */
  @state() quizScore: QuizScore | null = null;
  /** Authoring: the server's version of the expert set being edited, and what became of the last save. */
  @state() private authorEtag: string | null = null;
  @state() private authorDirty = false;
  @state() private authorStatus: { kind: 'idle' | 'saving' | 'saved' | 'up-to-date' | 'no-api' | 'error'; text?: string } = { kind: 'idle' };
  @state() private authorConflict: { etag: string | null; current: unknown } | null = null;

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
  /** The compare view, while the layout is 'compare' (loaded on first use). */
  @query('rc-compare') private compare!: RcCompare | null;
  @state() private layout: 'single' | 'compare' = 'single';
  @query('rc-toolbar') private toolbar!: RcToolbar;
  @query('#file-input') private fileInput!: HTMLInputElement;
  @query('#folder-input') private folderInput!: HTMLInputElement;
  @query('#annotation-input') private importInput!: HTMLInputElement;

  @state() library: ImageLibrary | null = null;
  @query('rc-finding-dialog') private findingDialog!: RcFindingDialog;
  @query('rc-token-dialog') private tokenDialog!: RcTokenDialog;
  /** The user's own marks (autosaved) and the case's expert teaching set (read-only here). */
  readonly annotations = new AnnotationStore();
  /** The trainee's marks in a quiz, scored against the expert set. */
  readonly quiz = new AnnotationStore();
  readonly expert = new AnnotationStore();
  /** Set while the expert store is being replaced, so that loading does not count as an edit. */
  private loadingExpert = false;
  @state() annotationVersion = 0;
  /** Bumped when Cornerstone recomputed measurements: the panel re-reads them, its list stays. */
  @state() private statsVersion = 0;
  private statsTimer = 0;
  private statsPending = false;

  /** Measurements change every frame while a mark is dragged: the panel reads them 4 times a second. */
  private onAnnotationStats() {
    if (this.statsTimer) {
      this.statsPending = true;
      return;
    }
    this.statsVersion++;
    this.statsTimer = window.setTimeout(() => {
      this.statsTimer = 0;
      if (this.statsPending) {
        this.statsPending = false;
        this.onAnnotationStats();
      }
    }, 250);
  }
  @state() private selectedAnnotation: string | null = null;
  @state() private hiddenFindings = new Set<string>();
  @state() private allHidden = false;
  private caseId = 'local';
  /** The sets every viewport draws, in a fixed order (the mode says what each one does). */
  private readonly stores = [this.annotations, this.quiz, this.expert];
  private dragDepth = 0;

  private readonly onKey = (event: KeyboardEvent) => this.handleKey(event);
  /** A teacher leaving with unsaved edits to the teaching set is asked first. */
  private readonly onBeforeUnload = (event: BeforeUnloadEvent) => {
    if (this.authorDirty) event.preventDefault();
  };
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
    window.addEventListener('beforeunload', this.onBeforeUnload);
    window.addEventListener('dragenter', this.onDragEnter);
    window.addEventListener('dragover', this.onDragOver);
    window.addEventListener('dragleave', this.onDragLeave);
    window.addEventListener('drop', this.onDrop);
    void this.start();
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    window.removeEventListener('keydown', this.onKey);
    window.removeEventListener('beforeunload', this.onBeforeUnload);
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
    this.expert.addEventListener('change', () => {
      bump();
      if (this.mode === 'author' && !this.loadingExpert) this.authorDirty = true;
    });
    this.quiz.addEventListener('change', () => {
      bump();
      if (this.restored) void persistence().then((p) => p.saveSet(this.quiz.toSet())).catch(() => undefined);
    });
    this.annotations.load({ schema: 'radcase.annotations/1', caseId: this.caseId, set: 'user', annotations: [] });
    this.quiz.load({ schema: 'radcase.annotations/1', caseId: this.caseId, set: 'quiz', annotations: [] });
    const link: DeepLink = this.deepLinks ? parseDeepLink(location.search) : {};
    if (link.mode) this.mode = link.mode;
    if (this.mode === 'quiz') void quizPanel();

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
          const expertUrl = expertSetUrl(this.caseUrl, manifest.caseId);
          // After the first image (or a few seconds without one): the case's annotations must not
          // compete with it for the network and the main thread.
          this.setsLoaded = Promise.race([this.firstImage, new Promise((resolve) => setTimeout(resolve, 3000))])
            .then(() => this.restoreUserSet(manifest.caseId))
            .then(() => this.loadExpertSet(expertUrl));
          void this.setsLoaded
            .then(() => this.openLink(link))
            .then(() => (this.mode === 'author' ? this.enterAuthor() : undefined));
          this.manifest = manifest;
          this.sideTab = this.mode === 'explore' ? 'case' : 'annotations';
          // The story and its panel load beside the first image, not before it.
          void Promise.all([import('../case/story'), import('./rc-case-panel')]).then(([{ storyFor }]) => {
            this.story = storyFor(manifest.caseId) ?? null;
            if (!this.story && this.sideTab === 'case') this.sideTab = 'annotations';
          });
          this.synthetic = manifest.synthetic;
          const linked = link.series ? library.studies.flatMap((study) => study.series.map((series) => ({ study, series }))).find((p) => p.series.key === link.series) : undefined;
          const first = library.studies[0];
          if (linked) this.select(linked.series, linked.study);
          else if (first) this.select(first.series.find((s) => s.figure === 'fig-1') ?? first.series[0], first);
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
      // Marks drawn while the saved ones were being read are kept beside them, and saved with them.
      const kept = this.annotations.restore(saved?.set ?? { schema: 'radcase.annotations/1', caseId, set: 'user', annotations: [] });
      if (kept > 0) queueMicrotask(() => this.saveSoon());
      // Marks the case cannot show stay saved as they are, and are said.
      const strangers = caseId === 'local' ? [] : this.marksOutsideCase(this.annotations.toSet());
      if (strangers.length > 0) this.library?.report(t('annotations.yourSet'), strangers.join('; '));
      const quiz = await (await persistence()).loadSet(caseId, 'quiz');
      this.quiz.restore(quiz?.ok ? quiz.set : { schema: 'radcase.annotations/1', caseId, set: 'quiz', annotations: [] });
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
    const into = this.activeStore();
    for (const a of set.annotations) if (!into.has(a.id)) into.add(a);
    this.viewport?.syncAnnotations();
  }

  private async exportJson() {
    const [{ download }, { exportSetFile }] = await Promise.all([annotationFiles(), persistence()]);
    const store = this.activeStore();
    download(`${this.caseId}-${store.toSet().set}-annotations.json`, exportSetFile(store.toSet()));
  }

  private async exportSr() {
    const library = this.library;
    if (!library) return;
    try {
      const { download, srFilesFor } = await annotationFiles();
      for (const file of await srFilesFor(library, this.activeStore().toSet())) download(file.name, file.blob);
    } catch (error) {
      library.report(t('annotations.exportSr'), error instanceof Error ? error.message : String(error));
    }
  }

  /** Loads the case's expert set, when it has one; its marks are locked. */
  private async loadExpertSet(url: string) {
    const started = performance.now();
    const subject = url.split('/').slice(-2).join('/');
    let response: Response;
    try {
      response = await fetch(url);
    } catch (error) {
      this.library?.report(subject, t('errors.network', { reason: error instanceof Error ? error.message : String(error) }));
      return;
    }
    // A case without a teaching set has none to show; any other failure is said.
    if (response.status === 404) return;
    if (!response.ok) {
      this.library?.report(subject, t('errors.network', { reason: `HTTP ${response.status} ${response.statusText}`.trim() }));
      return;
    }
    try {
      const { validateAnnotationSet } = await import('../annotations/validate');
      const result = validateAnnotationSet(await response.json());
      if (!result.ok) throw new Error(result.problems.join('; '));
      const set: AnnotationSet = result.set;
      const strangers = this.marksOutsideCase(set);
      if (strangers.length > 0) throw new Error(strangers.join('; '));
      this.loadExpert(set);
      // For `npm run bench`: from the request to the set validated and in the store.
      document.documentElement.dataset.expertSetMs = String(performance.now() - started);
    } catch (error) {
      this.library?.report(subject, error instanceof Error ? error.message : String(error));
    }
  }

  /** Marks naming a study or series the open case does not have. */
  private marksOutsideCase(set: AnnotationSet): string[] {
    const series = new Map((this.library?.studies ?? []).flatMap((study) => study.series.map((s) => [s.key, study.key] as const)));
    return set.annotations
      .filter((a) => series.get(a.image.seriesInstanceUID) !== a.image.studyInstanceUID)
      .map((a) => `annotation ${JSON.stringify(a.id)}: series ${a.image.seriesInstanceUID} of study ${a.image.studyInstanceUID} is not in this case`);
  }

  private readonly checkedSeries = new Set<string>();
  /** Resolves once the user's saved sets and the case's expert set have been read. */
  private setsLoaded: Promise<void> = Promise.resolve();

  /**
   * Checks every mark on a series once its files have been read: a mark naming an image the series
   * does not have, a frame it lacks or points outside the image is reported. (The sets were checked
   * against the schema and the case's series when they loaded; an image's size is known only once read.)
   */
  private async checkReferencesOf(series: ViewerSeries) {
    const library = this.library;
    if (!library || this.checkedSeries.has(series.key)) return;
    this.checkedSeries.add(series.key);
    await library.prefetch(series.imageIds);
    const [{ imageLookups }, { referenceProblems }] = await Promise.all([annotationFiles(), import('../annotations/validate')]);
    const { geometry } = imageLookups(library);
    const sets: [AnnotationStore, string][] = [
      [this.expert, t('annotations.expertSet')],
      [this.annotations, t('annotations.yourSet')],
      [this.quiz, t('quiz.title')],
    ];
    for (const [store, title] of sets) {
      const problems = referenceProblems(
        store.all().filter((a) => a.image.seriesInstanceUID === series.key),
        geometry,
      );
      if (problems.length > 0) library.report(title, t('annotations.badReferences', { series: series.description, problems: problems.join('; ') }));
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
    if (this.quiz.has(id)) return this.quiz;
    if (this.expert.has(id)) return this.expert;
    return null;
  }

  private storeNamed(name: SetName): AnnotationStore {
    return name === 'user' ? this.annotations : name === 'quiz' ? this.quiz : this.expert;
  }

  /** The set that takes new marks, undo and delete in the current mode. */
  activeStore(): AnnotationStore {
    const roles = rolesFor(this.mode, Boolean(this.quizScore));
    const name = (Object.keys(roles) as SetName[]).find((n) => roles[n].takesNewMarks) ?? (this.mode === 'quiz' ? 'quiz' : 'user');
    return this.storeNamed(name);
  }

  /** Replaces the expert set without counting it as an edit. */
  private loadExpert(set: AnnotationSet) {
    this.loadingExpert = true;
    try {
      this.expert.load(set);
    } finally {
      this.loadingExpert = false;
    }
  }

  /** What each annotation set is on the viewport in this mode; a new function whenever that changes. */
  private rolesOf: (store: AnnotationStore) => BridgeRole = () => ({ takesNewMarks: false, editable: false });

  private makeRoles() {
    const roles = rolesFor(this.mode, Boolean(this.quizScore));
    const outcomes = new Map(this.quizScore?.marks.map((m) => [m.id, m.outcome]) ?? []);
    const revealed = this.mode === 'quiz' && Boolean(this.quizScore);
    return (store: AnnotationStore): BridgeRole => {
      const name: SetName = store === this.annotations ? 'user' : store === this.quiz ? 'quiz' : 'expert';
      const role = roles[name];
      const styleOf =
        revealed && name === 'quiz'
          ? (a: Annotation) => {
              const outcome = outcomes.get(a.id);
              return outcome ? { color: OUTCOME_COLOURS[outcome], lineWidth: '3' } : undefined;
            }
          : revealed && name === 'expert'
            ? () => ({ lineDash: REVEALED_EXPERT_DASH })
            : undefined;
      return { takesNewMarks: role.takesNewMarks, editable: role.editable, hidden: !role.visible, quietText: name === 'expert' || !role.editable, styleOf };
    };
  }

  protected willUpdate(changed: Map<string, unknown>) {
    if (changed.has('mode') || changed.has('quizScore')) this.rolesOf = this.makeRoles();
  }

  private linkTimer = 0;

  protected updated() {
    // The address bar follows the view a moment after it settles: the browser keeps a copy of every
    // URL it is given, and scrolling a stack would hand it one per image.
    window.clearTimeout(this.linkTimer);
    this.linkTimer = window.setTimeout(() => this.writeLink(), 250);
  }

  /** Switches mode: the annotation sets change role, and authoring fetches the server's version. */
  async setMode(mode: Mode) {
    if (mode === this.mode) return;
    this.mode = mode;
    this.selectedAnnotation = null;
    for (const b of this.viewport?.bridges ?? []) b.select(null);
    this.sideTab = 'annotations';
    if (mode === 'quiz') await quizPanel();
    if (mode === 'author') await this.enterAuthor();
  }

  // Deep links ---------------------------------------------------------------------------------

  /** Restores the image and finding a link names (the series was chosen when the case opened). */
  private async openLink(link: DeepLink) {
    if (!this.deepLinks || !this.viewport) return;
    if (link.series && this.selected?.key === link.series && link.image) {
      await this.viewport.toolsReady;
      await this.viewport.goTo(link.image - 1);
    }
    if (link.finding && this.mode !== 'quiz') {
      const here = this.viewport.controller?.viewport.getCurrentImageId();
      const ref = here ? this.library?.referenceOf(here) : undefined;
      const onThisImage = ref && this.expert.all().find((a) => a.finding === link.finding && onImage(a, ref));
      if (onThisImage) await this.goToAnnotation(onThisImage.id);
      else await this.goToFinding(link.finding);
    }
  }

  private lastLink = '';

  /** Whether the selected mark lies on the image on screen (a link names it only then). */
  private selectedMarkShown(): boolean {
    const id = this.selectedAnnotation;
    const mark = id ? (this.annotations.get(id) ?? this.expert.get(id)) : undefined;
    const imageId = this.viewport?.controller?.viewport.getCurrentImageId();
    const ref = imageId ? this.library?.referenceOf(imageId) : undefined;
    return Boolean(mark && ref && onImage(mark, ref));
  }

  /** Keeps the address bar on what is shown, so that copying it shares this view. */
  private writeLink() {
    if (!this.deepLinks || !this.manifest) return;
    const link: DeepLink = {
      caseUrl: new URLSearchParams(location.search).get('case') ?? undefined,
      mode: this.mode,
      series: this.selected?.key,
      image: this.view ? this.view.imageIndex + 1 : undefined,
      finding: (this.mode !== 'quiz' && this.selectedMarkShown() && this.activeFinding()) || undefined,
    };
    const search = formatDeepLink(link, location.search);
    if (search === this.lastLink) return;
    this.lastLink = search;
    history.replaceState(history.state, '', `${location.pathname}${search}${location.hash}`);
  }

  // Quiz ---------------------------------------------------------------------------------------

  /** Scores the trainee's marks against the expert set and shows both. */
  async revealQuiz() {
    const library = this.library;
    if (!library) return;
    const { scoreQuiz } = await import('../teaching/scoring');
    // Only images the trainee marked are compared, and those are loaded: their spacing is known.
    const spacingOf = (ref: ImageReference) => {
      const imageId = library.imageIdOf(ref);
      const spacing = imageId ? library.infoFor(imageId)?.pixelSpacing : null;
      return spacing ? { row: spacing.row, column: spacing.column } : null;
    };
    this.quizScore = scoreQuiz(this.expert.all(), this.quiz.all(), spacingOf);
  }

  retryQuiz() {
    this.quizScore = null;
    this.quiz.load({ schema: 'radcase.annotations/1', caseId: this.caseId, set: 'quiz', annotations: [] });
  }

  private async exportQuiz() {
    if (!this.quizScore) return;
    const { download } = await annotationFiles();
    const result = { ...this.quizScore, caseId: this.caseId, scored: new Date().toISOString(), trainee: this.quiz.toSet() };
    download(`${this.caseId}-quiz-result.json`, new Blob([`${JSON.stringify(result, null, 2)}\n`], { type: 'application/json' }));
  }

  // Authoring ----------------------------------------------------------------------------------

  private setUrl() {
    return teachingSetUrl(this.caseUrl, this.caseId, 'expert');
  }

  /** Loads the server's current version of the expert set (and its ETag) to edit it. */
  private async enterAuthor() {
    if (!this.manifest) return;
    if (this.authorDirty) return;
    const outcome = await readTeachingSet(this.setUrl());
    if (outcome.kind === 'unavailable') {
      this.authorEtag = null;
      this.authorStatus = { kind: 'no-api', text: t('author.noApi', { reason: outcome.reason }) };
      return;
    }
    if (outcome.kind === 'missing') {
      this.authorEtag = null;
      this.authorStatus = { kind: 'idle' };
      return;
    }
    const { validateAnnotationSet } = await import('../annotations/validate');
    const checked = validateAnnotationSet(outcome.document);
    if (!checked.ok) {
      this.authorStatus = { kind: 'error', text: checked.problems.join('; ') };
      return;
    }
    this.loadExpert(checked.set);
    this.authorEtag = outcome.etag;
    this.authorDirty = false;
    this.authorStatus = { kind: 'up-to-date' };
    this.viewport?.syncAnnotations();
  }

  private teacherToken(): string | null {
    return sessionStorage.getItem('radcase.teacherToken');
  }

  /** Saves the expert set over the version read (`over` after a conflict: theirs, knowingly replaced). */
  async saveTeachingSet(over?: string | null) {
    let token = this.teacherToken();
    if (!token) {
      await tokenDialog();
      await this.updateComplete;
      token = await this.tokenDialog.ask();
      if (!token) return;
    }
    this.authorStatus = { kind: 'saving' };
    const document = this.expert.toSet();
    const outcome = await saveTeachingSet(this.setUrl(), document, over === undefined ? this.authorEtag : over, token);
    const where = t('author.title');
    switch (outcome.kind) {
      case 'saved':
        sessionStorage.setItem('radcase.teacherToken', token);
        this.authorEtag = outcome.etag;
        this.authorDirty = false;
        this.authorConflict = null;
        this.authorStatus = { kind: 'saved', text: t('author.saved', { time: new Date().toLocaleTimeString(currentLanguage()) }) };
        // What an earlier save ran into is over now.
        for (const problem of this.library?.problems.filter((p) => p.subject === where) ?? []) this.library?.dismiss(problem.id);
        return;
      case 'conflict':
        this.authorConflict = { etag: outcome.etag, current: outcome.current };
        this.authorStatus = { kind: 'error', text: t('author.conflict') };
        return;
      case 'refused-token':
        sessionStorage.removeItem('radcase.teacherToken');
        this.authorStatus = { kind: 'error', text: t('author.refused', { reason: outcome.reason }) };
        break;
      case 'invalid':
        this.authorStatus = { kind: 'error', text: t('author.invalid', { problems: outcome.problems.join('; ') }) };
        break;
      case 'failed':
        this.authorStatus = { kind: 'error', text: `${where} ${t('author.failed', { reason: outcome.reason })}` };
        break;
    }
    this.library?.report(where, this.authorStatus.text ?? '');
  }

  /** After a conflict: drop this teacher's edits and load the version someone else saved. */
  private async takeTheirs() {
    const conflict = this.authorConflict;
    if (!conflict) return;
    const { validateAnnotationSet } = await import('../annotations/validate');
    const checked = conflict.current ? validateAnnotationSet(conflict.current) : null;
    if (checked && !checked.ok) {
      this.authorStatus = { kind: 'error', text: checked.problems.join('; ') };
      return;
    }
    this.loadExpert(checked?.set ?? { schema: 'radcase.annotations/1', caseId: this.caseId, set: 'expert', annotations: [] });
    this.authorEtag = conflict.etag;
    this.authorConflict = null;
    this.authorDirty = false;
    this.authorStatus = { kind: 'up-to-date', text: t('author.loadedFromServer') };
    this.viewport?.syncAnnotations();
  }

  // PNG export ---------------------------------------------------------------------------------

  /** The marks drawn on the current image in this mode, as the export draws them. */
  private visibleMarksHere(imageId: string) {
    const library = this.library;
    const ref = library?.referenceOf(imageId);
    if (!ref) return [];
    const marks = [];
    for (const name of ['expert', 'quiz', 'user'] as SetName[]) {
      const store = this.storeNamed(name);
      // The roles the viewport draws with now: the export shows what the screen shows.
      const { hidden, styleOf: style } = this.rolesOf(store);
      if (hidden) continue;
      const bridge = this.viewport?.bridgeFor(store);
      for (const a of store.all()) {
        if (!onImage(a, ref)) continue;
        if (this.allHidden || this.hiddenFindings.has(a.finding)) continue;
        const extra = style?.(a);
        // On a slide, the mark's main measure only (length, or area), not the whole statistics line.
        const measured = describeStats(a.kind, bridge?.statsOf(a.id) ?? null).split(' · ')[0];
        const label = a.label || findingFor(a.finding)?.name[currentLanguage()] || a.finding;
        marks.push({ annotation: a, colour: extra?.color ?? findingFor(a.finding)?.colour ?? '#ffffff', dashed: Boolean(extra?.lineDash), text: measured ? `${label} · ${measured}` : label });
      }
    }
    return marks;
  }

  /** A PNG of the current image at its own resolution, with its window and marks. */
  async snapshot(): Promise<{ blob: Blob; width: number; height: number; name: string }> {
    const controller = this.viewport?.controller;
    const image = controller?.currentImage();
    const imageId = controller?.viewport.getCurrentImageId();
    if (!controller || !image || !imageId) throw new Error(t('app.noImage'));
    const { snapshotCanvas, canvasToPng } = await import('../imaging/snapshot');
    const view = controller.state();
    const monochrome1 = this.library?.infoFor(imageId)?.photometricInterpretation === 'MONOCHROME1';
    const canvas = snapshotCanvas(image, { voi: view.voi, displayedInvert: view.invert !== monochrome1, hotIron: view.hotIron }, this.visibleMarksHere(imageId));
    const series = this.selected;
    const name = `${this.caseId}-${series?.seriesNumber ?? 'series'}-${view.imageIndex + 1}.png`;
    return { blob: await canvasToPng(canvas), width: canvas.width, height: canvas.height, name };
  }

  private async exportPng() {
    try {
      const shot = await this.snapshot();
      (await annotationFiles()).download(shot.name, shot.blob);
      this.dispatchEvent(new CustomEvent('rc-exported', { detail: shot }));
    } catch (error) {
      this.library?.report(t('snapshot.export'), t('snapshot.failed', { reason: error instanceof Error ? error.message : String(error) }));
    }
  }

  /** Opens the mark's series and image, centres it and selects it. */
  async goToAnnotation(id: string, options: { fit?: boolean } = {}) {
    const store = this.storeOf(id);
    const mark = store?.get(id);
    const library = this.library;
    if (!mark || !library) return;
    const place = library.seriesOf(mark.image);
    if (!place) return;
    // A mark opens in the single viewport.
    if (this.layout === 'compare') await this.toggleCompare(false);
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
    const bridge = store ? this.viewport.bridgeFor(store) : undefined;
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
      if (series) return this.layout === 'compare' ? this.compare?.assign(series, study) : this.select(series, study);
    }
  }

  private async relabel(id: string) {
    const store = this.activeStore();
    const mark = store.get(id);
    if (!mark) return;
    const choice = await this.findingDialog.ask({ finding: mark.finding, label: mark.label, note: mark.note }, t('finding.titleEdit'));
    if (choice) store.update(id, { finding: choice.finding, label: choice.label, note: choice.note });
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

  /** The selected mark when it belongs to the set the user is editing. */
  private selectedEditableMark(): string | null {
    const store = this.activeStore();
    const id = this.viewport?.bridgeFor(store)?.selectedId() ?? this.selectedAnnotation;
    return id && store.has(id) ? id : null;
  }

  private select(series: ViewerSeries, study: ViewerStudy | null) {
    this.selected = series;
    this.selectedStudy = study;
    this.playing = false;
  }

  private onViewChange(event: CustomEvent<ViewState>) {
    // A pan or zoom fires this every frame; the shell shows only the window, inversion, colour map
    // and image position, so it re-renders only when one of those changed.
    const next = event.detail;
    const shown = (v: ViewState | null) => v && [v.voi?.lower, v.voi?.upper, v.invert, v.hotIron, v.imageIndex, v.imageCount].join();
    if (shown(next) !== shown(this.view)) this.view = next;
    this.playing = this.viewport?.isPlaying ?? false;
  }

  private firstImageSeen!: () => void;
  private readonly firstImage = new Promise<void>((resolve) => (this.firstImageSeen = resolve));

  private onImageShown(event: CustomEvent<{ series: ViewerSeries }>) {
    void this.setsLoaded.then(() => this.checkReferencesOf(event.detail.series));
    this.firstImageSeen();
    this.firstImageShown = true;
    this.presets = this.viewport.presets();
    document.documentElement.dataset.firstImage = String(performance.now());
  }

  /** Switches between the single viewport and the compare view (which it keeps hidden meanwhile). */
  async toggleCompare(on = this.layout !== 'compare') {
    if (on) await import('./rc-compare');
    this.layout = on ? 'compare' : 'single';
    await this.updateComplete;
    // The compare panes drew the same marks; the single viewport draws them again.
    if (!on) this.viewport?.syncAnnotations();
  }

  private runAction(action: ShortcutAction) {
    const vp = (this.layout === 'compare' ? this.compare?.activeViewport : null) ?? this.viewport;
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
      case 'open-folder': return this.folderInput.click();
      case 'cine-faster':
        this.fps = Math.min(60, this.fps + 1);
        return;
      case 'cine-slower':
        this.fps = Math.max(1, this.fps - 1);
        return;
      case 'toggle-compare': return void this.toggleCompare();
      case 'compare-flicker': return this.compare?.flickerStep();
      case 'help':
        this.helpOpen = !this.helpOpen;
        return;
      case 'export-png': return void this.exportPng();
      case 'undo': return this.activeStore().undo();
      case 'redo': return this.activeStore().redo();
      case 'delete-annotation': {
        const id = this.selectedEditableMark();
        if (id) this.activeStore().remove(id);
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
    if (this.findingDialog?.open || this.tokenDialog?.open) return;
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
  private panelInputs: { version: number; mode: Mode; groups: PanelGroup[]; statsOf: (id: string) => Record<string, unknown> | null; whereOf: (a: Annotation) => string } | null = null;

  private renderAnnotationPanel() {
    if (this.panelInputs?.version !== this.annotationVersion || this.panelInputs.mode !== this.mode) {
      const groups: PanelGroup[] =
        this.mode === 'author'
          ? [{ set: 'expert', title: t('annotations.expertSet'), annotations: this.expert.all(), editable: true }]
          : [{ set: 'user', title: t('annotations.yourSet'), annotations: this.annotations.all(), editable: true }];
      if (this.mode === 'explore' && this.expert.size > 0) groups.push({ set: 'expert', title: t('annotations.expertSet'), annotations: this.expert.all(), editable: false });
      // The bridges as they are when asked: they appear once the tools have loaded.
      const statsOf = (id: string) => {
        for (const b of this.viewport?.bridges ?? []) {
          const stats = b.statsOf(id);
          if (stats) return stats;
        }
        return null;
      };
      const whereOf = (a: Annotation) => this.library?.seriesOf(a.image)?.series.description ?? '';
      this.panelInputs = { version: this.annotationVersion, mode: this.mode, groups, statsOf, whereOf };
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
      .statsVersion=${this.statsVersion}
      .whereOf=${whereOf}
      @rc-annotation-select=${(e: CustomEvent<{ id: string }>) => void this.goToAnnotation(e.detail.id)}
      @rc-annotation-hover=${(e: CustomEvent<{ id: string | null }>) => bridges.forEach((b) => b.highlight(e.detail.id))}
      @rc-annotation-relabel=${(e: CustomEvent<{ id: string }>) => void this.relabel(e.detail.id)}
      @rc-annotation-delete=${(e: CustomEvent<{ id: string }>) => this.activeStore().remove(e.detail.id)}
      @rc-annotation-lock=${(e: CustomEvent<{ id: string }>) => this.activeStore().update(e.detail.id, { locked: !this.activeStore().get(e.detail.id)?.locked })}
      @rc-finding-visibility=${(e: CustomEvent<{ finding: string; hidden: boolean }>) => this.setFindingHidden(e.detail.finding, e.detail.hidden)}
      @rc-annotations-visibility=${(e: CustomEvent<{ hidden: boolean }>) => this.setAllHidden(e.detail.hidden)}
    >
      ${this.renderDrawTools()}
      <span slot="actions" class="panel-actions">
        <button type="button" @click=${() => void this.exportJson()}>${this.mode === 'author' ? t('author.exportSet') : t('annotations.export')}</button>
        <button type="button" @click=${() => void this.exportSr()}>${t('annotations.exportSr')}</button>
        <button type="button" @click=${() => this.importInput.click()}>${t('annotations.import')}</button>
        <input id="annotation-input" type="file" accept=".json,.dcm,application/json,application/dicom" aria-label=${t('annotations.import')} @change=${this.onAnnotationFile} />
      </span>
    </rc-annotation-panel>`;
  }

  /** The drawing tools, with undo and redo of the set being drawn into. */
  private renderDrawTools() {
    const store = this.activeStore();
    const frozen = this.mode === 'quiz' && Boolean(this.quizScore);
    return html`<div slot="tools" class="draw-tools" role="group" aria-label=${t('annotations.draw')}>
        ${DRAWING.map(
          ([kind, key]) => html`<button type="button" data-action=${`draw-${kind}`} ?disabled=${frozen} aria-pressed=${String(this.tool === kind)} title=${`${t(`tool.${kind}`)} (${key})`} @click=${() => (this.tool = kind)}>
            ${t(`tool.${kind}`)}<kbd>${key}</kbd>
          </button>`,
        )}
        <button type="button" title="Ctrl+Z" ?disabled=${frozen || !store.canUndo()} @click=${() => store.undo()}>${t('annotations.undo')}</button>
        <button type="button" title="Ctrl+Shift+Z" ?disabled=${frozen || !store.canRedo()} @click=${() => store.redo()}>${t('annotations.redo')}</button>
      </div>`;
  }

  private renderQuizPanel() {
    const whereOf = (a: Annotation) => this.library?.seriesOf(a.image)?.series.description ?? '';
    return html`<rc-quiz-panel
      role="tabpanel"
      aria-labelledby="tab-annotations"
      ?hidden=${this.sideTab !== 'annotations'}
      .marks=${this.quiz.all()}
      .score=${this.quizScore}
      .whereOf=${whereOf}
      @rc-quiz-reveal=${() => void this.revealQuiz()}
      @rc-quiz-retry=${() => this.retryQuiz()}
      @rc-quiz-export=${() => void this.exportQuiz()}
      @rc-annotation-select=${(e: CustomEvent<{ id: string }>) => void this.goToAnnotation(e.detail.id, { fit: this.expert.has(e.detail.id) })}
      @rc-annotation-delete=${(e: CustomEvent<{ id: string }>) => this.quiz.remove(e.detail.id)}
      >${this.renderDrawTools()}</rc-quiz-panel
    >`;
  }

  /** Authoring: where the expert set stands against the server's copy, and the save button. */
  private renderAuthorBar() {
    const status = this.authorStatus;
    // What went wrong stays in view until the next save; otherwise unsaved edits come first.
    const text =
      status.kind === 'saving'
        ? t('author.saving')
        : status.kind === 'error' || status.kind === 'no-api'
          ? (status.text ?? '')
          : this.authorDirty
            ? t('author.unsaved')
            : (status.text ?? (status.kind === 'up-to-date' ? t('author.upToDate') : ''));
    return html`<div class="author-bar" ?hidden=${this.sideTab !== 'annotations'} data-status=${status.kind} data-dirty=${String(this.authorDirty)}>
      <div class="author-row">
        <button type="button" class="primary" data-action="save-set" ?disabled=${status.kind === 'saving' || status.kind === 'no-api' || Boolean(this.authorConflict)} @click=${() => void this.saveTeachingSet()}>
          ${t('author.save')}
        </button>
        <span class="author-status" role="status" data-testid="author-status">${text}</span>
      </div>
      ${this.authorConflict
        ? html`<div class="conflict" role="alert" data-testid="author-conflict">
            <p>${t('author.conflict')}</p>
            <button type="button" data-action="take-theirs" @click=${() => void this.takeTheirs()}>${t('author.takeTheirs')}</button>
            <button type="button" data-action="keep-mine" @click=${() => void this.saveTeachingSet(this.authorConflict?.etag ?? null)}>${t('author.keepMine')}</button>
          </div>`
        : nothing}
    </div>`;
  }

  private renderModeSwitch() {
    const modes: Mode[] = ['explore', 'quiz', 'author'];
    return html`<div class="modes" role="group" aria-label=${t('mode.label')}>
      ${modes.map(
        (mode) => html`<button type="button" data-mode=${mode} aria-pressed=${String(this.mode === mode)} title=${t(`mode.${mode}Hint`)} @click=${() => void this.setMode(mode)}>${t(`mode.${mode}`)}</button>`,
      )}
    </div>`;
  }

  render() {
    return html`
      <header>
        <span class="brand">${t('app.title')}</span>
        <span class="case-title" data-testid="case-title" title=${this.manifest?.title[currentLanguage()] ?? t('app.tagline')}>${this.manifest?.title[currentLanguage()] ?? t('app.tagline')}</span>
        ${this.synthetic ? html`<span class="badge" title=${t('app.syntheticLong')}>${t('app.synthetic')}</span>` : nothing}
        ${this.manifest ? this.renderModeSwitch() : nothing}
        <span class="spacer"></span>
        <span class="hint">${t('app.dropHint')}</span>
        <select class="language" aria-label=${t('app.language')} .value=${currentLanguage()} @change=${(e: Event) => setLanguage((e.target as HTMLSelectElement).value as 'en' | 'es')}>
          <option value="en">English</option>
          <option value="es">Español</option>
        </select>
        <button type="button" @click=${() => this.fileInput.click()}>${t('app.open')}</button>
        <button type="button" @click=${() => this.folderInput.click()}>${t('app.openFolder')}</button>
        <button type="button" data-action="compare" aria-pressed=${String(this.layout === 'compare')} title=${t('app.compareHint')} @click=${() => void this.toggleCompare()}>${t('app.compare')}</button>
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
        @rc-voi=${(e: CustomEvent<{ voi: VoiRange }>) => ((this.layout === 'compare' ? this.compare?.activeViewport : null) ?? this.viewport).applyVoi(e.detail.voi)}
        @rc-fps=${(e: CustomEvent<{ fps: number }>) => (this.fps = e.detail.fps)}
      ></rc-toolbar>
      ${this.library ? this.renderMain(this.library) : html`<main><p class="hint">${t('app.loadingCase')}</p></main>`}
      <rc-problems .problems=${this.problems} @rc-dismiss=${(e: CustomEvent<{ id?: number }>) => this.library?.dismiss(e.detail.id)}></rc-problems>
      ${this.dragging ? html`<div class="drop">${t('app.dropNow')}</div>` : nothing}
      ${this.helpOpen ? html`<rc-help @rc-close=${() => (this.helpOpen = false)}></rc-help>` : nothing}
      <rc-finding-dialog></rc-finding-dialog>
      <rc-token-dialog></rc-token-dialog>
    `;
  }

  private renderMain(library: ImageLibrary) {
    return html`
      <main>
        <rc-series-browser
          .studies=${this.studies}
          .selected=${this.selected}
          ?thumbnails=${this.firstImageShown}
          @rc-select-series=${(e: CustomEvent<{ series: ViewerSeries; study: ViewerStudy }>) =>
            this.layout === 'compare' ? this.compare?.assign(e.detail.series, e.detail.study) : this.select(e.detail.series, e.detail.study)}
        ></rc-series-browser>
        <rc-viewport
          ?data-parked=${this.layout === 'compare'}
          .library=${library}
          .series=${this.selected}
          .study=${this.selectedStudy}
          primary-tool=${this.tool}
          .fps=${this.fps}
          .annotationStores=${this.stores}
          .roleOf=${this.rolesOf}
          author=${this.mode === 'author' ? 'teacher' : this.mode === 'quiz' ? 'trainee' : 'user'}
          .labeller=${this.labeller}
          @rc-view-change=${this.onViewChange}
          @rc-image-shown=${this.onImageShown}
          @rc-annotation-stats=${this.onAnnotationStats}
          @rc-annotation-selected=${(e: CustomEvent<{ id: string }>) => (this.selectedAnnotation = e.detail.id)}
        ></rc-viewport>
        ${this.layout === 'compare'
          ? html`<rc-compare
              .library=${library}
              .studies=${this.studies}
              .annotationStores=${[this.annotations, this.expert]}
              primary-tool=${this.tool}
              .fps=${this.fps}
              @rc-view-change=${this.onViewChange}
            ></rc-compare>`
          : nothing}
        <aside class="side">
          <div class="tabs" role="tablist">
            <button type="button" role="tab" id="tab-case" aria-selected=${String(this.sideTab === 'case')} @click=${() => (this.sideTab = 'case')}>${t('tab.case')}</button>
            <button type="button" role="tab" id="tab-annotations" aria-selected=${String(this.sideTab === 'annotations')} @click=${() => (this.sideTab = 'annotations')}>
              ${t(this.mode === 'quiz' ? 'tab.quiz' : this.mode === 'author' ? 'tab.author' : 'tab.annotations')}
            </button>
          </div>
          <rc-case-panel
            role="tabpanel"
            aria-labelledby="tab-case"
            ?hidden=${this.sideTab !== 'case'}
            .story=${this.story}
            .manifest=${this.manifest}
            .activeFinding=${this.mode === 'quiz' && !this.quizScore ? null : this.activeFinding()}
            .linksDisabled=${this.mode === 'quiz' && !this.quizScore}
            @rc-finding-link=${(e: CustomEvent<{ finding: string }>) => void this.goToFinding(e.detail.finding)}
            @rc-figure-link=${(e: CustomEvent<{ figure: string }>) => this.openFigure(e.detail.figure)}
          ></rc-case-panel>
          ${this.mode === 'author' ? this.renderAuthorBar() : nothing}
          ${this.mode === 'quiz' ? this.renderQuizPanel() : this.renderAnnotationPanel()}
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
