// The annotations of the open case: the one place they change, each change one undoable step.
// Pure (no DOM, no Cornerstone): the viewport mirrors this store, never the other way round.
import type { Annotation, AnnotationSet } from './model';

/** One step of the history: the annotation before and after (null where it did not exist). */
interface Step {
  before: Annotation | null;
  after: Annotation | null;
}

export type ChangeKind = 'add' | 'update' | 'remove' | 'replace';

export interface StoreChange {
  kind: ChangeKind;
  /** The annotations the change touched (empty for "replace": everything may have changed). */
  ids: string[];
}

const clone = (a: Annotation): Annotation => structuredClone(a);

/**
 * Holds the annotations of one set with an undo/redo history. Listeners hear every change through
 * `change` events (detail: StoreChange).
 */
export class AnnotationStore extends EventTarget {
  private items = new Map<string, Annotation>();
  private undoStack: Step[] = [];
  private redoStack: Step[] = [];
  private caseId = '';
  private setName = 'user';

  constructor(private readonly now: () => string = () => new Date().toISOString()) {
    super();
  }

  /** Replaces everything (loading a file or a saved session); clears the history. */
  load(set: AnnotationSet) {
    this.caseId = set.caseId;
    this.setName = set.set;
    this.items = new Map(set.annotations.map((a) => [a.id, clone(a)]));
    this.undoStack = [];
    this.redoStack = [];
    this.emit({ kind: 'replace', ids: [] });
  }

  /**
   * Loads a saved set under the marks already here that it does not have (drawn while it was being
   * read); clears the history. Returns how many of those were kept.
   */
  restore(set: AnnotationSet): number {
    const saved = new Set(set.annotations.map((a) => a.id));
    const meanwhile = this.all().filter((a) => !saved.has(a.id));
    this.load({ ...set, annotations: [...set.annotations, ...meanwhile] });
    return meanwhile.length;
  }

  toSet(): AnnotationSet {
    return { schema: 'radcase.annotations/1', caseId: this.caseId, set: this.setName, annotations: this.all() };
  }

  all(): Annotation[] {
    return [...this.items.values()].map(clone);
  }

  get(id: string): Annotation | undefined {
    const a = this.items.get(id);
    return a ? clone(a) : undefined;
  }

  has(id: string) {
    return this.items.has(id);
  }

  get size() {
    return this.items.size;
  }

  add(annotation: Annotation) {
    if (this.items.has(annotation.id)) throw new Error(`annotation ${annotation.id} exists already`);
    this.apply({ before: null, after: clone(annotation) }, 'add');
  }

  /** Changes fields of an annotation (geometry, finding, note, lock…) as one step; stamps `modified`. */
  update(id: string, changes: Partial<Omit<Annotation, 'id' | 'created'>>) {
    const before = this.items.get(id);
    if (!before) return;
    // A locked mark keeps its place; its label and note can still change.
    if (before.locked && changes.points) return;
    const after = { ...clone(before), ...structuredClone(changes), id, modified: this.now() };
    this.apply({ before: clone(before), after }, 'update');
  }

  /** Deletes a mark; a locked one stays until it is unlocked. */
  remove(id: string) {
    const before = this.items.get(id);
    if (!before || before.locked) return;
    this.apply({ before: clone(before), after: null }, 'remove');
  }

  canUndo() {
    return this.undoStack.length > 0;
  }

  canRedo() {
    return this.redoStack.length > 0;
  }

  undo() {
    const step = this.undoStack.pop();
    if (!step) return;
    this.put(step.before, step.after);
    this.redoStack.push(step);
    this.emit({ kind: kindOf(step.after, step.before), ids: [idOf(step)] });
  }

  redo() {
    const step = this.redoStack.pop();
    if (!step) return;
    this.put(step.after, step.before);
    this.undoStack.push(step);
    this.emit({ kind: kindOf(step.before, step.after), ids: [idOf(step)] });
  }

  private apply(step: Step, kind: ChangeKind) {
    this.put(step.after, step.before);
    this.undoStack.push(step);
    this.redoStack = [];
    this.emit({ kind, ids: [idOf(step)] });
  }

  /** Makes `value` current (null: absent) where `previous` was. */
  private put(value: Annotation | null, previous: Annotation | null) {
    const id = (value ?? previous)?.id;
    if (!id) return;
    if (value) this.items.set(id, clone(value));
    else this.items.delete(id);
  }

  private emit(change: StoreChange) {
    this.dispatchEvent(new CustomEvent<StoreChange>('change', { detail: change }));
  }
}

const idOf = (step: Step) => (step.after ?? step.before)?.id ?? '';

/** The kind of change that goes from `from` to `to`. */
function kindOf(from: Annotation | null, to: Annotation | null): ChangeKind {
  if (!from) return 'add';
  if (!to) return 'remove';
  return 'update';
}
