// Reads one file's bytes as DICOM: normalises it to Part 10, checks it can be shown, and extracts
// what grouping, ordering and the overlay need. Pure: no DOM, no Cornerstone.
import * as dicomParser from 'dicom-parser';
import pako from 'pako';
import { concat, normaliseForDecoders, ybrFull422Bytes } from './normalise';
import { TRANSFER_SYNTAXES, UNSUPPORTED_TRANSFER_SYNTAXES, transferSyntaxName } from './transfer-syntax';

/** A file that cannot be shown, with the reason in words a user can act on. */
export class DicomInputError extends Error {
  constructor(
    readonly fileName: string,
    readonly reason: string,
  ) {
    super(`${fileName}: ${reason}`);
    this.name = 'DicomInputError';
  }
}

export interface InstanceInfo {
  fileName: string;
  /** The transfer syntax the file was stored in. */
  transferSyntaxUID: string;
  /** The one the decoders see, when ingest rewrote the pixel data (a 12-bit JPEG decoded here, say). */
  decodedTransferSyntaxUID: string;
  sopClassUID: string;
  sopInstanceUID: string;
  studyInstanceUID: string;
  seriesInstanceUID: string;
  studyDate: string;
  studyDescription: string;
  seriesDescription: string;
  seriesNumber: number | null;
  instanceNumber: number | null;
  modality: string;
  patientName: string;
  patientId: string;
  rows: number;
  columns: number;
  numberOfFrames: number;
  samplesPerPixel: number;
  bitsAllocated: number;
  photometricInterpretation: string;
  imagePositionPatient: [number, number, number] | null;
  imageOrientationPatient: [number, number, number, number, number, number] | null;
  /** Row spacing then column spacing in mm, and which attribute gave it. */
  pixelSpacing: { row: number; column: number; source: 'PixelSpacing' | 'ImagerPixelSpacing' } | null;
  sliceThickness: number | null;
  /** PatientOrientation (0020,0020), e.g. "L\\F": row and column directions for projection images. */
  patientOrientation: string;
  /** WindowCenter/WindowWidth of the file (first value), when present. */
  fileWindow: { center: number; width: number } | null;
  /** Acquisition-time frame offsets (NM) or positions for multi-frame ordering, when given. */
  frameTimeMs: number | null;
}

export interface IngestedInstance {
  info: InstanceInfo;
  /** The file as a Part 10 stream with preamble and meta group, ready for the image loader. */
  part10: Uint8Array;
}

const EXPLICIT_LE = '1.2.840.10008.1.2.1';
const IMPLICIT_LE = '1.2.840.10008.1.2';

const inflater = (byteArray: Uint8Array, position: number): Uint8Array => {
  const inflated = pako.inflateRaw(byteArray.subarray(position));
  const full = new Uint8Array(position + inflated.length);
  full.set(byteArray.subarray(0, position), 0);
  full.set(inflated, position);
  return full;
};

const ascii = (bytes: Uint8Array, start: number, length: number) =>
  String.fromCharCode(...bytes.subarray(start, start + length));

const GZIP_MAGIC = [0x1f, 0x8b];
const VR_CODES = new Set(
  'AE AS AT CS DA DS DT FL FD IS LO LT OB OD OF OL OV OW PN SH SL SQ SS ST SV TM UC UI UL UN UR US UT UV'.split(' '),
);

type Layout =
  | { kind: 'part10'; offset: 128 }
  | { kind: 'meta-without-preamble' }
  | { kind: 'raw-dataset'; transferSyntaxUID: string };

/** Works out how a byte stream is laid out: Part 10 with preamble, a meta group at byte 0, or a bare data set. */
function detectLayout(bytes: Uint8Array, fileName: string): Layout {
  if (bytes.length >= 132 && ascii(bytes, 128, 4) === 'DICM') return { kind: 'part10', offset: 128 };
  if (bytes.length >= 4 && ascii(bytes, 0, 4) === 'DICM') return { kind: 'meta-without-preamble' };
  if (bytes.length >= 2 && bytes[0] === GZIP_MAGIC[0] && bytes[1] === GZIP_MAGIC[1]) {
    throw new DicomInputError(fileName, 'this is a gzip archive, not a DICOM file: unpack it first');
  }
  if (bytes.length < 8) throw new DicomInputError(fileName, `not a DICOM file: only ${bytes.length} bytes`);
  const group = bytes[0] | (bytes[1] << 8);
  const element = bytes[2] | (bytes[3] << 8);
  if (group === 0x0002) {
    return { kind: 'meta-without-preamble' };
  }
  // A bare data set starts with a low group number (0008 most often) in little endian.
  const plausibleStart = group >= 0x0002 && group <= 0x0010 && group % 2 === 0 && element < 0x1000;
  if (!plausibleStart) {
    throw new DicomInputError(fileName, 'not a DICOM file: no "DICM" marker and no recognisable DICOM data set at the start');
  }
  const vr = ascii(bytes, 4, 2);
  return { kind: 'raw-dataset', transferSyntaxUID: VR_CODES.has(vr) ? EXPLICIT_LE : IMPLICIT_LE };
}

/** Encodes one explicit-VR little-endian meta element. */
function metaElement(element: number, vr: 'OB' | 'UI' | 'UL', value: Uint8Array): Uint8Array {
  const longForm = vr === 'OB';
  const header = new Uint8Array(longForm ? 12 : 8);
  const view = new DataView(header.buffer);
  view.setUint16(0, 0x0002, true);
  view.setUint16(2, element, true);
  header[4] = vr.charCodeAt(0);
  header[5] = vr.charCodeAt(1);
  if (longForm) view.setUint32(8, value.length, true);
  else view.setUint16(6, value.length, true);
  const out = new Uint8Array(header.length + value.length);
  out.set(header);
  out.set(value, header.length);
  return out;
}

const uidBytes = (uid: string) => {
  const padded = uid.length % 2 ? `${uid}\0` : uid;
  return Uint8Array.from(padded, (c) => c.charCodeAt(0));
};

/** Wraps a bare data set in a preamble and a minimal meta group so any Part 10 reader accepts it. */
function wrapAsPart10(dataset: Uint8Array, transferSyntaxUID: string, sopClassUID: string, sopInstanceUID: string) {
  const body = [
    metaElement(0x0001, 'OB', new Uint8Array([0, 1])),
    metaElement(0x0002, 'UI', uidBytes(sopClassUID)),
    metaElement(0x0003, 'UI', uidBytes(sopInstanceUID)),
    metaElement(0x0010, 'UI', uidBytes(transferSyntaxUID)),
    metaElement(0x0012, 'UI', uidBytes('1.2.826.0.1.3680043.10.1461.1')),
  ];
  const bodyLength = body.reduce((n, b) => n + b.length, 0);
  const groupLength = new Uint8Array(4);
  new DataView(groupLength.buffer).setUint32(0, bodyLength, true);
  return concat([new Uint8Array(128), Uint8Array.from('DICM', (c) => c.charCodeAt(0)), metaElement(0x0000, 'UL', groupLength), ...body, dataset]);
}

function describeParseError(failure: unknown): string {
  // parseDicom wraps what went wrong in the data set as { exception, dataSet }.
  const error = (failure as { exception?: unknown } | null)?.exception ?? failure;
  const text = typeof error === 'string' ? error : error instanceof Error ? error.message : String(error);
  if (/buffer overread|buffer overrun|past end|beyond end|exceeds|offset is outside|out of bounds|eof|end of buffer/i.test(text)) {
    return 'the file ends early: it is truncated or damaged';
  }
  // An element whose declared length runs past the end of the file.
  if (/maxPosition/.test(text)) return 'the file ends early: it is truncated or damaged';
  if (/0002,0010/.test(text)) return 'the file meta information names no transfer syntax (0002,0010)';
  if (/DICM prefix/.test(text)) return 'not a DICOM file: no "DICM" marker at byte 128';
  return `cannot read the DICOM data: ${text.replace(/^dicomParser\.[A-Za-z]+: /, '')}`;
}

type DataSet = dicomParser.DataSet;

const str = (ds: DataSet, tag: string) => (ds.string(tag) ?? '').trim();
const num = (ds: DataSet, tag: string): number | null => {
  const text = ds.string(tag);
  if (text === undefined || text.trim() === '') return null;
  const value = Number(text.trim());
  return Number.isFinite(value) ? value : null;
};
const numbers = (ds: DataSet, tag: string): number[] | null => {
  const text = ds.string(tag);
  if (!text) return null;
  const values = text.split('\\').map((v) => Number(v.trim()));
  return values.every(Number.isFinite) ? values : null;
};

function windowOf(ds: DataSet): InstanceInfo['fileWindow'] {
  const center = numbers(ds, 'x00281050');
  const width = numbers(ds, 'x00281051');
  if (!center?.length || !width?.length || !(width[0] > 0)) return null;
  return { center: center[0], width: width[0] };
}

function pixelSpacingOf(ds: DataSet): InstanceInfo['pixelSpacing'] {
  for (const [tag, source] of [
    ['x00280030', 'PixelSpacing'],
    ['x00181164', 'ImagerPixelSpacing'],
  ] as const) {
    const v = numbers(ds, tag);
    if (v && v.length >= 2 && v[0] > 0 && v[1] > 0) return { row: v[0], column: v[1], source };
  }
  return null;
}

/** The byte length the pixel data must have at least, for native (unencapsulated) syntaxes. */
export function expectedNativePixelBytes(rows: number, columns: number, samples: number, bitsAllocated: number, frames: number) {
  const bits = rows * columns * samples * bitsAllocated * frames;
  return Math.ceil(bits / 8);
}

function checkPixelData(ds: DataSet, info: InstanceInfo, fileName: string) {
  const pixel = ds.elements.x7fe00010 ?? ds.elements.x7fe00008 ?? ds.elements.x7fe00009;
  if (!pixel) throw new DicomInputError(fileName, 'the file holds no image: it has no Pixel Data element');
  if (!info.rows || !info.columns) throw new DicomInputError(fileName, 'the image size is missing (Rows or Columns)');
  if (!info.bitsAllocated) throw new DicomInputError(fileName, 'Bits Allocated is missing');
  const encapsulated = TRANSFER_SYNTAXES[info.transferSyntaxUID]?.encapsulated ?? false;
  if (encapsulated) {
    const fragments = pixel.fragments ?? [];
    if (!pixel.encapsulatedPixelData || fragments.length === 0) {
      throw new DicomInputError(fileName, 'the compressed Pixel Data has no fragments');
    }
    const end = ds.byteArray.length;
    for (const f of fragments) {
      if (f.position + f.length > end) throw new DicomInputError(fileName, 'the compressed Pixel Data is cut short: the file is truncated');
    }
    return;
  }
  if (pixel.length === 0) throw new DicomInputError(fileName, 'the Pixel Data element is empty');
  const needed =
    info.photometricInterpretation === 'YBR_FULL_422' && info.samplesPerPixel === 3 && info.bitsAllocated === 8
      ? ybrFull422Bytes(info.rows, info.columns, info.numberOfFrames)
      : expectedNativePixelBytes(info.rows, info.columns, info.samplesPerPixel, info.bitsAllocated, info.numberOfFrames);
  const available = Math.min(pixel.length, ds.byteArray.length - pixel.dataOffset);
  if (available < needed) {
    throw new DicomInputError(
      fileName,
      `the Pixel Data is too short: ${available} bytes where ${info.rows}×${info.columns}` +
        `${info.samplesPerPixel > 1 ? `×${info.samplesPerPixel} samples` : ''}` +
        `${info.numberOfFrames > 1 ? `×${info.numberOfFrames} frames` : ''} at ${info.bitsAllocated} bits need ${needed}`,
    );
  }
}

function readInfo(ds: DataSet, fileName: string, transferSyntaxUID: string): InstanceInfo {
  const ipp = numbers(ds, 'x00200032');
  const iop = numbers(ds, 'x00200037');
  const frames = num(ds, 'x00280008');
  return {
    fileName,
    transferSyntaxUID,
    decodedTransferSyntaxUID: transferSyntaxUID,
    sopClassUID: str(ds, 'x00080016'),
    sopInstanceUID: str(ds, 'x00080018'),
    studyInstanceUID: str(ds, 'x0020000d'),
    seriesInstanceUID: str(ds, 'x0020000e'),
    studyDate: str(ds, 'x00080020'),
    studyDescription: str(ds, 'x00081030'),
    seriesDescription: str(ds, 'x0008103e'),
    seriesNumber: num(ds, 'x00200011'),
    instanceNumber: num(ds, 'x00200013'),
    modality: str(ds, 'x00080060') || 'OT',
    patientName: str(ds, 'x00100010'),
    patientId: str(ds, 'x00100020'),
    rows: ds.uint16('x00280010') ?? 0,
    columns: ds.uint16('x00280011') ?? 0,
    numberOfFrames: frames && frames > 0 ? Math.floor(frames) : 1,
    samplesPerPixel: ds.uint16('x00280002') ?? 1,
    bitsAllocated: ds.uint16('x00280100') ?? 0,
    photometricInterpretation: str(ds, 'x00280004'),
    imagePositionPatient: ipp && ipp.length === 3 ? (ipp as [number, number, number]) : null,
    imageOrientationPatient: iop && iop.length === 6 ? (iop as InstanceInfo['imageOrientationPatient']) : null,
    pixelSpacing: pixelSpacingOf(ds),
    sliceThickness: num(ds, 'x00180050'),
    patientOrientation: str(ds, 'x00200020'),
    fileWindow: windowOf(ds),
    frameTimeMs: num(ds, 'x00181063'),
  };
}

/**
 * Reads a file's bytes as DICOM. Returns the instance's facts and a Part 10 copy of the bytes
 * that the image loader accepts, or throws a DicomInputError that says what is wrong.
 */
export function ingestDicom(input: Uint8Array, fileName: string): IngestedInstance {
  const layout = detectLayout(input, fileName);
  let bytes = input;
  if (layout.kind === 'meta-without-preamble') {
    const start = ascii(input, 0, 4) === 'DICM' ? 4 : 0;
    const withPreamble = new Uint8Array(132 + input.length - start);
    withPreamble.set(Uint8Array.from('DICM', (c) => c.charCodeAt(0)), 128);
    withPreamble.set(input.subarray(start), 132);
    bytes = withPreamble;
  }

  let ds: DataSet;
  let transferSyntaxUID: string;
  try {
    if (layout.kind === 'raw-dataset') {
      ds = dicomParser.parseDicom(bytes, { TransferSyntaxUID: layout.transferSyntaxUID, inflater });
      transferSyntaxUID = layout.transferSyntaxUID;
    } else {
      ds = dicomParser.parseDicom(bytes, { inflater });
      transferSyntaxUID = str(ds, 'x00020010');
    }
  } catch (error) {
    throw new DicomInputError(fileName, describeParseError(error));
  }

  if (!transferSyntaxUID) throw new DicomInputError(fileName, 'the file meta information names no transfer syntax');
  if (UNSUPPORTED_TRANSFER_SYNTAXES[transferSyntaxUID]) {
    throw new DicomInputError(fileName, `unsupported transfer syntax: ${transferSyntaxName(transferSyntaxUID)} (${transferSyntaxUID})`);
  }
  if (!TRANSFER_SYNTAXES[transferSyntaxUID]) {
    throw new DicomInputError(fileName, `unsupported transfer syntax ${transferSyntaxUID}`);
  }

  const info = readInfo(ds, fileName, transferSyntaxUID);
  checkPixelData(ds, info, fileName);
  if (!info.sopInstanceUID) info.sopInstanceUID = `radcase.local.${fileName}`;
  if (!info.seriesInstanceUID) info.seriesInstanceUID = `radcase.local.series.${fileName}`;
  if (!info.studyInstanceUID) info.studyInstanceUID = 'radcase.local.study';

  let normalised: ReturnType<typeof normaliseForDecoders>;
  try {
    normalised = normaliseForDecoders(ds, info);
  } catch (error) {
    throw new DicomInputError(fileName, `the image cannot be prepared for decoding: ${error instanceof Error ? error.message : String(error)}`);
  }
  info.decodedTransferSyntaxUID = normalised.transferSyntaxUID;
  info.photometricInterpretation = normalised.photometricInterpretation;
  let part10 = normalised.bytes ?? bytes;
  if (layout.kind === 'raw-dataset') {
    part10 = wrapAsPart10(part10, info.decodedTransferSyntaxUID, info.sopClassUID || '1.2.840.10008.5.1.4.1.1.7', info.sopInstanceUID);
  }
  return { info, part10 };
}
