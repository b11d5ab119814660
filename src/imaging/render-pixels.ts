// Turns an image's stored values into the RGBA a viewer shows for a window, the way the viewport
// draws it, so a PNG export looks like the screen but at the image's own resolution. Pure.

export interface GreyscaleDisplay {
  /** Values before the modality LUT are multiplied by slope and offset by intercept. */
  slope: number;
  intercept: number;
  /** The window in modality units: values at or below lower are black, at or above upper white. */
  voi: { lower: number; upper: number };
  /** Show low values white (the user's invert, or MONOCHROME1 — both together cancel). */
  invert: boolean;
  /** A colour map as [position 0…1, r, g, b 0…1] stops, ascending; absent for grey. */
  colormap?: readonly (readonly [number, number, number, number])[];
}

/** The 256 RGB entries of a colour map, linear between its stops. */
export function colormapTable(stops: readonly (readonly [number, number, number, number])[]): Uint8ClampedArray {
  const table = new Uint8ClampedArray(256 * 3);
  for (let i = 0; i < 256; i++) {
    const p = i / 255;
    let k = 0;
    while (k < stops.length - 2 && stops[k + 1][0] < p) k++;
    const [p0, r0, g0, b0] = stops[k];
    const [p1, r1, g1, b1] = stops[Math.min(k + 1, stops.length - 1)];
    const f = p1 > p0 ? Math.min(1, Math.max(0, (p - p0) / (p1 - p0))) : 0;
    table[i * 3] = Math.round((r0 + (r1 - r0) * f) * 255);
    table[i * 3 + 1] = Math.round((g0 + (g1 - g0) * f) * 255);
    table[i * 3 + 2] = Math.round((b0 + (b1 - b0) * f) * 255);
  }
  return table;
}

/** RGBA bytes (width × height × 4) of greyscale stored values shown through a window. */
export function greyscaleToRgba(values: ArrayLike<number>, display: GreyscaleDisplay): Uint8ClampedArray {
  const { slope, intercept, voi, invert } = display;
  const out = new Uint8ClampedArray(values.length * 4);
  const width = Math.max(voi.upper - voi.lower, 1e-9);
  const table = display.colormap ? colormapTable(display.colormap) : null;
  for (let i = 0; i < values.length; i++) {
    const modality = values[i] * slope + intercept;
    let grey = Math.round(Math.min(1, Math.max(0, (modality - voi.lower) / width)) * 255);
    if (invert) grey = 255 - grey;
    const o = i * 4;
    if (table) {
      out[o] = table[grey * 3];
      out[o + 1] = table[grey * 3 + 1];
      out[o + 2] = table[grey * 3 + 2];
    } else {
      out[o] = out[o + 1] = out[o + 2] = grey;
    }
    out[o + 3] = 255;
  }
  return out;
}

/** RGBA bytes of colour pixels stored as RGB or RGBA triplets (already decoded to RGB). */
export function colourToRgba(values: ArrayLike<number>, pixels: number, invert: boolean): Uint8ClampedArray {
  const samples = values.length / pixels;
  const out = new Uint8ClampedArray(pixels * 4);
  for (let i = 0; i < pixels; i++) {
    for (let c = 0; c < 3; c++) {
      const v = values[i * samples + c];
      out[i * 4 + c] = invert ? 255 - v : v;
    }
    out[i * 4 + 3] = 255;
  }
  return out;
}
