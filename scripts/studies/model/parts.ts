// The model's building block: a named part of one tissue made of shapes, painted in priority order.
import type { Shape } from './shapes';
import { inset } from './shapes';
import { Tissue } from './tissues';
import type { Vec3 } from '../util/vec';
import { rotate, sub, add } from '../util/vec';

export type Side = 'L' | 'R' | 'M';

export interface Part {
  name: string;
  /** Ground-truth key of the anatomical structure, e.g. "gluteus-medius". */
  structure?: string;
  side: Side;
  tissue: Tissue;
  /** Higher priority wins where parts overlap. */
  priority: number;
  shapes: Shape[];
  /** Disease cluster (finding group) this part belongs to. */
  cluster?: string;
  /** Tracer uptake override for the bone scan. */
  uptake?: number;
  /** True for the body envelope (skin and subcutaneous fat); nothing exists outside it. */
  envelope?: boolean;
  /**
   * True for bone that only thickens a bone whose outline other parts draw: on sections it is painted like any part,
   * while radiographs add its density with a centrally weighted chord (see shapes.softChord), so it shows as a gradual
   * thickening with no outline of its own.
   */
  blend?: boolean;
  /**
   * For a blending part: it takes bone away instead of adding it. Radiographs subtract its centrally weighted chord from
   * the bone's path (a soft-edged lucency with no rim, such as a foramen or a joint cleft seen through overlapping bone);
   * sections paint it as its tissue.
   */
  subtract?: boolean;
  /**
   * True for a part that only shapes a film: a blending lucency drawn as wide as a film shows its structure (the
   * sacroiliac joints' clefts, which project along their length as bands a few millimetres wide), or a blending line
   * drawn where a film sees an edge that the model's solids do not make (the acetabular walls' rims). Sections leave it
   * out and paint the structure from its own parts.
   */
  filmOnly?: boolean;
  /**
   * The converse: bone that sections (and the bone scan, projected from sections) paint but films leave out, because
   * blending parts already give a film its density (the acetabulum's full thickness round the socket, the first sacral
   * body and arch).
   */
  sectionOnly?: boolean;
  /**
   * True for a mass of small bowel loops: sections show it as rounded loops of bowel, each with its own contents,
   * packed in mesenteric fat (radiographs and the bone scan see it as its tissue).
   */
  loops?: boolean;
  /** True for gas mixed with bowel contents, which films show as a mottled lucency rather than a clean hole. */
  bowelGas?: boolean;
  /** True for the calcified walls of cystic deposit lobules, which films show less dense than the chalk they hold. */
  cystWall?: boolean;
  /**
   * True for fatty marrow filling a shaft's medullary canal: fat to X-rays and the tracer, marrow (bone) on MR, where it
   * is painted with the marrow's signal and draws no cortical rim against the bone around it.
   */
  marrow?: boolean;
  /**
   * How MR sections texture this part beyond its tissue's signal: a fat rim that thins out in places ('patchy rim'),
   * fluid lumina divided by folded walls ('folded lumen'), nerve roots as strands in the fluid ('nerve roots'), a
   * degenerating disc's nucleus ('disc nucleus'), the grey slow flow of a vein ('slow flow'), a thin dark fascia where
   * the part meets muscle ('deep fascia'), or a tendon, dark on every sequence ('tendon').
   */
  mrTexture?: 'patchy rim' | 'folded lumen' | 'nerve roots' | 'disc nucleus' | 'slow flow' | 'deep fascia' | 'tendon';
  /**
   * How the deposits' scattering sees this part (patient.ts): 'only' for a part that no modality shows, kept so that the
   * deposits stay where they were scattered around a bone that has since been reshaped; 'ignored' for the reshaped bone
   * itself, which the 'only' part stands in for.
   */
  placement?: 'only' | 'ignored';
  /**
   * True for a part that changes the muscle it lies in rather than displacing it (edema): sections paint it last and over
   * muscle only, keeping the muscle beneath (labeler.beneath) for its tone and fascial planes; films leave it out, as it
   * has the muscle's density.
   */
  overlay?: boolean;
}

export const Priority = {
  skin: 0,
  fat: 1,
  organ: 6,
  muscle: 10,
  edema: 20,
  vessel: 24,
  nerve: 25,
  /** Pelvic bones sit under the joint cartilage (which hollows the acetabular cup) and under the femur. */
  pelvis: 26,
  cartilage: 28,
  cortical: 30,
  cancellous: 31,
  foramen: 33,
  depositWall: 40,
  depositContent: 41,
  depositSediment: 42,
} as const;

/** True for a part of a calcific deposit itself (its lobules, walls, contents and matrix), not the edema around it. */
export const isDeposit = (p: Part): boolean => p.cluster !== undefined && p.tissue !== Tissue.edema;

export function part(name: string, side: Side, tissue: Tissue, priority: number, shapes: Shape[], extra: Partial<Part> = {}): Part {
  return { name, side, tissue, priority, shapes, ...extra };
}

/** A bone as a cortical part and a cancellous core inset by the cortical thickness. */
export function bone(name: string, side: Side, shapes: Shape[], cortex: number, structure?: string, base: number = Priority.cortical): Part[] {
  return [
    part(`${name} cortex`, side, Tissue.cortical, base, shapes, structure ? { structure } : {}),
    part(`${name} medulla`, side, Tissue.cancellous, base + 1, shapes.map((s) => inset(s, cortex)), structure ? { structure } : {}),
  ];
}

const mirrorVec = (v: Vec3): Vec3 => [-v[0], v[1], v[2]];

export function mirrorShape(s: Shape): Shape {
  return {
    ...s,
    center: mirrorVec(s.center),
    axes: [mirrorVec(s.axes[0]), mirrorVec(s.axes[1]), mirrorVec(s.axes[2])],
    clips: s.clips.map((c) => ({ n: mirrorVec(c.n), d: c.d })),
  };
}

/** The right-sided copy of a left-sided part. */
export function mirrorPart(p: Part): Part {
  return { ...p, name: p.name.replace(/^left /, 'right '), side: p.side === 'L' ? 'R' : p.side, shapes: p.shapes.map(mirrorShape) };
}

/** Rotates a shape rigidly about an axis through `pivot`. */
export function rotateShape(s: Shape, pivot: Vec3, axis: Vec3, angle: number): Shape {
  const rot = (v: Vec3) => rotate(v, axis, angle);
  const center = add(pivot, rot(sub(s.center, pivot)));
  return {
    ...s,
    center,
    axes: [rot(s.axes[0]), rot(s.axes[1]), rot(s.axes[2])],
    clips: s.clips.map((c) => {
      const n = rot(c.n);
      // A point q on the old plane maps to pivot + R(q - pivot); keep d consistent.
      const q = [c.n[0] * c.d, c.n[1] * c.d, c.n[2] * c.d] as Vec3;
      const q2 = add(pivot, rot(sub(q, pivot)));
      return { n, d: n[0] * q2[0] + n[1] * q2[1] + n[2] * q2[2] };
    }),
  };
}
