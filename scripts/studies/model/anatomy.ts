// Normal anatomy of the pelvis and thighs (patient LPS millimetres; origin between the femoral heads), built for the left
// side and mirrored, with the right femur internally rotated as in the case.
import type { Vec3 } from '../util/vec';
import { cross, normalize, add, scale, sub, norm } from '../util/vec';
import { type Shape, ellipsoid, sphere, cylinder, tube, orientedEllipsoid, segmentEllipsoid, withClips, inset } from './shapes';
import { type Part, part, bone, mirrorPart, Priority, rotateShape } from './parts';
import { Tissue } from './tissues';

/** Landmarks used by the disease model, the projections and the ground truth (left side; mirror x for right). */
export const Landmarks = {
  femoralHead: [88, 0, 0] as Vec3,
  femoralHeadRadius: 23,
  greaterTrochanter: [146, 14, -22] as Vec3,
  lesserTrochanter: [110, 24, -62] as Vec3,
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

/** Body envelope: skin and subcutaneous fat. */
function envelope(): Part[] {
  const outer: Shape[] = [
    withClips(ellipsoid([0, 18, 60], [178, 122, 190]), [{ n: [0, 0, -1], d: 45 }]),
    ellipsoid([72, 70, -30], [92, 78, 80]),
    ellipsoid([-72, 70, -30], [92, 78, 80]),
    ellipsoid([0, 10, 10], [170, 120, 70]),
  ];
  for (const sx of [1, -1]) {
    outer.push(...tube([[sx * 100, 16, -20], [sx * 100, 18, -150], [sx * 94, 18, -290], [sx * 86, 16, -440]], [98, 86, 72, 56]));
  }
  return [
    part('skin', 'M', Tissue.skin, Priority.skin, outer, { envelope: true }),
    part('subcutaneous fat', 'M', Tissue.fat, Priority.fat, outer.map((s) => inset(s, 2.2)), { envelope: true }),
  ];
}

/** The iliac wing's plane: u from the sacroiliac joint toward the anterior superior spine, w upward and outward. */
const wingU = normalize([0.66, -0.75, 0]);
const wingW = normalize([0.3, 0.264, 0.916]);
const wingV = normalize(cross(wingU, wingW));
const wingAxes = (): [Vec3, Vec3, Vec3] => [wingU, wingV, wingW];
const wingEllipsoid = (center: Vec3, ru: number, rv: number, rw: number): Shape => ({
  kind: 'ellipsoid',
  center,
  axes: wingAxes(),
  radii: [ru, rv, rw],
  clips: [],
  bound: Math.max(ru, rv, rw),
});

function leftHemipelvis(): Part[] {
  const H = Landmarks.femoralHead;
  const wingCenter: Vec3 = [98, 18, 98];
  // The acetabular opening faces lateral, anterior and down.
  const opening = normalize([0.72, -0.32, -0.62]);
  const acetabulum = withClips(sphere(H, 33), [{ n: opening, d: opening[0] * H[0] + opening[1] * H[1] + opening[2] * H[2] + 2 }]);
  const crest: Vec3[] = [];
  for (let k = 0; k <= 12; k++) {
    const a = Math.PI * (0.1 + 0.8 * (k / 12));
    crest.push(add(wingCenter, add(scale(wingU, -Math.cos(a) * 74), scale(wingW, Math.sin(a) * 66))));
  }
  const ilium = [
    wingEllipsoid(wingCenter, 76, 4.5, 68),
    ...tube(crest, crest.map(() => 5.5), wingV),
    ellipsoid([80, 14, 36], [20, 22, 30]),
    orientedEllipsoid([70, 52, 80], [0.15, -0.1, 1], 11, 24, 46, wingU),
    // Posterior pillar and sciatic notch margin.
    segmentEllipsoid([72, 30, 40], [62, 58, 72], 13, 11),
    acetabulum,
  ];
  const ischium = [segmentEllipsoid([80, 22, -8], [64, 34, -60], 14, 12), ellipsoid([62, 36, -68], [15, 16, 19]), sphere([58, 48, 2], 6)];
  const pubis = [
    ...tube([[74, -10, 4], [46, -30, -8], [18, -45, -22]], [10, 8, 8.5]),
    ellipsoid([14, -45, -30], [11.5, 10, 19]),
    ...tube([[16, -42, -46], [36, -14, -64], [58, 22, -76]], [7.5, 7, 8], [0, 1, 0]),
  ];
  const cartilage = part('left acetabular cartilage', 'L', Tissue.cartilage, Priority.cartilage, [
    withClips(sphere(H, 26.5), [{ n: opening, d: opening[0] * H[0] + opening[1] * H[1] + opening[2] * H[2] + 6 }]),
  ]);
  return [
    ...bone('left ilium', 'L', ilium, 1.3, 'ilium'),
    ...bone('left ischium', 'L', ischium, 1.4, 'ischium'),
    ...bone('left pubis', 'L', pubis, 1.3, 'pubis'),
    cartilage,
  ];
}

function leftFemur(): Part[] {
  const H = Landmarks.femoralHead;
  const neckDir = normalize([0.74, 0.17, -0.62]);
  const neckBase = add(H, scale(neckDir, 50));
  const shaftTop: Vec3 = [128, 10, -48];
  const shaft: Vec3[] = [shaftTop, [118, 0, -180], [104, -2, -310], [92, 8, -392]];
  const head = sphere(H, Landmarks.femoralHeadRadius);
  const outer: Shape[] = [
    head,
    segmentEllipsoid(add(H, scale(neckDir, 8)), neckBase, 16, 13.5, [0, 0, 1], 4),
    ellipsoid(Landmarks.greaterTrochanter, [17, 22, 30]),
    orientedEllipsoid([130, 12, -40], [0.35, 0, 1], 23, 21, 34),
    ellipsoid(Landmarks.lesserTrochanter, [10, 10, 13]),
    // Distal metaphysis and condyles.
    ellipsoid([90, 10, -382], [30, 27, 36]),
    ellipsoid([106, 18, -412], [20, 27, 24]),
    ellipsoid([70, 18, -414], [19, 27, 24]),
  ];
  const shaftShapes: Shape[] = [];
  for (let i = 0; i + 1 < shaft.length; i++) shaftShapes.push(cylinder(shaft[i]!, shaft[i + 1]!, 14, 13.5));
  const cortexOuter = [...outer, ...shaftShapes];
  const medulla = [...outer.map((s) => inset(s, s === head ? 1.5 : 1.6)), ...shaftShapes.map((s) => inset(s, 5.2))];
  const patella = ellipsoid([90, -34, -396], [21, 10, 24]);
  const tibia = [ellipsoid([88, 14, -452], [40, 30, 18]), cylinder([88, 16, -452], [86, 18, -600], 17, 15)];
  return [
    part('left femur cortex', 'L', Tissue.cortical, Priority.cortical, cortexOuter, { structure: 'femur' }),
    part('left femur medulla', 'L', Tissue.cancellous, Priority.cancellous, medulla, { structure: 'femur' }),
    ...bone('left patella', 'L', [patella], 1.5),
    ...bone('left tibia', 'L', tibia, 2),
  ];
}

function sacrumAndSpine(): Part[] {
  const tilt = normalize([0, 0.42, -0.9]);
  const sacrum: Shape[] = [
    orientedEllipsoid([0, 62, 70], tilt, 46, 14, 56, [1, 0, 0]),
    orientedEllipsoid([0, 86, 18], tilt, 26, 11, 32, [1, 0, 0]),
    ellipsoid([33, 54, 98], [24, 22, 26]),
    ellipsoid([-33, 54, 98], [24, 22, 26]),
    cylinder([0, 38, 100], [0, 44, 122], 25, 17, [1, 0, 0]),
    orientedEllipsoid([0, 100, -12], tilt, 9, 7, 16, [1, 0, 0]),
  ];
  const spine: Shape[] = [];
  for (const [z, y] of [[146, 26], [182, 18], [218, 14]] as [number, number][]) {
    spine.push(cylinder([0, y, z - 13], [0, y, z + 13], 25, 18, [1, 0, 0]));
    spine.push(ellipsoid([17, y + 24, z + 2], [6, 9, 8]), ellipsoid([-17, y + 24, z + 2], [6, 9, 8]));
    spine.push(ellipsoid([0, y + 50, z - 6], [5, 16, 12]));
    spine.push(ellipsoid([0, y + 34, z - 2], [16, 7, 10]));
    const tp = z < 160 ? 36 : 30;
    spine.push(ellipsoid([tp, y + 30, z + 2], [tp - 12, 6, 6]), ellipsoid([-tp, y + 30, z + 2], [tp - 12, 6, 6]));
  }
  const foramina: Shape[] = [];
  const sacralPoint = (t: number): Vec3 => add([0, 38, 112], scale(tilt, t));
  [18, 42, 64, 84].forEach((t, i) => {
    const c = sacralPoint(t);
    for (const sx of [1, -1]) foramina.push(cylinder([sx * (26 - i * 2.5), c[1] - 30, c[2]], [sx * (26 - i * 2.5), c[1] + 30, c[2]], 5.2 - i * 0.6, 4.6 - i * 0.5, [1, 0, 0]));
  });
  const discCenters: Vec3[] = [[0, 28, 127], [0, 22, 164], [0, 16, 200]];
  const discs: Shape[] = discCenters.map((c) => cylinder(sub(c, [0, 0, 4]), add(c, [0, 0, 4]), 24, 17, [1, 0, 0]));
  return [
    ...bone('sacrum', 'M', sacrum, 1.2, 'sacrum'),
    ...bone('lumbar spine', 'M', spine, 1.0),
    part('lumbosacral discs', 'M', Tissue.cartilage, Priority.cartilage, discs),
    part('sacral foramina', 'M', Tissue.fat, Priority.foramen, foramina),
  ];
}

/** Muscle radii scale: an average adult's muscle mass fills the space inside the subcutaneous fat. */
const MUSCLE_BULK = 1.3;

/** A muscle as a chain of tube segments. */
function muscle(name: string, structure: string | undefined, points: Vec3[], radii: number[], hint: Vec3 = [1, 0, 0], flatten = 1): Part {
  return part(`left ${name}`, 'L', Tissue.muscle, Priority.muscle, tube(points, radii.map((r) => r * MUSCLE_BULK), hint, flatten), structure ? { structure } : {});
}

function leftMuscles(): Part[] {
  const wingCenter: Vec3 = [98, 18, 98];
  const out = (d: number): Vec3 => add(wingCenter, scale(wingV, d));
  const gMedius = part('left gluteus medius', 'L', Tissue.muscle, Priority.muscle + 1, [
    wingEllipsoid(add(out(-20), [6, 4, -8]), 64, 17, 52),
    ...tube([[128, 26, 70], [142, 20, 32], [150, 14, 4]], [30, 26, 14]),
  ], { structure: 'gluteus-medius' });
  const gMinimus = part('left gluteus minimus', 'L', Tissue.muscle, Priority.muscle + 2, [
    wingEllipsoid(add(out(-7), [4, -2, -18]), 50, 6, 40),
    ...tube([[124, 4, 40], [140, 0, 10]], [12, 8]),
  ], { structure: 'gluteus-minimus' });
  const gMaximus = part('left gluteus maximus', 'L', Tissue.muscle, Priority.muscle, [
    ...tube([[40, 106, 100], [78, 106, 50], [118, 86, -10], [144, 52, -70], [146, 38, -100]], [36, 44, 46, 32, 18], [1, -1, 0], 0.75),
    orientedEllipsoid([92, 108, 30], [0.5, 0, 1], 34, 24, 62, [1, -0.9, 0]),
  ], { structure: 'gluteus-maximus' });
  const iliacus = part('left iliopsoas', 'L', Tissue.muscle, Priority.muscle, [
    wingEllipsoid(add(out(14), [-6, -4, -4]), 58, 12, 54),
    ...tube([[42, 22, 230], [44, 10, 150], [58, -14, 70], [78, -30, 14], [96, -28, -24], [108, 8, -60]], [22, 24, 22, 18, 15, 8]),
  ], { structure: 'iliopsoas' });
  const list: Part[] = [
    gMaximus,
    gMedius,
    gMinimus,
    iliacus,
    muscle('piriformis', 'piriformis', [[26, 66, 74], [70, 62, 40], [140, 22, 6]], [11, 12, 7]),
    muscle('obturator internus', 'obturator-internus', [[52, 4, 2], [54, 10, -30], [70, 44, -30], [126, 26, -14]], [7, 10, 7, 5]),
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
  ];
  return list;
}

function leftVesselsAndNerve(): Part[] {
  const artery: Vec3[] = [[40, 8, 130], [58, -14, 60], [74, -44, 0], [80, -40, -70], [86, -26, -180], [90, -4, -280], [94, 32, -350], [92, 44, -410]];
  const vein = artery.map((p) => add(p, [-11, 3, 0]) as Vec3);
  const deep: Vec3[] = [[80, -40, -70], [102, -12, -110], [110, 10, -220]];
  const saphenous: Vec3[] = [[60, -66, -40], [44, -40, -180], [44, -14, -300], [52, 10, -420]];
  const sciaticRadii = sciaticPath.map((_, i) => (i < 2 ? 7 : 6));
  return [
    part('left femoral artery', 'L', Tissue.vessel, Priority.vessel, tube(artery, artery.map(() => 4))),
    part('left femoral vein', 'L', Tissue.vessel, Priority.vessel, tube(vein, vein.map(() => 5.5))),
    part('left profunda femoris vessels', 'L', Tissue.vessel, Priority.vessel, tube(deep, [3.5, 3, 2.5])),
    part('left great saphenous vein', 'L', Tissue.vessel, Priority.vessel, tube(saphenous, [2.5, 2.5, 2.5, 2.5])),
    part('left sciatic nerve', 'L', Tissue.nerve, Priority.nerve, tube(sciaticPath, sciaticRadii, [1, 0, 0], 0.6), { structure: 'sciatic-nerve' }),
  ];
}

function pelvicOrgans(): Part[] {
  return [
    part('bladder', 'M', Tissue.urine, Priority.organ + 1, [ellipsoid([0, -22, 8], [40, 28, 30])]),
    part('bladder wall', 'M', Tissue.organ, Priority.organ, [ellipsoid([0, -22, 8], [43, 31, 33])]),
    part('rectum', 'M', Tissue.bowel, Priority.organ, tube([[0, 84, 80], [0, 70, 30], [0, 50, -10], [0, 36, -46]], [17, 16, 15, 8])),
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
