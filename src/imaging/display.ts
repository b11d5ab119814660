// Pure display logic: window presets, orientation markers and the scale bar. No DOM, no Cornerstone.

export interface VoiRange {
  lower: number;
  upper: number;
}

export interface WindowLevel {
  width: number;
  center: number;
}

// DICOM's linear VOI function (PS3.3 C.11.2.1.2): values up to c − 0.5 − (w − 1)/2 show black,
// values from c − 0.5 + (w − 1)/2 show white. Cornerstone's voiRange holds those two bounds.
export const toWindowLevel = ({ lower, upper }: VoiRange): WindowLevel => ({ width: upper - lower + 1, center: (upper + lower + 1) / 2 });
export const toVoiRange = ({ width, center }: WindowLevel): VoiRange => ({ lower: center - 0.5 - (width - 1) / 2, upper: center - 0.5 + (width - 1) / 2 });

/** Summary of an image's modality values, enough to choose a window from the data. */
export interface PixelStats {
  min: number;
  max: number;
  /** Values at the 1st, 50th and 99.5th percentiles. */
  p01: number;
  p50: number;
  p995: number;
}

/** Computes value statistics from modality pixel values (a sample is enough for big images). */
export function pixelStats(values: ArrayLike<number>, maxSamples = 262_144): PixelStats {
  const step = Math.max(1, Math.floor(values.length / maxSamples));
  // A typed array sorts numerically in native code: several times faster than number[] with a comparator.
  const sample = new Float64Array(Math.ceil(values.length / step));
  for (let i = 0, j = 0; i < values.length; i += step, j++) sample[j] = values[i];
  sample.sort();
  const at = (q: number) => sample[Math.min(sample.length - 1, Math.max(0, Math.round(q * (sample.length - 1))))];
  return { min: sample[0], max: sample[sample.length - 1], p01: at(0.01), p50: at(0.5), p995: at(0.995) };
}

export type PresetId = 'default' | 'auto' | 'bone' | 'soft-tissue' | 'lung' | 'brain' | 'full';

export interface WindowPreset {
  id: PresetId;
  /** Key into the UI strings for the button label. */
  label: string;
  voi: VoiRange;
}

/**
 * The window presets offered for a modality. CT presets are in Hounsfield units; radiograph
 * presets are read from the image's own values (their scale is the detector's, not physical);
 * MR, NM and anything else get an automatic window from the data.
 */
export function windowPresets(modality: string, stats: PixelStats, fileWindow: VoiRange | null): WindowPreset[] {
  const presets: WindowPreset[] = [];
  if (fileWindow) presets.push({ id: 'default', label: 'preset.default', voi: fileWindow });
  const auto = { lower: stats.p01, upper: Math.max(stats.p995, stats.p01 + 1) };
  presets.push({ id: 'auto', label: 'preset.auto', voi: auto });
  const span = auto.upper - auto.lower;
  switch (modality) {
    case 'CT':
      presets.push(
        { id: 'bone', label: 'preset.bone', voi: toVoiRange({ width: 2000, center: 500 }) },
        { id: 'soft-tissue', label: 'preset.softTissue', voi: toVoiRange({ width: 400, center: 40 }) },
        { id: 'lung', label: 'preset.lung', voi: toVoiRange({ width: 1500, center: -600 }) },
        { id: 'brain', label: 'preset.brain', voi: toVoiRange({ width: 80, center: 40 }) },
      );
      break;
    case 'CR':
    case 'DX':
    case 'RF':
    case 'XA':
    case 'MG':
      // Radiographs: bone is the upper part of the value range, soft tissue the middle.
      presets.push(
        { id: 'bone', label: 'preset.bone', voi: { lower: auto.lower + 0.35 * span, upper: auto.upper } },
        { id: 'soft-tissue', label: 'preset.softTissue', voi: { lower: auto.lower, upper: auto.lower + 0.6 * span } },
      );
      break;
    default:
      break;
  }
  presets.push({ id: 'full', label: 'preset.full', voi: { lower: stats.min, upper: Math.max(stats.max, stats.min + 1) } });
  return presets;
}

type Axis = 'L' | 'R' | 'P' | 'A' | 'H' | 'F';
const OPPOSITE: Record<Axis, Axis> = { L: 'R', R: 'L', P: 'A', A: 'P', H: 'F', F: 'H' };

/** Patient-axis letters of a direction in LPS space, strongest component first (up to two). */
export function directionLabel(v: [number, number, number]): string {
  const letters: [number, Axis][] = [
    [v[0], v[0] > 0 ? 'L' : 'R'],
    [v[1], v[1] > 0 ? 'P' : 'A'],
    [v[2], v[2] > 0 ? 'H' : 'F'],
  ];
  return letters
    .filter(([c]) => Math.abs(c) > 0.25)
    .sort((a, b) => Math.abs(b[0]) - Math.abs(a[0]))
    .slice(0, 2)
    .map(([, l]) => l)
    .join('');
}

const oppositeLabel = (label: string) =>
  label
    .split('')
    .map((c) => OPPOSITE[c as Axis] ?? c)
    .join('');

export interface OrientationMarkers {
  top: string;
  bottom: string;
  left: string;
  right: string;
}

export type Vec3 = [number, number, number];

/**
 * Labels for the four screen edges from where the screen's right and down directions point in
 * the viewport's world space. With ImageOrientationPatient the world is the patient's (LPS);
 * without it, the world's x and y are the image's column and row directions, named by
 * PatientOrientation. Rotation and flips are already in the two vectors, so any combination works.
 */
export function markersFromScreenAxes(
  screenRight: Vec3,
  screenDown: Vec3,
  patient: { hasIop: true } | { hasIop: false; rightward: string; downward: string },
): OrientationMarkers | null {
  const unit = (v: Vec3): Vec3 => {
    const n = Math.hypot(v[0], v[1], v[2]) || 1;
    return [v[0] / n, v[1] / n, v[2] / n];
  };
  const label = (raw: Vec3): string => {
    const v = unit(raw);
    if (patient.hasIop) return directionLabel(v);
    const horizontal = Math.abs(v[0]) >= Math.abs(v[1]);
    const base = horizontal ? patient.rightward : patient.downward;
    const positive = horizontal ? v[0] > 0 : v[1] > 0;
    return positive ? base : oppositeLabel(base);
  };
  const right = label(screenRight);
  const down = label(screenDown);
  if (!right || !down) return null;
  return { right, left: oppositeLabel(right), bottom: down, top: oppositeLabel(down) };
}

/** Row and column directions from ImageOrientationPatient. */
export function directionsFromIop(iop: readonly number[]): { rightward: string; downward: string } {
  return {
    rightward: directionLabel([iop[0], iop[1], iop[2]]),
    downward: directionLabel([iop[3], iop[4], iop[5]]),
  };
}

/** Row and column directions from PatientOrientation (0020,0020), e.g. "L\F" for an AP radiograph. */
export function directionsFromPatientOrientation(value: string): { rightward: string; downward: string } | null {
  const parts = value.split('\\').map((p) => p.trim().toUpperCase());
  if (parts.length !== 2 || !parts.every((p) => /^[LRAPHF]{1,3}$/.test(p))) return null;
  return { rightward: parts[0], downward: parts[1] };
}

export interface ScaleBar {
  /** Length on screen in CSS pixels. */
  pixels: number;
  millimetres: number;
  label: string;
}

/** Picks a round length (1, 2 or 5 × 10ⁿ mm) that fits within `maxPixels` on screen. */
export function scaleBar(mmPerScreenPixel: number, maxPixels: number): ScaleBar | null {
  if (!(mmPerScreenPixel > 0) || !(maxPixels > 0)) return null;
  const maxMm = mmPerScreenPixel * maxPixels;
  const exponent = Math.floor(Math.log10(maxMm));
  let best = 0;
  for (let e = exponent - 1; e <= exponent; e++) {
    for (const m of [1, 2, 5]) {
      const mm = m * 10 ** e;
      if (mm <= maxMm && mm > best) best = mm;
    }
  }
  if (best === 0) return null;
  const label = best >= 10 ? `${best / 10} cm` : `${Number(best.toPrecision(3))} mm`;
  return { pixels: best / mmPerScreenPixel, millimetres: best, label };
}

/** "W 400 L 40" with sensible precision for the value range. */
export function formatWindowLevel({ width, center }: WindowLevel): string {
  const digits = Math.abs(width) < 10 ? 2 : 0;
  return `W ${width.toFixed(digits)} L ${center.toFixed(digits)}`;
}
