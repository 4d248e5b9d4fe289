import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');

/** The dist files Node loads while the bundled pr-validate runs with `env`. */
function loadedChunks(env: Record<string, string>): { files: string[]; stdout: string } {
  const script = `
    import { registerHooks } from 'node:module';
    const loaded = [];
    registerHooks({ load(url, context, next) { loaded.push(url); return next(url, context); } });
    process.on('exit', () => process.stderr.write(JSON.stringify(loaded)));
    await import(${JSON.stringify(path.join(root, 'dist', 'pr-validate.js'))});`;
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: root,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', ...env },
  });
  const files = (JSON.parse(child.stderr) as string[])
    .filter((url) => url.includes('/dist/'))
    .map((url) => new URL(url).pathname);
  return { files, stdout: child.stdout };
}

test('a pr-validate run that fails on its inputs loads neither Octokit nor the spec parsers', () => {
  const { files, stdout } = loadedChunks({ 'INPUT_TICKET-PATTERN': '([' });
  expect(stdout).toContain('ticket-pattern: expected a valid regular expression');
  expect(files.length).toBeGreaterThan(0);
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    expect(text.includes('octokit'), `${path.basename(file)} holds Octokit`).toBe(false);
    expect(text.includes('azuremlschemas'), `${path.basename(file)} holds the spec kinds`).toBe(
      false,
    );
  }
});
