import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { distDir, entryBundle } from './actions.ts';
import { bytes, formatTable } from './table.ts';

function folderBytes(dir: string): { total: number; files: number } {
  let total = 0;
  let files = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    total += statSync(path.join(entry.parentPath, entry.name)).size;
    files += 1;
  }
  return { total, files };
}

/** Entry bundle beside the whole folder: the Azure SDK lives in lazily loaded chunks. */
export function bundleSizeTable(names: string[]): string {
  const rows = names.map((name) => {
    if (!existsSync(entryBundle(name))) return [name, 'not built', '', ''];
    const { total, files } = folderBytes(distDir(name));
    return [name, bytes(statSync(entryBundle(name)).size), bytes(total), String(files)];
  });
  return formatTable(['action', 'index.js bytes', 'dist folder bytes', 'files'], rows);
}
