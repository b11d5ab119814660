// The annotation API of server/index.mjs over real HTTP, against a temporary copy of annotations/
// (the repository's own files are never written).
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { etagOf, startServer, type RadcaseServer } from '../../server/index.mjs';

const repo = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const TOKEN = 'test-teacher-token-0123456789abcdef';
const CASE = 'tumoral-calcinosis';
const EXPERT_PATH = `/api/cases/${CASE}/annotations/expert`;

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: () => any;
}

/** A raw HTTP request: the path goes out exactly as written (fetch would normalize "..", "%2e%2e"). */
function send(port: number, method: string, path: string, headers: Record<string, string> = {}, body?: string | Buffer): Promise<Reply> {
  return new Promise((resolveReply, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolveReply({ status: res.statusCode ?? 0, headers: res.headers, text, json: () => JSON.parse(text) });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

const teacher = (etag?: string) => ({
  Authorization: `Bearer ${TOKEN}`,
  'Content-Type': 'application/json',
  ...(etag ? { 'If-Match': etag } : {}),
});

function copyAnnotations(): string {
  const dir = mkdtempSync(join(tmpdir(), 'radcase-api-'));
  cpSync(join(repo, 'annotations'), join(dir, 'annotations'), { recursive: true });
  return join(dir, 'annotations');
}

function expectSecurityHeaders(headers: Reply['headers']) {
  expect(headers['content-security-policy']).toContain("default-src 'self'");
  expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['referrer-policy']).toBe('no-referrer');
  expect(headers['x-frame-options']).toBe('DENY');
  // No COOP on purpose: see server/README.md (it costs a process swap before the first image).
  expect(headers['cross-origin-opener-policy']).toBeUndefined();
}

describe('annotation API', () => {
  let server: RadcaseServer;
  let port: number;
  let dataDir: string;
  let expertFile: string;
  let original: Buffer;

  beforeAll(async () => {
    dataDir = copyAnnotations();
    expertFile = join(dataDir, CASE, 'expert.json');
    original = readFileSync(expertFile);
    server = await startServer(0, '127.0.0.1', { annotationsDir: dataDir, teacherToken: TOKEN });
    port = (server.address() as { port: number }).port;
  });
  afterAll(async () => {
    await new Promise<void>((r) => server.close(() => r()));
    rmSync(resolve(dataDir, '..'), { recursive: true, force: true });
  });

  /** The stored expert set and its ETag, straight from the API. */
  async function current() {
    const res = await send(port, 'GET', EXPERT_PATH);
    return { etag: String(res.headers.etag), set: res.json() };
  }
  const edited = (set: any, title: string) => JSON.stringify({ ...set, title: { en: title, es: title } });

  test('reads the expert set for everyone, with a strong ETag of the stored bytes', async () => {
    const res = await send(port, 'GET', EXPERT_PATH);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.headers.etag).toBe(etagOf(original));
    expect(res.headers.etag).not.toMatch(/^W\//);
    expect(res.text).toBe(original.toString('utf8'));
    const again = await send(port, 'GET', EXPERT_PATH, { 'If-None-Match': String(res.headers.etag) });
    expect(again.status).toBe(304);
    const list = await send(port, 'GET', `/api/cases/${CASE}/annotations`);
    expect(list.json().sets).toEqual([{ set: 'expert', etag: etagOf(original), bytes: original.length }]);
  });

  test('a set that does not exist is a 404 with a JSON error', async () => {
    const res = await send(port, 'GET', `/api/cases/${CASE}/annotations/nobody`);
    expect(res.status).toBe(404);
    expect(res.json().error).toContain('nobody');
  });

  test('saving needs the teacher token: 401 without it, 403 with a wrong one, nothing written', async () => {
    const { etag, set } = await current();
    const body = edited(set, 'intruder');
    const none = await send(port, 'PUT', EXPERT_PATH, { 'Content-Type': 'application/json', 'If-Match': etag }, body);
    expect(none.status).toBe(401);
    expect(none.headers['www-authenticate']).toMatch(/^Bearer/);
    expect(none.json().error).toMatch(/teacher token/);
    const wrong = await send(port, 'PUT', EXPERT_PATH, { ...teacher(etag), Authorization: 'Bearer not-the-token' }, body);
    expect(wrong.status).toBe(403);
    const basic = await send(port, 'PUT', EXPERT_PATH, { ...teacher(etag), Authorization: `Basic ${TOKEN}` }, body);
    expect(basic.status).toBe(401);
    expect((await current()).etag).toBe(etag);
  });

  test('saving needs If-Match (428); a save with the current ETag replaces the file trainees load', async () => {
    const { etag, set } = await current();
    const missing = await send(port, 'PUT', EXPERT_PATH, teacher(), edited(set, 'no precondition'));
    expect(missing.status).toBe(428);
    const star = await send(port, 'PUT', EXPERT_PATH, { ...teacher(), 'If-Match': '*' }, edited(set, 'blind'));
    expect(star.status).toBe(428);

    const saved = await send(port, 'PUT', EXPERT_PATH, teacher(etag), edited(set, 'Revised marks'));
    expect(saved.status).toBe(200);
    const newTag = String(saved.headers.etag);
    expect(newTag).not.toBe(etag);
    expect(saved.json()).toMatchObject({ caseId: CASE, set: 'expert', etag: newTag });
    const onDisk = readFileSync(expertFile);
    expect(etagOf(onDisk)).toBe(newTag);
    expect(JSON.parse(onDisk.toString('utf8')).title.en).toBe('Revised marks');
    // The static URL the app reads, gzipped or not, now serves the new version.
    const plain = await send(port, 'GET', `/annotations/${CASE}/expert.json`);
    expect(JSON.parse(plain.text).title.en).toBe('Revised marks');
    const zipped = await fetch(`http://127.0.0.1:${port}/annotations/${CASE}/expert.json`);
    expect((await zipped.json()).title.en).toBe('Revised marks');
  });

  test('a stale ETag is refused with 412, the current ETag and document; nothing is overwritten', async () => {
    const first = await current();
    const ok = await send(port, 'PUT', EXPERT_PATH, teacher(first.etag), edited(first.set, 'Teacher A'));
    expect(ok.status).toBe(200);
    const before = readFileSync(expertFile);
    const stale = await send(port, 'PUT', EXPERT_PATH, teacher(first.etag), edited(first.set, 'Teacher B'));
    expect(stale.status).toBe(412);
    expect(stale.headers.etag).toBe(ok.headers.etag);
    const body = stale.json();
    expect(body.error).toMatch(/changed since you loaded it/);
    expect(body.etag).toBe(ok.headers.etag);
    expect(body.current.title.en).toBe('Teacher A');
    expect(readFileSync(expertFile).equals(before)).toBe(true);
  });

  test('of simultaneous saves with the same If-Match exactly one wins', async () => {
    const { etag, set } = await current();
    const n = 8;
    const replies = await Promise.all(
      Array.from({ length: n }, (_, i) => send(port, 'PUT', EXPERT_PATH, teacher(etag), edited(set, `racer ${i}`))),
    );
    const winners = replies.filter((r) => r.status === 200);
    expect(winners).toHaveLength(1);
    expect(replies.filter((r) => r.status === 412)).toHaveLength(n - 1);
    const stored = readFileSync(expertFile);
    expect(etagOf(stored)).toBe(winners[0].headers.etag);
    const winner = replies.indexOf(winners[0]);
    expect(JSON.parse(stored.toString('utf8')).title.en).toBe(`racer ${winner}`);
  });

  test('malformed JSON is a 400 naming the parse error', async () => {
    const { etag } = await current();
    const res = await send(port, 'PUT', EXPERT_PATH, teacher(etag), '{"schema": "radcase.annotations/1",');
    expect(res.status).toBe(400);
    expect(res.json().error).toMatch(/not valid JSON: .+/);
    const type = await send(port, 'PUT', EXPERT_PATH, { ...teacher(etag), 'Content-Type': 'text/plain' }, '{}');
    expect(type.status).toBe(415);
  });

  test('a set the schema rejects, or for another case or set, is refused with its problems', async () => {
    const { etag, set } = await current();
    const before = readFileSync(expertFile);
    const broken = structuredClone(set);
    broken.annotations[0].kind = 'Scribble';
    broken.annotations[1].points = [];
    broken.extra = true;
    const res = await send(port, 'PUT', EXPERT_PATH, teacher(etag), JSON.stringify(broken));
    expect(res.status).toBe(422);
    const { error, problems } = res.json();
    expect(error).toMatch(/not valid/);
    expect(problems.some((p: string) => p.startsWith('/annotations/0/kind'))).toBe(true);
    expect(problems.some((p: string) => p.startsWith('/annotations/1/points'))).toBe(true);
    expect(problems.some((p: string) => p.includes('"extra"'))).toBe(true);

    const elsewhere = await send(port, 'PUT', EXPERT_PATH, teacher(etag), JSON.stringify({ ...set, caseId: 'other-case', set: 'mine' }));
    expect(elsewhere.status).toBe(422);
    expect(elsewhere.json().problems).toEqual([
      'caseId "other-case" does not match the URL\'s case "tumoral-calcinosis"',
      'set "mine" does not match the URL\'s set "expert"',
    ]);
    const duplicate = structuredClone(set);
    duplicate.annotations[1].id = duplicate.annotations[0].id;
    const dup = await send(port, 'PUT', EXPERT_PATH, teacher(etag), JSON.stringify(duplicate));
    expect(dup.status).toBe(422);
    expect(dup.json().problems[0]).toMatch(/annotation 2 .*used more than once/);
    expect(readFileSync(expertFile).equals(before)).toBe(true);
  });

  test('a body over 5 MB is refused with 413, declared or streamed', async () => {
    const { etag } = await current();
    const huge = `{"pad":"${'x'.repeat(5 * 1024 * 1024)}"}`;
    const declared = await send(port, 'PUT', EXPERT_PATH, teacher(etag), huge);
    expect(declared.status).toBe(413);
    expect(declared.json().error).toMatch(/larger than the limit/);
    const streamed = await new Promise<number>((resolveStatus, reject) => {
      const req = request({ host: '127.0.0.1', port, method: 'PUT', path: EXPERT_PATH, headers: teacher(etag) }, (res) => {
        res.resume();
        resolveStatus(res.statusCode ?? 0);
      });
      req.on('error', reject);
      for (let i = 0; i < 6; i++) req.write('x'.repeat(1024 * 1024));
      req.end();
    });
    expect(streamed).toBe(413);
    expect((await current()).etag).toBe(etag);
  });

  test('ids that are not plain lower-case names are refused: no traversal, no absolute paths', async () => {
    const { etag, set } = await current();
    const paths = [
      '/api/cases/../annotations/expert',
      '/api/cases/%2e%2e/annotations/expert',
      `/api/cases/${CASE}/annotations/..`,
      `/api/cases/${CASE}/annotations/%2e%2e%2fschema%2fradcase`,
      `/api/cases/${CASE}/annotations/..%2f..%2f..%2fpackage`,
      '/api/cases/%2fetc/annotations/passwd',
      '/api/cases//etc/annotations/passwd',
      `/api/cases/${CASE}/annotations//tmp/evil`,
      '/api/cases/Tumoral-Calcinosis/annotations/expert',
      `/api/cases/${CASE}/annotations/expert.json`,
      `/api/cases/${CASE}/annotations/-expert`,
      `/api/cases/${CASE}/annotations/${'a'.repeat(65)}`,
      '/api/cases/schema/annotations/expert',
      `/api/cases/${CASE}/annotations/exp%00ert`,
    ];
    const listing = () => readdirSync(dataDir, { recursive: true }).sort();
    const filesBefore = listing();
    for (const path of paths) {
      const res = await send(port, 'PUT', path, { ...teacher(etag), 'If-None-Match': '*' }, JSON.stringify(set));
      expect([400, 404], path).toContain(res.status);
      expect(typeof res.json().error, path).toBe('string');
    }
    expect(listing()).toEqual(filesBefore);
    const read = await send(port, 'GET', '/api/cases/%2e%2e/annotations/package');
    expect(read.status).toBe(400);
  });

  test('a new set is created with If-None-Match: *, once', async () => {
    const body = JSON.stringify({ schema: 'radcase.annotations/1', caseId: CASE, set: 'resident-1', annotations: [] });
    const created = await send(port, 'PUT', `/api/cases/${CASE}/annotations/resident-1`, { ...teacher(), 'If-None-Match': '*' }, body);
    expect(created.status).toBe(201);
    expect(existsSync(join(dataDir, CASE, 'resident-1.json'))).toBe(true);
    const again = await send(port, 'PUT', `/api/cases/${CASE}/annotations/resident-1`, { ...teacher(), 'If-None-Match': '*' }, body);
    expect(again.status).toBe(412);
    expect(again.json().etag).toBe(created.headers.etag);
    const gone = await send(port, 'PUT', `/api/cases/${CASE}/annotations/resident-2`, teacher('"abc"'), body.replace('resident-1', 'resident-2'));
    expect(gone.status).toBe(412);
    expect(gone.json().current).toBeNull();
  });

  test('security headers on static files, errors and API answers', async () => {
    for (const [method, path, headers] of [
      ['GET', '/', {}],
      ['GET', `/studies/${CASE}/manifest.json`, {}],
      ['GET', '/studies/nope.dcm', {}],
      ['POST', '/', {}],
      ['GET', EXPERT_PATH, {}],
      ['PUT', EXPERT_PATH, {}],
      ['GET', '/api/nothing', {}],
      ['DELETE', EXPERT_PATH, teacher()],
    ] as const) {
      const res = await send(port, method, path, headers);
      expectSecurityHeaders(res.headers);
    }
    const csp = String((await send(port, 'GET', '/')).headers['content-security-policy']);
    expect(csp).toContain("'wasm-unsafe-eval'");
    expect(csp).toContain("object-src 'none'");
  });
});

describe('a save interrupted by killing the server', () => {
  let dataDir: string;
  let distDir: string;
  const children: ChildProcess[] = [];

  beforeAll(() => {
    dataDir = copyAnnotations();
    distDir = join(dataDir, '..', 'dist');
    mkdirSync(distDir);
    writeFileSync(join(distDir, 'index.html'), '<!doctype html><title>radcase</title>\n');
  });
  afterAll(() => {
    for (const child of children) child.kill('SIGKILL');
    rmSync(resolve(dataDir, '..'), { recursive: true, force: true });
  });

  /** `node server/index.mjs` on a free port; resolves once it prints its URL. */
  function spawnServer(extraEnv: Record<string, string> = {}) {
    const child = spawn(process.execPath, [join(repo, 'server', 'index.mjs')], {
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', RADCASE_TEACHER_TOKEN: TOKEN, RADCASE_ANNOTATIONS_DIR: dataDir, RADCASE_DIST_DIR: distDir, ...extraEnv },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let output = '';
    const waitFor = (pattern: RegExp) =>
      new Promise<RegExpMatchArray>((resolveMatch, reject) => {
        const check = () => {
          const match = output.match(pattern);
          if (match) resolveMatch(match);
        };
        child.stdout!.on('data', (chunk: Buffer) => {
          output += chunk.toString('utf8');
          check();
        });
        child.once('exit', (code) => reject(new Error(`server exited (${code}): ${output}`)));
        check();
      });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    const ready = waitFor(/running at http:\/\/[^:]+:(\d+)\//).then((m) => Number(m[1]));
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    return { child, ready, waitFor, exited };
  }

  /** A large valid set: the expert set with its outlines repeated under new ids (about 1 MB). */
  function bigSet(set: any, title: string) {
    const extra = set.annotations.slice(0, 120).map((a: any, i: number) => ({ ...a, id: `copy-${i}` }));
    return JSON.stringify({ ...set, title: { en: title, es: title }, annotations: [...set.annotations, ...extra, ...extra.map((a: any) => ({ ...a, id: `${a.id}-b` }))] }, null, 2);
  }

  test('killed after the temporary file is written but before the rename: the previous version stays', async () => {
    const file = join(dataDir, CASE, 'expert.json');
    const previous = readFileSync(file);
    const server = spawnServer({ RADCASE_TEST_PAUSE_BEFORE_RENAME_MS: '30000' });
    const port = await server.ready;
    const body = bigSet(JSON.parse(previous.toString('utf8')), 'never saved');
    expect(body.length).toBeGreaterThan(500_000);
    const put = send(port, 'PUT', EXPERT_PATH, teacher(etagOf(previous)), body).catch((error: Error) => error);
    await server.waitFor(/test pause before rename/);
    server.child.kill('SIGKILL');
    await server.exited;
    expect(await put).toBeInstanceOf(Error);

    expect(readFileSync(file).equals(previous)).toBe(true);
    expect(() => JSON.parse(readFileSync(file, 'utf8'))).not.toThrow();
    // The fsynced temporary file is left over, hidden, and never served as the set ...
    const leftovers = readdirSync(join(dataDir, CASE)).filter((n) => n.endsWith('.tmp'));
    expect(leftovers).toHaveLength(1);
    expect(leftovers[0].startsWith('.expert.json.')).toBe(true);
    // ... and the next server start clears it and serves the previous version.
    const next = await startServer(0, '127.0.0.1', { annotationsDir: dataDir, teacherToken: TOKEN });
    try {
      expect(readdirSync(join(dataDir, CASE)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
      const nextPort = (next.address() as { port: number }).port;
      const res = await send(nextPort, 'GET', EXPERT_PATH);
      expect(res.headers.etag).toBe(etagOf(previous));
      expect((await send(nextPort, 'GET', `/annotations/${CASE}/${leftovers[0]}`)).status).toBe(404);
    } finally {
      await new Promise<void>((r) => next.close(() => r()));
    }
  });

  test('killed while the body is half sent: the previous version stays', async () => {
    const file = join(dataDir, CASE, 'expert.json');
    const previous = readFileSync(file);
    const server = spawnServer();
    const port = await server.ready;
    const body = Buffer.from(bigSet(JSON.parse(previous.toString('utf8')), 'half a body'));
    const req = request({ host: '127.0.0.1', port, method: 'PUT', path: EXPERT_PATH, headers: { ...teacher(etagOf(previous)), 'Content-Length': String(body.length) } });
    const failed = new Promise<unknown>((r) => {
      req.on('error', r);
      req.on('response', r);
    });
    req.write(body.subarray(0, body.length >> 1));
    await new Promise((r) => setTimeout(r, 200));
    server.child.kill('SIGKILL');
    await server.exited;
    expect(await failed).toBeInstanceOf(Error);
    expect(readFileSync(file).equals(previous)).toBe(true);
    expect(readdirSync(join(dataDir, CASE)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });
});
