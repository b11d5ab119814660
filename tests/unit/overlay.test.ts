import { afterEach, describe, expect, test } from 'vitest';
import { formatDicomDate, formatPersonName, overlayText, type OverlayFacts } from '../../src/imaging/overlay';
import { setLanguage } from '../../src/i18n/strings';
import { toVoiRange } from '../../src/imaging/display';

const facts: OverlayFacts = {
  patientName: 'SYNTHETIC^TUMORAL CALCINOSIS^^^',
  studyDate: '20250310',
  studyDescription: 'Admission: pelvis and hips',
  series: { modality: 'MR', seriesNumber: 2, description: 'Axial T1 TSE' },
  imageIndex: 11,
  imageCount: 32,
  sliceThickness: 5,
  voi: toVoiRange({ width: 1000, center: 500 }),
  invert: false,
  zoomPercent: 87.6,
};

afterEach(() => setLanguage('en'));

describe('viewport overlay text', () => {
  test('sets patient, study, series, image n/N, slice, window/level and zoom', () => {
    expect(overlayText(facts)).toEqual({
      patient: 'SYNTHETIC TUMORAL CALCINOSIS',
      study: '2025-03-10 Admission: pelvis and hips',
      series: 'MR · 2 Axial T1 TSE',
      image: 'Image 12/32',
      slice: 'Slice 5 mm',
      windowLevel: 'W 1000 L 500',
      zoom: 'Zoom 88%',
    });
  });

  test('leaves out what the image does not say, and marks an inverted display', () => {
    const text = overlayText({ ...facts, patientName: undefined, studyDescription: '', series: { modality: 'CR', seriesNumber: null, description: 'AP pelvis' }, sliceThickness: null, voi: null, invert: true });
    expect(text.patient).toBe('');
    expect(text.study).toBe('2025-03-10');
    expect(text.series).toBe('CR · AP pelvis');
    expect(text.slice).toBeNull();
    expect(text.windowLevel).toBe(' · inv');
  });

  test('speaks the interface language', () => {
    setLanguage('es');
    expect(overlayText(facts).image).toBe('Imagen 12/32');
  });

  test('DICOM dates and person names read as people write them', () => {
    expect(formatDicomDate('20250609')).toBe('2025-06-09');
    expect(formatDicomDate('2025-06-09')).toBe('2025-06-09');
    expect(formatPersonName('Doe^Jane^M^Dr^')).toBe('Doe Jane M Dr');
    expect(formatPersonName('Yamada^Tarou=山田^太郎=やまだ^たろう')).toBe('Yamada Tarou');
  });
});
