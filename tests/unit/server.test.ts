import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Server } from 'node:http';
import { resolvePath, startServer } from '../../server/index.mjs';

describe('static file paths', () => {
  test('serve studies, annotations and the build from their own folders', () => {
    expect(resolvePath('/studies/tumoral-calcinosis/manifest.json')).toMatch(/\/studies\/tumoral-calcinosis\/manifest\.json$/);
    expect(resolvePath('/')).toMatch(/\/dist\/index\.html$/);
  });
  test('refuse to leave their folder', () => {
    expect(resolvePath('/studies/../package.json')).toBeNull();
    expect(resolvePath('/studies/%2e%2e/%2e%2e/etc/passwd')).toBeNull();
    expect(resolvePath('/%00')).toBeNull();
    expect(resolvePath('/%E0%A4%A')).toBeNull();
  });
});

describe('server over HTTP', () => {
  let server: Server;
  let base: string;
  beforeAll(async () => {
    server = (await startServer(0, '127.0.0.1')) as Server;
    const address = server.address() as { port: number };
    base = `http://127.0.0.1:${address.port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  test('a missing file is a 404 that names the path', async () => {
    const res = await fetch(`${base}/studies/nope.dcm`);
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('/studies/nope.dcm');
  });
  test('only GET and HEAD are allowed', async () => {
    const res = await fetch(`${base}/`, { method: 'POST' });
    expect(res.status).toBe(405);
  });
  test('a traversal attempt is not served', async () => {
    const res = await fetch(`${base}/studies/..%2f..%2fpackage.json`);
    expect(res.status).toBe(404);
  });
});
