// Writes the benchmark's own case: a 2048×2500 16-bit radiograph and a 256×256×24 MR stack, as
// Explicit VR Little Endian Part 10 files with a radcase.case/1 manifest. Independent of the
// bundled case so the figures compare across commits.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import dcmjs from 'dcmjs';

const { DicomDict, DicomMetaDictionary } = dcmjs.data;

/** Bump when the generated data changes, so stale folders are rewritten. */
const VERSION = 1;

const STUDY_UID = '2.25.310000000000000000000000000000000001';
const RADIOGRAPH_SERIES_UID = '2.25.310000000000000000000000000000000002';
const MR_SERIES_UID = '2.25.310000000000000000000000000000000003';
const uidFor = (series, n) => `${series}.${n}`;

export const RADIOGRAPH = { rows: 2500, columns: 2048, seriesInstanceUID: RADIOGRAPH_SERIES_UID };
export const MR_STACK = { rows: 256, columns: 256, slices: 24, seriesInstanceUID: MR_SERIES_UID };

/** A small deterministic PRNG, so every run benchmarks the same bytes. */
function random(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function part10(dataset) {
  const meta = {
    FileMetaInformationVersion: new Uint8Array([0, 1]).buffer,
    MediaStorageSOPClassUID: dataset.SOPClassUID,
    MediaStorageSOPInstanceUID: dataset.SOPInstanceUID,
    TransferSyntaxUID: '1.2.840.10008.1.2.1',
    ImplementationClassUID: '1.2.826.0.1.3680043.10.1461.1',
  };
  const dict = new DicomDict(DicomMetaDictionary.denaturalizeDataset(meta));
  dict.dict = DicomMetaDictionary.denaturalizeDataset(dataset);
  return new Uint8Array(dict.write());
}

const common = {
  StudyInstanceUID: STUDY_UID,
  StudyDate: '20260301',
  StudyTime: '101500',
  StudyDescription: 'Benchmark study',
  PatientName: 'BENCH^SYNTHETIC',
  PatientID: 'BENCH-1',
  PatientSex: 'O',
};

/** An AP "pelvis": soft-tissue body, two femoral shafts and a pelvic ring of denser bone, noise. */
function radiograph() {
  const { rows, columns } = RADIOGRAPH;
  const pixels = new Uint16Array(rows * columns);
  const rnd = random(1);
  const cx = columns / 2;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < columns; c++) {
      const x = (c - cx) / cx;
      const y = r / rows;
      let v = 300; // air
      const body = 1 - x * x / 0.8;
      if (body > 0) v += 1200 * Math.sqrt(body);
      const ring = Math.hypot(x / 0.6, (y - 0.35) / 0.25);
      if (Math.abs(ring - 1) < 0.08) v += 1400;
      for (const fx of [-0.35, 0.35]) if (y > 0.45 && Math.abs(x - fx - (y - 0.45) * 0.1 * Math.sign(fx)) < 0.07) v += 1500;
      v += (rnd() - 0.5) * 120;
      pixels[r * columns + c] = Math.max(0, Math.min(4095, Math.round(v)));
    }
  }
  return part10({
    ...common,
    SOPClassUID: '1.2.840.10008.5.1.4.1.1.1', // CR Image Storage
    SOPInstanceUID: uidFor(RADIOGRAPH_SERIES_UID, 1),
    SeriesInstanceUID: RADIOGRAPH_SERIES_UID,
    SeriesDescription: 'AP pelvis (benchmark)',
    SeriesNumber: '1',
    InstanceNumber: '1',
    Modality: 'CR',
    PatientOrientation: ['L', 'F'],
    Rows: rows,
    Columns: columns,
    SamplesPerPixel: 1,
    PhotometricInterpretation: 'MONOCHROME2',
    BitsAllocated: 16,
    BitsStored: 12,
    HighBit: 11,
    PixelRepresentation: 0,
    ImagerPixelSpacing: [0.15, 0.15],
    WindowCenter: 1800,
    WindowWidth: 3200,
    PixelData: [pixels.buffer],
    _vrMap: { PixelData: 'OW' },
  });
}

/** One axial MR slice: an ellipse of tissue with two "thighs" whose size changes along the stack. */
function mrSlice(index) {
  const { rows, columns, slices } = MR_STACK;
  const pixels = new Uint16Array(rows * columns);
  const rnd = random(100 + index);
  const t = index / (slices - 1);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < columns; c++) {
      const x = (c - columns / 2) / (columns / 2);
      const y = (r - rows / 2) / (rows / 2);
      let v = 0;
      if ((x / 0.9) ** 2 + (y / 0.6) ** 2 < 1) v = 600;
      for (const fx of [-0.4, 0.4]) if (Math.hypot(x - fx, y) < 0.12 + 0.05 * t) v = 1400;
      if (Math.hypot(x + 0.1 * Math.sin(t * 6), y + 0.2) < 0.08) v = 200;
      v += rnd() * 60;
      pixels[r * columns + c] = Math.round(v);
    }
  }
  return part10({
    ...common,
    SOPClassUID: '1.2.840.10008.5.1.4.1.1.4', // MR Image Storage
    SOPInstanceUID: uidFor(MR_SERIES_UID, index + 1),
    SeriesInstanceUID: MR_SERIES_UID,
    SeriesDescription: 'Axial T1 (benchmark)',
    SeriesNumber: '2',
    InstanceNumber: String(index + 1),
    Modality: 'MR',
    Rows: rows,
    Columns: columns,
    SamplesPerPixel: 1,
    PhotometricInterpretation: 'MONOCHROME2',
    BitsAllocated: 16,
    BitsStored: 16,
    HighBit: 15,
    PixelRepresentation: 0,
    PixelSpacing: [1.5, 1.5],
    SliceThickness: 5,
    ImageOrientationPatient: [1, 0, 0, 0, 1, 0],
    ImagePositionPatient: [-192, -192, -index * 5],
    PixelData: [pixels.buffer],
    _vrMap: { PixelData: 'OW' },
  });
}

/**
 * Writes the case into `dir` unless an identical version is already there; returns the manifest
 * and the paths of its files relative to `dir`.
 */
export function writeBenchCase(dir) {
  const manifestPath = join(dir, 'manifest.json');
  const stampPath = join(dir, 'VERSION');
  const radiographFile = 'cr/IM0001.dcm';
  const mrFiles = Array.from({ length: MR_STACK.slices }, (_, i) => `mr/IM${String(i + 1).padStart(4, '0')}.dcm`);
  const manifest = {
    schema: 'radcase.case/1',
    caseId: 'bench',
    title: { en: 'Benchmark case', es: 'Caso de referencia' },
    synthetic: true,
    studies: [
      {
        studyInstanceUID: STUDY_UID,
        date: '2026-03-01',
        description: 'Benchmark study',
        series: [
          {
            seriesInstanceUID: RADIOGRAPH_SERIES_UID,
            seriesNumber: 1,
            modality: 'CR',
            description: 'AP pelvis (benchmark)',
            figure: 'fig-1',
            files: [radiographFile],
          },
          {
            seriesInstanceUID: MR_SERIES_UID,
            seriesNumber: 2,
            modality: 'MR',
            description: 'Axial T1 (benchmark)',
            files: mrFiles,
          },
        ],
      },
    ],
  };
  const fresh = existsSync(stampPath) && readFileSync(stampPath, 'utf8').trim() === String(VERSION) && existsSync(manifestPath);
  if (!fresh) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(join(dir, 'cr'), { recursive: true });
    mkdirSync(join(dir, 'mr'), { recursive: true });
    writeFileSync(join(dir, radiographFile), radiograph());
    mrFiles.forEach((file, i) => writeFileSync(join(dir, file), mrSlice(i)));
    writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
    writeFileSync(stampPath, `${VERSION}\n`);
  }
  return { manifest, generated: !fresh };
}
