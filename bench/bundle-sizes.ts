import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { distDir, entryBundle } from './actions.ts';
import { bytes, formatTable } from './table.ts';

const MARK = '@@bench-loaded ';

/** Prints, at exit, every file the ES module loader loaded: the bundle's entry and chunks. */
const loadHook = `data:text/javascript,${encodeURIComponent(
  [
    "import { registerHooks } from 'node:module';",
    "import { writeSync } from 'node:fs';",
    'const loaded = [];',
    "registerHooks({ load(url, context, next) { if (url.startsWith('file:')) loaded.push(url); return next(url, context); } });",
    `process.on('exit', () => writeSync(2, '\\n${MARK}' + JSON.stringify(loaded) + '\\n'));`,
  ].join('\n'),
)}`;

/** The dist/ files a run that fails on a missing input loads (entry and chunks), relative to dist/. */
function filesLoadedAtStart(name: string): string[] {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-sizes-'));
  try {
    const env = {
      PATH: process.env.PATH ?? '',
      GITHUB_OUTPUT: path.join(dir, 'output'),
      GITHUB_STATE: path.join(dir, 'state'),
    };
    writeFileSync(env.GITHUB_OUTPUT, '');
    writeFileSync(env.GITHUB_STATE, '');
    const child = spawnSync(process.execPath, ['--import', loadHook, entryBundle(name)], {
      env,
      encoding: 'utf8',
    });
    const line = child.stderr.split('\n').find((l) => l.startsWith(MARK));
    if (!line) throw new Error(`${name}: no list of loaded files; stderr: ${child.stderr}`);
    return (JSON.parse(line.slice(MARK.length)) as string[])
      .map((url) => path.relative(distDir, fileURLToPath(url)))
      .filter((file) => !file.startsWith('..'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const size = (file: string): number => statSync(path.join(distDir, file)).size;
const sum = (files: readonly string[]): number => files.reduce((n, f) => n + size(f), 0);

/**
 * dist/ as a whole (what a runner downloads with the repository, whichever action it uses) and
 * per action: its entry, what it loads before its inputs are read, and what only it loads then
 * (its share of dist/; the lazily loaded Azure SDK chunks are shared by all).
 */
export function bundleSizeTable(names: string[]): string {
  if (!existsSync(distDir)) return 'dist/ is missing: run `npm run build` first';
  const all = readdirSync(distDir).filter((f) => statSync(path.join(distDir, f)).isFile());
  const built = names.filter((name) => existsSync(entryBundle(name)));
  const loaded = new Map(built.map((name) => [name, filesLoadedAtStart(name)]));
  const loadedBy = (file: string) => built.filter((name) => loaded.get(name)?.includes(file));
  const rows = names.map((name) => {
    const files = loaded.get(name);
    if (!files) return [name, 'not built', '', '', ''];
    const own = files.filter((file) => loadedBy(file).length === 1);
    return [
      name,
      bytes(size(path.relative(distDir, entryBundle(name)))),
      bytes(sum(files)),
      String(files.length),
      bytes(sum(own)),
    ];
  });
  const startup = new Set([...loaded.values()].flat());
  const chunks = all.filter((f) => /^\d+\.index\.js$/.test(f));
  const lazy = chunks.filter((f) => !startup.has(f));
  const other = all.filter((f) => !f.endsWith('.js'));
  const perAction = formatTable(
    ['action', 'entry bytes', 'loaded at start (bytes)', 'files', 'only this action (bytes)'],
    rows,
  );
  const whole = formatTable(
    ['dist/', 'files', 'bytes'],
    [
      ['shared bundle index.js', 1, bytes(size('index.js'))],
      ['chunks loaded at start', chunks.length - lazy.length, bytes(sum(chunks) - sum(lazy))],
      ['chunks loaded lazily (Azure SDK, yaml, ajv, ...)', lazy.length, bytes(sum(lazy))],
      [
        'action entries',
        built.length,
        bytes(sum(built.map((n) => path.relative(distDir, entryBundle(n))))),
      ],
      ['other (licenses.txt, package.json, assets)', other.length, bytes(sum(other))],
      ['total', all.length, bytes(sum(all))],
    ],
  );
  return [perAction, '', whole].join('\n');
}
