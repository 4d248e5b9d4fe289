/** train-and-poll, bundled, against the emulator: jobs that fail, and jobs that outlast the timeout. */
import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest';
import type { Emulator } from '@mlops-actions/emulator';
import {
  errorsOf,
  jobYaml,
  runMainStep,
  startE2eEmulator,
  trainStep,
  uniqueName,
} from './support.ts';

let emu: Emulator;
beforeAll(async () => {
  emu = await startE2eEmulator();
});
afterAll(() => emu.stop());
beforeEach(() => emu.control.resetStats());

test('a failed job fails the step with its name, status, error code and message', async () => {
  const displayName = uniqueName('fails');
  emu.control.setJobBehaviour(displayName, {
    outcome: 'fail',
    errorCode: 'UserError',
    errorMessage: 'No module named sklearn',
  });
  const main = await runMainStep(trainStep(emu, { inputs: { job: jobYaml(displayName) } }));

  expect(main.exitCode).toBe(1);
  const name = main.outputs['job-name'] ?? '';
  expect(main.outputs.status).toBe('Failed');
  const [message, ...more] = errorsOf(main);
  expect(more).toEqual([]);
  expect(message).toContain(`Azure ML job ${name} ended Failed`);
  expect(message).toContain('UserError');
  expect(message).toContain('No module named sklearn');
  expect(message).toContain(main.outputs['studio-url']);
  expect(main.summary).toContain(`### Azure ML job ${name}: Failed`);
  expect(main.summary).toContain('UserError: No module named sklearn');
});

test('a job that outlasts the timeout is cancelled and fails the step', async () => {
  const displayName = uniqueName('stalls');
  emu.control.setJobBehaviour(displayName, { outcome: 'stall' });
  const main = await runMainStep(
    trainStep(emu, { inputs: { job: jobYaml(displayName), timeout: '2s' } }),
  );

  expect(main.exitCode).toBe(1);
  const name = main.outputs['job-name'] ?? '';
  expect(errorsOf(main)).toEqual([
    `Azure ML job ${name} was cancelled because it did not end within the timeout of 2s (now Canceled).`,
  ]);
  expect(main.outputs.status).toBe('Canceled');
  const job = emu.control.job(name);
  expect(job?.cancelRequested).toBe(true);
  expect(job?.history.map((h) => h.status).slice(-3)).toEqual([
    'Running',
    'CancelRequested',
    'Canceled',
  ]);
  expect(main.summary).toContain(`### Azure ML job ${name}: Canceled`);
});
