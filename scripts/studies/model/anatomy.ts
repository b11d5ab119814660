// Normal anatomy of the pelvis and thighs (patient LPS millimetres; origin between the femoral heads), built for the left
// side and mirrored, with the right femur internally rotated as in the case.
import type { Vec3 } from '../util/vec';
import { cross, normalize, add, scale, sub, norm, dot } from '../util/vec';
import { type Shape, type HalfSpace, ellipsoid, sphere, cylinder, tube, rod, orientedEllipsoid, segmentEllipsoid, withClips, inset } from './shapes';
import { type Part, part, bone, mirrorPart, Priority, rotateShape } from './parts';
import { Tissue } from './tissues';

/** Landmarks used by the disease model, the projections and the ground truth (left side; mirror x for right). */
export const Landmarks = {
  femoralHead: [88, 0, 0] as Vec3,
  femoralHeadRadius: 23,
  greaterTrochanter: [138, 12, -16] as Vec3,
  lesserTrochanter: [108, 22, -64] as Vec3,
  ischialTuberosity: [62, 36, -66] as Vec3,
  pubicSymphysis: [0, -46, -28] as Vec3,
  knee: [86, 12, -418] as Vec3,
  /** Internal rotation of the right femur about its mechanical axis, degrees. */
  rightFemurInternalRotation: 22,
};

/** Points along the left sciatic nerve, from the greater sciatic notch to the popliteal fossa. */
export const sciaticPath: Vec3[] = [
  [48, 74, 52],
  [64, 70, 22],
  [80, 60, -12],
  [92, 52, -50],
  [96, 48, -100],
  [98, 46, -170],
  [97, 46, -250],
  [95, 47, -330],
  [93, 50, -400],
];

/**
 * A bone whose shapes have their own cortical thickness: the main outlines keep a real cortex, while the shapes that only
 * thicken or round out the bone (processes, tuberosities, metaphyseal flares) get a thin shell, so that where such a
 * shape bulges out of its neighbours it blends in instead of drawing its own crisp outline (0: a mass of cancellous bone
 * with no shell of its own, which also dissolves the shells of its neighbours where it overlaps them).
 */
function boneOf(name: string, side: 'L' | 'R' | 'M', shapes: [Shape, number][], structure?: string, base: number = Priority.cortical): Part[] {
  const extra = structure ? { structure } : {};
  return [
    part(`${name} cortex`, side, Tissue.cortical, base, shapes.map(([s]) => s), extra),
    part(`${name} medulla`, side, Tissue.cancellous, base + 1, shapes.map(([s, c]) => inset(s, c)), extra),
  ];
}
const thick = (shapes: Shape[], cortex: number): [Shape, number][] => shapes.map((s) => [s, cortex]);

/**
 * A rod through points subdivided along a Catmull-Rom curve, so its outline bends and tapers without visible steps
 * (where the radius changes fast, finer pieces keep each step of the outline under about half of `maxStep` mm).
 */
function smoothRod(points: Vec3[], radii: number[], hint: Vec3, flatten: number, minSteps = 4, maxStep = 1.5): Shape[] {
  const pts: Vec3[] = [];
  const rs: number[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const p0 = points[Math.max(0, i - 1)]!;
    const p1 = points[i]!;
    const p2 = points[i + 1]!;
    const p3 = points[Math.min(points.length - 1, i + 2)]!;
    const steps = Math.max(minSteps, Math.ceil(Math.abs(radii[i + 1]! - radii[i]!) / maxStep));
    for (let k = 0; k < steps; k++) {
      const t = k / steps;
      const t2 = t * t;
      const t3 = t2 * t;
      const c = (j: number) => 0.5 * (2 * p1[j]! + (-p0[j]! + p2[j]!) * t + (2 * p0[j]! - 5 * p1[j]! + 4 * p2[j]! - p3[j]!) * t2 + (-p0[j]! + 3 * p1[j]! - 3 * p2[j]! + p3[j]!) * t3);
      pts.push([c(0), c(1), c(2)]);
      rs.push(radii[i]! + (radii[i + 1]! - radii[i]!) * t);
    }
  }
  pts.push(points[points.length - 1]!);
  rs.push(radii[radii.length - 1]!);
  return rod(pts, rs, hint, flatten);
}

/** Body envelope: skin and subcutaneous fat. */
function envelope(): Part[] {
  const outer: Shape[] = [
    ellipsoid([0, 18, 66], [176, 122, 152]),
    ellipsoid([72, 70, -30], [92, 78, 80]),
    ellipsoid([-72, 70, -30], [92, 78, 80]),
    ellipsoid([0, 10, 10], [170, 120, 70]),
  ];
  for (const sx of [1, -1]) {
    // Finely stepped, so the thigh tapers without a visible step in the soft tissue where two pieces meet.
    outer.push(...smoothRod([[sx * 100, 16, -20], [sx * 100, 18, -150], [sx * 94, 18, -290], [sx * 86, 16, -440]], [98, 86, 72, 56], [1, 0, 0], 1, 4, 0.8));
  }
  return [
    part('skin', 'M', Tissue.skin, Priority.skin, outer, { envelope: true }),
    part('subcutaneous fat', 'M', Tissue.fat, Priority.fat, outer.map((s) => inset(s, 2.2)), { envelope: true }),
  ];
}

/** The iliac wing's plane: u from the sacroiliac joint toward the anterior superior spine, w upward and outward. */
const wingU = normalize([0.62, -0.78, 0]);
const wingW = normalize(sub([0.26, 0.2, 0.95], scale(wingU, dot([0.26, 0.2, 0.95], wingU))));
const wingV = normalize(cross(wingU, wingW));
const wingCenter: Vec3 = [90, 18, 78];
const WING_RU = 60;
const WING_RW = 62;
const wingAxes = (): [Vec3, Vec3, Vec3] => [wingU, wingV, wingW];
const wingEllipsoid = (center: Vec3, ru: number, rv: number, rw: number, clips: HalfSpace[] = []): Shape => ({
  kind: 'ellipsoid',
  center,
  axes: wingAxes(),
  radii: [ru, rv, rw],
  clips,
  bound: Math.max(ru, rv, rw),
});
/** A point on the wing's rim at angle a (0 = anterior superior spine, π/2 = top of the crest, π = posterior). */
const wingRim = (a: number, f = 0.97): Vec3 => add(wingCenter, add(scale(wingU, Math.cos(a) * WING_RU * f), scale(wingW, Math.sin(a) * WING_RW * f)));

/** Left hip bone: iliac wing and crest, supra-acetabular body, acetabular cup, pelvic brim, pubis, ischium. */
function leftHemipelvis(): Part[] {
  const H = Landmarks.femoralHead;
  // The acetabular opening faces lateral, anterior and down.
  const opening = normalize([0.72, -0.32, -0.62]);
  const nH = dot(opening, H);
  const P = Priority.pelvis;
  const crest: Vec3[] = [];
  const crestR: number[] = [];
  for (let k = 0; k <= 14; k++) {
    const a = Math.PI * (-0.02 + 1.0 * (k / 14));
    crest.push(wingRim(a));
    // Thick at the anterior spine and the iliac tubercle, thinner over the top, thick again posteriorly.
    crestR.push(3.9 + 1.6 * Math.exp(-(((a - 0.3) / 0.25) ** 2)) + 1.5 * Math.exp(-(((a - 3.0) / 0.3) ** 2)));
  }
  const ilium: [Shape, number][] = [
    // The thin wing (iliac fossa), cut off below where it merges into the body of the ilium.
    [wingEllipsoid(wingCenter, WING_RU, 7.5, WING_RW, [{ n: [0, 0, -1], d: -26 }]), 1.2],
    // The wing thickens toward the crest and toward the body of the ilium.
    // (Nested, so that the thickness grows in small terraces rather than one step with an outline.)
    ...([[0.8, 8.6, 0.66], [0.64, 9.8, 0.52], [0.48, 11, 0.38]] as const).map(([fu, rv, fw]): [Shape, number] => [wingEllipsoid(add(wingCenter, scale(wingW, -18)), WING_RU * fu, rv, WING_RW * fw, [{ n: [0, 0, -1], d: -26 }]), 0]),
    ...thick(smoothRod(crest, crestR, wingV, 0.85, 2), 0.7),
    // Body of the ilium above the acetabulum (dense supra-acetabular bone), merging into the wing and the spines.
    // (Kept clear of the roof of the acetabulum, whose dense crescent must not be dissolved.)
    ...([[19, 9, 23], [15, 11.5, 18], [11, 14, 13]] as const).map(([ru, rv, rw]): [Shape, number] => [orientedEllipsoid([88, 15, 47], [0.25, 0.05, 1], ru, rv, rw, [1, 0, 0]), 0]),
    [orientedEllipsoid([102, -7, 50], [0.3, -0.5, 0.8], 10, 12, 17, [1, 0, 0]), 0],
    // Anterior inferior spine: a low knob growing out of the front of the ilium's body, above the acetabular rim.
    [orientedEllipsoid([106, -20, 38], [0.2, -0.6, 0.75], 6.5, 5, 11, [1, 0, 0]), 0.3],
    // Posterior ilium: the auricular (sacroiliac) part and the thick margin of the greater sciatic notch.
    [orientedEllipsoid([56, 54, 80], [0.15, 0.25, 1], 9, 15, 28, [1, 0, 0]), 0],
    ...thick(rod([[58, 62, 98], [60, 46, 62], [68, 34, 36], [80, 26, 16]], [7, 6.5, 7.5, 10], [0.8, 0.6, 0], 0.7), 0.9),
    // Quadrilateral plate: the medial wall of the acetabulum, nearly edge-on (ilioischial line), thickening below into
    // the teardrop.
    [orientedEllipsoid([60, 14, 6], [0, 0.12, 1], 3.2, 14, 26, [0.96, 0.28, 0]), 0.9],
    [orientedEllipsoid([61, 6, -14], [0, 0.2, 1], 5, 9, 9, [1, 0, 0]), 0],
  ];
  const cup = withClips(sphere(H, 27.6), [{ n: opening, d: nH + 2 }]);
  // The acetabular roof (sourcil): a crescent of dense subchondral bone over the top of the head, thickest at its
  // middle and thinning out toward its ends (a solid shell of cortical bone down to the cartilage).
  const roofDown = normalize([-0.3, 0, -1]);
  const roof = withClips(ellipsoid(add(H, [1, 0, 2.4]), [26.6, 26, 27.2]), [{ n: roofDown, d: dot(roofDown, H) + 4 }, { n: opening, d: nH - 2 }]);
  // The pelvic brim (arcuate and iliopectineal lines), part of the bony ring of the pelvis.
  // A slim bar of solid cortex: on the frontal view it is one thin white line, not a tube with two walls.
  const brim = smoothRod([[50, 36, 90], [62, 24, 68], [68, 6, 46], [66, -14, 26], [54, -32, 6], [34, -42, -10], [19, -43, -25]], [2.8, 2.7, 3.1, 3.5, 3.2, 3.4, 3], [1, 0, 0], 1, 2);
  // Pubis: the superior ramus broad at the iliopubic eminence and slimmer medially, the body, and the flat inferior ramus
  // running into the ischial ramus, each of varying width.
  // The rami start and end inside the pubic body and the ischial tuberosity, so their rounded ends never show.
  const pubicBody: Vec3 = [10, -42, -36];
  const tuberosity: Vec3 = [60, 38, -64];
  const pubis: [Shape, number][] = [
    ...thick(smoothRod([[76, -16, 14], [64, -25, 5], [50, -32, -5], [34, -39, -15], [22, -42, -26], pubicBody], [10, 7.6, 5.8, 6, 7, 6.5], [0, 0, 1], 0.75, 3), 1.1),
    // The body's medial face is flat: the two bodies face each other across the narrow symphyseal joint.
    [orientedEllipsoid(pubicBody, [0.1, 0.15, 1], 10, 10, 19, [1, 0, 0], [{ n: [-1, 0, 0], d: -2.6 }]), 1.2],
    ...thick(smoothRod([pubicBody, [17, -35, -54], [27, -18, -66], [38, -2, -72], [50, 16, -74]], [7, 6, 4.4, 4.1, 5.2], [0, 1, 0], 0.6, 3), 1.0),
    // Where the ramus turns back into the tuberosity (along the beam on the frontal view) it widens and blends.
    ...thick(smoothRod([[48, 12, -74], [54, 26, -70], tuberosity], [5.2, 7.5, 9], [0, 1, 0], 0.8, 2), 0),
  ];
  const ischium: [Shape, number][] = [
    // The posterior column widens without a waist into the ischial tuberosity.
    ...thick(smoothRod([[84, 24, 8], [77, 28, -8], [70, 33, -28], [64, 36, -48], [61, 37, -60]], [12, 10.5, 9.6, 10.4, 10], [1, 0, 0], 0.8, 3), 1.3),
    [orientedEllipsoid(tuberosity, [0.2, 0.1, 1], 11.5, 12, 16.5), 0.6],
    // Ischial spine: a tapering point growing medially and backward out of the posterior column.
    ...thick(rod([[64, 40, -12], [56, 45, -16], [49, 50, -19]], [6, 4, 1.8], [0, 0, 1], 0.7), 0.4),
  ];
  const cartilage = part('left acetabular cartilage', 'L', Tissue.cartilage, Priority.cartilage, [
    withClips(sphere(H, 25.6), [{ n: opening, d: nH + 12 }]),
  ]);
  return [
    ...boneOf('left ilium', 'L', [...ilium, [cup, 1.2], [roof, 3.6], ...thick(brim, 4)], 'ilium', P),
    ...boneOf('left ischium', 'L', ischium, 'ischium', P),
    ...boneOf('left pubis', 'L', pubis, 'pubis', P),
    cartilage,
  ];
}

function leftFemur(): Part[] {
  const H = Landmarks.femoralHead;
  const neckDir = normalize([0.74, 0.17, -0.62]);
  const neckBase = add(H, scale(neckDir, 44));
  const shaftTop: Vec3 = [128, 10, -48];
  // The head is nearly a sphere, with the shallow pit of the fovea capitis on its medial face, a little below and behind
  // its centre.
  const fovea = normalize([-0.9, 0.22, -0.38]);
  const head = sphere(H, Landmarks.femoralHeadRadius, [{ n: fovea, d: dot(fovea, H) + Landmarks.femoralHeadRadius - 1.6 }]);
  const outer: [Shape, number][] = [
    [head, 1.2],
    [segmentEllipsoid(add(H, scale(neckDir, 6)), neckBase, 15.5, 13, [0, 0, 1], 5), 1.6],
    // The head-neck junction flares into the head, so the head's rim does not show across the neck.
    [orientedEllipsoid(add(H, scale(neckDir, 14)), neckDir, 18.5, 17, 10, [0, 0, 1]), 0],
    // The greater trochanter bulges backward a little from the flare of the shaft; the lesser trochanter is
    // posteromedial. Both thin-shelled.
    [orientedEllipsoid(add(Landmarks.greaterTrochanter, [1, 1, -4]), [0.2, 0, 1], 12, 15, 18.5), 0.7],
    // Distal metaphysis and condyles.
    [ellipsoid([90, 11, -392], [21, 21, 24]), 0.6],
    [ellipsoid([106, 18, -412], [20, 27, 24]), 0.9],
    [ellipsoid([70, 18, -414], [19, 27, 24]), 0.9],
  ];
  // The shaft narrows a little toward its middle, where the cortex is thickest, and widens into the metaphyses.
  // At the top it flares smoothly into the greater trochanter and the intertrochanteric region, where the cortex is thin.
  const shaftPts: Vec3[] = [[137, 12, -18], [132, 11, -36], shaftTop, [126, 7, -80], [124, 5, -110], [118, 0, -180], [111, -2, -250], [106, -2, -292], [101, 0, -328], [96, 4, -360], [92, 8, -392]];
  const shaftShapes = smoothRod(shaftPts, [13.5, 16, 16, 14.6, 14, 13.5, 13.5, 14.2, 15.6, 18, 22], [1, 0, 0], 0.95, 3, 0.35);
  const canal = smoothRod(shaftPts, [12.6, 14.4, 13, 11, 8.8, 7.4, 7.6, 8.4, 10, 13, 19], [1, 0, 0], 0.95, 3, 0.5);
  // The calcar: the inferior neck curves down into the thick medial cortex of the shaft.
  const calcar = smoothRod([add(H, scale(neckDir, 22)), [110, 6, -36], [116, 8, -58], [122, 8, -86]], [12.5, 13, 12.5, 10.5], [1, 0, 0], 1.1, 3);
  // The lesser trochanter: a knob pointing medially and backward from the posteromedial shaft.
  const lesser = segmentEllipsoid([120, 15, -56], add(Landmarks.lesserTrochanter, [-2, 1, -3]), 7.5, 6, [0, 0, 1], 1);
  outer.push([lesser, 0.45]);
  const cortexOuter = [...outer.map(([s]) => s), ...shaftShapes, ...calcar];
  const medulla = [...outer.map(([s, c]) => inset(s, c)), ...canal, ...calcar.map((s) => inset(s, 2.4))];
  const patella = ellipsoid([90, -34, -396], [21, 10, 24]);
  // The tibial plateau is flat on top (the joint line), not a rounded lens.
  const tibia = [ellipsoid([88, 14, -452], [40, 30, 18], [{ n: [0, 0, 1], d: -437 }]), cylinder([88, 16, -452], [86, 18, -600], 17, 15)];
  return [
    part('left femur cortex', 'L', Tissue.cortical, Priority.cortical, cortexOuter, { structure: 'femur' }),
    part('left femur medulla', 'L', Tissue.cancellous, Priority.cancellous, medulla, { structure: 'femur' }),
    // Thin-shelled: on the frontal view the patella is a faint oval through the distal femur.
    ...bone('left patella', 'L', [patella], 0.6),
    ...bone('left tibia', 'L', tibia, 2),
  ];
}

function sacrumAndSpine(): Part[] {
  const P = Priority.pelvis;
  // The sacrum runs down and back; it is a wedge, broad at the alae and narrow at the apex.
  const tilt = normalize([0, 0.5, -0.87]);
  const sacrum: Shape[] = [
    // Five fused segments, each narrower than the one above: broad down to S3 (the auricular surfaces), then tapering
    // quickly to the apex, with convex lateral borders.
    // (Finely stepped, so the lateral margins taper smoothly with only a hint of the segments.)
    ...Array.from({ length: 22 }, (_, k) => k / 3).map((i) => orientedEllipsoid(add([0, 46, 94], scale(tilt, 12 * i)), tilt, 4 + 46 * (1 - Math.pow(i / 7.2, 1.8)), 17 - 1.2 * i, 24 - i, [1, 0, 0])),
    // S1 body (its top is the promontory) and the alae reaching the sacroiliac joints.
    orientedEllipsoid([0, 40, 102], [0, 0.55, 0.83], 23, 16, 14, [1, 0, 0]),
    orientedEllipsoid([30, 46, 98], [0.2, 0.3, 0.93], 20, 17, 16, [1, 0, 0]),
    orientedEllipsoid([-30, 46, 98], [-0.2, 0.3, 0.93], 20, 17, 16, [1, 0, 0]),
    // The sacral part of the pelvic brim (anterior margin of the alae).
    ...rod([[-50, 36, 90], [-34, 32, 104], [-14, 30, 111], [14, 30, 111], [34, 32, 104], [50, 36, 90]], [4.5, 4.5, 4, 4, 4.5, 4.5], [0, 1, 0]),
    // Coccyx.
    ...rod([[0, 84, 28], [0, 94, 12], [0, 92, -4]], [7, 5, 3.5], [1, 0, 0], 0.7),
  ];
  const spine: [Shape, number][] = [];
  const discs: Shape[] = [];
  const levels: [number, number, number][] = [[136, 26, 44], [168, 18, 38], [200, 14, 42]];
  for (const [z, y, tp] of levels) {
    // The body: waisted at mid-height, flaring to rounded end-plate rims.
    spine.push([cylinder([0, y, z - 12.5], [0, y, z + 12.5], 23.6, 16.4, [1, 0, 0]), 1.0]);
    for (const e of [-1, 1]) spine.push([ellipsoid([0, y, z + e * 9.6], [24.8, 16.8, 3.6]), 0]);
    // Pedicles (seen end-on as oval rings), laminae, articular, spinous and transverse processes; all but the pedicles
    // are thin plates of bone that overlap and blend on the frontal view.
    for (const sx of [1, -1]) {
      spine.push([segmentEllipsoid([sx * 15, y + 10, z + 4], [sx * 16, y + 26, z + 4], 5, 7, [1, 0, 0], 1), 0.8]);
      spine.push([orientedEllipsoid([sx * 10, y + 32, z - 1], [0, 0.2, 1], 11, 4.5, 12, [1, 0, 0]), 0]);
      spine.push(...thick(rod([[sx * 14, y + 24, z + 4], [sx * (tp * 0.55 + 7), y + 27, z + 5], [sx * tp, y + 30, z + 8]], [5.5, 4, 2.6], [0, 0, 1], 0.55), 0.6));
      spine.push([orientedEllipsoid([sx * 15, y + 30, z + 13], [0.2, 0.1, 1], 4, 5.5, 7), 0], [orientedEllipsoid([sx * 13, y + 32, z - 11], [-0.2, 0.1, 1], 4, 5.5, 7), 0]);
    }
    spine.push([orientedEllipsoid([0, y + 46, z - 6], [0, 1, -0.3], 3.4, 7.5, 15, [1, 0, 0]), 0.6]);
    discs.push(cylinder([0, y - 1, z - 17], [0, y - 1, z - 12.5], 24, 16.5, [1, 0, 0]));
  }
  // Sacral foramina: short lucent channels through the front of the sacrum.
  const foramina: Shape[] = [];
  [0, 1, 2, 3].forEach((i) => {
    const c = add([0, 42, 98], scale(tilt, 20 + i * 19));
    const nrm = normalize(cross(tilt, [1, 0, 0]));
    for (const sx of [1, -1]) {
      const x = sx * (24 - i * 3);
      foramina.push(segmentEllipsoid(add([x, c[1], c[2]], scale(nrm, -14)), add([x, c[1], c[2]], scale(nrm, 4)), 4.8 - i * 0.7, 4.2 - i * 0.5, [1, 0, 0], 3));
    }
  });
  // Sacroiliac joints: thin cartilage-lined clefts between the alae and the ilia, oblique from front-lateral to back-medial.
  const si: Shape[] = [1, -1].map((sx) => orientedEllipsoid([sx * 47, 52, 82], [sx * 0.1, 0.3, 0.95], 1.4, 13, 27, [sx * 0.86, -0.5, 0]));
  return [
    ...bone('sacrum', 'M', sacrum, 1.1, 'sacrum', P),
    part('sacroiliac joints', 'M', Tissue.cartilage, Priority.cartilage, si),
    ...boneOf('lumbar spine', 'M', spine, undefined, P),
    part('lumbosacral discs', 'M', Tissue.cartilage, Priority.cartilage, discs),
    part('sacral foramina', 'M', Tissue.fat, Priority.foramen, foramina),
  ];
}

/** Muscle radii scale: an average adult's muscle mass fills the space inside the subcutaneous fat. */
const MUSCLE_BULK = 1.3;

/** A muscle as a chain of tube segments. */
function muscle(name: string, structure: string | undefined, points: Vec3[], radii: number[], hint: Vec3 = [1, 0, 0], flatten = 1): Part {
  return part(`left ${name}`, 'L', Tissue.muscle, Priority.muscle, rod(points, radii.map((r) => r * MUSCLE_BULK), hint, flatten), structure ? { structure } : {});
}

function leftMuscles(): Part[] {
  const out = (d: number): Vec3 => add(wingCenter, scale(wingV, d));
  const gMedius = part('left gluteus medius', 'L', Tissue.muscle, Priority.muscle + 1, [
    wingEllipsoid(add(out(-20), [6, 4, -8]), 64, 17, 52),
    ...rod([[128, 26, 70], [142, 20, 32], [150, 14, 4]], [30, 26, 14]),
  ], { structure: 'gluteus-medius' });
  const gMinimus = part('left gluteus minimus', 'L', Tissue.muscle, Priority.muscle + 2, [
    wingEllipsoid(add(out(-7), [4, -2, -18]), 50, 6, 40),
    ...rod([[124, 4, 40], [140, 0, 10]], [12, 8]),
  ], { structure: 'gluteus-minimus' });
  const gMaximus = part('left gluteus maximus', 'L', Tissue.muscle, Priority.muscle, [
    ...rod([[40, 106, 100], [78, 106, 50], [118, 86, -10], [144, 52, -70], [146, 38, -100]], [36, 44, 46, 32, 18], [1, -1, 0], 0.75),
    orientedEllipsoid([92, 108, 30], [0.5, 0, 1], 34, 24, 62, [1, -0.9, 0]),
  ], { structure: 'gluteus-maximus' });
  const iliacus = part('left iliopsoas', 'L', Tissue.muscle, Priority.muscle, [
    wingEllipsoid(add(out(14), [-6, -4, -4]), 58, 12, 54),
    ...rod([[42, 22, 230], [44, 10, 150], [58, -14, 70], [78, -30, 14], [96, -28, -24], [108, 8, -60]], [22, 24, 22, 18, 15, 8]),
  ], { structure: 'iliopsoas' });
  const list: Part[] = [
    gMaximus,
    gMedius,
    gMinimus,
    iliacus,
    muscle('piriformis', 'piriformis', [[26, 66, 74], [70, 62, 40], [140, 22, 6]], [11, 12, 7]),
    muscle('obturator internus', 'obturator-internus', [[52, -8, 30], [50, 6, 4], [50, 14, -26], [66, 44, -34], [126, 26, -14]], [8, 11, 12, 7, 5], [1, 0, 0], 0.6),
    muscle('quadratus femoris', 'quadratus-femoris', [[70, 40, -58], [98, 36, -54], [124, 30, -50]], [15, 16, 13], [0, 0, 1], 0.55),
    muscle('obturator externus', undefined, [[40, -18, -50], [80, 10, -40], [120, 22, -30]], [12, 9, 5], [0, 0, 1], 0.6),
    muscle('tensor fasciae latae', 'tensor-fasciae-latae', [[128, -40, 60], [144, -34, 0], [152, -18, -90], [156, -6, -160]], [10, 14, 10, 5]),
    muscle('sartorius', 'sartorius', [[120, -50, 66], [116, -52, 0], [96, -48, -120], [72, -22, -280], [62, 14, -400]], [8, 10, 12, 13, 9], [1, 0, 0], 0.55),
    muscle('rectus femoris', 'quadriceps', [[104, -40, 34], [112, -50, -40], [110, -52, -180], [100, -48, -330], [94, -42, -385]], [8, 14, 20, 16, 9]),
    muscle('vastus lateralis', 'quadriceps', [[148, 10, -40], [150, -2, -130], [146, -4, -230], [126, -6, -350], [114, -14, -390]], [18, 26, 28, 22, 10]),
    muscle('vastus intermedius', 'quadriceps', [[126, -20, -70], [122, -24, -180], [108, -26, -310], [96, -22, -370]], [16, 20, 20, 12]),
    muscle('vastus medialis', 'quadriceps', [[104, -14, -110], [94, -20, -230], [78, -20, -340], [72, -14, -390]], [10, 18, 26, 16]),
    muscle('adductor longus', 'adductors', [[22, -40, -36], [60, -40, -110], [104, 2, -220]], [14, 20, 8], [1, 0, 0], 0.75),
    muscle('adductor brevis', 'adductors', [[30, -24, -50], [70, -14, -100], [112, 12, -130]], [13, 18, 7]),
    muscle('adductor magnus', 'adductors', [[52, 30, -76], [70, 20, -150], [88, 14, -260], [84, 18, -340], [76, 16, -390]], [16, 30, 30, 20, 8], [1, 0, 0], 0.8),
    muscle('gracilis', 'gracilis', [[24, -30, -56], [34, -16, -180], [44, 4, -320], [56, 16, -410]], [8, 11, 10, 6], [1, 1, 0], 0.6),
    muscle('semitendinosus', 'semitendinosus', [[60, 46, -72], [64, 62, -160], [68, 62, -270], [64, 46, -370], [64, 34, -420]], [10, 17, 15, 10, 5]),
    muscle('semimembranosus', 'semimembranosus', [[68, 38, -80], [74, 40, -160], [76, 44, -260], [70, 36, -360], [70, 26, -410]], [7, 14, 21, 17, 9]),
    muscle('biceps femoris', 'biceps-femoris', [[68, 46, -74], [90, 62, -160], [108, 58, -270], [122, 44, -360], [126, 34, -420]], [9, 16, 19, 15, 8]),
    muscle('biceps femoris short head', 'biceps-femoris', [[122, 28, -230], [128, 34, -320], [128, 34, -380]], [8, 13, 8]),
    // The trunk above the pelvis: the anterior abdominal wall (a thin strap beside the midline, down to the pubis), the
    // flank muscles reaching the iliac crest, and the erector spinae behind the lumbar spine and the sacrum.
    muscle('rectus abdominis', undefined, [[34, -72, 210], [32, -76, 150], [28, -84, 80], [22, -74, 20], [14, -54, -18]], [16, 16, 15, 12, 8], [1, 0, 0], 0.38),
    muscle('abdominal obliques', undefined, [[62, -80, 188], [104, -60, 186], [128, -22, 184], [132, 18, 182], [118, 50, 182]], [30, 30, 30, 30, 26], [0, 0, 1], 0.33),
    muscle('erector spinae', undefined, [[30, 76, 250], [30, 76, 170], [25, 80, 115], [15, 78, 82]], [20, 21, 17, 9], [1, 0, 0], 0.85),
  ];
  return list;
}

function leftVesselsAndNerve(): Part[] {
  const artery: Vec3[] = [[40, 8, 130], [58, -14, 60], [74, -44, 0], [80, -40, -70], [86, -26, -180], [90, -4, -280], [94, 32, -350], [92, 44, -410]];
  const vein = artery.map((p) => add(p, [-11, 3, 0]) as Vec3);
  const deep: Vec3[] = [[80, -40, -70], [102, -12, -110], [110, 10, -220]];
  const saphenous: Vec3[] = [[60, -66, -40], [44, -40, -180], [44, -14, -300], [52, 10, -420]];
  const sciaticRadii = sciaticPath.map((_, i) => (i < 2 ? 8 : i < 5 ? 7.5 : 6.5));
  // Fat around the neurovascular bundles (below the edema, so inflammation replaces it).
  const sheathPriority = Priority.muscle + 5;
  return [
    part('left sciatic perineural fat', 'L', Tissue.fat, sheathPriority, tube(sciaticPath, sciaticRadii.map((r) => r + 3), [1, 0, 0], 0.7)),
    part('left femoral neurovascular fat', 'L', Tissue.fat, sheathPriority, tube(artery.slice(2), artery.slice(2).map(() => 12))),
    part('left femoral artery', 'L', Tissue.vessel, Priority.vessel, tube(artery, artery.map(() => 4))),
    part('left femoral vein', 'L', Tissue.vessel, Priority.vessel, tube(vein, vein.map(() => 5.5))),
    part('left profunda femoris vessels', 'L', Tissue.vessel, Priority.vessel, tube(deep, [3.5, 3, 2.5])),
    part('left great saphenous vein', 'L', Tissue.vessel, Priority.vessel, tube(saphenous, [2.5, 2.5, 2.5, 2.5])),
    part('left sciatic nerve', 'L', Tissue.nerve, Priority.nerve, tube(sciaticPath, sciaticRadii, [1, 0, 0], 0.55), { structure: 'sciatic-nerve' }),
  ];
}

function pelvicOrgans(): Part[] {
  return [
    part('bladder', 'M', Tissue.urine, Priority.organ + 1, [ellipsoid([0, -22, 8], [40, 28, 30])]),
    part('bladder wall', 'M', Tissue.organ, Priority.organ, [ellipsoid([0, -22, 8], [43, 31, 33])]),
    part('rectum', 'M', Tissue.bowel, Priority.organ, tube([[0, 84, 80], [0, 70, 30], [0, 56, -10], [0, 46, -46]], [17, 18, 17, 9])),
    part('prostate', 'M', Tissue.organ, Priority.organ + 1, [ellipsoid([0, -6, -40], [20, 15, 18])]),
    part('seminal vesicles', 'M', Tissue.fluid, Priority.organ + 1, [1, -1].map((sx) => orientedEllipsoid([sx * 16, 22, -8], [sx * 0.9, 0.3, 0.3], 5, 6, 19, [0, 1, 0]))),
    // Levator ani: a muscular sling from the pelvic side walls around the rectum and prostate.
    part('levator ani', 'M', Tissue.muscle, Priority.organ + 1, [
      ...tube([[-44, 20, -6], [-34, 48, -30], [0, 70, -48], [34, 48, -30], [44, 20, -6]], [5, 6, 7, 6, 5], [0, 0, 1], 0.6),
    ]),
    part('pelvic bowel', 'M', Tissue.bowel, Priority.organ, [ellipsoid([18, -20, 100], [34, 30, 30]), ellipsoid([-24, -10, 118], [30, 32, 28]), ellipsoid([0, -36, 150], [50, 30, 26])]),
  ];
}

/** Rotates the right femur's shapes about its mechanical axis (internal rotation, as on admission). */
function internallyRotate(p: Part, degrees: number): Part {
  const head: Vec3 = [-Landmarks.femoralHead[0], Landmarks.femoralHead[1], Landmarks.femoralHead[2]];
  const knee: Vec3 = [-Landmarks.knee[0], Landmarks.knee[1], Landmarks.knee[2]];
  const axis = normalize(sub(head, knee));
  return { ...p, shapes: p.shapes.map((s) => rotateShape(s, head, axis, (degrees * Math.PI) / 180)) };
}

/** All normal parts of the pelvis and thighs. */
export function normalAnatomy(): Part[] {
  const left = [...leftHemipelvis(), ...leftMuscles(), ...leftVesselsAndNerve()];
  const leftFemurParts = leftFemur();
  const rightFemurParts = leftFemurParts.map(mirrorPart).map((p) => internallyRotate(p, Landmarks.rightFemurInternalRotation));
  return [
    ...envelope(),
    ...pelvicOrgans(),
    ...sacrumAndSpine(),
    ...left,
    ...left.map(mirrorPart),
    ...leftFemurParts,
    ...rightFemurParts,
  ];
}

/** Where the right femur's landmarks end up after the internal rotation. */
export function rightFemurPoint(leftPoint: Vec3): Vec3 {
  const p = internallyRotate({ name: '', side: 'R', tissue: Tissue.cortical, priority: 0, shapes: [sphere([-leftPoint[0], leftPoint[1], leftPoint[2]], 1)] }, Landmarks.rightFemurInternalRotation);
  return p.shapes[0]!.center;
}

export const distance = (a: Vec3, b: Vec3) => norm(sub(a, b));
