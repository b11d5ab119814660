// Browser-test commands that run in Node and drive Playwright's real mouse and keyboard.
// Coordinates come from the test page (inside Vitest's iframe) and are shifted to the top page.
import type { BrowserCommand } from 'vitest/node';
import { encodeFixture, type EncodedFixture, type FixtureEncoding } from '../fixtures/encode-fixtures';

type Point = { x: number; y: number };
type Button = 'left' | 'middle' | 'right';

// The Playwright page of the provider's command context (typed loosely: provider internals).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const pageOf = (context: any) => context.page as import('playwright-core').Page;

/** Where the test iframe sits on the top page, and how much Vitest has scaled it down to fit. */
async function frameOffset(context: unknown): Promise<Point & { scale: number }> {
  const frame = await pageOf(context).$('iframe[data-vitest="true"]');
  const box = frame ? await frame.boundingBox() : null;
  if (!frame || !box) return { x: 0, y: 0, scale: 1 };
  const width = await frame.evaluate((el) => (el as HTMLElement).offsetWidth);
  return { x: box.x, y: box.y, scale: width > 0 ? box.width / width : 1 };
}

const toPage = (offset: Point & { scale: number }, p: Point) => ({ x: offset.x + p.x * offset.scale, y: offset.y + p.y * offset.scale });

/** Presses a mouse button at `from`, moves in `steps` to `to`, and releases. */
export const pointerDrag: BrowserCommand<[from: Point, to: Point, options?: { button?: Button; steps?: number; modifiers?: string[] }]> = async (
  context,
  from,
  to,
  options = {},
) => {
  const page = pageOf(context);
  const offset = await frameOffset(context);
  for (const key of options.modifiers ?? []) await page.keyboard.down(key);
  const a = toPage(offset, from);
  const b = toPage(offset, to);
  await page.mouse.move(a.x, a.y);
  await page.mouse.down({ button: options.button ?? 'left' });
  await page.mouse.move(b.x, b.y, { steps: options.steps ?? 8 });
  await page.mouse.up({ button: options.button ?? 'left' });
  for (const key of options.modifiers ?? []) await page.keyboard.up(key);
};

/** Turns the mouse wheel over `at`, optionally with modifier keys held. */
export const pointerWheel: BrowserCommand<[at: Point, deltaY: number, options?: { modifiers?: string[]; times?: number }]> = async (
  context,
  at,
  deltaY,
  options = {},
) => {
  const page = pageOf(context);
  const offset = await frameOffset(context);
  const p = toPage(offset, at);
  await page.mouse.move(p.x, p.y);
  for (const key of options.modifiers ?? []) await page.keyboard.down(key);
  for (let i = 0; i < (options.times ?? 1); i++) {
    await page.mouse.wheel(0, deltaY);
    await new Promise((r) => setTimeout(r, 60));
  }
  for (const key of options.modifiers ?? []) await page.keyboard.up(key);
};

/** Moves the mouse to a point with no button pressed (hovering), in a few steps as a hand would. */
export const pointerMove: BrowserCommand<[to: Point, options?: { steps?: number }]> = async (context, to, options = {}) => {
  const page = pageOf(context);
  const offset = await frameOffset(context);
  const p = toPage(offset, to);
  await page.mouse.move(p.x, p.y, { steps: options.steps ?? 4 });
};

/** Clicks at a point. */
export const pointerClick: BrowserCommand<[at: Point, options?: { button?: Button }]> = async (context, at, options = {}) => {
  const page = pageOf(context);
  const offset = await frameOffset(context);
  const p = toPage(offset, at);
  await page.mouse.click(p.x, p.y, { button: options.button ?? 'left' });
};

/** Re-encodes a DICOM file (base64) with dcmtk or gdcm in Node and returns it with the transfer syntax written. */
/** Presses or releases a mouse button where the mouse is, to inspect the page in the middle of a drag. */
export const pointerButton: BrowserCommand<[action: 'down' | 'up', options?: { button?: Button }]> = async (context, action, options = {}) => {
  const mouse = pageOf(context).mouse;
  await (action === 'down' ? mouse.down({ button: options.button ?? 'left' }) : mouse.up({ button: options.button ?? 'left' }));
};

export const encodeDicom: BrowserCommand<[base64: string, encoding: FixtureEncoding]> = async (_context, base64, encoding) =>
  encodeFixture(Buffer.from(base64, 'base64'), encoding);

/** The teacher token the dev server's annotation API accepts in browser tests (vite.config.ts). */
export const teacherToken: BrowserCommand<[]> = async () => process.env.RADCASE_TEACHER_TOKEN ?? '';

export const commands = { pointerDrag, pointerWheel, pointerClick, pointerMove, pointerButton, encodeDicom, teacherToken };

declare module 'vitest/browser' {
  interface BrowserCommands {
    pointerDrag: (from: Point, to: Point, options?: { button?: Button; steps?: number; modifiers?: string[] }) => Promise<void>;
    pointerWheel: (at: Point, deltaY: number, options?: { modifiers?: string[]; times?: number }) => Promise<void>;
    pointerClick: (at: Point, options?: { button?: Button }) => Promise<void>;
    pointerMove: (to: Point, options?: { steps?: number }) => Promise<void>;
  }
}

declare module 'vitest/browser' {
  interface BrowserCommands {
    encodeDicom: (base64: string, encoding: FixtureEncoding) => Promise<EncodedFixture>;
    teacherToken: () => Promise<string>;
    pointerButton: (action: 'down' | 'up', options?: { button?: Button }) => Promise<void>;
  }
}
