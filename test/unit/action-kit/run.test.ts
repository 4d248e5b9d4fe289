import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
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
