// Types for the dev-server plugin (vite.config.ts is TypeScript).
import type { Plugin } from 'vite';

export function radcaseApi(options?: { scratch?: boolean; teacherToken?: string }): Plugin;
