// Normal anatomy of the pelvis and thighs (patient LPS millimetres; origin between the femoral heads), built for the left
// side and mirrored, with the right femur internally rotated as in the case.
import type { Vec3 } from '../util/vec';
import { cross, normalize, add, scale, sub, norm, dot } from '../util/vec';
import { type Shape, type HalfSpace, ellipsoid, sphere, cylinder, tube, rod, orientedEllipsoid, segmentEllipsoid, withClips, inset } from './shapes';
import { type Part, part, mirrorPart, Priority, rotateShape } from './parts';
import { Tissue } from './tissues';
import { catmullRomPoint } from '../util/spline';
import { femurParts } from './femur';
import type { SectionBend } from './labeler';

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
    const steps = Math.max(minSteps, Math.ceil(Math.abs(radii[i + 1]! - radii[i]!) / maxStep));
    for (let k = 0; k < steps; k++) {
      const t = k / steps;
      pts.push(catmullRomPoint(points, i, t));
      rs.push(radii[i]! + (radii[i + 1]! - radii[i]!) * t);
    }
  }
  pts.push(points[points.length - 1]!);
  rs.push(radii[radii.length - 1]!);
  return rod(pts, rs, hint, flatten);
}

/**
 * A wall of bone beside one of its margins, as blending bone: pieces along the line `points`, each cut by the plane
 * through its stretch of the line and the front-to-back beam of a frontal film, so that on the film the bone stops
 * sharply at the line and fades away toward `side` over about `width` mm. The line then reads as the edge of a wall seen
 * tangentially (dense at the edge, paling away from it), not as a wire laid over the bone. `depth` is the wall's half
 * depth along the beam.
 */
function wallBeside(points: Vec3[], side: Vec3, width: number, depth: number): Shape[] {
  const beam: Vec3 = [0, 1, 0];
  const out: Shape[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const a = points[i]!;
    const b = points[i + 1]!;
    const along = normalize(sub(b, a));
    let n = normalize(cross(along, beam));
    if (dot(n, side) > 0) n = scale(n, -1);
    const mid = scale(add(a, b), 0.5);
    const center = add(mid, scale(n, -0.3 * width));
    out.push(orientedEllipsoid(center, along, width, depth, norm(sub(b, a)) / 2 + 3, scale(n, -1), [{ n, d: dot(n, a) }]));
  }
  return out;
}

/** The table top under the supine patient (patient y, mm): nothing of the body lies behind it. */
const TABLE_Y = 136;

/** Body envelope: skin and subcutaneous fat. */
function envelope(): Part[] {
  const outer: Shape[] = [
    ellipsoid([0, 18, 66], [176, 122, 152]),
    // Soft tissue over the front of the knee, where the patella stands forward of the thigh's outline.
    ellipsoid([86, -6, -405], [50, 46, 42]),
    ellipsoid([-86, -6, -405], [50, 46, 42]),
    // The buttocks, ending in the gluteal folds inside the thighs' outline.
    ellipsoid([72, 70, -24], [92, 78, 66]),
    ellipsoid([-72, 70, -24], [92, 78, 66]),
    ellipsoid([0, 10, 10], [170, 120, 70]),
  ];
  for (const sx of [1, -1]) {
    // The front of the knee is broad and flat, not the tip of an oval: skin and a few millimetres of fat in front of the
    // patella, and a wide pad either side of it and of the patellar tendon, so the lateral film shows the patella inside
    // the knee's outline.
    outer.push(ellipsoid([sx * 86, -18, -408], [46, 26, 44]));
    // Above the knee the front of the thigh runs down into that pad in one curve (over the quadriceps tendon and the
    // suprapatellar fat), not in a dip with a corner where the pad meets the thigh.
    outer.push(ellipsoid([sx * 86, -12, -380], [48, 46, 52]));
    // The top of the leg below the knee: the shin's skin close over the tibia in front, the calf bulging behind.
    outer.push(...smoothRod([[sx * 88, 12, -430], [sx * 88, 16, -460], [sx * 88, 25, -530], [sx * 87, 26, -640]], [44, 38, 44, 38], [1, 0, 0], 1, 4, 0.8));
    // Finely stepped, so the thigh tapers without a visible step in the soft tissue where two pieces meet. The painful
    // right thigh, held still, is a little thinner than the left.
    const f = sx > 0 ? 1 : RIGHT_THIGH_WASTING ** 0.5;
    outer.push(...smoothRod([[sx * 100, 16, -20], [sx * 100, 18, -150], [sx * 94, 18, -290], [sx * 86, 16, -440]], [98, 86 * f, 72 * f, 56 * f], [1, 0, 0], 1, 4, 0.8));
    // The hamstrings round the back of the thigh out a little beyond the circle, more laterally than medially, so its
    // section is egg-shaped rather than round.
    outer.push(...smoothRod([[sx * 104, 30, -80], [sx * 106, 32, -170], [sx * 100, 30, -290], [sx * 90, 26, -390]], [72 * f, 72 * f, 60 * f, 42 * f], [1, 0, 0], 0.92, 4, 0.8));
  }
  return [
    // The natal cleft: the skin of the two buttocks folded in to meet in the midline, a slit that narrows to nothing in
    // depth (a V on axial sections, a fine vertical lucency on the frontal film). It begins over the coccyx: on the film
    // its lucency runs up no further than the lower sacrum.
    part('natal cleft', 'M', Tissue.air, Priority.muscle + 0.5, [orientedEllipsoid([0, 146, -26], [0, 0.12, 1], 2.6, 34, 40, [1, 0, 0])]),
    // The patient lies supine: the buttocks are flattened where they rest on the table (skin over fat there too).
    part('skin', 'M', Tissue.skin, Priority.skin, outer.map((s) => withClips(s, [{ n: [0, 1, 0], d: TABLE_Y }])), { envelope: true }),
    part('subcutaneous fat', 'M', Tissue.fat, Priority.fat, outer.map((s) => withClips(inset(s, 2.2), [{ n: [0, 1, 0], d: TABLE_Y - 2.2 }])), { envelope: true, mrTexture: 'deep fascia' }),
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
/**
 * The wing's outline in its plane: an oval and, over its upper half, a broader lobe, so on a frontal film the wing
 * fans out above the anterior superior spine to its widest a few centimetres higher, under the iliac tubercle, and the
 * crest is a broad arc rather than the narrow top of an egg. Offsets (u, w) from the wing's centre and semi-axes.
 */
const WING_LOBES = [
  { u: 0, w: 0, ru: WING_RU, rw: WING_RW },
  { u: 6, w: 22, ru: 62, rw: 42 },
];
const wingLobe = (l: (typeof WING_LOBES)[number], rv: number, clips: HalfSpace[] = []): Shape =>
  wingEllipsoid(add(wingCenter, add(scale(wingU, l.u), scale(wingW, l.w))), l.ru, rv, l.rw, clips);
/** How far the wing's outline lies from its centre along the in-plane unit direction (cu, cw). */
function wingReach(cu: number, cw: number): number {
  let reach = 0;
  for (const l of WING_LOBES) {
    const a = (cu / l.ru) ** 2 + (cw / l.rw) ** 2;
    const b = -2 * ((cu * l.u) / l.ru ** 2 + (cw * l.w) / l.rw ** 2);
    const c = (l.u / l.ru) ** 2 + (l.w / l.rw) ** 2 - 1;
    reach = Math.max(reach, (-b + Math.sqrt(b * b - 4 * a * c)) / (2 * a));
  }
  return reach;
}
/**
 * A point on the wing's rim in the direction of the oval's point at angle a (0 = anterior superior spine, π/2 = top of
 * the crest, π = posterior), `f` of the way out from the centre.
 */
const wingRim = (a: number, f = 0.97): Vec3 => {
  const cu = Math.cos(a) * WING_RU;
  const cw = Math.sin(a) * WING_RW;
  const n = Math.hypot(cu, cw);
  const t = wingReach(cu / n, cw / n) * f;
  return add(wingCenter, add(scale(wingU, (cu / n) * t), scale(wingW, (cw / n) * t)));
};

/**
 * The iliac wing's thickenings, as blending bone (Part.blend): a plate 5–6 mm thick in the middle of the iliac fossa
 * (drawn by the hip bone itself) grows toward its margins, most behind (the sacroiliac part, up to about 24 mm), less
 * toward the anterior spines and under the crest. On a film they shade the wing from a lucent middle to dense margins
 * without outlines of their own.
 */
function iliacWingThickenings(): Shape[] {
  const at = (u: number, w: number, v = 0): Vec3 => add(wingCenter, add(add(scale(wingU, u), scale(wingW, w)), scale(wingV, v)));
  const inner: Vec3[] = [];
  for (let k = 0; k <= 10; k++) {
    const a = Math.PI * (0.05 + 0.9 * (k / 10));
    inner.push(wingRim(a, 0.84));
  }
  // The crest: thickest at the anterior superior spine and the iliac tubercle behind it, thinner over the top, thick
  // again behind; it runs on down the anterior and posterior borders, thinning out. (The plate's own edge draws the
  // crest's outline.)
  const crest: Vec3[] = [];
  const crestR: number[] = [];
  for (let k = 0; k <= 18; k++) {
    const a = Math.PI * (ASIS_ANGLE + ((1.14 - ASIS_ANGLE) * k) / 18);
    crest.push(wingRim(a, 0.9));
    const ends = Math.min(1, (a - ASIS_ANGLE * Math.PI) / 0.35, (1.14 * Math.PI - a) / 0.5);
    crestR.push(2.5 + ends * (2.5 + 1.2 * Math.exp(-(((a - 0.3) / 0.25) ** 2)) + 1.4 * Math.exp(-(((a - 3.0) / 0.3) ** 2))));
  }
  return [
    // The sacroiliac part, bulging toward the pelvis where it meets the sacrum.
    wingEllipsoid(at(-40, -6, 3), 30, 11, 44),
    wingEllipsoid(at(-30, -20, 2), 22, 8, 30),
    // The anterior margin between the spines.
    wingEllipsoid(at(46, -14), 16, 5, 36),
    // Under the crest.
    ...rod(inner, inner.map(() => 8), wingV, 0.55),
    ...smoothRod(crest, crestR, wingV, 0.8, 2),
    // The thick margin of the greater sciatic notch.
    ...rod([[58, 62, 98], [60, 46, 62], [68, 34, 36], [80, 26, 16]], [7, 6.5, 7.5, 10], [0.8, 0.6, 0], 0.7),
    // Anterior inferior spine: a low knob on the front of the ilium's body, above the acetabular rim.
    orientedEllipsoid([106, -20, 38], [0.2, -0.6, 0.75], 6.5, 5, 11, [1, 0, 0]),
    // The body of the ilium above the acetabulum (dense supra-acetabular bone) and toward the anterior spines.
    // (A massive block of bone just above the roof, about 40 mm across and 45 mm front to back, narrowing upward into
    // the wing.)
    // (On an axial section it is a broad oblique bar, from the anterior inferior spine back and in to the sciatic notch,
    // not a disc.)
    orientedEllipsoid([85, 15, 36], [0.22, 0.05, 1], 27, 14, 20, ILIAC_BODY_LONG),
    orientedEllipsoid([88, 15, 52], [0.25, 0.05, 1], 18, 10, 22, ILIAC_BODY_LONG),
    orientedEllipsoid([102, -7, 50], [0.3, -0.5, 0.8], 10, 12, 17, [1, 0, 0]),
    // The auricular (sacroiliac) part behind, and the posterior iliac tuberosity behind the joint, reaching medially
    // behind the sacrum (on the frontal view it overlaps the sacrum's lateral part) down to the posterior spines.
    orientedEllipsoid([56, 54, 80], [0.15, 0.25, 1], 9, 15, 28, [1, 0, 0]),
    orientedEllipsoid([49, 70, 86], [0.05, 0.35, 0.94], 11, 10, 25, [1, 0, 0]),
  ];
}

/** The long axis of the ilium's body on an axial section: from the anterior inferior spine back and in to the notch. */
const ILIAC_BODY_LONG: Vec3 = [-0.55, 0.83, 0];

/**
 * On sections the iliac wing is not a flat plate: the iliac fossa is a shallow bowl, so the wing's middle stands up to
 * FOSSA_DEPTH mm lateral of the plane through its crest, spines and sacroiliac part, and an axial section cuts it as a
 * gentle curve, concave toward the pelvis, rather than a straight bar. The primitives cannot draw that, and films need
 * the flat plate they were tuned with, so sections bend the model instead: a displacement of every point they sample
 * (see labeler.labelPlane), the same for the bone and the muscles on either face of it (the iliacus and the gluteals
 * follow the wing), fading out across the wing over a few centimetres either side, so the skin, the bowel and the
 * deposits stay where they are. Moves a point in place, either side.
 */
const FOSSA_DEPTH = 10;
const FOSSA_CENTRE = { u: 5, w: 12, ru: 52, rw: 40 };
/** Across the wing (mm from its plane): the full bend within FOSSA_HOLD, none beyond FOSSA_FADE. */
const FOSSA_HOLD = 12;
const FOSSA_FADE = 40;
function bendSection(q: [number, number, number]): void {
  const side = q[0] < 0 ? -1 : 1;
  const rx = side * q[0] - wingCenter[0];
  const ry = q[1] - wingCenter[1];
  const rz = q[2] - wingCenter[2];
  const u = (rx * wingU[0] + ry * wingU[1] + rz * wingU[2] - FOSSA_CENTRE.u) / FOSSA_CENTRE.ru;
  const w = (rx * wingW[0] + ry * wingW[1] + rz * wingW[2] - FOSSA_CENTRE.w) / FOSSA_CENTRE.rw;
  const s = u * u + w * w;
  if (s >= 1) return;
  const v = Math.abs(rx * wingV[0] + ry * wingV[1] + rz * wingV[2]);
  if (v >= FOSSA_FADE) return;
  const t = Math.max(0, (v - FOSSA_HOLD) / (FOSSA_FADE - FOSSA_HOLD));
  // (The tissue moves laterally, -wingV on the left, so the point sampled moves by +wingV; the fade's slope is gentle
  // enough that the bend never folds the tissue over itself.)
  const d = FOSSA_DEPTH * Math.pow(1 - s, 1.5) * (1 - t * t * (3 - 2 * t));
  q[0] += side * d * wingV[0];
  q[1] += d * wingV[1];
  q[2] += d * wingV[2];
}
export const SECTION_BEND: SectionBend = { move: bendSection, reach: FOSSA_DEPTH };

/** Where on the wing's rim the anterior superior iliac spine is (a fraction of π, as for wingRim). */
const ASIS_ANGLE = -0.04;
/**
 * The anterior border of the ilium between the anterior superior and inferior spines: a straight edge from the spine to
 * just above the inferior spine, in the wing's plane, and the plane through it across the wing that cuts the oval there.
 */
const ANTERIOR_BORDER = (() => {
  const top = wingRim(ASIS_ANGLE * Math.PI, 1);
  const aiis: Vec3 = [106, -19, 36];
  const bottom = sub(aiis, scale(wingV, dot(sub(aiis, wingCenter), wingV)));
  let n = normalize(cross(sub(bottom, top), wingV));
  // The cut keeps the middle of the wing.
  if (dot(n, sub(wingCenter, top)) > 0) n = scale(n, -1);
  return { cut: { n, d: dot(n, top) } as HalfSpace, points: [top, add(top, scale(sub(bottom, top), 0.5)), bottom] };
})();

/** Normal of the plane of the obturator ring (facing forward, outward and down, as the foramen does). */
const OBTURATOR_NORMAL = normalize([0.72, -0.61, -0.3]);

/** Left hip bone: iliac wing and crest, supra-acetabular body, acetabular cup, pelvic brim, pubis, ischium. */
function leftHemipelvis(): Part[] {
  const H = Landmarks.femoralHead;
  // The acetabular opening faces lateral, anterior and down.
  const opening = normalize([0.72, -0.32, -0.62]);
  const nH = dot(opening, H);
  const P = Priority.pelvis;
  const ilium: [Shape, number][] = [
    // The wing: a plate, thin in the middle of the iliac fossa (its thickenings are blending bone, below).
    // Below the anterior superior spine its anterior border runs straight down and in to the anterior inferior spine
    // (the notch between the spines), not round the oval.
    ...WING_LOBES.map((l): [Shape, number] => [wingLobe(l, 2.8, [ANTERIOR_BORDER.cut]), 1.0]),
    // Its edge, rounded by a slim solid rim of cortex (the crest's outline; the crest's bulk is blending bone).
    ...thick(smoothRod([...ANTERIOR_BORDER.points.slice().reverse(), ...Array.from({ length: 17 }, (_, k) => wingRim(Math.PI * (ASIS_ANGLE + ((1.14 - ASIS_ANGLE) * (k + 1)) / 17), 1))], Array.from({ length: 20 }, () => 1.5), wingV, 1, 2), 1.5),
    [orientedEllipsoid([61, 6, -14], [0, 0.2, 1], 5, 9, 9, [1, 0, 0]), 0],
  ];
  const cup = withClips(sphere(H, 27.6), [{ n: opening, d: nH + 2 }]);
  // The acetabular roof (sourcil): one crescent of dense subchondral bone over the top of the head, following the
  // socket's curve just above the joint, thickest over the lateral middle of the head and thinning out
  // toward both ends. Blending bone, so on a film it is a soft dense band above the cup's sharp joint line (not a
  // second shell with edges of its own); its lateral end stops under the lateral margin of the ilium above the socket,
  // so it does not stand out beyond the bone as a lid.
  const roofArc: Vec3[] = [];
  const roofRadii: number[] = [];
  for (let k = 0; k <= 8; k++) {
    const a = (-50 + (76 * k) / 8) * (Math.PI / 180);
    roofArc.push(add(H, [Math.sin(a) * 27, 3, Math.cos(a) * 27]));
    roofRadii.push(1.6 + 5.8 * Math.sin(Math.PI * (0.08 + 0.8 * (k / 8))) ** 1.4);
  }
  const roof = smoothRod(roofArc, roofRadii, [0, 1, 0], 0.22, 2).map((sh) => withClips(sh, [{ n: opening, d: nH - 1 }]));
  // The pelvic brim (arcuate and iliopectineal lines), part of the bony ring of the pelvis. Along the superior ramus
  // (the pecten) it thins and fades out toward the pubic tubercle instead of ending as a rod.
  // A slim bar of solid cortex, narrow across the frontal view and deep along the beam: one thin white line, not a
  // band with two walls.
  const brim = smoothRod([[50, 36, 90], [62, 24, 68], [68, 6, 46], [66, -14, 26], [54, -32, 6], [34, -42, -10], [19, -43, -25]], [0.8, 0.85, 1, 1.1, 0.8, 0.45, 0.15], [1, 0, 0], 2.6, 2);
  // Pubis: the superior ramus broad at the iliopubic eminence and slimmer medially, the body, and the flat inferior ramus
  // running into the ischial ramus, each of varying width.
  // The rami start and end inside the pubic body and the ischial tuberosity, so their rounded ends never show.
  const tuberosity: Vec3 = [60, 38, -64];
  // (The body's medial face leans a little, so the joint narrows from about 6.5 mm at the top to 4 mm at the bottom.)
  const faceNormal = normalize([-1, 0, 0.05]);
  const symphysisFace = { n: faceNormal, d: dot(faceNormal, [2.6, 0, -40]) };
  const pubicBody = smoothRod([[34, -39, -15], [21, -43, -26], [12, -44, -32], [8.5, -43.5, -40], [9, -42, -47], [13, -38.5, -52], [19, -32, -57.5]],
    [2.4, 6.2, 7.4, 6.2, 6.2, 5.2, 2.6], [0, 1, 0], 1.3, 3).map((sh) => withClips(sh, [symphysisFace]));
  const pubis: [Shape, number][] = [
    // It deepens toward the body, so its upper border runs on as the body's top (the pubic crest).
    // (It tapers: broad at the eminence, slim at its waist a little lateral to the body, with a thin cortex, so it reads
    // as a flattened bar of bone narrowing medially rather than a pipe of even calibre.)
    ...thick(smoothRod([[76, -16, 14], [64, -25, 5], [50, -32, -5], [34, -39, -15], [22, -42, -26]], [11, 7.4, 4.9, 5.6, 8], [0, 0, 1], 0.75, 3), 0.7),
    // The body: on the frontal view a thick hook from the superior ramus down the symphysis and out into the inferior
    // ramus, so its lateral border is the rounded medial margin of the obturator foramen, its top the pubic crest, and
    // its lower border slopes down and out from the bottom of the symphysis as one side of the subpubic arch (no
    // block with a flat bottom). Its medial face is flat: the two bodies face each other across the narrow joint.
    // It starts and ends as thin tapers inside the rami, so no end of it shows; it is broadest where it meets them, so
    // the foramen's medial end is round.
    ...thick(pubicBody, 0.9),
  ];
  const ischium: [Shape, number][] = [
    // The lower half of the obturator ring in one smooth sweep: the posterior column down into the ischial tuberosity,
    // then forward and medially as the flat ischial and inferior pubic rami into the pubic body. (It starts as a taper
    // behind the lower half of the head, so it shows no rounded end of its own there.) A band, thin across the
    // ring's plane and broad within it (so its cross-section does not twist as the ring turns).
    // (The posterior column narrows a little below the socket and broadens again into the tuberosity, so on a frontal
    // film its lateral border is concave rather than one wall of a straight band.)
    ...thick(smoothRod([[81, 27, 0], [77, 29, -14], [71, 32, -28], [65, 34, -48], [60, 31, -64], [51, 19, -73], [40, 3, -73], [29, -15, -66], [20, -30, -59], [14, -38, -51]], [3, 12, 11.5, 13, 17, 10, 6, 5.5, 6, 6.5].map((r) => r / 2), OBTURATOR_NORMAL, 2, 14, 0.5), 0.95),
    // The ischial tuberosity: a bulky, rough mass at the bottom of the posterior column, bulging below and outside the
    // ring (its cortex a little uneven).
    [orientedEllipsoid(add(tuberosity, [2, -2, -4]), normalize([0.35, 0.1, 1]), 10, 11, 16, [1, 0, 0]), 1.4],
    [orientedEllipsoid(add(tuberosity, [-3, 0, -8]), normalize([-0.3, 0.2, 1]), 9, 9, 10, [1, 0, 0]), 0],
    // Ischial spine: a tapering point growing medially and backward out of the posterior column.
    ...thick(rod([[64, 40, -12], [56, 45, -16], [49, 50, -19]], [6, 4, 1.8], [0, 0, 1], 0.7), 0.4),
  ];
  // The acetabular fossa: the non-articular pit in the floor of the socket, below and medial to the head, filled with
  // fat; its floor is the thin medial wall (so on the frontal view the socket's medial margin stands off from the head
  // and runs down into the teardrop rather than circling the head).
  const fossa = part('left acetabular fossa', 'L', Tissue.fat, Priority.cartilage - 0.2, [
    orientedEllipsoid(add(H, [-19, 1, -9]), [-0.35, 0, 1], 8.5, 14, 15, [1, 0, 0]),
  ]);
  const cartilage = part('left acetabular cartilage', 'L', Tissue.cartilage, Priority.cartilage, [
    withClips(sphere(H, 25.6), [{ n: opening, d: nH + 12 }]),
  ]);
  // The acetabulum is a thick block of marrow-filled bone around the socket: the anterior and posterior columns and
  // walls, and the roof, which meet in a thin medial floor (the fossa) over the quadrilateral plate. It is cut off by
  // the plane of the opening, where the femoral head shows. Long front to back and hardly wider or taller than the cup
  // on the frontal view.
  const block = orientedEllipsoid(add(H, [-8, 10, 2]), [-0.1, 0.06, 1], 23, 40, 28, [1, 0, 0], [{ n: opening, d: nH + 3 }]);
  // Quadrilateral plate: the medial wall of the acetabulum, drawn by its edge-on margin, a thin bar of bone deep along
  // the beam (one line, the ilioischial line, not a ribbon with two walls), with the teardrop below it. (It leaves the
  // pelvic brim behind the acetabulum and runs down into the ischium.)
  // (The line runs 5–8 mm medial to the head's medial edge, the teardrop beside the lower head, so the head sits in its
  // socket rather than reaching the pelvic wall.)
  const ilioischialLine: Vec3[] = [[62, 24, 66], [58.5, 21, 40], [57, 17, 14], [57.5, 14, -8], [60.5, 20, -34]];
  const ilioischial = smoothRod(ilioischialLine, [0.7, 0.9, 1.05, 1.1, 0.9], [0.96, 0.28, 0], 2.8, 3);
  // The walls whose edges the two lines are: the pelvic side wall (quadrilateral plate and posterior column) lateral to
  // the ilioischial line, and the thick inner part of the ilium lateral to the brim above the socket.
  const walls = [
    ...wallBeside(ilioischialLine, [1, 0, 0], 9, 16),
    ...wallBeside([[50, 36, 90], [62, 24, 68], [68, 6, 46], [66, -14, 26]], [1, 0, 0.2], 10, 14),
  ];
  // The rims of the anterior and posterior walls: the socket's edges in front of and behind the head, lips of dense
  // bone that a frontal film sees as two lines over the head. Both start at the socket's upper outer margin, at the
  // lateral end of the roof. The posterior wall's is the heavier: it bows outward and runs down nearly vertically just
  // lateral to the head's centre toward the ischium. The anterior wall's is thin and gently S-shaped: it crosses the
  // medial third of the head and sweeps down and in toward the superior pubic ramus. So the two diverge downward,
  // about 2 cm apart at the bottom of the head.
  // Rows: lateral and upward offsets from the head's centre on the frontal view (mm); each point lies on the socket's
  // surface in front of or behind the head.
  // (Blending lines tapering at both ends, so they start and stop without a blunt tip.)
  const wallRim = (rows: [number, number][], behind: number, r: number[]): Shape[] => {
    const pts = rows.map(([dx, dz]): Vec3 => [H[0] + dx, H[1] + behind * Math.sqrt(Math.max(20, 26.6 ** 2 - dx * dx - dz * dz)), H[2] + dz]);
    return smoothRod(pts, r, [0, 1, 0], 0.45, 3);
  };
  const rims = [
    ...wallRim([[12, 23.5], [15, 13], [14.5, 2], [11.5, -9], [6.5, -18], [0, -24]], 1, [0.5, 2.2, 2.8, 2.8, 2.4, 0.8]),
    ...wallRim([[11, 23.5], [4, 18], [-3.5, 9], [-8, -1], [-13, -9], [-19.5, -14]], -1, [0.5, 2, 2.5, 2.5, 2, 0.6]),
  ];
  const lateralMargin: Vec3[] = [ANTERIOR_BORDER.points[2]!, [104.5, -12, 31], [103, -4, 27], [100.5, 2, 24]];
  const ilia = boneOf('left ilium', 'L', [...ilium, [cup, 1.4]], 'ilium', P);
  return [
    ...ilia,
    // The two lines are blending bone: each is a soft-edged line where the beam runs along the wall's edge, fading into
    // the bone beside it, not a wire with crisp sides.
    part('left pelvic brim and ilioischial line', 'L', Tissue.cortical, P, [...brim, ...ilioischial], { structure: 'ilium', blend: true }),
    part('left pelvic side wall', 'L', Tissue.cancellous, P + 1, walls, { structure: 'ilium', blend: true }),
    part('left acetabular roof', 'L', Tissue.cortical, P, roof, { structure: 'ilium', blend: true }),
    part('left acetabular wall rims', 'L', Tissue.cortical, P, rims, { structure: 'ilium', blend: true, filmOnly: true }),
    // The ilium's lateral margin below the anterior inferior spine: the outline of the wing's anterior border runs on
    // down, bulging a little over the spine, and curves in to the socket's lateral lip at the end of the roof, so the
    // bone above the socket has an edge rather than fading out into the soft tissue.
    // (A thin line with the bone's density fading in medial to it, so the line is the bone's edge, not a wire beside it.)
    part('left lateral iliac margin', 'L', Tissue.cortical, P, smoothRod(lateralMargin, [0.7, 0.9, 0.85, 0.45], [1, 0, 0], 2.6, 3), { structure: 'ilium', blend: true, filmOnly: true }),
    part('left lateral iliac margin bone', 'L', Tissue.cancellous, P + 1, wallBeside(lateralMargin, [-1, 0, 0], 9, 14), { structure: 'ilium', blend: true, filmOnly: true }),
    // Above the roof the bone stays dense for a centimetre or two (the weight-bearing part of the ilium), fading upward,
    // so no darker band separates the sourcil from the ilium above it.
    // (A band following the roof's curve a centimetre above it, not a ball: it fades upward without a rounded top.)
    part('left supra-acetabular bone', 'L', Tissue.cancellous, P + 1, smoothRod(roofArc.map((p) => add(H, scale(sub(p, H), 34 / 27))), roofRadii.map((r) => 2 + r), [0, 1, 0], 0.9, 2), { structure: 'ilium', blend: true }),
    // On sections the socket is a thick shell of marrow-filled bone round the medial half of the head: at the level of
    // the head a C of bone 1–2 cm thick, the anterior wall in front, the posterior wall (thicker, and reaching further
    // round the head) behind, the roof above, flattened medially into the quadrilateral plate over the fossa. Films draw
    // the same bone with the blending parts around it, so this shell is for sections only.
    // For sections, likewise: the lower wing thickens toward the body of the ilium, so that an axial section above the
    // socket cuts a bar of marrow-filled bone 1–2 cm thick from the anterior inferior spine back to the sacroiliac
    // joint, not a thin plate with a knob beside it.
    part('left lower iliac wing', 'L', Tissue.cancellous, P + 1, [wingEllipsoid(add(wingCenter, add(scale(wingW, -30), scale(wingU, -5))), 38, 9, 30)], { structure: 'ilium', sectionOnly: true }),
    part('left acetabular shell', 'L', Tissue.cancellous, P + 1, [
      orientedEllipsoid(add(H, [-4, 3, 3]), [0, 0, 1], 34, 37, 38, [1, 0, 0], [{ n: opening, d: nH + 3 }, { n: [-1, 0, 0], d: -(H[0] - 32) }, { n: [0, 0, -1], d: 20 - H[2] }]),
    ], { structure: 'ilium', sectionOnly: true }),
    // The acetabulum's bulk is blending bone: on a film the socket is drawn by the cup, the walls' rims, the roof and
    // the quadrilateral plate, not by the block's own outline.
    part('left acetabulum', 'L', Tissue.cancellous, P + 1, [block], { structure: 'ilium', blend: true }),
    // The columns either side of the socket, thick in front and thicker behind, so a section through the head shows the
    // acetabulum cupping it in a C of marrow-filled bone (blending bone: on a film they only add density).
    part('left acetabular columns', 'L', Tissue.cancellous, P + 1, [
      orientedEllipsoid(add(H, [-14, -29, 3]), normalize([-0.4, -0.5, -0.75]), 10, 9, 20, [1, 0, 0], [{ n: opening, d: nH + 3 }]),
      orientedEllipsoid(add(H, [-12, 31, -4]), normalize([0, 0.3, -1]), 12, 11, 24, [1, 0, 0], [{ n: opening, d: nH + 3 }]),
    ], { structure: 'ilium', blend: true }),
    // The ischial tuberosity's bulk, behind and below the ring.
    part('left ischial tuberosity', 'L', Tissue.cancellous, P + 1, [orientedEllipsoid(tuberosity, [0.2, 0.1, 1], 11.5, 12, 16.5)], { structure: 'ischium', blend: true }),
    part('left iliac wing thickening', 'L', Tissue.cancellous, P + 1, iliacWingThickenings(), { structure: 'ilium', blend: true }),
    // The body of the ilium between the wing and the socket: the thickest bone of the hip, its inner face the pelvic wall
    // (where the brim and the ilioischial line are drawn), so the wing runs down into the acetabular roof without a gap.
    part('left iliac body', 'L', Tissue.cancellous, P + 1, [
      orientedEllipsoid([84, 18, 40], [0.12, 0.05, 1], 28, 14, 30, ILIAC_BODY_LONG),
      orientedEllipsoid([72, 22, 22], [0.05, 0.1, 1], 11, 16, 30, [1, 0, 0]),
    ], { structure: 'ilium', blend: true }),
    // The teardrop: a U of dense bone at the lower inner edge of the socket, its medial limb the pelvic wall and its
    // lateral limb the floor of the acetabular fossa, about 14 mm tall.
    part('left acetabular teardrop', 'L', Tissue.cortical, P, rod(
      [[55.4, 9, 0], [55.2, 9, -8], [56, 9, -14], [58.3, 9, -18.5], [61, 9, -16.5], [62.4, 9, -10], [63.2, 9, -2]],
      [2.2, 3, 3.4, 3.6, 3.2, 2.6, 1.8], [0, 1, 0], 0.3), { structure: 'ilium' }),
    ...boneOf('left ischium', 'L', ischium, 'ischium', P),
    ...boneOf('left pubis', 'L', pubis, 'pubis', P),
    // Under the joint's cartilage each face has a band of denser subchondral bone, about 3 mm deep.
    part('left pubic symphyseal plate', 'L', Tissue.cancellous, P + 1, pubicBody.map((sh) => withClips(sh, [{ n: scale(symphysisFace.n, -1), d: -symphysisFace.d + 3 }])), { structure: 'pubis', blend: true }),
    fossa,
    cartilage,
  ];
}

/** Left femur, patella and the top of the tibia and fibula (built in femur.ts). */
function leftFemur(): Part[] {
  return femurParts(Landmarks);
}

/** Small offsets (mm) of the sacral foramina from their mirror images, S1 to S4. */
const FORAMEN_JITTER_LEFT: Vec3[] = [[0.6, 0, -0.8], [-0.5, 0, 0.6], [0.4, 0, 1], [0, 0, -0.6]];
const FORAMEN_JITTER_RIGHT: Vec3[] = [[-0.4, 0, 0.5], [0.6, 0, -0.4], [-0.3, 0, -0.9], [0.5, 0, 0.4]];

function sacrumAndSpine(): Part[] {
  const P = Priority.pelvis;
  // The sacrum runs down and back; it is a wedge, broad at the alae and narrow at the apex.
  const tilt = normalize([0, 0.5, -0.87]);
  // The sacral plate: five fused segments, broad down to S3, where the auricular surfaces meet the ilia along the
  // sacroiliac joints, then tapering quickly to the apex with convex lateral borders (finely stepped, so the margins
  // taper smoothly). It is blending bone: seen through the pelvis it is a broad, soft density whose upper margins are
  // the joints and the alae's anterior rim, not a plate with an outline of its own.
  const plate: Shape[] = [
    ...Array.from({ length: 22 }, (_, k) => k / 3).map((i) => orientedEllipsoid(add([0, 46, 94], scale(tilt, 12 * i)), tilt, 4 + 53 * (1 - Math.pow(i / 7.2, 3.2)), 17 - 1.2 * i, 24 - i, [1, 0, 0])),
    // S1 body (its top is the promontory) and the alae reaching the sacroiliac joints.
    orientedEllipsoid([0, 40, 102], [0, 0.55, 0.83], 23, 16, 14, [1, 0, 0]),
    orientedEllipsoid([34, 46, 98], [0.2, 0.3, 0.93], 23, 17, 16, [1, 0, 0]),
    orientedEllipsoid([-34, 46, 98], [-0.2, 0.3, 0.93], 23, 17, 16, [1, 0, 0]),
  ];
  // The sacral canal behind the bodies: a flattened triangle in section (wider at its back), narrowing downward; the
  // dural sac fills its upper part.
  const across = normalize(cross(tilt, [1, 0, 0]));
  // (Across the plate, toward its back.)
  const backward = across[1] < 0 ? scale(across, -1) : across;
  const canalAt = (i: number, back: number): Vec3 => add(add([0, 46, 94], scale(tilt, 12 * i)), scale(backward, back));
  const canal: Shape[] = [];
  const duralSac: Shape[] = [];
  // (Its front presses a little into the back of each body, which is kidney-shaped in section.)
  const lumbarCanal: Vec3[] = [[0, 36, 215], [0, 40, 172], [0, 46.5, 136], [0, 51, 114], [0, 51, 102]];
  for (let k = 0; k <= 12; k++) {
    const i = (k / 12) * 5.2;
    const depth = 17 - 1.2 * i;
    const c = canalAt(i, 0.3 * depth);
    const w = 14 - 1.8 * i;
    canal.push(orientedEllipsoid(c, tilt, w * 0.7, 5 - 0.6 * i, 7, [1, 0, 0]));
    // (The canal's back is broader than its front: a second, flatter piece just behind.)
    canal.push(orientedEllipsoid(add(c, scale(backward, 2.2)), tilt, w, 3 - 0.35 * i, 7, [1, 0, 0]));
    if (i < 2) duralSac.push(orientedEllipsoid(c, tilt, w * 0.55 * (1 - i / 2.6), 3.6 * (1 - i / 3), 6, [1, 0, 0]));
  }
  // The lines a film draws of the sacrum: thin bars of solid bone, deep along the beam, so each shows as one fine line.
  const s1Axis = normalize([0, 0.55, 0.83]);
  const s1Across = normalize(cross(s1Axis, [1, 0, 0]));
  const s1Top = add([0, 40, 102], scale(s1Axis, 12.5));
  // (Its front half only, s1Across pointing backward: the promontory's rim.)
  const rimAngles = Array.from({ length: 11 }, (_, k) => Math.PI * (1.06 + 0.88 * (k / 10)));
  const endPlate: Vec3[] = rimAngles.map((a) => add(s1Top, add(scale([1, 0, 0], 21 * Math.cos(a)), scale(s1Across, 13 * Math.sin(a)))));
  const lines: Shape[] = [
    // The rim of S1's upper end plate (the promontory), seen obliquely as a gentle arc, fading out toward the alae
    // rather than closing into a ring.
    ...rod(endPlate, rimAngles.map((a) => 0.3 + 0.75 * Math.sin(a) ** 2), s1Axis, 2.8),
  ];
  // The alae's anterior margins: from either end of the promontory's rim out nearly level across the ala, then turning
  // down to the top of the pelvic brim, so on a frontal film the inlet's ring runs on unbroken from the arcuate lines over the alae to the
  // promontory.
  const alaMargins: Shape[] = [1, -1].flatMap((sx) =>
    smoothRod([[sx * 19, 43, 112.5], [sx * 28, 40.5, 111.5], [sx * 37, 38.5, 109.5], [sx * 44, 37, 104], [sx * 48.5, 36.3, 97], [sx * 50, 36, 90]], [0.4, 0.75, 0.85, 0.9, 0.85, 0.8], [0, 0, 1], 2.6, 3));
  // Below the joints the lateral borders converge on the apex (the thin lower sacrum: faint, blending lines).
  const lowerBorders: Shape[] = [1, -1].flatMap((sx) => smoothRod([[sx * 49, 68, 55], [sx * 42, 75, 43], [sx * 28, 81, 32], [sx * 11, 87, 22]], [0.9, 0.8, 0.7, 0.6], [1, 0, 0], 2.4, 3));
  const coccyx: Shape[] = [
    // Coccyx: four small segments, each smaller than the one above and just touching it.
    orientedEllipsoid([0, 86, 25], [0, 0.5, -0.87], 8, 5, 5, [1, 0, 0]),
    orientedEllipsoid([0, 92, 13.5], [0, 0.3, -0.95], 7, 4.5, 5.6, [1, 0, 0]),
    orientedEllipsoid([0, 94, 3.5], [0, 0, -1], 5, 3.5, 4.4, [1, 0, 0]),
    orientedEllipsoid([0, 93, -4.5], [0, -0.2, -1], 3.2, 2.5, 3, [1, 0, 0]),
  ];
  const spine: [Shape, number][] = [];
  const discs: Shape[] = [];
  const nuclei: Shape[] = [];
  // The laminae and articular processes: blending bone, so on a film they thicken the spine behind the bodies without
  // drawing ovals of their own (sections paint them as marrow-filled bone with a dark rim).
  const arches: Shape[] = [];
  // The bodies are dense blocks of bone, clearly denser on a film than the muscles beside them (blending bone inside
  // each, so they gain density without a second outline).
  const bodyCores: Shape[] = [];
  const ringApophyses: Shape[] = [];
  // (L5, L4, L3: bodies 25 mm tall, the discs between them 11 mm.)
  const levels: [number, number, number][] = [[136, 26, 44], [172, 18, 38], [208, 14, 42]];
  // Lordosis: L5 is tilted forward, its end plates facing a little forward (front edge lower), L4 less, so on the
  // frontal film the spinous processes project over the bodies.
  const tilts = [0.24, 0.1, 0];
  levels.forEach(([z, y, tp], li) => {
    const from = { spine: spine.length, arches: arches.length, bodyCores: bodyCores.length, discs: discs.length, nuclei: nuclei.length, rings: ringApophyses.length };
    // The body: waisted at mid-height (its sides concave on a frontal view), flaring over the last few millimetres to
    // the end plates' rims, its end faces flat.
    // (A stack of short slices whose radii follow the waist's smooth curve, so the sides are concave with no lip at
    // the end plates; the upper and lower few millimetres are a little denser, the end plates' subchondral bone.)
    // The end plates themselves are the outer 0.6 mm: solid bone.
    const cuts = [-12.5, -11.9, ...Array.from({ length: 23 }, (_, k) => -11.9 + (23.8 * (k + 1)) / 24), 11.9, 12.5];
    for (let k = 0; k + 1 < cuts.length; k++) {
      const a = cuts[k]!;
      const b = cuts[k + 1]!;
      const m = Math.abs((a + b) / 2) / 12.5;
      const flare = 1 + 0.16 * Math.pow(m, 1.5);
      const endPlate = k === 0 || k === cuts.length - 2;
      spine.push([cylinder([0, y, z + a], [0, y, z + b], 20.8 * flare, 15.2 * (1 + 0.5 * (flare - 1)), [1, 0, 0]), endPlate ? 30 : 1.0]);
    }
    // The ring apophyses: a rim of dense bone round the edge of each end plate. A frontal film sees a rim mostly where
    // the beam runs along it, as a dense corner at each side of the end plate.
    for (const end of [-1, 1]) {
      const ring: Vec3[] = Array.from({ length: 33 }, (_, k) => {
        const t = (2 * Math.PI * k) / 32;
        return [20.8 * 1.18 * 0.93 * Math.cos(t), y + 15.2 * 1.09 * 0.93 * Math.sin(t), z + end * 11.6];
      });
      ringApophyses.push(...rod(ring, ring.map(() => 1.6), [0, 0, 1], 0.9));
    }
    // (A flat-ended core, the body's own shape a little inset, so the added density has no round outline of its own.)
    bodyCores.push(cylinder([0, y, z - 11.5], [0, y, z + 11.5], 19.5, 13.6, [1, 0, 0]));
    // Pedicles (seen end-on as oval rings), laminae, articular, spinous and transverse processes; all but the pedicles
    // are thin plates of bone that overlap and blend on the frontal view.
    for (const sx of [1, -1]) {
      // (Pedicles differ a little in size from side to side and level to level.)
      const vary = 1 + 0.07 * Math.sin(3.1 * li + 1.7 * sx);
      // (About 9 × 12 mm, at the upper outer corners of the body.)
      spine.push([segmentEllipsoid([sx * 15.5, y + 9, z + 6], [sx * 16.5, y + 25, z + 6], 4.4 * vary, 6 / vary, [1, 0, 0], 1), 0.9]);
      // (The laminae meet behind the canal, so on a section the canal is closed by a bony roof running on into the
      // spinous process; they slope down and inward from the pedicles to the level of the disc below, so a film shows
      // each as a broad band running down to the spinous process, the two an inverted V over the interlaminar gap.)
      arches.push(...smoothRod([[sx * 15, y + 31, z + 8], [sx * 9, y + 37, z - 1], [sx * 2.5, y + 41, z - 9]], [3, 2.8, 2.6], [0, 1, 0], 2.1));
      // The transverse process: a bar of oval section from the junction of pedicle and lamina, broad at its root and tapering to
      // a blunt tip, pointing out and a little up (L5's stout and short, L4's and L3's longer and slimmer).
      // (Its upper and lower borders converge on the tip, which turns a little upward; thin from front to back.)
      // (L5's is a stout triangle, its base the height of the pedicle and below the end plate, rising only a little to
      // a broad, blunt tip, with a cortex thick enough to outline it.)
      const transverse = li === 0
        ? { rootUp: 0.5, tip: [sx * (tp - 5), y + 30, z + 5.5] as Vec3, rz: 10.5, taper: [1, 0.7, 0.56, 0.5], flatten: 0.78, cortex: 1.3 }
        : { rootUp: 3, tip: [sx * tp, y + 29, z + 8 + 0.1 * (tp - 38)] as Vec3, rz: 6.5, taper: [1, 0.62, 0.44, 0.34], flatten: 0.62, cortex: 0.8 };
      const root: Vec3 = [sx * 12, y + 24, z + transverse.rootUp];
      const { tip, rz } = transverse;
      const along = (t: number, up: number): Vec3 => add(add(scale(root, 1 - t), scale(tip, t)), [0, 0, up]);
      // (Cut off, open, inside the pedicle's ring: its rounded root would otherwise draw a disc of cortex over the body.)
      const keepLateral: HalfSpace = { n: [-sx, 0, 0], d: -18.5 };
      const bar = smoothRod([root, along(0.4, -0.8), along(0.75, -0.6), tip], transverse.taper.map((f) => rz * f), [0, 0, 1], transverse.flatten);
      spine.push(...thick(bar.map((p) => withClips(p, [keepLateral])), transverse.cortex));
      // The articular processes, above and below: their facets face each other across the facet joints.
      arches.push(orientedEllipsoid([sx * 15, y + 30, z + 13], [0.2, 0.1, 1], 4, 5.5, 7), orientedEllipsoid([sx * 13, y + 32, z - 11], [-0.2, 0.1, 1], 4, 5.5, 7));
    }
    // The spinous process, a little off the midline (a slight rotation is the rule), tapering downward.
    spine.push([orientedEllipsoid([1.2 - li, y + 46, z - 6], [0, 1, -0.3], 3.4, 7.5, 15, [1, 0, 0]), 0.6]);
    spine.push([orientedEllipsoid([1.2 - li, y + 48, z - 16], [0, 0.3, -1], 2.2, 5.5, 6, [1, 0, 0]), 0.4]);
    // The disc fills the space down to the body (or the sacrum) below: 11 mm between the lumbar bodies, 10 at L5-S1.
    const discHeight = li === 0 ? 10 : 11;
    discs.push(cylinder([0, y - 1, z - 12.5 - discHeight], [0, y - 1, z - 12.5], 23.2, 16.2, [1, 0, 0]));
    nuclei.push(ellipsoid([0.5, y + 1, z - 12.5 - discHeight / 2], [12, 7.5, discHeight * 0.32]));
    const tilt = (sh: Shape) => rotateShape(sh, [0, y, z], [1, 0, 0], tilts[li]!);
    for (let k = from.spine; k < spine.length; k++) spine[k] = [tilt(spine[k]![0]), spine[k]![1]];
    for (let k = from.arches; k < arches.length; k++) arches[k] = tilt(arches[k]!);
    for (let k = from.bodyCores; k < bodyCores.length; k++) bodyCores[k] = tilt(bodyCores[k]!);
    for (let k = from.discs; k < discs.length; k++) discs[k] = tilt(discs[k]!);
    for (let k = from.nuclei; k < nuclei.length; k++) nuclei[k] = tilt(nuclei[k]!);
    for (let k = from.rings; k < ringApophyses.length; k++) ringApophyses[k] = tilt(ringApophyses[k]!);
  });
  // Sacral foramina: short channels through the front of the sacrum, which a film shows as soft lucencies with a fine
  // arc of cortex over the top of each (the arcuate lines), not as punched-out rings.
  const foramina: Shape[] = [];
  const arcs: Shape[] = [];
  // They shrink and draw together downward, and the two sides are not mirror images. Each channel runs only part of the
  // way through the bone (the anterior foramina open into the sacral canal), so it is a moderate lucency, not a hole.
  const foramenRadius = [5, 4.2, 3.3, 2.5];
  const foramenX = [25, 21.5, 18.5, 16];
  [0, 1, 2, 3].forEach((i) => {
    const nrm = normalize(cross(tilt, [1, 0, 0]));
    for (const sx of [1, -1]) {
      const jitter = (sx > 0 ? FORAMEN_JITTER_LEFT : FORAMEN_JITTER_RIGHT)[i]!;
      const c = add(add([0, 42, 98], scale(tilt, 20 + i * 18.5)), jitter);
      const x = sx * foramenX[i]! + jitter[0];
      const r = foramenRadius[i]! * (sx > 0 ? 1 : 0.93);
      // (Oval, wider than tall, and running on outward and down into the groove for the ventral ramus.)
      foramina.push(segmentEllipsoid(add([x, c[1], c[2]], scale(nrm, -9)), add([x, c[1], c[2]], scale(nrm, 6)), r * 1.3, r * 0.85, [1, 0, 0], 3));
      foramina.push(segmentEllipsoid(add([x + sx * r * 1.2, c[1] - 2, c[2] - r * 0.3], scale(nrm, -4)), add([x + sx * r * 2.4, c[1] - 3, c[2] - r * 0.7], scale(nrm, 4)), r * 0.75, r * 0.5, [1, 0, 0], 2));
      // The arc over the top: thickest at its middle, fading out at both ends, a little lopsided.
      const front = c[1] - 4;
      const arc: Vec3[] = [];
      const arcR: number[] = [];
      for (let k = 0; k <= 8; k++) {
        const a = Math.PI * (0.08 + 0.84 * (k / 8));
        arc.push([x + Math.cos(a) * (r * 1.3 + 0.6), front, c[2] + 0.4 + Math.sin(a) * (r + 0.5) * 0.85]);
        arcR.push(0.3 + 1.9 * Math.sin(a) ** 1.5 * (k < 4 === sx > 0 ? 1 : 0.8));
      }
      arcs.push(...rod(arc, arcR, [0, 1, 0], 0.32));
    }
  });
  // Sacroiliac joints: cartilage-lined clefts between the alae and the ilia, oblique from front-lateral to back-medial
  // (painted on sections; on films they show as the joint lines below).
  const si: Shape[] = [1, -1].map((sx) => orientedEllipsoid([sx * 53, 52, 82], [sx * 0.1, 0.3, 0.95], 1.4, 13, 27, [sx * 0.86, -0.5, 0]));
  // On the frontal view the beam is tangent to each joint in two places: the anterior joint line, lateral and long, and
  // the posterior, medial and shorter, converging on the anterior one below. Each is a fine lucent cleft, with a thin
  // band of denser subchondral bone along its iliac side.
  const jointLines: Shape[] = [];
  const sclerosis: Shape[] = [];
  for (const sx of [1, -1]) {
    const anterior: Vec3[] = [[52, 38, 106], [57, 40, 92], [56, 43, 76], [51, 48, 60], [43, 54, 46]];
    const posterior: Vec3[] = [[44, 60, 108], [47, 62, 96], [46, 62, 83], [43, 60, 70], [41, 57, 60]];
    const m = (pts: Vec3[], dx = 0): Vec3[] => pts.map((p) => [sx * (p[0] + dx), p[1], p[2]]);
    // (Clefts a few millimetres wide, not hairlines, with denser subchondral bone on both sides, most on the iliac one.)
    jointLines.push(...smoothRod(m(anterior), [2.2, 3.4, 3.7, 3.2, 1.7], [1, 0, 0], 3.6, 3));
    jointLines.push(...smoothRod(m(posterior), [1.4, 2.3, 2.4, 2, 1.1], [1, 0, 0], 4.4, 3));
    sclerosis.push(...smoothRod(m(anterior, 5.5), [2, 3.2, 3.4, 3, 1.8], [1, 0, 0], 1.4, 3));
    sclerosis.push(...smoothRod(m(anterior, -5).slice(0, 4), [1.4, 2.2, 2.3, 1.8], [1, 0, 0], 1.2, 3));
  }
  // For sections: the first sacral body at full size, about 46 mm across and 32 deep, its top end plate under the
  // L5-S1 disc and its front standing forward of the sacrum below (the promontory), narrowing down into the sacrum in
  // steps of 3 mm; the wedge of disc between it and L5; and the first sacral arch, pedicles and laminae closing the
  // canal behind, with the first spinous tubercle. Films draw this bone with the blending parts above, so these are
  // for sections only.
  const s1Normal = normalize([0, -0.16, 0.99]);
  const s1EndPlate: Vec3 = [0, 30, 112.5];
  const s1Body: Shape[] = Array.from({ length: 6 }, (_, k) => {
    const top = add(s1EndPlate, scale(s1Normal, -3 * k));
    const shift: Vec3 = [0, 0.8 * k, 0];
    return cylinder(add(add(top, scale(s1Normal, -3)), shift), add(top, shift), 23 - 0.4 * k, 16 - 0.7 * k, [1, 0, 0]);
  });
  const s1Disc = cylinder(add(s1EndPlate, scale(s1Normal, -1)), add(s1EndPlate, scale(s1Normal, 4)), 22.5, 15.5, [1, 0, 0]);
  const s1Arch: Shape[] = [102, 108, 114].flatMap((z) =>
    smoothRod([[13, 43, z], [14.5, 52, z], [10.5, 59, z], [4.5, 62.5, z], [0, 63.5, z], [-4.5, 62.5, z], [-10.5, 59, z], [-14.5, 52, z], [-13, 43, z]], Array.from({ length: 9 }, () => 3.3), [0, 0, 1], 1, 2));
  const s1Tubercle = orientedEllipsoid([0, 67, 106], [0, 0.2, 1], 3, 5, 9, [1, 0, 0]);
  return [
    part('first sacral body and arch', 'M', Tissue.cancellous, P + 1, [...s1Body, ...s1Arch, s1Tubercle], { structure: 'sacrum', sectionOnly: true }),
    part('lumbosacral disc wedge', 'M', Tissue.cartilage, Priority.cartilage, [s1Disc], { sectionOnly: true }),
    part('sacrum', 'M', Tissue.cancellous, P + 1, plate, { structure: 'sacrum', blend: true }),
    // The coccyx: faint segments of blending bone (on a film usually lost in the soft tissue of the pelvic floor).
    part('coccyx', 'M', Tissue.cancellous, P + 1, coccyx, { structure: 'sacrum', blend: true }),
    part('sacral lower borders', 'M', Tissue.cortical, P, lowerBorders, { structure: 'sacrum', blend: true }),
    part('sacral cortical lines', 'M', Tissue.cortical, P, [...lines, ...arcs], { structure: 'sacrum' }),
    part('sacral alar margins', 'M', Tissue.cortical, P, alaMargins, { structure: 'sacrum', blend: true, filmOnly: true }),
    // The median sacral crest (the fused spinous tubercles) down the back of the midline: a faint vertical density,
    // stronger at each tubercle.
    part('median sacral crest', 'M', Tissue.cancellous, P + 1, [0, 1, 2, 3].map((i) =>
      orientedEllipsoid(add(add([0.8 - 0.4 * i, 46, 96], scale(tilt, 16 + 19 * i)), scale(backward, 15 - 1.6 * i)), tilt, 5 - 0.6 * i, 3.5, 13, [1, 0, 0])), { structure: 'sacrum', blend: true }),
    part('sacroiliac joint lines', 'M', Tissue.cartilage, Priority.cartilage, jointLines, { blend: true, subtract: true, filmOnly: true }),
    part('sacroiliac subchondral bone', 'M', Tissue.cancellous, P + 1, sclerosis, { structure: 'ilium', blend: true }),
    // The fused bodies down the middle and the lateral masses are denser than the thin bone between the foramina.
    part('sacral bodies and lateral masses', 'M', Tissue.cancellous, P + 1, [
      ...smoothRod([0, 1, 2, 3, 4].map((i) => add([0, 44, 100], scale(tilt, 22 * i))), [20, 17, 14, 10, 6], [1, 0, 0], 0.7, 2),
      ...[1, -1].flatMap((sx) => smoothRod([0, 1, 2].map((i) => add([sx * (44 - 6 * i), 50, 96], scale(tilt, 22 * i))), [13, 11, 8], [1, 0, 0], 0.8, 2)),
    ], { structure: 'sacrum', blend: true }),
    part('sacroiliac joints', 'M', Tissue.cartilage, Priority.cartilage, si, { blend: true }),
    ...boneOf('lumbar spine', 'M', spine, undefined, P),
    part('lumbar vertebral bodies', 'M', Tissue.cancellous, P + 1, bodyCores, { blend: true }),
    // (Above the bodies' marrow in the paint order: the rims lie inside the bodies.)
    part('lumbar ring apophyses', 'M', Tissue.cortical, P + 2, ringApophyses),
    part('lumbar posterior arches', 'M', Tissue.cancellous, P + 1, arches, { blend: true }),
    part('lumbosacral discs', 'M', Tissue.cartilage, Priority.cartilage, discs),
    // Each disc's nucleus pulposus, still holding some water at 66 (brighter than the annulus on STIR).
    part('lumbosacral disc nuclei', 'M', Tissue.fluid, Priority.cartilage + 0.5, nuclei, { mrTexture: 'disc nucleus' }),
    part('sacral foramina', 'M', Tissue.fat, Priority.foramen, foramina, { blend: true, subtract: true }),
    // Where the sacral bodies fused, a remnant of each disc (S1-2 to S3-4): a faint transverse line across the middle
    // of the sacrum between the rows of foramina.
    part('sacral disc remnants', 'M', Tissue.cartilage, Priority.foramen, [29.5, 48, 66.5].map((t, i) =>
      orientedEllipsoid(add([0.6 - 0.5 * i, 45, 97], scale(tilt, t)), tilt, 15 - 3.2 * i, 9 - 1.5 * i, 1.1, [1, 0, 0])), { blend: true, subtract: true }),
    // The sacral canal down the back of the fused bodies (epidural fat and the sacral roots), triangular in section and
    // narrowing toward the hiatus; the dural sac, fluid, ends in it at S2. (On a film a faint midline lucency.)
    part('sacral canal', 'M', Tissue.fat, Priority.foramen, canal, { blend: true, subtract: true }),
    part('sacral dural sac', 'M', Tissue.fluid, Priority.foramen + 1, duralSac, { blend: true, subtract: true, mrTexture: 'nerve roots' }),
    // The lumbar spinal canal behind the bodies, between the pedicles and in front of the laminae, running on into the
    // sacral canal: the dural sac (fluid) in a sleeve of epidural fat, thicker behind.
    part('lumbar epidural fat', 'M', Tissue.fat, Priority.foramen, tube(lumbarCanal, [10, 10.5, 11, 10.5, 9], [1, 0, 0], 0.68), { blend: true, subtract: true }),
    part('lumbar dural sac', 'M', Tissue.fluid, Priority.foramen + 1, tube(lumbarCanal.map((p) => add(p, [0, -1.2, 0]) as Vec3), [7.5, 8, 8, 7, 5], [1, 0, 0], 0.66), { blend: true, subtract: true, mrTexture: 'nerve roots' }),
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
    // Its origin from the back of the sacrum and the coccyx: the medial border runs down close to the midline, with only
    // the fat of the natal cleft between the two muscles.
    ...rod([[38, 98, 112], [31, 102, 70], [28, 102, 36], [30, 100, 8]], [18, 20, 20, 16], [1, 0, 0], 0.8),
    orientedEllipsoid([92, 108, 30], [0.5, 0, 1], 34, 24, 62, [1, -0.9, 0]),
  ], { structure: 'gluteus-maximus' });
  const iliacus = part('left iliopsoas', 'L', Tissue.muscle, Priority.muscle, [
    wingEllipsoid(add(out(14), [-6, -4, -4]), 58, 12, 54),
    // (The psoas is oval in section, longer from front to back and outward than across.)
    ...rod([[42, 22, 230], [44, 10, 150], [58, -14, 70], [78, -30, 14], [96, -28, -24], [108, 8, -60]], [15, 17, 18.5, 17, 15, 8], [0.45, 0.89, 0], 0.8),
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
    // (From the anterior superior spine it crosses the front of the thigh inward, beside the rectus femoris rather than
    // over it: medial to it from a little below the hip, with the femoral vessels further in.)
    muscle('sartorius', 'sartorius', [[120, -50, 66], [114, -56, 10], [95, -60, -40], [88, -52, -120], [72, -22, -280], [62, 14, -400]], [8, 9, 10, 12, 13, 9], [1, 0, 0], 0.55),
    // (The quadriceps keep under the thigh's outline: a centimetre or so of subcutaneous fat over the front and the outer
    // side, as medially and behind, so the films' projections pass through fat there and not only through muscle.)
    muscle('rectus femoris', 'quadriceps', [[104, -40, 34], [112, -46, -40], [110, -41, -180], [100, -32, -330], [94, -30, -385]], [8, 14, 17, 12, 7], [1, 0, 0], 0.65),
    // Its central tendon (from the indirect head): a thin blade down the middle of the muscle's upper half, a little
    // behind its centre and turned a little outward, so an axial section shows a short dark line in the muscle.
    part('left rectus femoris central tendon', 'L', Tissue.organ, Priority.muscle + 0.5,
      rod([[108, -45, 12], [111, -46, -40], [110, -47, -110], [108, -46, -200]], [3, 6, 7, 3], normalize([0.35, 1, 0]), 0.17), { structure: 'quadriceps', mrTexture: 'tendon' }),
    muscle('vastus lateralis', 'quadriceps', [[146, 10, -40], [144, 4, -130], [136, 4, -230], [121, 0, -350], [112, -10, -390]], [18, 24, 24, 18, 10]),
    muscle('vastus intermedius', 'quadriceps', [[126, -20, -70], [122, -24, -180], [108, -22, -310], [96, -18, -370]], [16, 20, 17, 10]),
    muscle('vastus medialis', 'quadriceps', [[104, -14, -110], [94, -18, -230], [80, -14, -340], [74, -10, -390]], [10, 17, 22, 14]),
    muscle('adductor longus', 'adductors', [[22, -40, -36], [60, -40, -110], [104, 2, -220]], [14, 20, 8], [1, 0, 0], 0.75),
    muscle('adductor brevis', 'adductors', [[30, -24, -50], [70, -14, -100], [112, 12, -130]], [13, 18, 7]),
    muscle('adductor magnus', 'adductors', [[52, 30, -76], [70, 20, -150], [88, 14, -260], [84, 18, -340], [76, 16, -390]], [16, 30, 30, 20, 8], [1, 0, 0], 0.8),
    muscle('gracilis', 'gracilis', [[24, -30, -56], [34, -16, -180], [44, 4, -320], [56, 16, -410]], [8, 11, 10, 6], [1, 1, 0], 0.6),
    muscle('semitendinosus', 'semitendinosus', [[60, 46, -72], [64, 62, -160], [68, 62, -270], [64, 46, -370], [64, 34, -420]], [10, 17, 15, 10, 5]),
    muscle('semimembranosus', 'semimembranosus', [[68, 38, -80], [74, 40, -160], [76, 44, -260], [70, 36, -360], [70, 26, -410]], [7, 14, 21, 17, 9]),
    muscle('biceps femoris', 'biceps-femoris', [[68, 46, -74], [90, 62, -160], [108, 58, -270], [122, 44, -360], [126, 34, -420]], [9, 16, 19, 15, 8]),
    // The patellar tendon, a strap from the patella's apex down to the tibial tuberosity in front of the infrapatellar
    // fat pad (soft-tissue density on films).
    part('left patellar tendon', 'L', Tissue.organ, Priority.muscle, smoothRod([[91, -25, -427], [90, -22, -447], [89, -16, -466], [88, -13, -480]], [3, 2.7, 2.6, 3], [0, 1, 0], 5, 3, 0.8)),
    // The leg's muscles below the knee (the calf behind, the anterior compartment beside the tibia), as one mass.
    part('left leg muscles', 'L', Tissue.muscle, Priority.muscle, smoothRod([[88, 24, -445], [88, 26, -480], [89, 28, -540], [88, 26, -640]], [30, 36, 40, 32], [1, 0, 0], 0.9, 4, 0.8)),
    muscle('biceps femoris short head', 'biceps-femoris', [[122, 28, -230], [128, 34, -320], [128, 34, -380]], [8, 13, 8]),
    // The trunk above the pelvis: the anterior abdominal wall (a thin strap beside the midline, down to the pubis), the
    // flank muscles reaching the iliac crest, and the erector spinae behind the lumbar spine and the sacrum.
    muscle('rectus abdominis', undefined, [[34, -72, 210], [32, -76, 150], [28, -84, 80], [22, -74, 20], [14, -54, -18]], [16, 16, 15, 12, 8], [1, 0, 0], 0.38),
    muscle('abdominal obliques', undefined, [[62, -80, 188], [104, -60, 186], [128, -22, 184], [132, 18, 182], [118, 50, 182]], [30, 30, 30, 30, 26], [0, 0, 1], 0.33),
    // Below them the lateral abdominal wall goes on down to the iliac crest and, in front, to the inguinal ligament: a
    // thin layer of the internal oblique and transversus between the subcutaneous fat and the bowel.
    muscle('lower abdominal obliques', undefined, [[52, -78, 146], [86, -66, 146], [110, -46, 144], [124, -20, 146], [128, 6, 150]], [12, 12, 12, 11, 10], [0, 0, 1], 0.33),
    muscle('lower abdominal wall', undefined, [[44, -78, 116], [70, -72, 112], [92, -60, 106], [104, -46, 102]], [10, 10, 9, 7], [0, 0, 1], 0.36),
    // (Beside the spinous processes and over the laminae lies the multifidus; the erector spinae proper is the bulkier
    // mass lateral to it, oval with its long axis from side to side.)
    muscle('multifidus', undefined, [[11, 66, 250], [11, 66, 170], [11, 70, 120], [9, 74, 86]], [9, 10.5, 10.5, 7], [1, 0, 0], 1.15),
    muscle('erector spinae', undefined, [[35, 76, 250], [35, 76, 170], [29, 82, 115], [19, 80, 84]], [20, 20, 15, 7.5], [1, 0, 0], 0.72),
  ];
  return list;
}

function leftVesselsAndNerve(): Part[] {
  // The common and external iliac vessels run down the front of the psoas along its medial border, then the femoral
  // vessels under the inguinal ligament in front of the iliopsoas, the vein medial to the artery (behind it higher up).
  const artery: Vec3[] = [[24, -14, 150], [32, -21, 120], [41, -36, 60], [72, -48, 0], [80, -40, -70], [86, -26, -180], [90, -4, -280], [94, 32, -350], [92, 44, -410]];
  const vein = artery.map((p) => add(p, p[2] > 50 ? [-6, 7, 0] : [-11, 3, 0]) as Vec3);
  const deep: Vec3[] = [[80, -40, -70], [102, -12, -110], [110, 10, -220]];
  const saphenous: Vec3[] = [[60, -66, -40], [44, -40, -180], [44, -14, -300], [52, 10, -420]];
  // The nerve is a flat oval, about 16 × 9 mm at the sciatic notch and 12 × 7 mm in the proximal thigh.
  const sciaticRadii = sciaticPath.map((_, i) => (i < 2 ? 8 : i < 5 ? 6.6 : 6));
  // Fat around the neurovascular bundles (below the edema, so inflammation replaces it).
  const sheathPriority = Priority.muscle + 5;
  return [
    // (A pad of fat wider than the nerve and off-centre to it, lopsided in two pieces, where it runs between gluteus
    // maximus and the short external rotators; thinner down the thigh.)
    part('left sciatic perineural fat', 'L', Tissue.fat, sheathPriority, [
      ...tube(sciaticPath.map((p) => add(p, [3.5, -2, 0]) as Vec3), sciaticRadii.map((r, i) => r + (i < 4 ? 4 : 2)), [1, 0, 0], 0.85),
      ...tube(sciaticPath.map((p) => add(p, [-4, 3, 0]) as Vec3), sciaticRadii.map((r, i) => r * 0.7 + (i < 4 ? 3 : 1.5)), [1, 0, 0], 0.6),
    ]),
    // One sheath of fat round the artery and the vein together, off-centre to the artery.
    // (Slim, and slimmer down the thigh, where the vessels run in the adductor canal between the muscles.)
    part('left femoral neurovascular fat', 'L', Tissue.fat, sheathPriority, tube(artery.slice(3).map((p, i) => add(p, [-4.5 + 0.8 * i, 1.5 - 0.6 * i, 0]) as Vec3), [10.5, 9.5, 8, 7, 6.5, 6], [1, 0, 0], 0.7)),
    // (The iliac vessels in the pelvis are wider than the femoral vessels below the groin.)
    part('left femoral artery', 'L', Tissue.vessel, Priority.vessel, tube(artery, artery.map((p) => (p[2] > 50 ? 5 : 4)))),
    part('left femoral vein', 'L', Tissue.vessel, Priority.vessel, tube(vein, vein.map((p) => (p[2] > 50 ? 6.5 : 5.5))), { mrTexture: 'slow flow' }),
    part('left profunda femoris vessels', 'L', Tissue.vessel, Priority.vessel, tube(deep, [3.5, 3, 2.5])),
    part('left great saphenous vein', 'L', Tissue.vessel, Priority.vessel, tube(saphenous, [2.5, 2.5, 2.5, 2.5]), { mrTexture: 'slow flow' }),
    // A thin rim of epineurial fat hugs the nerve along its whole course, above the edema (and, like the nerve, not bent
    // by the soft tissues' warp): where inflammation encases the nerve it still shows the nerve's outline in places
    // (incomplete, off-centre to the nerve).
    part('left sciatic epineurial fat', 'L', Tissue.fat, Priority.vessel + 0.5, tube(sciaticPath.map((p) => add(p, [1.2, -0.6, 0]) as Vec3), sciaticRadii.map((r) => r + 1.4), [1, 0, 0], 0.66), { mrTexture: 'patchy rim' }),
    part('left sciatic nerve', 'L', Tissue.nerve, Priority.nerve, tube(sciaticPath, sciaticRadii, [1, 0, 0], 0.56), { structure: 'sciatic-nerve' }),
  ];
}

/** The bladder's lumen, or with `wall` its outer surface: the union of a broad, low ellipsoid and a taller, narrower one. */
function bladder(wall: number): Shape[] {
  const back: HalfSpace = { n: [0, 1, 0], d: 1 + wall };
  // (The taller part sits a little to the right, where the sigmoid does not press on the dome, so a coronal section is
  // higher on one side than the other instead of a symmetric oval; it stays wide enough to cover the lower part's dome,
  // which an axial slice grazing it would show as a crescent of wall inside the lumen.)
  return [ellipsoid([0, -21, 6], [42 + wall, 26 + wall, 24 + wall], [back]), ellipsoid([-4, -23, 10], [34 + wall, 29 + wall, 28 + wall], [back])];
}

function pelvicOrgans(): Part[] {
  return [
    // The bladder, moderately full: broad and low, its back flattened against the seminal vesicles and the rectum,
    // so a section shows a rounded square rather than an oval.
    part('bladder', 'M', Tissue.urine, Priority.organ + 1, bladder(0)),
    part('bladder wall', 'M', Tissue.organ, Priority.organ, bladder(3)),
    part('rectum', 'M', Tissue.bowel, Priority.organ, tube([[0, 84, 80], [0, 70, 30], [0, 56, -10], [0, 46, -46]], [17, 18, 17, 9])),
    // The prostate: chestnut-shaped, its broad base under the bladder's neck and its narrower apex below, so a coronal
    // section shows a rounded inverted triangle, not a ball.
    part('prostate', 'M', Tissue.organ, Priority.organ + 1, [ellipsoid([0, -6, -30], [21, 15, 13]), ellipsoid([0, -6, -43], [14, 14, 13])]),
    part('seminal vesicles', 'M', Tissue.fluid, Priority.organ + 1, [1, -1].map((sx) => orientedEllipsoid([sx * 16, 22, -8], [sx * 0.9, 0.3, 0.3], 5, 6, 19, [0, 1, 0])), { mrTexture: 'folded lumen' }),
    // Levator ani: a muscular sling from the pelvic side walls around the rectum and prostate.
    part('levator ani', 'M', Tissue.muscle, Priority.organ + 1, [
      ...tube([[-44, 20, -6], [-34, 48, -30], [0, 70, -48], [34, 48, -30], [44, 20, -6]], [5, 6, 7, 6, 5], [0, 0, 1], 0.6),
    ]),
    // Small bowel loops and the sigmoid fill the pelvis above the bladder and in front of the rectum (sections show
    // them as loops in mesenteric fat: Part.loops).
    part('pelvic bowel', 'M', Tissue.bowel, Priority.organ, [
      ellipsoid([18, -20, 100], [34, 30, 30]), ellipsoid([-24, -10, 118], [30, 32, 28]), ellipsoid([0, -36, 150], [50, 30, 26]),
      ellipsoid([4, -32, 66], [44, 30, 24]), ellipsoid([-14, 8, 84], [30, 26, 22]), ellipsoid([26, 14, 74], [22, 22, 20]),
    ], { loops: true }),
    // The caecum in the right iliac fossa, in front of the iliacus, running up into the ascending colon; the sigmoid
    // looping over the left side of the pelvic inlet. Both hold stool mixed with gas.
    part('caecum and ascending colon', 'M', Tissue.bowel, Priority.organ, [
      orientedEllipsoid([-64, -34, 126], [0.15, 0.05, 1], 23, 15, 28, [1, 0, 0]),
      ...tube([[-66, -30, 148], [-70, -22, 180], [-72, -16, 215]], [19, 18, 17], [1, 0, 0], 0.8),
    ]),
    part('sigmoid colon', 'M', Tissue.bowel, Priority.organ, tube([[46, -28, 128], [52, -20, 108], [40, -6, 92], [20, 8, 84], [6, 30, 84]], [13, 14, 14, 13, 12], [0, 0, 1], 0.8)),
    // Gas in the bowel, risen to the front (the patient lies supine): a pocket along the front of the rectum, strings of
    // bubbles in the sigmoid and small bowel loops, a larger collection in the caecum.
    part('bowel gas', 'M', Tissue.air, Priority.organ + 2, [
      orientedEllipsoid([3, 58, 38], [0.05, -0.3, 0.95], 10, 4.5, 15, [1, 0, 0]),
      orientedEllipsoid([-4, 62, 60], [0.1, -0.35, 0.93], 7, 4, 9, [1, 0, 0]),
      ...tube([[34, -12, 92], [22, -26, 102], [8, -30, 108]], [6, 7.5, 5], [0, 1, 0], 0.6),
      ...tube([[-6, -30, 114], [-20, -22, 124], [-30, -8, 118]], [5, 6.5, 4.5], [0, 1, 0], 0.6),
      orientedEllipsoid([26, -44, 146], [1, 0.2, 0.1], 14, 6, 7, [0, 1, 0]),
      orientedEllipsoid([-18, -46, 152], [1, -0.1, 0.2], 12, 5.5, 6.5, [0, 1, 0]),
      orientedEllipsoid([-34, -24, 108], [0.3, 0.1, 1], 12, 8, 15, [1, 0, 0]),
      orientedEllipsoid([-40, -16, 96], [0.5, 0, 1], 8, 6, 9, [1, 0, 0]),
      // (In the caecum and ascending colon, bubbles through the stool, most at the front; in the sigmoid a few more.)
      orientedEllipsoid([-60, -42, 132], [0.2, 0, 1], 13, 5.5, 14, [1, 0, 0]),
      orientedEllipsoid([-72, -36, 116], [-0.3, 0, 1], 8, 5, 9, [1, 0, 0]),
      orientedEllipsoid([-68, -34, 160], [0.1, 0.1, 1], 10, 6, 14, [1, 0, 0]),
      orientedEllipsoid([-73, -26, 196], [0, 0.1, 1], 9, 6, 12, [1, 0, 0]),
      orientedEllipsoid([50, -26, 114], [0.3, 0.2, 1], 7, 5, 10, [1, 0, 0]),
      orientedEllipsoid([30, 0, 86], [1, -0.6, 0], 8, 5, 5, [0, 0, 1]),
    ], { bowelGas: true }),
  ];
}

/** Rotates the right femur's shapes about its mechanical axis (internal rotation, as on admission). */
function internallyRotate(p: Part, degrees: number): Part {
  const head: Vec3 = [-Landmarks.femoralHead[0], Landmarks.femoralHead[1], Landmarks.femoralHead[2]];
  const knee: Vec3 = [-Landmarks.knee[0], Landmarks.knee[1], Landmarks.knee[2]];
  const axis = normalize(sub(head, knee));
  return { ...p, shapes: p.shapes.map((s) => rotateShape(s, head, axis, (degrees * Math.PI) / 180)) };
}

/** Radius factor of the right thigh's muscles: disuse wasting of the painful limb, so the two sides are not mirror images. */
const RIGHT_THIGH_WASTING = 0.92;

/** The right thigh's muscles a little thinner below the hip (their courses unchanged). */
function wasted(p: Part): Part {
  if (p.tissue !== Tissue.muscle || p.side !== 'R') return p;
  const f = (z: number) => 1 - (1 - RIGHT_THIGH_WASTING) * Math.max(0, Math.min(1, (-30 - z) / 60));
  return {
    ...p,
    shapes: p.shapes.map((s) => {
      const k = f(s.center[2]);
      return k === 1 ? s : { ...s, radii: [s.radii[0] * k, s.radii[1] * k, s.kind === 'cylinder' ? s.radii[2] : s.radii[2] * k], bound: s.bound * (s.kind === 'cylinder' ? 1 : k) };
    }),
  };
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
    ...left.map(mirrorPart).map(wasted),
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
