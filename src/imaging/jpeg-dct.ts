// Decodes sequential DCT JPEG (ITU T.81 baseline and extended, Huffman coded) at 8 or 12 bits.
// Cornerstone 5.14 decodes 12-bit JPEG with a descaling error (values about 15 too high), so ingest
// uses this for 12-bit frames. Pure: no DOM.

export interface DecodedJpeg {
  width: number;
  height: number;
  precision: number;
  componentCount: number;
  /** Samples, pixel-interleaved, unsigned (level shift undone). */
  samples: Uint16Array;
}

export class JpegDecodeError extends Error {}

const ZIGZAG = Uint8Array.from([
  0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21, 28, 35, 42, 49, 56, 57,
  50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63,
]);

/** IDCT basis: BASIS[x * 8 + u] = C(u)/2 · cos((2x+1)uπ/16). */
const BASIS = (() => {
  const out = new Float64Array(64);
  for (let x = 0; x < 8; x++) {
    for (let u = 0; u < 8; u++) out[x * 8 + u] = ((u === 0 ? Math.SQRT1_2 : 1) / 2) * Math.cos(((2 * x + 1) * u * Math.PI) / 16);
  }
  return out;
})();

interface HuffmanTable {
  maxCode: Int32Array;
  valueOffset: Int32Array;
  values: Uint8Array;
}

function buildHuffman(counts: Uint8Array, values: Uint8Array): HuffmanTable {
  const maxCode = new Int32Array(18).fill(-1);
  const valueOffset = new Int32Array(17);
  let code = 0;
  let k = 0;
  for (let length = 1; length <= 16; length++) {
    const n = counts[length - 1];
    valueOffset[length] = k - code;
    if (n) {
      code += n;
      k += n;
      maxCode[length] = code - 1;
    }
    code <<= 1;
  }
  maxCode[17] = 0x7fffffff;
  return { maxCode, valueOffset, values };
}

interface Component {
  id: number;
  h: number;
  v: number;
  quantTable: number;
  blocksPerLine: number;
  blocksPerColumn: number;
  /** Decoded samples of the component, (blocksPerLine·8) × (blocksPerColumn·8). */
  plane: Int32Array;
  dcPrediction: number;
}

class BitReader {
  private bits = 0;
  private bitCount = 0;
  /** Set when a marker stops the entropy-coded data. */
  marker: number | null = null;

  constructor(
    private readonly data: Uint8Array,
    public position: number,
  ) {}

  private fill() {
    if (this.marker !== null || this.position >= this.data.length) {
      this.bits = (this.bits << 8) & 0xffffffff;
      this.bitCount += 8;
      return;
    }
    const byte = this.data[this.position];
    if (byte === 0xff) {
      const next = this.data[this.position + 1];
      if (next === 0x00) this.position += 2;
      else {
        this.marker = next;
        this.bits = (this.bits << 8) & 0xffffffff;
        this.bitCount += 8;
        return;
      }
    } else this.position++;
    this.bits = ((this.bits << 8) | byte) & 0xffffffff;
    this.bitCount += 8;
  }

  bit(): number {
    if (this.bitCount === 0) this.fill();
    this.bitCount--;
    return (this.bits >>> this.bitCount) & 1;
  }

  receive(length: number): number {
    let value = 0;
    for (let i = 0; i < length; i++) value = (value << 1) | this.bit();
    return value;
  }

  decode(table: HuffmanTable): number {
    let code = this.bit();
    let length = 1;
    while (code > table.maxCode[length]) {
      code = (code << 1) | this.bit();
      if (++length > 16) throw new JpegDecodeError('invalid Huffman code');
    }
    return table.values[table.valueOffset[length] + code];
  }

  /** Drops buffered bits and steps over the restart marker that must follow. */
  restart() {
    this.bits = 0;
    this.bitCount = 0;
    if (this.marker === null) {
      while (this.position + 1 < this.data.length && !(this.data[this.position] === 0xff && this.data[this.position + 1] >= 0xd0 && this.data[this.position + 1] <= 0xd7)) this.position++;
      this.position += 2;
    } else if (this.marker >= 0xd0 && this.marker <= 0xd7) {
      this.position += 2;
      this.marker = null;
    }
  }
}

const extend = (value: number, length: number) => (value < 1 << (length - 1) ? value - (1 << length) + 1 : value);

/** Decodes one sequential DCT JPEG codestream. */
export function decodeJpegDct(data: Uint8Array): DecodedJpeg {
  if (data[0] !== 0xff || data[1] !== 0xd8) throw new JpegDecodeError('no JPEG start-of-image marker');
  const quantTables: Int32Array[] = [];
  const dcTables: HuffmanTable[] = [];
  const acTables: HuffmanTable[] = [];
  let components: Component[] = [];
  let width = 0;
  let height = 0;
  let precision = 8;
  let restartInterval = 0;
  let maxH = 1;
  let maxV = 1;
  let position = 2;
  let sawScan = false;

  const word = (at: number) => (data[at] << 8) | data[at + 1];
  while (position + 1 < data.length) {
    if (data[position] !== 0xff) {
      position++;
      continue;
    }
    const marker = data[position + 1];
    if (marker === 0xff) {
      position++;
      continue;
    }
    if (marker === 0xd9) break;
    if ((marker >= 0xd0 && marker <= 0xd7) || marker === 0x01 || marker === 0x00) {
      position += 2;
      continue;
    }
    const length = word(position + 2);
    const segment = position + 4;
    const end = position + 2 + length;
    if (end > data.length) throw new JpegDecodeError('a marker segment runs past the end of the data');
    switch (marker) {
      case 0xdb: {
        for (let at = segment; at < end; ) {
          const wide = data[at] >> 4;
          const id = data[at] & 15;
          at++;
          const table = new Int32Array(64);
          for (let k = 0; k < 64; k++) {
            table[ZIGZAG[k]] = wide ? word(at) : data[at];
            at += wide ? 2 : 1;
          }
          quantTables[id] = table;
        }
        break;
      }
      case 0xc4: {
        for (let at = segment; at < end; ) {
          const kind = data[at] >> 4;
          const id = data[at] & 15;
          const counts = data.subarray(at + 1, at + 17);
          const total = counts.reduce((n, c) => n + c, 0);
          const table = buildHuffman(counts, data.slice(at + 17, at + 17 + total));
          (kind === 0 ? dcTables : acTables)[id] = table;
          at += 17 + total;
        }
        break;
      }
      case 0xc0:
      case 0xc1: {
        precision = data[segment];
        height = word(segment + 1);
        width = word(segment + 3);
        const count = data[segment + 5];
        if (precision !== 8 && precision !== 12) throw new JpegDecodeError(`unsupported sample precision ${precision}`);
        if (!width || !height) throw new JpegDecodeError('the frame header gives no image size');
        components = [];
        for (let i = 0; i < count; i++) {
          const at = segment + 6 + i * 3;
          components.push({
            id: data[at],
            h: data[at + 1] >> 4 || 1,
            v: data[at + 1] & 15 || 1,
            quantTable: data[at + 2],
            blocksPerLine: 0,
            blocksPerColumn: 0,
            plane: new Int32Array(0),
            dcPrediction: 0,
          });
        }
        maxH = Math.max(...components.map((c) => c.h));
        maxV = Math.max(...components.map((c) => c.v));
        const mcusPerLine = Math.ceil(width / (8 * maxH));
        const mcusPerColumn = Math.ceil(height / (8 * maxV));
        for (const c of components) {
          c.blocksPerLine = mcusPerLine * c.h;
          c.blocksPerColumn = mcusPerColumn * c.v;
          c.plane = new Int32Array(c.blocksPerLine * 8 * c.blocksPerColumn * 8);
        }
        break;
      }
      case 0xc2:
      case 0xc3:
      case 0xc5:
      case 0xc6:
      case 0xc7:
      case 0xc9:
      case 0xca:
      case 0xcb:
      case 0xcd:
      case 0xce:
      case 0xcf:
        throw new JpegDecodeError(`JPEG process SOF${marker - 0xc0} is not sequential DCT with Huffman coding`);
      case 0xdd:
        restartInterval = word(segment);
        break;
      case 0xda: {
        if (!components.length) throw new JpegDecodeError('a scan comes before the frame header');
        const count = data[segment];
        const scanComponents: { component: Component; dc: HuffmanTable; ac: HuffmanTable; quant: Int32Array }[] = [];
        for (let i = 0; i < count; i++) {
          const id = data[segment + 1 + i * 2];
          const tables = data[segment + 2 + i * 2];
          const component = components.find((c) => c.id === id);
          if (!component) throw new JpegDecodeError(`a scan names component ${id}, which the frame lacks`);
          const dc = dcTables[tables >> 4];
          const ac = acTables[tables & 15];
          const quant = quantTables[component.quantTable];
          if (!dc || !ac || !quant) throw new JpegDecodeError('a scan uses a table that was never defined');
          scanComponents.push({ component, dc, ac, quant });
        }
        const reader = new BitReader(data, end);
        decodeScan(reader, scanComponents, width, height, maxH, maxV, restartInterval, precision);
        sawScan = true;
        // Continue at the marker that ended the entropy-coded data.
        position = reader.position;
        while (position + 1 < data.length && !(data[position] === 0xff && data[position + 1] !== 0 && !(data[position + 1] >= 0xd0 && data[position + 1] <= 0xd7))) position++;
        continue;
      }
      default:
        break;
    }
    position = end;
  }
  if (!sawScan) throw new JpegDecodeError('the JPEG data holds no scan');

  const samples = new Uint16Array(width * height * components.length);
  components.forEach((c, index) => {
    const planeWidth = c.blocksPerLine * 8;
    for (let y = 0; y < height; y++) {
      const sy = Math.floor((y * c.v) / maxV);
      for (let x = 0; x < width; x++) {
        const sx = Math.floor((x * c.h) / maxH);
        samples[(y * width + x) * components.length + index] = c.plane[sy * planeWidth + sx];
      }
    }
  });
  return { width, height, precision, componentCount: components.length, samples };
}

function decodeScan(
  reader: BitReader,
  scan: { component: Component; dc: HuffmanTable; ac: HuffmanTable; quant: Int32Array }[],
  width: number,
  height: number,
  maxH: number,
  maxV: number,
  restartInterval: number,
  precision: number,
) {
  const coefficients = new Float64Array(64);
  const temp = new Float64Array(64);
  const levelShift = 1 << (precision - 1);
  const maxSample = (1 << precision) - 1;
  for (const s of scan) s.component.dcPrediction = 0;

  const decodeBlock = (s: (typeof scan)[number], blockRow: number, blockColumn: number) => {
    const { component, dc, ac, quant } = s;
    coefficients.fill(0);
    const category = reader.decode(dc);
    const diff = category ? extend(reader.receive(category), category) : 0;
    component.dcPrediction += diff;
    coefficients[0] = component.dcPrediction * quant[0];
    for (let k = 1; k < 64; ) {
      const rs = reader.decode(ac);
      const run = rs >> 4;
      const size = rs & 15;
      if (size === 0) {
        if (run !== 15) break;
        k += 16;
        continue;
      }
      k += run;
      if (k > 63) throw new JpegDecodeError('AC coefficients run past the end of a block');
      const z = ZIGZAG[k];
      coefficients[z] = extend(reader.receive(size), size) * quant[z];
      k++;
    }
    // Separable inverse DCT: rows (over u), then columns (over v).
    for (let v = 0; v < 8; v++) {
      for (let x = 0; x < 8; x++) {
        let sum = 0;
        for (let u = 0; u < 8; u++) sum += BASIS[x * 8 + u] * coefficients[v * 8 + u];
        temp[v * 8 + x] = sum;
      }
    }
    const planeWidth = component.blocksPerLine * 8;
    for (let y = 0; y < 8; y++) {
      const row = (blockRow * 8 + y) * planeWidth + blockColumn * 8;
      for (let x = 0; x < 8; x++) {
        let sum = 0;
        for (let v = 0; v < 8; v++) sum += BASIS[y * 8 + v] * temp[v * 8 + x];
        const sample = Math.round(sum) + levelShift;
        component.plane[row + x] = sample < 0 ? 0 : sample > maxSample ? maxSample : sample;
      }
    }
  };

  let mcusDone = 0;
  const afterMcu = (total: number) => {
    mcusDone++;
    if (restartInterval && mcusDone % restartInterval === 0 && mcusDone < total) {
      reader.restart();
      for (const s of scan) s.component.dcPrediction = 0;
    }
  };

  if (scan.length === 1) {
    // A non-interleaved scan covers just the component's own blocks, one block per MCU.
    const s = scan[0];
    const c = s.component;
    const columns = Math.ceil(Math.ceil((width * c.h) / maxH) / 8);
    const rows = Math.ceil(Math.ceil((height * c.v) / maxV) / 8);
    for (let row = 0; row < rows; row++) {
      for (let column = 0; column < columns; column++) {
        decodeBlock(s, row, column);
        afterMcu(rows * columns);
      }
    }
    return;
  }
  const mcusPerLine = Math.ceil(width / (8 * maxH));
  const mcusPerColumn = Math.ceil(height / (8 * maxV));
  for (let mcuRow = 0; mcuRow < mcusPerColumn; mcuRow++) {
    for (let mcuColumn = 0; mcuColumn < mcusPerLine; mcuColumn++) {
      for (const s of scan) {
        for (let v = 0; v < s.component.v; v++) {
          for (let h = 0; h < s.component.h; h++) decodeBlock(s, mcuRow * s.component.v + v, mcuColumn * s.component.h + h);
        }
      }
      afterMcu(mcusPerLine * mcusPerColumn);
    }
  }
}
