import { describe, expect, test } from 'vitest';
import type { Annotation } from '../../src/annotations/model';
import { AnnotationStore, type StoreChange } from '../../src/annotations/store';

const mark = (id: string, over: Partial<Annotation> = {}): Annotation => ({
  id,
  kind: 'Length',
  image: { studyInstanceUID: '1', seriesInstanceUID: '1.1', sopInstanceUID: '1.1.1' },
  points: [
    [10, 10],
    [20, 10],
  ],
  finding: 'periarticular-calcification',
  author: 'test',
  created: '2026-01-01T00:00:00.000Z',
  modified: '2026-01-01T00:00:00.000Z',
  ...over,
});

function storeWithLog() {
  let tick = 0;
  const store = new AnnotationStore(() => `2026-01-02T00:00:0${tick++}.000Z`);
  const log: StoreChange[] = [];
  store.addEventListener('change', (e) => log.push((e as CustomEvent<StoreChange>).detail));
  store.load({ schema: 'radcase.annotations/1', caseId: 'c', set: 'user', annotations: [] });
  log.length = 0;
  return { store, log };
}

describe('annotation store', () => {
  test('creating, editing, relabelling and deleting are one undo step each, and redo replays them', () => {
    const { store } = storeWithLog();
    store.add(mark('a'));
    store.update('a', { points: [[10, 10], [30, 10]] });
    store.update('a', { finding: 'perilesional-edema' });
    store.remove('a');
    expect(store.size).toBe(0);

    store.undo();
    expect(store.get('a')?.finding).toBe('perilesional-edema');
    store.undo();
    expect(store.get('a')?.finding).toBe('periarticular-calcification');
    expect(store.get('a')?.points[1]).toEqual([30, 10]);
    store.undo();
    expect(store.get('a')?.points[1]).toEqual([20, 10]);
    store.undo();
    expect(store.has('a')).toBe(false);
    expect(store.canUndo()).toBe(false);

    store.redo();
    store.redo();
    expect(store.get('a')?.points[1]).toEqual([30, 10]);
    expect(store.canRedo()).toBe(true);
  });

  test('a new change after undo drops the redo history', () => {
    const { store } = storeWithLog();
    store.add(mark('a'));
    store.undo();
    store.add(mark('b'));
    expect(store.canRedo()).toBe(false);
    expect(store.all().map((a) => a.id)).toEqual(['b']);
  });

  test('an edit stamps the modified time and keeps the created time', () => {
    const { store } = storeWithLog();
    store.add(mark('a'));
    store.update('a', { note: { en: 'see the rim', es: 'ver el borde' } });
    const a = store.get('a');
    expect(a?.created).toBe('2026-01-01T00:00:00.000Z');
    expect(a?.modified).toBe('2026-01-02T00:00:00.000Z');
  });

  test('a locked mark neither moves nor goes, but can be relabelled and unlocked', () => {
    const { store } = storeWithLog();
    store.add(mark('a', { locked: true }));
    store.update('a', { points: [[0, 0], [1, 1]] });
    expect(store.get('a')?.points[0]).toEqual([10, 10]);
    store.update('a', { finding: 'other' });
    expect(store.get('a')?.finding).toBe('other');
    store.remove('a');
    expect(store.has('a')).toBe(true);
    store.update('a', { locked: false });
    store.update('a', { points: [[0, 0], [1, 1]] });
    expect(store.get('a')?.points[0]).toEqual([0, 0]);
  });

  test('listeners hear each change with the annotation it touched', () => {
    const { store, log } = storeWithLog();
    store.add(mark('a'));
    store.update('a', { label: 'x' });
    store.undo();
    store.remove('a');
    expect(log.map((c) => `${c.kind}:${c.ids.join()}`)).toEqual(['add:a', 'update:a', 'update:a', 'remove:a']);
  });

  test('restoring a saved set keeps the marks drawn while it was read, and the saved version of the others', () => {
    const { store } = storeWithLog();
    store.add(mark('drawn-meanwhile'));
    store.add(mark('both', { label: 'new' }));
    const kept = store.restore({ schema: 'radcase.annotations/1', caseId: 'c', set: 'user', annotations: [mark('saved'), mark('both', { label: 'saved' })] });
    expect(kept).toBe(1);
    expect(store.all().map((a) => a.id).sort()).toEqual(['both', 'drawn-meanwhile', 'saved']);
    expect(store.get('both')?.label).toBe('saved');
    expect(store.canUndo()).toBe(false);
  });

  test('what the store hands out cannot change what it holds', () => {
    const { store } = storeWithLog();
    store.add(mark('a'));
    const copy = store.get('a') as Annotation;
    copy.points[0][0] = 999;
    expect(store.get('a')?.points[0][0]).toBe(10);
  });
});
