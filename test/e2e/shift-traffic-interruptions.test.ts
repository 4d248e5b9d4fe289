/**
 * shift-traffic, bundled, interrupted: cancelled (SIGINT) during a bake, a hold and a step's
 * write; killed (SIGKILL) mid-rollout and run again; ARM faults during the shift; someone else
 * changing the traffic. Each ends promoted or at the backup, never in a third state.
 */
import { afterAll, beforeAll, expect, test, vi } from 'vitest';
import { whenTrafficReaches, type Emulator } from '@mlops-actions/emulator';
import type { StepOptions, StepResult } from '@mlops-actions/local-runner';
import { armClient } from '../emulator/support.ts';
import { online } from '../emulator/online-support.ts';
import { errorsOf, runMainStep, runPostStep } from './support.ts';
import {
  blueGreenEndpoint,
  endpointWritesSince,
  LIVE_TRAFFIC,
  rolloutEndpoint,
  runContext,
  shiftStep,
  startRolloutEmulator,
} from './shift-traffic-support.ts';

// A rollout bakes for minutes of emulated time: tens of real seconds each, more on a loaded machine.
vi.setConfig({ testTimeout: 180_000 });

let emu: Emulator;
beforeAll(async () => {
  emu = await startRolloutEmulator();
});
afterAll(() => emu?.stop());

/** The backup's traffic (canonical: deployments at 0 % left out). */
const BACKUP = { blue: 100 };

/** Runs the main step and cancels it (SIGINT) at the first log line `when` matches. */
async function cancelledAt(step: StepOptions, when: RegExp): Promise<StepResult> {
  const cancel = new AbortController();
  const result = await runMainStep({
    ...step,
    signal: cancel.signal,
    onLine: (line) => {
      if (when.test(line)) cancel.abort();
    },
  });
  expect(cancel.signal.aborted).toBe(true);
  return result;
}

async function expectRestoredByMain(
  endpoint: string,
  step: StepOptions,
  main: StepResult,
  mark: number,
  writesBefore: number,
) {
  expect(main.exitCode).toBe(1);
  expect(main.outputs.result).toBe('rolled-back');
  expect(errorsOf(main)[0]).toContain('The workflow run was cancelled');
  expect(endpointWritesSince(emu, endpoint, mark)).toBe(writesBefore + 1);
  expect(emu.control.endpoint(endpoint)?.traffic).toEqual(BACKUP);
  const post = await runPostStep(step, main.state);
  expect(post.exitCode).toBe(0);
  expect(post.log).toContain(`Endpoint ${endpoint} is at backup `);
  expect(endpointWritesSince(emu, endpoint, mark)).toBe(writesBefore + 1);
}

test('SIGINT during a bake: one restoring write, and the post step finds the endpoint at the backup', async () => {
  const endpoint = rolloutEndpoint();
  await blueGreenEndpoint(emu, endpoint);
  const traffic = emu.control.generateTraffic(endpoint, LIVE_TRAFFIC);
  const mark = emu.control.stats().requests.length;
  const step = shiftStep(
    emu,
    { 'endpoint-name': endpoint, 'bake-time': '3m' },
    { context: runContext('201') },
  );
  const main = await cancelledAt(step, /^Window .* at blue 75 %, green 25 %: pass/);
  traffic.stop();
  await traffic.done;
  expect(main.log).toMatch(/Received SIGINT/);
  await expectRestoredByMain(endpoint, step, main, mark, 2);
});

test('SIGINT during a hold: the same', async () => {
  const endpoint = rolloutEndpoint();
  await blueGreenEndpoint(emu, endpoint);
  const mark = emu.control.stats().requests.length;
  const step = shiftStep(
    emu,
    { 'endpoint-name': endpoint, 'on-inconclusive': 'hold', 'max-hold': '5m', timeout: '3h' },
    { context: runContext('202') },
  );
  const main = await cancelledAt(step, /holding the weights/);
  await expectRestoredByMain(endpoint, step, main, mark, 1);
});

test("SIGINT while a step's write is in flight: its operation is waited out, then one restoring write", async () => {
  const endpoint = rolloutEndpoint();
  await blueGreenEndpoint(emu, endpoint);
  // The first endpoint PUT hangs for a second before the emulator serves it.
  emu.control.addFault({ route: 'onlineEndpoints.createOrUpdate', latencyMs: 1000, count: 1 });
  const mark = emu.control.stats().requests.length;
  const step = shiftStep(emu, { 'endpoint-name': endpoint }, { context: runContext('203') });
  const main = await cancelledAt(step, /^Stage 1 \(step\)/);
  emu.control.clearFaults();
  await expectRestoredByMain(endpoint, step, main, mark, 1);
});

test('SIGKILL mid-rollout, then the same run again: it resumes at the step reached, skipping and repeating none', async () => {
  const endpoint = rolloutEndpoint();
  await blueGreenEndpoint(emu, endpoint);
  const traffic = emu.control.generateTraffic(endpoint, LIVE_TRAFFIC);
  // The 50 % write follows the 25 % window's log line at once, faster than a loaded machine
  // delivers the kill: once green holds 25 %, the next endpoint PUT hangs and is then dropped
  // unserved when the runner dies, so it always dies with the endpoint at 25 %.
  const holdNextWrite = whenTrafficReaches(emu.control, endpoint, 'green', 25, () =>
    emu.control.addFault({
      route: 'onlineEndpoints.createOrUpdate',
      latencyMs: 15_000,
      reset: 'before',
      count: 1,
    }),
  );
  const kill = new AbortController();
  const first = await runMainStep({
    ...shiftStep(emu, { 'endpoint-name': endpoint }, { context: runContext('204', 1) }),
    kill: kill.signal,
    onLine: (line) => {
      if (/^Window .* at blue 75 %, green 25 %/.test(line)) kill.abort();
    },
  });
  holdNextWrite.cancel();
  emu.control.clearFaults();
  expect(first.killedBy).toBe('SIGKILL');
  expect(emu.control.endpoint(endpoint)?.traffic).toEqual({ blue: 75, green: 25 });
  expect(emu.control.endpoint(endpoint)?.tags['mlops.rollout']).toMatch(
    /^v=1;run=204\.1;stage=1;w=blue:75,green:25;/,
  );

  const mark = emu.control.stats().requests.length;
  const again = await runMainStep(
    shiftStep(emu, { 'endpoint-name': endpoint }, { context: runContext('204', 2) }),
  );
  traffic.stop();
  await traffic.done;
  expect(errorsOf(again)).toEqual([]);
  expect(again.log).toMatch(/Resuming the rollout of run 204 at stage 2 \(25 %\), baking since /);
  expect(again.outputs.result).toBe('promoted');
  expect(again.outputs['steps-completed']).toBe('4');
  const report = JSON.parse(again.outputs.report ?? '') as {
    writes: { traffic: { green: number } }[];
  };
  // 50 %, 100 %, the marker cleared: 25 % is not written again, nothing skipped.
  expect(report.writes.map((w) => w.traffic.green)).toEqual([50, 100, 100]);
  expect(endpointWritesSince(emu, endpoint, mark)).toBe(3);
  expect(emu.control.endpoint(endpoint)?.tags).toEqual({ team: 'churn' });
});

test('SIGKILL mid-rollout, then another run: the unfinished rollout is restored from its backup', async () => {
  const endpoint = rolloutEndpoint();
  await blueGreenEndpoint(emu, endpoint);
  const traffic = emu.control.generateTraffic(endpoint, LIVE_TRAFFIC);
  const kill = new AbortController();
  await runMainStep({
    ...shiftStep(emu, { 'endpoint-name': endpoint }, { context: runContext('205') }),
    kill: kill.signal,
    onLine: (line) => {
      if (/^Stage 2 \(step\)/.test(line)) kill.abort();
    },
  });
  const other = await runMainStep(
    shiftStep(emu, { 'endpoint-name': endpoint }, { context: runContext('206') }),
  );
  traffic.stop();
  await traffic.done;
  expect(other.outputs.result).toBe('rolled-back');
  expect(errorsOf(other)[0]).toContain('The endpoint carries an unfinished rollout of run 205');
  const view = emu.control.endpoint(endpoint);
  expect(view?.traffic).toEqual(BACKUP);
  expect(view?.tags).toEqual({ team: 'churn' });
});

test('429 (Retry-After), 503 and resets during the shift are survived with no extra traffic write', async () => {
  const endpoint = rolloutEndpoint();
  await blueGreenEndpoint(emu, endpoint);
  const traffic = emu.control.generateTraffic(endpoint, LIVE_TRAFFIC);
  emu.control.addFault({
    route: 'onlineEndpoints.createOrUpdate',
    status: 429,
    retryAfterSeconds: 1,
    count: 2,
  });
  emu.control.addFault({ route: 'onlineEndpoints.createOrUpdate', status: 503, count: 1 });
  emu.control.addFault({ route: 'onlineEndpoints.createOrUpdate', reset: 'before', count: 1 });
  emu.control.addFault({ route: 'onlineEndpoints.get', reset: 'after', count: 2 });
  emu.control.addFault({ route: 'monitor.metrics', status: 500, count: 2 });
  emu.control.addFault({ route: 'monitor.metrics', reset: 'after', count: 1 });
  const mark = emu.control.stats().requests.length;
  const main = await runMainStep(
    shiftStep(emu, { 'endpoint-name': endpoint }, { context: runContext('207') }),
  );
  traffic.stop();
  await traffic.done;
  emu.control.clearFaults();
  expect(errorsOf(main)).toEqual([]);
  expect(main.outputs.result).toBe('promoted');
  const requests = emu.control.stats().requests.slice(mark);
  expect(requests.filter((r) => r.faulted).length).toBe(9);
  expect(endpointWritesSince(emu, endpoint, mark)).toBe(5);
});

test('an outside traffic change mid-rollout is detected before the next write and rolled back', async () => {
  const endpoint = rolloutEndpoint();
  await blueGreenEndpoint(emu, endpoint);
  const traffic = emu.control.generateTraffic(endpoint, LIVE_TRAFFIC);
  const api = online(armClient(emu), emu);
  let changed: Promise<unknown> | undefined;
  const meddle = whenTrafficReaches(emu.control, endpoint, 'green', 10, () => {
    changed = (async () => {
      // Someone moves traffic by hand while the first step bakes (retried while the step's operation runs).
      for (let i = 0; i < 50; i++) {
        try {
          return await api.setTraffic(endpoint, { blue: 60, green: 40 });
        } catch {
          await new Promise((r) => setTimeout(r, 50));
        }
      }
    })();
  });
  const main = await runMainStep(
    shiftStep(emu, { 'endpoint-name': endpoint }, { context: runContext('208') }),
  );
  meddle.cancel();
  await changed;
  traffic.stop();
  await traffic.done;
  expect(main.outputs.result).toBe('rolled-back');
  expect(errorsOf(main)[0]).toMatch(
    /The endpoint's traffic changed outside this rollout: expected \{"blue":90,"green":10\}.*found \{"blue":60,"green":40\}/,
  );
  expect(emu.control.endpoint(endpoint)?.traffic).toEqual(BACKUP);
});
