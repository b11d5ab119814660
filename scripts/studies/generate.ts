// `npm run studies`: renders every series of the tumoral calcinosis case and writes the DICOM files, the manifest,
// the ground truth, previews and a checksum list into studies/tumoral-calcinosis/. Deterministic: same bytes every run.
import { mkdirSync, writeFileSync, rmSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { CASE_ID } from './case';
import { PLANS, type SeriesPlan, type CrPlan, type MrPlan, type NmPlan, seriesInfo, renderCr, renderMrInstance, renderNm, radiographParts, pelvisGeometry, followUpPelvisGeometry, pelvisRepositioning, timepointOf } from './series';
import { patientModel } from './model/patient';
import { anatomyLabels, AIR } from './model/labeler';
import { projectedLength } from './modalities/radiograph';
import { type Region, type RegionContext, labelRegions, depositOf, encasementRegions, rasterRegions } from './output/groundtruth';
import { buildGroundTruth, type RegionSink } from './output/findings';
import { buildManifest } from './output/manifest';
import { encodeGreyPng, windowToGrey } from './util/png';
import { writeChecksums } from './output/checksums';
import { Tissue } from './model/tissues';
import { projectPoint } from './modalities/projection';
import { boneScanWindow } from './modalities/bonescan';
import { roiContains } from '../../src/annotations/measure';

export const OUTPUT_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../studies', CASE_ID);

const STRUCTURES = ['sciatic-nerve', 'gluteus-maximus', 'gluteus-medius', 'gluteus-minimus', 'quadratus-femoris', 'adductors', 'biceps-femoris', 'semitendinosus', 'semimembranosus'];

interface Preview {
  id: string;
  png: Buffer;
}

function ctxOf(p: SeriesPlan, sopInstanceUID: string, file: string, frame = 1): RegionContext {
  return { series: p.id, seriesInstanceUID: seriesInfo(p).uid, sopInstanceUID, file, frame };
}

function generateCr(p: CrPlan, sink: RegionSink, files: Map<string, string[]>): Preview {
  const { instance, image } = renderCr(p);
  writeInstance(instance.file, instance.bytes);
  files.set(p.id, [instance.file]);
  const parts = radiographParts(p);
  const ctx = ctxOf(p, instance.sopInstanceUID, instance.file);
  const stride = 4;
  const g = p.geometry;
  if (p.id.startsWith('ap-pelvis')) {
    for (const side of ['L', 'R'] as const) {
      const ids = parts.map((pt, i) => [pt, i] as const).filter(([pt]) => pt.side === side && pt.tissue !== Tissue.edema && /^(hip|gluteus-medius|quadratus-femoris)-/.test(pt.cluster ?? '')).map(([, i]) => i);
      const len = projectedLength(parts, ids, g, stride);
      sink('periarticular-calcification', rasterRegions(ctx, len, stride, 0.4, side, 5, 60));
    }
  } else {
    const ids = parts.map((pt, i) => [pt, i] as const).filter(([pt]) => pt.cluster === 'thigh-posterior-L' && pt.tissue !== Tissue.edema).map(([, i]) => i);
    sink('relapse-posterior-thigh-mass', rasterRegions(ctx, projectedLength(parts, ids, g, stride), stride, 0.4, 'L', 6, 60).slice(0, 1));
  }
  const factor = g.columns > 1500 ? 5 : 4;
  const v = windowToGrey(image.pixels, g.columns, g.rows, image.windowCenter, image.windowWidth, factor);
  return { id: p.id, png: encodeGreyPng(v.width, v.height, v.grey) };
}

function generateMr(p: MrPlan, sink: RegionSink, files: Map<string, string[]>): Preview {
  const parts = patientModel(timepointOf(p)).parts;
  const names: string[] = [];
  let preview: Preview | undefined;
  const mid = Math.floor(p.geometry.sliceCount / 2);
  for (let i = 0; i < p.geometry.sliceCount; i++) {
    const { instance, slice } = renderMrInstance(p, i);
    writeInstance(instance.file, instance.bytes);
    names.push(instance.file);
    const w = slice.grid.columns;
    const h = slice.grid.rows;
    const ctx = ctxOf(p, instance.sopInstanceUID, instance.file);
    const L = (select: Parameters<typeof labelRegions>[5], r: number, min: number, structure?: string) => labelRegions(ctx, slice.labels, w, h, parts, select, r, min, structure);
    // The muscles as they are beneath the edema, for the structures' outlines.
    const anatomy = anatomyLabels(slice.labels);
    const A = (select: Parameters<typeof labelRegions>[5], r: number, min: number, structure?: string) => labelRegions(ctx, anatomy, w, h, parts, select, r, min, structure);
    // The edema where the slice shows it (MrSlice.edema).
    const shownEdema = slice.labels.map((l, i) => (slice.edema[i] ? l : AIR));
    if (p.study === 'admission') {
      sink('gluteus-medius-involvement', L(depositOf('gluteus-medius'), 2, 3));
      sink('quadratus-femoris-involvement', L(depositOf('quadratus-femoris'), 2, 3));
      if (p.sequence === 'STIR') sink('perilesional-edema', labelRegions(ctx, shownEdema, w, h, parts, (pt) => pt.overlay === true, 1, 6));
      sink('sciatic-nerve-encasement', encasementRegions(ctx, slice.labels, slice.edema, w, h, parts, 'sciatic', 14, 2));
    } else {
      const mass = L(depositOf('thigh-posterior-L'), 3, 10);
      sink('relapse-posterior-thigh-mass', mass);
      if (mass.length > 0) {
        for (const m of ['biceps-femoris', 'semitendinosus', 'semimembranosus']) sink('hamstring-involvement', A((pt) => pt.structure === m, 1, 6, m));
        sink('relapse-sciatic-involvement', encasementRegions(ctx, slice.labels, slice.edema, w, h, parts, 'thigh-posterior-L', 16, 2));
      }
    }
    if (p.sequence === 'T1' && p.geometry.orientation === 'axial') {
      for (const s of STRUCTURES) sink(`structure:${s}`, A((pt) => pt.structure === s && pt.tissue !== Tissue.cortical, 1, 4));
    }
    if (i === mid) {
      const wc = p.sequence === 'T1' ? 760 : 620;
      const ww = p.sequence === 'T1' ? 1500 : 1250;
      const v = windowToGrey(slice.pixels, w, h, wc, ww, 1);
      preview = { id: p.id, png: encodeGreyPng(v.width, v.height, v.grey) };
    }
  }
  files.set(p.id, names);
  return preview!;
}

function generateNm(p: NmPlan, sink: RegionSink, files: Map<string, string[]>): Preview {
  const { instance, scan } = renderNm(p);
  writeInstance(instance.file, instance.bytes);
  files.set(p.id, [instance.file]);
  const g = p.geometry;
  const half = g.columns / 2;
  scan.diseaseOnly.forEach((d, f) => {
    const ctx = ctxOf(p, instance.sopInstanceUID, instance.file, f + 1);
    const max = d.data.reduce((a, b) => Math.max(a, b), 0);
    // Frame 1 is anterior (patient's left on the image right); frame 2 posterior (patient's left on the image left).
    const leftIsRight = f === 0;
    for (const side of ['L', 'R'] as const) {
      const onRightHalf = (side === 'L') === leftIsRight;
      sink('increased-uptake', rasterRegions(ctx, d, 1, 0.1 * max, side, 2, 20, (x) => (onRightHalf ? x >= half : x < half)));
    }
    if (f === 1) {
      let best = -1;
      let bi = 0;
      for (let i = 0; i < d.data.length; i++) if (i % g.columns < half && d.data[i]! > best) { best = d.data[i]!; bi = i; }
      const region = rasterRegions(ctx, d, 1, 0.6 * best, 'L', 1, 4, (x) => x < half);
      const point: [number, number] = [bi % g.columns, Math.floor(bi / g.columns)];
      // The outline is the region around the peak pixel (not merely the first region over the threshold).
      sink('uptake-maximum', region.filter((r) => roiContains('PlanarFreehandROI', r.polygon, point[0], point[1])).slice(0, 1).map((r) => ({ ...r, point })));
    }
  });
  // The file is MONOCHROME2 (the NM image IOD allows no other grey scale): the preview shows what a viewer shows by
  // default, counts white on black, in the window stored in the file.
  const [wc, ww] = boneScanWindow(scan.frames);
  const wv = scan.frames.map((fr) => windowToGrey(fr, g.columns, g.rows, wc, ww, 1));
  const w = wv[0]!.width;
  const h = wv[0]!.height;
  const grey = new Uint8Array(w * 2 * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
    grey[y * 2 * w + x] = wv[0]!.grey[y * w + x]!;
    grey[y * 2 * w + w + x] = wv[1]!.grey[y * w + x]!;
  }
  return { id: p.id, png: encodeGreyPng(2 * w, h, grey) };
}

function writeInstance(rel: string, bytes: Uint8Array): void {
  const path = join(OUTPUT_DIR, rel);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, bytes);
}

/** The labels' font, by file (Debian's fonts-dejavu-core), so the sheet is drawn alike wherever ImageMagick runs. */
const CONTACT_SHEET_FONT = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf';

function writeContactSheet(previews: Preview[]): void {
  const dir = join(OUTPUT_DIR, 'preview');
  const paths = previews.map((p) => join(dir, `${p.id}.png`));
  const args = ['-label', '%t', ...paths, '-tile', '5x2', '-geometry', '320x320+4+4', '-background', '#202020', '-fill', '#dddddd', '-font', CONTACT_SHEET_FONT, '-pointsize', '14', '-colorspace', 'Gray', '-depth', '8', join(dir, 'contact-sheet.png')];
  // SHA256SUMS lists the contact sheet and the READMEs show it: a run that cannot draw it fails.
  execFileSync('montage', args, { stdio: 'pipe' });
}

export function main(): void {
  const started = Date.now();
  if (existsSync(OUTPUT_DIR)) {
    for (const sub of ['admission', 'relapse', 'preview']) rmSync(join(OUTPUT_DIR, sub), { recursive: true, force: true });
  }
  mkdirSync(join(OUTPUT_DIR, 'preview'), { recursive: true });
  const regions = new Map<string, Region[]>();
  const sink: RegionSink = (key, rs) => {
    if (rs.length === 0) return;
    regions.set(key, [...(regions.get(key) ?? []), ...rs]);
  };
  const files = new Map<string, string[]>();
  const previews: Preview[] = [];
  for (const p of PLANS) {
    const t = Date.now();
    previews.push(p.kind === 'cr' ? generateCr(p, sink, files) : p.kind === 'mr' ? generateMr(p, sink, files) : generateNm(p, sink, files));
    console.log(`${p.id}: ${files.get(p.id)!.length} file(s), ${((Date.now() - t) / 1000).toFixed(1)} s`);
  }
  for (const pv of previews) writeFileSync(join(OUTPUT_DIR, 'preview', `${pv.id}.png`), pv.png);
  writeContactSheet(previews);
  const landmarks = pelvisLandmarks();
  writeFileSync(join(OUTPUT_DIR, 'ground-truth.json'), `${JSON.stringify(buildGroundTruth(regions, landmarks), null, 1)}\n`);
  writeFileSync(join(OUTPUT_DIR, 'manifest.json'), `${JSON.stringify(buildManifest(files), null, 2)}\n`);
  writeChecksums(OUTPUT_DIR);
  console.log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s → ${OUTPUT_DIR}`);
}

/** Anatomical landmarks projected into both AP pelvis images (the transform's check points). */
function pelvisLandmarks() {
  const points: [string, readonly [number, number, number]][] = [
    ['left femoral head centre', [88, 0, 0]],
    ['right femoral head centre', [-88, 0, 0]],
    ['pubic symphysis', [0, -46, -28]],
    ['sacral promontory', [0, 38, 118]],
    ['left iliac crest top', [100, 30, 160]],
  ];
  return {
    from: pelvisGeometry,
    to: followUpPelvisGeometry,
    repositioning: pelvisRepositioning,
    points: points.map(([name, p]) => ({ name, patient: p, from: projectPoint(pelvisGeometry, p), to: projectPoint(followUpPelvisGeometry, p) })),
  };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
