// A coarse whole-body skeleton, kidneys and body outline for the bone scan (the pelvis and thighs come from the detailed model).
import type { Vec3 } from '../util/vec';
import { ellipsoid, sphere, cylinder, tube, inset, orientedEllipsoid } from './shapes';
import { type Part, part, bone, mirrorPart, Priority } from './parts';
import { Tissue } from './tissues';

function leftSide(): Part[] {
  const ribs: Part[] = [];
  for (let k = 0; k < 12; k++) {
    const z = 545 - 19 * k;
    const rx = 70 + 70 * Math.sin(Math.PI * Math.min(1, (k + 2) / 10));
    const ry = 85 + 2 * k;
    const span = k < 10 ? 1 : 0.55;
    // From the spine (posterior) sweeping laterally, then anteriorly and downward.
    const arc: Vec3[] = [];
    for (let a = 0; a <= 10; a++) {
      const t = a / 10;
      const ang = (Math.PI / 180) * (100 - 170 * span * t);
      arc.push([Math.max(16, 10 + rx * Math.cos(ang)), 20 + ry * Math.sin(ang), z - 50 * t * span]);
    }
    ribs.push(...bone(`left rib ${k + 1}`, 'L', tube(arc, arc.map(() => 5)), 1.2));
  }
  return [
    ...ribs,
    ...bone('left clavicle', 'L', tube([[16, -70, 575], [90, -50, 590], [150, -5, 590]], [8, 7, 8]), 1.5),
    ...bone('left scapula', 'L', [orientedEllipsoid([102, 92, 480], [0.1, 0, 1], 48, 8, 78, [1, -0.3, 0]), sphere([150, 30, 560], 16)], 1.5),
    ...bone('left humerus', 'L', [sphere([172, 25, 555], 24), ...tube([[185, 25, 540], [205, 25, 300], [212, 22, 270]], [13, 11, 16])], 2),
    ...bone('left forearm', 'L', [...tube([[214, 18, 262], [232, 0, 30]], [9, 8]), ...tube([[206, 26, 262], [220, 14, 30]], [8, 7])], 1.5),
    ...bone('left hand', 'L', [ellipsoid([236, -6, -40], [22, 12, 60])], 2),
    ...bone('left tibia and fibula', 'L', [...tube([[86, 16, -470], [82, 20, -820]], [18, 14]), ...tube([[112, 26, -470], [104, 28, -820]], [7, 6])], 2),
    ...bone('left foot', 'L', [ellipsoid([80, -20, -858], [30, 70, 22])], 2),
    part('left kidney', 'L', Tissue.kidney, Priority.organ, [orientedEllipsoid([62, 70, 305], [0.2, 0, 1], 28, 22, 55)]),
    part('left arm soft tissue', 'L', Tissue.skin, Priority.skin, [...tube([[175, 25, 560], [205, 25, 300], [225, 10, 30], [236, -6, -40]], [48, 42, 36, 28])], { envelope: true }),
    part('left leg soft tissue', 'L', Tissue.skin, Priority.skin, [...tube([[88, 18, -420], [86, 22, -600], [82, 26, -830], [80, -20, -858]], [60, 52, 35, 30])], { envelope: true }),
  ];
}

export function wholeBodyExtras(): Part[] {
  const spine = [];
  for (let z = 250; z <= 650; z += 26) {
    const y = 40 + 20 * Math.sin(((z - 250) / 400) * Math.PI);
    spine.push(cylinder([0, y, z - 11], [0, y, z + 11], z > 560 ? 14 : 20, z > 560 ? 12 : 16, [1, 0, 0]), ellipsoid([0, y + 35, z - 5], [5, 14, 12]));
  }
  const left = leftSide();
  const skull = ellipsoid([0, 10, 745], [74, 94, 92]);
  const trunk = ellipsoid([0, 20, 360], [165, 118, 330]);
  return [
    part('skull', 'M', Tissue.cortical, Priority.cortical, [skull]),
    part('brain', 'M', Tissue.organ, Priority.foramen, [inset(skull, 7)]),
    ...bone('mandible', 'M', [ellipsoid([0, -55, 655], [48, 35, 20])], 3),
    ...bone('spine', 'M', spine, 1.5),
    ...bone('sternum', 'M', [ellipsoid([0, -95, 455], [16, 7, 85])], 2),
    ...left,
    ...left.map(mirrorPart),
    part('trunk, neck and head soft tissue', 'M', Tissue.skin, Priority.skin, [trunk, cylinder([0, 15, 600], [0, 15, 690], 60, 60), inset(skull, -10)], { envelope: true }),
  ];
}
