// The series of the case: what each one shows, its geometry and how it is rendered and written to DICOM.
import type { Vec3 } from './util/vec';
import { STUDIES, type StudyInfo } from './case';
import { uidFor } from './dicom/uid';
import { type SeriesInfo, crDataset, mrDataset, nmDataset } from './dicom/modules';
import { TransferSyntax, writeDicom } from './dicom/write';
import { patientModel } from './model/patient';
import type { Part } from './model/parts';
import { TISSUES } from './model/tissues';
import type { Timepoint } from './model/disease';
import { type ProjectionGeometry, repositioned, sid, magnificationAt } from './modalities/projection';
import { renderRadiograph, type Radiograph } from './modalities/radiograph';
import { type MrSeriesGeometry, type MrSequence, type MrSlice, renderMrSlice, sliceGrid, orientationVectors } from './modalities/mr';
import { type BoneScanGeometry, type BoneScan, renderBoneScan, boneScanWindow } from './modalities/bonescan';
import { wholeBodyExtras, boneScanHotSpots } from './model/wholebody';

interface BasePlan {
  id: string;
  study: StudyInfo['key'];
  number: number;
  description: string;
  figure?: string;
  bodyPart: string;
  laterality: '' | 'L' | 'R';
  protocol: string;
  time: string;
  syntax: TransferSyntax;
}

export interface CrPlan extends BasePlan {
  kind: 'cr';
  geometry: ProjectionGeometry;
  viewPosition: 'AP' | 'LL';
  patientOrientation: [string, string];
  /** Only the patient's left half is in the beam (horizontal-beam lateral with the other leg raised). */
  leftHalfOnly?: boolean;
  kvp: number;
  mAs: number;
  comment: string;
  /**
   * Lift of the thinnest soft tissue in the presentation (RadiographOptions.toeLift; none if absent). A thigh is thinner
   * than a pelvis, so on the femur films the pelvis's tone curve left the edges of the thigh and the soft tissue round
   * the knee nearly black, with no skin line; lowering the whole curve instead greyed the bone and the calcium alike.
   */
  toeLift?: number;
}

export interface MrPlan extends BasePlan {
  kind: 'mr';
  geometry: MrSeriesGeometry;
  sequence: MrSequence;
}

export interface NmPlan extends BasePlan {
  kind: 'nm';
  geometry: BoneScanGeometry;
}

export type SeriesPlan = CrPlan | MrPlan | NmPlan;

const SID = 1150;

/** The admission AP pelvis: supine, vertical beam centred midway between the anterior superior iliac spines and the symphysis. */
export const pelvisGeometry: ProjectionGeometry = {
  source: [0, 190 - SID, 18],
  detectorCenter: [0, 190, 18],
  eu: [1, 0, 0],
  ev: [0, 0, -1],
  columns: 2500,
  rows: 2000,
  pixelSpacing: 0.175,
};

/** Follow-up positioning: detector 45 mm further (more magnification), rotated 3.5°, shifted (-14, +9) mm. */
export const pelvisRepositioning = { detectorDistanceChange: 45, rotationDegrees: 3.5, shift: [-14, 9] as [number, number] };
export const followUpPelvisGeometry = repositioned(pelvisGeometry, pelvisRepositioning);

// The AP takes in the hip joint at the top, as a femur film should include a joint (the lateral, with the other leg
// raised out of the beam, leaves the hip out and takes in the knee).
const femurApGeometry: ProjectionGeometry = {
  source: [96, 175 - SID, -182],
  detectorCenter: [96, 175, -182],
  eu: [1, 0, 0],
  ev: [0, 0, -1],
  columns: 900,
  rows: 2450,
  pixelSpacing: 0.2,
};

// The lateral takes in the knee joint at the bottom instead.
const femurLateralGeometry: ProjectionGeometry = {
  source: [225 - SID, 30, -262],
  detectorCenter: [225, 30, -262],
  eu: [0, 1, 0],
  ev: [0, 0, -1],
  columns: 900,
  rows: 2500,
  pixelSpacing: 0.2,
};

const axial = (center: Vec3, fov: number, matrix: number, count: number, spacing: number, thickness: number): MrSeriesGeometry => ({
  orientation: 'axial', firstCenter: center, fov: [fov, fov], matrix: [matrix, matrix], sliceCount: count, sliceSpacing: spacing, sliceThickness: thickness,
});

const pelvisAxial = axial([0, 20, 150], 400, 256, 32, 9.5, 8);
const femurAxial = axial([94, 28, -150], 220, 256, 24, 8, 7);
// The coronal field stops 16.5 cm above the femoral heads, below the top of the model's trunk (which rounds off
// about 20 cm above them), and reaches down to mid-thigh.
const pelvisCoronal: MrSeriesGeometry = { orientation: 'coronal', firstCenter: [0, -48, -45], fov: [420, 420], matrix: [256, 256], sliceCount: 22, sliceSpacing: 7, sliceThickness: 6 };

export const PLANS: SeriesPlan[] = [
  {
    kind: 'cr', id: 'ap-pelvis', study: 'admission', number: 1, description: 'AP pelvis and both hips', figure: 'fig-1', bodyPart: 'PELVIS', laterality: '',
    protocol: 'Pelvis AP', time: '102000', syntax: TransferSyntax.rleLossless, geometry: pelvisGeometry, viewPosition: 'AP', patientOrientation: ['L', 'F'],
    kvp: 80, mAs: 25, comment: 'Supine AP pelvis. Right lower limb held in internal rotation (painful).',
  },
  {
    kind: 'mr', id: 'mr-pelvis-ax-t1', study: 'admission', number: 2, description: 'Pelvis and proximal thighs axial T1 TSE', figure: 'fig-2', bodyPart: 'PELVIS', laterality: '',
    protocol: 'Pelvis MRI', time: '161000', syntax: TransferSyntax.explicitLittle, geometry: pelvisAxial, sequence: 'T1',
  },
  {
    kind: 'mr', id: 'mr-pelvis-ax-stir', study: 'admission', number: 3, description: 'Pelvis and proximal thighs axial STIR', figure: 'fig-2', bodyPart: 'PELVIS', laterality: '',
    protocol: 'Pelvis MRI', time: '161900', syntax: TransferSyntax.rleLossless, geometry: pelvisAxial, sequence: 'STIR',
  },
  {
    kind: 'mr', id: 'mr-pelvis-cor-stir', study: 'admission', number: 4, description: 'Pelvis and thighs coronal STIR', figure: 'fig-2', bodyPart: 'PELVIS', laterality: '',
    protocol: 'Pelvis MRI', time: '162800', syntax: TransferSyntax.rleLossless, geometry: pelvisCoronal, sequence: 'STIR',
  },
  {
    kind: 'nm', id: 'nm-bone-scan', study: 'admission', number: 5, description: 'Whole-body bone scan Tc-99m MDP, anterior and posterior', figure: 'fig-3', bodyPart: 'WHOLEBODY',
    laterality: '', protocol: 'Bone scan whole body', time: '100000', syntax: TransferSyntax.explicitLittle,
    geometry: { columns: 256, rows: 1024, pixelSpacing: 2.0, centerX: 0, topZ: 905 },
  },
  {
    kind: 'cr', id: 'femur-ap', study: 'relapse', number: 1, description: 'Left femur AP', figure: 'fig-4', bodyPart: 'THIGH', laterality: 'L',
    protocol: 'Femur AP', time: '093500', syntax: TransferSyntax.rleLossless, geometry: femurApGeometry, viewPosition: 'AP', patientOrientation: ['L', 'F'],
    kvp: 70, mAs: 12, comment: 'Left femur AP, supine.', toeLift: 0.1,
  },
  {
    kind: 'cr', id: 'femur-lat', study: 'relapse', number: 2, description: 'Left femur lateral (horizontal beam)', figure: 'fig-4', bodyPart: 'THIGH', laterality: 'L',
    protocol: 'Femur lateral', time: '093800', syntax: TransferSyntax.rleLossless, geometry: femurLateralGeometry, viewPosition: 'LL', patientOrientation: ['P', 'F'],
    leftHalfOnly: true, kvp: 75, mAs: 16, comment: 'Left femur lateral, horizontal beam, patient supine, right leg raised out of the field.', toeLift: 0.1,
  },
  {
    kind: 'cr', id: 'ap-pelvis-followup', study: 'relapse', number: 3, description: 'AP pelvis and both hips, follow-up', bodyPart: 'PELVIS', laterality: '',
    protocol: 'Pelvis AP', time: '094200', syntax: TransferSyntax.rleLossless, geometry: followUpPelvisGeometry, viewPosition: 'AP', patientOrientation: ['L', 'F'],
    kvp: 80, mAs: 25, comment: 'Supine AP pelvis, follow-up; positioning differs slightly from the admission image.',
  },
  {
    kind: 'mr', id: 'mr-femur-ax-stir', study: 'relapse', number: 4, description: 'Left femur axial STIR', figure: 'fig-4', bodyPart: 'THIGH', laterality: 'L',
    protocol: 'Femur MRI', time: '121000', syntax: TransferSyntax.rleLossless, geometry: femurAxial, sequence: 'STIR',
  },
  {
    kind: 'mr', id: 'mr-femur-ax-t1', study: 'relapse', number: 5, description: 'Left femur axial T1 TSE', figure: 'fig-4', bodyPart: 'THIGH', laterality: 'L',
    protocol: 'Femur MRI', time: '121800', syntax: TransferSyntax.rleLossless, geometry: femurAxial, sequence: 'T1',
  },
];

export const planById = (id: string): SeriesPlan => {
  const p = PLANS.find((x) => x.id === id);
  if (!p) throw new Error(`unknown series ${id}`);
  return p;
};

export const timepointOf = (p: SeriesPlan): Timepoint => p.study;

export function seriesInfo(p: SeriesPlan): SeriesInfo {
  return {
    uid: uidFor(`series/${p.id}`),
    number: p.number,
    modality: p.kind === 'cr' ? 'CR' : p.kind === 'mr' ? 'MR' : 'NM',
    description: p.description,
    bodyPart: p.bodyPart,
    laterality: p.laterality,
    // MR series of one study share the scanner's frame of reference; each projection image has its own.
    frameOfReferenceUID: uidFor(p.kind === 'mr' ? `frame/${p.study}/mr` : `frame/${p.id}`),
    time: p.time,
    protocol: p.protocol,
  };
}

export const instanceUid = (p: SeriesPlan, index: number) => uidFor(`instance/${p.id}/${index + 1}`);
export const fileName = (p: SeriesPlan, index: number) => `${p.study}/${String(p.number).padStart(2, '0')}-${p.id}/IM${String(index + 1).padStart(4, '0')}.dcm`;
export const instanceCount = (p: SeriesPlan) => (p.kind === 'mr' ? p.geometry.sliceCount : 1);

/** Parts in the beam for a radiograph. */
export function radiographParts(p: CrPlan): Part[] {
  const parts = patientModel(timepointOf(p)).parts;
  if (!p.leftHalfOnly) return parts;
  return parts.map((pt) => ({ ...pt, shapes: pt.shapes.map((s) => ({ ...s, clips: [...s.clips, { n: [-1, 0, 0] as Vec3, d: -6 }] })) }));
}

export interface RenderedInstance {
  file: string;
  sopInstanceUID: string;
  bytes: Uint8Array;
}

export function renderCr(p: CrPlan): { instance: RenderedInstance; image: Radiograph } {
  const study = STUDIES[p.study];
  const g = p.geometry;
  const image = renderRadiograph(radiographParts(p), g, { seed: `cr/${p.id}`, quanta: 60000, scatter: 1, equalise: 0.72, detail: 1.1, toneCenter: 0.55, toneSlope: 0.1, toeLift: p.toeLift });
  const centre: Vec3 = p.viewPosition === 'AP' ? [g.detectorCenter[0], 20, g.detectorCenter[2]] : [96, g.detectorCenter[1], g.detectorCenter[2]];
  const mag = magnificationAt(g, centre);
  const sopInstanceUID = instanceUid(p, 0);
  const ds = crDataset(study, seriesInfo(p), {
    sopInstanceUID, instanceNumber: 1, rows: g.rows, columns: g.columns, bitsStored: image.bitsStored, imagerPixelSpacing: g.pixelSpacing,
    magnification: mag, sid: sid(g), sod: sid(g) / mag, viewPosition: p.viewPosition, patientOrientation: p.patientOrientation,
    windowCenter: image.windowCenter, windowWidth: image.windowWidth, kvp: p.kvp, mAs: p.mAs, imageComments: p.comment,
  });
  const bytes = writeDicom(ds, { rows: g.rows, columns: g.columns, frames: [image.pixels] }, p.syntax);
  return { instance: { file: fileName(p, 0), sopInstanceUID, bytes }, image };
}

// STIR as it is read: muscle a dark grey, edema bright, free fluid the brightest, the bladder just short of white.
// (STIR's window reaches above the bladder's urine, so the brightest fluid keeps its grain instead of clipping flat.)
export const MR_WINDOW: Record<MrSequence, [number, number]> = { T1: [760, 1500], STIR: [560, 1120] };

/** One MR slice as a DICOM instance (fast: used by the reproducibility test). */
export function renderMrInstance(p: MrPlan, index: number): { instance: RenderedInstance; slice: MrSlice } {
  const study = STUDIES[p.study];
  const g = p.geometry;
  const slice = renderMrSlice(patientModel(timepointOf(p)), g, p.sequence, index, `mr/${p.id}/${index}`);
  const grid = sliceGrid(g, index);
  const { colDir, rowDir, normal } = orientationVectors(g.orientation);
  const center = [0, 1, 2].map((k) => g.firstCenter[k]! + normal[k]! * index * g.sliceSpacing);
  const sliceLocation = g.orientation === 'axial' ? center[2]! : center[1]!;
  const sopInstanceUID = instanceUid(p, index);
  const [wc, ww] = MR_WINDOW[p.sequence];
  const ds = mrDataset(study, seriesInfo(p), {
    sopInstanceUID, instanceNumber: index + 1, rows: grid.rows, columns: grid.columns, pixelSpacing: [grid.rowSpacing, grid.colSpacing],
    position: grid.origin, orientation: [...colDir, ...rowDir], sliceThickness: g.sliceThickness, spacingBetweenSlices: g.sliceSpacing,
    sliceLocation, sequence: p.sequence, windowCenter: wc, windowWidth: ww,
  });
  const bytes = writeDicom(ds, { rows: grid.rows, columns: grid.columns, frames: [slice.pixels] }, p.syntax);
  return { instance: { file: fileName(p, index), sopInstanceUID, bytes }, slice };
}

/** Parts seen by the bone scan: the detailed pelvis and thighs plus the rest of the skeleton. */
export const boneScanParts = (): Part[] => [
  // Flat bones and the spine are red-marrow rich and take up more MDP per millimetre than the femoral shafts.
  ...patientModel('admission').parts.map((pt) =>
    /^(ilium|ischium|pubis|sacrum)$/.test(pt.structure ?? '') ? { ...pt, uptake: TISSUES[pt.tissue].uptake * 1.8 }
      // The lumbar bodies are large and lie deep (lordosis): per millimetre a little hotter still, as a reader sees them.
      : pt.name.startsWith('lumbar spine') ? { ...pt, uptake: TISSUES[pt.tissue].uptake * 2.2 } : pt),
  ...wholeBodyExtras(),
];

export function renderNm(p: NmPlan): { instance: RenderedInstance; scan: BoneScan } {
  const study = STUDIES[p.study];
  const g = p.geometry;
  const scan = renderBoneScan(boneScanParts(), g, `nm/${p.id}`, 1_600_000, { hotSpots: boneScanHotSpots() });
  const [windowCenter, windowWidth] = boneScanWindow(scan.frames);
  const sopInstanceUID = instanceUid(p, 0);
  const halfWidth = ((g.columns - 1) / 2) * g.pixelSpacing;
  const ds = nmDataset(study, seriesInfo(p), {
    sopInstanceUID, rows: g.rows, columns: g.columns, pixelSpacing: g.pixelSpacing, countsPerFrame: scan.counts,
    frameDurationMs: 1_200_000, scanLength: g.rows * g.pixelSpacing,
    // Anterior view: image right is the patient's left; posterior view: image right is the patient's right.
    detectorOrientation: [[1, 0, 0, 0, 0, -1], [-1, 0, 0, 0, 0, -1]],
    detectorPosition: [[g.centerX - halfWidth, -200, g.topZ], [g.centerX + halfWidth, 250, g.topZ]],
    windowCenter, windowWidth,
  });
  const bytes = writeDicom(ds, { rows: g.rows, columns: g.columns, frames: scan.frames }, p.syntax);
  return { instance: { file: fileName(p, 0), sopInstanceUID, bytes }, scan };
}
