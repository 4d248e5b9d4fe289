/** Fails when dist/ differs from a fresh build, naming the files: the bundles users run must match the source. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const fresh = mkdtempSync(path.join(os.tmpdir(), 'dist-check-'));

function files(dir: string, prefix = ''): string[] {
  return readdirSync(dir).flatMap((name) => {
    const rel = path.join(prefix, name);
    return statSync(path.join(dir, name)).isDirectory() ? files(path.join(dir, name), rel) : [rel];
  });
}

try {
  execFileSync(process.execPath, [path.join(root, 'scripts', 'build.ts'), '--out', fresh], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const committed = path.join(root, 'dist');
  const want = new Set(files(fresh));
  const have = new Set(files(committed));
  const problems = [
    ...[...want].filter((f) => !have.has(f)).map((f) => `missing: dist/${f}`),
    ...[...have].filter((f) => !want.has(f)).map((f) => `not built by the source: dist/${f}`),
    ...[...want]
      .filter((f) => have.has(f))
      .filter(
        (f) => !readFileSync(path.join(fresh, f)).equals(readFileSync(path.join(committed, f))),
      )
      .map((f) => `differs: dist/${f}`),
  ];
  if (problems.length > 0) {
    console.error(
      `dist/ is out of date; run \`npm run build\` and commit dist/:\n  ${problems.join('\n  ')}`,
    );
    process.exitCode = 1;
  } else {
    console.log(`dist/ matches a fresh build (${want.size} files)`);
  }
} finally {
  rmSync(fresh, { recursive: true, force: true });
}
