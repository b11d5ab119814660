// Types for the server module, for tests and scripts written in TypeScript.
import type { Server } from 'node:http';

export interface ServerOptions {
  /** Where annotation sets are read (also served as /annotations/) and saved; default annotations/. */
  annotationsDir?: string;
  /** Served as /studies/; default studies/. */
  studiesDir?: string;
  /** The production build, served as /; default dist/. */
  distDir?: string;
  /** Bearer token that allows saving; default RADCASE_TEACHER_TOKEN, else a random one. */
  teacherToken?: string;
  /** Largest PUT body in bytes; default DEFAULT_MAX_BODY_BYTES (5 MiB). */
  maxBodyBytes?: number;
}

export interface RadcaseServer extends Server {
  /** The token that allows saving (useful when it was generated). */
  teacherToken: string;
}

export const DEFAULT_MAX_BODY_BYTES: number;
export const ID_PATTERN: RegExp;
export const CONTENT_SECURITY_POLICY: string;
export const SECURITY_HEADERS: Readonly<Record<string, string>>;
export function resolvePath(urlPath: string, mounts?: ReadonlyArray<readonly [string, string]>): string | null;
export function teacherTokenFrom(env?: Record<string, string | undefined>): string;
export function etagOf(bytes: Uint8Array | string): string;
export function startServer(port?: number, host?: string, options?: ServerOptions): Promise<RadcaseServer>;

export interface RequestHandlerOptions extends ServerOptions {
  /** Serve only these static mounts ('/studies/', '/annotations/', '/'); the API is always served. */
  only?: string[];
}

/** One request's handling without a server: calls `next` for what it does not serve, when given. */
export function createRequestHandler(options?: RequestHandlerOptions): {
  handle(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse, next?: () => void): Promise<void>;
  token: string;
  dirs: { studiesDir: string; annotationsDir: string; distDir: string };
};
