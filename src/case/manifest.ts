// The bundled-case manifest: what a case is made of, read and validated once where it enters the app.

/** A bilingual string: every sentence the product shows exists in English and Spanish. */
export interface LocalizedText {
  en: string;
  es: string;
}

export interface ManifestSeries {
  seriesInstanceUID: string;
  seriesNumber: number;
  modality: string;
  description: string;
  /** Figure of the published case this series stands for, e.g. "fig-1". */
  figure?: string;
  /** Paths relative to the manifest's own URL, in display order. */
  files: string[];
}

export interface ManifestStudy {
  studyInstanceUID: string;
  /** DICOM StudyDate as an ISO date, e.g. "2026-03-02". */
  date: string;
  description: string;
  series: ManifestSeries[];
}

export interface CaseManifest {
  schema: 'radcase.case/1';
  caseId: string;
  title: LocalizedText;
  /** True when the images are made by our generator, not taken from a patient. */
  synthetic: boolean;
  syntheticNotice?: LocalizedText;
  studies: ManifestStudy[];
}

export class ManifestError extends Error {
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(`${source}: ${problems.join('; ')}`);
    this.name = 'ManifestError';
  }
}

type Json = unknown;

const isObject = (v: Json): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isText = (v: Json): v is string => typeof v === 'string' && v.length > 0;
const isLocalized = (v: Json): v is LocalizedText => isObject(v) && isText(v.en) && isText(v.es);
const UID = /^[0-9]+(\.[0-9]+)*$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Validates a parsed manifest; throws a ManifestError listing every problem found. */
export function parseCaseManifest(data: Json, source = 'manifest'): CaseManifest {
  const problems: string[] = [];
  const need = (ok: boolean, what: string) => {
    if (!ok) problems.push(what);
    return ok;
  };
  if (!need(isObject(data), 'the manifest is not a JSON object')) throw new ManifestError(source, problems);
  const m = data as Record<string, Json>;
  need(m.schema === 'radcase.case/1', `schema must be "radcase.case/1", found ${JSON.stringify(m.schema)}`);
  need(isText(m.caseId) && /^[a-z0-9-]+$/.test(m.caseId as string), 'caseId must be lower-case letters, digits and dashes');
  need(isLocalized(m.title), 'title needs "en" and "es" text');
  need(typeof m.synthetic === 'boolean', 'synthetic must be true or false');
  if (m.syntheticNotice !== undefined) need(isLocalized(m.syntheticNotice), 'syntheticNotice needs "en" and "es" text');
  if (need(Array.isArray(m.studies) && m.studies.length > 0, 'studies must be a non-empty list')) {
    (m.studies as Json[]).forEach((s, i) => {
      const at = `studies[${i}]`;
      if (!need(isObject(s), `${at} is not an object`)) return;
      const study = s as Record<string, Json>;
      need(isText(study.studyInstanceUID) && UID.test(study.studyInstanceUID as string), `${at}.studyInstanceUID is not a UID`);
      need(isText(study.date) && ISO_DATE.test(study.date as string), `${at}.date must be YYYY-MM-DD`);
      need(typeof study.description === 'string', `${at}.description must be text`);
      if (!need(Array.isArray(study.series) && study.series.length > 0, `${at}.series must be a non-empty list`)) return;
      (study.series as Json[]).forEach((r, j) => {
        const sat = `${at}.series[${j}]`;
        if (!need(isObject(r), `${sat} is not an object`)) return;
        const series = r as Record<string, Json>;
        need(isText(series.seriesInstanceUID) && UID.test(series.seriesInstanceUID as string), `${sat}.seriesInstanceUID is not a UID`);
        need(Number.isInteger(series.seriesNumber), `${sat}.seriesNumber must be an integer`);
        need(isText(series.modality), `${sat}.modality is missing`);
        need(typeof series.description === 'string', `${sat}.description must be text`);
        if (series.figure !== undefined) need(isText(series.figure), `${sat}.figure must be text`);
        need(
          Array.isArray(series.files) && series.files.length > 0 && series.files.every((f) => isText(f) && !f.includes('..')),
          `${sat}.files must be a non-empty list of relative paths without ".."`,
        );
      });
    });
  }
  if (problems.length > 0) throw new ManifestError(source, problems);
  return data as unknown as CaseManifest;
}

/** Resolves a series' file paths against the manifest's URL. */
export function seriesFileUrls(manifestUrl: string, series: ManifestSeries): string[] {
  const base = new URL(manifestUrl, 'http://radcase.invalid/');
  return series.files.map((f) => {
    const url = new URL(f, base);
    return url.origin === 'http://radcase.invalid' ? url.pathname + url.search : url.href;
  });
}
