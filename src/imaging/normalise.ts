// Rewrites the few things in a parsed DICOM data set that Cornerstone's decoders would misread
// (a transfer syntax that contradicts the codestream, RGB JPEG without colour-transform markers,
// JPEG-LS colour without interleaving, segmented palettes, uncompressed YBR_FULL_422), so what they
// decode is what the file means. Pure: no DOM, no Cornerstone.
import type * as dicomParser from 'dicom-parser';
import { decodeJpegDct } from './jpeg-dct';
import { readJpegFrame, type JpegFrameHeader } from './jpeg-markers';

type DataSet = dicomParser.DataSet;
type Element = dicomParser.Element;

/** Replace bytes [start, end) of the stream with `bytes` (an insertion when start === end). */
interface Patch {
  start: number;
  end: number;
  bytes: Uint8Array;
}

interface Encoding {
  explicit: boolean;
  littleEndian: boolean;
}

export interface Normalisation {
  /** The stream with every patch applied, or null when nothing needed changing. */
  bytes: Uint8Array | null;
  transferSyntaxUID: string;
  photometricInterpretation: string;
  /** What was changed, for the curious (and for tests). */
  changes: string[];
}

const IMPLICIT_LE = '1.2.840.10008.1.2';
const EXPLICIT_LE = '1.2.840.10008.1.2.1';
const EXPLICIT_BE = '1.2.840.10008.1.2.2';
const DEFLATED = '1.2.840.10008.1.2.1.99';
const JPEG_BASELINE = '1.2.840.10008.1.2.4.50';
const JPEG_EXTENDED = '1.2.840.10008.1.2.4.51';
const JPEG_PROGRESSIVE = '1.2.840.10008.1.2.4.55';
const JPEG_LOSSLESS = '1.2.840.10008.1.2.4.57';
const JPEG_LOSSLESS_SV1 = '1.2.840.10008.1.2.4.70';
const JPEG_LS = new Set(['1.2.840.10008.1.2.4.80', '1.2.840.10008.1.2.4.81']);
const JPEG_DCT = new Set([JPEG_BASELINE, JPEG_EXTENDED, JPEG_PROGRESSIVE]);
const JPEG_LOSSLESS_SYNTAXES = new Set([JPEG_LOSSLESS, JPEG_LOSSLESS_SV1]);

/** VRs whose explicit header has 2 reserved bytes and a 32-bit length. */
const LONG_VRS = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'SV', 'UC', 'UN', 'UR', 'UT', 'UV']);

const tagNumber = (key: string) => parseInt(key.slice(1), 16);

function encodeElement(tag: number, vr: string, value: Uint8Array, encoding: Encoding): Uint8Array {
  const padded = value.length % 2 ? concat([value, new Uint8Array([vr === 'UI' || vr === 'OB' ? 0 : 0x20])]) : value;
  const long = !encoding.explicit || LONG_VRS.has(vr);
  const headerLength = encoding.explicit ? (long ? 12 : 8) : 8;
  const out = new Uint8Array(headerLength + padded.length);
  const view = new DataView(out.buffer);
  const le = encoding.littleEndian;
  view.setUint16(0, tag >>> 16, le);
  view.setUint16(2, tag & 0xffff, le);
  if (!encoding.explicit) view.setUint32(4, padded.length, le);
  else {
    out[4] = vr.charCodeAt(0);
    out[5] = vr.charCodeAt(1);
    if (long) view.setUint32(8, padded.length, le);
    else view.setUint16(6, padded.length, le);
  }
  out.set(padded, headerLength);
  return out;
}

/** The parts, one after another, in one new array. */
export function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const headerStart = (element: Element, encoding: Encoding) =>
  element.dataOffset - (encoding.explicit && LONG_VRS.has(element.vr ?? '') ? 12 : 8);

function applyPatches(bytes: Uint8Array, patches: Patch[]): Uint8Array {
  const sorted = [...patches].sort((a, b) => a.start - b.start || a.end - b.end);
  const parts: Uint8Array[] = [];
  let at = 0;
  for (const patch of sorted) {
    if (patch.start < at) throw new Error('overlapping data set patches');
    parts.push(bytes.subarray(at, patch.start), patch.bytes);
    at = patch.end;
  }
  parts.push(bytes.subarray(at));
  return concat(parts);
}

const text = (value: string) => Uint8Array.from(value, (c) => c.charCodeAt(0));

function uint16s(values: ArrayLike<number>, littleEndian: boolean): Uint8Array {
  const out = new Uint8Array(values.length * 2);
  const view = new DataView(out.buffer);
  for (let i = 0; i < values.length; i++) view.setUint16(i * 2, values[i], littleEndian);
  return out;
}

/** Collects the edits to one data set and applies them at the end, keeping the meta group consistent. */
class DataSetEditor {
  private patches: Patch[] = [];
  private metaDelta = 0;
  readonly changes: string[] = [];

  constructor(
    private readonly ds: DataSet,
    private readonly encoding: Encoding,
  ) {}

  get edited() {
    return this.patches.length > 0;
  }

  /** Sets a top-level element, replacing it when present and inserting it in tag order when not. */
  set(key: string, vr: string, value: Uint8Array) {
    const isMeta = key.startsWith('x0002');
    const encoding = isMeta ? { explicit: true, littleEndian: true } : this.encoding;
    const encoded = encodeElement(tagNumber(key), vr, value, encoding);
    const existing = this.ds.elements[key];
    let patch: Patch;
    if (existing) {
      const start = headerStart(existing, encoding);
      patch = { start, end: existing.dataOffset + existing.length, bytes: encoded };
    } else {
      const groupEnd = isMeta ? 0x0002ffff : 0xffffffff;
      const next = Object.keys(this.ds.elements)
        .filter((k) => tagNumber(k) > tagNumber(key) && tagNumber(k) <= groupEnd)
        .sort()[0];
      const at = next ? headerStart(this.ds.elements[next], isMeta ? encoding : this.encoding) : this.ds.byteArray.length;
      patch = { start: at, end: at, bytes: encoded };
    }
    if (isMeta) this.metaDelta += patch.bytes.length - (patch.end - patch.start);
    this.patches.push(patch);
  }

  /** Rewrites bytes in place (same length), e.g. inside a compressed frame. */
  overwrite(position: number, bytes: Uint8Array) {
    this.patches.push({ start: position, end: position + bytes.length, bytes });
  }

  result(): Uint8Array | null {
    const groupLength = this.ds.elements.x00020000;
    if (this.metaDelta !== 0 && groupLength && groupLength.length === 4) {
      const value = new Uint8Array(4);
      new DataView(value.buffer).setUint32(0, (this.ds.uint32('x00020000') ?? 0) + this.metaDelta, true);
      this.patches.push({ start: groupLength.dataOffset, end: groupLength.dataOffset + 4, bytes: value });
    }
    return this.edited ? applyPatches(this.ds.byteArray, this.patches) : null;
  }
}

interface Span {
  position: number;
  length: number;
}

/** The byte ranges of each compressed frame: a new frame starts at each fragment that opens with a JPEG SOI. */
function jpegFrames(ds: DataSet): Span[][] {
  const fragments = ds.elements.x7fe00010?.fragments ?? [];
  const frames: Span[][] = [];
  for (const fragment of fragments) {
    const startsFrame = ds.byteArray[fragment.position] === 0xff && ds.byteArray[fragment.position + 1] === 0xd8;
    if (startsFrame || frames.length === 0) frames.push([]);
    frames[frames.length - 1].push({ position: fragment.position, length: fragment.length });
  }
  return frames;
}

const readFrameHeader = (ds: DataSet, frame: Span[]) => readJpegFrame(ds.byteArray, frame);

/** The JPEG transfer syntax that matches a codestream's frame type, when the declared one cannot decode it. */
function syntaxForCodestream(declared: string, header: JpegFrameHeader): string | null {
  const lossless = header.sof === 0xc3;
  if (JPEG_LOSSLESS_SYNTAXES.has(declared) && !lossless && header.sof >= 0xc0 && header.sof <= 0xc2) {
    return header.sof === 0xc0 ? JPEG_BASELINE : header.sof === 0xc1 ? JPEG_EXTENDED : JPEG_PROGRESSIVE;
  }
  if (JPEG_DCT.has(declared) && lossless) return header.predictor === 1 ? JPEG_LOSSLESS_SV1 : JPEG_LOSSLESS;
  return null;
}

/**
 * A segmented palette LUT (PS3.3 C.7.9.2) expanded to its plain entries. Segments: discrete (0)
 * copies values, linear (1) ramps from the previous value, indirect (2) replays earlier segments.
 */
export function expandSegmentedLut(words: ArrayLike<number>, entries: number): number[] {
  const out: number[] = [];
  const run = (start: number, end: number, maxSegments = Infinity) => {
    let at = start;
    for (let segment = 0; at < end && segment < maxSegments; segment++) {
      const opcode = words[at];
      const length = words[at + 1];
      if (opcode === 0) {
        for (let i = 0; i < length; i++) out.push(words[at + 2 + i]);
        at += 2 + length;
      } else if (opcode === 1) {
        const from = out.length ? out[out.length - 1] : 0;
        const to = words[at + 2];
        for (let i = 1; i <= length; i++) out.push(Math.round(from + ((to - from) * i) / length));
        at += 3;
      } else if (opcode === 2) {
        const offset = words[at + 2] | (words[at + 3] << 16);
        if (offset >= at) throw new Error('a segmented palette refers forward');
        run(offset, end, length);
        at += 4;
      } else {
        throw new Error(`unknown segment type ${opcode} in a segmented palette`);
      }
    }
  };
  run(0, words.length);
  if (out.length < entries) throw new Error(`the segmented palette expands to ${out.length} entries where ${entries} are declared`);
  return out.slice(0, entries);
}

function expandSegmentedPalettes(ds: DataSet, editor: DataSetEditor, encoding: Encoding) {
  if (!ds.elements.x00281221 || ds.elements.x00281201) return;
  const colours = [
    ['x00281101', 'x00281221', 'x00281201'],
    ['x00281102', 'x00281222', 'x00281202'],
    ['x00281103', 'x00281223', 'x00281203'],
  ];
  for (const [descriptorKey, segmentedKey, plainKey] of colours) {
    const segmented = ds.elements[segmentedKey];
    if (!segmented || !ds.elements[descriptorKey]) return;
    const entries = ds.uint16(descriptorKey, 0) || 65536;
    const bits = ds.uint16(descriptorKey, 2) ?? 16;
    const view = new DataView(ds.byteArray.buffer, ds.byteArray.byteOffset + segmented.dataOffset, segmented.length);
    const words =
      bits === 8
        ? ds.byteArray.subarray(segmented.dataOffset, segmented.dataOffset + segmented.length)
        : Uint16Array.from({ length: segmented.length >> 1 }, (_, i) => view.getUint16(i * 2, encoding.littleEndian));
    const lut = expandSegmentedLut(words, entries);
    // The plain table replaces the segmented one where it stood; 16-bit words either way.
    editor.set(plainKey, 'OW', uint16s(lut, encoding.littleEndian));
  }
  editor.changes.push('expanded the segmented palette colour tables');
}

/** YBR_FULL_422 on disk holds Y1 Y2 Cb Cr for each pixel pair; the decoders want 3 samples per pixel. */
function expandYbrFull422(ds: DataSet, editor: DataSetEditor, encoding: Encoding, rows: number, columns: number, frames: number): boolean {
  const pixel = ds.elements.x7fe00010;
  // Big endian OW would hold the samples byte-swapped in words: not handled, left as it is.
  if (!pixel || ds.uint16('x00280100') !== 8 || !encoding.littleEndian) return false;
  const rowBytes = Math.ceil(columns / 2) * 4;
  const source = ds.byteArray.subarray(pixel.dataOffset, pixel.dataOffset + pixel.length);
  const out = new Uint8Array(rows * columns * 3 * frames);
  let from = 0;
  let to = 0;
  for (let line = 0; line < rows * frames; line++) {
    const rowStart = from;
    for (let x = 0; x < columns; x += 2) {
      const [y1, y2, cb, cr] = [source[from], source[from + 1], source[from + 2], source[from + 3]];
      out[to++] = y1;
      out[to++] = cb;
      out[to++] = cr;
      if (x + 1 < columns) {
        out[to++] = y2;
        out[to++] = cb;
        out[to++] = cr;
      }
      from += 4;
    }
    from = rowStart + rowBytes;
  }
  editor.set('x7fe00010', 'OB', out);
  editor.set('x00280004', 'CS', text('YBR_FULL'));
  editor.set('x00280006', 'US', uint16s([0], true));
  editor.changes.push('expanded YBR_FULL_422 pixel pairs to YBR_FULL pixels');
  return true;
}

/**
 * 12-bit DCT JPEG frames decoded here and stored as native 16-bit samples (Explicit VR LE):
 * Cornerstone 5.14's 12-bit JPEG decoder adds a bias of about 15 to every value.
 */
function transcodeTwelveBitJpeg(ds: DataSet, editor: DataSetEditor, frames: Span[][], input: NormaliseInput) {
  const bitsStored = ds.uint16('x00280101') ?? 12;
  const signed = ds.uint16('x00280103') === 1;
  if (frames.length < input.numberOfFrames) {
    throw new Error(`the JPEG data holds ${frames.length} frames where ${input.numberOfFrames} are declared`);
  }
  const perFrame = input.rows * input.columns * input.samplesPerPixel;
  const out = new Uint8Array(perFrame * 2 * input.numberOfFrames);
  const view = new DataView(out.buffer);
  for (let f = 0; f < input.numberOfFrames; f++) {
    const decoded = decodeJpegDct(concat(frames[f].map((s) => ds.byteArray.subarray(s.position, s.position + s.length))));
    if (decoded.width !== input.columns || decoded.height !== input.rows || decoded.componentCount !== input.samplesPerPixel) {
      throw new Error(
        `frame ${f + 1} decodes to ${decoded.width}×${decoded.height}×${decoded.componentCount} where the file declares ` +
          `${input.columns}×${input.rows}×${input.samplesPerPixel}`,
      );
    }
    const signBit = 1 << (bitsStored - 1);
    const mask = (1 << bitsStored) - 1;
    for (let i = 0; i < perFrame; i++) {
      const value = decoded.samples[i] & mask;
      view.setInt16((f * perFrame + i) * 2, signed && value & signBit ? value - (mask + 1) : value, true);
    }
  }
  editor.set('x7fe00010', 'OW', out);
  editor.set('x00020010', 'UI', text(EXPLICIT_LE));
  editor.changes.push('decoded the 12-bit JPEG frames to native samples');
}

/** Bytes of native YBR_FULL_422 pixel data: two samples per pixel (Y for each, Cb and Cr shared by a pair). */
export const ybrFull422Bytes = (rows: number, columns: number, frames: number) => Math.ceil(columns / 2) * 4 * rows * frames;

export interface NormaliseInput {
  transferSyntaxUID: string;
  photometricInterpretation: string;
  samplesPerPixel: number;
  rows: number;
  columns: number;
  numberOfFrames: number;
}

/** Works out and applies every normalisation the data set needs. */
export function normaliseForDecoders(ds: DataSet, input: NormaliseInput): Normalisation {
  let { transferSyntaxUID, photometricInterpretation } = input;
  const encoding: Encoding = {
    explicit: transferSyntaxUID !== IMPLICIT_LE,
    littleEndian: transferSyntaxUID !== EXPLICIT_BE,
  };
  const editor = new DataSetEditor(ds, encoding);
  const littleEndianUs = (value: number) => uint16s([value], encoding.littleEndian);

  const frames = JPEG_DCT.has(transferSyntaxUID) || JPEG_LOSSLESS_SYNTAXES.has(transferSyntaxUID) || JPEG_LS.has(transferSyntaxUID) ? jpegFrames(ds) : [];
  const first = frames.length ? readFrameHeader(ds, frames[0]) : null;

  if (first) {
    const matching = syntaxForCodestream(transferSyntaxUID, first);
    if (matching) {
      editor.changes.push(`the codestream is ${matching}, not ${transferSyntaxUID} as declared`);
      transferSyntaxUID = matching;
      if (ds.elements.x00020010) editor.set('x00020010', 'UI', text(matching));
    }
  }

  // PS3.5 8.2.1: RGB means the JPEG components were not colour-transformed. Decoders guess from
  // markers and component ids, and guess YCbCr without them; ids 'R','G','B' tell them the truth.
  if (first && JPEG_DCT.has(transferSyntaxUID) && photometricInterpretation === 'RGB' && first.components.length === 3) {
    let relabelled = 0;
    for (const frame of frames) {
      const header = readFrameHeader(ds, frame);
      if (!header || header.jfif || header.adobeTransform !== null || header.components.length !== 3) continue;
      const ids = [0x52, 0x47, 0x42];
      if (header.components.every((c, i) => c.id === ids[i])) continue;
      header.components.forEach((c, i) => editor.overwrite(c.idPosition, new Uint8Array([ids[i]])));
      for (const scan of header.scans) {
        for (const ref of scan) {
          const index = header.components.findIndex((c) => c.id === ref.id);
          if (index >= 0) editor.overwrite(ref.idPosition, new Uint8Array([ids[index]]));
        }
      }
      relabelled++;
    }
    if (relabelled) editor.changes.push('marked the RGB JPEG components as untransformed');
  }

  if (first && JPEG_DCT.has(transferSyntaxUID) && first.precision > 8 && (first.sof === 0xc0 || first.sof === 0xc1)) {
    transcodeTwelveBitJpeg(ds, editor, frames, input);
    transferSyntaxUID = EXPLICIT_LE;
  }

  // JPEG-LS colour without interleaving (ILV=0) decodes to one plane per colour.
  if (first && JPEG_LS.has(transferSyntaxUID) && input.samplesPerPixel === 3 && first.lsInterleave !== null) {
    const planar = first.lsInterleave === 0 ? 1 : 0;
    if ((ds.uint16('x00280006') ?? 0) !== planar) {
      editor.set('x00280006', 'US', littleEndianUs(planar));
      editor.changes.push(`JPEG-LS interleave mode ${first.lsInterleave}: planar configuration ${planar}`);
    }
  }

  if (photometricInterpretation === 'PALETTE COLOR') expandSegmentedPalettes(ds, editor, encoding);

  const native = !ds.elements.x7fe00010?.encapsulatedPixelData;
  if (native && photometricInterpretation === 'YBR_FULL_422' && input.samplesPerPixel === 3) {
    if (expandYbrFull422(ds, editor, encoding, input.rows, input.columns, input.numberOfFrames)) photometricInterpretation = 'YBR_FULL';
  }

  // Patches address the inflated stream, so a deflated file leaves here as plain Explicit VR LE.
  if (editor.edited && transferSyntaxUID === DEFLATED) {
    transferSyntaxUID = EXPLICIT_LE;
    editor.set('x00020010', 'UI', text(EXPLICIT_LE));
  }
  return { bytes: editor.result(), transferSyntaxUID, photometricInterpretation, changes: editor.changes };
}
