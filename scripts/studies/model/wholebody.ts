// The rest of the body for the whole-body bone scan (the pelvis and thighs come from the detailed model): skull and
// face, cervical to upper lumbar spine, rib cage, sternum, shoulder girdles, arms and hands, lower legs and feet,
// kidneys, lungs, brain and the soft-tissue envelope. Coarser than the pelvis (a bone scan blurs ~1 cm anyway) but
// with the widths, curvatures and joint-end uptake a reader expects. Only the bone scan uses these parts.
import type { Vec3 } from '../util/vec';
import { add, scale, normalize } from '../util/vec';
import { type Shape, ellipsoid, sphere, cylinder, tube, rod, inset, orientedEllipsoid, segmentEllipsoid } from './shapes';
import { type Part, part, bone, mirrorPart, Priority } from './parts';
import { Tissue } from './tissues';
import { Landmarks } from './anatomy';

/** Uptake of the ends of long bones and of joints relative to muscle (shaft cortex is 14, cancellous 11). */
const JOINT_UPTAKE = 15.5;
/** Hot spots inside a bone end: painted over its medulla only where they are inside the bone's outline. */
function jointEnd(name: string, side: Part['side'], shapes: Shape[], uptake = JOINT_UPTAKE): Part {
  return part(name, side, Tissue.cancellous, Priority.cancellous + 1, shapes, { uptake });
}

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
  const arches: Shape[] = [];
  for (const l of lv) {
    const { z, y, rx, ry, h } = l;
    bodies.push(cylinder([0, y, z - h / 2], [0, y, z + h / 2], rx, ry, [1, 0, 0]));
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
  bodies.push(cylinder([0, 10, 676], [0, 10, 698], 6, 6));
  return [...bone('vertebral bodies', 'M', bodies, 1.6), ...bone('vertebral arches', 'M', arches, 1.2)];
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

function leftThorax(lv: Level[]): Part[] {
  const ribs: Part[] = [];
  for (let k = 0; k < 12; k++) ribs.push(...bone(`left rib ${k + 1}`, 'L', rib(k, lv), 1.3));
  // Scapula: a thin triangular plate on the back of the chest, with a thick lateral border, its spine and acromion.
  const plate = orientedEllipsoid([104, 112, 505], normalize([0.12, 0.05, 1]), 38, 6, 78, normalize([1, -0.55, 0]));
  const scapula: Shape[] = [
    plate,
    ...rod([[80, 120, 582], [86, 124, 470], [100, 120, 428]], [4, 4, 6]),
    ...rod([[100, 120, 428], [128, 100, 490], [146, 66, 548]], [6.5, 7, 8]),
    ...rod([[82, 126, 546], [120, 118, 566], [152, 86, 590], [168, 58, 598]], [4.5, 6, 7, 7.5]),
    ellipsoid([150, 58, 560], [9, 10, 17]),
    ...rod([[146, 56, 575], [140, 20, 578], [134, 0, 568]], [5, 5, 4]),
  ];
  const clavicle = rod([[18, -78, 598], [50, -88, 604], [100, -64, 610], [140, -20, 612], [166, 30, 604]], [8, 7, 6, 6, 7.5], [0, 0, 1]);
  const humerusHead: Vec3 = [172, 56, 552];
  const humerus: Shape[] = [sphere(humerusHead, 24), ellipsoid([178, 48, 542], [22, 20, 24]), ...rod([[182, 44, 528], [190, 40, 420], [198, 36, 310]], [13, 11.5, 12.5]), ellipsoid([200, 36, 290], [27, 13, 14])];
  const radius = rod([[210, 30, 280], [218, 18, 160], [224, 6, 48]], [7, 6.5, 10]);
  const ulna = rod([[194, 46, 290], [200, 40, 160], [206, 26, 44]], [9, 6.5, 6]);
  const carpus = ellipsoid([215, 14, 24], [16, 22, 14]);
  const hand: Shape[] = [];
  for (let i = 0; i < 5; i++) {
    const o = i - 2;
    const base: Vec3 = [214 + 3 * o, 6 - 9 * o, 8];
    const head: Vec3 = [216 + 5 * o, 2 - 13 * o, i === 0 ? -34 : -56];
    hand.push(...rod([base, head], [4.5, 4]));
    if (i > 0) hand.push(...rod([head, [217 + 6 * o, 0 - 15 * o, -98 + 6 * Math.abs(o)]], [3.5, 2.8]));
  }
  hand.push(...rod([[208, 36, 8], [200, 46, -20], [196, 50, -48]], [5, 4, 3]));
  const kneeJ = Landmarks.knee;
  // Lower leg and foot below the detailed model's tibial plateau. Supine: the feet point up (anteriorly) and out.
  const tibia: Shape[] = [...rod([[88, 18, -560], [85, 20, -700], [83, 22, -808]], [15, 12.5, 14]), ellipsoid([83, 20, -818], [24, 21, 14]), ellipsoid([66, 20, -832], [9, 11, 14])];
  const fibula: Shape[] = [sphere([112, 30, -470], 10), ...rod([[111, 32, -478], [108, 34, -700], [105, 34, -820]], [6, 5, 6.5]), ellipsoid([105, 32, -836], [8, 9, 16])];
  const foot: Shape[] = [
    ellipsoid([84, 16, -852], [18, 20, 13]), // talus
    orientedEllipsoid([86, 44, -870], normalize([0, 1, -0.3]), 16, 17, 32, [1, 0, 0]), // calcaneus
    ellipsoid([84, -14, -864], [26, 14, 15]), // navicular, cuboid, cuneiforms
  ];
  for (let i = 0; i < 5; i++) {
    const o = i - 2;
    const base: Vec3 = [84 + 10 * o, -24, -868];
    const head: Vec3 = [86 + 12 * o + 4, -92 + 5 * Math.abs(o) + (i === 0 ? 4 : 0), -880];
    foot.push(...rod([base, head], [i === 0 ? 7 : 4.5, i === 0 ? 6 : 4]));
    foot.push(...rod([head, add(head, [2 * o, -24 + 3 * Math.abs(o), -6])], [i === 0 ? 5 : 3, 2.5]));
  }
  return [
    ...ribs,
    ...bone('left scapula', 'L', scapula, 1.4).map((p) => ({ ...p, uptake: 17 })),
    ...bone('left clavicle', 'L', clavicle, 1.6),
    ...bone('left humerus', 'L', humerus, 2),
    ...bone('left radius', 'L', radius, 1.5),
    ...bone('left ulna', 'L', ulna, 1.5),
    ...bone('left wrist', 'L', [carpus], 2),
    ...bone('left hand', 'L', hand, 1),
    ...bone('left tibia and malleoli', 'L', tibia, 2.2),
    ...bone('left fibula', 'L', fibula, 1.5),
    ...bone('left foot', 'L', foot, 2),
    // Joint ends: shoulder, elbow, wrist, knee (distal femur, tibial plateau), ankle, sternoclavicular and acromioclavicular.
    jointEnd('left shoulder', 'L', [ellipsoid(humerusHead, [18, 18, 18]), ellipsoid([150, 58, 560], [6, 7, 12])], 15),
    jointEnd('left elbow', 'L', [ellipsoid([200, 36, 290], [20, 9, 10])], 14),
    jointEnd('left wrist', 'L', [ellipsoid([215, 14, 26], [12, 17, 11]), ellipsoid([222, 8, 52], [7, 7, 10])], 13),
    jointEnd('left knee', 'L', [ellipsoid(add(kneeJ, [4, -2, 14]), [30, 22, 16]), ellipsoid(add(kneeJ, [2, 2, -34]), [30, 22, 12])], 12.5),
    jointEnd('left ankle', 'L', [ellipsoid([83, 20, -818], [18, 16, 10]), ellipsoid([84, 16, -852], [13, 15, 9])], 12.5),
    jointEnd('left clavicle ends', 'L', [ellipsoid([20, -78, 598], [6, 6, 6]), ellipsoid([164, 30, 604], [6, 6, 6])], 16),
    part('left kidney', 'L', Tissue.kidney, Priority.organ, [orientedEllipsoid([64, 70, 300], normalize([0.25, 0.1, 1]), 27, 20, 54)], { uptake: 2.8 }),
    part('left renal pelvis', 'L', Tissue.urine, Priority.organ + 1, [ellipsoid([48, 62, 296], [9, 8, 12])], { uptake: 7 }),
    part('left lung', 'L', Tissue.lung, Priority.organ, [ellipsoid([80, 30, 440], [66, 78, 125])]),
    part('left arm soft tissue', 'L', Tissue.skin, Priority.skin, [...tube([[178, 44, 560], [196, 38, 420], [204, 34, 290], [218, 22, 40], [212, 4, -40], [214, -2, -90]], [44, 42, 36, 28, 26, 20])], { envelope: true }),
    part('left leg soft tissue', 'L', Tissue.skin, Priority.skin, [...tube([[88, 18, -420], [88, 22, -520], [84, 26, -700], [83, 22, -820]], [58, 56, 40, 32]), ellipsoid([84, 4, -862], [38, 70, 28])], { envelope: true }),
  ];
}

export function wholeBodyExtras(): Part[] {
  const lv = levels();
  const skull = ellipsoid([0, 18, 768], [74, 94, 92]);
  const left = leftThorax(lv);
  const face: Shape[] = [
    ellipsoid([0, -52, 712], [44, 30, 34]), // maxilla and nasal cavity walls
    ellipsoid([46, -30, 730], [18, 26, 14]), ellipsoid([-46, -30, 730], [18, 26, 14]), // zygomata
  ];
  const mandible = rod([[-52, 8, 702], [-50, -6, 668], [-34, -50, 648], [0, -76, 640], [34, -50, 648], [50, -6, 668], [52, 8, 702]], [6, 8, 8, 9, 8, 8, 6], [0, 0, 1]);
  const sternum: Shape[] = [ellipsoid([0, -84, 574], [27, 11, 22]), orientedEllipsoid([0, -92, 496], normalize([0, -0.15, 1]), 18, 11, 62), ellipsoid([0, -92, 428], [7, 5, 12])];
  const torso = tube([[0, 28, 120], [0, 24, 250], [0, 20, 400], [0, 22, 520]], [152, 140, 156, 162], [1, 0, 0], 0.7);
  return [
    part('skull', 'M', Tissue.cortical, Priority.cortical, [skull]),
    // Diploe and the inner table: the vault is a shell, so it projects brightest at its rim.
    part('brain', 'M', Tissue.organ, Priority.foramen, [inset(skull, 7)], { uptake: 0.35 }),
    ...bone('facial bones', 'M', face, 4),
    jointEnd('nasal and maxillary uptake', 'M', [ellipsoid([0, -58, 710], [22, 18, 22])], 11),
    ...bone('mandible', 'M', mandible, 2.5),
    ...spine(lv),
    ...bone('sternum', 'M', sternum, 2),
    ...left,
    ...left.map(mirrorPart),
    // Sacroiliac joints are among the hottest normal sites of an adult bone scan.
    jointEnd('sacroiliac uptake', 'M', [1, -1].map((sx) => orientedEllipsoid([sx * 46, 52, 84], [sx * 0.1, 0.3, 0.95], 7, 13, 26, [sx * 0.86, -0.5, 0])), 22),
    part('heart', 'M', Tissue.organ, Priority.organ + 1, [ellipsoid([22, -10, 410], [62, 48, 58])], { uptake: 1.3 }),
    part('liver', 'M', Tissue.organ, Priority.organ, [ellipsoid([-58, 0, 320], [92, 72, 62])], { uptake: 1.1 }),
    part('trunk, neck and head soft tissue', 'M', Tissue.skin, Priority.skin,
      [...torso, ellipsoid([0, 40, 560], [198, 80, 56]), cylinder([0, 22, 560], [0, 18, 700], 54, 50), inset(skull, -7), ellipsoid([0, -40, 690], [60, 55, 50])], { envelope: true }),
  ];
}
