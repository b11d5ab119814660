// The client side of the server's annotation API (server/README.md): read a teaching set with its
// ETag, and save it with the teacher token and If-Match, so that a save never overwrites someone
// else's newer version unseen.

export type ReadOutcome =
  | { kind: 'read'; etag: string; document: unknown }
  | { kind: 'missing' }
  | { kind: 'unavailable'; reason: string };

export type SaveOutcome =
  | { kind: 'saved'; etag: string }
  /** Someone saved since `etag` was read: theirs is `current` (null when the set was deleted). */
  | { kind: 'conflict'; etag: string | null; current: unknown }
  | { kind: 'refused-token'; reason: string }
  | { kind: 'invalid'; problems: string[] }
  | { kind: 'failed'; reason: string };


const isJson = (response: Response) => /^application\/json\b/.test(response.headers.get('content-type') ?? '');

async function errorText(response: Response): Promise<string> {
  if (!isJson(response)) return `HTTP ${response.status}`;
  try {
    const body = (await response.json()) as { error?: unknown };
    return typeof body.error === 'string' ? body.error : `HTTP ${response.status}`;
  } catch {
    return `HTTP ${response.status}`;
  }
}

export async function readTeachingSet(url: string): Promise<ReadOutcome> {
  let response: Response;
  try {
    response = await fetch(url, { cache: 'no-store' });
  } catch (error) {
    return { kind: 'unavailable', reason: error instanceof Error ? error.message : String(error) };
  }
  // A static host answers /api/ with its own page or a plain 404: there is no API there.
  if (!isJson(response)) return { kind: 'unavailable', reason: `no annotation API at ${new URL(url).pathname} (HTTP ${response.status})` };
  if (response.status === 404) return { kind: 'missing' };
  const etag = response.headers.get('etag');
  if (!response.ok || !etag) return { kind: 'unavailable', reason: await errorText(response) };
  try {
    return { kind: 'read', etag, document: await response.json() };
  } catch (error) {
    return { kind: 'unavailable', reason: `the set is not JSON: ${String(error)}` };
  }
}

/** Saves `document` over the version `etag` names (or creates the set when etag is null). */
export async function saveTeachingSet(url: string, document: unknown, etag: string | null, token: string): Promise<SaveOutcome> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'PUT',
      headers: {
        Authorization: `Bearer ${token}`,
        'Content-Type': 'application/json',
        ...(etag ? { 'If-Match': etag } : { 'If-None-Match': '*' }),
      },
      body: JSON.stringify(document),
    });
  } catch (error) {
    return { kind: 'failed', reason: error instanceof Error ? error.message : String(error) };
  }
  if (response.ok) {
    const saved = response.headers.get('etag');
    return saved ? { kind: 'saved', etag: saved } : { kind: 'failed', reason: 'the server did not say which version it saved' };
  }
  if (!isJson(response)) return { kind: 'failed', reason: `no annotation API at ${new URL(url).pathname} (HTTP ${response.status})` };
  const body = (await response.json().catch(() => ({}))) as { error?: string; etag?: string; current?: unknown; problems?: string[] };
  switch (response.status) {
    case 401:
    case 403:
      return { kind: 'refused-token', reason: body.error ?? `HTTP ${response.status}` };
    case 412:
      return { kind: 'conflict', etag: body.etag ?? response.headers.get('etag'), current: body.current ?? null };
    case 422:
      return { kind: 'invalid', problems: body.problems?.length ? body.problems : [body.error ?? 'the set was refused'] };
    default:
      return { kind: 'failed', reason: body.error ?? `HTTP ${response.status}` };
  }
}
