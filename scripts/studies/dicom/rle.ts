// RLE Lossless (1.2.840.10008.1.2.5) encoder for 16-bit greyscale frames (PS3.5 annex G): one PackBits segment per byte plane.

/** PackBits-encodes one row of bytes, appending to `out`. */
function packRow(row: Uint8Array, out: number[]): void {
  const n = row.length;
  let i = 0;
  while (i < n) {
    // Length of the run of equal bytes starting at i (max 128).
    let run = 1;
    while (i + run < n && run < 128 && row[i + run] === row[i]) run++;
    if (run >= 2) {
      out.push(257 - run, row[i]!);
      i += run;
      continue;
    }
    // Literal: extend until a run of at least 3 starts or 128 bytes.
    const start = i;
    let len = 0;
    while (i < n && len < 128) {
      if (i + 2 < n && row[i] === row[i + 1] && row[i] === row[i + 2]) break;
      i++;
      len++;
    }
    out.push(len - 1);
    for (let k = start; k < start + len; k++) out.push(row[k]!);
  }
}

/** Encodes a 16-bit frame (rows × columns) as an RLE Lossless fragment. */
export function encodeRle16(pixels: Uint16Array, rows: number, columns: number): Uint8Array {
  const segments: Uint8Array[] = [];
  for (const shift of [8, 0]) {
    const out: number[] = [];
    const row = new Uint8Array(columns);
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < columns; c++) row[c] = (pixels[r * columns + c]! >> shift) & 0xff;
      packRow(row, out);
    }
    if (out.length % 2 === 1) out.push(0x80); // no-op byte keeps segments even
    segments.push(Uint8Array.from(out));
  }
  const header = new DataView(new ArrayBuffer(64));
  header.setUint32(0, segments.length, true);
  let offset = 64;
  segments.forEach((s, k) => {
    header.setUint32(4 + 4 * k, offset, true);
    offset += s.length;
  });
  const result = new Uint8Array(offset);
  result.set(new Uint8Array(header.buffer), 0);
  let at = 64;
  for (const s of segments) {
    result.set(s, at);
    at += s.length;
  }
  return result;
}

/** Decodes an RLE Lossless 16-bit frame (used by the tests to check the encoder). */
export function decodeRle16(frame: Uint8Array, rows: number, columns: number): Uint16Array {
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  const count = view.getUint32(0, true);
  const out = new Uint16Array(rows * columns);
  for (let s = 0; s < count; s++) {
    const start = view.getUint32(4 + 4 * s, true);
    const end = s + 1 < count ? view.getUint32(8 + 4 * s, true) : frame.length;
    const shift = s === 0 ? 8 : 0;
    let i = start;
    let o = 0;
    while (i < end && o < out.length) {
      const h = frame[i++]!;
      if (h < 128) {
        for (let k = 0; k <= h && o < out.length; k++) out[o++]! |= frame[i++]! << shift;
      } else if (h > 128) {
        const v = frame[i++]!;
        for (let k = 0; k < 257 - h && o < out.length; k++) out[o++]! |= v << shift;
      }
    }
  }
  return out;
}
