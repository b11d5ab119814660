import { describe, expect, test } from 'vitest';
import type { InstanceInfo } from '../../src/imaging/ingest';
import { groupInstances, orderInstances } from '../../src/imaging/series';

function instance(over: Partial<InstanceInfo>): InstanceInfo {
  return {
    fileName: 'x.dcm',
    transferSyntaxUID: '1.2.840.10008.1.2.1',
    decodedTransferSyntaxUID: '1.2.840.10008.1.2.1',
    sopClassUID: '1.2.840.10008.5.1.4.1.1.4',
    sopInstanceUID: Math.random().toString(),
    studyInstanceUID: '1',
    seriesInstanceUID: '1.1',
    studyDate: '20260301',
    studyDescription: 'Study',
    seriesDescription: 'Series',
    seriesNumber: 1,
    instanceNumber: null,
    modality: 'MR',
    patientName: 'A^B',
    patientId: '1',
    rows: 4,
    columns: 4,
    numberOfFrames: 1,
    samplesPerPixel: 1,
    bitsAllocated: 16,
    photometricInterpretation: 'MONOCHROME2',
    imagePositionPatient: null,
    imageOrientationPatient: null,
    pixelSpacing: null,
    sliceThickness: null,
    patientOrientation: '',
    fileWindow: null,
    frameTimeMs: null,
    ...over,
  };
}

const AXIAL = [1, 0, 0, 0, 1, 0] as InstanceInfo['imageOrientationPatient'];

describe('ordering a series', () => {
  test('axial slices go head to feet by position along the normal, whatever their instance numbers', () => {
    const slices = [-20, 0, -10].map((z, i) => instance({ fileName: `s${i}`, instanceNumber: i + 1, imagePositionPatient: [0, 0, z], imageOrientationPatient: AXIAL }));
    const { ordered, orderedBy } = orderInstances(slices);
    expect(orderedBy).toBe('position');
    expect(ordered.map((s) => s.imagePositionPatient?.[2])).toEqual([0, -10, -20]);
  });

  test('oblique slices are ordered along their own normal', () => {
    const c = Math.SQRT1_2;
    const iop = [1, 0, 0, 0, c, -c] as InstanceInfo['imageOrientationPatient']; // normal (0, c, c)
    const slices = [2, 0, 1].map((k) => instance({ fileName: `o${k}`, imagePositionPatient: [0, k * c, k * c], imageOrientationPatient: iop }));
    expect(orderInstances(slices).ordered.map((s) => s.fileName)).toEqual(['o2', 'o1', 'o0']);
  });

  test('falls back to InstanceNumber when positions are missing or repeat', () => {
    const slices = [3, 1, 2].map((n) => instance({ fileName: `f${n}`, instanceNumber: n, imagePositionPatient: [0, 0, 5], imageOrientationPatient: AXIAL }));
    const { ordered, orderedBy } = orderInstances(slices);
    expect(orderedBy).toBe('instance-number');
    expect(ordered.map((s) => s.instanceNumber)).toEqual([1, 2, 3]);
  });

  test('falls back to natural file-name order when there is nothing else', () => {
    const slices = ['img10', 'img2', 'img1'].map((fileName) => instance({ fileName }));
    expect(orderInstances(slices).ordered.map((s) => s.fileName)).toEqual(['img1', 'img2', 'img10']);
  });
});

describe('grouping', () => {
  test('groups by Study and Series Instance UID, studies by date, series by number, frames become images', () => {
    const list = [
      instance({ studyInstanceUID: 'B', studyDate: '20260601', seriesInstanceUID: 'B.2', seriesNumber: 2 }),
      instance({ studyInstanceUID: 'A', studyDate: '20260301', seriesInstanceUID: 'A.1', seriesNumber: 1, numberOfFrames: 3 }),
      instance({ studyInstanceUID: 'B', studyDate: '20260601', seriesInstanceUID: 'B.1', seriesNumber: 1 }),
      instance({ studyInstanceUID: 'B', studyDate: '20260601', seriesInstanceUID: 'B.1', seriesNumber: 1 }),
    ];
    const studies = groupInstances(list);
    expect(studies.map((s) => s.studyInstanceUID)).toEqual(['A', 'B']);
    expect(studies[1].series.map((s) => s.seriesInstanceUID)).toEqual(['B.1', 'B.2']);
    expect(studies[1].series[0].images).toHaveLength(2);
    expect(studies[0].series[0].images.map((i) => i.frame)).toEqual([0, 1, 2]);
  });
});
