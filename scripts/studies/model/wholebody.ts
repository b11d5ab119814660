// The rest of the body for the whole-body bone scan (the pelvis and thighs come from the detailed model): skull, face
// and mandible, cervical to upper lumbar spine, rib cage, sternum, shoulder girdles, arms and hands, lower legs and
// feet, kidneys, lungs, brain and the soft-tissue envelope. Coarser than the pelvis (a bone scan blurs ~1 cm anyway) but
// with the proportions of an adult of about 1.75 m, and with the mildly higher uptake of joints and red-marrow bone that
// a reader expects (see boneScanHotSpots). Only the bone scan uses these parts.
import type { Vec3 } from '../util/vec';
import { add, scale, normalize, cross, dot, sub, mirrorX } from '../util/vec';
import { type Shape, ellipsoid, sphere, cylinder, tube, rod, inset, orientedEllipsoid, segmentEllipsoid } from './shapes';
import { type Part, part, bone, mirrorPart, Priority } from './parts';
import { Tissue, TISSUES } from './tissues';
import { Landmarks } from './anatomy';
import type { UptakeHotSpot } from '../modalities/bonescan';

/** The same parts with their MDP uptake scaled (red-marrow-rich bone takes up more tracer per millimetre). */
const hotter = (parts: Part[], f: number): Part[] => parts.map((p) => ({ ...p, uptake: (p.uptake ?? TISSUES[p.tissue].uptake) * f }));

interface Level {
  name: string;
  z: number;
  /** Body centre, anterior-posterior (larger is more posterior). */
  y: number;
  /** Half width and half depth of the body. */
  rx: number;
  ry: number;
  /** Height of the body (the gap to the next level is the disc). */
  h: number;
}

/** C2 to L2: the lumbar spine below L2 is part of the pelvis model. Thoracic kyphosis, cervical lordosis. */
function levels(): Level[] {
  const out: Level[] = [];
  const names = ['C2', 'C3', 'C4', 'C5', 'C6', 'C7', 'T1', 'T2', 'T3', 'T4', 'T5', 'T6', 'T7', 'T8', 'T9', 'T10', 'T11', 'T12', 'L1', 'L2'];
  let z = 672;
  for (let i = 0; i < names.length; i++) {
    const n = names[i]!;
    const cervical = n.startsWith('C');
    const lumbar = n.startsWith('L');
    const h = cervical ? 13 : lumbar ? 25 : 17 + 0.45 * (i - 6);
    const gap = cervical ? 4.5 : lumbar ? 9 : 5.5;
    // Curvature: lordotic neck (anterior), kyphotic thorax (posterior), lordotic lumbar spine.
    const t = (672 - z) / 440;
    const y = 22 + 40 * Math.sin(Math.PI * Math.min(1, Math.max(0, (t - 0.12) / 0.85))) - (cervical ? 6 : 0);
    const rx = cervical ? 11 + 0.8 * i : lumbar ? 22 : 13 + 0.55 * (i - 6);
    const ry = cervical ? 8 + 0.4 * i : lumbar ? 16 : 11 + 0.35 * (i - 6);
    out.push({ name: n, z: z - h / 2, y, rx, ry, h });
    z -= h + gap;
  }
  return out;
}

function spine(lv: Level[]): Part[] {
  const bodies: Shape[] = [];
  const neck: Shape[] = [];
  const lumbar: Shape[] = [];
  const arches: Shape[] = [];
  for (const l of lv) {
    const { z, y, rx, ry, h } = l;
    (l.name.startsWith('C') ? neck : l.name.startsWith('L') ? lumbar : bodies).push(cylinder([0, y, z - h / 2], [0, y, z + h / 2], rx, ry, [1, 0, 0]));
    const thoracic = l.name.startsWith('T');
    const tp = l.name.startsWith('C') ? rx + 8 : thoracic ? rx + 16 : rx + 22;
    for (const sx of [1, -1]) {
      // Pedicles and articular pillars, transverse processes.
      arches.push(segmentEllipsoid([sx * rx * 0.62, y + ry * 0.7, z + 2], [sx * rx * 0.7, y + ry + 14, z + 2], 4.5, 5.5, [1, 0, 0], 1));
      arches.push(segmentEllipsoid([sx * rx * 0.7, y + ry + 12, z + 2], [sx * tp, y + ry + (thoracic ? 20 : 12), z + 4], 4.5, 4, [0, 0, 1], 1));
      arches.push(orientedEllipsoid([sx * 8, y + ry + 22, z], [0, 0.25, 1], 8, 4, h * 0.55 + 3, [1, 0, 0]));
    }
    // Spinous process, pointing down and back (steeply so in the thorax).
    const sp: Vec3 = thoracic ? normalize([0, 0.6, -0.8]) : normalize([0, 1, -0.25]);
    arches.push(orientedEllipsoid(add([0, y + ry + 30, z - 4], scale(sp, thoracic ? 10 : 6)), sp, 4, 5, thoracic ? 22 : 15, [1, 0, 0]));
  }
  // Atlas ring and dens.
  arches.push(...tube([[-24, 18, 690], [-18, 2, 692], [0, -4, 692], [18, 2, 692], [24, 18, 690], [14, 36, 690], [0, 40, 690], [-14, 36, 690], [-24, 18, 690]], Array(9).fill(5.5)));
  neck.push(cylinder([0, 10, 676], [0, 10, 698], 6, 6));
  // Vertebral bodies are red-marrow bone: as hot per millimetre as the lumbar spine of the pelvis model.
  // The cervical bodies are small and lie shallow under the back of the neck: less marrow, and little attenuation.
  return [...hotter(bone('vertebral bodies', 'M', bodies, 1.6), 1.7), ...hotter(bone('cervical vertebral bodies', 'M', neck, 1.6), 1.25),
    ...hotter(bone('lumbar vertebral bodies', 'M', lumbar, 1.6), 2.1), ...hotter(bone('vertebral arches', 'M', arches, 1.2), 1.35)];
}

/** One rib: from the vertebral body, back and out to its angle, round the side and forward, dropping as it goes. */
function rib(k: number, lv: Level[]): Shape[] {
  const v = lv[6 + k]!; // T1 for k = 0
  const a = [52, 78, 98, 112, 122, 129, 133, 135, 134, 130, 123, 112][k]!;
  const b = [46, 60, 72, 80, 85, 88, 90, 90, 88, 84, 78, 70][k]!;
  const cy = v.y + 22 - b;
  const end = [2.75, 2.65, 2.6, 2.55, 2.5, 2.45, 2.4, 2.3, 2.2, 2.05, 1.55, 1.25][k]!;
  const drop = [34, 52, 70, 82, 92, 100, 106, 110, 110, 104, 70, 48][k]!;
  const pts: Vec3[] = [[v.rx * 0.9, v.y + 4, v.z + 6]];
  const n = 12;
  for (let i = 0; i <= n; i++) {
    const phi = 0.32 + ((end - 0.32) * i) / n;
    const s = phi / end;
    pts.push([a * Math.sin(phi) + 8 * (1 - s), cy + b * Math.cos(phi), v.z + 4 - drop * Math.pow(s, 1.6)]);
  }
  const r = pts.map((_, i) => (i === 0 ? 4.5 : k < 2 ? 6 : 5.2));
  return rod(pts, r, [0, 0, 1], 0.75);
}

/** Centre and semi-axes of the cranial vault; the skull base is an oblique plane rising toward the front. */
const SKULL_C: Vec3 = [0, 14, 772];
const SKULL_R: Vec3 = [72, 94, 90];
/** Outward normal of the skull base plane (down and forward) and a point on it: above the orbits in front, low at the back. */
const BASE_N = normalize([0, -0.32, -1]);
const BASE_D = dot(BASE_N, [0, -80, 756]);

/** Skull vault, skull base, orbits, nasal bones, zygomata, maxilla with its sinuses and teeth, and the mandible. */
function skullAndFace(): Part[] {
  const vault = ellipsoid(SKULL_C, SKULL_R, [{ n: BASE_N, d: BASE_D }]);
  // The floor of the cranium: thin plates (orbital roofs, middle fossa) with the dense petrous ridges and clivus on them.
  const floor = ellipsoid(SKULL_C, scale(SKULL_R, 0.97), [{ n: BASE_N, d: BASE_D }, { n: scale(BASE_N, -1), d: -BASE_D + 5 }]);
  const petrous: Shape[] = [1, -1].flatMap((sx) => [
    segmentEllipsoid([sx * 58, 34, 714], [sx * 16, 6, 730], 9, 7, [0, 0, 1], 4),
    ellipsoid([sx * 56, 40, 704], [9, 10, 12]), // mastoid
  ]);
  const clivus = [segmentEllipsoid([0, -6, 742], [0, 22, 708], 11, 8, [1, 0, 0], 3)];
  // Orbital rims: rings round the orbits, their lateral margins set back; the nasal bones between them.
  const rims: Shape[] = [];
  for (const sx of [1, -1]) {
    const pts: Vec3[] = [];
    for (let k = 0; k <= 16; k++) {
      const t = (2 * Math.PI * k) / 16;
      pts.push([sx * (32 + 19 * Math.cos(t)), -70 + 9 * Math.cos(t), 744 + 17 * Math.sin(t)]);
    }
    rims.push(...tube(pts, pts.map((_, k) => (Math.sin((2 * Math.PI * k) / 16) > 0.3 ? 6 : 5)), [0, 0, 1]));
  }
  const nasal = rod([[0, -82, 756], [0, -90, 728]], [5, 4]);
  const zygomata: Shape[] = [1, -1].flatMap((sx) => [
    ellipsoid([sx * 50, -56, 724], [10, 13, 12]),
    ...rod([[sx * 56, -48, 724], [sx * 64, -16, 728], [sx * 60, 8, 730]], [4.5, 4, 4.5]),
  ]);
  // Maxilla: two hollow bodies beside the nasal cavity, the hard palate and the alveolar arch with the upper teeth.
  const maxillae = [1, -1].map((sx) => ellipsoid([sx * 24, -62, 712], [19, 22, 19]));
  const sinuses = maxillae.map((s) => inset(s, 3.5));
  const palate = [ellipsoid([0, -50, 699], [20, 30, 4])];
  const arch = (z: number, w: number): Vec3[] => [[-w, -26, z], [-w * 0.9, -50, z], [-w * 0.55, -72, z], [0, -80, z], [w * 0.55, -72, z], [w * 0.9, -50, z], [w, -26, z]];
  const teeth = [...tube(arch(686, 29), Array(7).fill(6), [0, 0, 1], 0.8), ...tube(arch(672, 27), Array(7).fill(5.5), [0, 0, 1], 0.8)];
  // Mandible: condyles in the temporomandibular joints, rami down to the angles, and the tall, thin body to the chin.
  const mandible: Shape[] = [];
  for (const sx of [1, -1]) {
    mandible.push(ellipsoid([sx * 50, 4, 728], [10, 8, 7]));
    mandible.push(...rod([[sx * 50, 4, 724], [sx * 48, 4, 694], [sx * 47, 0, 668]], [9, 12, 13], [0, 1, 0], 0.5));
    mandible.push(...rod([[sx * 47, -2, 662], [sx * 40, -34, 652], [sx * 24, -64, 643], [0, -80, 640]], [10, 12, 13, 14], [0, 0, 1], 0.45));
  }
  const brain = inset(vault, 6.5);
  return [
    part('skull vault', 'M', Tissue.cortical, Priority.cortical, [vault]),
    part('brain', 'M', Tissue.organ, Priority.foramen, [{ ...brain, clips: [{ n: BASE_N, d: BASE_D - 6 }] }], { uptake: 0.35 }),
    part('skull base plates', 'M', Tissue.cortical, Priority.cortical, [floor], { uptake: 5 }),
    ...bone('petrous bones and mastoids', 'M', petrous, 3),
    ...bone('clivus and sphenoid', 'M', clivus, 2.5),
    ...hotter(bone('orbital rims', 'M', rims, 1.5), 1.2),
    ...bone('nasal bones', 'M', nasal, 1.5),
    ...bone('zygomata', 'M', zygomata, 2),
    ...hotter(bone('maxillae', 'M', [...maxillae, ...palate], 2.5), 1.3),
    part('maxillary sinuses', 'M', Tissue.air, Priority.foramen, sinuses, { uptake: 0 }),
    // Alveolar bone round the teeth is normally among the brighter parts of the face.
    part('alveolar ridges and teeth', 'M', Tissue.cortical, Priority.cortical + 2, teeth, { uptake: 12 }),
    ...hotter(bone('mandible', 'M', mandible, 2.5), 1.4),
  ];
}

/** Left ribs, shoulder girdle, arm and hand, lower leg and foot, lung and limb envelopes (mirrored for the right). */
function leftThorax(lv: Level[]): Part[] {
  const ribs: Part[] = [];
  for (let k = 0; k < 12; k++) ribs.push(...bone(`left rib ${k + 1}`, 'L', rib(k, lv), 1.3));
  // Scapula: a thin triangular plate on the back of the chest (superior angle at T2, inferior angle at T8), with a thick
  // lateral border, its spine and acromion, the glenoid and the coracoid.
  const plate = orientedEllipsoid([104, 110, 460], normalize([0.12, 0.05, 1]), 38, 3.5, 78, normalize([1, -0.55, 0]));
  const glenoid: Vec3 = [150, 58, 515];
  const scapula: Shape[] = [
    plate,
    ...rod([[80, 120, 537], [86, 124, 425], [100, 120, 383]], [4, 4, 6]),
    ...rod([[100, 120, 383], [128, 100, 445], [146, 66, 503]], [6.5, 7, 8]),
    ...rod([[82, 126, 501], [120, 118, 521], [152, 86, 545], [168, 58, 553]], [4.5, 6, 7, 7.5]),
    ellipsoid(glenoid, [9, 10, 17]),
    ...rod([[146, 56, 530], [140, 20, 533], [134, 0, 523]], [5, 5, 4]),
  ];
  const clavicle = rod([[20, -74, 540], [50, -84, 546], [100, -64, 552], [140, -20, 555], [164, 32, 552]], [9, 7.5, 6.5, 6.5, 8], [0, 0, 1]);
  // Humerus: head, tuberosities, a shaft narrowing to its middle, the flare of the epicondyles.
  const humerusHead: Vec3 = [172, 56, 507];
  const elbow: Vec3 = [198, 36, 202];
  const humerus: Shape[] = [
    sphere(humerusHead, 24), ellipsoid([180, 46, 497], [22, 20, 24]),
    ...rod([[182, 44, 483], [186, 40, 380], [192, 37, 262], [196, 35, 222]], [14, 11, 11.5, 15]),
    ellipsoid(elbow, [29, 13, 13]), ellipsoid(add(elbow, [0, -4, -6]), [20, 12, 10]),
  ];
  // Forearm in supination (radius lateral), wrist at the level of the greater trochanter.
  const wrist: Vec3 = [210, 18, -52];
  const radius = rod([[208, 28, 194], [212, 20, 80], [218, 12, -34]], [7.5, 6.5, 11]);
  const ulna = [...rod([[190, 48, 214], [192, 42, 150], [196, 36, 40], [200, 28, -32]], [10, 8, 6.5, 6.5]), ellipsoid([200, 26, -38], [7, 7, 7])];
  // Carpus in two rows; the hand flat beside the thigh, fingers spread a little, thumb lateral.
  const carpus = [ellipsoid(add(wrist, [0, 0, -6]), [20, 10, 10]), ellipsoid(add(wrist, [-2, -2, -22]), [22, 10, 10])];
  const hand: Shape[] = [];
  const rays: { base: Vec3; head: Vec3; phal: number[] }[] = [
    { base: [222, 12, -72], head: [232, 6, -110], phal: [30, 22] }, // thumb
    { base: [218, 12, -80], head: [224, 10, -146], phal: [40, 24, 18] },
    { base: [209, 12, -82], head: [210, 10, -150], phal: [44, 28, 19] },
    { base: [200, 12, -80], head: [196, 10, -146], phal: [41, 26, 18] },
    { base: [192, 12, -77], head: [183, 10, -136], phal: [33, 20, 16] },
  ];
  rays.forEach(({ base, head, phal }, i) => {
    hand.push(...rod([base, head], i === 0 ? [6.5, 5.5] : [5.5, 5]));
    const dir = normalize(sub(head, base));
    let p = head;
    phal.forEach((len, j) => {
      const bend: Vec3 = normalize(add(dir, [0, -0.12 * (j + 1), 0]));
      const q = add(p, scale(bend, len + 2));
      const r0 = (i === 0 ? 5.5 : 4.8) - 0.7 * j;
      hand.push(...rod([add(p, scale(bend, 2)), q], [r0, r0 - 0.6]));
      p = q;
    });
  });
  // Lower leg below the detailed model's tibial plateau.
  const tibia: Shape[] = [...rod([[88, 18, -560], [85, 20, -700], [83, 22, -808]], [15, 12.5, 14]), ellipsoid([83, 20, -818], [24, 21, 14]), ellipsoid([66, 20, -832], [9, 11, 14])];
  const fibula: Shape[] = [sphere([112, 30, -470], 10), ...rod([[111, 32, -478], [108, 34, -700], [105, 34, -820]], [6.5, 5.5, 6.5]), ellipsoid([105, 32, -836], [8, 9, 16])];
  const foot = footBones();
  // Flat subchondral plates of the knee and ankle: the detailed model's rounded condyles and plateau, and the talar dome,
  // leave wedge-shaped gaps at the joint line that a real joint (3-5 mm of cartilage) does not have. At the knee they are
  // one plate under each condyle and over each half of the plateau, rounded, with the notch between them, so the knee
  // is two rounded lobes either side of the joint rather than a bar across the leg.
  const K = Landmarks.knee;
  const kneePlates = [-18, 18].flatMap((dx) => [ellipsoid(add(K, [2 + dx, 4, -10]), [16, 22, 8]), ellipsoid(add(K, [2 + dx, 2, -22]), [16, 24, 6])]);
  const anklePlates = [ellipsoid([84, 19, -835], [18, 16, 8])];
  return [
    ...ribs,
    ...hotter(bone('left scapula', 'L', scapula, 1.2), 1.15),
    ...hotter(bone('left clavicle', 'L', clavicle, 1.6), 1.8),
    ...bone('left humerus', 'L', humerus, 2),
    ...bone('left radius', 'L', radius, 1.5),
    ...bone('left ulna', 'L', ulna, 1.5),
    ...hotter(bone('left carpus', 'L', carpus, 1.5), 1.5),
    ...hotter(bone('left hand', 'L', hand, 1.2), 2),
    ...bone('left tibia and malleoli', 'L', tibia, 2.2),
    part('left knee subchondral bone', 'L', Tissue.cancellous, Priority.cancellous + 1, kneePlates, { uptake: 6 }),
    part('left ankle subchondral bone', 'L', Tissue.cancellous, Priority.cancellous + 1, anklePlates, { uptake: 5 }),
    ...bone('left fibula', 'L', fibula, 1.5),
    ...hotter(bone('left foot', 'L', foot.bones, 1.5), 1.05),
    part('left lung', 'L', Tissue.lung, Priority.organ, [ellipsoid([80, 30, 436], [66, 78, 125])]),
    part('left arm soft tissue', 'L', Tissue.skin, Priority.skin,
      [...tube([[178, 44, 515], [190, 38, 380], [198, 34, 205], [212, 22, -40]], [44, 40, 36, 28]),
        ...tube([[212, 18, -46], [212, 12, -120], [210, 8, -175], [206, 4, -235]], [30, 44, 40, 26], [1, 0, 0], 0.42)], { envelope: true }),
    part('left leg soft tissue', 'L', Tissue.skin, Priority.skin, [...tube([[88, 18, -420], [88, 22, -520], [84, 26, -700], [83, 22, -820]], [58, 56, 40, 32]), ...foot.envelope], { envelope: true }),
  ];
}

/**
 * Tarsals, metatarsals and toes of the left foot. Supine, the feet rest plantar-flexed (toes toward the foot of the
 * table) and turned out, so the anterior view shows them foreshortened below the ankles and the posterior view the heels.
 */
function footBones(): { bones: Shape[]; envelope: Shape[]; frame: (a: number, h: number, l: number) => Vec3 } {
  const ankle: Vec3 = [84, 18, -842];
  const plantar = (28 * Math.PI) / 180;
  const outward = (14 * Math.PI) / 180;
  const F = normalize([Math.sin(outward) * Math.cos(plantar), -Math.cos(outward) * Math.cos(plantar), -Math.sin(plantar)]);
  const u0: Vec3 = [0, -Math.sin(plantar), Math.cos(plantar)];
  const U = normalize(sub(u0, scale(F, dot(u0, F))));
  const Lat = scale(cross(F, U), -1); // lateral for the left foot (+x)
  const at = (a: number, h: number, l: number): Vec3 => add(ankle, add(scale(F, a), add(scale(U, h), scale(Lat, l))));
  const el = (a: number, h: number, l: number, rl: number, ra: number, rh: number): Shape => orientedEllipsoid(at(a, h, l), F, rl, rh, ra, Lat);
  const bones: Shape[] = [
    el(8, -5, 0, 16, 22, 13), // talus
    el(-16, -40, 4, 17, 36, 18), // calcaneus
    el(36, -18, -12, 16, 8, 14), // navicular
    el(40, -36, 17, 12, 14, 12), // cuboid
    el(55, -24, -6, 22, 11, 12), // cuneiforms
  ];
  const mt: [number, number, number, number, number][] = [
    // base a, base l, head a, head l, radius
    [66, -18, 132, -24, 7.5],
    [68, -6, 142, -8, 5],
    [66, 6, 138, 8, 4.8],
    [62, 16, 132, 21, 4.6],
    [56, 26, 122, 33, 4.8],
  ];
  mt.forEach(([ba, bl, ha, hl, r], i) => {
    const head = at(ha, -48, hl);
    bones.push(...rod([at(ba, -30, bl), head], [r + 0.8, r]));
    const toe = i === 0 ? 40 : 30 - 3 * i;
    bones.push(...rod([head, at(ha + toe, -44, hl + (i === 0 ? -2 : 1))], [i === 0 ? 6 : 3.6 - 0.2 * i, i === 0 ? 4.5 : 2.6]));
  });
  const envelope = [orientedEllipsoid(at(58, -30, 6), F, 44, 26, 126, Lat), el(-18, -38, 4, 28, 42, 27)];
  return { bones, envelope, frame: at };
}

export function wholeBodyExtras(): Part[] {
  const lv = levels();
  const left = leftThorax(lv);
  // Sternum: manubrium (jugular notch at T2-T3), body down to the xiphoid at T9-T10.
  const sternum: Shape[] = [ellipsoid([0, -76, 518], [26, 9, 21]), orientedEllipsoid([0, -82, 440], normalize([0, 0.12, 1]), 17, 8.5, 56), ellipsoid([0, -84, 376], [7, 5, 12])];
  const torso = tube([[0, 28, 120], [0, 24, 250], [0, 20, 400], [0, 22, 500]], [152, 140, 156, 160], [1, 0, 0], 0.7);
  // Kidneys (upper poles medial and posterior; the right one a little lower, under the liver) and their collecting systems.
  const kidney = (sx: number, z: number): Shape => orientedEllipsoid([sx * 62, 72, z], normalize([-sx * 0.22, 0.18, 1]), 26, 19, 54);
  const pelvis = (sx: number, z: number): Shape => ellipsoid([sx * 44, 62, z - 4], [10, 8, 13]);
  return [
    ...skullAndFace(),
    ...spine(lv),
    ...hotter(bone('sternum', 'M', sternum, 2), 1.25),
    ...left,
    ...left.map(mirrorPart),
    // (Three hours after injection an adult's kidneys still hold some tracer: faint in front, clear from behind.)
    part('left kidney', 'L', Tissue.kidney, Priority.organ, [kidney(1, 292)], { uptake: 12 }),
    part('right kidney', 'R', Tissue.kidney, Priority.organ, [kidney(-1, 274)], { uptake: 12 }),
    part('left renal pelvis', 'L', Tissue.urine, Priority.organ + 1, [pelvis(1, 292)], { uptake: 30 }),
    part('right renal pelvis', 'R', Tissue.urine, Priority.organ + 1, [pelvis(-1, 274)], { uptake: 30 }),
    part('heart', 'M', Tissue.organ, Priority.organ + 1, [ellipsoid([22, -10, 405], [62, 48, 58])], { uptake: 1.3 }),
    part('liver', 'M', Tissue.organ, Priority.organ, [ellipsoid([-58, 0, 318], [92, 72, 62])], { uptake: 1.1 }),
    part('trunk, neck and head soft tissue', 'M', Tissue.skin, Priority.skin, [
      ...torso,
      ellipsoid([0, 24, 520], [196, 104, 58]), // shoulders and the root of the neck
      ellipsoid([0, 78, 465], [168, 58, 118]), // the flat upper back over the scapulae
      ellipsoid([0, -70, 450], [62, 30, 110]), // over the sternum
      cylinder([0, 26, 520], [0, 18, 700], 56, 52), // neck
      ellipsoid(SKULL_C, add(SKULL_R, [6, 6, 6])),
      ellipsoid([0, -40, 696], [64, 68, 68]), // face
    ], { envelope: true }),
  ];
}

/**
 * Smooth gain on bone uptake (1 + gain at the centre, a Gaussian of the given widths): the mildly higher uptake of the
 * joints and the other normal hot sites of an adult scan, without the hard edges a separate part would give them.
 */
export function boneScanHotSpots(): UptakeHotSpot[] {
  const K = Landmarks.knee;
  const H = Landmarks.femoralHead;
  const left: UptakeHotSpot[] = [
    { center: [170, 54, 508], sigma: [15, 15, 15], gain: 0.3 }, // glenohumeral joint
    { center: [162, 46, 552], sigma: [9, 9, 8], gain: 0.5 }, // acromioclavicular joint
    { center: [20, -74, 538], sigma: [9, 9, 9], gain: 0.5 }, // sternoclavicular joint
    { center: [198, 36, 204], sigma: [20, 13, 14], gain: 0.4 }, // elbow
    { center: [210, 18, -64], sigma: [18, 11, 15], gain: 0.5 }, // wrist and carpus
    { center: [206, 12, -150], sigma: [24, 12, 10], gain: 0.35 }, // metacarpophalangeal joints
    { center: H, sigma: [16, 16, 16], gain: 0.2 }, // hip
    // Sacroiliac joints (among the hottest normal sites of an adult scan): along the oblique cleft of the pelvis model.
    ...[-18, 0, 18].map((t): UptakeHotSpot => ({ center: add([47, 52, 82], scale([0.1, 0.3, 0.95], t)), sigma: [9, 11, 12], gain: 1.0 })),
    // (An adult's knees and ankles, whose growth plates have closed, are only a little hotter than the shafts.)
    { center: add(K, [2, 2, -14]), sigma: [30, 26, 13], gain: 0.15 }, // knee: subchondral bone either side of the joint line
    { center: [90, -34, -410], sigma: [11, 8, 14], gain: 0.15 }, // patella
    { center: footBones().frame(40, -26, 4), sigma: [26, 22, 22], gain: 0.2 }, // midfoot
    { center: footBones().frame(-40, -44, 4), sigma: [16, 16, 16], gain: 0.15 }, // heel
    { center: [50, 4, 728], sigma: [9, 9, 9], gain: 0.4 }, // temporomandibular joint
  ];
  return [
    ...left,
    ...left.map((h) => ({ ...h, center: mirrorX(h.center) })),
    { center: [0, -74, 518], sigma: [16, 10, 18], gain: 0.25 }, // manubrium
    { center: [0, 60, 66], sigma: [24, 22, 30], gain: 0.3 }, // sacrum
    { center: [0, -66, 712], sigma: [22, 18, 18], gain: 0.9 }, // nasal cavity walls and maxilla
  ];
}
