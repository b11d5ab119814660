// Reading the generated case back (for the tests): where it is, its JSON files and each DICOM file's header.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import dcmjs from 'dcmjs';

export const CASE_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../../studies/tumoral-calcinosis');
export const casePath = (rel: string) => join(CASE_DIR, rel);

export interface Header {
  SOPInstanceUID: string;
  SeriesInstanceUID: string;
  StudyInstanceUID: string;
  Rows: number;
  Columns: number;
  NumberOfFrames?: number;
  ImagePositionPatient?: number[];
  ImageOrientationPatient?: number[];
  PatientName: unknown;
  StudyDate: string;
  Modality: string;
}

/** The dataset of a Part 10 file up to (not including) its pixel data, naturalised. */
export function readHeader(rel: string): Header {
  const buf = readFileSync(casePath(rel));
  const ab = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength);
  const msg = dcmjs.data.DicomMessage.readFile(ab, { untilTag: '7FE00010', includeUntilTagValue: false });
  return dcmjs.data.DicomMetaDictionary.naturalizeDataset(msg.dict) as Header;
}

export interface Manifest {
  studies: { studyInstanceUID: string; date: string; series: { seriesInstanceUID: string; modality: string; files: string[] }[] }[];
}
export const readJson = <T>(rel: string): T => JSON.parse(readFileSync(casePath(rel), 'utf8')) as T;
