// A minimal 8-bit greyscale PNG encoder (node:zlib), for previews.
import { deflateSync } from 'node:zlib';

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'ascii');
  Buffer.from(data).copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/** Encodes an 8-bit greyscale image (row-major) as PNG. */
export function encodeGreyPng(width: number, height: number, grey: Uint8Array): Buffer {
  const raw = Buffer.alloc((width + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width + 1)] = 0;
    Buffer.from(grey.buffer, grey.byteOffset + y * width, width).copy(raw, y * (width + 1) + 1);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = 0;
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', new Uint8Array(0)),
  ]);
}

/** Windows 16-bit pixels to 8 bits (optionally inverted), downsampling by an integer box factor. */
export function windowToGrey(pixels: ArrayLike<number>, width: number, height: number, center: number, widthW: number, factor = 1, invert = false): { width: number; height: number; grey: Uint8Array } {
  const w = Math.floor(width / factor);
  const h = Math.floor(height / factor);
  const grey = new Uint8Array(w * h);
  const lo = center - widthW / 2;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let acc = 0;
      for (let dy = 0; dy < factor; dy++) for (let dx = 0; dx < factor; dx++) acc += pixels[(y * factor + dy) * width + x * factor + dx]!;
      let v = ((acc / (factor * factor) - lo) / widthW) * 255;
      v = Math.max(0, Math.min(255, v));
      grey[y * w + x] = Math.round(invert ? 255 - v : v);
    }
  }
  return { width: w, height: h, grey };
}
