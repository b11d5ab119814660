// The case story, in our own words and both languages, and the small markup that links a phrase
// to a finding: "[[finding-key|phrase]]". Pure: the case panel renders what parseStory returns.
import type { Language } from '../i18n/strings';

export interface StorySection {
  id: 'presentation' | 'workup' | 'treatment' | 'relapse' | 'pathology' | 'teaching';
  title: Record<Language, string>;
  /** Paragraphs with [[finding|phrase]] links. */
  body: Record<Language, string[]>;
}

export interface CaseStory {
  caseId: string;
  sections: StorySection[];
  /** What each published figure shows, by figure id of the manifest. */
  figures: Record<string, Record<Language, string>>;
}

export type StorySegment = { text: string } | { text: string; finding: string };

const LINK = /\[\[([a-z0-9-]+)\|([^\]]+)\]\]/g;

/** Splits a paragraph into plain text and finding links. */
export function parseStory(paragraph: string): StorySegment[] {
  const segments: StorySegment[] = [];
  let last = 0;
  for (const match of paragraph.matchAll(LINK)) {
    const at = match.index ?? 0;
    if (at > last) segments.push({ text: paragraph.slice(last, at) });
    segments.push({ text: match[2], finding: match[1] });
    last = at + match[0].length;
  }
  if (last < paragraph.length) segments.push({ text: paragraph.slice(last) });
  return segments;
}

/** The finding keys a story links to, in order of first mention. */
export function linkedFindings(story: CaseStory): string[] {
  const seen = new Set<string>();
  for (const section of story.sections) {
    for (const paragraph of [...section.body.en, ...section.body.es]) {
      for (const segment of parseStory(paragraph)) if ('finding' in segment) seen.add(segment.finding);
    }
  }
  return [...seen];
}

export const TUMORAL_CALCINOSIS: CaseStory = {
  caseId: 'tumoral-calcinosis',
  sections: [
    {
      id: 'presentation',
      title: { en: 'Presentation', es: 'Presentación' },
      body: {
        en: [
          'A 66-year-old with no relevant history comes to the emergency department with months of pain in the back, both hips and both groins, much worse over the last day, and can no longer walk. There is no fever. Both groins are tender; the right leg lies internally rotated and shortened. The hips move through a normal range, but every movement hurts. Routine blood tests are normal.',
          'The first radiograph of the pelvis shows [[periarticular-calcification|large, irregular calcified masses around both hips]], in the soft tissues rather than in the bone.',
        ],
        es: [
          'Paciente de 66 años, sin antecedentes de interés, que acude a Urgencias por dolor de meses en la espalda, ambas caderas y ambas ingles, mucho peor en el último día, hasta no poder caminar. No tiene fiebre. Ambas ingles duelen a la palpación; la pierna derecha está en rotación interna y acortada. Las caderas conservan el recorrido, pero cada movimiento duele. La analítica básica es normal.',
          'La primera radiografía de pelvis muestra [[periarticular-calcification|grandes masas calcificadas e irregulares alrededor de ambas caderas]], en las partes blandas y no en el hueso.',
        ],
      },
    },
    {
      id: 'workup',
      title: { en: 'Work-up', es: 'Estudio' },
      body: {
        en: [
          'MRI of the pelvis finds many confluent, nodular deposits. They lie inside the [[gluteus-medius-involvement|gluteus medius]] and the [[quadratus-femoris-involvement|quadratus femoris]], with [[perilesional-edema|edema around them]]. In the upper thigh the deposits and the inflamed tissue around them [[sciatic-nerve-encasement|wrap around the sciatic nerve]], reaching its sheath.',
          'A bone scan shows [[increased-uptake|patchy, increased uptake from both trochanteric regions down to the lower thighs]], [[uptake-maximum|strongest in the middle and lower back of the left thigh]].',
          'Calcium, phosphate and parathyroid hormone are normal; tumour markers and a CT of the chest and abdomen show nothing; autoimmune tests are negative.',
        ],
        es: [
          'La resonancia de pelvis encuentra numerosos depósitos nodulares y confluentes. Están dentro del [[gluteus-medius-involvement|glúteo medio]] y del [[quadratus-femoris-involvement|cuadrado femoral]], con [[perilesional-edema|edema a su alrededor]]. En la parte alta del muslo, los depósitos y el tejido inflamado que los rodea [[sciatic-nerve-encasement|envuelven el nervio ciático]] y alcanzan su vaina.',
          'La gammagrafía ósea muestra [[increased-uptake|captación aumentada y heterogénea desde ambas regiones trocantéreas hasta la parte baja de los muslos]], [[uptake-maximum|máxima en la cara posterior de los tercios medio y distal del muslo izquierdo]].',
          'Calcio, fósforo y parathormona son normales; los marcadores tumorales y una TC de tórax y abdomen no muestran nada; la autoinmunidad es negativa.',
        ],
      },
    },
    {
      id: 'treatment',
      title: { en: 'Treatment', es: 'Tratamiento' },
      body: {
        en: [
          'Pain is treated with pregabalin and a short course of corticosteroids, and a single dose of zoledronic acid is given for osteoporosis. Pain and walking improve. Surgery is set aside: the masses are extensive, removing them would leave damage, and they often come back.',
        ],
        es: [
          'El dolor se trata con pregabalina y una pauta corta de corticoides, y se administra una dosis única de ácido zoledrónico por osteoporosis. Mejoran el dolor y la marcha. Se descarta la cirugía: las masas son extensas, extirparlas dejaría secuelas y suelen reaparecer.',
        ],
      },
    },
    {
      id: 'relapse',
      title: { en: 'Relapse, three months later', es: 'Recaída, tres meses después' },
      body: {
        en: [
          'After the corticosteroids are stopped, severe groin pain returns, with pain at the back of the left thigh. A new radiograph and an MRI of the femur show [[relapse-posterior-thigh-mass|a mass in the posterior compartment of the left thigh]] that [[hamstring-involvement|involves the biceps femoris, semitendinosus and semimembranosus]] and [[relapse-sciatic-involvement|the sciatic nerve]].',
        ],
        es: [
          'Al retirar los corticoides reaparece un dolor inguinal intenso, con dolor en la cara posterior del muslo izquierdo. Una nueva radiografía y una resonancia del fémur muestran [[relapse-posterior-thigh-mass|una masa en el compartimento posterior del muslo izquierdo]] que [[hamstring-involvement|afecta al bíceps femoral, al semitendinoso y al semimembranoso]] y [[relapse-sciatic-involvement|al nervio ciático]].',
        ],
      },
    },
    {
      id: 'pathology',
      title: { en: 'Pathology', es: 'Anatomía patológica' },
      body: {
        en: ['The femoral lesion is removed surgically. The pathologist confirms tumoral calcinosis.'],
        es: ['Se extirpa quirúrgicamente la lesión femoral. El patólogo confirma una calcinosis tumoral.'],
      },
    },
    {
      id: 'teaching',
      title: { en: 'Teaching points', es: 'Puntos docentes' },
      body: {
        en: [
          'Tumoral calcinosis is a rare, benign deposition of calcium in the soft tissues around joints. Its cause is unknown; it is seen more often in patients on dialysis and in familial forms. Many patients have no symptoms; pain is the most common complaint, and the deposits can compress nerves.',
          'On imaging, look for lobulated, cyst-like calcified masses outside the joint and the bone, sometimes with fluid–calcium levels. Medical treatment helps little; surgery is the treatment of choice, and recurrence is common, as in this patient.',
        ],
        es: [
          'La calcinosis tumoral es un depósito de calcio, raro y benigno, en las partes blandas que rodean las articulaciones. Su causa es desconocida; es más frecuente en pacientes en diálisis y en formas familiares. Muchos pacientes no tienen síntomas; el dolor es la queja más común y los depósitos pueden comprimir nervios.',
          'En imagen, busque masas calcificadas lobuladas, de aspecto quístico, fuera de la articulación y del hueso, a veces con niveles líquido-calcio. El tratamiento médico ayuda poco; la cirugía es el tratamiento de elección y las recidivas son frecuentes, como en este paciente.',
        ],
      },
    },
  ],
  figures: {
    'fig-1': { en: 'AP radiograph of the pelvis at admission', es: 'Radiografía AP de pelvis al ingreso' },
    'fig-2': { en: 'Pelvic MRI: muscles, edema and sciatic nerve', es: 'RM de pelvis: músculos, edema y nervio ciático' },
    'fig-3': { en: 'Whole-body bone scan', es: 'Gammagrafía ósea de cuerpo entero' },
    'fig-4': { en: 'Relapse: femur radiographs and MRI', es: 'Recaída: radiografías y RM del fémur' },
  },
};

const STORIES: Record<string, CaseStory> = { [TUMORAL_CALCINOSIS.caseId]: TUMORAL_CALCINOSIS };

export function storyFor(caseId: string): CaseStory | undefined {
  return STORIES[caseId];
}
