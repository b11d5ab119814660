import { describe, expect, test } from 'vitest';
import {
  angleDegrees,
  bidirectionalAxes,
  ellipseArea,
  lengthOf,
  polygonArea,
  polygonPerimeter,
  rectangleArea,
  roiContains,
  roiStatistics,
} from '../../src/annotations/measure';

describe('measurement geometry', () => {
  test('length uses the row spacing vertically and the column spacing horizontally', () => {
    // 3 columns 0.5 mm apart = 1.5 mm across; 4 rows 1 mm apart = 4 mm down.
    expect(lengthOf([0, 0], [3, 4], [1, 0.5])).toEqual({ value: Math.hypot(1.5, 4), unit: 'mm', calibrated: true });
    expect(lengthOf([0, 0], [3, 4], null)).toEqual({ value: 5, unit: 'px', calibrated: false });
    expect(lengthOf([0, 0], [3, 4], [0, 0]).calibrated).toBe(false);
  });

  test('angle is measured at the vertex, in physical space', () => {
    expect(angleDegrees([10, 0], [0, 0], [0, 10], null)).toBeCloseTo(90, 12);
    expect(angleDegrees([10, 0], [0, 0], [10, 10], null)).toBeCloseTo(45, 12);
    expect(angleDegrees([10, 0], [0, 0], [-10, 0], null)).toBeCloseTo(180, 12);
    // Rows twice as far apart as columns: the 45° pixel diagonal is atan(2) from horizontal.
    expect(angleDegrees([10, 0], [0, 0], [10, 10], [2, 1])).toBeCloseTo((Math.atan(2) * 180) / Math.PI, 12);
    expect(angleDegrees([0, 0], [0, 0], [1, 1], null)).toBeNaN();
  });

  test('bidirectional axes are the two point pairs', () => {
    const axes = bidirectionalAxes([[0, 5], [10, 5], [5, 2], [5, 8]], [0.5, 0.5]);
    expect(axes.long).toEqual({ value: 5, unit: 'mm', calibrated: true });
    expect(axes.short).toEqual({ value: 3, unit: 'mm', calibrated: true });
  });

  test('areas of ellipse, rectangle and polygon', () => {
    // Ellipse 20 px tall and 40 px wide, 0.5 mm pixels: semi-axes 5 and 10 mm.
    expect(ellipseArea([[50, 10], [50, 30], [30, 20], [70, 20]], [0.5, 0.5]).value).toBeCloseTo(Math.PI * 50, 10);
    expect(ellipseArea([[50, 10], [50, 30], [30, 20], [70, 20]], null)).toEqual({ value: Math.PI * 200, unit: 'px²', calibrated: false });
    expect(rectangleArea([[25, 15], [5, 5]], [2, 3])).toEqual({ value: 20 * 3 * 10 * 2, unit: 'mm²', calibrated: true });
    // Right triangle with legs 4 and 3 px; L-shaped hexagon of area 3.
    expect(polygonArea([[0, 0], [4, 0], [0, 3]], null).value).toBe(6);
    expect(polygonArea([[0, 0], [2, 0], [2, 1], [1, 1], [1, 2], [0, 2]], [1, 1]).value).toBe(3);
    expect(polygonPerimeter([[0, 0], [4, 0], [0, 3]], null).value).toBe(12);
  });
});

describe('ROI statistics', () => {
  // 5 × 4 image whose value is 10·row + column.
  const rows = 4;
  const columns = 5;
  const pixels = Array.from({ length: rows * columns }, (_, i) => 10 * Math.floor(i / columns) + (i % columns));

  test('rectangle includes the pixels whose centres lie on or inside its edges', () => {
    const stats = roiStatistics('RectangleROI', [[0.5, 0.5], [2, 2]], pixels, rows, columns);
    // Centres (1,1) (2,1) (1,2) (2,2): values 11 12 21 22.
    expect(stats).toEqual({ mean: 16.5, stdDev: Math.sqrt((5.5 ** 2 * 2 + 4.5 ** 2 * 2) / 4), min: 11, max: 22, count: 4 });
  });

  test('ellipse keeps the centre cross and drops the corners', () => {
    // Centre (2,1.5), semi-axes 2 (x) and 1.5 (y): (0,1.5) is on it, (0,0) and (4,3) are not.
    const points: [number, number][] = [[2, 0], [2, 3], [0, 1.5], [4, 1.5]];
    expect(roiContains('EllipticalROI', points, 2, 0)).toBe(true);
    expect(roiContains('EllipticalROI', points, 0, 0)).toBe(false);
    const stats = roiStatistics('EllipticalROI', points, pixels, rows, columns)!;
    // Rows 1 and 2: x with ((x-2)/2)^2 + (0.5/1.5)^2 <= 1 → x = 1,2,3 ; rows 0 and 3: ((x-2)/2)^2 <= 1-1 → x = 2.
    expect(stats.count).toBe(8);
    expect(stats.min).toBe(2);
    expect(stats.max).toBe(32);
    expect(stats.mean).toBeCloseTo((2 + 11 + 12 + 13 + 21 + 22 + 23 + 32) / 8, 12);
  });

  test('freehand polygon uses the even-odd rule on pixel centres, clipped to the image', () => {
    // Triangle over the left half; extends past the top-left so clipping matters.
    const triangle: [number, number][] = [[-1, -1], [3.5, -1], [-1, 3.5]];
    const stats = roiStatistics('PlanarFreehandROI', triangle, pixels, rows, columns)!;
    // Centres with x + y < 2.5 (hypotenuse x + y = 2.5): (0,0) (1,0) (2,0) (0,1) (1,1) (0,2).
    expect(stats.count).toBe(6);
    expect(stats.mean).toBeCloseTo((0 + 1 + 2 + 10 + 11 + 20) / 6, 12);
  });

  test('an ROI that holds no pixel centre has no statistics', () => {
    expect(roiStatistics('RectangleROI', [[0.1, 0.1], [0.9, 0.9]], pixels, rows, columns)).toBeNull();
    expect(roiStatistics('RectangleROI', [[10, 10], [20, 20]], pixels, rows, columns)).toBeNull();
  });
});
