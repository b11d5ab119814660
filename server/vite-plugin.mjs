// Puts the server's annotation API (and the annotation sets it saves) on Vite's dev server, so that
// `npm run dev` and the browser tests save a teaching set through the same code as `npm start`.
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequestHandler } from './index.mjs';

const repoAnnotations = fileURLToPath(new URL('../annotations', import.meta.url));

/**
 * options.scratch: work on a fresh copy of annotations/ (one per dev server), so tests never write
 * the repository's files; otherwise saves go to annotations/ itself, as with `npm start`.
 */
export function radcaseApi(options = {}) {
  return {
    name: 'radcase-annotation-api',
    configureServer(server) {
      let annotationsDir = repoAnnotations;
      if (options.scratch) {
        annotationsDir = mkdtempSync(join(tmpdir(), 'radcase-annotations-'));
        cpSync(repoAnnotations, annotationsDir, { recursive: true });
      }
      const { handle, token } = createRequestHandler({ annotationsDir, teacherToken: options.teacherToken, only: ['/annotations/'] });
      // Only the API and the sets themselves: Vite serves every other file (the schema the app
      // imports as a module lives under annotations/ too).
      const SET_FILE = /^\/annotations\/[a-z0-9-]+\/[a-z0-9-]+\.json$/;
      server.middlewares.use((req, res, next) => {
        const [path, query] = (req.url ?? '').split('?');
        const ours = path === '/api' || path.startsWith('/api/') || (SET_FILE.test(path) && !query);
        if (!ours) return next();
        void handle(req, res, next);
      });
      if (!options.scratch && !options.teacherToken) server.config.logger.info(`  Teacher token (saves expert sets): ${token}`);
    },
  };
}
