// DICOM modules of the IODs we write (CR, MR, NM): patient, study, series, equipment, image and modality attributes.
import { PATIENT, type StudyInfo } from '../case';

export const SopClass = {
  cr: '1.2.840.10008.5.1.4.1.1.1',
  mr: '1.2.840.10008.5.1.4.1.1.4',
  nm: '1.2.840.10008.5.1.4.1.1.20',
} as const;

export interface SeriesInfo {
  uid: string;
  number: number;
  modality: 'CR' | 'MR' | 'NM';
  description: string;
  bodyPart: string;
  laterality: '' | 'L' | 'R';
  frameOfReferenceUID: string;
  time: string;
  protocol: string;
}

const ds = (n: number) => Number(n.toFixed(6));
export const dsArray = (a: readonly number[]) => a.map(ds);

function common(study: StudyInfo, series: SeriesInfo, sopClass: string, sopInstanceUID: string, instanceNumber: number) {
  return {
    SpecificCharacterSet: 'ISO_IR 100',
    SOPClassUID: sopClass,
    SOPInstanceUID: sopInstanceUID,
    InstanceCreationDate: study.date,
    InstanceCreationTime: series.time,
    ...PATIENT,
    StudyInstanceUID: study.uid,
    StudyDate: study.date,
    StudyTime: study.time,
    ReferringPhysicianName: '',
    StudyID: study.studyId,
    AccessionNumber: study.accession,
    StudyDescription: study.description,
    Modality: series.modality,
    SeriesInstanceUID: series.uid,
    SeriesNumber: series.number,
    SeriesDate: study.date,
    SeriesTime: series.time,
    SeriesDescription: series.description,
    ProtocolName: series.protocol,
    BodyPartExamined: series.bodyPart,
    Laterality: series.laterality === '' ? undefined : series.laterality,
    FrameOfReferenceUID: series.frameOfReferenceUID,
    PositionReferenceIndicator: '',
    Manufacturer: 'radcase',
    ManufacturerModelName: 'synthetic case generator',
    SoftwareVersions: '1',
    InstitutionName: 'radcase synthetic teaching case',
    InstanceNumber: instanceNumber,
    ContentDate: study.date,
    ContentTime: series.time,
    AcquisitionDate: study.date,
    AcquisitionTime: series.time,
    BurnedInAnnotation: 'NO',
    LossyImageCompression: '00',
  };
}

function greyPixels(rows: number, columns: number, bitsStored: number) {
  return {
    SamplesPerPixel: 1,
    PhotometricInterpretation: 'MONOCHROME2',
    Rows: rows,
    Columns: columns,
    BitsAllocated: 16,
    BitsStored: bitsStored,
    HighBit: bitsStored - 1,
    PixelRepresentation: 0,
  };
}

export interface CrImage {
  sopInstanceUID: string;
  instanceNumber: number;
  rows: number;
  columns: number;
  bitsStored: number;
  imagerPixelSpacing: number;
  magnification: number;
  sid: number;
  sod: number;
  viewPosition: 'AP' | 'LL' | 'ML';
  patientOrientation: [string, string];
  windowCenter: number;
  windowWidth: number;
  kvp: number;
  mAs: number;
  imageComments: string;
}

export function crDataset(study: StudyInfo, series: SeriesInfo, im: CrImage) {
  const { Laterality: _seriesLaterality, FrameOfReferenceUID: _for, PositionReferenceIndicator: _pri, ...base } = common(study, series, SopClass.cr, im.sopInstanceUID, im.instanceNumber);
  return {
    // Projection radiographs carry ImageLaterality instead of the series' Laterality, and no frame of reference.
    ...base,
    ImageType: ['DERIVED', 'PRIMARY'],
    ViewPosition: im.viewPosition,
    PatientPosition: '',
    PatientOrientation: im.patientOrientation,
    ImageLaterality: series.laterality === '' ? 'B' : series.laterality,
    ...greyPixels(im.rows, im.columns, im.bitsStored),
    KVP: im.kvp,
    Exposure: Math.round(im.mAs),
    DistanceSourceToDetector: ds(im.sid),
    DistanceSourceToPatient: ds(im.sod),
    ImagerPixelSpacing: [ds(im.imagerPixelSpacing), ds(im.imagerPixelSpacing)],
    PresentationLUTShape: 'IDENTITY',
    WindowCenter: im.windowCenter,
    WindowWidth: im.windowWidth,
    VOILUTFunction: 'LINEAR',
    ImageComments: im.imageComments,
  };
}

export interface MrImage {
  sopInstanceUID: string;
  instanceNumber: number;
  rows: number;
  columns: number;
  pixelSpacing: [number, number];
  position: readonly number[];
  orientation: readonly number[];
  sliceThickness: number;
  spacingBetweenSlices: number;
  sliceLocation: number;
  sequence: 'T1' | 'STIR';
  windowCenter: number;
  windowWidth: number;
}

export function mrDataset(study: StudyInfo, series: SeriesInfo, im: MrImage) {
  const stir = im.sequence === 'STIR';
  return {
    ...common(study, series, SopClass.mr, im.sopInstanceUID, im.instanceNumber),
    ImageType: ['ORIGINAL', 'PRIMARY', 'OTHER'],
    PatientPosition: 'FFS',
    ...greyPixels(im.rows, im.columns, 12),
    ScanningSequence: stir ? ['IR', 'SE'] : ['SE'],
    SequenceVariant: stir ? ['SK', 'MP'] : ['SK'],
    ScanOptions: '',
    MRAcquisitionType: '2D',
    SequenceName: stir ? 'tir2d1_13' : 'tse2d1_3',
    RepetitionTime: stir ? 4500 : 550,
    EchoTime: stir ? 42 : 11,
    InversionTime: stir ? 160 : undefined,
    EchoTrainLength: stir ? 13 : 3,
    NumberOfAverages: 2,
    ImagingFrequency: 63.67,
    ImagedNucleus: '1H',
    MagneticFieldStrength: 1.5,
    FlipAngle: stir ? 150 : 90,
    SliceThickness: ds(im.sliceThickness),
    SpacingBetweenSlices: ds(im.spacingBetweenSlices),
    PixelSpacing: dsArray(im.pixelSpacing),
    ImagePositionPatient: dsArray(im.position),
    ImageOrientationPatient: dsArray(im.orientation),
    SliceLocation: ds(im.sliceLocation),
    WindowCenter: im.windowCenter,
    WindowWidth: im.windowWidth,
  };
}

export interface NmImage {
  sopInstanceUID: string;
  rows: number;
  columns: number;
  pixelSpacing: number;
  countsPerFrame: number[];
  frameDurationMs: number;
  scanLength: number;
  detectorOrientation: number[][];
  detectorPosition: number[][];
  windowCenter: number;
  windowWidth: number;
}

export function nmDataset(study: StudyInfo, series: SeriesInfo, im: NmImage) {
  const detectors = im.detectorOrientation.map((o, i) => ({
    CollimatorGridName: 'LEHR',
    CollimatorType: 'PARA',
    FieldOfViewShape: 'RECTANGLE',
    FieldOfViewDimensions: [540, 400],
    FocalDistance: '',
    XFocusCenter: '',
    YFocusCenter: '',
    ZoomFactor: [1, 1],
    ImagePositionPatient: dsArray(im.detectorPosition[i]!),
    ImageOrientationPatient: dsArray(o),
  }));
  return {
    ...common(study, series, SopClass.nm, im.sopInstanceUID, 1),
    ImageType: ['ORIGINAL', 'PRIMARY', 'WHOLE BODY', 'EMISSION'],
    PatientOrientation: '',
    ...greyPixels(im.rows, im.columns, 16),
    PixelSpacing: [ds(im.pixelSpacing), ds(im.pixelSpacing)],
    NumberOfFrames: im.countsPerFrame.length,
    FrameIncrementPointer: [0x00540010, 0x00540020],
    DetectorVector: im.countsPerFrame.map((_, i) => i + 1),
    NumberOfDetectors: im.countsPerFrame.length,
    NumberOfEnergyWindows: 1,
    EnergyWindowVector: im.countsPerFrame.map(() => 1),
    CountsAccumulated: im.countsPerFrame.reduce((a, b) => a + b, 0),
    ActualFrameDuration: im.frameDurationMs,
    ScanVelocity: ds(im.scanLength / (im.frameDurationMs / 1000)),
    WholeBodyTechnique: ['1PS'],
    ScanLength: Math.round(im.scanLength),
    PatientOrientationCodeSequence: [],
    PatientGantryRelationshipCodeSequence: [],
    EnergyWindowInformationSequence: [
      { EnergyWindowName: 'Tc99m', EnergyWindowRangeSequence: [{ EnergyWindowLowerLimit: 126, EnergyWindowUpperLimit: 154 }] },
    ],
    RadiopharmaceuticalInformationSequence: [
      {
        Radiopharmaceutical: 'Tc-99m MDP',
        RadiopharmaceuticalStartTime: '070000',
        RadionuclideTotalDose: 740,
        RadionuclideCodeSequence: [],
      },
    ],
    DetectorInformationSequence: detectors,
    WindowCenter: im.windowCenter,
    WindowWidth: im.windowWidth,
    ImageComments: 'Tc-99m MDP whole-body bone scan, 3 h after injection. Frame 1 anterior, frame 2 posterior.',
  };
}
