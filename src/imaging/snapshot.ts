// PNG export of the image on screen for slides: every pixel of the image at its own resolution,
// shown through the current window, inversion and colour map, with the visible marks drawn on it.
import type { Types } from '@cornerstonejs/core';
import type { Annotation, ImagePoint } from '../annotations/model';
import { colourToRgba, greyscaleToRgba } from './render-pixels';
import { HOT_IRON_STOPS } from './viewport-controller';

export interface SnapshotDisplay {
  voi: { lower: number; upper: number } | null;
  /** Whether the greys are drawn turned over on screen (the user's invert combined with MONOCHROME1). */
  displayedInvert: boolean;
  hotIron: boolean;
}

export interface SnapshotMark {
  annotation: Annotation;
  colour: string;
  /** Shown beside the mark: its label or finding, and its measurement. */
  text: string;
  dashed?: boolean;
}

/** Draws the image through the display and returns the canvas (width × height = columns × rows). */
export function snapshotCanvas(image: Types.IImage, display: SnapshotDisplay, marks: SnapshotMark[]): HTMLCanvasElement {
  const { width, height } = image;
  const pixels = image.getPixelData();
  let rgba: Uint8ClampedArray;
  if (image.color) {
    rgba = colourToRgba(pixels, width * height, display.displayedInvert);
  } else {
    const scaled = Boolean(image.preScale?.scaled);
    const voi = display.voi ?? { lower: image.minPixelValue, upper: image.maxPixelValue };
    rgba = greyscaleToRgba(pixels, {
      slope: scaled ? 1 : image.slope,
      intercept: scaled ? 0 : image.intercept,
      voi,
      invert: display.displayedInvert,
      colormap: display.hotIron ? HOT_IRON_STOPS : undefined,
    });
  }
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('this browser gave no 2D canvas');
  ctx.putImageData(new ImageData(rgba as Uint8ClampedArray<ArrayBuffer>, width, height), 0, 0);
  drawMarks(ctx, marks, Math.max(width, height));
  return canvas;
}

export function canvasToPng(canvas: HTMLCanvasElement): Promise<Blob> {
  return new Promise((resolve, reject) => canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('the PNG encoder returned nothing'))), 'image/png'));
}

/** Pixel centres are integer coordinates; the canvas puts pixel (0, 0)'s centre at (0.5, 0.5). */
const at = ([x, y]: ImagePoint): [number, number] => [x + 0.5, y + 0.5];

function drawMarks(ctx: CanvasRenderingContext2D, marks: SnapshotMark[], size: number) {
  const line = Math.max(2, Math.round(size / 700));
  const font = Math.max(12, Math.round(size / 70));
  /** Label boxes already placed: a label that would cover one moves down, or is left out. */
  const placed: { x: number; y: number; w: number; h: number }[] = [];
  const labels: { text: string; x: number; y: number; colour: string }[] = [];
  const overlaps = (r: { x: number; y: number; w: number; h: number }) => placed.some((q) => r.x < q.x + q.w && q.x < r.x + r.w && r.y < q.y + q.h && q.y < r.y + r.h);
  ctx.lineJoin = 'round';
  ctx.lineCap = 'round';
  for (const { annotation: a, colour, text, dashed } of marks) {
    ctx.strokeStyle = colour;
    ctx.fillStyle = colour;
    ctx.lineWidth = line;
    ctx.setLineDash(dashed ? [line * 4, line * 3] : []);
    const p = a.points.map(at);
    ctx.beginPath();
    switch (a.kind) {
      case 'Length':
        ctx.moveTo(...p[0]);
        ctx.lineTo(...p[1]);
        break;
      case 'Angle':
        ctx.moveTo(...p[0]);
        ctx.lineTo(...p[1]);
        ctx.lineTo(...p[2]);
        break;
      case 'Bidirectional':
        ctx.moveTo(...p[0]);
        ctx.lineTo(...p[1]);
        ctx.moveTo(...p[2]);
        ctx.lineTo(...p[3]);
        break;
      case 'EllipticalROI': {
        const [top, bottom, left, right] = p;
        ctx.ellipse((left[0] + right[0]) / 2, (top[1] + bottom[1]) / 2, Math.abs(right[0] - left[0]) / 2, Math.abs(bottom[1] - top[1]) / 2, 0, 0, 2 * Math.PI);
        break;
      }
      case 'RectangleROI':
        ctx.rect(Math.min(p[0][0], p[1][0]), Math.min(p[0][1], p[1][1]), Math.abs(p[1][0] - p[0][0]), Math.abs(p[1][1] - p[0][1]));
        break;
      case 'PlanarFreehandROI':
        p.forEach((q, i) => (i === 0 ? ctx.moveTo(...q) : ctx.lineTo(...q)));
        ctx.closePath();
        break;
      case 'ArrowAnnotate': {
        const [tip, tail] = p;
        ctx.moveTo(...tail);
        ctx.lineTo(...tip);
        const angle = Math.atan2(tip[1] - tail[1], tip[0] - tail[0]);
        const head = line * 6;
        for (const side of [-1, 1]) {
          ctx.moveTo(...tip);
          ctx.lineTo(tip[0] - head * Math.cos(angle + side * 0.45), tip[1] - head * Math.sin(angle + side * 0.45));
        }
        break;
      }
      case 'Probe':
        ctx.arc(p[0][0], p[0][1], line * 3, 0, 2 * Math.PI);
        break;
    }
    ctx.stroke();
    if (!text) continue;
    // The text sits just right of the mark's top, inside the image and clear of the other labels,
    // with a dark rim so it reads on any grey.
    ctx.setLineDash([]);
    ctx.font = `600 ${font}px system-ui, sans-serif`;
    const width = ctx.measureText(text).width;
    const ys = p.map((q) => q[1]);
    const top = p[ys.indexOf(Math.min(...ys))];
    const x = Math.max(line, Math.min(ctx.canvas.width - width - line, top[0] + line * 4));
    let y = Math.max(font, Math.min(...ys) - line * 2);
    let box = { x, y: y - font, w: width, h: font * 1.25 };
    for (let tries = 0; overlaps(box) && tries < 6; tries++) {
      y += font * 1.25;
      box = { x, y: y - font, w: width, h: font * 1.25 };
    }
    if (overlaps(box) || y > Math.max(...ys) + font * 2 || y > ctx.canvas.height) continue;
    placed.push(box);
    labels.push({ text, x, y, colour });
  }
  // Labels last, over every outline.
  ctx.setLineDash([]);
  ctx.font = `600 ${font}px system-ui, sans-serif`;
  ctx.lineWidth = Math.max(3, font / 5);
  for (const { text, x, y, colour } of labels) {
    ctx.strokeStyle = '#000000';
    ctx.fillStyle = colour;
    ctx.strokeText(text, x, y);
    ctx.fillText(text, x, y);
  }
}
