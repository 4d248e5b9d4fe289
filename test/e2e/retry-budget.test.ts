/**
 * The retry budget in a bundled action, as the runner runs it: train-and-poll at a ~35 %
 * transient fault rate on every Azure ML route (429 with Retry-After, 500, 503, dropped
 * connections) submits one job and sees it Completed; each retry is a debug line.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
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
  // A fixed seed: the same requests meet the same faults on every run.
  emu = await startE2eEmulator({ seed: 35 });
});
afterAll(() => emu?.stop());

test('at a ~35 % fault rate the job is submitted once and followed to Completed, each retry at debug', async () => {
  // Four faults of 10 % each, drawn in turn: 1 - 0.9^4 = 34 % of requests.
  for (const fault of [
    { status: 429, retryAfterSeconds: 1 },
    { status: 500 },
    { status: 503 },
    { reset: 'before' as const },
  ]) {
    emu.control.addFault({ route: '*', ...fault, probability: 0.1, count: Infinity });
  }
  // A job of 3000 emulated seconds (5 s real), polled every 100 ms: many requests to fault.
  const name = uniqueName('budget');
  emu.control.setJobBehaviour(name, { durationSeconds: 3000 });
  const main = await runMainStep(
    trainStep(emu, { inputs: { job: jobYaml(name), 'poll-interval': '100ms' } }),
  );
  emu.control.clearFaults();

  expect(errorsOf(main)).toEqual([]);
  expect(main.outputs.status).toBe('Completed');
  const stats = emu.control.stats();
  expect(stats.jobsCreated).toBe(1);
  const azure = stats.requests.filter((r) => r.route?.startsWith('jobs.'));
  const faulted = azure.filter((r) => r.faulted);
  const rate = faulted.length / azure.length;
  expect(rate).toBeGreaterThan(0.2);
  expect(rate).toBeLessThan(0.5);
  const retries = main.commands
    .filter((c) => c.command === 'debug' && c.message.startsWith('Retry '))
    .map((c) => c.message);
  // Every faulted answer on any route was retried, and told.
  expect(retries).toHaveLength(stats.requests.filter((r) => r.faulted).length);
  for (const line of retries) {
    expect(line).toMatch(
      /^Retry \d+ of (GET|PUT|POST) \/\S+ after (HTTP (429|500|503)|ECONNRESET): waiting [\d.]+ s/,
    );
  }
  if (faulted.some((r) => r.status === 429)) {
    expect(retries.some((l) => l.includes('after HTTP 429: waiting 1 s (Retry-After)'))).toBe(true);
  }
}, 120_000);
