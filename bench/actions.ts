import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { readActionMetadata } from '@mlops-actions/local-runner';

export const root = path.resolve(import.meta.dirname, '..');

/** Names of the actions (folders under actions/ with an action.yml), all bundled into dist/. */
export function actionNames(): string[] {
  const dir = path.join(root, 'actions');
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(path.join(dir, e.name, 'action.yml')))
    .map((e) => e.name)
    .sort();
}

export const actionDir = (name: string): string => path.join(root, 'actions', name);

/** One dist/ for every action: the shared bundle, its chunks and one small entry per action. */
export const distDir = path.join(root, 'dist');

/** What the runner starts for the action: runs.main of its action.yml. */
export const entryBundle = (name: string): string => readActionMetadata(actionDir(name)).main;
