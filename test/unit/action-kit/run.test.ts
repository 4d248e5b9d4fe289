import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path, { resolve } from 'node:path';
import { expect, test } from 'vitest';

// runAction decides the exit code and the last words of a real process, so it runs in one.
const ROOT = resolve(import.meta.dirname, '../../..');

function runInChild(main: string, env: Record<string, string> = {}) {
  const script = `import * as kit from '@mlops-actions/action-kit';\nawait kit.runAction(${main});\nconsole.log('runAction returned');`;
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { PATH: process.env['PATH'], ...env },
  });
  return { status: child.status, stdout: child.stdout, stderr: child.stderr };
}

test('success leaves exit code 0 and writes no error', () => {
  const result = runInChild(`async () => kit.info('done')`);
  expect(result).toEqual({ status: 0, stdout: 'done\nrunAction returned\n', stderr: '' });
});

test('a thrown string becomes ::error:: and exit code 1, without process.exit', () => {
  const result = runInChild(`async () => { throw 'job spec: 50% missing' }`);
  expect(result.stdout).toBe('::error::job spec: 50%25 missing\nrunAction returned\n');
  expect(result.status).toBe(1);
});

test('a thrown non-Error object is described', () => {
  const result = runInChild(`async () => { throw { code: 42 } }`);
  expect(result.stdout).toContain('::error::A non-Error value was thrown: { code: 42 }\n');
  expect(result.status).toBe(1);
});

test('an InputError is reported without a stack', () => {
  const result = runInChild(
    `async () => { throw new kit.InputError({ input: 'wait', expected: 'true or false', given: '"ture"' }) }`,
  );
  expect(result.stdout).toBe(
    '::error::Invalid input: wait: expected true or false, got "ture"\nrunAction returned\n',
  );
  expect(result.status).toBe(1);
});

test('a bug is reported with its stack at debug level', () => {
  const result = runInChild(`async () => { null.x }`);
  const [debugLine, errorLine] = result.stdout.split('\n');
  expect(debugLine).toMatch(/^::debug::TypeError: Cannot read properties of null.*%0A {4}at /);
  expect(errorLine).toBe("::error::TypeError: Cannot read properties of null (reading 'x')");
  expect(result.status).toBe(1);
});

test('a rejection main forgot to await still fails the step', () => {
  const result = runInChild(
    `async () => { void Promise.reject(new kit.ActionFailure('Upload failed')) }`,
  );
  expect(result.stdout).toBe('::error::Upload failed.\nrunAction returned\n');
  expect(result.status).toBe(1);
});

/** Runs `run({ main, post })` in a child with the runner's state file, as the runner starts a bundle. */
function runSteps(state: Record<string, string> = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'run-steps-'));
  const stateFile = path.join(dir, 'state');
  writeFileSync(stateFile, '');
  const script = [
    `import * as kit from '@mlops-actions/action-kit';`,
    `await kit.run({ name: 'fixture', post: {} }, {`,
    `  main: async ({ signal }) => kit.info('main, aborted ' + signal.aborted),`,
    `  post: async () => kit.info('post'),`,
    `});`,
  ].join('\n');
  const stateEnv = Object.fromEntries(Object.entries(state).map(([k, v]) => [`STATE_${k}`, v]));
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { PATH: process.env['PATH'], GITHUB_STATE: stateFile, ...stateEnv },
  });
  const saved = readFileSync(stateFile, 'utf8');
  rmSync(dir, { recursive: true, force: true });
  return { status: child.status, stdout: child.stdout, saved };
}

test('run() starts main and marks the state, so the runner starts post from the same bundle', () => {
  const main = runSteps();
  expect(main).toMatchObject({ status: 0, stdout: 'main, aborted false\n' });
  expect(main.saved).toMatch(/^isPost<<ghadelimiter_[\w-]+\ntrue\n/);

  const post = runSteps({ isPost: 'true' });
  expect(post).toMatchObject({ status: 0, stdout: 'post\n', saved: '' });
});

test('a SIGINT aborts the signal the step was handed and warns once', async () => {
  const script = [
    `import * as kit from '@mlops-actions/action-kit';`,
    `await kit.run({ name: 'fixture', post: undefined }, { main: ({ signal }) => new Promise((resolve) => {`,
    `  const alive = setInterval(() => {}, 1000);`,
    `  signal.addEventListener('abort', () => { clearInterval(alive); kit.info('aborted'); resolve(); });`,
    `  kit.info('waiting');`,
    `}) });`,
  ].join('\n');
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
    cwd: ROOT,
    env: { PATH: process.env['PATH'] },
  });
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    if (stdout === 'waiting\n') child.kill('SIGINT');
  });
  const status = await new Promise((resolve) => child.on('close', resolve));
  expect(status).toBe(0);
  expect(stdout).toBe(
    'waiting\n::warning::Received SIGINT: the workflow run is being cancelled.\naborted\n',
  );
});

test('run() refuses an entry that disagrees with its definition about the post step', () => {
  const script = `import * as kit from '@mlops-actions/action-kit';\nawait kit.run({ name: 'fixture', post: { if: 'always()' } }, { main: async () => {} });`;
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { PATH: process.env['PATH'] },
  });
  expect(child.status).not.toBe(0);
  expect(child.stderr).toContain(
    'Action fixture: its definition declares a post step, its entry has none',
  );
});
