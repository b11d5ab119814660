// What a case opens on, and fetching it before the viewer's code has loaded: the entry point asks
// for the manifest and then the first image while the viewer's scripts download and start, and the
// library takes those responses over, so nothing is fetched twice.
import { parseCaseManifest, seriesFileUrls, type CaseManifest } from './manifest';

/** The series a case opens on: the one standing for the published case's Figure 1, else the first. */
export function openingSeries<T extends { figure?: string }>(series: readonly T[]): T | undefined {
  return series.find((s) => s.figure === 'fig-1') ?? series[0];
}

const started = new Map<string, Promise<Response>>();
const keyOf = (url: string) => new URL(url, location.href).href;

/** The first image of the series the case opens on, or null. */
function openingImageUrl(manifest: CaseManifest, manifestUrl: string): string | null {
  const series = openingSeries(manifest.studies[0]?.series ?? []);
  return series ? (seriesFileUrls(keyOf(manifestUrl), series)[0] ?? null) : null;
}

/**
 * Starts fetching a case's manifest and the image it opens on. The manifest's response is handed
 * over only once the image's request is under way, so the library never races it.
 */
export function preloadCase(manifestUrl: string): void {
  if (!manifestUrl) return;
  const manifest = fetch(manifestUrl).then(async (response) => {
    if (!response.ok) return response;
    try {
      const parsed = parseCaseManifest(JSON.parse(await response.clone().text()), manifestUrl);
      const image = openingImageUrl(parsed, manifestUrl);
      if (image) started.set(keyOf(image), fetch(image));
    } catch {
      // The library reads the same response and reports what is wrong with it.
    }
    return response;
  });
  started.set(keyOf(manifestUrl), manifest);
}

/** The response to a request `preloadCase` started for `url` (once), or a new fetch. */
export function fetchOnce(url: string): Promise<Response> {
  const key = keyOf(url);
  const early = started.get(key);
  if (!early) return fetch(url);
  started.delete(key);
  return early;
}
