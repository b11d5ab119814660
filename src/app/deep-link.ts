// Deep links: what the address bar carries of the view (case, mode, series, image, finding), so a
// teacher can send a link to exactly what they are looking at. Pure: no DOM, no location.
import type { Mode } from '../teaching/modes';
import { MODES } from '../teaching/modes';

export interface DeepLink {
  /** The case manifest's URL as given in ?case=. */
  caseUrl?: string;
  mode?: Mode;
  /** SeriesInstanceUID of the series shown. */
  series?: string;
  /** 1-based position of the image in that series. */
  image?: number;
  /** Key of the finding whose expert mark is selected. */
  finding?: string;
}

const UID = /^[0-9]+(\.[0-9]+)*$/;
const KEY = /^[a-z0-9][a-z0-9-]{0,63}$/;

/** Reads a deep link from a query string; values that are malformed are left out, never guessed. */
export function parseDeepLink(search: string): DeepLink {
  const params = new URLSearchParams(search);
  const link: DeepLink = {};
  const caseUrl = params.get('case');
  if (caseUrl) link.caseUrl = caseUrl;
  const mode = params.get('mode');
  if (mode && (MODES as readonly string[]).includes(mode)) link.mode = mode as Mode;
  const series = params.get('series');
  if (series && UID.test(series) && series.length <= 64) link.series = series;
  const image = params.get('image');
  if (image && /^[1-9][0-9]{0,5}$/.test(image)) link.image = Number(image);
  const finding = params.get('finding');
  if (finding && KEY.test(finding)) link.finding = finding;
  return link;
}

/**
 * Writes a deep link into a query string, keeping the parameters it does not own (?renderer=, say).
 * Explore is the default mode and image 1 the default image: they are left out.
 */
export function formatDeepLink(link: DeepLink, search = ''): string {
  const params = new URLSearchParams(search);
  for (const name of ['case', 'mode', 'series', 'image', 'finding']) params.delete(name);
  if (link.caseUrl) params.set('case', link.caseUrl);
  if (link.mode && link.mode !== 'explore') params.set('mode', link.mode);
  if (link.series) params.set('series', link.series);
  if (link.series && link.image && link.image > 1) params.set('image', String(link.image));
  if (link.finding) params.set('finding', link.finding);
  const text = params.toString();
  return text ? `?${text}` : '';
}
