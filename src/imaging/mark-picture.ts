// Panning or zooming an image that carries hundreds of marks: Cornerstone would redraw every mark's
// SVG every frame (about 60 ms a frame for 500 marks here). While the drag lasts, a still copy of
// the marks follows the camera as one picture, moved by a CSS transform; when the button is
// released the marks are drawn again for real, where the picture left them.
import { Enums, type Types } from '@cornerstonejs/core';
import type { ViewportTools } from './tools';

type Point2 = [number, number];

export class MarkPicture {
  private buttonDown = false;
  private picture: SVGElement | null = null;
  private layer: SVGElement | null = null;
  private anchors: [Types.Point3, Types.Point3] | null = null;
  private readonly cleanups: (() => void)[] = [];

  /** `crowded` says whether the image on screen carries enough marks for this to pay. */
  constructor(
    private readonly element: HTMLDivElement,
    private readonly viewport: Types.IStackViewport,
    private readonly tools: ViewportTools,
    private readonly crowded: () => boolean,
  ) {
    const on = (target: EventTarget, type: string, handler: (e: Event) => void, capture = false) => {
      target.addEventListener(type, handler, capture);
      this.cleanups.push(() => target.removeEventListener(type, handler, capture));
    };
    // Any press in the page: a synchronised pane follows a drag that starts in another one.
    on(window, 'mousedown', () => this.onButtonDown(), true);
    on(window, 'mouseup', () => {
      this.buttonDown = false;
      this.dragCrowded = null;
      this.end();
    });
    on(element, Enums.Events.CAMERA_MODIFIED, () => this.onCamera());
    // On the CPU path the canvas transform is worked out when the image is drawn, after the camera
    // event: the picture is placed again then, or it would trail the image by one step.
    on(element, Enums.Events.IMAGE_RENDERED, () => this.follow());
    // Another image: its own marks must be drawn, not this one's picture, for the rest of the drag.
    on(element, Enums.Events.STACK_NEW_IMAGE, () => {
      this.end();
      if (this.buttonDown) this.dragCrowded = false;
    });
  }

  destroy() {
    this.end();
    for (const c of this.cleanups.splice(0)) c();
  }

  /** Where the marks on screen were drawn from: two world points under canvas (0, 0) and (100, 0). */
  private drawnAt: [Types.Point3, Types.Point3] | null = null;

  private onButtonDown() {
    this.buttonDown = true;
    if (!this.viewport.getCurrentImageId()) return;
    // Read before the drag moves the camera: the marks on screen were drawn for this one.
    const a = this.viewport.canvasToWorld([0, 0]);
    const b = this.viewport.canvasToWorld([100, 0]);
    this.drawnAt = a && b ? [a, b] : null;
  }

  /** Whether this drag moves a picture: decided once, at its first camera change. */
  private dragCrowded: boolean | null = null;

  private onCamera() {
    if (this.buttonDown && this.dragCrowded === null) this.dragCrowded = this.crowded();
    if (!this.picture && this.buttonDown && this.dragCrowded) this.start();
    if (this.picture) this.follow();
  }

  private start() {
    const layer = this.element.querySelector<SVGElement>('svg.svg-layer');
    if (!layer || !this.drawnAt) return;
    const picture = layer.cloneNode(true) as SVGElement;
    picture.removeAttribute('id');
    picture.classList.remove('svg-layer');
    picture.dataset.markPicture = '';
    picture.style.transformOrigin = '0 0';
    // Its own compositor layer: rasterised once, then only moved.
    picture.style.willChange = 'transform';
    layer.after(picture);
    layer.style.visibility = 'hidden';
    this.layer = layer;
    this.picture = picture;
    this.anchors = this.drawnAt;
    this.tools.holdMarks(true);
  }

  /** Moves the picture so that the anchors sit where the camera now shows them. */
  private follow() {
    if (!this.picture || !this.anchors) return;
    const [a, b] = this.anchors.map((p) => this.viewport.worldToCanvas(p) as Point2);
    const [dx, dy] = [(b[0] - a[0]) / 100, (b[1] - a[1]) / 100];
    this.picture.style.transform = `matrix(${dx}, ${dy}, ${-dy}, ${dx}, ${a[0]}, ${a[1]})`;
  }

  private end() {
    const picture = this.picture;
    if (!picture) return;
    this.picture = null;
    this.anchors = null;
    this.tools.holdMarks(false);
    // The picture goes once the real marks are drawn again (next frame), so nothing flickers.
    const layer = this.layer;
    this.layer = null;
    const remove = () => {
      picture.remove();
      if (layer) layer.style.visibility = '';
    };
    this.element.addEventListener('CORNERSTONE_TOOLS_ANNOTATION_RENDERED', remove, { once: true });
    setTimeout(remove, 500);
  }
}
