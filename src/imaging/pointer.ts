// Where the pointer is on a viewport's image, in image pixel coordinates, and the viewport events
// after which its display facts change: for components that read the image under the pointer.
import { Enums, type Types } from '@cornerstonejs/core';
import type { ImagePoint } from '../annotations/model';
import type { ViewportController } from './viewport-controller';

/**
 * The image point (column, row; integers at pixel centres) under a client position, and how many
 * image pixels one CSS pixel spans there; null when no image is shown.
 */
export function imagePointAt(controller: ViewportController, clientX: number, clientY: number): { point: ImagePoint; pixelsPerCssPixel: number } | null {
  const viewport = controller.viewport;
  const imageData = viewport.getImageData?.()?.imageData;
  const worldToIndex = imageData?.worldToIndex?.bind(imageData);
  if (!worldToIndex) return null;
  const rect = controller.element.getBoundingClientRect();
  const toIndex = (x: number, y: number) => worldToIndex(viewport.canvasToWorld([x - rect.left, y - rect.top] as Types.Point2)) as number[];
  const [column, row] = toIndex(clientX, clientY);
  const [nextColumn, nextRow] = toIndex(clientX + 1, clientY);
  if (![column, row].every(Number.isFinite)) return null;
  return { point: [column, row], pixelsPerCssPixel: Math.hypot(nextColumn - column, nextRow - row) || 1 };
}

/** Calls `listener` after every render, window change or camera change of the viewport on `element`. */
export function onViewChanged(element: HTMLElement, listener: () => void): () => void {
  const types = [Enums.Events.IMAGE_RENDERED, Enums.Events.VOI_MODIFIED, Enums.Events.CAMERA_MODIFIED];
  for (const type of types) element.addEventListener(type, listener);
  return () => {
    for (const type of types) element.removeEventListener(type, listener);
  };
}
