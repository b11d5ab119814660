// Mirrors the annotation store into Cornerstone's annotation state for one viewport, and turns what
// the user draws or drags there back into store changes. The store is the truth; Cornerstone draws.
import { eventTarget, metaData, type Types } from '@cornerstonejs/core';
import type { Annotation, AnnotationKind, ImagePoint, ImageReference } from '../annotations/model';
import { ANNOTATION_KINDS } from '../annotations/model';
import type { AnnotationStore, StoreChange } from '../annotations/store';
import { findingFor } from '../annotations/vocabulary';
import { annotationToolClasses, loadTools } from './tools';

type ToolsModule = Awaited<ReturnType<typeof loadTools>>;
type Point3 = Types.Point3;

/** A Cornerstone tool annotation, as much of it as we read and write (its types vary per tool). */
interface CsAnnotation {
  annotationUID?: string;
  metadata: { toolName: string; referencedImageId?: string; viewPlaneNormal?: Point3; viewUp?: Point3; FrameOfReferenceUID?: string };
  data: {
    handles: { points: Point3[]; activeHandleIndex?: number | null; textBox?: unknown };
    contour?: { polyline: Point3[]; closed: boolean };
    text?: string;
    label?: string;
    cachedStats?: Record<string, Record<string, unknown>>;
  };
  isLocked?: boolean;
  isVisible?: boolean;
  highlighted?: boolean;
  invalidated?: boolean;
}

/** Where an image sits in patient space, the way Cornerstone's StackViewport places it. */
interface Plane {
  origin: Point3;
  row: Point3;
  column: Point3;
  /** mm per column step (x) and per row step (y). */
  xSpacing: number;
  ySpacing: number;
  normal: Point3;
}

function planeOf(imageId: string): Plane | null {
  const module = metaData.get('imagePlaneModule', imageId) as
    | { imagePositionPatient?: number[] | null; rowCosines?: number[] | null; columnCosines?: number[] | null; columnPixelSpacing?: number | null; rowPixelSpacing?: number | null }
    | undefined;
  if (!module) return null;
  const row = (module.rowCosines ?? [1, 0, 0]) as Point3;
  const column = (module.columnCosines ?? [0, 1, 0]) as Point3;
  const normal: Point3 = [row[1] * column[2] - row[2] * column[1], row[2] * column[0] - row[0] * column[2], row[0] * column[1] - row[1] * column[0]];
  return {
    origin: (module.imagePositionPatient ?? [0, 0, 0]) as Point3,
    row,
    column,
    xSpacing: module.columnPixelSpacing || 1,
    ySpacing: module.rowPixelSpacing || 1,
    normal,
  };
}

export const imageToWorld = (plane: Plane, [x, y]: ImagePoint): Point3 =>
  [0, 1, 2].map((k) => plane.origin[k] + plane.row[k] * plane.xSpacing * x + plane.column[k] * plane.ySpacing * y) as Point3;

export function worldToImage(plane: Plane, world: Point3): ImagePoint {
  const d = [0, 1, 2].map((k) => world[k] - plane.origin[k]);
  const along = (axis: Point3) => d[0] * axis[0] + d[1] * axis[1] + d[2] * axis[2];
  return [along(plane.row) / plane.xSpacing, along(plane.column) / plane.ySpacing];
}

/** Our point list for a kind, from a Cornerstone annotation's handles. */
function modelPoints(kind: AnnotationKind, cs: CsAnnotation, plane: Plane): ImagePoint[] {
  const toImage = (p: Point3) => worldToImage(plane, p);
  if (kind === 'PlanarFreehandROI') {
    const outline = (cs.data.contour?.polyline ?? []).map(toImage);
    // Cornerstone may close the outline by repeating its first vertex; ours is implicitly closed.
    const [first, last] = [outline[0], outline[outline.length - 1]];
    if (outline.length > 3 && Math.abs(first[0] - last[0]) < 1e-6 && Math.abs(first[1] - last[1]) < 1e-6) outline.pop();
    return outline;
  }
  const points = cs.data.handles.points.map(toImage);
  // Cornerstone keeps all four rectangle corners; two opposite ones define it.
  if (kind === 'RectangleROI') return [points[0], points[3]];
  return points;
}

function handlePoints(kind: AnnotationKind, points: ImagePoint[], plane: Plane): Point3[] {
  const toWorld = (p: ImagePoint) => imageToWorld(plane, p);
  if (kind === 'RectangleROI') {
    const [[x1, y1], [x2, y2]] = points;
    return ([[x1, y1], [x2, y1], [x1, y2], [x2, y2]] as ImagePoint[]).map(toWorld);
  }
  if (kind === 'PlanarFreehandROI') return [];
  return points.map(toWorld);
}

const samePoints = (a: ImagePoint[], b: ImagePoint[]) =>
  a.length === b.length && a.every(([x, y], i) => Math.abs(x - b[i][0]) < 1e-3 && Math.abs(y - b[i][1]) < 1e-3);
const byPosition = (points: ImagePoint[]) => [...points].sort((p, q) => p[0] - q[0] || p[1] - q[1]);

/**
 * Whether Cornerstone's copy still has the store's geometry. An outline may come back starting at
 * another vertex or running the other way round (Cornerstone orders contours its own way): the
 * same vertices are the same outline.
 */
function sameGeometry(kind: AnnotationKind, a: ImagePoint[], b: ImagePoint[]) {
  if (samePoints(a, b)) return true;
  return kind === 'PlanarFreehandROI' && samePoints(byPosition(a), byPosition(b));
}

export interface ImageResolver {
  /** The image id showing a reference, when its series is loaded. */
  imageIdOf(ref: ImageReference): string | undefined;
  /** What an image id shows. */
  referenceOf(imageId: string): ImageReference | undefined;
}

/** What the user says about a new mark: its finding, label and note; null discards it. */
export type Labeller = (draft: Annotation) => Promise<Pick<Annotation, 'finding' | 'label' | 'note'> | null>;

/** How one mark is drawn beyond its finding's colour (a quiz outcome, the expert's dashes). */
export interface MarkStyle {
  color?: string;
  lineDash?: string;
  lineWidth?: string;
}

/** What a bridge's store is on its viewport now: which set takes new marks and which can be edited. */
export interface BridgeRole {
  /** What the user draws becomes a mark of this store. */
  takesNewMarks: boolean;
  /** Marks can be dragged and edited (locked marks stay put either way). */
  editable: boolean;
  /** Outlines' statistics show only for the mark hovered or selected (a large teaching set stays readable). */
  quietText?: boolean;
  /** Its marks are not drawn at all (the expert's during a quiz, say). */
  hidden?: boolean;
  /** Per-mark drawing style; undefined keeps the finding's colour. */
  styleOf?: (a: Annotation) => MarkStyle | undefined;
}

/** Marks on one image above which only the selected one shows its text box. */
const TEXT_BOX_LIMIT = 40;

/** Kinds whose text is the point of the mark, shown even in a quiet set (BridgeRole.quietText). */
const SPEAKING_KINDS: ReadonlySet<AnnotationKind> = new Set<AnnotationKind>(['Length', 'Bidirectional', 'ArrowAnnotate']);

let nextId = 0;
const newId = () => `a-${Date.now().toString(36)}-${(nextId++).toString(36)}`;

/**
 * @event stats - Cornerstone recomputed the measurements of one of our marks.
 * @event select - the user selected one of our marks in the image (detail: its id).
 */
export class AnnotationBridge extends EventTarget {
  /** Findings whose marks are hidden. */
  readonly hiddenFindings = new Set<string>();
  private hideAll = false;
  private readonly dirty = new Set<string>();
  private readonly mirrored = new Set<string>();
  private readonly cleanups: (() => void)[] = [];

  private constructor(
    private readonly tools: ToolsModule,
    private readonly element: HTMLDivElement,
    private readonly viewportIds: string[],
    private readonly store: AnnotationStore,
    private readonly images: ImageResolver,
    private readonly label: Labeller,
    private readonly author: () => string,
    private role: BridgeRole,
  ) {
    super();
  }

  /**
   * A set the user only looks at (the expert's, say) shows its outlines; its measurements appear
   * for the mark selected or hovered.
   */
  private get quietText() {
    return this.role.quietText ?? !this.role.editable;
  }

  /** Changes what this store is on the viewport (the mode changed) and redraws. */
  setRole(role: BridgeRole) {
    this.role = role;
    this.sync();
  }

  get takesNewMarks() {
    return this.role.takesNewMarks;
  }

  private statsFrame = 0;
  /** Tells listeners (once a frame at most) that measurements changed. */
  private statsChanged() {
    if (this.statsFrame) return;
    this.statsFrame = requestAnimationFrame(() => {
      this.statsFrame = 0;
      this.dispatchEvent(new Event('stats'));
    });
  }

  /**
   * Mirrors `store` on a viewport. Only a bridge whose role `takesNewMarks` turns what the user
   * draws into annotations of its store; the others just show theirs.
   */
  static async attach(
    element: HTMLDivElement,
    viewportId: string,
    store: AnnotationStore,
    images: ImageResolver,
    label: Labeller,
    author: () => string,
    role: BridgeRole,
  ) {
    const tools = await loadTools();
    const bridge = new AnnotationBridge(tools, element, [viewportId], store, images, label, author, role);
    bridge.listen();
    bridge.sync();
    return bridge;
  }

  private listen() {
    const { Events } = this.tools.Enums;
    const on = (target: EventTarget, type: string, handler: (e: Event) => void) => {
      target.addEventListener(type, handler);
      this.cleanups.push(() => target.removeEventListener(type, handler));
    };
    on(eventTarget, Events.ANNOTATION_COMPLETED, (e) => void this.onCompleted((e as CustomEvent).detail.annotation as CsAnnotation));
    on(eventTarget, Events.ANNOTATION_MODIFIED, (e) => {
      const { annotation, changeType } = (e as CustomEvent).detail as { annotation: CsAnnotation; changeType?: string };
      const uid = annotation.annotationUID;
      if (!uid || !this.store.has(uid)) return;
      if (changeType === this.tools.Enums.ChangeTypes.StatsUpdated) this.statsChanged();
      else this.dirty.add(uid);
    });
    on(eventTarget, Events.ANNOTATION_SELECTION_CHANGE, () => {
      const id = this.selectedId();
      if (id) this.dispatchEvent(new CustomEvent('select', { detail: id }));
    });
    on(this.element, Events.MOUSE_UP, () => this.flushEdits());
    on(this.element, Events.MOUSE_CLICK, () => this.flushEdits());
    const onStore = (e: Event) => this.onStoreChange((e as CustomEvent<StoreChange>).detail);
    on(this.store, 'change', onStore);
  }

  destroy() {
    for (const c of this.cleanups.splice(0)) c();
    for (const uid of this.mirrored) this.tools.annotation.state.removeAnnotation(uid);
    this.mirrored.clear();
  }

  setHidden(findings: Iterable<string>, all = false) {
    this.hiddenFindings.clear();
    for (const f of findings) this.hiddenFindings.add(f);
    this.hideAll = all;
    this.sync();
  }

  /** Cornerstone's cached measurements for a mark (length, area, mean, …), by our id. */
  statsOf(id: string): Record<string, unknown> | null {
    const cs = this.tools.annotation.state.getAnnotation(id) as unknown as CsAnnotation | undefined;
    const stats = cs?.data.cachedStats;
    if (!stats) return null;
    const first = Object.values(stats)[0];
    return first ?? null;
  }

  /** The centre of a mark in world coordinates, when its image is loaded. */
  centreOf(id: string): Point3 | null {
    const a = this.store.get(id);
    const imageId = a ? this.images.imageIdOf(a.image) : undefined;
    const plane = imageId ? planeOf(imageId) : null;
    if (!a || !plane || a.points.length === 0) return null;
    const xs = a.points.map((p) => p[0]);
    const ys = a.points.map((p) => p[1]);
    const mid: ImagePoint = [(Math.min(...xs) + Math.max(...xs)) / 2, (Math.min(...ys) + Math.max(...ys)) / 2];
    return imageToWorld(plane, mid);
  }

  select(id: string | null) {
    if (this.focusId !== id) {
      this.focusId = id;
      this.sync();
    }
    const selection = this.tools.annotation.selection;
    selection.deselectAnnotation();
    if (id && this.tools.annotation.state.getAnnotation(id)) selection.setAnnotationSelected(id, true);
    this.render();
  }

  selectedId(): string | null {
    // Cornerstone lists the selected annotations by UID.
    const uid = this.tools.annotation.selection.getAnnotationsSelected()?.[0];
    return uid && this.store.has(uid) ? uid : null;
  }

  private hoverId: string | null = null;

  highlight(id: string | null) {
    if (this.hoverId !== id) {
      this.hoverId = id;
      this.sync();
    }
    for (const uid of this.mirrored) {
      const cs = this.tools.annotation.state.getAnnotation(uid) as unknown as CsAnnotation | undefined;
      if (cs) cs.highlighted = uid === id;
    }
    this.render();
  }

  /** The mark selected or hovered: its measurement is shown even on a crowded image. */
  private focusId: string | null = null;

  /** Re-creates every mirrored annotation whose image is loaded and whose geometry differs. */
  sync() {
    const state = this.tools.annotation.state;
    const wanted = new Set<string>();
    const marks = this.store.all();
    const perImage = new Map<string, number>();
    for (const a of marks) perImage.set(a.image.sopInstanceUID + (a.image.frame ?? ''), (perImage.get(a.image.sopInstanceUID + (a.image.frame ?? '')) ?? 0) + 1);
    for (const a of marks) {
      // Beyond a few dozen marks on one image their text boxes would hide it, and Cornerstone
      // measures every text box on every frame: the panel lists the values instead.
      const crowdedImage = (perImage.get(a.image.sopInstanceUID + (a.image.frame ?? '')) ?? 0) > TEXT_BOX_LIMIT;
      // A quiet set still labels its measurements and arrows: without its text a Length is a bare line and an arrow
      // points at nothing in particular. Only the outlines' statistics wait for a hover.
      const quiet = this.quietText && !SPEAKING_KINDS.has(a.kind);
      const crowded = quiet || crowdedImage;
      const showText = !crowded || a.id === this.focusId || a.id === this.hoverId;
      // A hidden set is not mirrored at all: nothing of it can be hovered, picked or measured.
      if (this.role.hidden) continue;
      const imageId = this.images.imageIdOf(a.image);
      const plane = imageId ? planeOf(imageId) : null;
      if (!imageId || !plane) continue;
      wanted.add(a.id);
      const existing = state.getAnnotation(a.id) as unknown as CsAnnotation | undefined;
      const visible = !this.hideAll && !this.hiddenFindings.has(a.finding);
      if (existing && sameGeometry(a.kind, modelPoints(a.kind, existing, plane), a.points)) {
        this.decorate(existing, a, visible, showText, crowdedImage);
        continue;
      }
      if (existing) state.removeAnnotation(a.id);
      const cs = this.toCornerstone(a, imageId, plane);
      state.addAnnotation(cs as never, this.element);
      this.mirrored.add(a.id);
      this.decorate(cs, a, visible, showText, crowdedImage);
    }
    for (const uid of [...this.mirrored]) {
      if (!wanted.has(uid)) {
        state.removeAnnotation(uid);
        this.mirrored.delete(uid);
      }
    }
    this.render();
  }

  private decorate(cs: CsAnnotation, a: Annotation, visible: boolean, showText: boolean, crowded: boolean) {
    const uid = a.id;
    const finding = findingFor(a.finding);
    const extra = this.role.styleOf?.(a);
    const color = extra?.color ?? finding?.colour ?? '#ffffff';
    this.tools.annotation.config.style.setAnnotationStyles(uid, {
      color,
      // A mark that cannot be moved keeps its finding's colour (Cornerstone would draw it khaki).
      colorLocked: color,
      colorHighlighted: '#ffffff',
      colorSelected: '#7fffd4',
      lineWidth: extra?.lineWidth ?? '2',
      lineDash: extra?.lineDash ?? '',
      // Cornerstone gives lines an SVG drop-shadow filter; on a crowded image (hundreds of marks)
      // filtering each line every frame is most of the cost of a pan.
      shadow: !crowded,
      textBoxVisibility: showText,
    } as never);
    this.tools.annotation.locking.setAnnotationLocked(uid, Boolean(a.locked) || !this.role.editable);
    this.tools.annotation.visibility.setAnnotationVisibility(uid, visible);
    const text = a.label || finding?.name.en || a.finding;
    if (a.kind === 'ArrowAnnotate') cs.data.text = text;
    cs.data.label = text;
  }

  private toCornerstone(a: Annotation, imageId: string, plane: Plane): CsAnnotation {
    const points = handlePoints(a.kind, a.points, plane);
    const cs: CsAnnotation = {
      annotationUID: a.id,
      metadata: {
        toolName: toolClasses(this.tools)[a.kind].toolName,
        referencedImageId: imageId,
        viewPlaneNormal: plane.normal,
        viewUp: [-plane.column[0], -plane.column[1], -plane.column[2]],
        FrameOfReferenceUID: (metaData.get('imagePlaneModule', imageId) as { frameOfReferenceUID?: string } | undefined)?.frameOfReferenceUID,
      },
      data: { handles: { points, activeHandleIndex: null, textBox: { hasMoved: false } }, cachedStats: {} },
      isLocked: Boolean(a.locked) || !this.role.editable,
      isVisible: true,
      highlighted: false,
      invalidated: true,
    };
    if (a.kind === 'PlanarFreehandROI') cs.data.contour = { polyline: a.points.map((p) => imageToWorld(plane, p)), closed: true };
    return cs;
  }

  private async onCompleted(cs: CsAnnotation) {
    const uid = cs.annotationUID;
    if (!uid || this.store.has(uid)) {
      this.flushEdits();
      return;
    }
    if (!this.role.takesNewMarks) return;
    const kind = kindOfTool(this.tools, cs.metadata.toolName);
    const imageId = cs.metadata.referencedImageId;
    const ref = imageId ? this.images.referenceOf(imageId) : undefined;
    const plane = imageId ? planeOf(imageId) : null;
    if (!kind || !ref || !plane) {
      this.tools.annotation.state.removeAnnotation(uid);
      this.render();
      return;
    }
    const now = new Date().toISOString();
    const draft: Annotation = {
      id: newId(),
      kind,
      image: ref,
      points: modelPoints(kind, cs, plane),
      finding: 'other',
      author: this.author(),
      created: now,
      modified: now,
    };
    // Cornerstone's copy goes; the store's, under our id, comes back through sync().
    this.tools.annotation.state.removeAnnotation(uid);
    this.render();
    const answer = await this.label(draft);
    if (answer) this.store.add({ ...draft, ...answer });
  }

  private flushEdits() {
    for (const uid of [...this.dirty]) {
      this.dirty.delete(uid);
      const a = this.store.get(uid);
      const cs = this.tools.annotation.state.getAnnotation(uid) as unknown as CsAnnotation | undefined;
      const imageId = cs?.metadata.referencedImageId;
      const plane = imageId ? planeOf(imageId) : null;
      if (!a || !cs || !plane) continue;
      const points = modelPoints(a.kind, cs, plane);
      if (!sameGeometry(a.kind, points, a.points)) this.store.update(uid, { points });
    }
  }

  private onStoreChange(_change: StoreChange) {
    // Every change re-mirrors: cheap (unchanged marks are skipped) and never out of step.
    this.sync();
  }

  private render() {
    this.tools.utilities.triggerAnnotationRenderForViewportIds(this.viewportIds);
  }
}

const toolClasses = (tools: ToolsModule): Record<AnnotationKind, { toolName: string }> => annotationToolClasses(tools);

function kindOfTool(tools: ToolsModule, toolName: string): AnnotationKind | undefined {
  const classes = toolClasses(tools);
  return ANNOTATION_KINDS.find((k) => classes[k].toolName === toolName);
}

