// Annotation sets as DICOM SR (TID 1500 Measurement Report) and back: geometry and codes through
// Cornerstone's SR adapters, everything the adapters cannot carry as our own TEXT items per group.
import dcmjs from 'dcmjs';
import { adaptersSR } from '@cornerstonejs/adapters';
import { metaData } from '@cornerstonejs/core';
import type { Annotation, AnnotationKind, AnnotationSet, ImagePoint, ImageReference } from './model';
import { ANNOTATION_SCHEMA_ID } from './model';
import { FINDINGS, findingFor, type CodedConcept } from './vocabulary';
import {
  angleDegrees,
  bidirectionalAxes,
  ellipseArea,
  lengthOf,
  polygonArea,
  polygonPerimeter,
  rectangleArea,
  rectangleCorners,
  type PixelSpacing,
} from './measure';
import { validateAnnotationSet, type ValidationResult } from './validate';

const { DicomDict, DicomMessage, DicomMetaDictionary } = dcmjs.data;
// The adapters' classes are untyped static bags of functions; kept behind this one boundary.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const MeasurementReport: any = adaptersSR.Cornerstone3D.MeasurementReport;

/** What the SR needs to know about one referenced image (frame). */
export interface SrImage {
  ref: ImageReference;
  sopClassUID: string;
  rows: number;
  columns: number;
  frames: number;
  /** Calibration for the measured values (PixelSpacing, else ImagerPixelSpacing); null when none. */
  pixelSpacing: PixelSpacing | null;
  /** Patient-space plane of cross-sectional images; absent for projection images. */
  plane?: {
    imagePositionPatient: [number, number, number];
    imageOrientationPatient: [number, number, number, number, number, number];
    frameOfReferenceUID?: string;
  };
  /** Patient, study and series attributes the SR copies, by DICOM keyword (PatientName, StudyDate...). */
  context: Record<string, string | number | undefined>;
}

/** The caller's metadata provider: runs on parsed headers in Node and on Cornerstone's in the browser. */
export type SrImageLookup = (ref: ImageReference) => SrImage | undefined;

export interface SrExportOptions {
  /** Defaults derive deterministically from the set, so the same set always gives the same bytes. */
  sopInstanceUID?: string;
  seriesInstanceUID?: string;
  seriesNumber?: number;
  instanceNumber?: number;
  seriesDescription?: string;
  /** ISO 8601; defaults to the latest "modified" of the annotations. */
  contentDateTime?: string;
}

/** Our private coding scheme for the items TID 1500 has no concept for. */
export const RADCASE_SCHEME = '99RADCASE';

/** The TEXT items each measurement group carries besides what the adapters write (README documents them). */
const ITEM = {
  id: ['annotation-id', 'Annotation identifier'],
  order: ['annotation-order', 'Position of the annotation in its set'],
  finding: ['finding-key', 'Finding key in the case vocabulary'],
  label: ['label', 'Annotation label'],
  noteEn: ['note-en', 'Teaching note (English)'],
  noteEs: ['note-es', 'Teaching note (Spanish)'],
  author: ['author', 'Annotation author'],
  created: ['created', 'Annotation created (ISO 8601)'],
  modified: ['modified', 'Annotation last modified (ISO 8601)'],
  locked: ['locked', 'Annotation locked'],
  pointOrder: ['point-order', 'Order of the defining points as written by the adapter'],
  caseId: ['case-id', 'Teaching case identifier'],
  setName: ['set-name', 'Annotation set name'],
  titleEn: ['title-en', 'Annotation set title (English)'],
  titleEs: ['title-es', 'Annotation set title (Spanish)'],
  schema: ['schema', 'Annotation format'],
} as const;
type ItemName = keyof typeof ITEM;

const IMAGING_MEASUREMENTS = '126010';
const MEASUREMENT_GROUP = '125007';
const TRACKING_UNIQUE_IDENTIFIER = '112040';
const EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1';
const IMPLEMENTATION_CLASS_UID = uidFrom('radcase implementation');
const IMAGE_ID_PREFIX = 'radcase-sr:';

// ---------------------------------------------------------------------------------------------
// Deterministic UIDs: 2.25 + a 128-bit FNV-1a hash (no crypto API needed, same in Node and browser).

export function uidFrom(text: string): string {
  let hash = 0x6c62272e07bb014262b821756295c58dn;
  const prime = 0x0000000001000000000000000000013bn;
  const mask = (1n << 128n) - 1n;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= BigInt(byte);
    hash = (hash * prime) & mask;
  }
  return `2.25.${hash.toString()}`;
}

// ---------------------------------------------------------------------------------------------
// Image pixel coordinates <-> patient ("world") coordinates.

interface Plane {
  origin: number[];
  rowCosines: number[];
  columnCosines: number[];
  /** Millimetres per column step (along rowCosines) and per row step (along columnCosines). */
  sx: number;
  sy: number;
  frameOfReferenceUID?: string;
}

/** The image's plane; projection images get a synthetic one (origin 0, identity, spacing or 1). */
function planeOf(image: SrImage): Plane {
  const spacing = image.pixelSpacing;
  const sx = spacing && spacing[1] > 0 ? spacing[1] : 1;
  const sy = spacing && spacing[0] > 0 ? spacing[0] : 1;
  if (!image.plane) return { origin: [0, 0, 0], rowCosines: [1, 0, 0], columnCosines: [0, 1, 0], sx, sy };
  const o = image.plane.imageOrientationPatient;
  return {
    origin: [...image.plane.imagePositionPatient],
    rowCosines: [o[0], o[1], o[2]],
    columnCosines: [o[3], o[4], o[5]],
    sx,
    sy,
    frameOfReferenceUID: image.plane.frameOfReferenceUID,
  };
}

/** ImagePositionPatient is the centre of the first pixel, which is our [0, 0]. */
function toWorld(plane: Plane, [x, y]: ImagePoint): number[] {
  return [0, 1, 2].map((i) => plane.origin[i] + plane.rowCosines[i] * plane.sx * x + plane.columnCosines[i] * plane.sy * y);
}

function toImage(plane: Plane, world: ArrayLike<number>): ImagePoint {
  const d = [0, 1, 2].map((i) => world[i] - plane.origin[i]);
  const dot = (u: number[]) => d[0] * u[0] + d[1] * u[1] + d[2] * u[2];
  return [dot(plane.rowCosines) / plane.sx, dot(plane.columnCosines) / plane.sy];
}

/**
 * Cornerstone's image-plane metadata for one of our image ids. Its imageToWorldCoords multiplies
 * rowCosines by "rowPixelSpacing", so that field gets the spacing along a row (between columns).
 */
function imagePlaneModule(plane: Plane) {
  return {
    imagePositionPatient: plane.origin,
    rowCosines: plane.rowCosines,
    columnCosines: plane.columnCosines,
    rowPixelSpacing: plane.sx,
    columnPixelSpacing: plane.sy,
    frameOfReferenceUID: plane.frameOfReferenceUID,
  };
}

// ---------------------------------------------------------------------------------------------
// A metadata provider over our images, for the adapters and for Cornerstone's coordinate helpers.

interface ImageEntry {
  imageId: string;
  image: SrImage;
  plane: Plane;
}

class ImageTable {
  readonly byId = new Map<string, ImageEntry>();

  add(image: SrImage): ImageEntry {
    const frame = image.ref.frame ?? 1;
    const imageId = `${IMAGE_ID_PREFIX}${image.ref.sopInstanceUID}:${frame}`;
    let entry = this.byId.get(imageId);
    if (!entry) {
      entry = { imageId, image, plane: planeOf(image) };
      this.byId.set(imageId, entry);
    }
    return entry;
  }

  /** Cornerstone's provider signature: (type, imageId) => module or undefined. */
  readonly provider = (type: string, imageId: unknown): unknown => {
    const entry = typeof imageId === 'string' ? this.byId.get(imageId) : undefined;
    if (!entry) return undefined;
    const { image, plane } = entry;
    switch (type) {
      case 'imagePlaneModule':
        return imagePlaneModule(plane);
      case 'imagePixelModule':
        return { rows: image.rows, columns: image.columns };
      case 'sopCommonModule':
        return { sopInstanceUID: image.ref.sopInstanceUID, sopClassUID: image.sopClassUID };
      case 'frameNumber':
        return image.ref.frame ?? 1;
      case 'instance':
        return {
          ...Object.fromEntries(Object.entries(image.context).filter(([, v]) => v !== undefined && v !== '')),
          StudyInstanceUID: image.ref.studyInstanceUID,
          SeriesInstanceUID: image.ref.seriesInstanceUID,
          SOPInstanceUID: image.ref.sopInstanceUID,
          SOPClassUID: image.sopClassUID,
          NumberOfFrames: image.frames,
        };
      default:
        return undefined;
    }
  };

  /** Runs fn with this table registered in Cornerstone's metadata, which the adapters' coordinate helpers read. */
  withCornerstone<T>(fn: () => T): T {
    metaData.addProvider(this.provider, 100_000);
    try {
      return fn();
    } finally {
      metaData.removeProvider(this.provider);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Model annotation -> Cornerstone-annotation-like object the adapters read.

function coded(concept: CodedConcept) {
  return { CodingSchemeDesignator: concept.scheme, CodeValue: concept.value, CodeMeaning: concept.meaning };
}

function distance3(a: number[], b: number[]): number {
  return Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
}

/**
 * The adapters reorder some kinds' points: EllipticalROI and Bidirectional are written major axis
 * first (comparing lengths in world space). Returns the order they will write our points in, so the
 * original order can be recorded and restored.
 */
function adapterPointOrder(kind: AnnotationKind, world: number[][]): number[] {
  if (kind === 'EllipticalROI') {
    return distance3(world[0], world[1]) > distance3(world[2], world[3]) ? [0, 1, 2, 3] : [2, 3, 0, 1];
  }
  if (kind === 'Bidirectional') {
    return distance3(world[0], world[1]) > distance3(world[2], world[3]) ? [0, 1, 2, 3] : [2, 3, 0, 1];
  }
  return [];
}

function cornerstoneAnnotation(annotation: Annotation, entry: ImageEntry) {
  const { plane, imageId, image } = entry;
  const spacing = image.pixelSpacing;
  const world = annotation.points.map((p) => toWorld(plane, p));
  const stats: Record<string, unknown> = {};
  const data: Record<string, unknown> = {
    handles: { points: world, activeHandleIndex: null, textBox: { hasMoved: false } },
    label: annotation.label,
    cachedStats: { [`imageId:${imageId}`]: stats },
  };
  const p = annotation.points;
  switch (annotation.kind) {
    case 'Length': {
      const length = lengthOf(p[0], p[1], spacing);
      Object.assign(stats, { length: length.value, unit: length.unit });
      break;
    }
    case 'Angle':
      stats.angle = angleDegrees(p[0], p[1], p[2], spacing);
      break;
    case 'Bidirectional': {
      const axes = bidirectionalAxes(p, spacing);
      // The adapter writes the longer pair as the long axis, so its values follow the same rule.
      const [long, short] = axes.long.value >= axes.short.value ? [axes.long, axes.short] : [axes.short, axes.long];
      Object.assign(stats, { length: long.value, width: short.value, unit: long.unit });
      break;
    }
    case 'EllipticalROI': {
      const area = ellipseArea(p, spacing);
      Object.assign(stats, { area: area.value, areaUnit: area.unit });
      break;
    }
    case 'RectangleROI': {
      const corners = rectangleCorners(p);
      // Cornerstone's rectangle handles: top-left, top-right, bottom-left, bottom-right.
      (data.handles as { points: number[][] }).points = [corners[0], corners[1], corners[3], corners[2]].map((c) => toWorld(plane, c));
      const area = rectangleArea(p, spacing);
      Object.assign(stats, { area: area.value, areaUnit: area.unit, perimeter: polygonPerimeter(corners, spacing).value });
      break;
    }
    case 'PlanarFreehandROI': {
      (data.handles as { points: number[][] }).points = [];
      data.contour = { polyline: world, closed: true };
      const area = polygonArea(p, spacing);
      Object.assign(stats, { area: area.value, areaUnit: area.unit, perimeter: polygonPerimeter(p, spacing).value });
      break;
    }
    case 'ArrowAnnotate':
      (data.handles as { arrowFirst: boolean }).arrowFirst = true;
      data.text = annotation.label ?? '';
      break;
    case 'Probe':
      break;
  }
  // DS values hold 16 characters; ten significant digits is far finer than any reading needs.
  for (const [key, value] of Object.entries(stats)) if (typeof value === 'number') stats[key] = Number(value.toPrecision(10));
  const finding = findingFor(annotation.finding);
  if (!finding) throw new Error(`annotation "${annotation.id}": finding "${annotation.finding}" is not in the vocabulary`);
  return {
    cornerstone: {
      annotationUID: annotation.id,
      metadata: { toolName: annotation.kind, referencedImageId: imageId, FrameOfReferenceUID: plane.frameOfReferenceUID },
      data,
      finding: coded(finding.concept),
      findingSites: finding.site ? [coded(finding.site)] : [],
    },
    pointOrder: adapterPointOrder(annotation.kind, world),
    calibrated: spacing !== null,
  };
}

// ---------------------------------------------------------------------------------------------
// Small helpers over naturalised dcmjs datasets.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- naturalised DICOM is untyped JSON-like data
type Item = Record<string, any>;

function items(value: unknown): Item[] {
  if (Array.isArray(value)) return value as Item[];
  return value ? [value as Item] : [];
}

function codeOf(item: Item, key = 'ConceptNameCodeSequence'): Item | undefined {
  return items(item[key])[0];
}

function isCode(item: Item, scheme: string, value: string, key = 'ConceptNameCodeSequence'): boolean {
  const code = codeOf(item, key);
  return !!code && code.CodingSchemeDesignator === scheme && code.CodeValue === value;
}

function textItem(name: ItemName, value: string, relationship = 'CONTAINS'): Item {
  const [code, meaning] = ITEM[name];
  return {
    RelationshipType: relationship,
    ValueType: 'TEXT',
    ConceptNameCodeSequence: [{ CodeValue: code, CodingSchemeDesignator: RADCASE_SCHEME, CodeMeaning: meaning }],
    TextValue: value,
  };
}

function readTexts(contentItems: Item[]): Partial<Record<ItemName, string>> {
  const found: Partial<Record<ItemName, string>> = {};
  for (const item of contentItems) {
    if (item.ValueType !== 'TEXT') continue;
    const code = codeOf(item);
    if (!code || code.CodingSchemeDesignator !== RADCASE_SCHEME) continue;
    const name = (Object.keys(ITEM) as ItemName[]).find((n) => ITEM[n][0] === code.CodeValue);
    if (name) found[name] = String(item.TextValue ?? '');
  }
  return found;
}

function measurementGroups(dataset: Item): Item[] {
  const container = items(dataset.ContentSequence).find((i) => isCode(i, 'DCM', IMAGING_MEASUREMENTS));
  return items(container?.ContentSequence).filter((i) => isCode(i, 'DCM', MEASUREMENT_GROUP));
}

/** ISO 8601 -> DICOM DA and TM. The time is kept as written (local to its own offset). */
function dicomDateTime(iso: string): { date: string; time: string } {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?/.exec(iso);
  if (!m) return { date: '19700101', time: '000000' };
  return { date: `${m[1]}${m[2]}${m[3]}`, time: `${m[4]}${m[5]}${m[6] ?? '00'}` };
}

// ---------------------------------------------------------------------------------------------
// Export.

/** Splits a set into one set per referenced study (an SR belongs to one study). */
export function splitByStudy(set: AnnotationSet): Map<string, AnnotationSet> {
  const byStudy = new Map<string, AnnotationSet>();
  for (const annotation of set.annotations) {
    const study = annotation.image.studyInstanceUID;
    if (!byStudy.has(study)) byStudy.set(study, { ...set, annotations: [] });
    byStudy.get(study)!.annotations.push(annotation);
  }
  return byStudy;
}

/**
 * Writes the set as a DICOM Part 10 Enhanced SR (TID 1500). All annotations must be on images of
 * one study (see splitByStudy); throws when an image cannot be looked up, rather than drop a mark.
 */
export function annotationSetToSR(set: AnnotationSet, lookup: SrImageLookup, options: SrExportOptions = {}): ArrayBuffer {
  if (set.annotations.length === 0) throw new Error('an SR needs at least one annotation');
  const studies = new Set(set.annotations.map((a) => a.image.studyInstanceUID));
  if (studies.size > 1) throw new Error(`the annotations span ${studies.size} studies; export one SR per study (splitByStudy)`);
  const studyInstanceUID = [...studies][0];

  const table = new ImageTable();
  // imageId -> kind -> annotations, in first-seen order: the order generateReport walks them.
  const toolState: Record<string, Record<string, { data: unknown[] }>> = {};
  type Written = { annotation: Annotation; index: number; pointOrder: number[]; calibrated: boolean };
  const perImage = new Map<string, Map<string, Written[]>>();
  set.annotations.forEach((annotation, index) => {
    const image = lookup(annotation.image);
    if (!image) throw new Error(`annotation "${annotation.id}": image ${annotation.image.sopInstanceUID} is unknown`);
    const entry = table.add({ ...image, ref: { ...image.ref, frame: annotation.image.frame } });
    const { cornerstone, pointOrder, calibrated } = cornerstoneAnnotation(annotation, entry);
    const forImage = (toolState[entry.imageId] ??= {});
    (forImage[annotation.kind] ??= { data: [] }).data.push(cornerstone);
    if (!perImage.has(entry.imageId)) perImage.set(entry.imageId, new Map());
    const kinds = perImage.get(entry.imageId)!;
    if (!kinds.has(annotation.kind)) kinds.set(annotation.kind, []);
    kinds.get(annotation.kind)!.push({ annotation, index, pointOrder, calibrated });
  });
  const expected = [...perImage.values()].flatMap((kinds) => [...kinds.values()].flat());

  const latest = options.contentDateTime ?? set.annotations.map((a) => a.modified).sort().at(-1)!;
  const { date, time } = dicomDateTime(latest);
  const seriesInstanceUID = options.seriesInstanceUID ?? uidFrom(`${set.caseId}/${set.set}/${studyInstanceUID}/sr-series`);
  const sopInstanceUID = options.sopInstanceUID ?? uidFrom(`${set.caseId}/${set.set}/${studyInstanceUID}/${JSON.stringify(set)}`);
  const authors = [...new Set(set.annotations.map((a) => a.author))];

  const report = table.withCornerstone(() =>
    MeasurementReport.generateReport(toolState, { get: table.provider }, {
      PersonName: authors.length === 1 ? authors[0] : 'radcase',
      SOPInstanceUID: sopInstanceUID,
      SeriesInstanceUID: seriesInstanceUID,
      SeriesNumber: String(options.seriesNumber ?? 900),
      InstanceNumber: options.instanceNumber ?? 1,
      SeriesDescription: options.seriesDescription ?? `radcase annotations: ${set.set}`,
      SeriesDate: date,
      SeriesTime: time,
      ContentDate: date,
      ContentTime: time,
      Manufacturer: 'radcase',
      ManufacturerModelName: 'radcase',
      SoftwareVersions: ANNOTATION_SCHEMA_ID,
      DeviceSerialNumber: '1',
    }),
  );
  const dataset: Item = report.dataset;

  const groups = measurementGroups(dataset);
  if (groups.length !== expected.length) {
    throw new Error(`the SR adapters wrote ${groups.length} measurement groups for ${expected.length} annotations`);
  }
  groups.forEach((group, i) => {
    const { annotation, index, pointOrder, calibrated } = expected[i];
    const content = items(group.ContentSequence);
    for (const item of content) {
      // dcmjs draws a random UID per group; ours is derived from the annotation so output is stable.
      if (item.ValueType === 'UIDREF' && isCode(item, 'DCM', TRACKING_UNIQUE_IDENTIFIER)) {
        item.UID = uidFrom(`${set.caseId}/${set.set}/${annotation.id}`);
      }
    }
    if (!calibrated) markUncalibrated(content);
    const extra: Item[] = [
      textItem('id', annotation.id),
      textItem('order', String(index)),
      textItem('finding', annotation.finding),
      textItem('author', annotation.author),
      textItem('created', annotation.created),
      textItem('modified', annotation.modified),
    ];
    if (annotation.label !== undefined) extra.push(textItem('label', annotation.label));
    // A note may wait for its translation: only the languages written go into the SR.
    if (annotation.note?.en) extra.push(textItem('noteEn', annotation.note.en));
    if (annotation.note?.es) extra.push(textItem('noteEs', annotation.note.es));
    if (annotation.locked !== undefined) extra.push(textItem('locked', String(annotation.locked)));
    if (pointOrder.length && pointOrder.some((v, k) => v !== k)) extra.push(textItem('pointOrder', pointOrder.join(',')));
    group.ContentSequence = [...content, ...extra];
  });

  const root = items(dataset.ContentSequence);
  const setItems = [textItem('schema', set.schema), textItem('caseId', set.caseId), textItem('setName', set.set)];
  if (set.title) setItems.push(textItem('titleEn', set.title.en), textItem('titleEs', set.title.es));
  dataset.ContentSequence = [...root, ...setItems];
  tidyDataset(dataset, latest);
  return writePart10(dataset);
}

/** Values of an image without pixel spacing are in pixels; the adapters always label them mm. */
function markUncalibrated(content: Item[]): void {
  const pixelUnit = [{ CodeValue: '1', CodingSchemeDesignator: 'UCUM', CodeMeaning: 'px' }];
  for (const item of content) {
    if (item.ValueType !== 'NUM') continue;
    for (const measured of items(item.MeasuredValueSequence)) {
      const unit = codeOf(measured, 'MeasurementUnitsCodeSequence');
      if (unit && (unit.CodeValue === 'mm' || unit.CodeValue === 'mm2')) {
        measured.MeasurementUnitsCodeSequence = [{ ...pixelUnit[0], CodeMeaning: unit.CodeValue === 'mm' ? 'px' : 'px2' }];
      }
    }
  }
}

/** Makes the adapters' dataset a valid, reproducible Enhanced SR. */
function tidyDataset(dataset: Item, latest: string): void {
  const { date, time } = dicomDateTime(latest);
  // Not attributes of the SR IOD (dcmjs's derived-dataset defaults); dciodvfy flags them.
  for (const key of ['ImageComments', 'ContentQualification', 'ClinicalTrialTimePointID', 'ClinicalTrialCoordinatingCenterName', 'ClinicalTrialSeriesID', 'ValueType_']) {
    delete dataset[key];
  }
  dataset.SpecificCharacterSet = 'ISO_IR 192';
  dataset.InstanceCreationDate = date;
  dataset.InstanceCreationTime = time;
  dataset.ReferencedPerformedProcedureStepSequence = [];
  dataset.PerformedProcedureCodeSequence = [];
  const schemes = items(dataset.CodingSchemeIdentificationSequence).filter((s) => s.CodingSchemeDesignator !== RADCASE_SCHEME);
  dataset.CodingSchemeIdentificationSequence = [
    ...schemes,
    { CodingSchemeDesignator: RADCASE_SCHEME, CodingSchemeName: 'radcase annotation items', CodingSchemeVersion: '1', CodingSchemeResponsibleOrganization: 'radcase' },
  ];
}

function writePart10(dataset: Item): ArrayBuffer {
  const meta = {
    FileMetaInformationVersion: new Uint8Array([0, 1]).buffer,
    MediaStorageSOPClassUID: dataset.SOPClassUID,
    MediaStorageSOPInstanceUID: dataset.SOPInstanceUID,
    TransferSyntaxUID: EXPLICIT_VR_LITTLE_ENDIAN,
    ImplementationClassUID: IMPLEMENTATION_CLASS_UID,
    ImplementationVersionName: 'RADCASE_SR_1',
  };
  const clean = { ...dataset };
  delete clean._meta;
  delete clean._vrMap;
  const dict = new DicomDict(DicomMetaDictionary.denaturalizeDataset(meta));
  dict.dict = DicomMetaDictionary.denaturalizeDataset(clean);
  return dict.write() as ArrayBuffer;
}

// ---------------------------------------------------------------------------------------------
// Import.

/**
 * Reads an SR written by annotationSetToSR (or any TID 1500 SR with Cornerstone tool groups) back
 * into a set, validated. Every measurement group either becomes an annotation or a problem.
 */
export function srToAnnotationSet(buffer: ArrayBuffer, lookup: SrImageLookup): ValidationResult {
  const problems: string[] = [];
  let dataset: Item;
  try {
    const dict = DicomMessage.readFile(buffer);
    const charset = String(dict.dict['00080005']?._rawValue?.[0] ?? '').trim();
    dataset = DicomMetaDictionary.naturalizeDataset(dict.dict);
    if (charset === 'ISO_IR 192') repairNestedText(dataset, false);
  } catch (error) {
    return { ok: false, problems: [`the file is not readable DICOM: ${String(error)}`] };
  }
  if (items(dataset.ContentTemplateSequence)[0]?.TemplateIdentifier !== '1500') {
    return { ok: false, problems: ['the file is not a TID 1500 measurement report'] };
  }

  // Where each referenced instance lives, from the evidence the SR must list.
  const placeOf = new Map<string, { studyInstanceUID: string; seriesInstanceUID: string }>();
  for (const study of items(dataset.CurrentRequestedProcedureEvidenceSequence)) {
    for (const series of items(study.ReferencedSeriesSequence)) {
      for (const sop of items(series.ReferencedSOPSequence)) {
        placeOf.set(sop.ReferencedSOPInstanceUID, { studyInstanceUID: study.StudyInstanceUID, seriesInstanceUID: series.SeriesInstanceUID });
      }
    }
  }

  const table = new ImageTable();
  const sopToImageId: Record<string, string> = {};
  const groupByTrackingUID = new Map<string, { texts: Partial<Record<ItemName, string>>; ref: ImageReference; number: number }>();
  measurementGroups(dataset).forEach((group, g) => {
    const content = items(group.ContentSequence);
    const trackingUID = content.find((i) => isCode(i, 'DCM', TRACKING_UNIQUE_IDENTIFIER))?.UID as string | undefined;
    const sopRef = findImageReference(content);
    if (!trackingUID || !sopRef) {
      problems.push(`measurement group ${g + 1}: has no ${trackingUID ? 'referenced image' : 'tracking unique identifier'}`);
      return;
    }
    const place = placeOf.get(sopRef.sop);
    const ref: ImageReference = {
      studyInstanceUID: place?.studyInstanceUID ?? String(dataset.StudyInstanceUID),
      seriesInstanceUID: place?.seriesInstanceUID ?? '',
      sopInstanceUID: sopRef.sop,
      ...(sopRef.frame !== undefined ? { frame: sopRef.frame } : {}),
    };
    const image = lookup(ref);
    if (!image) {
      problems.push(`measurement group ${g + 1}: image ${sopRef.sop} is not in this case`);
      return;
    }
    const entry = table.add({ ...image, ref });
    sopToImageId[`${sopRef.sop}:${sopRef.frame ?? 1}`] = entry.imageId;
    groupByTrackingUID.set(trackingUID, { texts: readTexts(content), ref, number: g + 1 });
  });

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- adapter output
  const byTool: Record<string, any[]> = table.withCornerstone(() => MeasurementReport.generateToolState(dataset, sopToImageId, { get: table.provider }));
  const made: { order: number; annotation: Annotation }[] = [];
  const seen = new Set<string>();
  for (const [toolName, states] of Object.entries(byTool)) {
    for (const state of states) {
      const trackingUID: string = state.TrackingUniqueIdentifier;
      const group = groupByTrackingUID.get(trackingUID);
      if (!group) continue;
      seen.add(trackingUID);
      const entry = table.byId.get(state.annotation.metadata.referencedImageId);
      if (!entry) continue;
      const result = annotationFromState(toolName, state, group.texts, group.ref, entry, group.number);
      if ('problem' in result) problems.push(result.problem);
      else made.push(result);
    }
  }
  for (const [uid, group] of groupByTrackingUID) {
    if (!seen.has(uid)) problems.push(`measurement group ${group.number}: the SR adapters could not read its geometry`);
  }
  if (problems.length) return { ok: false, problems };

  const rootTexts = readTexts(items(dataset.ContentSequence));
  const set: AnnotationSet = {
    schema: ANNOTATION_SCHEMA_ID,
    caseId: rootTexts.caseId ?? 'unknown',
    set: rootTexts.setName ?? 'imported',
    ...(rootTexts.titleEn !== undefined && rootTexts.titleEs !== undefined ? { title: { en: rootTexts.titleEn, es: rootTexts.titleEs } } : {}),
    annotations: made.sort((a, b) => a.order - b.order).map((m) => m.annotation),
  };
  return validateAnnotationSet(set, (ref) => lookup(ref));
}

// dcmjs 0.52 decodes text inside sequence items as windows-1252 whatever the Specific Character
// Set says (each item gets a fresh stream). Our SRs are UTF-8, so re-decode those strings.
const WINDOWS_1252_BYTE = new Map<string, number>();
{
  const decoded = new TextDecoder('latin1').decode(Uint8Array.from({ length: 256 }, (_, i) => i));
  for (let i = 0; i < 256; i++) WINDOWS_1252_BYTE.set(decoded[i], i);
}

function recoverUtf8(text: string): string {
  if (/^[\x00-\x7f]*$/.test(text)) return text;
  const bytes: number[] = [];
  for (const char of text) {
    const byte = WINDOWS_1252_BYTE.get(char);
    if (byte === undefined) return text;
    bytes.push(byte);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(bytes));
  } catch {
    return text;
  }
}

/** Re-decodes every string inside sequence items (keywords ending in "Sequence"); top level is right. */
function repairNestedText(value: unknown, inItem: boolean): unknown {
  if (typeof value === 'string') return inItem ? recoverUtf8(value) : value;
  if (Array.isArray(value)) {
    value.forEach((v, i) => (value[i] = repairNestedText(v, inItem)));
  } else if (value && typeof value === 'object' && !ArrayBuffer.isView(value) && !(value instanceof ArrayBuffer)) {
    for (const key of Object.keys(value)) {
      if (key === '_vrMap' || key === '_meta') continue;
      (value as Item)[key] = repairNestedText((value as Item)[key], inItem || key.endsWith('Sequence'));
    }
  }
  return value;
}

function findImageReference(content: Item[]): { sop: string; frame?: number } | undefined {
  for (const item of content) {
    if (item.ValueType === 'SCOORD') {
      for (const child of items(item.ContentSequence)) {
        const sop = items(child.ReferencedSOPSequence)[0];
        if (sop?.ReferencedSOPInstanceUID) {
          const frame = sop.ReferencedFrameNumber;
          return { sop: sop.ReferencedSOPInstanceUID, frame: frame === undefined || frame === '' ? undefined : Number(frame) };
        }
      }
    }
    const nested = findImageReference(items(item.ContentSequence).filter((c) => c.ValueType !== 'IMAGE'));
    if (nested) return nested;
  }
  return undefined;
}

const KIND_BY_TOOL: Record<string, AnnotationKind> = {
  Length: 'Length',
  Angle: 'Angle',
  Bidirectional: 'Bidirectional',
  EllipticalROI: 'EllipticalROI',
  RectangleROI: 'RectangleROI',
  PlanarFreehandROI: 'PlanarFreehandROI',
  ArrowAnnotate: 'ArrowAnnotate',
  Probe: 'Probe',
};

function annotationFromState(
  toolName: string,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- adapter output
  state: any,
  texts: Partial<Record<ItemName, string>>,
  ref: ImageReference,
  entry: ImageEntry,
  groupNumber: number,
): { order: number; annotation: Annotation } | { problem: string } {
  const kind = KIND_BY_TOOL[toolName];
  if (!kind) return { problem: `measurement group ${groupNumber}: tool ${toolName} is not one of our annotation kinds` };
  const data = state.annotation.data;
  const round = (p: ImagePoint): ImagePoint => [Math.round(p[0] * 1e6) / 1e6, Math.round(p[1] * 1e6) / 1e6];
  const image = (world: number[]) => round(toImage(entry.plane, world));
  let points: ImagePoint[] = (data.handles?.points ?? []).map(image);
  if (kind === 'PlanarFreehandROI') points = (data.contour?.polyline ?? []).map(image);
  if (kind === 'RectangleROI') points = [points[0], points[3]];
  if (kind === 'Angle') points = points.slice(0, 3);
  if (kind === 'ArrowAnnotate') points = points.slice(0, 2);
  if (texts.pointOrder) {
    // Undo the adapter's reordering: written[k] is our original point order[k].
    const order = texts.pointOrder.split(',').map(Number);
    const original: ImagePoint[] = new Array(points.length);
    order.forEach((from, k) => (original[from] = points[k]));
    points = original;
  }
  const finding = texts.finding ?? findingKeyFor(state.finding, state.findingSites);
  const label = texts.label ?? (state.annotation.data.label || undefined);
  const annotation: Annotation = {
    id: texts.id ?? uidFrom(`${ref.sopInstanceUID}/${groupNumber}`),
    kind,
    image: ref,
    points,
    finding: finding ?? 'other',
    ...(label !== undefined ? { label } : {}),
    ...(texts.noteEn !== undefined || texts.noteEs !== undefined ? { note: { en: texts.noteEn ?? '', es: texts.noteEs ?? '' } } : {}),
    author: texts.author ?? 'unknown',
    created: texts.created ?? '1970-01-01T00:00:00Z',
    modified: texts.modified ?? texts.created ?? '1970-01-01T00:00:00Z',
    ...(texts.locked !== undefined ? { locked: texts.locked === 'true' } : {}),
  };
  return { order: texts.order !== undefined ? Number(texts.order) : 1e9 + groupNumber, annotation };
}

/** For SRs from elsewhere: the vocabulary entry whose codes match (finding and site), if exactly one does. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- adapter output
function findingKeyFor(finding: any, sites: any[] = []): string | undefined {
  if (!finding) return undefined;
  const matches = FINDINGS.filter(
    (f) => f.concept.value === finding.CodeValue && f.concept.scheme === finding.CodingSchemeDesignator
      && (!f.site || sites.some((s) => s.CodeValue === f.site!.value && s.CodingSchemeDesignator === f.site!.scheme)),
  );
  return matches.length === 1 ? matches[0].key : undefined;
}

