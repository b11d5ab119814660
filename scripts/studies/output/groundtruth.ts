// Ground truth of the case: where each finding and key structure is, in image pixel coordinates of the files written.
import { type Part, type Side, isDeposit } from '../model/parts';
import { type Mask, maskFrom, close, outlines, within } from '../util/mask';
import type { Raster } from '../util/raster';
import { AIR } from '../model/labeler';

export type Polygon = [number, number][];

export interface Region {
  series: string;
  seriesInstanceUID: string;
  sopInstanceUID: string;
  file: string;
  /** 1-based frame number within the instance. */
  frame: number;
  side: Side;
  /** Named structure the region outlines, where the finding involves several. */
  structure?: string;
  polygon: Polygon;
  /** For point findings (e.g. the uptake maximum), the peak pixel. */
  point?: [number, number];
}

export interface RegionContext {
  series: string;
  seriesInstanceUID: string;
  sopInstanceUID: string;
  file: string;
  frame: number;
}

const SIDES: Side[] = ['L', 'R'];

/** Regions of a label image (MR slice) where `select` holds, split by the side of the part, closed by `closeRadius` px. */
export function labelRegions(ctx: RegionContext, labels: Int16Array, width: number, height: number, parts: Part[], select: (p: Part) => boolean, closeRadius: number, minArea: number, structure?: string): Region[] {
  const out: Region[] = [];
  for (const side of SIDES) {
    const mask = maskFrom(width, height, (i) => labels[i] !== AIR && select(parts[labels[i]!]!) && parts[labels[i]!]!.side === side);
    for (const polygon of outlines(close(mask, closeRadius), minArea)) out.push({ ...ctx, side, ...(structure ? { structure } : {}), polygon });
  }
  return out;
}

export const depositOf = (clusterPrefix: string) => (p: Part) => isDeposit(p) && p.cluster!.startsWith(clusterPrefix);
/**
 * Sciatic encasement on one slice: the nerve with the deposits and inflammation around it, where both are present.
 * `inflamed` marks the pixels the slice shows as edematous.
 */
export function encasementRegions(ctx: RegionContext, labels: Int16Array, inflamed: Uint8Array, width: number, height: number, parts: Part[], clusterPrefix: string, reach: number, closeRadius: number): Region[] {
  const out: Region[] = [];
  for (const side of SIDES) {
    const at = (i: number) => (labels[i] === AIR ? undefined : parts[labels[i]!]!);
    const nerve = maskFrom(width, height, (i) => at(i)?.structure === 'sciatic-nerve' && at(i)!.side === side);
    if (!nerve.data.some((v) => v)) continue;
    // The deposits within `reach` pixels of the nerve, and the inflamed tissue closer in (half that): the outline then
    // follows the lobules that wrap the nerve, not the edge of a neighbourhood drawn round it.
    const near = within(nerve, reach);
    const closer = within(nerve, reach / 2);
    const lesion = maskFrom(width, height, (i) => {
      const p = at(i);
      if (!p || p.side !== side || !p.cluster || !p.cluster.startsWith(clusterPrefix)) return false;
      return isDeposit(p) ? near.data[i] === 1 : inflamed[i] === 1 && closer.data[i] === 1;
    });
    if (lesion.data.reduce((a, b) => a + b, 0) < 6) continue;
    const union: Mask = { width, height, data: nerve.data.map((v, i) => (v || lesion.data[i] ? 1 : 0)) };
    for (const polygon of outlines(close(union, closeRadius), 8, 1, 1)) out.push({ ...ctx, side, polygon });
  }
  return out;
}

/** Regions where a projected quantity exceeds `threshold` (raster at 1/scale of the image). */
export function rasterRegions(ctx: RegionContext, r: Raster, scale: number, threshold: number, side: Side, closeRadius: number, minArea: number, keep: (x: number) => boolean = () => true): Region[] {
  const mask = maskFrom(r.width, r.height, (i) => r.data[i]! > threshold && keep(i % r.width));
  return outlines(close(mask, closeRadius), minArea, scale).map((polygon) => ({ ...ctx, side, polygon }));
}
