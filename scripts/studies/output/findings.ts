// Assembles ground-truth.json: the findings of FACTS.md and the key structures with their regions, and the exact
// similarity transform between the admission and follow-up AP pelvis radiographs.
import type { Region } from './groundtruth';
import { CASE_ID } from '../case';
import { type ProjectionGeometry, type Repositioning, pixelTransform } from '../modalities/projection';
import { PLANS, seriesInfo, instanceUid, fileName } from '../series';

export type RegionSink = (key: string, regions: Region[]) => void;

interface Code {
  scheme: string;
  value: string;
  meaning: string;
}
const sct = (value: string, meaning: string): Code => ({ scheme: 'SCT', value, meaning });
const mdc = (value: string, meaning: string): Code => ({ scheme: 'MDC', value, meaning });

export const FINDINGS: { key: string; description: string; codes: Code[]; note?: string }[] = [
  { key: 'periarticular-calcification', description: 'Massive irregular multilobulated periarticular calcific deposits around both hips', codes: [sct('18115005', 'Pathologic calcification'), sct('29836001', 'Hip'), sct('51440002', 'Bilateral')] },
  { key: 'gluteus-medius-involvement', description: 'Calcific nodules within the gluteus medius muscle', codes: [sct('18115005', 'Pathologic calcification'), sct('78333006', 'Gluteus medius muscle')] },
  { key: 'quadratus-femoris-involvement', description: 'Calcific nodules within the quadratus femoris muscle', codes: [sct('18115005', 'Pathologic calcification'), mdc('459576', 'Quadratus femoris')], note: 'No verified SNOMED CT code for quadratus femoris was found; ISO/IEEE 11073 MDC code from DICOM CID 3031.' },
  { key: 'perilesional-edema', description: 'Edema around the deposits, bright on STIR', codes: [sct('79654002', 'Edema')] },
  { key: 'sciatic-nerve-encasement', description: 'Deposits and inflammation surrounding the sciatic nerve, proximal third of the thigh', codes: [sct('84782009', 'Peripheral nerve')], note: 'Sciatic nerve: nearest verified parent (peripheral nerve) plus free text.' },
  { key: 'increased-uptake', description: 'Heterogeneous increased tracer uptake from both pertrochanteric regions to the distal thighs', codes: [sct('68367000', 'Thigh'), sct('51440002', 'Bilateral')] },
  { key: 'uptake-maximum', description: 'Highest uptake, middle and distal posterior left thigh', codes: [sct('68367000', 'Thigh'), sct('7771000', 'Left')] },
  { key: 'relapse-posterior-thigh-mass', description: 'Calcified mass in the posterior compartment of the left thigh', codes: [sct('18115005', 'Pathologic calcification'), sct('68367000', 'Thigh'), sct('7771000', 'Left')] },
  { key: 'hamstring-involvement', description: 'Biceps femoris, semitendinosus and semimembranosus involved by the mass', codes: [mdc('459624', 'Biceps femoris'), mdc('459636', 'Semitendinosus'), mdc('459640', 'Semimembranosus')], note: 'Each region names the muscle it outlines in "structure".' },
  { key: 'relapse-sciatic-involvement', description: 'Sciatic nerve involved by the relapse mass', codes: [sct('84782009', 'Peripheral nerve')], note: 'Sciatic nerve: nearest verified parent plus free text.' },
];

export const STRUCTURE_NAMES: Record<string, { name: string; codes: Code[] }> = {
  'sciatic-nerve': { name: 'Sciatic nerve', codes: [sct('84782009', 'Peripheral nerve')] },
  'gluteus-maximus': { name: 'Gluteus maximus', codes: [sct('102292000', 'Muscle of lower limb')] },
  'gluteus-medius': { name: 'Gluteus medius', codes: [sct('78333006', 'Gluteus medius muscle')] },
  'gluteus-minimus': { name: 'Gluteus minimus', codes: [sct('102292000', 'Muscle of lower limb')] },
  'quadratus-femoris': { name: 'Quadratus femoris', codes: [mdc('459576', 'Quadratus femoris')] },
  adductors: { name: 'Adductor muscles (longus, brevis, magnus)', codes: [sct('102292000', 'Muscle of lower limb')] },
  'biceps-femoris': { name: 'Biceps femoris (hamstring)', codes: [mdc('459624', 'Biceps femoris')] },
  semitendinosus: { name: 'Semitendinosus (hamstring)', codes: [mdc('459636', 'Semitendinosus')] },
  semimembranosus: { name: 'Semimembranosus (hamstring)', codes: [mdc('459640', 'Semimembranosus')] },
};

interface Landmarks {
  from: ProjectionGeometry;
  to: ProjectionGeometry;
  repositioning: Repositioning;
  points: { name: string; patient: readonly number[]; from: [number, number]; to: [number, number] }[];
}

const r6 = (v: number) => Math.round(v * 1e6) / 1e6;

export function buildGroundTruth(regions: Map<string, Region[]>, lm: Landmarks) {
  const m = pixelTransform(lm.from, lm.to);
  const a = m[0]![0]!;
  const c = m[1]![0]!;
  const initial = PLANS.find((p) => p.id === 'ap-pelvis')!;
  const followUp = PLANS.find((p) => p.id === 'ap-pelvis-followup')!;
  const ps = lm.from.pixelSpacing;
  return {
    schema: 'radcase.ground-truth/1',
    caseId: CASE_ID,
    synthetic: true,
    conventions: {
      coordinates: 'Image pixel coordinates [x, y] = [column, row]; integer values are pixel centres, [0, 0] is the centre of the top-left pixel.',
      frame: '1-based frame number within the instance (the bone scan has frame 1 anterior, frame 2 posterior).',
      side: 'Patient side: L (left), R (right), M (midline).',
      mr: 'MR regions are given per slice (one region per SOP instance and component).',
    },
    findings: FINDINGS.map((f) => ({ ...f, regions: regions.get(f.key) ?? [] })),
    structures: Object.entries(STRUCTURE_NAMES).map(([key, s]) => ({ key, ...s, regions: regions.get(`structure:${key}`) ?? [] })),
    pelvisTransform: {
      description: 'Maps pixel coordinates of the admission AP pelvis to those of the follow-up AP pelvis: [x2, y2, 1] = matrix · [x1, y1, 1]. Exact: the follow-up differs by detector distance (magnification), in-plane rotation and detector shift only.',
      from: { series: initial.id, seriesInstanceUID: seriesInfo(initial).uid, sopInstanceUID: instanceUid(initial, 0), file: fileName(initial, 0) },
      to: { series: followUp.id, seriesInstanceUID: seriesInfo(followUp).uid, sopInstanceUID: instanceUid(followUp, 0), file: fileName(followUp, 0) },
      matrix: m.map((row) => row.map((v) => Math.round(v * 1e12) / 1e12)),
      scale: r6(Math.hypot(a, c)),
      rotationDegrees: r6((Math.atan2(c, a) * 180) / Math.PI),
      translationPixels: [r6(m[0]![2]!), r6(m[1]![2]!)],
      translationMm: [r6(m[0]![2]! * ps), r6(m[1]![2]! * ps)],
      pixelSpacingMm: ps,
      positioningChange: lm.repositioning,
      landmarks: lm.points.map((p) => ({ name: p.name, patientLPS: p.patient, from: p.from.map(r6), to: p.to.map(r6) })),
    },
  };
}
