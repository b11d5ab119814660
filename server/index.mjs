#!/usr/bin/env node
// radcase's server: the production build, the bundled studies and annotations, on localhost, plus the
// annotation API through which a teacher saves a case's expert set (see server/README.md).
import { createServer } from 'node:http';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { mkdir, open, readFile, readdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const SCHEMA_FILE = join(root, 'annotations', 'schema', 'radcase.annotations-1.schema.json');

/** Largest annotation set a PUT may carry. The bundled expert set is about 0.2 MB. */
export const DEFAULT_MAX_BODY_BYTES = 5 * 1024 * 1024;

/** Case ids and set names in API paths; the only strings that ever become file names. */
export const ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}$/;
/** Folders of annotations/ that are not cases. */
const RESERVED_CASE_IDS = new Set(['schema']);

/**
 * The policy the built app runs under (checked in headless Chromium, see server/README.md):
 * module scripts, workers and wasm codecs from this origin; 'wasm-unsafe-eval' to compile the codecs;
 * 'unsafe-eval' because ajv compiles the annotation schema with new Function() when the expert set
 * loads; blob: for workers and downloads; inline styles (index.html's <style>, style attributes).
 * frame-ancestors 'none': course pages embed figures with a script tag, never a frame.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval' 'unsafe-eval'",
  "worker-src 'self' blob:",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self' blob: data:",
  "media-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Sent with every response, static file, API answer or error alike. */
export const SECURITY_HEADERS = Object.freeze({
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  // No Cross-Origin-Opener-Policy: the app opens no windows, and on this machine the process swap it
  // forces on navigation costs about 250 ms before the first image (npm run bench).
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
});

/** URL prefixes and the folders they are served from. */
function mountsFor({ studiesDir, annotationsDir, distDir }) {
  return [
    ['/studies/', studiesDir],
    ['/annotations/', annotationsDir],
    ['/', distDir],
  ];
}
const DEFAULT_DIRS = {
  studiesDir: join(root, 'studies'),
  annotationsDir: join(root, 'annotations'),
  distDir: join(root, 'dist'),
};
const DEFAULT_MOUNTS = mountsFor(DEFAULT_DIRS);

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.dcm': 'application/dicom',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
};
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.svg', '.txt', '.md', '.wasm']);
const gzipCache = new Map();

/**
 * Maps a URL path to a file inside one of the mounts, or null: no traversal out of them, and no
 * hidden files (a save in progress is a hidden temporary file next to the set).
 */
export function resolvePath(urlPath, mounts = DEFAULT_MOUNTS) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  for (const [prefix, dir] of mounts) {
    if (!decoded.startsWith(prefix)) continue;
    const rel = decoded.slice(prefix.length) || 'index.html';
    const file = normalize(join(dir, rel));
    if (file !== dir && !file.startsWith(dir + sep)) return null;
    if (file.slice(dir.length).split(sep).some((part) => part.startsWith('.'))) return null;
    return file;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Responses

function sendJson(res, status, body, headers = {}) {
  const bytes = Buffer.from(`${JSON.stringify(body)}\n`);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': bytes.length,
    'Cache-Control': 'no-store',
    ...headers,
  });
  res.end(res.req.method === 'HEAD' ? undefined : bytes);
}

function sendError(res, status, error, extra = {}, headers = {}) {
  sendJson(res, status, { error, ...extra }, headers);
}

class HttpError extends Error {
  constructor(status, message, extra = {}, headers = {}) {
    super(message);
    this.status = status;
    this.extra = extra;
    this.headers = headers;
  }
}

// ---------------------------------------------------------------------------------------------
// Static files

async function serveStatic(req, res, url, mounts) {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { Allow: 'GET, HEAD' }).end();
    return;
  }
  const file = resolvePath(url.pathname, mounts);
  const stat = file && existsSync(file) ? statSync(file) : undefined;
  if (!file || !stat?.isFile()) {
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end(`Not found: ${url.pathname}\n`);
    return;
  }
  const ext = extname(file).toLowerCase();
  const headers = {
    'Content-Type': TYPES[ext] ?? 'application/octet-stream',
    'Cache-Control': url.pathname.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
  };
  const acceptsGzip = /\bgzip\b/.test(req.headers['accept-encoding'] ?? '');
  if (COMPRESSIBLE.has(ext) && acceptsGzip) {
    // A save replaces the file (new inode), so inode, size and mtime together tell a stale entry.
    const version = `${stat.ino}:${stat.size}:${stat.mtimeMs}`;
    let cached = gzipCache.get(file);
    if (!cached || cached.version !== version) {
      cached = { version, body: gzipSync(await readFile(file), { level: 6 }) };
      gzipCache.set(file, cached);
    }
    res.writeHead(200, { ...headers, 'Content-Encoding': 'gzip', 'Content-Length': cached.body.length, Vary: 'Accept-Encoding' });
    res.end(req.method === 'HEAD' ? undefined : cached.body);
    return;
  }
  res.writeHead(200, { ...headers, 'Content-Length': stat.size });
  if (req.method === 'HEAD') res.end();
  else createReadStream(file).pipe(res);
}

// ---------------------------------------------------------------------------------------------
// The teacher token

/** The token from RADCASE_TEACHER_TOKEN, or a new random one (then printed by the CLI). */
export function teacherTokenFrom(env = process.env) {
  const given = env.RADCASE_TEACHER_TOKEN?.trim();
  return given ? given : randomBytes(32).toString('base64url');
}

const digest = (text) => createHash('sha256').update(text, 'utf8').digest();

/** 401 without a bearer token, 403 with a wrong one; compared in constant time (hashes of equal length). */
function checkTeacher(req, expectedDigest) {
  const header = req.headers.authorization;
  const match = typeof header === 'string' ? /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header) : null;
  if (!match) {
    throw new HttpError(401, 'saving needs the teacher token: send "Authorization: Bearer <token>"', {}, {
      'WWW-Authenticate': 'Bearer realm="radcase"',
    });
  }
  if (!timingSafeEqual(digest(match[1]), expectedDigest)) {
    throw new HttpError(403, 'the teacher token is wrong', {}, { 'WWW-Authenticate': 'Bearer realm="radcase", error="invalid_token"' });
  }
}

// ---------------------------------------------------------------------------------------------
// Validation

let compiledSchema;
async function schemaCheck() {
  if (!compiledSchema) {
    const { default: Ajv2020 } = await import('ajv/dist/2020.js');
    // Strict mode only judges how the schema is written, never what it accepts: logged here, so a schema
    // edit that trips it cannot take saving down (the app's own validator, src/annotations/validate.ts, is strict).
    const ajv = new Ajv2020({ allErrors: true, strict: 'log' });
    compiledSchema = ajv.compile(JSON.parse(await readFile(SCHEMA_FILE, 'utf8')));
  }
  return compiledSchema;
}

const POINT_COUNTS = {
  Length: [2, 2],
  Angle: [3, 3],
  Bidirectional: [4, 4],
  EllipticalROI: [4, 4],
  RectangleROI: [2, 2],
  PlanarFreehandROI: [3, Infinity],
  ArrowAnnotate: [2, 2],
  Probe: [1, 1],
};

/** Problems with a set to be stored under caseId/setName; empty when it may be saved. */
async function problemsWith(doc, caseId, setName) {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    return ['the body is not a JSON object (expected a radcase.annotations/1 set)'];
  }
  const problems = [];
  const check = await schemaCheck();
  if (!check(doc)) {
    for (const e of check.errors ?? []) {
      const where = e.instancePath || '(the set)';
      const detail = e.keyword === 'additionalProperties' ? ` ("${e.params.additionalProperty}")` : '';
      problems.push(`${where} ${e.message}${detail}`);
    }
  }
  if (doc.caseId !== caseId) problems.push(`caseId ${JSON.stringify(doc.caseId)} does not match the URL's case "${caseId}"`);
  if (doc.set !== setName) problems.push(`set ${JSON.stringify(doc.set)} does not match the URL's set "${setName}"`);
  if (Array.isArray(doc.annotations)) {
    const seen = new Set();
    doc.annotations.forEach((a, i) => {
      if (typeof a !== 'object' || a === null) return;
      const name = `annotation ${i + 1}${typeof a.id === 'string' ? ` (id ${JSON.stringify(a.id)})` : ''}`;
      if (typeof a.id === 'string') {
        if (seen.has(a.id)) problems.push(`${name}: the id is used more than once`);
        seen.add(a.id);
      }
      const counts = POINT_COUNTS[a.kind];
      if (counts && Array.isArray(a.points) && (a.points.length < counts[0] || a.points.length > counts[1])) {
        const wanted = counts[1] === Infinity ? `at least ${counts[0]}` : String(counts[0]);
        problems.push(`${name}: ${a.kind} needs ${wanted} points, has ${a.points.length}`);
      }
    });
  }
  return [...new Set(problems)];
}

/** Indented JSON with each [x, y] point on one line, as scripts/annotations/make-expert-set.ts writes it. */
function formatSet(doc) {
  return `${JSON.stringify(doc, null, 2).replace(/\[\s+(-?[\d.eE+-]+),\s+(-?[\d.eE+-]+)\s+\]/g, '[$1, $2]')}\n`;
}

// ---------------------------------------------------------------------------------------------
// Storage: one file per set, replaced atomically, writes serialized per file

/** Strong ETag: a hash of the stored bytes. */
export function etagOf(bytes) {
  return `"${createHash('sha256').update(bytes).digest('base64url')}"`;
}

async function readStored(file) {
  try {
    const bytes = await readFile(file);
    return { bytes, etag: etagOf(bytes) };
  } catch (error) {
    if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return undefined;
    throw error;
  }
}

const TEMP_PATTERN = /^\..+\.(\d+)\.[0-9a-f]{12}\.tmp$/;

async function syncDirectory(dir) {
  let handle;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch (error) {
    // Some platforms (Windows) cannot open or fsync a directory; the rename itself still happened.
    if (!['EISDIR', 'EPERM', 'EINVAL', 'EBADF'].includes(error.code)) throw error;
  } finally {
    await handle?.close();
  }
}

/**
 * Replaces file with bytes so that a crash at any moment leaves either the old or the new version:
 * a hidden temporary file in the same folder, fsynced, renamed over the target, then the folder fsynced.
 */
async function writeAtomically(file, bytes, pauseBeforeRenameMs) {
  const dir = dirname(file);
  await mkdir(dir, { recursive: true });
  const temp = join(dir, `.${basename(file)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temp, 'wx', 0o644);
  try {
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (pauseBeforeRenameMs > 0) {
      // Test hook (RADCASE_TEST_PAUSE_BEFORE_RENAME_MS): lets a test kill the server at the worst moment.
      console.log(`radcase: test pause before rename of ${basename(temp)}`);
      await new Promise((r) => setTimeout(r, pauseBeforeRenameMs));
    }
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  await syncDirectory(dir);
}

/** Removes temporary files left by a server process that died mid-save. */
function sweepTemporaryFiles(annotationsDir) {
  let cases;
  try {
    cases = readdirSync(annotationsDir, { withFileTypes: true }).filter((d) => d.isDirectory() && ID_PATTERN.test(d.name));
  } catch {
    return;
  }
  for (const entry of cases) {
    const dir = join(annotationsDir, entry.name);
    for (const name of readdirSync(dir)) {
      const pid = TEMP_PATTERN.exec(name)?.[1];
      if (!pid || isAlive(Number(pid))) continue;
      rmSync(join(dir, name), { force: true });
    }
  }
}

function isAlive(pid) {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

/** Runs tasks with the same key one after another (one writer per file in this process). */
function createQueue() {
  const tails = new Map();
  return (key, task) => {
    const run = (tails.get(key) ?? Promise.resolve()).then(task);
    const tail = run.then(() => {}, () => {});
    tails.set(key, tail);
    void tail.then(() => {
      if (tails.get(key) === tail) tails.delete(key);
    });
    return run;
  };
}

/** Reads the request body, refusing more than limit bytes (413) before buffering it. */
function readBody(req, limit) {
  const declared = Number(req.headers['content-length']);
  const tooLarge = () => new HttpError(413, `the body is larger than the limit of ${limit} bytes`, { limit });
  if (Number.isFinite(declared) && declared > limit) return Promise.reject(tooLarge());
  return new Promise((resolveBody, reject) => {
    const chunks = [];
    let size = 0;
    let failed = false;
    req.on('data', (chunk) => {
      if (failed) return;
      size += chunk.length;
      if (size > limit) {
        failed = true;
        chunks.length = 0;
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!failed) resolveBody(Buffer.concat(chunks));
    });
    req.on('error', (error) => {
      failed = true;
      reject(error);
    });
    req.on('close', () => {
      if (failed || req.complete) return;
      failed = true;
      reject(new HttpError(400, 'the request was aborted before its body was complete'));
    });
  });
}

/** The entity tags of an If-Match / If-None-Match header: '*' or a list of strong tags (weak ones never match). */
function parseTagList(header) {
  if (header === undefined) return undefined;
  const text = Array.isArray(header) ? header.join(',') : header;
  if (text.trim() === '*') return '*';
  return text.match(/(W\/)?"[^"]*"/g)?.filter((tag) => !tag.startsWith('W/')) ?? [];
}

// ---------------------------------------------------------------------------------------------
// The API

function createApi({ annotationsDir, token, maxBodyBytes, pauseBeforeRenameMs }) {
  const tokenDigest = digest(token);
  const serialize = createQueue();

  /** /api/cases/:caseId/annotations[/:set] from the raw (undecoded) path; ids must match ID_PATTERN as sent. */
  function route(pathname) {
    const parts = pathname.split('/');
    // ['', 'api', 'cases', caseId, 'annotations', set?]
    if (parts[1] !== 'api' || parts[2] !== 'cases' || parts[4] !== 'annotations' || parts.length < 5 || parts.length > 6) {
      throw new HttpError(404, `no such API endpoint: ${pathname}`);
    }
    const [caseId, setName] = [parts[3], parts[5]];
    const bad = [];
    if (!ID_PATTERN.test(caseId) || RESERVED_CASE_IDS.has(caseId)) bad.push(`case id ${JSON.stringify(caseId)}`);
    if (setName !== undefined && !ID_PATTERN.test(setName)) bad.push(`set name ${JSON.stringify(setName)}`);
    if (bad.length > 0) {
      throw new HttpError(400, `invalid ${bad.join(' and ')}: ids are 1 to 64 lower-case letters, digits and "-", starting with a letter or digit`);
    }
    const caseDir = join(annotationsDir, caseId);
    return { caseId, setName, caseDir, file: setName === undefined ? undefined : join(caseDir, `${setName}.json`) };
  }

  async function list(req, res, { caseId, caseDir }) {
    if (req.method !== 'GET' && req.method !== 'HEAD') throw new HttpError(405, `${req.method} is not allowed here`, {}, { Allow: 'GET, HEAD' });
    let names = [];
    try {
      names = (await readdir(caseDir)).filter((n) => n.endsWith('.json') && ID_PATTERN.test(n.slice(0, -5))).sort();
    } catch (error) {
      if (error.code !== 'ENOENT' && error.code !== 'ENOTDIR') throw error;
    }
    const sets = [];
    for (const name of names) {
      const stored = await readStored(join(caseDir, name));
      if (stored) sets.push({ set: name.slice(0, -5), etag: stored.etag, bytes: stored.bytes.length });
    }
    sendJson(res, 200, { caseId, sets });
  }

  async function read(req, res, { caseId, setName, file }) {
    const stored = await readStored(file);
    if (!stored) throw new HttpError(404, `case "${caseId}" has no annotation set "${setName}"`);
    const headers = { ETag: stored.etag, 'Cache-Control': 'no-cache' };
    const wanted = parseTagList(req.headers['if-none-match']);
    if (wanted === '*' || wanted?.includes(stored.etag)) {
      res.writeHead(304, headers).end();
      return;
    }
    res.writeHead(200, { ...headers, 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': stored.bytes.length });
    res.end(req.method === 'HEAD' ? undefined : stored.bytes);
  }

  async function write(req, res, { caseId, setName, file }) {
    checkTeacher(req, tokenDigest);
    const ifMatch = parseTagList(req.headers['if-match']);
    const ifNoneMatch = parseTagList(req.headers['if-none-match']);
    if (ifMatch === undefined && ifNoneMatch !== '*') {
      throw new HttpError(428, 'saving needs "If-Match: <ETag of the version you edited>" (or "If-None-Match: *" to create a new set)');
    }
    if (ifMatch === '*') throw new HttpError(428, '"If-Match: *" would overwrite blindly: send the ETag of the version you edited');
    if (ifMatch !== undefined && ifMatch.length === 0) throw new HttpError(400, 'If-Match holds no strong entity tag');
    const type = String(req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if (type !== 'application/json') throw new HttpError(415, 'the body must be sent as Content-Type: application/json');

    const body = await readBody(req, maxBodyBytes);
    let doc;
    try {
      doc = JSON.parse(body.toString('utf8'));
    } catch (error) {
      throw new HttpError(400, `the body is not valid JSON: ${error.message}`);
    }
    const problems = await problemsWith(doc, caseId, setName);
    if (problems.length > 0) throw new HttpError(422, 'the annotation set is not valid', { problems });
    // Stored re-serialized: exactly what was validated (no duplicate keys or odd encodings survive).
    const bytes = Buffer.from(formatSet(doc));

    return serialize(file, async () => {
      const current = await readStored(file);
      const conflict = (message) => {
        let document = null;
        try {
          document = current ? JSON.parse(current.bytes.toString('utf8')) : null;
        } catch {
          // A hand-edited file that no longer parses: the client still gets its ETag.
        }
        return new HttpError(412, message, { etag: current?.etag ?? null, current: document }, current ? { ETag: current.etag } : {});
      };
      if (ifMatch !== undefined) {
        if (!current) throw conflict(`case "${caseId}" has no annotation set "${setName}" to replace (it was deleted or never saved)`);
        if (!ifMatch.includes(current.etag)) throw conflict('the set was changed since you loaded it: nothing was saved');
      } else if (current) {
        throw conflict(`case "${caseId}" already has an annotation set "${setName}": nothing was saved`);
      }
      await writeAtomically(file, bytes, pauseBeforeRenameMs);
      const etag = etagOf(bytes);
      sendJson(res, current ? 200 : 201, { caseId, set: setName, etag, bytes: bytes.length }, { ETag: etag });
    });
  }

  return async function handleApi(req, res) {
    // Routed on the path as sent, not as URL() normalizes it: "/a/../b" must not quietly become "/b".
    const target = route((req.url ?? '/').split('?')[0]);
    if (target.setName === undefined) return list(req, res, target);
    if (req.method === 'GET' || req.method === 'HEAD') return read(req, res, target);
    if (req.method === 'PUT') return write(req, res, target);
    throw new HttpError(405, `${req.method} is not allowed here`, {}, { Allow: 'GET, HEAD, PUT' });
  };
}

// ---------------------------------------------------------------------------------------------
// The server

/**
 * Starts the server. options: annotationsDir (where sets are read and saved, default annotations/),
 * studiesDir, distDir, teacherToken (default RADCASE_TEACHER_TOKEN or a random one), maxBodyBytes.
 * The token in use is server.teacherToken.
 */
export function startServer(port = Number(process.env.PORT ?? 5173), host = process.env.HOST ?? '127.0.0.1', options = {}) {
  const { handle, token } = createRequestHandler(options);
  const server = createServer((req, res) => void handle(req, res));
  server.teacherToken = token;
  return new Promise((resolveStart, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolveStart(server));
  });
}

/**
 * What the server does with one request, without a server around it: `handle(req, res, next)`
 * answers the annotation API and the static mounts, and hands anything else to `next` when given
 * (the Vite dev server mounts it that way; `only` limits the static mounts it serves). Same
 * options as startServer; the token in use is returned beside it.
 */
export function createRequestHandler(options = {}) {
  const dirs = {
    studiesDir: resolve(options.studiesDir ?? DEFAULT_DIRS.studiesDir),
    annotationsDir: resolve(options.annotationsDir ?? DEFAULT_DIRS.annotationsDir),
    distDir: resolve(options.distDir ?? DEFAULT_DIRS.distDir),
  };
  const mounts = mountsFor(dirs).filter(([prefix]) => !options.only || options.only.includes(prefix));
  const token = options.teacherToken ?? teacherTokenFrom();
  const handleApi = createApi({
    annotationsDir: dirs.annotationsDir,
    token,
    maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    pauseBeforeRenameMs: Number(process.env.RADCASE_TEST_PAUSE_BEFORE_RENAME_MS ?? 0),
  });
  sweepTemporaryFiles(dirs.annotationsDir);

  async function handle(req, res, next) {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const isApi = url.pathname === '/api' || url.pathname.startsWith('/api/');
    if (!isApi && next && !mounts.some(([prefix]) => url.pathname.startsWith(prefix))) return next();
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
    try {
      await (isApi ? handleApi(req, res) : serveStatic(req, res, url, mounts));
    } catch (error) {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (error instanceof HttpError) {
        // Whatever of the body is still coming is read and dropped, so the client sees this answer.
        if (!req.complete) {
          res.setHeader('Connection', 'close');
          req.resume();
        }
        sendError(res, error.status, error.message, error.extra, error.headers);
        return;
      }
      console.error(error);
      if (isApi) sendError(res, 500, 'internal error: nothing was saved');
      else res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Internal error\n');
    }
  }
  return { handle, token, dirs };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const distDir = process.env.RADCASE_DIST_DIR;
  if (!existsSync(join(distDir ?? DEFAULT_DIRS.distDir, 'index.html'))) {
    console.error('No production build in dist/: run "npm run build" first (npm start does it for you).');
    process.exit(1);
  }
  const fromEnv = Boolean(process.env.RADCASE_TEACHER_TOKEN?.trim());
  const server = await startServer(undefined, undefined, {
    annotationsDir: process.env.RADCASE_ANNOTATIONS_DIR,
    distDir,
  });
  const { port, address } = server.address();
  console.log(`radcase is running at http://${address === '127.0.0.1' ? 'localhost' : address}:${port}/`);
  if (fromEnv) console.log('Teacher token: from RADCASE_TEACHER_TOKEN');
  else console.log(`Teacher token (saves expert sets; set RADCASE_TEACHER_TOKEN to choose one): ${server.teacherToken}`);
}
