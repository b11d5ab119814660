// Which series the compare view puts side by side: the follow-up of a series at another date, and
// the presets (admission against relapse pelvis, Fig. 1 against Fig. 4, MR of both dates). Pure.

/** As much of a series and its study as the choice needs (the library's ViewerSeries/ViewerStudy fit). */
export interface SeriesLike {
  modality: string;
  description: string;
  figure?: string;
}
export interface StudyLike<S extends SeriesLike> {
  date: string;
  series: S[];
}
export interface Pane<S extends SeriesLike, T extends StudyLike<S>> {
  series: S;
  study: T;
}

const words = (text: string) => new Set(text.toLowerCase().split(/[^a-z0-9]+/).filter((w) => w.length > 1));

/** How alike two descriptions are: shared words over all words (0–1). */
export function likeness(a: string, b: string): number {
  const wa = words(a);
  const wb = words(b);
  const shared = [...wa].filter((w) => wb.has(w)).length;
  const all = new Set([...wa, ...wb]).size;
  return all ? shared / all : 0;
}

const byDate = <S extends SeriesLike, T extends StudyLike<S>>(studies: readonly T[]) => [...studies].sort((p, q) => p.date.localeCompare(q.date));

/** The series of the same modality, in the latest other study, whose description is most alike (at least a third). */
export function followUpOf<S extends SeriesLike, T extends StudyLike<S>>(base: Pane<S, T>, studies: readonly T[]): Pane<S, T> | null {
  let best: Pane<S, T> | null = null;
  let score = 1 / 3;
  for (const study of byDate(studies).reverse()) {
    if (study === base.study) continue;
    for (const series of study.series) {
      if (series.modality !== base.series.modality) continue;
      const s = likeness(series.description, base.series.description);
      if (s > score) [best, score] = [{ series, study }, s];
    }
    if (best) return best;
  }
  return best;
}

function firstWithFigure<S extends SeriesLike, T extends StudyLike<S>>(studies: readonly T[], figure: string): Pane<S, T> | null {
  for (const study of byDate(studies)) {
    const series = study.series.find((s) => s.figure === figure);
    if (series) return { series, study };
  }
  return null;
}

/** Admission against relapse: the earliest study's first radiograph (Fig. 1 when marked) and its follow-up. */
export function admissionVersusRelapse<S extends SeriesLike, T extends StudyLike<S>>(studies: readonly T[]): Pane<S, T>[] | null {
  const [first] = byDate(studies);
  if (!first) return null;
  const projection = first.series.find((s) => s.figure === 'fig-1' && s.modality !== 'MR') ?? first.series.find((s) => ['CR', 'DX'].includes(s.modality));
  if (!projection) return null;
  const base = { series: projection, study: first };
  const follow = followUpOf<S, T>(base, studies);
  return follow ? [base, follow] : null;
}

/** The first series of one published figure against the first of another. */
export function figurePair<S extends SeriesLike, T extends StudyLike<S>>(studies: readonly T[], a: string, b: string): Pane<S, T>[] | null {
  const left = firstWithFigure<S, T>(studies, a);
  const right = firstWithFigure<S, T>(studies, b);
  return left && right ? [left, right] : null;
}

/** Two MR series of the earliest study over their nearest counterparts at the latest, for the 2×2 layout. */
export function mrGrid<S extends SeriesLike, T extends StudyLike<S>>(studies: readonly T[]): Pane<S, T>[] | null {
  const sorted = byDate(studies);
  const first = sorted[0];
  const last = sorted[sorted.length - 1];
  if (!first || !last || first === last) return null;
  const base = first.series.filter((s) => s.modality === 'MR').slice(0, 2);
  if (base.length < 2) return null;
  const later = base.map((series) => {
    const candidates = last.series.filter((s) => s.modality === 'MR');
    const best = candidates.sort((p, q) => likeness(q.description, series.description) - likeness(p.description, series.description))[0];
    return best ? { series: best, study: last } : null;
  });
  if (later.some((p) => !p) || later[0]?.series === later[1]?.series) return null;
  return [...base.map((series) => ({ series, study: first })), ...(later as Pane<S, T>[])];
}
