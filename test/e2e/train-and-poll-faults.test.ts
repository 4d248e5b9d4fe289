/** train-and-poll, bundled, against the emulator: throttling and outages Azure recovers from. */
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
beforeEach(() => {
  emu.control.resetStats();
  emu.control.clearFaults();
});

test('a throttled submission (429, Retry-After) and a 503 on a read still end Completed', async () => {
  emu.control.addFault({ route: 'jobs.createOrUpdate', status: 429, retryAfterSeconds: 1 });
  emu.control.addFault({ route: 'jobs.get', status: 503 });
  const main = await runMainStep(
    trainStep(emu, { inputs: { job: jobYaml(uniqueName('faults')) } }),
  );

  expect(main.exitCode).toBe(0);
  expect(errorsOf(main)).toEqual([]);
  expect(main.outputs.status).toBe('Completed');
  const faulted = emu.control
    .stats()
    .requests.filter((r) => r.faulted)
    .map((r) => `${r.route} ${r.status}`);
  expect(faulted.sort()).toEqual(['jobs.createOrUpdate 429', 'jobs.get 503']);
  expect(emu.control.stats().jobsCreated).toBe(1);
  expect(emu.control.job(main.outputs['job-name'] ?? '')?.status).toBe('Completed');
});
