import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';

export const root = path.resolve(import.meta.dirname, '..');

/** Names of the actions (folders under actions/ with an action.yml); each bundles to dist/<name>/. */
export function actionNames(): string[] {
  const dir = path.join(root, 'actions');
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(path.join(dir, e.name, 'action.yml')))
    .map((e) => e.name)
    .sort();
}

export const actionDir = (name: string): string => path.join(root, 'actions', name);
export const distDir = (name: string): string => path.join(root, 'dist', name);
export const entryBundle = (name: string): string => path.join(distDir(name), 'index.js');
