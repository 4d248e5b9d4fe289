import { globSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** Never searched: dependencies and git's own files. */
const SKIPPED = new Set(['node_modules', '.git']);

export interface Discovery {
  /** Matched files, relative to the root, `/`-separated, sorted, each once. */
  files: string[];
  /** Globs that matched no file: a warning, never a silent pass. */
  unmatched: string[];
}

/** The files under `root` that any of `globs` matches, minus node_modules and .git. */
export function findFiles(root: string, globs: readonly string[]): Discovery {
  const files = new Set<string>();
  const unmatched: string[] = [];
  for (const glob of globs) {
    const found = globSync(glob, {
      cwd: root,
      exclude: (name: string) => SKIPPED.has(path.basename(name)),
    }).map((file) => file.split(path.sep).join('/'));
    if (found.length === 0) unmatched.push(glob);
    for (const file of found) files.add(file);
  }
  return { files: [...files].sort(), unmatched };
}

export const readText = (root: string, file: string): string =>
  readFileSync(path.join(root, file), 'utf8');

/** One glob per line (a comma may be in a glob: `*.{yml,yaml}`), blanks and `#` comments left out. */
export function globList(text: string | undefined): string[] {
  return (text ?? '')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}
