import { describe, expect, test } from 'vitest';
import { colormapTable, colourToRgba, greyscaleToRgba } from '../../src/imaging/render-pixels';

describe('rendering stored values for a PNG export', () => {
  test('a window maps its lower edge to black, its upper edge to white, linearly between', () => {
    // Stored 0…400 with slope 2, intercept -100: modality -100…700; window 100…500.
    const rgba = greyscaleToRgba([0, 100, 200, 300, 400], { slope: 2, intercept: -100, voi: { lower: 100, upper: 500 }, invert: false });
    expect([...rgba.filter((_, i) => i % 4 === 0)]).toEqual([0, 0, 128, 255, 255]);
    expect([...rgba.filter((_, i) => i % 4 === 3)]).toEqual([255, 255, 255, 255, 255]);
  });

  test('invert shows low values white', () => {
    const rgba = greyscaleToRgba([0, 50, 100], { slope: 1, intercept: 0, voi: { lower: 0, upper: 100 }, invert: true });
    expect([rgba[0], rgba[4], rgba[8]]).toEqual([255, 127, 0]);
  });

  test('a colour map colours the windowed grey', () => {
    const stops = [
      [0, 0, 0, 0],
      [0.5, 1, 0, 0],
      [1, 1, 1, 1],
    ] as const;
    const table = colormapTable(stops);
    expect([...table.slice(0, 3)]).toEqual([0, 0, 0]);
    expect([...table.slice(255 * 3)]).toEqual([255, 255, 255]);
    const rgba = greyscaleToRgba([50], { slope: 1, intercept: 0, voi: { lower: 0, upper: 100 }, invert: false, colormap: stops });
    // Grey 128 sits just past the red stop, on the way to white.
    expect(rgba[0]).toBe(255);
    expect(rgba[1]).toBeGreaterThan(0);
    expect(rgba[1]).toBeLessThan(10);
  });

  test('RGB and RGBA samples both come out as RGBA', () => {
    expect([...colourToRgba([10, 20, 30, 40, 50, 60], 2, false)]).toEqual([10, 20, 30, 255, 40, 50, 60, 255]);
    expect([...colourToRgba([10, 20, 30, 99], 1, true)]).toEqual([245, 235, 225, 255]);
  });
});
