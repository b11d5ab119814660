// Writes naturalised datasets as DICOM Part 10 files with dcmjs, native or RLE Lossless.
import dcmjs from 'dcmjs';
import { IMPLEMENTATION_CLASS_UID, IMPLEMENTATION_VERSION_NAME } from './uid';
import { encodeRle16 } from './rle';

const { DicomDict, DicomMetaDictionary } = dcmjs.data;

export const TransferSyntax = {
  explicitLittle: '1.2.840.10008.1.2.1',
  rleLossless: '1.2.840.10008.1.2.5',
} as const;
export type TransferSyntax = (typeof TransferSyntax)[keyof typeof TransferSyntax];

/** A dataset in dcmjs's naturalised form (keyword → value). */
export type Dataset = Record<string, unknown>;

export interface PixelFrames {
  rows: number;
  columns: number;
  frames: Uint16Array[];
}

/** Encodes the frames into the dataset's PixelData and returns the Part 10 bytes. */
export function writeDicom(dataset: Dataset, pixels: PixelFrames, syntax: TransferSyntax): Uint8Array {
  const ds: Dataset = Object.fromEntries(Object.entries(dataset).filter(([, v]) => v !== undefined));
  if (syntax === TransferSyntax.rleLossless) {
    ds.PixelData = pixels.frames.map((f) => {
      const enc = encodeRle16(f, pixels.rows, pixels.columns);
      return enc.buffer.slice(enc.byteOffset, enc.byteOffset + enc.byteLength);
    });
    ds._vrMap = { PixelData: 'OB' };
  } else {
    const all = new Uint16Array(pixels.rows * pixels.columns * pixels.frames.length);
    pixels.frames.forEach((f, i) => all.set(f, i * pixels.rows * pixels.columns));
    ds.PixelData = [all.buffer];
    ds._vrMap = { PixelData: 'OW' };
  }
  const meta = {
    FileMetaInformationVersion: new Uint8Array([0, 1]).buffer,
    MediaStorageSOPClassUID: ds.SOPClassUID,
    MediaStorageSOPInstanceUID: ds.SOPInstanceUID,
    TransferSyntaxUID: syntax,
    ImplementationClassUID: IMPLEMENTATION_CLASS_UID,
    ImplementationVersionName: IMPLEMENTATION_VERSION_NAME,
  };
  const dict = new DicomDict(DicomMetaDictionary.denaturalizeDataset(meta));
  dict.dict = DicomMetaDictionary.denaturalizeDataset(ds);
  return new Uint8Array(dict.write({ fragmentMultiframe: false }));
}
