// The text in the viewport's corners, the way clinical viewers set it: patient, study, series,
// image n/N and slice thickness, window/level and zoom. Pure: the viewport only places it.
import { formatWindowLevel, toWindowLevel, type VoiRange } from './display';
import { t } from '../i18n/strings';

export interface OverlayFacts {
  /** DICOM person name (PN): components split by "^", representations by "=". */
  patientName?: string;
  /** DICOM date (DA, YYYYMMDD) or an ISO date. */
  studyDate?: string;
  studyDescription?: string;
  series?: { modality: string; seriesNumber: number | null; description: string } | null;
  imageIndex: number;
  imageCount: number;
  sliceThickness?: number | null;
  voi: VoiRange | null;
  invert: boolean;
  zoomPercent: number;
}

export interface OverlayText {
  patient: string;
  study: string;
  series: string;
  image: string;
  /** Null when the image declares no slice thickness. */
  slice: string | null;
  windowLevel: string;
  zoom: string;
}

/** "20250310" → "2025-03-10"; anything else as it is. */
export function formatDicomDate(date: string): string {
  return /^\d{8}$/.test(date) ? `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}` : date;
}

/** "SYNTHETIC^TUMORAL CALCINOSIS^^^" → "SYNTHETIC TUMORAL CALCINOSIS": the alphabetic representation, components joined. */
export function formatPersonName(name: string): string {
  const alphabetic = name.split('=')[0] ?? '';
  return alphabetic
    .split('^')
    .map((part) => part.trim())
    .filter(Boolean)
    .join(' ');
}

export function overlayText(facts: OverlayFacts): OverlayText {
  const series = facts.series;
  return {
    patient: formatPersonName(facts.patientName ?? ''),
    study: [formatDicomDate(facts.studyDate ?? ''), facts.studyDescription ?? ''].filter(Boolean).join(' '),
    series: series ? [series.modality, '·', series.seriesNumber ?? '', series.description].filter((p) => p !== '').join(' ') : '',
    image: t('overlay.image', { n: facts.imageIndex + 1, total: facts.imageCount }),
    slice: facts.sliceThickness ? t('overlay.slice', { mm: facts.sliceThickness }) : null,
    windowLevel: `${facts.voi ? formatWindowLevel(toWindowLevel(facts.voi)) : ''}${facts.invert ? ' · inv' : ''}`,
    zoom: t('overlay.zoom', { z: facts.zoomPercent.toFixed(0) }),
  };
}
