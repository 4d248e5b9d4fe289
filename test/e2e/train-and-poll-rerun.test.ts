/**
 * train-and-poll, bundled, against the emulator: re-running a workflow run (same run id, same
 * step) attaches to the job its earlier attempt started, and submits anew only after a failure.
 */
import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest';
import type { Emulator } from '@mlops-actions/emulator';
import { workflowContext } from '@mlops-actions/local-runner';
import { jobYaml, runMainStep, startE2eEmulator, trainStep, uniqueName } from './support.ts';

let emu: Emulator;
beforeAll(async () => {
  emu = await startE2eEmulator();
});
afterAll(() => emu.stop());
beforeEach(() => emu.control.resetStats());

/** The same step of the same workflow run, attempt by attempt. */
function rerunnableStep(displayName: string) {
  const run = workflowContext();
  return (attempt: number) =>
    trainStep(emu, {
      context: { ...run, GITHUB_RUN_ATTEMPT: String(attempt) },
      inputs: { job: jobYaml(displayName) },
    });
}

test('a re-run attaches to the Completed job instead of training again', async () => {
  const attempt = rerunnableStep(uniqueName('rerun'));
  const first = await runMainStep(attempt(1));
  const second = await runMainStep(attempt(2));

  const name = first.outputs['job-name'] ?? '';
  expect([first.exitCode, second.exitCode]).toEqual([0, 0]);
  expect(second.log).toContain(`Attached to Azure ML job ${name} (Completed)`);
  expect(second.outputs['job-name']).toBe(name);
  expect(second.outputs.status).toBe('Completed');
  expect(second.summary).toContain(`| ${name} (attached) | Completed |`);
  expect(emu.control.stats().jobsCreated).toBe(1);
});

test('a re-run after a Failed attempt submits the job again under <name>-2', async () => {
  const displayName = uniqueName('rerun-fails');
  const attempt = rerunnableStep(displayName);
  emu.control.setJobBehaviour(displayName, { outcome: 'fail' });
  const first = await runMainStep(attempt(1));
  // The fix is in: the next job under this display name completes.
  emu.control.setJobBehaviour(displayName, { outcome: 'complete' });
  const second = await runMainStep(attempt(2));

  const name = first.outputs['job-name'] ?? '';
  expect([first.exitCode, second.exitCode]).toEqual([1, 0]);
  expect(second.log).toContain(`Job ${name} ended Failed; an earlier attempt used that name.`);
  expect(second.log).toContain(`Submitted Azure ML job ${name}-2`);
  expect(second.outputs['job-name']).toBe(`${name}-2`);
  expect(second.outputs.status).toBe('Completed');
  expect(emu.control.stats().jobsCreated).toBe(2);
});
