/**
 * train-and-poll, bundled, against the emulator: a cancelled workflow run cancels its Azure ML
 * job, from the main step (SIGINT) or, when the main step was killed, from the post step.
 */
import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest';
import type { Emulator } from '@mlops-actions/emulator';
import {
  errorsOf,
  jobYaml,
  runKilledMainStep,
  runMainStep,
  runPostStep,
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

/** A job that runs until cancelled. */
function stalledJob(): string {
  const displayName = uniqueName('stalls');
  emu.control.setJobBehaviour(displayName, { outcome: 'stall' });
  return jobYaml(displayName);
}

/** Cancels the workflow run (as the runner does: SIGINT) once the log shows the job Running. */
function cancelWhenRunning() {
  const controller = new AbortController();
  const onLine = (line: string) => {
    if (/Running \(was /.test(line)) controller.abort();
  };
  return { signal: controller.signal, onLine };
}

test('cancelling the run while the job runs cancels the job; the post step has nothing left', async () => {
  const step = trainStep(emu, { inputs: { job: stalledJob() }, ...cancelWhenRunning() });
  const main = await runMainStep(step);

  expect(main.exitCode).toBe(1);
  const name = main.outputs['job-name'] ?? '';
  expect(main.log).toContain('Received SIGINT: the workflow run is being cancelled.');
  expect(main.log).toContain(`Cancelling Azure ML job ${name}: the workflow run was cancelled.`);
  expect(errorsOf(main)).toEqual([
    `Azure ML job ${name} was cancelled because the workflow run was cancelled (now Canceled).`,
  ]);
  expect(main.outputs.status).toBe('Canceled');
  expect(emu.control.job(name)?.status).toBe('Canceled');

  emu.control.resetStats();
  const post = await runPostStep(step, main.state);
  expect(post.exitCode).toBe(0);
  expect(post.log).toBe('');
  expect(emu.control.stats().requests).toEqual([]);
});

test('with cancel-on-abort false, cancelling the run leaves the job running', async () => {
  const step = trainStep(emu, {
    inputs: { job: stalledJob(), 'cancel-on-abort': 'false' },
    ...cancelWhenRunning(),
  });
  const main = await runMainStep(step);

  expect(main.exitCode).toBe(1);
  const name = main.outputs['job-name'] ?? '';
  expect(errorsOf(main)).toEqual([
    `Stopped waiting for Azure ML job ${name}: the workflow run was cancelled; the job was left running (cancel-on-abort: false).`,
  ]);
  const post = await runPostStep(step, main.state);
  expect(post.exitCode).toBe(0);
  expect(emu.control.job(name)?.status).toBe('Running');
  expect(emu.control.job(name)?.cancelRequested).toBe(false);
});

test('when the main step was killed while its job ran, the post step cancels the job', async () => {
  const step = trainStep(emu, { inputs: { job: stalledJob() } });
  const killed = await runKilledMainStep(step);
  const name = killed.state['job-name'] ?? '';
  expect(emu.control.job(name)?.status).toBe('Running');

  const post = await runPostStep(step, killed.state);
  expect(post.exitCode).toBe(0);
  expect(post.log).toContain(
    `The main step ended before Azure ML job ${name} did (it is Running): cancelling it.`,
  );
  expect(post.log).toContain(`Azure ML job ${name} is Canceled.`);
  expect(emu.control.job(name)?.status).toBe('Canceled');
});

test('a killed main step with cancel-on-abort false: the post step leaves the job alone', async () => {
  const step = trainStep(emu, { inputs: { job: stalledJob(), 'cancel-on-abort': 'false' } });
  const killed = await runKilledMainStep(step);
  const name = killed.state['job-name'] ?? '';

  const post = await runPostStep(step, killed.state);
  expect(post.exitCode).toBe(0);
  expect(post.log).toContain(
    `Azure ML job ${name} may still be running; cancel-on-abort is false, so it is left alone.`,
  );
  expect(emu.control.job(name)?.cancelRequested).toBe(false);
});

test('with wait: false the job is left running on purpose: the post step does not cancel it', async () => {
  const step = trainStep(emu, { inputs: { job: stalledJob(), wait: 'false' } });
  const main = await runMainStep(step);
  expect(main.exitCode).toBe(0);
  const name = main.outputs['job-name'] ?? '';

  emu.control.resetStats();
  const post = await runPostStep(step, main.state);
  expect(post.exitCode).toBe(0);
  expect(post.log).toBe('');
  expect(emu.control.stats().requests).toEqual([]);
  expect(['NotStarted', 'Queued', 'Running']).toContain(emu.control.job(name)?.status);
  expect(emu.control.job(name)?.cancelRequested).toBe(false);
});
