// Types for the server module, for tests written in TypeScript.
import type { Server } from 'node:http';
export function resolvePath(urlPath: string): string | null;
export function startServer(port?: number, host?: string): Promise<Server>;
