// Vite plugin for embedding figures in course pages: the <rc-figure> bundle at a stable URL
// (/embed/rc-figure.js) and the example lesson pages at /lessons/, the same in dev and in the build.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Plugin } from 'vite';

/** The embed bundle's source, its rollup entry name and the file it is built to (under dist/). */
export const EMBED_SOURCE = 'src/embed/rc-figure.ts';
export const EMBED_ENTRY = 'rc-figure';
export const EMBED_OUTPUT = 'embed/rc-figure.js';
/** Where the lesson pages are written, and the URL folder they are served from. */
const LESSONS_SOURCE = 'src/embed/lessons';
const LESSONS_URL = '/lessons/';

/**
 * Lesson pages are plain HTML that load the embed bundle exactly as a teacher's own page would (one
 * script tag, `/embed/rc-figure.js`), so they are copied as they are rather than built as Vite pages,
 * which would replace that tag with a bundle of their own. In dev both URLs are mapped to the sources.
 */
export function embedPages(root: string): Plugin {
  return {
    name: 'radcase-embed-pages',
    // In dev the bundle's URL is its source module: Vite serves (and transforms) it under that URL.
    resolveId(id) {
      return id === `/${EMBED_OUTPUT}` ? join(root, EMBED_SOURCE) : null;
    },
    configureServer(server) {
      server.middlewares.use((req, _res, next) => {
        const [path, search = ''] = (req.url ?? '').split(/(?=\?)/);
        if (path.startsWith(LESSONS_URL) && path.endsWith('.html')) req.url = `/${LESSONS_SOURCE}/${path.slice(LESSONS_URL.length)}${search}`;
        next();
      });
    },
    // Vitest's browser mode serves every module with its dynamic imports wrapped in a hook that only
    // its own test frames define; a lesson page opened in a frame by a browser test gets the same
    // pass-through stub that Vitest gives web workers.
    transformIndexHtml(_html, context) {
      if (!process.env.VITEST || !context.path.startsWith(`/${LESSONS_SOURCE}/`)) return;
      return [{ tag: 'script', children: 'globalThis.__vitest_browser_runner__ ??= { wrapDynamicImport: (load) => load() };', injectTo: 'head-prepend' }];
    },
    generateBundle() {
      const folder = join(root, LESSONS_SOURCE);
      for (const name of readdirSync(folder).filter((n) => n.endsWith('.html'))) {
        this.emitFile({ type: 'asset', fileName: `${LESSONS_URL.slice(1)}${name}`, source: readFileSync(join(folder, name)) });
      }
    },
  };
}
