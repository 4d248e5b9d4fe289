/**
 * endpoint-test, the bundled step against the emulator's endpoint: a folder of cases that pass,
 * a case whose answer differs (named, with the problem), a command given the scoring URI and
 * the masked key, a command that prints the key (never shown), a failing command's exit code,
 * and bad inputs; none of it writes to Azure.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Emulator } from '@mlops-actions/emulator';
import { armClient } from '../emulator/support.ts';
import { blueGreenEndpoint } from '../support/rollout.ts';
import { changesSince } from './deploy-endpoint-support.ts';
import {
  actionStep,
  errorsOf,
  expectNoLeak,
  runMainStep,
  startE2eEmulator,
  uniqueName,
} from './support.ts';

let emu: Emulator;
const endpoint = uniqueName('churn-it');
const temp = mkdtempSync(path.join(os.tmpdir(), 'endpoint-test-'));
const examples = path.resolve(import.meta.dirname, '../../examples/integration');

beforeAll(async () => {
  emu = await startE2eEmulator();
  await blueGreenEndpoint(emu, endpoint);
});
afterAll(async () => {
  await emu?.stop();
  rmSync(temp, { recursive: true, force: true });
});

const testStep = (inputs: Record<string, string>) =>
  actionStep('endpoint-test', emu, { inputs: { 'endpoint-name': endpoint, ...inputs } });

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

function folder(files: Record<string, unknown>): string {
  const dir = mkdtempSync(path.join(temp, 'cases-'));
  for (const [name, body] of Object.entries(files)) {
    writeFileSync(path.join(dir, name), typeof body === 'string' ? body : JSON.stringify(body));
  }
  return dir;
}

test('the example folder: every case answers and matches its schema, per case in the summary', async () => {
  const mark = emu.control.stats().requests.length;
  const scored = emu.control.stats().scoringRequests;
  const result = await runMainStep(testStep({ tests: examples, 'deployment-name': 'green' }));
  expect(result.exitCode).toBe(0);
  expect(result.outputs).toMatchObject({ passed: 'true', cases: '2', failed: '0' });
  expect(result.log).toMatch(/pass one-customer: HTTP 200 in \d+ ms/);
  expect(result.log).toMatch(/pass three-customers: HTTP 200 in \d+ ms/);
  expect(result.summary).toContain(
    `Integration tests of deployment green of endpoint ${endpoint}: passed`,
  );
  expect(result.summary).toMatch(/\| one-customer \| pass \| 200 \|/);
  expect(emu.control.stats().scoringRequests - scored).toBe(2);
  expect(changesSince(emu, mark)).toEqual([]);
  expectNoLeak(emu, [result]);
});

test('a case whose answer differs fails the step naming the case and the problem', async () => {
  const dir = folder({
    'ok.request.json': { input_data: [[1]] },
    'ok.schema.json': { type: 'object', required: ['predictions'] },
    'wrong.request.json': { input_data: [[2]] },
    'wrong.expected.json': { predictions: [1] },
  });
  const result = await runMainStep(testStep({ tests: dir }));
  expect(result.exitCode).toBe(1);
  expect(result.outputs).toMatchObject({ passed: 'false', cases: '2', failed: '1' });
  expect(errorsOf(result).join('\n')).toContain(
    `Integration tests of ${endpoint}: 1 of 2 cases failed (wrong)`,
  );
  expect(result.log).toMatch(/FAIL wrong: HTTP 200: .+; response: \{/);
  expect(result.summary).toMatch(/\| wrong \| FAIL \| 200 \|/);
});

test('a command gets the scoring URI and the key; the key is never shown, even when printed', async () => {
  const mark = emu.control.stats().requests.length;
  const curl = [
    'node -e "',
    "fetch(process.env.SCORING_URI, { method: 'POST', body: '{}',",
    " headers: { authorization: 'Bearer ' + process.env.SCORING_KEY, 'content-type': 'application/json' } })",
    ".then(async (r) => { console.log('status', r.status, await r.text()); process.exit(r.ok ? 0 : 4); })",
    '"',
    '; echo "the key is $SCORING_KEY"',
  ].join('');
  const result = await runMainStep(testStep({ command: curl }));
  expect(result.exitCode).toBe(0);
  expect(result.log).toContain('status 200');
  expect(result.log).toContain('the key is ***');
  const { primaryKey = '' } = await armClient(emu).onlineEndpoints.listKeys(
    emu.resourceGroup,
    emu.workspace,
    endpoint,
  );
  expect(result.masks).toContain(primaryKey);
  // Only the add-mask command itself may carry the key, as it does in every runner.
  const printed = result.rawStdout
    .split('\n')
    .filter((line) => !line.startsWith('::add-mask::'))
    .join('\n');
  for (let i = 0; i + 8 <= primaryKey.length; i += 4) {
    expect(printed).not.toContain(primaryKey.slice(i, i + 8));
  }
  expect(result.outputs).toMatchObject({ passed: 'true', cases: '0' });
  expect(changesSince(emu, mark)).toEqual([]);
  expectNoLeak(emu, [result]);
});

test('a failing command fails the step with its exit code', async () => {
  const result = await runMainStep(testStep({ command: 'echo "2 tests failed"; exit 3' }));
  expect(result.exitCode).toBe(1);
  expect(result.log).toContain('2 tests failed');
  expect(errorsOf(result).join('\n')).toContain(
    `Integration tests of ${endpoint} failed: the command exited with code 3`,
  );
  expect(result.summary).toContain('The command exited with code 3.');
});

test('cancelling the run stops the command and everything it started', async () => {
  const pidFile = path.join(temp, 'sleeper.pid');
  const controller = new AbortController();
  const result = await runMainStep({
    ...actionStep('endpoint-test', emu, {
      inputs: {
        'endpoint-name': endpoint,
        command: `sleep 60 & echo $! > ${pidFile}; echo "tests running"; wait`,
      },
    }),
    signal: controller.signal,
    onLine: (line: string) => {
      if (line.includes('tests running')) controller.abort();
    },
  });
  expect(result.exitCode).toBe(1);
  expect(errorsOf(result).join('\n')).toContain(`Cancelled while testing ${endpoint}`);
  const sleeper = Number(readFileSync(pidFile, 'utf8'));
  // The group got SIGTERM as the step ended; the orphan is reaped a moment later.
  await expect.poll(() => alive(sleeper), { timeout: 10_000 }).toBe(false);
});

test('bad inputs are refused naming the input, before the endpoint is asked anything', async () => {
  const mark = emu.control.stats().requests.length;
  const cases = [
    [{}, "give one of 'tests' or 'command'; none was given"],
    [{ tests: examples, command: 'true' }, "give only one of 'tests' or 'command'"],
    [{ tests: path.join(temp, 'missing') }, 'tests: expected a folder of <name>.request.json'],
    [{ tests: folder({ 'a.request.json': {} }) }, 'expected one expected answer for'],
    [
      { tests: folder({ 'a.request.json': {}, 'a.expected.json': {}, 'a.schema.json': {} }) },
      'a.expected.json or a.schema.json, got both',
    ],
    [{ tests: folder({ 'a.request.json': 'not json', 'a.expected.json': {} }) }, 'not JSON'],
  ] as const;
  for (const [inputs, message] of cases) {
    const result = await runMainStep(testStep(inputs));
    expect(result.exitCode, JSON.stringify(inputs)).toBe(1);
    expect(errorsOf(result).join('\n')).toContain(message);
  }
  const wrongDeployment = await runMainStep(
    testStep({ tests: examples, 'deployment-name': 'red' }),
  );
  expect(errorsOf(wrongDeployment).join('\n')).toContain(
    `deployment-name: Endpoint ${endpoint} has no deployment red (it has blue, green)`,
  );
  expect(
    emu.control
      .stats()
      .requests.slice(mark)
      .filter((r) => r.method !== 'GET' && r.route !== 'entra.token')
      .map((r) => r.route),
  ).toEqual([]);
});
