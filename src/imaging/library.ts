// The images the viewer knows: the bundled case (from its manifest) and the user's own files.
// Owns the `radcase:` image-loader scheme, so every image, case or local, goes through one
// path: fetch or read, ingest (validate, normalise), then Cornerstone's decoder.
import { imageLoader, metaData, registerImageLoader, type Types } from '@cornerstonejs/core';
import { wadouri } from '@cornerstonejs/dicom-image-loader';
import { parseCaseManifest, seriesFileUrls, ManifestError, type CaseManifest } from '../case/manifest';
import { fetchOnce } from '../case/opening';
import { t } from '../i18n/strings';
import type { ImageReference } from '../annotations/model';
import { DicomInputError, ingestDicom, type InstanceInfo } from './ingest';
import { groupInstances } from './series';

export interface ViewerSeries {
  key: string;
  origin: 'case' | 'local';
  modality: string;
  description: string;
  seriesNumber: number | null;
  figure?: string;
  imageIds: string[];
}

export interface ViewerStudy {
  key: string;
  origin: 'case' | 'local';
  date: string;
  description: string;
  series: ViewerSeries[];
}

export interface LoadProblem {
  id: number;
  /** The file or resource the problem is about. */
  subject: string;
  reason: string;
}

const SCHEME = 'radcase';
// Page-wide, like Cornerstone's own caches, which outlive any one library: an image id stays
// loadable (and its facts known) for as long as the page lives.
let localFileCount = 0;
/** Parsed Part 10 bytes of local files, by their `local/` URL. */
const localBytes = new Map<string, Uint8Array>();
/** What ingest learnt of each loaded instance, by URL. */
const infos = new Map<string, InstanceInfo>();
const CONCURRENT_FILE_READS = 4;

/** `radcase:<url>` or `radcase:<url>?frame=<n>` (n from 1), the form Cornerstone's loaders parse. */
export const imageIdFor = (url: string, frame?: number) => (frame === undefined ? `${SCHEME}:${url}` : `${SCHEME}:${url}?frame=${frame + 1}`);

const urlOf = (imageId: string) => imageId.slice(SCHEME.length + 1).replace(/[?&]frame=\d+$/, '');
/** How a problem names its file: the name for the user's own files, the path within the case for case files. */
const displayName = (url: string) => {
  if (url.startsWith('local/')) return decodeURIComponent(url.split('/').pop() ?? url);
  const path = url.startsWith('http') ? new URL(url).pathname : url;
  return decodeURIComponent(path.replace(/^\/?studies\//, ''));
};

async function fetchBytes(url: string): Promise<Uint8Array> {
  let response: Response;
  try {
    response = await fetchOnce(url);
  } catch (error) {
    throw new DicomInputError(displayName(url), t('errors.network', { reason: error instanceof Error ? error.message : String(error) }));
  }
  if (!response.ok) {
    throw new DicomInputError(displayName(url), t('errors.network', { reason: `HTTP ${response.status} ${response.statusText}`.trim() }));
  }
  return new Uint8Array(await response.arrayBuffer());
}

/** Runs `task` over `items` with at most `limit` at once, in order of start. */
async function eachLimited<T>(items: T[], limit: number, task: (item: T) => Promise<void>) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await task(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

const VOI_LUT_FUNCTIONS = new Set(['LINEAR', 'LINEAR_EXACT', 'SIGMOID']);

/**
 * Cornerstone 5.14's loader takes the first character of VOILUTFunction ("L" for LINEAR), which its
 * viewports then reject with "Invalid VOI LUT function" when they reuse a cached image's window.
 * We put the whole value back (or none, meaning linear, when it is not one Cornerstone knows).
 */
function repairVoiLutFunction(image: Types.IImage, imageId: string) {
  const declared = (metaData.get('voiLutModule', imageId) as { voiLUTFunction?: unknown } | undefined)?.voiLUTFunction;
  const value = typeof declared === 'string' ? declared.trim().toUpperCase() : Array.isArray(declared) ? String(declared[0]).trim().toUpperCase() : '';
  const fixed = VOI_LUT_FUNCTIONS.has(value) ? value : undefined;
  (image as { voiLUTFunction?: string }).voiLUTFunction = fixed;
}

let spacingProviderAdded = false;

/**
 * Radiographs often carry only ImagerPixelSpacing (the spacing at the detector). Cornerstone's
 * loader then leaves the image uncalibrated, so its tools measure in pixels while our scale bar
 * says mm. This provider, ahead of the loader's, gives the image plane that spacing; the overlay
 * and the annotation panel say it is measured at the detector (magnification included).
 */
function addImagerSpacingProvider() {
  if (spacingProviderAdded) return;
  spacingProviderAdded = true;
  // Cornerstone asks for the plane of the image on screen for every point it maps while drawing
  // marks (thousands of times a frame when panning): each image's answer is worked out once.
  const planes = new Map<string, Record<string, unknown>>();
  metaData.addProvider((type: string, imageId: string) => {
    if (type !== 'imagePlaneModule' || !imageId.startsWith(`${SCHEME}:`)) return undefined;
    const known = planes.get(imageId);
    if (known) return known;
    const spacing = infos.get(urlOf(imageId))?.pixelSpacing;
    if (spacing?.source !== 'ImagerPixelSpacing') return undefined;
    const base = wadouri.metaData.metaDataProvider(type, imageId) as Record<string, unknown> | undefined;
    if (!base) return undefined;
    const plane = {
      ...base,
      pixelSpacing: [spacing.row, spacing.column],
      rowPixelSpacing: spacing.row,
      columnPixelSpacing: spacing.column,
      usingDefaultValues: false,
    };
    planes.set(imageId, plane);
    return plane;
  }, 10_000);
}

export class ImageLibrary extends EventTarget {
  studies: ViewerStudy[] = [];
  problems: LoadProblem[] = [];
  manifest: CaseManifest | null = null;

  private problemCount = 0;

  constructor() {
    super();
    addImagerSpacingProvider();
    registerImageLoader(SCHEME, (imageId: string, options?: Record<string, unknown>) => this.loadImage(imageId, options ?? {}));
  }

  private changed() {
    this.dispatchEvent(new Event('change'));
  }

  report(subject: string, reason: string) {
    this.problems = [...this.problems, { id: ++this.problemCount, subject, reason }];
    this.dispatchEvent(new CustomEvent('problem', { detail: this.problems[this.problems.length - 1] }));
    this.changed();
  }

  dismiss(id?: number) {
    this.problems = id === undefined ? [] : this.problems.filter((p) => p.id !== id);
    this.changed();
  }

  /** What an image id shows (its UIDs and frame), once its file has been read. */
  referenceOf(imageId: string): ImageReference | undefined {
    const info = infos.get(urlOf(imageId));
    if (!info) return undefined;
    const frame = /[?&]frame=(\d+)$/.exec(imageId)?.[1];
    const ref: ImageReference = { studyInstanceUID: info.studyInstanceUID, seriesInstanceUID: info.seriesInstanceUID, sopInstanceUID: info.sopInstanceUID };
    if (frame && info.numberOfFrames > 1) ref.frame = Number(frame);
    return ref;
  }

  /** The image id showing a reference, among the images whose files have been read. */
  imageIdOf(ref: ImageReference): string | undefined {
    for (const study of this.studies) {
      for (const series of study.series) {
        if (series.key !== ref.seriesInstanceUID) continue;
        for (const imageId of series.imageIds) {
          const info = infos.get(urlOf(imageId));
          if (!info || info.sopInstanceUID !== ref.sopInstanceUID) continue;
          const frame = Number(/[?&]frame=(\d+)$/.exec(imageId)?.[1] ?? 1);
          if (frame === (ref.frame ?? 1)) return imageId;
        }
      }
    }
    return undefined;
  }

  /** The series holding a reference, by its Series Instance UID. */
  seriesOf(ref: ImageReference): { series: ViewerSeries; study: ViewerStudy } | undefined {
    for (const study of this.studies) {
      const series = study.series.find((s) => s.key === ref.seriesInstanceUID);
      if (series) return { series, study };
    }
    return undefined;
  }

  /** The facts ingest read from the file behind an image id, once it has been loaded. */
  infoFor(imageId: string): InstanceInfo | undefined {
    return infos.get(urlOf(imageId));
  }

  /** Reads a case manifest and lists its studies; images are fetched when first shown. */
  async loadCase(manifestUrl: string): Promise<CaseManifest | null> {
    let manifest: CaseManifest;
    try {
      const response = await fetchOnce(manifestUrl);
      if (!response.ok) throw new ManifestError(manifestUrl, [`HTTP ${response.status} ${response.statusText}`.trim()]);
      let json: unknown;
      try {
        json = await response.json();
      } catch (error) {
        throw new ManifestError(manifestUrl, [`not valid JSON (${error instanceof Error ? error.message : String(error)})`]);
      }
      manifest = parseCaseManifest(json, manifestUrl);
    } catch (error) {
      const reason = error instanceof ManifestError ? error.problems.join('; ') : error instanceof Error ? error.message : String(error);
      this.report(displayName(manifestUrl), t('errors.manifest', { source: manifestUrl, reason }));
      return null;
    }
    this.manifest = manifest;
    const absolute = new URL(manifestUrl, location.href).href;
    const caseStudies: ViewerStudy[] = manifest.studies.map((study) => ({
      key: study.studyInstanceUID,
      origin: 'case',
      date: study.date.replaceAll('-', ''),
      description: study.description,
      series: study.series.map((series) => ({
        key: series.seriesInstanceUID,
        origin: 'case',
        modality: series.modality,
        description: series.description,
        seriesNumber: series.seriesNumber,
        figure: series.figure,
        imageIds: seriesFileUrls(absolute, series).map((url) => imageIdFor(url)),
      })),
    }));
    this.studies = [...caseStudies, ...this.studies.filter((s) => s.origin === 'local')];
    this.changed();
    return manifest;
  }

  /**
   * Reads the user's files, keeps the DICOM ones grouped into studies and series, and reports
   * each file that cannot be shown. Returns the series that gained images.
   */
  async addFiles(files: File[]): Promise<ViewerSeries[]> {
    const accepted: { info: InstanceInfo; url: string }[] = [];
    await eachLimited(files, CONCURRENT_FILE_READS, async (file) => {
      const name = file.webkitRelativePath || file.name;
      try {
        const bytes = new Uint8Array(await file.arrayBuffer());
        const { info, part10 } = ingestDicom(bytes, name);
        const url = `local/${++localFileCount}/${encodeURIComponent(file.name)}`;
        localBytes.set(url, part10);
        infos.set(url, info);
        accepted.push({ info, url });
      } catch (error) {
        this.report(name, error instanceof DicomInputError ? error.reason : error instanceof Error ? error.message : String(error));
      }
    });
    if (accepted.length === 0) {
      this.changed();
      return [];
    }
    const urlOfInstance = new Map(accepted.map(({ info, url }) => [info, url]));
    const known = this.studies.filter((s) => s.origin === 'local').flatMap((s) => s.series.map((r) => [s, r] as const));
    const previous = new Map(known.map(([s, r]) => [`${s.key}|${r.key}`, r]));
    const touched: ViewerSeries[] = [];
    for (const study of groupInstances(accepted.map((a) => a.info))) {
      let target = this.studies.find((s) => s.origin === 'local' && s.key === study.studyInstanceUID);
      if (!target) {
        target = { key: study.studyInstanceUID, origin: 'local', date: study.date, description: study.description, series: [] };
        this.studies = [...this.studies, target];
      }
      for (const series of study.series) {
        const imageIds = series.images.map(({ sopInstanceUID, frame }) => {
          const info = series.instances.find((i) => i.sopInstanceUID === sopInstanceUID) as InstanceInfo;
          const url = urlOfInstance.get(info) as string;
          return info.numberOfFrames > 1 ? imageIdFor(url, frame) : imageIdFor(url);
        });
        const existing = previous.get(`${study.studyInstanceUID}|${series.seriesInstanceUID}`);
        if (existing) {
          existing.imageIds = [...existing.imageIds, ...imageIds];
          touched.push(existing);
        } else {
          const added: ViewerSeries = {
            key: series.seriesInstanceUID,
            origin: 'local',
            modality: series.modality,
            description: series.description,
            seriesNumber: series.seriesNumber,
            imageIds,
          };
          target.series = [...target.series, added];
          touched.push(added);
        }
      }
    }
    this.changed();
    return touched;
  }

  /**
   * A case series lists files, not frames: once its file has been read (the viewport shows it
   * first), a multi-frame file becomes one image per frame (the bone scan's two views, say).
   */
  async expandFrames(series: ViewerSeries): Promise<void> {
    if (series.origin !== 'case' || series.imageIds.length !== 1 || series.imageIds[0].includes('?frame=')) return;
    const plain = series.imageIds[0];
    if (!infos.has(urlOf(plain))) return; // not read yet: nothing known about its frames
    const frames = infos.get(urlOf(plain))?.numberOfFrames ?? 1;
    if (frames < 2) return;
    series.imageIds = Array.from({ length: frames }, (_, i) => imageIdFor(urlOf(plain), i));
    this.changed();
  }

  /** Whether a series' first image decodes (and is then cached); a failure is reported by the loader. */
  async firstImageLoads(series: ViewerSeries): Promise<boolean> {
    if (series.imageIds.length === 0) return false;
    try {
      await imageLoader.loadAndCacheImage(series.imageIds[0]);
      return true;
    } catch {
      return false;
    }
  }

  /** Loads and caches images ahead of display so scrolling never waits on the decoder. */
  async prefetch(imageIds: string[]): Promise<void> {
    await eachLimited(imageIds, 2, async (imageId) => {
      try {
        await imageLoader.loadAndCacheImage(imageId);
      } catch {
        // Already reported by the loader with the file's name and the reason.
      }
    });
  }

  private async bytesFor(url: string): Promise<ArrayBuffer> {
    const local = localBytes.get(url);
    const raw = local ?? (await fetchBytes(url));
    if (local) return local.buffer.slice(local.byteOffset, local.byteOffset + local.byteLength) as ArrayBuffer;
    const { info, part10 } = ingestDicom(raw, displayName(url));
    infos.set(url, info);
    // A fetched file is ours alone: hand its buffer over rather than copy 10 MB for a radiograph.
    if (part10.byteOffset === 0 && part10.byteLength === part10.buffer.byteLength) return part10.buffer as ArrayBuffer;
    return part10.buffer.slice(part10.byteOffset, part10.byteOffset + part10.byteLength) as ArrayBuffer;
  }

  private reported = new Set<string>();

  /** The `radcase:` image loader: our bytes and checks, Cornerstone's parser and decoders. */
  private loadImage(imageId: string, options: Record<string, unknown>): Types.IImageLoadObject {
    const url = urlOf(imageId);
    const frameMatch = /[?&]frame=(\d+)$/.exec(imageId);
    const frame = frameMatch ? Number(frameMatch[1]) - 1 : 0;
    const dataSetPromise = wadouri.dataSetCacheManager.load(url, (u: string) => this.bytesFor(u), imageId);
    const inner = wadouri.loadImageFromPromise(dataSetPromise, imageId, frame, url, options);
    const promise = (inner.promise as Promise<Types.IImage>)
      .then((image) => {
        // Judge the frame by the size the file declares: a damaged codestream can decode to a
        // 0×0 image, which is "complete" by its own measure.
        const info = infos.get(url);
        const rows = info?.rows || image.rows;
        const columns = info?.columns || image.columns;
        const expected = rows * columns * (image.color ? 3 : 1);
        const got = image.getPixelData().length;
        if (got < expected || image.rows !== rows || image.columns !== columns) {
          throw new DicomInputError(
            displayName(url),
            t('errors.shortFrame', { got, rows, columns, need: expected }),
          );
        }
        repairVoiLutFunction(image, imageId);
        return image;
      })
      .catch((failure: unknown) => {
        // Cornerstone rejects with { error, dataSet }; ours throw DicomInputError.
        const error = (failure as { error?: unknown })?.error ?? failure;
        const name = displayName(url);
        const reason =
          error instanceof DicomInputError
            ? error.reason
            : t('errors.decode', { reason: error instanceof Error ? error.message : String(error) });
        const key = `${url}|${reason}`;
        if (!this.reported.has(key)) {
          this.reported.add(key);
          this.report(name, reason);
        }
        throw error instanceof DicomInputError ? error : new DicomInputError(name, reason);
      });
    return { promise, cancelFn: inner.cancelFn, decache: inner.decache };
  }
}
