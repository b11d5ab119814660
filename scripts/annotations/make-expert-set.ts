// `npm run expert-set`: builds the case's expert teaching marks (annotations/tumoral-calcinosis/expert.json and
// one DICOM SR per study) from the studies' ground truth and DICOM headers, so every mark lines up with the images.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as dicomParserModule from 'dicom-parser';
import type { Annotation, AnnotationSet, ImagePoint, ImageReference } from '../../src/annotations/model';
import { validateAnnotationSet, type ImageResolver } from '../../src/annotations/validate';
import { polygonArea, type PixelSpacing } from '../../src/annotations/measure';
import { annotationSetToSR, splitByStudy, type SrImage, type SrImageLookup } from '../../src/annotations/sr';

// dicom-parser is CommonJS: under Node's ESM loader its functions sit on the default export.
const dicomParser = (dicomParserModule as unknown as { default?: typeof dicomParserModule }).default ?? dicomParserModule;

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const CASE_DIR = join(ROOT, 'studies/tumoral-calcinosis');
export const OUT_DIR = join(ROOT, 'annotations/tumoral-calcinosis');

const AUTHOR = 'radcase expert set';
// Fixed so that the output is byte-for-byte reproducible.
const CREATED = '2025-06-20T12:00:00Z';
const MAX_VERTICES = 60;

// ---------------------------------------------------------------------------------------------
// Reading the case: manifest, ground truth and every instance's header.

interface ManifestSeries { seriesInstanceUID: string; modality: string; description: string; files: string[] }
interface Manifest { caseId: string; studies: { studyInstanceUID: string; date: string; series: ManifestSeries[] }[] }
interface Region {
  series: string;
  seriesInstanceUID: string;
  sopInstanceUID: string;
  file: string;
  frame: number;
  side: 'L' | 'R' | 'M';
  structure?: string;
  point?: [number, number];
  polygon: [number, number][];
}
interface GroundTruth { caseId: string; findings: { key: string; regions: Region[] }[]; structures: { key: string; regions: Region[] }[] }

export interface CaseImage extends SrImage {
  file: string;
  instanceNumber: number;
}

export function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

function numbers(ds: dicomParserModule.DataSet, tag: string): number[] | undefined {
  const text = ds.string(tag);
  if (!text) return undefined;
  const values = text.split('\\').map(Number);
  return values.every(Number.isFinite) ? values : undefined;
}

/** Header of one instance (the pixel data is not read). */
export function readHeader(path: string, ref: Omit<ImageReference, 'sopInstanceUID'>, file: string): CaseImage {
  const bytes = new Uint8Array(readFileSync(path));
  const ds = dicomParser.parseDicom(bytes, { untilTag: 'x7fe00010' });
  const spacing = numbers(ds, 'x00280030') ?? numbers(ds, 'x00181164');
  const position = numbers(ds, 'x00200032');
  const orientation = numbers(ds, 'x00200037');
  const text = (tag: string) => ds.string(tag) ?? undefined;
  return {
    file,
    instanceNumber: Number(ds.string('x00200013') ?? 1),
    ref: { ...ref, sopInstanceUID: ds.string('x00080018') ?? '' },
    sopClassUID: ds.string('x00080016') ?? '',
    rows: ds.uint16('x00280010') ?? 0,
    columns: ds.uint16('x00280011') ?? 0,
    frames: Number(ds.string('x00280008') ?? 1) || 1,
    pixelSpacing: spacing && spacing.length === 2 ? (spacing as unknown as PixelSpacing) : null,
    plane: position?.length === 3 && orientation?.length === 6
      ? {
          imagePositionPatient: position as [number, number, number],
          imageOrientationPatient: orientation as [number, number, number, number, number, number],
          frameOfReferenceUID: text('x00200052'),
        }
      : undefined,
    context: {
      PatientName: text('x00100010'),
      PatientID: text('x00100020'),
      PatientBirthDate: text('x00100030'),
      PatientSex: text('x00100040'),
      StudyDate: text('x00080020'),
      StudyTime: text('x00080030'),
      StudyID: text('x00200010'),
      AccessionNumber: text('x00080050'),
      ReferringPhysicianName: text('x00080090'),
      StudyDescription: text('x00081030'),
      SeriesDescription: text('x0008103e'),
      SeriesNumber: text('x00200011'),
      Modality: text('x00080060'),
    },
  };
}

/** Every instance of the case, by SOP Instance UID. */
export function readCaseImages(caseDir = CASE_DIR): Map<string, CaseImage> {
  const manifest = readJson<Manifest>(join(caseDir, 'manifest.json'));
  const images = new Map<string, CaseImage>();
  for (const study of manifest.studies) {
    for (const series of study.series) {
      for (const file of series.files) {
        const image = readHeader(join(caseDir, file), { studyInstanceUID: study.studyInstanceUID, seriesInstanceUID: series.seriesInstanceUID }, file);
        images.set(image.ref.sopInstanceUID, image);
      }
    }
  }
  return images;
}

/** Resolver for validation: the image must exist with the same study and series. */
export function caseResolver(images: Map<string, CaseImage>): ImageResolver {
  return (ref) => {
    const image = images.get(ref.sopInstanceUID);
    if (!image || image.ref.seriesInstanceUID !== ref.seriesInstanceUID || image.ref.studyInstanceUID !== ref.studyInstanceUID) return undefined;
    return { rows: image.rows, columns: image.columns, frames: image.frames };
  };
}

export function caseSrLookup(images: Map<string, CaseImage>): SrImageLookup {
  return (ref) => {
    const image = images.get(ref.sopInstanceUID);
    return image ? { ...image, ref: { ...image.ref, ...(ref.frame !== undefined ? { frame: ref.frame } : {}) } } : undefined;
  };
}

// ---------------------------------------------------------------------------------------------
// Geometry helpers.

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

function pointToSegment(p: ImagePoint, a: ImagePoint, b: ImagePoint): number {
  const [dx, dy] = [b[0] - a[0], b[1] - a[1]];
  const lengthSquared = dx * dx + dy * dy;
  const t = lengthSquared === 0 ? 0 : Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / lengthSquared));
  return Math.hypot(p[0] - (a[0] + t * dx), p[1] - (a[1] + t * dy));
}

/** Ramer–Douglas–Peucker on an open chain; keeps both ends. */
function simplifyChain(chain: ImagePoint[], tolerance: number): ImagePoint[] {
  if (chain.length <= 2) return chain;
  let worst = 0;
  let at = 0;
  for (let i = 1; i < chain.length - 1; i++) {
    const d = pointToSegment(chain[i], chain[0], chain[chain.length - 1]);
    if (d > worst) [worst, at] = [d, i];
  }
  if (worst <= tolerance) return [chain[0], chain[chain.length - 1]];
  return [...simplifyChain(chain.slice(0, at + 1), tolerance).slice(0, -1), ...simplifyChain(chain.slice(at), tolerance)];
}

/**
 * A closed outline with at most MAX_VERTICES vertices: the smallest tolerance (from a quarter
 * pixel up) that gets there, so outlines stay as close to the ground truth as the budget allows.
 */
export function simplifyOutline(polygon: ImagePoint[]): { outline: ImagePoint[]; tolerance: number } {
  if (polygon.length <= MAX_VERTICES) return { outline: polygon, tolerance: 0 };
  // Split the ring at the vertex farthest from the first, so both halves are open chains.
  let far = 0;
  polygon.forEach((p, i) => {
    if (Math.hypot(p[0] - polygon[0][0], p[1] - polygon[0][1]) > Math.hypot(polygon[far][0] - polygon[0][0], polygon[far][1] - polygon[0][1])) far = i;
  });
  const ring = [...polygon, polygon[0]];
  for (let tolerance = 0.25; ; tolerance *= 1.25) {
    const first = simplifyChain(ring.slice(0, far + 1), tolerance);
    const second = simplifyChain(ring.slice(far), tolerance);
    const outline = [...first.slice(0, -1), ...second.slice(0, -1)];
    if (outline.length <= MAX_VERTICES) return { outline, tolerance };
  }
}

function farthestPair(points: ImagePoint[], spacing: PixelSpacing | null): [ImagePoint, ImagePoint] {
  const [sy, sx] = spacing ?? [1, 1];
  let best: [ImagePoint, ImagePoint] = [points[0], points[0]];
  let bestLength = -1;
  for (let i = 0; i < points.length; i++) {
    for (let j = i + 1; j < points.length; j++) {
      const length = Math.hypot((points[i][0] - points[j][0]) * sx, (points[i][1] - points[j][1]) * sy);
      if (length > bestLength) [best, bestLength] = [[points[i], points[j]], length];
    }
  }
  return best;
}

/**
 * Long axis = the outline's largest diameter; short axis = its widest chord perpendicular to it
 * (the usual bidirectional convention), found by sweeping perpendicular lines along the long axis.
 */
function bidirectionalFor(polygon: ImagePoint[], spacing: PixelSpacing | null): ImagePoint[] {
  const [a, b] = farthestPair(polygon, spacing);
  const length = Math.hypot(b[0] - a[0], b[1] - a[1]);
  const u = [(b[0] - a[0]) / length, (b[1] - a[1]) / length];
  const n = [-u[1], u[0]];
  let best: ImagePoint[] = [];
  let bestWidth = -1;
  for (let step = 1; step < 200; step++) {
    const t = (length * step) / 200;
    const origin = [a[0] + u[0] * t, a[1] + u[1] * t];
    // Where the perpendicular line through origin crosses the outline's edges.
    const hits: number[] = [];
    for (let i = 0; i < polygon.length; i++) {
      const p = polygon[i];
      const q = polygon[(i + 1) % polygon.length];
      const sp = (p[0] - origin[0]) * u[0] + (p[1] - origin[1]) * u[1];
      const sq = (q[0] - origin[0]) * u[0] + (q[1] - origin[1]) * u[1];
      if ((sp <= 0 && sq > 0) || (sp > 0 && sq <= 0)) {
        const f = sp / (sp - sq);
        const x = p[0] + (q[0] - p[0]) * f;
        const y = p[1] + (q[1] - p[1]) * f;
        hits.push((x - origin[0]) * n[0] + (y - origin[1]) * n[1]);
      }
    }
    if (hits.length < 2) continue;
    const [lo, hi] = [Math.min(...hits), Math.max(...hits)];
    if (hi - lo > bestWidth) {
      bestWidth = hi - lo;
      best = [[origin[0] + n[0] * lo, origin[1] + n[1] * lo], [origin[0] + n[0] * hi, origin[1] + n[1] * hi]];
    }
  }
  return [a, b, ...best];
}

function centroid(polygon: ImagePoint[]): ImagePoint {
  let [cx, cy, twiceArea] = [0, 0, 0];
  for (let i = 0; i < polygon.length; i++) {
    const [x1, y1] = polygon[i];
    const [x2, y2] = polygon[(i + 1) % polygon.length];
    const cross = x1 * y2 - x2 * y1;
    twiceArea += cross;
    cx += (x1 + x2) * cross;
    cy += (y1 + y2) * cross;
  }
  if (twiceArea === 0) return polygon[0];
  return [cx / (3 * twiceArea), cy / (3 * twiceArea)];
}

/** An arrow tail pointing at tip from up and to the image's outer side, kept inside the image. */
function tailFor(tip: ImagePoint, image: CaseImage, length: number): ImagePoint {
  const towardsEdge = tip[0] < image.columns / 2 ? -1 : 1;
  const x = Math.min(image.columns - 1, Math.max(0, tip[0] + towardsEdge * length * 0.6));
  const y = Math.min(image.rows - 1, Math.max(0, tip[1] - length * 0.8));
  return [x, y];
}

// ---------------------------------------------------------------------------------------------
// Teaching text, in our own words.

const SIDE = { L: { en: 'left', es: 'izquierdo' }, R: { en: 'right', es: 'derecho' }, M: { en: 'midline', es: 'línea media' } };

const NOTES: Record<string, { en: string; es: string }> = {
  'periarticular-calcification': {
    en: 'Dense, lumpy calcium sits in the soft tissues around the hip joint, not in the bone: the cortex and joint space are preserved. Bulky lobulated periarticular calcification in a patient with normal calcium and phosphate is the picture of tumoral calcinosis.',
    es: 'Hay calcio denso y abollonado en las partes blandas que rodean la cadera, no dentro del hueso: la cortical y el espacio articular están conservados. Una calcificación periarticular voluminosa y lobulada con calcio y fósforo normales es la imagen típica de la calcinosis tumoral.',
  },
  'periarticular-diameter': {
    en: 'Largest diameter of the deposit, measured edge to edge. Repeat the same measurement on the follow-up film to judge growth; remember both films are magnified projections, so compare like with like.',
    es: 'Diámetro máximo del depósito, de borde a borde. Repite la misma medida en la radiografía de control para valorar el crecimiento; ambas son proyecciones magnificadas, así que compara siempre en las mismas condiciones.',
  },
  'gluteus-medius-involvement': {
    en: 'Nodular deposits lie inside the gluteus medius. Calcium gives almost no MR signal, so the foci are dark on T1; knowing which muscles are involved matters when surgery is considered.',
    es: 'Hay depósitos nodulares dentro del glúteo medio. El calcio apenas da señal en RM, por eso los focos son oscuros en T1; saber qué músculos están afectados es clave si se plantea cirugía.',
  },
  'quadratus-femoris-involvement': {
    en: 'The deposits extend into the quadratus femoris, behind the hip, close to the path of the sciatic nerve. This deep posterior spread explains why a full resection would be difficult.',
    es: 'Los depósitos se extienden al cuadrado femoral, por detrás de la cadera y cerca del trayecto del nervio ciático. Esta extensión posterior profunda explica por qué una resección completa sería difícil.',
  },
  'perilesional-edema': {
    en: 'Bright signal on the fluid-sensitive (STIR) images surrounds the deposits: soft-tissue edema from active inflammation. It fits the acute pain and is absent on T1, which is why both sequences are needed.',
    es: 'Alrededor de los depósitos hay señal alta en las imágenes sensibles al líquido (STIR): edema de partes blandas por inflamación activa. Concuerda con el dolor agudo y no se ve en T1, por eso hacen falta ambas secuencias.',
  },
  'sciatic-nerve-encasement': {
    en: 'Deposits and inflamed tissue wrap around the sciatic nerve in the upper thigh. Follow the nerve from slice to slice: encasement can explain radiating pain and is a reason to avoid blind surgery.',
    es: 'Los depósitos y el tejido inflamado rodean el nervio ciático en el tercio proximal del muslo. Sigue el nervio de corte en corte: el atrapamiento puede explicar el dolor irradiado y obliga a planificar bien cualquier cirugía.',
  },
  'sciatic-nerve-arrow': {
    en: 'The sciatic nerve, surrounded by the calcified and inflamed tissue.',
    es: 'El nervio ciático, rodeado por el tejido calcificado e inflamado.',
  },
  'increased-uptake': {
    en: 'The bone-seeking tracer also collects in the calcified soft tissue, patchily, from the trochanteric regions down the thighs. Soft-tissue uptake on a bone scan shows how extensive the active deposits are.',
    es: 'El trazador óseo también se acumula, de forma heterogénea, en las partes blandas calcificadas, desde las regiones trocantéreas hasta los muslos. La captación en partes blandas muestra la extensión de los depósitos activos.',
  },
  'uptake-maximum': {
    en: 'The hottest area is in the back of the left thigh, in its middle and lower thirds. Note it: this is exactly where the relapse mass appears months later.',
    es: 'La zona de mayor actividad está en la cara posterior del muslo izquierdo, en sus tercios medio y distal. Recuérdalo: es justo donde aparece la masa de la recidiva meses después.',
  },
  'relapse-posterior-thigh-mass': {
    en: 'A new calcified mass in the posterior compartment of the left thigh. Comparing with the earlier studies shows the disease has recurred after the corticosteroids were stopped.',
    es: 'Una masa calcificada nueva en el compartimento posterior del muslo izquierdo. La comparación con los estudios previos muestra que la enfermedad ha recidivado tras suspender los corticoides.',
  },
  'relapse-bidirectional': {
    en: 'Longest diameter of the relapse mass on this slice and the widest width at right angles to it: the two numbers to record when following its size.',
    es: 'Diámetro mayor de la masa de la recidiva en este corte y su anchura máxima perpendicular: las dos cifras que conviene registrar para seguir su tamaño.',
  },
  'hamstring-involvement': {
    en: 'The relapse mass invades the hamstrings. Tracing each muscle shows how far the mass spreads, which the surgeon needs before resection.',
    es: 'La masa de la recidiva invade la musculatura isquiotibial. Delimitar cada músculo muestra hasta dónde se extiende, algo que el cirujano necesita antes de la resección.',
  },
  'relapse-sciatic-involvement': {
    en: 'The relapse mass reaches the sciatic nerve in the posterior thigh. Nerve involvement explains the pain in the back of the thigh and shapes the surgical approach.',
    es: 'La masa de la recidiva alcanza el nervio ciático en la cara posterior del muslo. La afectación del nervio explica el dolor posterior del muslo y condiciona el abordaje quirúrgico.',
  },
};

const MUSCLE_NAMES: Record<string, { en: string; es: string }> = {
  'biceps-femoris': { en: 'biceps femoris', es: 'bíceps femoral' },
  semitendinosus: { en: 'semitendinosus', es: 'semitendinoso' },
  semimembranosus: { en: 'semimembranosus', es: 'semimembranoso' },
};

const LABELS: Record<string, string> = {
  'periarticular-calcification': 'Periarticular calcification',
  'gluteus-medius-involvement': 'Gluteus medius',
  'quadratus-femoris-involvement': 'Quadratus femoris',
  'perilesional-edema': 'Edema',
  'sciatic-nerve-encasement': 'Sciatic encasement',
  'increased-uptake': 'Increased uptake',
  'uptake-maximum': 'Maximum uptake',
  'relapse-posterior-thigh-mass': 'Relapse mass',
  'hamstring-involvement': 'Hamstrings',
  'relapse-sciatic-involvement': 'Sciatic nerve involved',
};

// ---------------------------------------------------------------------------------------------
// Building the set.

/** MR series are marked on a few slices only: the ones where the finding is largest. */
const MR_SLICES_PER_SIDE = 2;
const MR_SLICES_RELAPSE = 3;

interface Builder {
  images: Map<string, CaseImage>;
  annotations: Annotation[];
}

function refOf(image: CaseImage, frame: number): ImageReference {
  return { ...image.ref, ...(image.frames > 1 ? { frame } : {}) };
}

function add(builder: Builder, partial: Omit<Annotation, 'author' | 'created' | 'modified' | 'locked'>): void {
  builder.annotations.push({
    ...partial,
    points: partial.points.map(([x, y]) => [round(x), round(y)] as ImagePoint),
    author: AUTHOR,
    created: CREATED,
    modified: CREATED,
    locked: true,
  });
}

function imageOf(builder: Builder, region: Region): CaseImage {
  const image = builder.images.get(region.sopInstanceUID);
  if (!image) throw new Error(`ground truth refers to ${region.file} (${region.sopInstanceUID}), which the manifest does not list`);
  return image;
}

function outline(builder: Builder, key: string, region: Region, id: string, label: string, note = NOTES[key]): void {
  const image = imageOf(builder, region);
  add(builder, {
    id,
    kind: 'PlanarFreehandROI',
    image: refOf(image, region.frame),
    points: simplifyOutline(region.polygon).outline,
    finding: key,
    label,
    note,
  });
}

/** The slices (SOP instances) of one series and side where the regions' total area is largest. */
function largestSlices(regions: Region[], count: number): Region[][] {
  const bySlice = new Map<string, Region[]>();
  for (const region of regions) {
    const list = bySlice.get(region.sopInstanceUID) ?? [];
    list.push(region);
    bySlice.set(region.sopInstanceUID, list);
  }
  const area = (list: Region[]) => list.reduce((sum, r) => sum + polygonArea(r.polygon, null).value, 0);
  return [...bySlice.values()].sort((a, b) => area(b) - area(a) || a[0].file.localeCompare(b[0].file)).slice(0, count);
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    groups.set(k, [...(groups.get(k) ?? []), item]);
  }
  return groups;
}

function instanceTag(builder: Builder, region: Region): string {
  const image = imageOf(builder, region);
  return `${region.series}.${String(image.instanceNumber).padStart(3, '0')}${region.frame > 1 || image.frames > 1 ? `.f${region.frame}` : ''}`;
}

export function buildExpertSet(images: Map<string, CaseImage>, groundTruth: GroundTruth): AnnotationSet {
  const builder: Builder = { images, annotations: [] };
  const structures = new Map(groundTruth.structures.map((s) => [s.key, s.regions]));

  for (const finding of groundTruth.findings) {
    const key = finding.key;
    const label = LABELS[key] ?? key;
    const projections = finding.regions.filter((r) => !r.series.startsWith('mr-'));
    const slices = finding.regions.filter((r) => r.series.startsWith('mr-'));

    // Radiographs and the bone scan: every outlined region, numbered per image and side.
    for (const [, regions] of groupBy(projections, (r) => `${r.sopInstanceUID}/${r.frame}/${r.side}`)) {
      regions.forEach((region, i) => {
        const sideLabel = region.side === 'M' ? '' : `, ${region.side}`;
        outline(builder, key, region, `${key}.${instanceTag(builder, region)}.${region.side}${regions.length > 1 ? `.${i + 1}` : ''}`, `${label}${sideLabel}`);
      });
      if (key === 'periarticular-calcification') {
        // The largest deposit on each side gets its largest diameter: the figure a change table compares.
        const largest = [...regions].sort((a, b) => polygonArea(b.polygon, null).value - polygonArea(a.polygon, null).value)[0];
        const image = imageOf(builder, largest);
        add(builder, {
          id: `${key}.${instanceTag(builder, largest)}.${largest.side}.diameter`,
          kind: 'Length',
          image: refOf(image, largest.frame),
          points: farthestPair(largest.polygon, image.pixelSpacing),
          finding: key,
          label: `Largest diameter, ${SIDE[largest.side].en} hip`,
          note: NOTES['periarticular-diameter'],
        });
      }
      if (key === 'uptake-maximum') {
        for (const region of regions) {
          const image = imageOf(builder, region);
          const tip: ImagePoint = region.point ?? centroid(region.polygon);
          add(builder, {
            id: `${key}.${instanceTag(builder, region)}.${region.side}.arrow`,
            kind: 'ArrowAnnotate',
            image: refOf(image, region.frame),
            points: [tip, tailFor(tip, image, 60)],
            finding: key,
            label: 'Maximum uptake',
            note: NOTES[key],
          });
        }
      }
    }

    // MR: per series and side (and muscle, for the hamstrings), only the slices where it is largest.
    const perSlice = key.startsWith('relapse') || key === 'hamstring-involvement' ? MR_SLICES_RELAPSE : MR_SLICES_PER_SIDE;
    const perSeries = groupBy(slices, (r) => `${r.series}/${r.side}/${r.structure ?? ''}`);
    for (const [, regions] of [...perSeries].sort(([a], [b]) => a.localeCompare(b))) {
      const chosen = largestSlices(regions, key === 'hamstring-involvement' ? MR_SLICES_PER_SIDE : perSlice);
      chosen.forEach((slice, rank) => {
        slice.forEach((region, i) => {
          const muscle = region.structure ? MUSCLE_NAMES[region.structure] : undefined;
          const note = muscle
            ? { en: `${NOTES[key].en} Here: ${muscle.en}.`, es: `${NOTES[key].es} Aquí: ${muscle.es}.` }
            : NOTES[key];
          const regionLabel = muscle ? `${label}: ${muscle.en}` : region.side === 'M' ? label : `${label}, ${region.side}`;
          const structurePart = region.structure ? `.${region.structure}` : '';
          outline(builder, key, region, `${key}.${instanceTag(builder, region)}.${region.side}${structurePart}${slice.length > 1 ? `.${i + 1}` : ''}`, regionLabel, note);
        });
        const first = slice[0];
        const image = imageOf(builder, first);
        // On the slice where the sciatic findings are largest, point at the nerve itself.
        if (rank === 0 && (key === 'sciatic-nerve-encasement' || key === 'relapse-sciatic-involvement')) {
          const nerve = (structures.get('sciatic-nerve') ?? []).find((r) => r.sopInstanceUID === first.sopInstanceUID && r.side === first.side);
          const tip = nerve ? centroid(nerve.polygon) : centroid(first.polygon);
          add(builder, {
            id: `${key}.${instanceTag(builder, first)}.${first.side}.nerve`,
            kind: 'ArrowAnnotate',
            image: refOf(image, first.frame),
            points: [tip, tailFor(tip, image, 40)],
            finding: key,
            label: 'Sciatic nerve',
            note: NOTES['sciatic-nerve-arrow'],
          });
        }
        // On the axial T1 slice where the relapse mass is largest, its two diameters.
        if (rank === 0 && key === 'relapse-posterior-thigh-mass' && first.series.includes('ax-t1')) {
          const largest = [...slice].sort((a, b) => polygonArea(b.polygon, null).value - polygonArea(a.polygon, null).value)[0];
          add(builder, {
            id: `${key}.${instanceTag(builder, largest)}.${largest.side}.bidirectional`,
            kind: 'Bidirectional',
            image: refOf(image, largest.frame),
            points: bidirectionalFor(largest.polygon, image.pixelSpacing),
            finding: key,
            label: 'Relapse mass: long and short axes',
            note: NOTES['relapse-bidirectional'],
          });
        }
      });
    }
  }

  return {
    schema: 'radcase.annotations/1',
    caseId: groundTruth.caseId,
    set: 'expert',
    title: { en: 'Expert teaching marks', es: 'Marcas docentes del experto' },
    annotations: builder.annotations,
  };
}

// ---------------------------------------------------------------------------------------------
// Writing.

/** Indented JSON with each [x, y] point on one line, so diffs of the file stay readable. */
export function formatSet(set: AnnotationSet): string {
  return `${JSON.stringify(set, null, 2).replace(/\[\s+(-?[\d.e+-]+),\s+(-?[\d.e+-]+)\s+\]/g, '[$1, $2]')}\n`;
}

function main(): void {
  const images = readCaseImages();
  const groundTruth = readJson<GroundTruth>(join(CASE_DIR, 'ground-truth.json'));
  const set = buildExpertSet(images, groundTruth);
  const checked = validateAnnotationSet(set, caseResolver(images));
  if (!checked.ok) throw new Error(`the expert set does not validate:\n${checked.problems.join('\n')}`);

  mkdirSync(OUT_DIR, { recursive: true });
  writeFileSync(join(OUT_DIR, 'expert.json'), formatSet(set));

  // One SR per study; old files go first so a changed study UID leaves nothing stale behind.
  const srDir = join(OUT_DIR, 'expert-sr');
  rmSync(srDir, { recursive: true, force: true });
  mkdirSync(srDir, { recursive: true });
  const lookup = caseSrLookup(images);
  const manifest = readJson<Manifest>(join(CASE_DIR, 'manifest.json'));
  const written: string[] = [];
  for (const [studyUID, part] of splitByStudy(set)) {
    const index = manifest.studies.findIndex((s) => s.studyInstanceUID === studyUID);
    const name = `study-${index + 1}-${manifest.studies[index]?.date ?? 'unknown'}.dcm`;
    const bytes = annotationSetToSR(part, lookup, { seriesDescription: 'radcase expert teaching marks', contentDateTime: CREATED });
    writeFileSync(join(srDir, name), Buffer.from(bytes));
    written.push(`${name} (${part.annotations.length} marks)`);
  }
  const counts = [...groupBy(set.annotations, (a) => a.kind)].map(([k, v]) => `${k} ${v.length}`).join(', ');
  console.log(`expert.json: ${set.annotations.length} annotations (${counts})`);
  console.log(`expert-sr/: ${written.join('; ')}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
