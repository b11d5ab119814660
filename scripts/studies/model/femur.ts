// The left femur, patella and proximal tibia of the anatomy model (patient LPS millimetres; mirrored and internally
// rotated for the right side by anatomy.ts).
import type { Vec3 } from '../util/vec';
import { add, scale, sub, normalize, dot, norm } from '../util/vec';
import { type Shape, sphere, cylinder, orientedEllipsoid, segmentEllipsoid, withClips, inset, rod } from './shapes';
import { type Part, part, Priority } from './parts';
import { Tissue } from './tissues';
import { catmullRom, catmullRomPoint } from '../util/spline';

export interface FemurLandmarks {
  femoralHead: Vec3;
  femoralHeadRadius: number;
  greaterTrochanter: Vec3;
  lesserTrochanter: Vec3;
  knee: Vec3;
}

/**
 * A rod of elliptic cross-section along a Catmull-Rom curve through the points, with its own semi-axes at each point
 * (ru toward `hint`, rv across it), finely subdivided where the section changes fast so the outline has no steps: elliptic
 * cylinders between the subdivision points, joined by ellipsoids. `ends` gives the axial semi-axis of the two end caps.
 */
function sweep(points: Vec3[], ru: number[], rv: number[], hint: Vec3, ends: [number, number], minSteps = 3, maxStep = 0.5): Shape[] {
  const pts: Vec3[] = [];
  const us: number[] = [];
  const vs: number[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const steps = Math.max(minSteps, Math.ceil(Math.max(Math.abs(ru[i + 1]! - ru[i]!), Math.abs(rv[i + 1]! - rv[i]!)) / maxStep));
    for (let k = 0; k < steps; k++) {
      const t = k / steps;
      pts.push(catmullRomPoint(points, i, t));
      // The radii follow the same spline, so the outline has no kinks at the points.
      us.push(catmullRom(ru, i, t));
      vs.push(catmullRom(rv, i, t));
    }
  }
  pts.push(points[points.length - 1]!);
  us.push(ru[ru.length - 1]!);
  vs.push(rv[rv.length - 1]!);
  const out: Shape[] = [];
  const n = pts.length;
  const along = [0];
  for (let i = 1; i < n; i++) along.push(along[i - 1]! + norm(sub(pts[i]!, pts[i - 1]!)));
  for (let i = 0; i + 1 < n; i++) out.push(cylinder(pts[i]!, pts[i + 1]!, (us[i]! + us[i + 1]!) / 2, (vs[i]! + vs[i + 1]!) / 2, hint));
  for (let i = 0; i < n; i++) {
    const a = pts[Math.max(0, i - 1)]!;
    const b = pts[Math.min(n - 1, i + 1)]!;
    const u = i === 0 || i === n - 1 ? us[i]! : (us[i]! + (us[i - 1]! + us[i + 1]!) / 2) / 2;
    const v = i === 0 || i === n - 1 ? vs[i]! : (vs[i]! + (vs[i - 1]! + vs[i + 1]!) / 2) / 2;
    // A joint rounds over the steps between the pieces; near the ends it is shortened along the axis so that it stays
    // inside the end caps.
    const w = i === 0 ? ends[0] : i === n - 1 ? ends[1] : Math.min(Math.max(u, v), along[i]! + ends[0], along[n - 1]! - along[i]! + ends[1]);
    out.push(orientedEllipsoid(pts[i]!, normalize(sub(b, a)), u, v, w, hint));
  }
  return out;
}

/** Piecewise-linear lookup of a table of [z, ...values] rows (z decreasing). */
function atZ(table: number[][], z: number): number[] {
  for (let i = 0; i + 1 < table.length; i++) {
    const a = table[i]!;
    const b = table[i + 1]!;
    if (z <= a[0]! && z >= b[0]!) {
      const t = (z - a[0]!) / (b[0]! - a[0]!);
      return a.map((v, k) => v + (b[k]! - v) * t);
    }
  }
  return z > table[0]![0]! ? table[0]! : table[table.length - 1]!;
}

/** The femoral shaft's rows: z, x, y, outer semi-axes (ML, AP), canal semi-axes (ML, AP) (see femurParts). */
const SHAFT: number[][] = [
  [-27, 135, 12, 14.5, 13.8, 13.4, 12.8],
  [-36, 132, 11, 16, 15.2, 14.4, 13.7],
  [-48, 128, 10, 15.4, 14.6, 12.4, 11.8],
  [-80, 126, 6.4, 13.6, 13, 8.6, 8.2],
  [-110, 124, 1.8, 12.9, 12.6, 7.5, 7.3],
  [-180, 118, -5, 12.3, 12.5, 7, 6.8],
  [-250, 111, -5.6, 12.3, 12.6, 7.1, 6.9],
  [-292, 106, -3, 13.1, 13.3, 7.9, 7.7],
  [-328, 101, 1, 15.2, 14.8, 10, 9.6],
  [-352, 97.6, 4.4, 17.6, 17, 14.2, 12.8],
  [-372, 94.6, 7.8, 21.1, 20, 18.5, 17.2],
  [-388, 92.6, 10.8, 26.6, 23, 24.6, 21],
  [-396, 91.8, 12.2, 30.2, 24, 28.9, 22.8],
  [-404, 91, 13.6, 32.8, 24.8, 31.7, 23.7],
];

/**
 * The shaft (outer semi-axes), linea aspera and calcar as first modelled (a shaft about 10 % wider, with a lower ridge):
 * the deposits were scattered around this outline, and keep their places (Part.placement).
 */
const FIRST_OUTLINE = {
  shaft: [
    [-27, 135, 12, 14.5, 13.8],
    [-36, 132, 11, 16, 15.2],
    [-48, 128, 10, 16, 15.2],
    [-80, 126, 6.4, 14.6, 13.9],
    [-110, 124, 1.8, 14, 13.6],
    [-180, 118, -5, 13.5, 13.6],
    [-250, 111, -5.6, 13.4, 13.7],
    [-292, 106, -3, 14.2, 14.2],
    [-328, 101, 1, 15.8, 15.2],
    ...SHAFT.slice(9),
  ],
  linea: [[-96, 1.4], [-130, 3.2], [-180, 4.2], [-240, 4.2], [-290, 3.2], [-322, 1.4]] as [number, number][],
  ridge: { crest: (r: number) => 0.35 * r - 2.6, width: 1, base: () => -1.8, baseWidth: 1.8 },
  calcar: [[91, 2.8, -21], [100, 4.9, -28.2], [107.5, 7, -37.5], [112, 8.5, -48], [113.5, 8, -62], [114, 6.5, -78]] as Vec3[],
};

/** Left femur, patella and the top of the tibia and fibula. */
export function femurParts(L: FemurLandmarks): Part[] {
  const H = L.femoralHead;
  const neckDir = normalize([0.74, 0.17, -0.62]);
  // ---- Proximal femur: head, neck, trochanters, calcar. ----
  // The head is nearly a sphere, with the shallow pit of the fovea capitis on its medial face, a little below and behind
  // its centre.
  const fovea = normalize([-0.9, 0.22, -0.38]);
  const head = sphere(H, L.femoralHeadRadius, [{ n: fovea, d: dot(fovea, H) + L.femoralHeadRadius - 1.6 }]);
  // The neck widens from its waist toward both ends: into the head, and most into its base, where it runs without a
  // notch into the intertrochanteric region between the trochanters (so the proximal femur is one solid, not a Y).
  // Rows: distance from the head's centre along the neck's axis, semi-axes within the frontal plane and front to back.
  const neckRows = [[8, 18.5, 16], [24, 15.5, 13], [38, 18, 14.5], [50, 23, 16]];
  const neck = sweep(neckRows.map(([t]) => add(H, scale(neckDir, t!))), neckRows.map((r) => r[1]!), neckRows.map((r) => r[2]!), [0, 0, 1], [10, 12]);
  const outer: [Shape, number][] = [
    [head, 1.2],
    ...neck.map((s): [Shape, number] => [s, 1.6]),
    // The head-neck junction flares into the head, so the head's rim does not show across the neck.
    [orientedEllipsoid(add(H, scale(neckDir, 14)), neckDir, 18.5, 17, 10, [0, 0, 1]), 0],
    // The intertrochanteric region: broad and solid from the greater trochanter down to the lesser, its medial face the
    // calcar's concave sweep from the inferior neck into the medial cortex of the shaft.
    [orientedEllipsoid([128, 11, -40], [0.1, 0, 1], 18, 15, 26), 1.4],
    // The greater trochanter rises above the neck's upper border (the trochanteric fossa between them); its lateral
    // face continues the lateral cortex of the shaft.
    // (Broad and blunt-topped: wider from side to side than a round tip would be.)
    // (Tall, and set in so that its lateral face runs on into the shaft's without a bulge.)
    [orientedEllipsoid(add(L.greaterTrochanter, [-3, 0, -7]), [0.2, 0, 1], 14, 16, 21), 1.3],
  ];
  // ---- Shaft and distal metaphysis. ----
  // One smooth rod from the trochanteric flare to just above the condyles. The shaft keeps its medial course (AP view)
  // and bows forward (lateral view: the mid-shaft lies about 15 mm in front of the line joining its ends); it narrows
  // toward its middle, where the cortex is thickest (about 25 mm across there, a little over half the head's diameter,
  // from 31 mm below the lesser trochanter, so its outline tapers instead of running parallel), and widens into the
  // metaphysis, which flares mostly from side to side and backward toward the condyles while its front runs straight
  // down to the trochlea. The cortex thins smoothly from the diaphysis into the metaphysis.
  // The notch between the condyles is open below and behind: the bottom of the metaphysis and the trochlea in front
  // end in its roof, which slopes up backward (Blumensaat's line on the lateral view), with a thin cortex of its own.
  // The roof is an arch from side to side, highest in the middle of the notch: two planes meeting along a ridge, so on
  // the lateral view the line is crisp along the ridge and fades to either side.
  // (Its front end meets the trochlea a little above the condyles' distal surface, behind the trochlear groove.)
  const roofRidge: Vec3 = [90, 11, -432];
  const roofHalves = [1, -1].map((side) => {
    const n = normalize([18 * side, 34, -26]);
    return { side: { n: [side, 0, 0] as Vec3, d: side * roofRidge[0] }, n, d: dot(n, roofRidge) };
  });
  const roofed = (s: Shape, by: number): Shape[] =>
    s.center[2] < -360 ? roofHalves.map((h) => withClips(s, [h.side, { n: h.n, d: h.d - by }])) : [s];
  // The outer surface of the shaft and of the linea aspera on it, for rows of the shaft's outer semi-axes and of the
  // ridge's radius r: a ridge of solid cortex down the back of the middle of the shaft, tapering into it at both ends
  // (its section an ellipse `width`·r wide and 0.8·r deep, centred `crest(r)` off the shaft's posterior surface), on a
  // broad base that rises out of the posterior cortex over a centimetre or two from side to side (`baseWidth`·r wide and
  // 0.65·r deep, centred `base(r)` off it).
  interface Ridge { crest: (r: number) => number; width: number; base: (r: number) => number; baseWidth: number }
  const shaftSurface = (rows: number[][], ridgeRows: [number, number][], ridge: Ridge): Shape[] => {
    const pts = rows.map(([z, x, y]): Vec3 => [x!, y!, z!]);
    const surface = sweep(pts, rows.map((r) => r[3]!), rows.map((r) => r[4]!), [1, 0, 0], [13.5, 10], 3, 0.25).flatMap((s) => roofed(s, 0));
    const crest: Vec3[] = [];
    const base: Vec3[] = [];
    const radii = ridgeRows.map(([, r]) => r);
    for (const [z, r] of ridgeRows) {
      const [, x, y, , rv] = atZ(rows, z) as [number, number, number, number, number];
      crest.push([x - 1, y + rv + ridge.crest(r), z]);
      base.push([x - 1, y + rv + ridge.base(r), z]);
    }
    return [
      ...surface,
      ...sweep(crest, radii.map((r) => r * ridge.width), radii.map((r) => r * 0.8), [1, 0, 0], [2, 2], 3, 0.5),
      ...sweep(base, radii.map((r) => r * ridge.baseWidth), radii.map((r) => r * 0.65), [1, 0, 0], [2, 2], 3, 0.5),
    ];
  };
  // (A narrow crest standing about 4 mm off the back of the mid-shaft, so a section there is a teardrop pointing
  // backward, not a ring with a bump.)
  const shaftShapes = shaftSurface(SHAFT, [[-96, 1.6], [-130, 3.8], [-180, 5.2], [-240, 5.2], [-290, 3.8], [-322, 1.6]], { crest: () => 0, width: 0.55, base: (r) => -0.35 * r, baseWidth: 1.7 });
  // The canal is not centred in the diaphysis: the posterior cortex, under the linea aspera, is the thickest, so the
  // canal sits about 1.5 mm forward of the shaft's axis there (a section shows a cortex of uneven thickness).
  const forward = (z: number) => 1.5 * Math.max(0, Math.min(1, (-80 - z) / 40, (z + 335) / 40));
  const canalPts = SHAFT.map(([z, x, y]): Vec3 => [x!, y! - forward(z!), z!]);
  const canal = sweep(canalPts, SHAFT.map((r) => r[5]!), SHAFT.map((r) => r[6]!), [1, 0, 0], [12.6, 8.6], 3, 0.3).flatMap((s) => roofed(s, 1));
  // The lesser trochanter: a knob pointing backward and a little medially from the posteromedial shaft (on a frontal
  // view in neutral rotation it shows as a small bump on the medial cortex).
  // (It stands about 8 mm off the medial cortex on a frontal view in neutral rotation, its base long along the shaft.)
  // (A cone about 15 mm across at its base.)
  const lesser = segmentEllipsoid([119, 12, -54], add(L.lesserTrochanter, [-7, 1, -4]), 8.5, 6.5, [0, 0, 1], 1);
  // Mostly cortical bone, so it shows as a dense knob rather than a ring.
  outer.push([lesser, 4]);
  // ---- Distal femur. ----
  // The metaphysis flares out to the epicondyles, where the condyles take over the outline: two side by side, the
  // medial one reaching a little lower, with the notch between them; in front the trochlea joins them, continuing the
  // front of the metaphysis down and round into the distal surface. On the lateral view each condyle is J-shaped: a
  // tight curve behind, bulging behind the back of the metaphysis, that opens into a long flat curve along the distal
  // surface and on forward into the trochlea. Each is the union of a rounder posterior part and a flat distal one.
  const condyle = (x: number, tilt: number, grow: number): [Shape, Shape] => [
    orientedEllipsoid([x, 29.5, -410 + grow * 0.5], [tilt, 0, 1], 14 + grow * 0.5, 20.5 + grow, 18.5 + grow, [1, 0, 0]),
    orientedEllipsoid([x, 17, -416.5], [tilt, 0, 1], 14.5 + grow * 0.5, 24.5 + grow * 0.5, 16 + grow, [1, 0, 0]),
  ];
  const [medialBack, medialDistal] = condyle(69, 0.08, 1.5);
  const [lateralBack, lateralDistal] = condyle(110, -0.05, 0);
  const trochlea = orientedEllipsoid([90, 8, -410], [0, 0, 1], 24, 19, 23, [1, 0, 0]);
  outer.push([medialBack, 1.1], [medialDistal, 1.1], [lateralBack, 1.1], [lateralDistal, 1.1]);
  // Marrow-filled bone where the condyles rise into the metaphysis (no shell of its own): the condyles' outlines run
  // on into the metaphysis's posterior cortex instead of showing as circles inside the bone.
  const condyleBlends: Shape[] = [
    orientedEllipsoid([90, 20, -398], [0, 0, 1], 26, 18, 10, [1, 0, 0]),
    // (and, in front, where they join the trochlea, so only their posterior and distal contours show on a lateral film)
    orientedEllipsoid([90, 13, -405], [0, 0, 1], 29, 15, 14, [1, 0, 0]),
  ];
  // (Between the condyles both stop at the notch's roof, so Blumensaat's line runs on up to the back of the metaphysis.
  // The walls get no plate of their own: seen face on from the side, a flat plate would print its outline.)
  const notchMedial = 84;
  const notchLateral = 95.5;
  const notchWalls = (s: Shape, by: number): Shape[] => [
    withClips(s, [{ n: [1, 0, 0], d: notchMedial }]),
    withClips(s, [{ n: [-1, 0, 0], d: -notchLateral }]),
    ...roofed(s, by),
  ];
  const cortexOuter = [...outer.map(([s]) => s), ...condyleBlends.flatMap((s) => notchWalls(s, 0)), ...shaftShapes, ...roofed(trochlea, 0)];
  const firstOuter = [...outer.map(([s]) => s), ...condyleBlends.flatMap((s) => notchWalls(s, 0)),
    ...shaftSurface(FIRST_OUTLINE.shaft, FIRST_OUTLINE.linea, FIRST_OUTLINE.ridge), ...roofed(trochlea, 0)];
  const calcarRadii = [3.6, 5, 6.2, 6.6, 5.6, 3.6];
  const medulla = [...outer.map(([s, c]) => inset(s, c)), ...condyleBlends.flatMap((s) => notchWalls(s, 1)), ...canal, ...roofed(inset(trochlea, 1.0), 1)];
  // The diaphysis's canal holds fatty marrow with hardly any trabeculae, so on a film the shaft's middle is lucent
  // between the cortices; toward the metaphyses the fat narrows to a point inside the cancellous bone, so the density
  // changes gradually.
  // Rows: z, and the share of the canal's semi-axes the fat takes there.
  const fatty = ([[-92, 0.15], [-120, 0.8], [-150, 1], [-250, 1], [-290, 0.8], [-322, 0.15]] as const).map(([z, share]) => {
    const [, x, y, , , ru, rv] = atZ(SHAFT, z) as [number, number, number, number, number, number, number];
    return { at: [x, y, z] as Vec3, ru: ru * share, rv: rv * share };
  });
  const fattyCanal = sweep(fatty.map((f) => f.at), fatty.map((f) => f.ru), fatty.map((f) => f.rv), [1, 0, 0], [3, 3], 3, 0.3);
  // ---- Patella. ----
  // In front of the trochlea across a thin joint space: a broad base above, the apex pointing down. Its cortex is a
  // plate on the front, thinning out toward the margins, so that on the frontal view the patella is a faint oval
  // through the distal femur with no ring of its own; the subchondral plate behind is the denser.
  const patellaAxis = normalize([0, -0.14, 1]);
  // (Its lower pole about a patella's length above the tuberosity: the patellar tendon is as long as the patella.)
  const patellaCentre: Vec3 = [91, -23, -408];
  const front = normalize([0, -1, -0.14]);
  // Its back, the articular surface facing the trochlea, is two facets meeting at a vertical ridge, the lateral facet
  // the broader. They cut off only the back of the ellipsoid, so on the lateral view the back is convex too, the ridge
  // a short dense line behind a thick bone rather than a straight cut the length of it.
  const back: Vec3 = [0, -front[1], -front[2]];
  const ridge = add(patellaCentre, scale(back, 10));
  const facet = (side: number): { n: Vec3; d: number } => {
    const n = normalize(add(back, [side, 0, 0]));
    return { n, d: dot(n, ridge) };
  };
  const facets = [facet(0.55), facet(-0.7)];
  const patellaBody = orientedEllipsoid(patellaCentre, patellaAxis, 21, 12.5, 20, [1, 0, 0], facets);
  const patellaApex = withClips(segmentEllipsoid([91, -23, -411], [91, -20, -431], 12, 9, [1, 0, 0], 1), facets);
  const behindFront = { n: front, d: dot(front, patellaCentre) + 12.5 - 2.6 };
  // Behind, a subchondral plate under the articular cartilage, and a thin one round the margins.
  const subchondral = facets.map((f) => ({ n: f.n, d: f.d - 2.2 }));
  const patellaMarrow = [withClips(inset(patellaBody, 1.1), [behindFront, ...subchondral]), withClips(inset(patellaApex, 1.1), [behindFront, ...subchondral])];
  // ---- Proximal tibia and fibula. ----
  // The plateau is the joint line, a few millimetres of cartilage below the condyles; the tibial spines
  // rise into the notch; the tuberosity in front; the fibular head posterolateral, below the plateau.
  // The plateau is widest at its rim and overhangs the metaphysis in front and behind, whose outline then runs concave
  // down into the shaft (from about 53 mm front to back at the plateau to 35 mm four centimetres below it, so the lateral
  // view shows a flared head on a slimmer neck rather than a block).
  // (Its rim is rounded: the sweep's upper end cap is a low dome that the plateau's plane cuts through, so the plateau
  // meets the front and back of the tibia in a curve, not a square corner.)
  // (The cap's widest section lies 3 mm below the plateau, so the rim curves over about 4 mm into the front and back of
  // the tibia.)
  const tibiaPts: Vec3[] = [[88, 16, -442.5], [88, 16, -446], [88, 16.5, -454], [88, 17.5, -466], [87.5, 18, -486], [87, 18, -510], [86, 18, -540], [86, 18, -600]];
  // The plateau slopes down backward by about 8°.
  const slope = normalize([0, 0.14, 1]);
  const plateau = { n: slope, d: (-439 + 0.14 * 16) * slope[2] };
  const tibiaOuter = sweep(tibiaPts, [37.5, 37, 33.5, 27.5, 21.5, 18.5, 17, 17], [26.5, 25, 21, 17.5, 15.8, 15.2, 14.8, 14.8], [1, 0, 0], [8, 15], 3, 0.3).map((s) => withClips(s, [plateau]));
  const tibiaCanal = sweep(tibiaPts, [36.2, 35.7, 32.1, 26.1, 19.8, 16.4, 14.6, 14.6], [25.2, 23.7, 19.7, 16.2, 14.4, 13.2, 12.6, 12.6], [1, 0, 0], [7, 15], 3, 0.4)
    .map((s) => withClips(s, [{ n: slope, d: (-440.4 + 0.14 * 16) * slope[2] }]));
  // The lateral plateau is convex from front to back, the medial flat to concave: on the lateral view two joint lines,
  // the lateral one a low arch above the medial.
  const lateralPlateau = orientedEllipsoid([101, 18, -445.5], slope, 13, 24, 8, [1, 0, 0]);
  const tibia: [Shape, number][] = [
    [lateralPlateau, 1.2],
    // Tibial spines (intercondylar eminence) and the tuberosity.
    // (Two peaks about 8 mm high, the medial a little taller, in the middle of the plateau.)
    [orientedEllipsoid([84, 15, -441], [0.15, 0, 1], 3, 6, 8.5, [1, 0, 0]), 0.6],
    [orientedEllipsoid([93, 18, -441], [-0.15, 0, 1], 3, 5.5, 7.5, [1, 0, 0]), 0.6],
    // The tuberosity: the front of the tibia swells forward below the plateau and tapers down into the shin's anterior
    // border, so the anterior outline runs concave below the plateau, over the bump and on down without a step.
    ...sweep([[88, 1, -452], [88, -3, -468], [88, -2.5, -484], [88, 1.5, -500], [87.5, 6, -520]], [16, 19, 17, 12, 6], [7, 10, 9.5, 7, 3.5], [1, 0, 0], [6, 4], 3, 0.4)
      .map((sh): [Shape, number] => [sh, 0.8]),
  ];
  // The fibular head (the same as the whole-body model's, which continues it down the leg).
  const fibula: Shape[] = [sphere([112, 30, -470], 10), ...sweep([[111, 32, -478], [110, 33, -520]], [6.5, 6.2], [6.5, 6.2], [1, 0, 0], [6.5, 6.2])];
  return [
    part('left femur cortex', 'L', Tissue.cortical, Priority.cortical, cortexOuter, { structure: 'femur', placement: 'ignored' }),
    part('left femur as first modelled', 'L', Tissue.cortical, Priority.cortical, [...firstOuter, ...rod(FIRST_OUTLINE.calcar, calcarRadii, [0, 1, 0], 0.42)], { placement: 'only' }),
    part('left femur medulla', 'L', Tissue.cancellous, Priority.cancellous, medulla, { structure: 'femur' }),
    // The trochanter is a solid mass of cancellous bone, denser than the neck's: blending bone inside it, so on a film it
    // is not an empty outline.
    part('left greater trochanter bulk', 'L', Tissue.cancellous, Priority.cancellous, [orientedEllipsoid(add(L.greaterTrochanter, [-4, 0, -9]), [0.2, 0, 1], 11, 13, 18)], { structure: 'femur', blend: true }),
    // The calcar: the cortex of the neck's underside is much thicker than its top, and sweeps down into the medial cortex
    // of the shaft, so on a film a dense band edges the neck below (blending bone inside the outline, no line of its own).
    // (Set in a little from the first model's, with the slimmer shaft.)
    part('left femoral calcar', 'L', Tissue.cortical, Priority.cortical, rod([[91, 2.8, -21], [100, 4.9, -28.2], [107.5, 7, -37.5], [112.6, 8.5, -48], [114.3, 8, -62], [114.8, 6.5, -78]],
      calcarRadii, [0, 1, 0], 0.42), { structure: 'femur', blend: true, placement: 'ignored' }),
    // The scar of the distal growth plate: a faint, slightly denser band across the metaphysis above the notch.
    part('left distal femoral physeal scar', 'L', Tissue.cancellous, Priority.cancellous, [orientedEllipsoid([90, 15, -402], [0, 0.08, 1], 30, 22, 0.8, [1, 0, 0])], { structure: 'femur', blend: true }),
    part('left femur marrow canal', 'L', Tissue.fat, Priority.cancellous + 0.5, fattyCanal, { structure: 'femur', marrow: true }),
    part('left patella cortex', 'L', Tissue.cortical, Priority.cortical, [patellaBody, patellaApex]),
    part('left patella medulla', 'L', Tissue.cancellous, Priority.cancellous, patellaMarrow),
    part('left tibia cortex', 'L', Tissue.cortical, Priority.cortical, [...tibia.map(([s]) => s), ...tibiaOuter]),
    part('left tibia medulla', 'L', Tissue.cancellous, Priority.cancellous, [...tibia.map(([s, c]) => inset(s, c)), ...tibiaCanal]),
    part('left fibula cortex', 'L', Tissue.cortical, Priority.cortical, fibula),
    part('left fibula medulla', 'L', Tissue.cancellous, Priority.cancellous, fibula.map((s) => inset(s, 1.1))),
  ];
}
