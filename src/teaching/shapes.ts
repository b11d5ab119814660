// Annotations as plane shapes in millimetres, with the distances and overlaps that quiz scoring
// needs; pure functions, the rules they serve are written down in src/teaching/scoring.md.
import { intersection, union, type Geom } from 'polyclip-ts';
import { polygonArea, rectangleCorners, roiContains } from '../annotations/measure';
import type { Annotation, ImagePoint } from '../annotations/model';

/** Vertices of the polygon an EllipticalROI is replaced by; see src/teaching/scoring.md for the accuracy. */
export const ELLIPSE_VERTICES = 128;

/** Millimetres per pixel horizontally (between columns) and vertically (between rows). */
export interface Scale {
  x: number;
  y: number;
}

type Point = readonly [x: number, y: number];
type Segment = readonly [Point, Point];
type MultiPolygon = [number, number][][][];

interface Box {
  minX: number;
  maxX: number;
  minY: number;
  maxY: number;
}

/** An area: an outline, the clean polygons it encloses (self-crossings resolved) and their area. */
export interface RegionShape {
  type: 'region';
  ring: Point[];
  polygons: MultiPolygon;
  area: number;
  box: Box;
}

/** Points and line segments (a point is a segment of length zero). */
export interface PathShape {
  type: 'path';
  segments: Segment[];
  box: Box;
}

export type Shape = RegionShape | PathShape;

const ROI_KINDS = new Set<Annotation['kind']>(['EllipticalROI', 'RectangleROI', 'PlanarFreehandROI']);

export function isRoi(annotation: Annotation): boolean {
  return ROI_KINDS.has(annotation.kind);
}

function boxOf(points: readonly Point[]): Box {
  const box = { minX: Infinity, maxX: -Infinity, minY: Infinity, maxY: -Infinity };
  for (const [x, y] of points) {
    box.minX = Math.min(box.minX, x);
    box.maxX = Math.max(box.maxX, x);
    box.minY = Math.min(box.minY, y);
    box.maxY = Math.max(box.maxY, y);
  }
  return box;
}

function midpoint(a: ImagePoint, b: ImagePoint): ImagePoint {
  return [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
}

/**
 * The outline of an EllipticalROI as a polygon. Centre and semi-axes follow the convention of
 * measure.ts: one point pair spans the ellipse horizontally and the other vertically, whichever
 * way round they were stored. The vertices sit slightly outside the ellipse so that the polygon's
 * area equals the ellipse's exactly (an inscribed polygon would always be a little smaller).
 */
function ellipseOutline(points: readonly ImagePoint[]): ImagePoint[] {
  const cx = (points[0][0] + points[1][0] + points[2][0] + points[3][0]) / 4;
  const cy = (points[0][1] + points[1][1] + points[2][1] + points[3][1]) / 4;
  const rx = Math.max(Math.abs(points[0][0] - points[1][0]), Math.abs(points[2][0] - points[3][0])) / 2;
  const ry = Math.max(Math.abs(points[0][1] - points[1][1]), Math.abs(points[2][1] - points[3][1])) / 2;
  const n = ELLIPSE_VERTICES;
  const step = (2 * Math.PI) / n;
  const grow = Math.sqrt(step / Math.sin(step));
  return Array.from({ length: n }, (_, i) => [cx + grow * rx * Math.cos(i * step), cy + grow * ry * Math.sin(i * step)]);
}

/** The outline of an ROI annotation in image pixel coordinates. */
function roiOutline(annotation: Annotation): ImagePoint[] {
  if (annotation.kind === 'EllipticalROI') return annotation.points.length >= 4 ? ellipseOutline(annotation.points) : [];
  if (annotation.kind === 'RectangleROI') return annotation.points.length >= 2 ? rectangleCorners(annotation.points) : [];
  return annotation.points;
}

function toMm(points: readonly ImagePoint[], scale: Scale): Point[] {
  return points.map(([x, y]) => [x * scale.x, y * scale.y] as const);
}

function multiPolygonArea(polygons: MultiPolygon): number {
  let area = 0;
  for (const [outer, ...holes] of polygons) {
    area += polygonArea(outer, null).value;
    for (const hole of holes) area -= polygonArea(hole, null).value;
  }
  return area;
}

function region(ring: Point[]): RegionShape | null {
  if (ring.length < 3) return null;
  const polygons = union([ring.map(([x, y]) => [x, y] as [number, number])]) as MultiPolygon;
  const area = multiPolygonArea(polygons);
  return area > 0 ? { type: 'region', ring, polygons, area, box: boxOf(ring) } : null;
}

function path(segments: Segment[]): PathShape {
  return { type: 'path', segments, box: boxOf(segments.flat()) };
}

function pointPath(point: Point | undefined): PathShape {
  return path(point ? [[point, point]] : []);
}

function closedEdges(ring: readonly Point[]): Segment[] {
  return ring.map((p, i) => [p, ring[(i + 1) % ring.length]] as const);
}

function centroidOfVertices(points: readonly Point[]): Point | undefined {
  if (points.length === 0) return undefined;
  return [points.reduce((s, p) => s + p[0], 0) / points.length, points.reduce((s, p) => s + p[1], 0) / points.length];
}

/**
 * What an expert annotation asks the trainee to find: the area inside an outline, or the points
 * and segments of a point or measurement mark. An outline with no area counts as its edges.
 */
export function targetShape(annotation: Annotation, scale: Scale): Shape {
  const p = annotation.points;
  if (isRoi(annotation)) {
    const ring = toMm(roiOutline(annotation), scale);
    return region(ring) ?? path(ring.length > 1 ? closedEdges(ring) : ring.map((q) => [q, q] as const));
  }
  const [a, b, c, d] = toMm(p, scale);
  switch (annotation.kind) {
    case 'Length':
      return a && b ? path([[a, b]]) : pointPath(a);
    case 'Bidirectional':
      return a && b && c && d ? path([[a, b], [c, d]]) : pointPath(a);
    case 'Angle':
      return a && b && c ? path([[a, b], [b, c]]) : pointPath(a);
    default:
      // ArrowAnnotate [tip, tail] and Probe [point]: the first point is where it points.
      return pointPath(a);
  }
}

/**
 * Where a trainee's mark claims the finding is: the area of an ROI, or one point for every other
 * kind (arrow tip, probe point, middle of a length or of a bidirectional's long axis, angle vertex).
 * An ROI with no area counts as the mean of its vertices.
 */
export function markShape(annotation: Annotation, scale: Scale): Shape {
  const p = annotation.points;
  if (isRoi(annotation)) {
    const ring = toMm(roiOutline(annotation), scale);
    return region(ring) ?? pointPath(centroidOfVertices(ring));
  }
  let point: ImagePoint | undefined = p[0];
  if ((annotation.kind === 'Length' || annotation.kind === 'Bidirectional') && p.length >= 2) point = midpoint(p[0], p[1]);
  if (annotation.kind === 'Angle' && p.length >= 3) point = p[1];
  return pointPath(point ? toMm([point], scale)[0] : undefined);
}

// ---------------------------------------------------------------------------------------------
// Distances and overlap.

function pointToSegment(p: Point, [a, b]: Segment): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const lengthSquared = dx * dx + dy * dy;
  const t = lengthSquared === 0 ? 0 : Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / lengthSquared));
  return Math.hypot(p[0] - (a[0] + t * dx), p[1] - (a[1] + t * dy));
}

function orientation(a: Point, b: Point, c: Point): number {
  return Math.sign((b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]));
}

function segmentToSegment(s: Segment, t: Segment): number {
  // Crossing in their interiors; touching and collinear overlaps give 0 through the endpoint distances.
  if (orientation(t[0], t[1], s[0]) * orientation(t[0], t[1], s[1]) < 0 && orientation(s[0], s[1], t[0]) * orientation(s[0], s[1], t[1]) < 0) {
    return 0;
  }
  return Math.min(pointToSegment(s[0], t), pointToSegment(s[1], t), pointToSegment(t[0], s), pointToSegment(t[1], s));
}

function edgesOf(shape: Shape): Segment[] {
  return shape.type === 'region' ? closedEdges(shape.ring) : shape.segments;
}

function verticesOf(shape: Shape): Point[] {
  return shape.type === 'region' ? shape.ring : shape.segments.flat();
}

function encloses(outer: Shape, inner: Shape): boolean {
  // Even-odd rule, as measure.ts decides "inside"; coordinates here are mm, which changes nothing.
  return outer.type === 'region' && verticesOf(inner).some(([x, y]) => roiContains('PlanarFreehandROI', outer.ring as ImagePoint[], x, y));
}

/**
 * Shortest distance in mm between two shapes, 0 when they touch or one reaches inside the other;
 * Infinity when either has no geometry.
 */
export function distanceBetween(a: Shape, b: Shape): number {
  if (encloses(a, b) || encloses(b, a)) return 0;
  let best = Infinity;
  for (const s of edgesOf(a)) for (const t of edgesOf(b)) best = Math.min(best, segmentToSegment(s, t));
  return best;
}

function boxesOverlap(a: Box, b: Box): boolean {
  return a.minX < b.maxX && b.minX < a.maxX && a.minY < b.maxY && b.minY < a.maxY;
}

/** Intersection over union of two regions' areas (a ratio, so the same in mm as in pixels). */
export function intersectionOverUnion(a: RegionShape, b: RegionShape): number {
  if (!boxesOverlap(a.box, b.box)) return 0;
  const common = multiPolygonArea(intersection(a.polygons as Geom, b.polygons as Geom) as MultiPolygon);
  const either = a.area + b.area - common;
  return either > 0 ? Math.min(1, common / either) : 0;
}
