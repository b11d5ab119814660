// Reads the marker segments of a JPEG, JPEG Lossless or JPEG-LS codestream (ITU T.81, T.87) far
// enough to tell how it was encoded: frame type, components, scans, colour-transform markers.
// Positions are absolute offsets in the byte array that holds the (possibly fragmented) frame.

export interface JpegComponentRef {
  id: number;
  /** Where the component id byte sits, so it can be rewritten in place. */
  idPosition: number;
}

export interface JpegFrameHeader {
  /** The SOFn marker's second byte: 0xc0 baseline, 0xc1 extended, 0xc2 progressive, 0xc3 lossless, 0xf7 JPEG-LS. */
  sof: number;
  precision: number;
  rows: number;
  columns: number;
  components: JpegComponentRef[];
  /** The components each scan codes, in order. */
  scans: JpegComponentRef[][];
  /** Lossless JPEG: the first scan's predictor (Ss). */
  predictor: number | null;
  /** JPEG-LS: the first scan's interleave mode (0 none, 1 line, 2 sample). */
  lsInterleave: number | null;
  jfif: boolean;
  /** The Adobe APP14 marker's colour transform, or null without one. */
  adobeTransform: number | null;
}

interface Span {
  position: number;
  length: number;
}

const isSof = (m: number) => (m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc) || m === 0xf7;

/** Reads the header of one frame stored in `spans` (its fragments, in order); null if it is no JPEG. */
export function readJpegFrame(bytes: Uint8Array, spans: Span[]): JpegFrameHeader | null {
  // Address the fragments as one stream; `at` maps a stream offset back to the byte array.
  const total = spans.reduce((n, s) => n + s.length, 0);
  const starts: number[] = [];
  let sum = 0;
  for (const s of spans) {
    starts.push(sum);
    sum += s.length;
  }
  const at = (offset: number) => {
    let i = starts.length - 1;
    while (i > 0 && starts[i] > offset) i--;
    return spans[i].position + offset - starts[i];
  };
  const byte = (offset: number) => (offset < total ? bytes[at(offset)] : -1);
  const word = (offset: number) => (byte(offset) << 8) | byte(offset + 1);

  if (byte(0) !== 0xff || byte(1) !== 0xd8) return null;
  const header: JpegFrameHeader = {
    sof: 0,
    precision: 0,
    rows: 0,
    columns: 0,
    components: [],
    scans: [],
    predictor: null,
    lsInterleave: null,
    jfif: false,
    adobeTransform: null,
  };
  let offset = 2;
  while (offset + 4 <= total) {
    if (byte(offset) !== 0xff) return header.sof ? header : null;
    const marker = byte(offset + 1);
    if (marker === 0xff) {
      offset++;
      continue;
    }
    if (marker === 0xd9) break;
    if ((marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      offset += 2;
      continue;
    }
    const length = word(offset + 2);
    const segment = offset + 4;
    if (isSof(marker)) {
      header.sof = marker;
      header.precision = byte(segment);
      header.rows = word(segment + 1);
      header.columns = word(segment + 3);
      const count = byte(segment + 5);
      for (let i = 0; i < count; i++) header.components.push({ id: byte(segment + 6 + i * 3), idPosition: at(segment + 6 + i * 3) });
    } else if (marker === 0xe0 && length >= 7 && word(segment) === 0x4a46 && word(segment + 2) === 0x4946 && byte(segment + 4) === 0) {
      header.jfif = true;
    } else if (marker === 0xee && length >= 14 && word(segment) === 0x4164 && word(segment + 2) === 0x6f62 && byte(segment + 4) === 0x65) {
      header.adobeTransform = byte(segment + 11);
    } else if (marker === 0xda) {
      const count = byte(segment);
      const scan: JpegComponentRef[] = [];
      for (let i = 0; i < count; i++) scan.push({ id: byte(segment + 1 + i * 2), idPosition: at(segment + 1 + i * 2) });
      if (header.scans.length === 0) {
        const afterComponents = segment + 1 + count * 2;
        if (header.sof === 0xc3) header.predictor = byte(afterComponents);
        if (header.sof === 0xf7) header.lsInterleave = byte(afterComponents + 1);
      }
      header.scans.push(scan);
      // Skip the entropy-coded data: the next marker is 0xFF followed by a byte ≥ 0x80 that is not
      // a restart marker (T.81 stuffs 0x00 after data 0xFF, T.87 stuffs a 0 bit).
      offset = segment + length - 2;
      while (offset + 1 < total) {
        if (byte(offset) === 0xff) {
          const next = byte(offset + 1);
          if (next >= 0x80 && !(next >= 0xd0 && next <= 0xd7) && next !== 0xff) break;
        }
        offset++;
      }
      continue;
    }
    offset = segment + length - 2;
  }
  return header.sof ? header : null;
}
