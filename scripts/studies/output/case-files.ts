// Reading the generated case back (for the tests): where it is, its JSON files, each DICOM file's header and pixels.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import dcmjs from 'dcmjs';
import { decodeRle16 } from '../dicom/rle';

const RLE_LOSSLESS = '1.2.840.10008.1.2.5';

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

/** The stored values of one frame (1-based) of a generated file: native 16-bit or RLE Lossless, as the generator writes. */
export function readFrame(rel: string, frame = 1): { rows: number; columns: number; pixels: Uint16Array } {
  const buf = readFileSync(casePath(rel));
  const ab = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength);
  const msg = dcmjs.data.DicomMessage.readFile(ab);
  const ds = dcmjs.data.DicomMetaDictionary.naturalizeDataset(msg.dict) as { Rows: number; Columns: number; PixelData: ArrayBuffer[] };
  const syntax = msg.meta['00020010']!.Value[0] as string;
  const { Rows: rows, Columns: columns } = ds;
  if (syntax === RLE_LOSSLESS) return { rows, columns, pixels: decodeRle16(new Uint8Array(ds.PixelData[frame - 1]!), rows, columns) };
  const all = new Uint16Array(ds.PixelData[0]!);
  return { rows, columns, pixels: all.slice((frame - 1) * rows * columns, frame * rows * columns) };
}
