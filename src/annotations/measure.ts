// Geometry of annotations in millimetres (or pixels when an image has no calibration) and pixel
// statistics inside ROIs; pure functions over image pixel coordinates, shared by UI, SR and scripts.
import type { ImagePoint } from './model';

/** Pixel spacing as DICOM gives it: [between rows (vertical), between columns (horizontal)] in mm. */
export type PixelSpacing = readonly [row: number, column: number];

export interface Measured {
  value: number;
  /** 'mm'/'mm²' when the spacing is known, 'px'/'px²' when it is not. */
  unit: 'mm' | 'px' | 'mm²' | 'px²';
  /** False when the value is in pixels because the image has no usable pixel spacing. */
  calibrated: boolean;
}

export interface RoiStatistics {
  mean: number;
  /** Population standard deviation (divides by the pixel count), as viewers usually report it. */
  stdDev: number;
  min: number;
  max: number;
  /** Pixels whose centres lie inside the ROI. */
  count: number;
}

export type RoiKind = 'EllipticalROI' | 'RectangleROI' | 'PlanarFreehandROI';

function usable(spacing: PixelSpacing | null | undefined): spacing is PixelSpacing {
  return !!spacing && spacing.every((s) => Number.isFinite(s) && s > 0);
}

/** Horizontal and vertical size of one pixel; 1 × 1 when uncalibrated. */
function scale(spacing: PixelSpacing | null | undefined): { sx: number; sy: number; calibrated: boolean } {
  return usable(spacing) ? { sx: spacing[1], sy: spacing[0], calibrated: true } : { sx: 1, sy: 1, calibrated: false };
}

function linear(value: number, calibrated: boolean): Measured {
  return { value, unit: calibrated ? 'mm' : 'px', calibrated };
}

function areal(value: number, calibrated: boolean): Measured {
  return { value, unit: calibrated ? 'mm²' : 'px²', calibrated };
}

function distance(a: ImagePoint, b: ImagePoint, sx: number, sy: number): number {
  return Math.hypot((b[0] - a[0]) * sx, (b[1] - a[1]) * sy);
}

export function lengthOf(a: ImagePoint, b: ImagePoint, spacing: PixelSpacing | null): Measured {
  const { sx, sy, calibrated } = scale(spacing);
  return linear(distance(a, b, sx, sy), calibrated);
}

/**
 * The angle at the vertex between the rays to a and b, in degrees (0–180). Measured in physical
 * space: with non-square pixels the angle on screen in pixels would be wrong.
 */
export function angleDegrees(a: ImagePoint, vertex: ImagePoint, b: ImagePoint, spacing: PixelSpacing | null): number {
  const { sx, sy } = scale(spacing);
  const u = [(a[0] - vertex[0]) * sx, (a[1] - vertex[1]) * sy];
  const v = [(b[0] - vertex[0]) * sx, (b[1] - vertex[1]) * sy];
  const lengths = Math.hypot(u[0], u[1]) * Math.hypot(v[0], v[1]);
  if (lengths === 0) return NaN;
  // atan2 of cross and dot stays accurate near 0° and 180°, where acos loses precision.
  return (Math.atan2(Math.abs(u[0] * v[1] - u[1] * v[0]), u[0] * v[0] + u[1] * v[1]) * 180) / Math.PI;
}

/** Long and short axes of a Bidirectional mark [long a, long b, short a, short b]. */
export function bidirectionalAxes(points: readonly ImagePoint[], spacing: PixelSpacing | null): { long: Measured; short: Measured } {
  const { sx, sy, calibrated } = scale(spacing);
  return {
    long: linear(distance(points[0], points[1], sx, sy), calibrated),
    short: linear(distance(points[2], points[3], sx, sy), calibrated),
  };
}

/** Area of the ellipse whose axes are the two point pairs [top, bottom, left, right]. */
export function ellipseArea(points: readonly ImagePoint[], spacing: PixelSpacing | null): Measured {
  const { sx, sy, calibrated } = scale(spacing);
  const d1 = distance(points[0], points[1], sx, sy);
  const d2 = distance(points[2], points[3], sx, sy);
  return areal((Math.PI * d1 * d2) / 4, calibrated);
}

/** The four corners of a rectangle given by two opposite corners, in outline order. */
export function rectangleCorners(points: readonly ImagePoint[]): ImagePoint[] {
  const [a, b] = points;
  return [a, [b[0], a[1]], b, [a[0], b[1]]];
}

export function rectangleArea(points: readonly ImagePoint[], spacing: PixelSpacing | null): Measured {
  const { sx, sy, calibrated } = scale(spacing);
  const [a, b] = points;
  return areal(Math.abs((b[0] - a[0]) * sx) * Math.abs((b[1] - a[1]) * sy), calibrated);
}

/** Area enclosed by a closed outline (shoelace formula); the last vertex joins the first. */
export function polygonArea(points: readonly ImagePoint[], spacing: PixelSpacing | null): Measured {
  const { sx, sy, calibrated } = scale(spacing);
  let twice = 0;
  for (let i = 0; i < points.length; i++) {
    const [x1, y1] = points[i];
    const [x2, y2] = points[(i + 1) % points.length];
    twice += x1 * sx * (y2 * sy) - x2 * sx * (y1 * sy);
  }
  return areal(Math.abs(twice) / 2, calibrated);
}

/** Length of a closed outline, including the closing edge. */
export function polygonPerimeter(points: readonly ImagePoint[], spacing: PixelSpacing | null): Measured {
  const { sx, sy, calibrated } = scale(spacing);
  let total = 0;
  for (let i = 0; i < points.length; i++) total += distance(points[i], points[(i + 1) % points.length], sx, sy);
  return linear(total, calibrated);
}

/** Area of any ROI kind. */
export function roiArea(kind: RoiKind, points: readonly ImagePoint[], spacing: PixelSpacing | null): Measured {
  if (kind === 'EllipticalROI') return ellipseArea(points, spacing);
  if (kind === 'RectangleROI') return rectangleArea(points, spacing);
  return polygonArea(points, spacing);
}

/** A test for "is this pixel centre inside", with the bounding box worth scanning. */
interface Region {
  contains(x: number, y: number): boolean;
  box: { minX: number; maxX: number; minY: number; maxY: number };
}

function regionOf(kind: RoiKind, points: readonly ImagePoint[]): Region {
  if (kind === 'EllipticalROI') {
    // Axis-aligned ellipse: one pair spans it horizontally, the other vertically (which one is
    // which depends on how the viewport was turned when it was drawn).
    const cx = (points[0][0] + points[1][0] + points[2][0] + points[3][0]) / 4;
    const cy = (points[0][1] + points[1][1] + points[2][1] + points[3][1]) / 4;
    const rx = Math.max(Math.abs(points[0][0] - points[1][0]), Math.abs(points[2][0] - points[3][0])) / 2;
    const ry = Math.max(Math.abs(points[0][1] - points[1][1]), Math.abs(points[2][1] - points[3][1])) / 2;
    return {
      contains: (x, y) => rx > 0 && ry > 0 && ((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 <= 1,
      box: { minX: cx - rx, maxX: cx + rx, minY: cy - ry, maxY: cy + ry },
    };
  }
  const outline = kind === 'RectangleROI' ? rectangleCorners(points) : points;
  const xs = outline.map((p) => p[0]);
  const ys = outline.map((p) => p[1]);
  const box = { minX: Math.min(...xs), maxX: Math.max(...xs), minY: Math.min(...ys), maxY: Math.max(...ys) };
  if (kind === 'RectangleROI') {
    return { contains: (x, y) => x >= box.minX && x <= box.maxX && y >= box.minY && y <= box.maxY, box };
  }
  return {
    // Even-odd rule: a ray to the right of the point crosses the outline an odd number of times.
    contains: (x, y) => {
      let inside = false;
      for (let i = 0, j = outline.length - 1; i < outline.length; j = i++) {
        const [xi, yi] = outline[i];
        const [xj, yj] = outline[j];
        if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
      }
      return inside;
    },
    box,
  };
}

/** Does the pixel whose centre is (x, y) belong to the ROI? */
export function roiContains(kind: RoiKind, points: readonly ImagePoint[], x: number, y: number): boolean {
  return regionOf(kind, points).contains(x, y);
}

/**
 * Statistics of the stored pixel values (one frame, row-major) whose pixel centres lie inside the
 * ROI; null when no pixel centre does.
 */
export function roiStatistics(
  kind: RoiKind,
  points: readonly ImagePoint[],
  pixels: ArrayLike<number>,
  rows: number,
  columns: number,
): RoiStatistics | null {
  const region = regionOf(kind, points);
  const x0 = Math.max(0, Math.ceil(region.box.minX));
  const x1 = Math.min(columns - 1, Math.floor(region.box.maxX));
  const y0 = Math.max(0, Math.ceil(region.box.minY));
  const y1 = Math.min(rows - 1, Math.floor(region.box.maxY));
  let count = 0;
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  const values: number[] = [];
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      if (!region.contains(x, y)) continue;
      const value = pixels[y * columns + x];
      values.push(value);
      count++;
      sum += value;
      if (value < min) min = value;
      if (value > max) max = value;
    }
  }
  if (count === 0) return null;
  const mean = sum / count;
  // Second pass over the kept values: the one-pass formula loses precision on large, flat regions.
  let squares = 0;
  for (const value of values) squares += (value - mean) ** 2;
  return { mean, stdDev: Math.sqrt(squares / count), min, max, count };
}
