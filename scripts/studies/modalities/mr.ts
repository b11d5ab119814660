// MR slices: each pixel's tissue signal for the sequence, partial volume across the slice, intermuscular fat planes,
// k-space blur, surface-coil shading and Rician noise.
import { type Vec3, add, cross, scale } from '../util/vec';
import { Rng } from '../util/prng';
import type { Raster } from '../util/raster';
import { fbm3, noise3 } from '../util/noise3';
import { type PlaneGrid, labelPlane, paintOrder, distanceFrom, distanceFromPixels, normalisedRadius, pixelToPatient, beneath, takesOverlay, AIR } from '../model/labeler';
import { edemaSources, edemaSourcesNear, edemaStrength } from '../model/disease';
import type { PatientModel } from '../model/patient';
import { type Part, Priority, isDeposit } from '../model/parts';
import { TISSUES, Tissue } from '../model/tissues';
import { Landmarks, SECTION_BEND } from '../model/anatomy';

export type MrSequence = 'T1' | 'STIR';

export interface MrSeriesGeometry {
  orientation: 'axial' | 'coronal';
  /** Centre of the field of view of the first slice. */
  firstCenter: Vec3;
  /** Field of view (width, height) in mm. */
  fov: [number, number];
  matrix: [number, number];
  sliceCount: number;
  /** Centre-to-centre distance between slices, mm, along the slice normal. */
  sliceSpacing: number;
  sliceThickness: number;
}

/** In-plane direction cosines and the slice normal (display order runs along +normal). */
export function orientationVectors(o: MrSeriesGeometry['orientation']): { colDir: Vec3; rowDir: Vec3; normal: Vec3 } {
  // Axial slices go head to feet: normal = -z (row × column cross product is +z, so the stack walks against it).
  if (o === 'axial') return { colDir: [1, 0, 0], rowDir: [0, 1, 0], normal: [0, 0, -1] };
  return { colDir: [1, 0, 0], rowDir: [0, 0, -1], normal: [0, 1, 0] };
}

export function sliceGrid(g: MrSeriesGeometry, index: number): PlaneGrid {
  const { colDir, rowDir, normal } = orientationVectors(g.orientation);
  const [w, h] = g.fov;
  const [cols, rows] = g.matrix;
  const colSpacing = w / cols;
  const rowSpacing = h / rows;
  const c: Vec3 = [
    g.firstCenter[0] + normal[0] * index * g.sliceSpacing,
    g.firstCenter[1] + normal[1] * index * g.sliceSpacing,
    g.firstCenter[2] + normal[2] * index * g.sliceSpacing,
  ];
  const origin: Vec3 = [
    c[0] - colDir[0] * (w / 2 - colSpacing / 2) - rowDir[0] * (h / 2 - rowSpacing / 2),
    c[1] - colDir[1] * (w / 2 - colSpacing / 2) - rowDir[1] * (h / 2 - rowSpacing / 2),
    c[2] - colDir[2] * (w / 2 - colSpacing / 2) - rowDir[2] * (h / 2 - rowSpacing / 2),
  ];
  return { origin, colDir, rowDir, columns: cols, rows, rowSpacing, colSpacing };
}

export interface MrSlice {
  grid: PlaneGrid;
  pixels: Uint16Array;
  /** Part index per pixel at the slice centre (for the ground truth). */
  labels: Int16Array;
  /** 1 where the slice shows edema clearly (its smooth strength over EDEMA_SHOWN), for the ground truth. */
  edema: Uint8Array;
}

const SIGNAL_SCALE = 1400;

/** How far (mm) the smooth patient-space warp bends outlines on MR (see labeler.warpPoint). */
export const MR_WARP = 2.2;
/** How far (mm) the soft tissues' own warp bends the muscles and the body's outline beyond that (labeler.softWarp). */
export const MR_SOFT_WARP = 5;
/** How far (mm) the deposits' lobules are bent on MR beyond that, so they are knobbly rather than round (labeler.depositWarp). */
export const MR_DEPOSIT_WARP = 2.6;
/** Width (mm) over which edema fades out at the edge of its region (where it is faint already: see edemaStrength). */
const EDEMA_MARGIN = 6;
/** How much of its strength edema loses at a muscle's outline against fat, and over how many millimetres. */
const FASCIA_FADE = 0.5;
const FASCIA_MARGIN = 3.5;
/** The edema strength (averaged over a pixel) above which the ground truth calls a pixel edematous. */
const EDEMA_SHOWN = 0.45;
/**
 * The fluid of the deposits' cysts is thick with protein and fine calcium: its signal relative to free fluid's. The
 * protein shortens its T1, so on T1 it is a low-intermediate grey (brighter than urine, darker than muscle), and on
 * STIR it is bright but below the bladder's urine.
 */
const CYST_FLUID: Record<MrSequence, number> = { T1: 1.4, STIR: 0.72 };
/**
 * Depth (mm) inside a lobule of calcium slurry over which its thinner patches fade in: next to the lobule's wall the
 * slurry is packed densest, so each lobule keeps a dark margin against the tissue (and the edema) around it.
 */
const SLURRY_MARGIN = 2.5;
/**
 * What the slurry's thinner patches tend toward on T1: an intermediate grey a little under muscle (protein-rich, part
 * fluid, part fine chalk), so a lobule full of slurry is mottled on T1 as well instead of a uniform black. (On STIR they
 * tend toward the cyst fluid's signal.)
 */
const SLURRY_THIN_T1 = 0.3;
/** Width (in the noise's units) of the thin calcified septa dividing a large lobule of slurry into loculi. */
const SEPTUM_WIDTH = 0.07;
/**
 * Gaps (mm, half-width) between neighbouring lobules of a mass that are filled by fibrous tissue: a closing of the
 * deposits by this radius, so a mass is one lobulated outline against the edema, not beads with edema between them.
 */
const BINDING = 2.5;
/** Signal of that fibrous tissue on each sequence: low, about half the muscle's on T1 and a little under it on STIR. */
const FIBROUS: Record<MrSequence, number> = { T1: 0.19, STIR: 0.17 };
/** Depth (mm) above a fluid-calcium level over which a cyst's fluid greys toward the sediment. */
const SETTLING = 3;

/**
 * Sub-sample rows from pixel i (a cyst's fluid) down to the first sediment of the same cluster within `reach` rows, or -1
 * if there is none or the fluid gives way to anything else first (`left` rows remain from i to the grid's bottom).
 */
function sedimentBelow(labels: Int16Array, parts: Part[], i: number, fw: number, left: number, reach: number): number {
  const fluid = labels[i]!;
  for (let m = 1; m <= reach && m < left; m++) {
    const q = labels[i + m * fw]!;
    if (q === fluid) continue;
    const p = q === AIR ? undefined : parts[q];
    // (The sediment settled in this cavity, not the calcified matrix between lobules.)
    return p && p.priority === Priority.depositSediment && p.cluster === parts[fluid]!.cluster ? m : -1;
  }
  return -1;
}

/** In-plane samples per pixel along each axis: outlines are partial-volumed instead of stair-stepped. */
const SUPERSAMPLE = 2;

function tissueSignal(t: Tissue, seq: MrSequence): number {
  return seq === 'T1' ? TISSUES[t].t1 : TISSUES[t].stir;
}

/** A fixed value in [-1, 1] for a name (FNV-1a). */
function nameHash(name: string): number {
  let h = 2166136261;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 16777619);
  return ((h >>> 0) / 4294967295) * 2 - 1;
}

/** Ridge of a noise value: 1 on its zero set, falling to 0 within `width` (thin connected sheets and lines). */
const ridge = (v: number, width: number) => Math.max(0, 1 - Math.abs(v) / width);

/**
 * Signal of one tissue at one patient point, with textures defined in patient space (so they continue from slice to
 * slice and agree between axial and coronal series): muscle fibres with streaks of intramuscular fat, fibrous septa
 * in fat, red and fatty marrow, patchy edema, fascicles in the nerve, gas and content in bowel.
 */
function signalAt(t: Tissue, seq: MrSequence, x: number, y: number, z: number, fineNoise: number): number {
  const base = tissueSignal(t, seq);
  const fat = tissueSignal(Tissue.fat, seq);
  const muscle = tissueSignal(Tissue.muscle, seq);
  const grain = 1 + TISSUES[t].mrTexture * fineNoise;
  switch (t) {
    case Tissue.muscle: {
      // Fibres run roughly head to feet in the pelvis and thighs: noise stretched along z reads as fine speckle on
      // axial slices and as streaks on coronal ones; a few sheets of fat between fascicles (marbling).
      const fibre = noise3(x * 2.2, y * 2.2, z * 0.35, 4, 401);
      const shade = 0.12 * fbm3(x, y, z, 40, 402);
      // (Wider and denser in places: a 66-year-old's muscles carry visible streaks of fat, coarse septa between the
      // bundles and finer ones within them.)
      const gate = Math.max(0, fbm3(x, y, z, 30, 404) + 0.45);
      const coarse = Math.pow(ridge(noise3(x * 1.6, y * 1.6, z * 0.25, 9, 403), 0.085), 2);
      // (Within the bundles, small islands of fat: dots on an axial slice, short streaks along the fibres.)
      const islands = Math.max(0, Math.min(1, (noise3(x * 1.6, y * 1.6, z * 0.3, 3.2, 405) - 0.42) / 0.12));
      const marbling = Math.min(0.9, gate * (0.65 * coarse + 0.4 * islands));
      const s = base * (1 + shade + 0.1 * fibre) * grain;
      return s * (1 - marbling) + fat * marbling;
    }
    case Tissue.fat: {
      // Thin fibrous septa (low signal on both sequences) run through the fat.
      // Sparse: only where a second, larger field allows, so they are scattered strands rather than a net.
      const sparse = Math.max(0, fbm3(x, y, z, 45, 413) + 0.05) * 2.5;
      const septa = Math.min(1, sparse) * 0.45 * Math.pow(ridge(noise3(x, y, z * 0.7, 26, 411), 0.045), 1.5);
      return (base * (1 + 0.04 * fbm3(x, y, z, 30, 412)) * (1 - septa) + 0.2 * muscle * septa) * grain;
    }
    case Tissue.cancellous: {
      // Adult marrow: mostly fatty, with patches of red marrow (lower T1, a little higher STIR) and trabecular grain.
      // Red marrow stays in the pelvis and the proximal femora; the femoral shafts are fatty.
      // (A 66-year-old's marrow is mostly fat: red islands in the pelvis and the femoral metaphyses, none in the
      // femoral heads, which are epiphyses.)
      const inHead = Math.hypot(Math.abs(x) - Landmarks.femoralHead[0], y - Landmarks.femoralHead[1], z - Landmarks.femoralHead[2]) < Landmarks.femoralHeadRadius + 1;
      // (And osteopenic: fattier than a healthy adult's, so on T1 the pelvic bones read nearly as bright as fat inside
      // their dark cortex.)
      const redShare = inHead ? 0 : z > -60 ? 0.1 : z > -110 ? 0.1 * (z + 110) / 50 : 0;
      const red = Math.max(0, Math.min(1, redShare + 0.5 * fbm3(x, y, z, 14, 421) * (redShare > 0 ? 1 : 0.3)));
      // (On STIR fatty marrow is suppressed like fat but keeps a little more signal, from its water: inside a bone's black
      // cortex it stays a dark grey, darker than muscle, so the bones read as dark shapes among the muscles.)
      const redSignal = seq === 'T1' ? 0.5 : 0.21;
      const fattySignal = seq === 'T1' ? 0.95 : 0.16;
      // Trabeculae where there is cancellous bone (pelvis, femoral ends), hardly any in the shaft's medullary canal.
      const trabeculae = (redShare > 0 ? 0.18 : 0.08) * ridge(noise3(x, y, z, 3, 422), 0.2);
      return ((1 - red) * fattySignal + red * redSignal) * (1 - trabeculae) * grain;
    }
    case Tissue.edema: {
      // Fully edematous tissue is still uneven: patches of it keep some of the muscle's signal, in streaks stretched
      // head to feet. (How edematous a point is at all, fading away from the deposits, is decided where it is painted.)
      const streak = noise3(x * 1.7, y * 1.7, z * 0.3, 5, 432);
      const patch = Math.max(0, Math.min(1, 0.75 + 0.5 * fbm3(x, y, z, 9, 431) + 0.35 * streak + 0.1 * noise3(x * 2.2, y * 2.2, z * 0.35, 4, 401)));
      return (muscle * (1 - patch) + base * patch) * grain;
    }
    case Tissue.nerve: {
      // Fascicles: a dozen or two round bundles of a millimetre or two, running down the nerve (so a section stipples
      // it with fine dots), a little brighter on STIR than the perineurium between them; on T1 grey, with some
      // interfascicular fat between them.
      const fascicle = Math.max(0, Math.min(1, (noise3(x, y, z * 0.12, 1.9, 441) + 0.1) / 0.25));
      const dot = fascicle * fascicle * (3 - 2 * fascicle);
      if (seq === 'T1') return (base * dot + (0.35 * fat + 0.65 * base) * (1 - dot)) * grain;
      return base * (0.7 + 0.45 * dot) * grain;
    }
    case Tissue.bowel: {
      // Gas (no signal) and mixed content.
      const gas = fbm3(x, y, z, 12, 451) > 0.28 ? 0.05 : 1;
      return base * gas * (1 + 0.35 * fbm3(x, y, z, 5, 452));
    }
    case Tissue.calcium:
    case Tissue.sediment:
      return base * (1 + 0.6 * Math.max(-0.8, fbm3(x, y, z, 3.5, 461))) * grain;
    default:
      return base * grain;
  }
}

/**
 * Signal in a mass of small bowel loops (Part.loops). Each family of loops is where two smooth noise fields are both near
 * zero: the intersection of two families of wandering sheets is a family of wandering tubes, so the bowel is made of
 * long, winding loops of varying calibre that a slice cuts across (rounded lumina), obliquely (ovals) or along their
 * length (tubular segments). Three families are packed together; each lumen has a thin darker wall and its own contents
 * (fluid, bright on STIR, or semi-solid, grey), with gas risen to its front in places; between the loops, mesenteric fat.
 */
/** Fixed rotations (rows of orthonormal matrices) for the loop families' noise coordinates. */
const LOOP_TURNS: number[][][] = [
  [[0.8, 0.36, 0.48], [-0.6, 0.48, 0.64], [0, -0.8, 0.6]],
  [[0.36, -0.8, 0.48], [0.48, 0.6, 0.64], [-0.8, 0, 0.6]],
  [[0.6, 0, -0.8], [0.64, 0.6, 0.48], [0.48, -0.8, 0.36]],
];

/**
 * About how deep (mm) the point lies inside the part's shapes: for each, the share of its shortest semi-axis left
 * between the point and its surface, the deepest of them.
 */
function depthInside(p: Part, x: number, y: number, z: number): number {
  let deepest = 0;
  for (const s of p.shapes) deepest = Math.max(deepest, (1 - normalisedRadius(s, x, y, z)) * Math.min(...s.radii));
  return deepest;
}

/** Depth (mm) over which the loops narrow and close toward the edge of their part. */
const LOOP_EDGE = 9;

function loopSignal(p: Part, seq: MrSequence, x: number, y: number, z: number, fineNoise: number): number {
  const fat = signalAt(Tissue.fat, seq, x, y, z, fineNoise);
  // (Toward the part's surface the loops narrow and end inside it, so the mass of bowel has a lobulated outline of
  // loops in fat instead of loops cut off along an ellipsoid.)
  const edge = Math.min(1, depthInside(p, x, y, z) / LOOP_EDGE);
  if (edge <= 0) return fat;
  const calibre = Math.sqrt(edge);
  let best = Infinity;
  let family = 0;
  for (let f = 0; f < 3; f++) {
    // (Sampled in turned and bent coordinates, two octaves, so the loops follow no axis of the noise's lattice.)
    const [u, v, w] = LOOP_TURNS[f]!.map((r) => r[0]! * x + r[1]! * y + r[2]! * z * 0.9) as [number, number, number];
    const bend = 6 * noise3(x, y, z, 25, 459 + 10 * f);
    const a = 0.75 * noise3(u + bend, v, w, 34, 456 + 10 * f) + 0.25 * noise3(u, v + bend, w, 15, 451 + 10 * f);
    const b = 0.75 * noise3(u, v - bend, w, 34, 457 + 10 * f) + 0.25 * noise3(u, v, w + bend, 15, 453 + 10 * f);
    // (Radial distance from the tube's axis in noise units; the calibre varies slowly along the loops.)
    const d = Math.hypot(a, b) / ((0.25 + 0.06 * noise3(x, y, z, 60, 458 + 10 * f)) * calibre);
    if (d < best) {
      best = d;
      family = f;
    }
  }
  if (best > 1) return fat;
  const wallSignal = seq === 'T1' ? 0.34 : 0.3;
  if (best > 0.8) return wallSignal * (1 + 0.1 * fineNoise);
  // Contents change from segment to segment along a loop.
  const kind = noise3(x, y, z, 45, 470 + family);
  const fluid = kind > 0.06;
  const content = seq === 'T1' ? (fluid ? 0.2 : 0.34) : fluid ? 0.52 : 0.36;
  // Gas pockets in a few segments, at the front of the lumen (the patient lies supine).
  const gas = kind < -0.28 && noise3(x, y + 4, z, 9, 472) < -0.05 ? 0.05 : 1;
  // Folds of the mucosa across the lumen of the fluid-filled loops (valvulae): faint darker lines.
  const folds = fluid ? 0.25 * Math.max(0, 1 - Math.abs(noise3(x, y, z, 6, 473)) / 0.08) : 0;
  return content * gas * (1 - folds) * (1 + 0.15 * fbm3(x, y, z, 5, 452) + 0.1 * fineNoise);
}

/** Renders one slice; `seed` makes the noise reproducible slice by slice. */
export function renderMrSlice(model: PatientModel, g: MrSeriesGeometry, seq: MrSequence, index: number, seed: string): MrSlice {
  const grid = sliceGrid(g, index);
  const order = paintOrder(model.parts).filter((i) => !model.parts[i]!.filmOnly);
  const offsets = [-g.sliceThickness / 4, g.sliceThickness / 4];
  const w = grid.columns;
  const h = grid.rows;
  const rng = new Rng(seed);
  const k = SUPERSAMPLE;
  // The sub-sample grid: k×k points per pixel, centred on it.
  const fine: PlaneGrid = {
    ...grid,
    columns: w * k,
    rows: h * k,
    colSpacing: grid.colSpacing / k,
    rowSpacing: grid.rowSpacing / k,
    origin: add(grid.origin, scale(add(scale(grid.colDir, grid.colSpacing), scale(grid.rowDir, grid.rowSpacing)), -(k - 1) / (2 * k))),
  };
  const fw = fine.columns;
  // The signal on the sub-sample grid; the acquisition's k-space then takes the image down to the matrix.
  const img: Raster = { width: fw, height: h * k, data: new Float32Array(fw * h * k) };
  const fatSignal = tissueSignal(Tissue.fat, seq);
  // Each muscle has a slightly different mean signal (fibre type, fat content), so neighbours differ in tone.
  const muscleTone = model.parts.map((p) => 1 + 0.1 * nameHash(p.name));
  const isMuscle = (pi: number) => pi !== AIR && model.parts[pi]!.tissue === Tissue.muscle;
  // The fat and skin round the muscles, outside the bones (not the marrow canals, the sacral canal or the acetabular
  // fossa), which edema may not take.
  const isFascia = (p: Part) => !takesOverlay(p) && !p.marrow && p.priority < Priority.pelvis && (p.tissue === Tissue.fat || p.tissue === Tissue.skin);
  // Edema: its sources near this slice, and its smooth strength per pixel (for the ground truth).
  const sources = edemaSourcesNear(edemaSources(model.clusters), grid.origin, cross(grid.colDir, grid.rowDir), g.sliceThickness / 2);
  const shown = new Float32Array(w * h);
  const nearest = { winner: 0 };
  const weight = 1 / offsets.length;
  // labelPlane shifts the plane along colDir × rowDir; the textures are sampled at the same points.
  const n = cross(grid.colDir, grid.rowDir);
  // Sub-samples per 0.8 mm (the fascial planes' half-width steps).
  const k1 = Math.max(1, Math.round(0.8 / fine.colSpacing));
  const k2 = 2 * k1;
  const k3 = 3 * k1;
  // How many sub-sample rows below a cyst's fluid to look for its sediment (axial sections only: see SETTLING).
  const dependentRows = grid.rowDir[1] === 1 ? Math.ceil(SETTLING / fine.rowSpacing) : 0;
  const labelMaps = offsets.map((off) => labelPlane(model.parts, order, fine, off, true, MR_WARP, MR_SOFT_WARP, MR_DEPOSIT_WARP, SECTION_BEND));
  for (const [j, off] of offsets.entries()) {
    const labels = labelMaps[j]!;
    // Muscle under the edema keeps its own tone and fascial planes (and fat under it is fat).
    const under = beneath(labels);
    // (The label at q with an overlay replaced by the part beneath it; a model without overlays has no `under`.)
    const muscleAt = (q: number): number => {
      const l = labels[q]!;
      return l !== AIR && model.parts[l]!.overlay ? under![q]! : l;
    };
    // (The other half of the slice: where a bone's surface runs obliquely through the slice, its cortex crosses it.)
    const otherHalf = labelMaps[1 - j]!;
    // (The distance into an edema region, for a soft fade at its edge: from the muscle and fat it could have reached but
    // did not, not from the vessels, nerves, bone or deposits inside it.)
    const intoEdema = distanceFrom(labels, fine, (l) => l === AIR || takesOverlay(model.parts[l]!));
    // (And the distance from the fat round a muscle: edema thins out over its last few millimetres against the fascia
    // rather than stopping at full strength along the muscle's outline.)
    const fromFascia = distanceFrom(labels, fine, (l) => l === AIR || isFascia(model.parts[l]!));
    // (And the depth into a lobule of slurry, from anything that is not slurry.)
    const intoSlurry = distanceFrom(labels, fine, (l) => l === AIR || model.parts[l]!.tissue !== Tissue.sediment);
    // (And the gaps between neighbouring lobules that a closing of the deposits by BINDING mm fills: the fibrous tissue
    // that binds them into one mass.)
    const fromDeposit = distanceFrom(labels, fine, (l) => l !== AIR && isDeposit(model.parts[l]!));
    const outsideClosing = distanceFromPixels(fine, (q) => fromDeposit[q]! > BINDING);
    for (let r = 0; r < fine.rows; r++) {
      for (let c = 0; c < fw; c++) {
        const i = r * fw + c;
        const pi = labels[i]!;
        if (pi === AIR) continue;
        const t = model.parts[pi]!.marrow ? Tissue.cancellous : model.parts[pi]!.tissue;
        const [px, py, pz] = pixelToPatient(fine, c, r);
        const x = px + n[0] * off;
        const y = py + n[1] * off;
        const z = pz + n[2] * off;
        const grainHere = 1.6 * fbm3(x, y, z, 3, 470);
        let s = model.parts[pi]!.loops ? loopSignal(model.parts[pi]!, seq, x, y, z, grainHere) : signalAt(t, seq, x, y, z, grainHere);
        if (t === Tissue.muscle) s *= muscleTone[pi]!;
        if (t === Tissue.fluid && model.parts[pi]!.cluster !== undefined) {
          s *= CYST_FLUID[seq];
          // Above a fluid-calcium level the calcium is still settling: over the last few millimetres above the
          // sediment the fluid turns grey, so the level is a graded layer rather than a ruled line. (Axial sections
          // only, whose rows run from front to back, the way the sediment settles in a supine patient.)
          if (dependentRows > 0) {
            const below = sedimentBelow(labels, model.parts, i, fw, fine.rows - r, dependentRows);
            if (below >= 0) {
              const f = Math.min(1, (below * fine.rowSpacing) / SETTLING);
              const sediment = signalAt(Tissue.sediment, seq, x, y, z, grainHere);
              s = sediment + (s - sediment) * (0.55 + 0.45 * f * f * (3 - 2 * f));
            }
          }
        }
        // Calcium slurry is not of one consistency: where it is thinner it takes on some of the cyst fluid's signal, so a
        // lobule full of it is mottled (on STIR brighter, on T1 a little greyer) rather than a uniformly dark ball; its
        // margin stays dark.
        // Deeper in, thin calcified septa divide a large lobule into loculi (the chicken-wire pattern), dark on both
        // sequences.
        if (t === Tissue.sediment) {
          const margin = Math.min(1, intoSlurry[i]! / SLURRY_MARGIN);
          const thin = margin * margin * Math.max(0, Math.min(0.6, 0.18 + 0.7 * noise3(x, y, z, 5, 495)));
          const target = seq === 'T1' ? SLURRY_THIN_T1 : signalAt(Tissue.fluid, seq, x, y, z, grainHere) * CYST_FLUID[seq];
          s += (target * (1 + 0.1 * grainHere) - s) * thin;
          const deep = Math.min(1, Math.max(0, intoSlurry[i]! / SLURRY_MARGIN - 1));
          const septum = deep * Math.max(0, 1 - Math.abs(noise3(x, y, z, 9, 497)) / SEPTUM_WIDTH);
          s *= 1 - 0.8 * septum;
        }
        // On T1 the deposits' contents differ from lobule to lobule (more or less protein, finer or coarser chalk): a
        // field on the scale of a lobule brightens some to near the fibrous tissue's grey and leaves others black, so a
        // mass is a patchwork of loculi behind its dark walls rather than one even blob.
        if (seq === 'T1' && model.parts[pi]!.cluster !== undefined && (t === Tissue.fluid || t === Tissue.sediment)) {
          s *= Math.max(0.5, Math.min(1.8, 1 + 2.8 * noise3(x, y, z, 7, 498)));
        }
        // (How edematous this point is: 0 outside the edema; between the lobules of a mass, where fibrous tissue binds
        // them, the fascial planes are effaced as if fully inflamed.)
        let inflamed = 0;
        const binding = (t === Tissue.edema || t === Tissue.muscle) && outsideClosing[i]! > BINDING;
        if (binding) inflamed = 1;
        else if (t === Tissue.edema) {
          // How edematous: strongest against the deposits and fading over one to three centimetres, farther on one side
          // than another (edemaStrength), and mottled: brighter and fainter patches of a few millimetres, stretched
          // along the fibres (head to feet), so a coronal section shows them as streaks and an axial one as a haze.
          const e = edemaStrength(sources, x, y, z, nearest) * Math.min(1, intoEdema[i]! / EDEMA_MARGIN) * (1 - FASCIA_FADE * Math.max(0, 1 - fromFascia[i]! / FASCIA_MARGIN));
          inflamed = e;
          shown[Math.floor(r / k) * w + Math.floor(c / k)]! += (e * weight) / (k * k);
          const mottle = 0.6 * fbm3(x * 1.3, y * 1.3, z * 0.35, 7, 493) + 0.4 * noise3(x, y, z * 0.5, 3, 494);
          const amount = Math.max(0, Math.min(1, e * (0.85 + 0.5 * mottle)));
          const u = under![i]!;
          const m = model.parts[u]!.tissue === Tissue.muscle ? signalAt(Tissue.muscle, seq, x, y, z, grainHere) * muscleTone[u]! : signalAt(Tissue.fat, seq, x, y, z, grainHere);
          s = m + (s - m) * amount * amount * (3 - 2 * amount);
        }
        // Fascial planes between neighbouring muscles: fat of varying width (about 0.8 or 1.6 mm on each side, whatever
        // the pixel size, and in places a broader cleft of fat), so muscles can be told apart. The fat comes and goes
        // along a plane: full in places, half that in others; between the heads of one muscle group (the vasti, the
        // adductors) a little fainter. (Any fainter, and the quadriceps' heads merge into one block on the femur series.)
        const mi = muscleAt(i);
        if (isMuscle(mi) && c >= k3 && r >= k3 && c < fw - k3 && r < fine.rows - k3) {
          const other = (q: number) => q !== mi && isMuscle(q);
          const first = (d: number): number => [muscleAt(i - d), muscleAt(i + d), muscleAt(i - d * fw), muscleAt(i + d * fw)].find(other) ?? -1;
          const wide = fbm3(x, y, z, 16, 480);
          const cleft = fbm3(x, y, z, 30, 482) > 0.3;
          const nearQ = first(k1);
          const farQ = nearQ < 0 && (wide > 0.1 || cleft) ? first(k2) : -1;
          const q = nearQ >= 0 ? nearQ : farQ >= 0 ? farQ : cleft ? first(k3) : -1;
          if (q >= 0) {
            const group = model.parts[mi]!.structure;
            const kin = group !== undefined && model.parts[q]!.structure === group;
            const strength = Math.max(0.5, Math.min(1, 0.85 + 0.5 * fbm3(x, y, z, 12, 481))) * (kin ? 0.8 : 1);
            // (Inflammation infiltrates the planes' fat: where the muscle is edematous they fade, and next to the
            // deposits they are effaced.)
            const f = (nearQ >= 0 ? 0.5 + 0.4 * Math.max(0, wide) : 0.45) * strength * (1 - 0.9 * inflamed);
            s = (1 - f) * s + f * fatSignal;
          }
        }
        // Bone always has a dark cortical rim on MR, about 1.5 mm (two sub-samples) thick, even where the model gives a
        // part no cortex of its own.
        if (t === Tissue.cancellous && c > 1 && r > 1 && c < fw - 2 && r < fine.rows - 2) {
          const soft = (q: number) => q === AIR || (model.parts[q]!.tissue !== Tissue.cancellous && model.parts[q]!.tissue !== Tissue.cortical && !model.parts[q]!.marrow);
          if (soft(labels[i - 1]!) || soft(labels[i + 1]!) || soft(labels[i - fw]!) || soft(labels[i + fw]!)) s = tissueSignal(Tissue.cortical, seq);
          else if (soft(otherHalf[i]!)) s = 0.35 * s + 0.65 * tissueSignal(Tissue.cortical, seq);
          else if (soft(labels[i - 2]!) || soft(labels[i + 2]!) || soft(labels[i - 2 * fw]!) || soft(labels[i + 2 * fw]!)) s = 0.3 * s + 0.7 * tissueSignal(Tissue.cortical, seq);
        }
        // The fibrous tissue binding the lobules: low on both sequences (FIBROUS), a little of what lies beneath
        // showing through.
        if (binding) s = 0.3 * s + 0.7 * FIBROUS[seq] * (1 + 0.15 * grainHere);
        const texture = model.parts[pi]!.mrTexture;
        // The deep fascia (fascia lata in the thigh): a thin dark line where the subcutaneous fat meets the muscles,
        // stronger in some places than in others.
        if (texture === 'deep fascia' && c >= k1 && r >= k1 && c < fw - k1 && r < fine.rows - k1) {
          const deep = isMuscle(muscleAt(i - k1)) || isMuscle(muscleAt(i + k1)) || isMuscle(muscleAt(i - k1 * fw)) || isMuscle(muscleAt(i + k1 * fw));
          if (deep) s *= 1 - 0.45 * Math.max(0.3, Math.min(1, 0.7 + fbm3(x, y, z, 20, 486)));
        }
        // The rim of fat round the sciatic nerve is thin and uneven: in places it thins out to nothing.
        if (texture === 'patchy rim') {
          const keep = Math.max(0, Math.min(1, 0.45 + 1.2 * noise3(x, y, z * 0.5, 5, 495)));
          s = keep * s + (1 - keep) * signalAt(Tissue.muscle, seq, x, y, z, 0);
        }
        // The seminal vesicles are coiled tubes: fluid lumina divided by thin folded walls, not bands of even signal.
        if (texture === 'folded lumen') s *= 1 - 0.65 * ridge(noise3(x * 1.2, y * 1.2, z, 4.5, 496), 0.12);
        // The cauda equina: the nerve roots run down through the dural sac as dark strands in the bright fluid.
        if (texture === 'nerve roots') s *= 1 - 0.7 * ridge(noise3(x, y, z * 0.1, 2.4, 498), 0.3);
        // A degenerating disc's nucleus: grey on T1, moderately bright on STIR.
        if (texture === 'disc nucleus') s = (seq === 'T1' ? 0.36 : 0.5) * (1 + 0.1 * grainHere);
        // Veins carry slow flow: grey, not the black flow void of an artery.
        if (texture === 'slow flow') s = seq === 'T1' ? 0.3 : 0.34;
        // Tendon: collagen with hardly any signal on either sequence.
        if (texture === 'tendon') s = (seq === 'T1' ? 0.07 : 0.05) * (1 + 0.2 * grainHere);
        img.data[i]! += s * weight;
      }
    }
  }
  // Only the matrix's band of spatial frequencies is acquired: outlines are softened over about a pixel and a sharp
  // edge (fat against muscle, the skin) rings faintly, as on a real scanner.
  const blurred = truncateKSpace(img, k, w, h);
  const centre = labelPlane(model.parts, order, grid, 0, true, MR_WARP, MR_SOFT_WARP, MR_DEPOSIT_WARP, SECTION_BEND);
  // Surface coils: brighter near the front and back of the body, a little brighter on the patient's left. (Mild, as
  // after the scanner's intensity correction: the fatty marrow in the middle of the pelvis stays close to the
  // subcutaneous fat.)
  const sigma = seq === 'T1' ? 0.022 : 0.03;
  const pixels = new Uint16Array(w * h);
  for (let r = 0; r < h; r++) {
    for (let c = 0; c < w; c++) {
      const i = r * w + c;
      const p = [grid.origin[0] + grid.colDir[0] * c * grid.colSpacing + grid.rowDir[0] * r * grid.rowSpacing,
        grid.origin[1] + grid.colDir[1] * c * grid.colSpacing + grid.rowDir[1] * r * grid.rowSpacing] as const;
      const ay = (p[1] - 20) / 130;
      const shade = 0.85 + 0.2 * ay * ay + 0.04 * (p[0] / 200);
      const s = blurred.data[i]! * shade;
      const n1 = rng.gauss() * sigma;
      const n2 = rng.gauss() * sigma;
      const v = Math.sqrt((s + n1) * (s + n1) + n2 * n2) * SIGNAL_SCALE;
      pixels[i] = Math.min(4095, Math.round(v));
    }
  }
  const edema = new Uint8Array(w * h);
  // (Where the slice's centre shows edema too: not a deposit's edge that only one half of the slice has.)
  for (let i = 0; i < edema.length; i++) edema[i] = shown[i]! > EDEMA_SHOWN && centre[i]! !== AIR && model.parts[centre[i]!]!.overlay ? 1 : 0;
  return { grid, pixels, labels: centre, edema };
}

/**
 * Band-limits an image sampled k times finer than the matrix to the matrix's k-space (frequencies up to its Nyquist
 * limit, with a gentle roll-off over the outer part, as a scanner's reconstruction filter does) and samples it at the
 * matrix's pixel centres. In image space that is a separable convolution with a windowed, periodic sinc.
 */
function truncateKSpace(img: Raster, k: number, w: number, h: number): Raster {
  // The taps for an output pixel c act on sub-samples k·c - reach .. k·c + reach + k - 1; tap t sits at the distance
  // (in sub-samples) from that pixel's centre, (k - 1) / 2 + reach - t. Every pixel uses the same taps.
  const kernel = (n: number): Float64Array => {
    const fine = n * k;
    const half = n / 2;
    const reach = 12 * k;
    const taps = new Float64Array(2 * reach + k);
    for (let t = 0; t < taps.length; t++) {
      const d = (k - 1) / 2 - (t - reach);
      let v = 0;
      for (let m = -half; m <= half; m++) {
        const f = Math.abs(m) / half;
        const apod = (f < 0.55 ? 1 : 0.5 + 0.5 * Math.cos((Math.PI * (f - 0.55)) / 0.45)) * (Math.abs(m) === half ? 0.5 : 1);
        v += apod * Math.cos((2 * Math.PI * m * d) / fine);
      }
      taps[t] = v;
    }
    const sum = taps.reduce((a, b) => a + b, 0);
    for (let t = 0; t < taps.length; t++) taps[t]! /= sum;
    return taps;
  };
  const apply = (src: Float32Array, srcW: number, srcH: number, n: number, alongRows: boolean): Float32Array => {
    const taps = kernel(n);
    const reach = (taps.length - k) / 2;
    const outW = alongRows ? n : srcW;
    const outH = alongRows ? srcH : n;
    const out = new Float32Array(outW * outH);
    const len = alongRows ? srcW : srcH;
    for (let line = 0; line < (alongRows ? srcH : srcW); line++) {
      for (let c = 0; c < n; c++) {
        let acc = 0;
        for (let t = 0; t < taps.length; t++) {
          const j = k * c - reach + t;
          if (j < 0 || j >= len) continue;
          acc += taps[t]! * src[alongRows ? line * srcW + j : j * srcW + line]!;
        }
        out[alongRows ? line * outW + c : c * outW + line] = acc;
      }
    }
    return out;
  };
  const rows = apply(img.data, img.width, img.height, w, true);
  return { width: w, height: h, data: apply(rows, w, img.height, h, false) };
}
