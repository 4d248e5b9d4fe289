import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, onTestFinished, test } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');

const MARK = 'LOADED ';

/** The dist files Node loads while the bundled `action` runs with `env`. */
function loadedChunks(
  env: Record<string, string>,
  action = 'pr-validate',
): { files: string[]; stdout: string } {
  const script = `
    const MARK = ${JSON.stringify(MARK)};
    import { registerHooks } from 'node:module';
    const loaded = [];
    registerHooks({ load(url, context, next) { loaded.push(url); return next(url, context); } });
    process.on('exit', () => process.stderr.write('\\n' + MARK + JSON.stringify(loaded)));
    await import(${JSON.stringify(path.join(root, 'dist', `${action}.js`))});`;
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: root,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', ...env },
  });
  const line = child.stderr.split('\n').find((l) => l.startsWith(MARK)) ?? `${MARK}[]`;
  const files = (JSON.parse(line.slice(MARK.length)) as string[])
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

/** What only the heavy, lazily loaded chunks hold: the Azure ML SDK, the blob client, the artifact client. */
const HEAVY = {
  'the Azure ML SDK': 'batchEndpoints',
  'the blob client': 'x-ms-blob-type',
  'the artifact client': 'github.actions.results.api.v1.ArtifactService',
};

test('no action loads the Azure SDK, the blob client or the artifact client to refuse its inputs', () => {
  const actions = readdirSync(path.join(root, 'actions')).filter((name) =>
    existsSync(path.join(root, 'dist', `${name}.js`)),
  );
  expect(actions.length).toBeGreaterThanOrEqual(9);
  const runner = mkdtempSync(path.join(os.tmpdir(), 'startup-'));
  // The files a runner gives a step (a post step's action saves its state at start).
  const env = Object.fromEntries(
    ['GITHUB_STATE', 'GITHUB_OUTPUT', 'GITHUB_STEP_SUMMARY'].map((name) => [
      name,
      path.join(runner, name),
    ]),
  );
  onTestFinished(() => rmSync(runner, { recursive: true, force: true }));
  for (const action of actions) {
    const { files, stdout } = loadedChunks(env, action);
    expect(stdout, action).toContain('::error');
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      for (const [what, marker] of Object.entries(HEAVY)) {
        expect(
          text.includes(marker),
          `${action} loads ${what} at start (${path.basename(file)})`,
        ).toBe(false);
      }
    }
  }
});
