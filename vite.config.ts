// Build, dev server and test configuration: one file so the app and its tests see the same Cornerstone setup.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { playwright } from '@vitest/browser-playwright';
import { viteCommonjs } from '@originjs/vite-plugin-commonjs';
import { commands } from './tests/support/commands';
import { EMBED_ENTRY, EMBED_OUTPUT, EMBED_SOURCE, embedPages } from './scripts/embed-build';
import { radcaseApi } from './server/vite-plugin.mjs';

// Browser tests save teaching sets with this token, into a scratch copy of annotations/.
const testing = Boolean(process.env.VITEST);
if (testing) process.env.RADCASE_TEACHER_TOKEN ??= 'radcase-browser-tests';

// Debian's Chromium; browser downloads are impossible on our machines.
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-dev-shm-usage',
];

function browserProject(name: string, setupFiles: string[]) {
  return {
    extends: true as const,
    test: {
      name,
      include: ['tests/browser/**/*.test.ts'],
      setupFiles,
      testTimeout: 60_000,
      hookTimeout: 60_000,
      browser: {
        enabled: true,
        headless: true,
        screenshotFailures: false,
        commands,
        provider: playwright({
          launchOptions: { executablePath: chromiumPath, args: chromiumArgs },
        }),
        instances: [{ browser: 'chromium' as const, viewport: { width: 1400, height: 900 } }],
      },
    },
  };
}

export default defineConfig({
  plugins: [viteCommonjs(), embedPages(fileURLToPath(new URL('.', import.meta.url))), radcaseApi(testing ? { scratch: true, teacherToken: process.env.RADCASE_TEACHER_TOKEN } : {})],
  // The decode worker and its wasm codecs are resolved at run time; pre-bundling breaks their URLs.
  optimizeDeps: {
    exclude: ['@cornerstonejs/dicom-image-loader'],
    // Listed so the dev server bundles them before the first page load; one found later (the lazily
    // imported tools, say) makes Vite reload the page mid-test.
    include: ['dicom-parser', '@cornerstonejs/core', '@cornerstonejs/tools', '@cornerstonejs/metadata', '@cornerstonejs/adapters', 'dcmjs', 'pako', 'lit', 'lit/decorators.js', 'ajv/dist/2020', 'idb-keyval', 'polyclip-ts'],
  },
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 4000,
    // The app, and the <rc-figure> bundle for course pages at a stable URL (dist/embed/rc-figure.js).
    rolldownOptions: {
      input: { index: fileURLToPath(new URL('index.html', import.meta.url)), [EMBED_ENTRY]: fileURLToPath(new URL(EMBED_SOURCE, import.meta.url)) },
      output: { entryFileNames: (chunk) => (chunk.name === EMBED_ENTRY ? EMBED_OUTPUT : 'assets/[name]-[hash].js') },
    },
  },
  server: { fs: { allow: ['..'] } },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          environment: 'node',
          // Some read every study file; they share two cores with the browser tests.
          testTimeout: 60_000,
          include: ['tests/unit/**/*.test.ts'],
        },
      },
      // Every browser test runs twice: as it draws on this machine's software WebGL (Cornerstone's
      // CPU path, chosen automatically; see src/imaging/cornerstone.ts) and through WebGL, as it
      // draws for a user with a graphics card.
      browserProject('browser', []),
      browserProject('browser-gpu', ['tests/support/gpu-renderer.ts']),
    ],
  },
});
