// What the figures of one page share: Cornerstone started once, one image library per case URL
// (so a case's manifest and files are fetched once however many figures show it), and its expert
// set read once.
import { startImaging } from '../imaging/cornerstone';
import { expertSetUrl } from '../case/locations';
import { ImageLibrary } from '../imaging/library';
import type { CaseManifest } from '../case/manifest';
import type { Annotation } from '../annotations/model';
import { MarksError, readFigureMarks } from './figure-logic';

export interface CaseSource {
  library: ImageLibrary;
  /** Null when the manifest could not be read; `problem` then says why. */
  manifest: CaseManifest | null;
  problem: string | null;
}

const cases = new Map<string, Promise<CaseSource>>();
const expertSets = new Map<string, Promise<Annotation[]>>();

/** The case at `manifestUrl` (absolute or relative to the page), read once per page. */
export function caseSource(manifestUrl: string): Promise<CaseSource> {
  const key = new URL(manifestUrl, location.href).href;
  let source = cases.get(key);
  if (!source) {
    source = (async () => {
      await startImaging();
      const library = new ImageLibrary();
      const manifest = await library.loadCase(key);
      const problem = manifest ? null : (library.problems[0]?.reason ?? '');
      return { library, manifest, problem };
    })();
    cases.set(key, source);
  }
  return source;
}


/** The expert's marks of a case, read once per page; rejects with a reason a reader can act on. */
export function expertMarks(manifestUrl: string, caseId: string): Promise<Annotation[]> {
  const url = expertSetUrl(manifestUrl, caseId);
  let marks = expertSets.get(url);
  if (!marks) {
    marks = (async () => {
      let response: Response;
      try {
        response = await fetch(url);
      } catch (error) {
        throw new MarksError(`${url}: ${error instanceof Error ? error.message : String(error)}`);
      }
      if (!response.ok) throw new MarksError(`${url}: HTTP ${response.status} ${response.statusText}`.trim());
      let json: unknown;
      try {
        json = await response.json();
      } catch {
        throw new MarksError(`${url}: not valid JSON`);
      }
      try {
        return readFigureMarks(json).marks;
      } catch (error) {
        throw new MarksError(`${url}: ${error instanceof Error ? error.message : String(error)}`);
      }
    })();
    expertSets.set(url, marks);
  }
  return marks;
}
