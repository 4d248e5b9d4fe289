/**
 * Bundles every action with ncc into <out>/<action>/index.js (default out: dist/).
 * One bundle per action serves both its main and its post step; the Azure SDK is a lazily
 * loaded chunk, so an action that fails on its inputs never loads it.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { minify } from 'terser';

const root = path.resolve(import.meta.dirname, '..');
const outArg = process.argv.indexOf('--out');
const outRoot = outArg > 0 ? path.resolve(process.argv[outArg + 1] ?? '') : path.join(root, 'dist');
const ncc = path.join(root, 'node_modules', '@vercel', 'ncc', 'dist', 'ncc', 'cli.js');

export const actionNames = (): string[] =>
  readdirSync(path.join(root, 'actions'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();

/** ncc's --minify covers only the entry file; the lazily loaded chunks (the Azure SDK) need it too. */
async function minifyChunks(dir: string): Promise<void> {
  for (const file of readdirSync(dir).filter((f) => /^\d+\.index\.js$/.test(f))) {
    const chunk = path.join(dir, file);
    const { code } = await minify(readFileSync(chunk, 'utf8'), { module: true });
    if (code === undefined) throw new Error(`terser produced nothing for ${chunk}`);
    writeFileSync(chunk, code);
  }
}

for (const name of actionNames()) {
  const out = path.join(outRoot, name);
  rmSync(out, { recursive: true, force: true });
  execFileSync(
    process.execPath,
    [
      ncc,
      'build',
      path.join(root, 'actions', name, 'src', 'index.ts'),
      '-o',
      out,
      '--minify',
      '--transpile-only',
      '--license',
      'licenses.txt',
      '--quiet',
    ],
    { cwd: root, stdio: 'inherit' },
  );
  await minifyChunks(out);
  console.log(`built ${path.relative(root, out)}/index.js`);
}
