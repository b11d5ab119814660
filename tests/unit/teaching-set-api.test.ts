// The viewer's client for the annotation API (src/app/teaching-set-api.ts) against the real server
// over HTTP, on a temporary copy of annotations/: every outcome a teacher's save can have.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { cpSync, mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, type RadcaseServer } from '../../server/index.mjs';
import { readTeachingSet, saveTeachingSet } from '../../src/app/teaching-set-api';

const repo = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const TOKEN = 'client-test-token-0123456789';
let server: RadcaseServer;
let url: string;
let staticHost: Server;
let staticUrl: string;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'radcase-client-'));
  cpSync(join(repo, 'annotations'), join(dir, 'annotations'), { recursive: true });
  server = await startServer(0, '127.0.0.1', { annotationsDir: join(dir, 'annotations'), teacherToken: TOKEN });
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}/api/cases/tumoral-calcinosis/annotations/expert`;
  // A plain static host: its 404 is a page, not JSON.
  staticHost = createServer((_req, res) => res.writeHead(404, { 'Content-Type': 'text/html' }).end('<h1>Not found</h1>'));
  await new Promise<void>((r) => staticHost.listen(0, '127.0.0.1', r));
  staticUrl = `http://127.0.0.1:${(staticHost.address() as { port: number }).port}/api/cases/tumoral-calcinosis/annotations/expert`;
});

afterAll(async () => {
  await new Promise((r) => server.close(r));
  await new Promise((r) => staticHost.close(r));
});

type Doc = { annotations: { id: string; label?: string }[] };

describe('teaching set client', () => {
  test('reads the set with its ETag', async () => {
    const read = await readTeachingSet(url);
    expect(read.kind).toBe('read');
    if (read.kind !== 'read') return;
    expect(read.etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    expect((read.document as Doc).annotations.length).toBeGreaterThan(100);
  });

  test('says there is no API on a static host, and a missing set is missing', async () => {
    const none = await readTeachingSet(staticUrl);
    expect(none.kind).toBe('unavailable');
    if (none.kind === 'unavailable') expect(none.reason).toContain('no annotation API');
    expect((await readTeachingSet(url.replace(/expert$/, 'nothing-here'))).kind).toBe('missing');
  });

  test('a wrong token is refused; the right one saves and returns the new ETag', async () => {
    const read = await readTeachingSet(url);
    if (read.kind !== 'read') throw new Error(read.kind);
    const doc = read.document as Doc;
    doc.annotations[0].label = 'Relabelled by the client test';
    const refused = await saveTeachingSet(url, doc, read.etag, 'wrong');
    expect(refused.kind).toBe('refused-token');
    const saved = await saveTeachingSet(url, doc, read.etag, TOKEN);
    expect(saved.kind).toBe('saved');
    const again = await readTeachingSet(url);
    expect(again.kind === 'read' && again.etag).toBe(saved.kind === 'saved' && saved.etag);
    expect(again.kind === 'read' && (again.document as Doc).annotations[0].label).toBe('Relabelled by the client test');
  });

  test('a save over a stale ETag is a conflict carrying the version that won', async () => {
    const first = await readTeachingSet(url);
    if (first.kind !== 'read') throw new Error(first.kind);
    const theirs = structuredClone(first.document) as Doc;
    theirs.annotations[1].label = 'Theirs';
    const won = await saveTeachingSet(url, theirs, first.etag, TOKEN);
    expect(won.kind).toBe('saved');
    const mine = structuredClone(first.document) as Doc;
    mine.annotations[1].label = 'Mine';
    const lost = await saveTeachingSet(url, mine, first.etag, TOKEN);
    expect(lost.kind).toBe('conflict');
    if (lost.kind !== 'conflict') return;
    expect(lost.etag).toBe(won.kind === 'saved' && won.etag);
    expect((lost.current as Doc).annotations[1].label).toBe('Theirs');
  });

  test('a set the schema refuses comes back with its problems', async () => {
    const read = await readTeachingSet(url);
    if (read.kind !== 'read') throw new Error(read.kind);
    const broken = { ...(read.document as object), annotations: [{ id: 'x', kind: 'Nonsense' }] };
    const outcome = await saveTeachingSet(url, broken, read.etag, TOKEN);
    expect(outcome.kind).toBe('invalid');
    if (outcome.kind === 'invalid') expect(outcome.problems.join(' ')).toMatch(/kind|required/);
  });

  test('a server that cannot be reached is a failure with its reason', async () => {
    const outcome = await saveTeachingSet('http://127.0.0.1:9/api/cases/x/annotations/expert', {}, null, TOKEN);
    expect(outcome.kind).toBe('failed');
  });
});
