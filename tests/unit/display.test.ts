import { describe, expect, test } from 'vitest';
import {
  directionLabel,
  directionsFromPatientOrientation,
  formatWindowLevel,
  markersFromScreenAxes,
  pixelStats,
  scaleBar,
  toVoiRange,
  toWindowLevel,
  windowPresets,
} from '../../src/imaging/display';

describe('window and level', () => {
  test('follows DICOM linear VOI: W 400 L 40 shows -160 (black) to 239 (white)', () => {
    expect(toVoiRange({ width: 400, center: 40 })).toEqual({ lower: -160, upper: 239 });
    expect(toWindowLevel({ lower: -160, upper: 239 })).toEqual({ width: 400, center: 40 });
  });

  test('formats with precision suited to the range', () => {
    expect(formatWindowLevel({ width: 400, center: 40 })).toBe('W 400 L 40');
    expect(formatWindowLevel({ width: 2.5, center: 1.25 })).toBe('W 2.50 L 1.25');
  });

  test('statistics come from the values, not their order', () => {
    const values = Array.from({ length: 1001 }, (_, i) => (i * 37) % 1001);
    const s = pixelStats(values);
    expect(s.min).toBe(0);
    expect(s.max).toBe(1000);
    expect(s.p50).toBe(500);
    expect(s.p01).toBe(10);
  });
});

describe('presets', () => {
  const stats = { min: 0, max: 4095, p01: 100, p50: 1500, p995: 4000 };
  test('CT gets Hounsfield presets', () => {
    const ids = windowPresets('CT', stats, null).map((p) => p.id);
    expect(ids).toEqual(['auto', 'bone', 'soft-tissue', 'lung', 'brain', 'full']);
    expect(windowPresets('CT', stats, null).find((p) => p.id === 'soft-tissue')?.voi).toEqual(toVoiRange({ width: 400, center: 40 }));
  });
  test('radiographs get bone (upper values) and soft tissue (lower values) from the image itself', () => {
    const presets = windowPresets('CR', stats, { lower: 0, upper: 4095 });
    expect(presets.map((p) => p.id)).toEqual(['default', 'auto', 'bone', 'soft-tissue', 'full']);
    const bone = presets.find((p) => p.id === 'bone')!.voi;
    const soft = presets.find((p) => p.id === 'soft-tissue')!.voi;
    expect(bone.upper).toBe(4000);
    expect(soft.lower).toBe(100);
    expect(bone.lower).toBeGreaterThan(soft.lower);
  });
  test('MR and NM windows come from the data', () => {
    expect(windowPresets('MR', stats, null).map((p) => p.id)).toEqual(['auto', 'full']);
    expect(windowPresets('NM', stats, null)[0].voi).toEqual({ lower: 100, upper: 4000 });
  });
});

describe('orientation markers', () => {
  test('name LPS directions by their strongest components', () => {
    expect(directionLabel([1, 0, 0])).toBe('L');
    expect(directionLabel([0, -1, 0])).toBe('A');
    expect(directionLabel([0, 0.6, -0.8])).toBe('FP');
  });
  test('an axial image shown plainly has A at the top and L on the right', () => {
    expect(markersFromScreenAxes([0.3, 0, 0], [0, 0.3, 0], { hasIop: true })).toEqual({ top: 'A', bottom: 'P', left: 'R', right: 'L' });
  });
  test('a radiograph with PatientOrientation L\\F rotated a quarter turn clockwise', () => {
    const po = directionsFromPatientOrientation('L\\F')!;
    // After a clockwise quarter turn, screen-right points along the image's -y and screen-down along +x.
    expect(markersFromScreenAxes([0, -2, 0], [2, 0, 0], { hasIop: false, ...po })).toEqual({ right: 'H', left: 'F', bottom: 'L', top: 'R' });
  });
  test('rejects a malformed PatientOrientation', () => {
    expect(directionsFromPatientOrientation('X\\Y')).toBeNull();
    expect(directionsFromPatientOrientation('L')).toBeNull();
  });
});

describe('scale bar', () => {
  test('picks the longest 1-2-5 length that fits', () => {
    expect(scaleBar(0.5, 150)).toEqual({ pixels: 100, millimetres: 50, label: '5 cm' });
    expect(scaleBar(0.05, 150)).toEqual({ pixels: 100, millimetres: 5, label: '5 mm' });
    expect(scaleBar(0.011, 150)?.label).toBe('1 mm');
  });
  test('gives nothing without calibration', () => {
    expect(scaleBar(0, 150)).toBeNull();
    expect(scaleBar(Number.NaN, 150)).toBeNull();
  });
});
