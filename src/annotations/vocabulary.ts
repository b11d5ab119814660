// The findings an annotation can be labelled with: the case's teaching vocabulary, each with the
// codes verified in public sources (SNOMED CT, DICOM), names in both languages and a display colour.

/** A coded concept as DICOM writes one: coding scheme designator, code value, code meaning. */
export interface CodedConcept {
  scheme: 'SCT' | 'DCM' | 'MDC' | '99RADCASE';
  value: string;
  meaning: string;
}

export interface Finding {
  key: string;
  name: { en: string; es: string };
  /** The finding itself. */
  concept: CodedConcept;
  /** Where it is (finding site), when a verified code exists. */
  site?: CodedConcept;
  /** Why the codes are only approximate, when they are. */
  codingNote?: string;
  /** CSS colour the marks of this finding are drawn in. */
  colour: string;
}

const sct = (value: string, meaning: string): CodedConcept => ({ scheme: 'SCT', value, meaning });
const mdc = (value: string, meaning: string): CodedConcept => ({ scheme: 'MDC', value, meaning });

const CALCIFICATION = sct('18115005', 'Pathologic calcification');
const RADIOGRAPHIC_CALCIFICATION = sct('129748009', 'Radiographic calcification finding');

export const FINDINGS: readonly Finding[] = [
  {
    key: 'periarticular-calcification',
    name: { en: 'Periarticular calcification', es: 'Calcificación periarticular' },
    concept: RADIOGRAPHIC_CALCIFICATION,
    site: sct('29836001', 'Hip'),
    colour: '#ffb020',
  },
  {
    key: 'gluteus-medius-involvement',
    name: { en: 'Gluteus medius involvement', es: 'Afectación del glúteo medio' },
    concept: CALCIFICATION,
    site: sct('78333006', 'Gluteus medius muscle'),
    colour: '#ff6b6b',
  },
  {
    key: 'quadratus-femoris-involvement',
    name: { en: 'Quadratus femoris involvement', es: 'Afectación del cuadrado femoral' },
    concept: CALCIFICATION,
    site: mdc('459576', 'Quadratus femoris muscle'),
    codingNote: 'No verified SNOMED CT code found; ISO/IEEE 11073 MDC code from DICOM CID 3031.',
    colour: '#f06595',
  },
  {
    key: 'perilesional-edema',
    name: { en: 'Perilesional edema', es: 'Edema perilesional' },
    concept: sct('79654002', 'Edema'),
    site: sct('87784001', 'Soft tissue'),
    colour: '#4dabf7',
  },
  {
    key: 'sciatic-nerve-encasement',
    name: { en: 'Sciatic nerve encasement', es: 'Atrapamiento del nervio ciático' },
    concept: CALCIFICATION,
    site: sct('84782009', 'Peripheral nerve'),
    codingNote: 'No verified code for the sciatic nerve; the nearest verified parent (peripheral nerve) plus this text.',
    colour: '#ffd43b',
  },
  {
    key: 'increased-uptake',
    name: { en: 'Increased tracer uptake', es: 'Aumento de captación' },
    concept: { scheme: '99RADCASE', value: 'increased-uptake', meaning: 'Increased radiotracer uptake' },
    site: sct('68367000', 'Thigh'),
    codingNote: 'No verified code for increased uptake was found; local code.',
    colour: '#e8590c',
  },
  {
    key: 'uptake-maximum',
    name: { en: 'Maximum uptake', es: 'Captación máxima' },
    concept: { scheme: '99RADCASE', value: 'uptake-maximum', meaning: 'Maximum radiotracer uptake' },
    site: sct('68367000', 'Thigh'),
    codingNote: 'No verified code for an uptake maximum was found; local code.',
    colour: '#c92a2a',
  },
  {
    key: 'relapse-posterior-thigh-mass',
    name: { en: 'Relapse: posterior thigh mass', es: 'Recidiva: masa en la cara posterior del muslo' },
    concept: CALCIFICATION,
    site: sct('68367000', 'Thigh'),
    colour: '#be4bdb',
  },
  {
    key: 'hamstring-involvement',
    name: { en: 'Hamstring involvement', es: 'Afectación de los isquiotibiales' },
    concept: CALCIFICATION,
    site: sct('102292000', 'Muscle of lower limb'),
    codingNote: 'Biceps femoris (MDC 459624), semitendinosus (459636) and semimembranosus (459640) have only MDC codes; the verified parent is used.',
    colour: '#9775fa',
  },
  {
    key: 'relapse-sciatic-involvement',
    name: { en: 'Relapse: sciatic nerve involvement', es: 'Recidiva: afectación del nervio ciático' },
    concept: CALCIFICATION,
    site: sct('84782009', 'Peripheral nerve'),
    codingNote: 'No verified code for the sciatic nerve; the nearest verified parent (peripheral nerve) plus this text.',
    colour: '#fab005',
  },
  {
    key: 'other',
    name: { en: 'Other (see note)', es: 'Otro (ver nota)' },
    concept: { scheme: 'DCM', value: '121071', meaning: 'Finding' },
    colour: '#adb5bd',
  },
];

const BY_KEY = new Map(FINDINGS.map((f) => [f.key, f]));

export function findingFor(key: string): Finding | undefined {
  return BY_KEY.get(key);
}

/** Findings whose name (in either language) or code contains the query, best matches first. */
export function searchFindings(query: string, findings: readonly Finding[] = FINDINGS): Finding[] {
  const q = query.trim().toLowerCase();
  if (!q) return [...findings];
  const score = (f: Finding) => {
    const names = [f.name.en, f.name.es].map((n) => n.toLowerCase());
    if (names.some((n) => n.startsWith(q))) return 0;
    if (names.some((n) => n.split(/[\s:]+/).some((w) => w.startsWith(q)))) return 1;
    if (names.some((n) => n.includes(q))) return 2;
    if ([f.concept, f.site].some((c) => c && (c.value === q || c.meaning.toLowerCase().includes(q)))) return 3;
    return -1;
  };
  return findings
    .map((f) => ({ f, s: score(f) }))
    .filter(({ s }) => s >= 0)
    .sort((a, b) => a.s - b.s)
    .map(({ f }) => f);
}
