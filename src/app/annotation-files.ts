// Moving the user's annotations in and out of the viewer: JSON and DICOM SR files, checked against
// the images they refer to. Images must have been read for their references to be checked, so
// imports first load the series they name.
import type { AnnotationSet, ImageReference } from '../annotations/model';
import { annotationSetToSR, splitByStudy, srToAnnotationSet, type SrImage, type SrImageLookup } from '../annotations/sr';
import { parseSetText } from '../annotations/persistence';
import type { ImageResolver, ValidationResult } from '../annotations/validate';
import type { ImageLibrary } from '../imaging/library';

/** Look-ups over the images the library has read. */
export function imageLookups(library: ImageLibrary): { geometry: ImageResolver; srImage: SrImageLookup } {
  const infoOf = (ref: ImageReference) => {
    const imageId = library.imageIdOf(ref);
    return imageId ? library.infoFor(imageId) : undefined;
  };
  const geometry: ImageResolver = (ref) => {
    const info = infoOf(ref);
    return info ? { rows: info.rows, columns: info.columns, frames: info.numberOfFrames } : undefined;
  };
  const srImage: SrImageLookup = (ref) => {
    const info = infoOf(ref);
    if (!info) return undefined;
    const image: SrImage = {
      ref: { ...ref },
      sopClassUID: info.sopClassUID,
      rows: info.rows,
      columns: info.columns,
      frames: info.numberOfFrames,
      pixelSpacing: info.pixelSpacing ? [info.pixelSpacing.row, info.pixelSpacing.column] : null,
      context: {
        PatientName: info.patientName,
        PatientID: info.patientId,
        StudyInstanceUID: info.studyInstanceUID,
        StudyDate: info.studyDate,
        StudyDescription: info.studyDescription,
      },
    };
    if (info.imagePositionPatient && info.imageOrientationPatient) {
      image.plane = { imagePositionPatient: info.imagePositionPatient, imageOrientationPatient: info.imageOrientationPatient };
    }
    return image;
  };
  return { geometry, srImage };
}

/** Reads every series whose Series Instance UID a parsed file mentions, so its references can be checked. */
async function loadSeriesNamedIn(library: ImageLibrary, json: unknown) {
  const wanted = new Set<string>();
  const annotations = (json as { annotations?: unknown } | null)?.annotations;
  if (Array.isArray(annotations)) {
    for (const a of annotations) {
      const uid = (a as { image?: { seriesInstanceUID?: unknown } } | null)?.image?.seriesInstanceUID;
      if (typeof uid === 'string') wanted.add(uid);
    }
  }
  for (const study of library.studies) {
    for (const series of study.series) if (wanted.has(series.key)) await library.prefetch(series.imageIds);
  }
}

async function loadEverySeries(library: ImageLibrary) {
  for (const study of library.studies) for (const series of study.series) await library.prefetch(series.imageIds);
}

const isDicom = (bytes: Uint8Array) => bytes.length > 132 && String.fromCharCode(...bytes.subarray(128, 132)) === 'DICM';

/** Reads a JSON or DICOM SR annotation file and checks it against the case's images. */
export async function readAnnotationFile(library: ImageLibrary, file: File): Promise<ValidationResult> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  if (isDicom(bytes)) {
    await loadEverySeries(library);
    return srToAnnotationSet(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer, imageLookups(library).srImage);
  }
  const text = new TextDecoder().decode(bytes);
  try {
    await loadSeriesNamedIn(library, JSON.parse(text));
  } catch {
    // Not JSON: parseSetText says so.
  }
  return parseSetText(text, imageLookups(library).geometry);
}

/** DICOM SR files for a set, one per study it marks, named by study. */
export async function srFilesFor(library: ImageLibrary, set: AnnotationSet): Promise<{ name: string; blob: Blob }[]> {
  await loadSeriesNamedIn(library, set);
  const lookup = imageLookups(library).srImage;
  const files: { name: string; blob: Blob }[] = [];
  let n = 0;
  for (const [studyUID, part] of splitByStudy(set)) {
    const buffer = annotationSetToSR(part, lookup);
    files.push({ name: `${set.caseId}-${set.set}-study-${++n}-${studyUID.slice(-8)}.dcm`, blob: new Blob([buffer], { type: 'application/dicom' }) });
  }
  return files;
}

/** Offers a file to the user as a download. */
export function download(name: string, blob: Blob) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
