// Keeps a user's annotation sets in the browser (IndexedDB, one entry per case and set) and moves
// sets in and out as files; everything read back goes through validation first.
import { createStore, del, get, set as put, type UseStore } from 'idb-keyval';
import type { AnnotationSet } from './model';
import { validateAnnotationSet, type ImageResolver, type ValidationResult } from './validate';

// A store of our own, so clearing annotations never touches other data kept with idb-keyval.
let store: UseStore | undefined;
function annotationStore(): UseStore {
  store ??= createStore('radcase-annotations', 'sets');
  return store;
}

/** The IndexedDB key of one set of one case. */
export function storageKey(caseId: string, setName: string): string {
  return `${caseId}/${setName}`;
}

export async function saveSet(set: AnnotationSet): Promise<void> {
  await put(storageKey(set.caseId, set.set), set, annotationStore());
}

/** The saved set, validated (stored data can be old or damaged); undefined when nothing is saved. */
export async function loadSet(caseId: string, setName: string, resolver?: ImageResolver): Promise<ValidationResult | undefined> {
  const stored: unknown = await get(storageKey(caseId, setName), annotationStore());
  return stored === undefined ? undefined : validateAnnotationSet(stored, resolver);
}

export async function clearSet(caseId: string, setName: string): Promise<void> {
  await del(storageKey(caseId, setName), annotationStore());
}

/** The file a user downloads: the set as indented JSON. */
export function exportSetFile(set: AnnotationSet): Blob {
  return new Blob([`${JSON.stringify(set, null, 2)}\n`], { type: 'application/json' });
}

/** Reads a file the user picked; bad JSON becomes a problem like any other. */
export async function importSetFile(file: File, resolver?: ImageResolver): Promise<ValidationResult> {
  return parseSetText(await file.text(), resolver);
}

/** The pure half of importSetFile. */
export function parseSetText(text: string, resolver?: ImageResolver): ValidationResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, problems: [`the file is not valid JSON: ${(error as Error).message}`] };
  }
  return validateAnnotationSet(json, resolver);
}
