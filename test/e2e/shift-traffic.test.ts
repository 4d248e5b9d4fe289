/**
 * shift-traffic, bundled, as the runner runs it, against the emulator at 30x with the traffic
 * generator: promoted through a mirror stage and four steps; rolled back in exactly one write when
 * green degrades at 25 % (errors, or p95 latency); inconclusive windows without traffic never promote.
 */
import { afterAll, beforeAll, expect, test, vi } from 'vitest';
import { whenTrafficReaches, type Emulator } from '@mlops-actions/emulator';
import { actionStep, errorsOf, expectNoLeak, runMainStep, runPostStep } from './support.ts';
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

test('backup -> mirror stage -> 10 -> 25 -> 50 -> 100 with green healthy: promoted, one write per stage', async () => {
  const endpoint = rolloutEndpoint();
  await blueGreenEndpoint(emu, endpoint);
  const traffic = emu.control.generateTraffic(endpoint, LIVE_TRAFFIC);
  const mark = emu.control.stats().requests.length;
  const step = shiftStep(
    emu,
    {
      'endpoint-name': endpoint,
      'mirror-percent': '20',
      'mirror-time': '1m',
      'delete-old': 'true',
    },
    { context: runContext('101') },
  );
  const main = await runMainStep(step);
  traffic.stop();
  await traffic.done;

  expect(errorsOf(main)).toEqual([]);
  expect(main.outputs.result).toBe('promoted');
  expect(main.outputs['steps-completed']).toBe('4');
  expect(JSON.parse(main.outputs['final-traffic'] ?? '')).toEqual({ blue: 0, green: 100 });
  // mirror on, mirror off, four steps, the marker cleared: steps + mirror on/off + 1.
  expect(endpointWritesSince(emu, endpoint, mark)).toBe(7);
  const view = emu.control.endpoint(endpoint);
  // delete-old: blue is gone with its 0 % entry.
  expect(view?.deployments.map((d) => d.name)).toEqual(['green']);
  expect(view?.traffic).toEqual({ green: 100 });
  expect(view?.mirrorTraffic).toEqual({});
  expect(view?.tags).toEqual({ team: 'churn' });
  const report = JSON.parse(main.outputs.report ?? '') as {
    windows: { kind: string; verdict: string; to: { requests: number } }[];
  };
  expect(report.windows[0]?.kind).toBe('mirror');
  expect(report.windows.every((w) => w.verdict === 'pass' && w.to.requests >= 15)).toBe(true);
  expect(main.summary).toContain(`### Shift traffic on ${endpoint}: blue -> green: promoted`);
  expect(main.summary).toContain('```mermaid\nxychart-beta');
  expect(main.summary).toMatch(
    /\| \d\d:\d\d:\d\d \| mirror \| blue 100 %; mirror green 20 % \| \d+ req, 0 5xx/,
  );
  const post = await runPostStep(step, main.state);
  expect(post.exitCode).toBe(0);

  // The backup the rollout took is still restorable: blue comes back with all the traffic.
  const backupId = main.outputs['backup-id'] ?? '';
  expect(backupId).not.toBe('');
  const restore = await runMainStep(
    actionStep('backup-and-rollback', emu, {
      context: runContext('101'),
      inputs: {
        mode: 'rollback',
        'endpoint-name': endpoint,
        'backup-id': backupId,
        'poll-interval': '50ms',
      },
    }),
  );
  expect(errorsOf(restore)).toEqual([]);
  const restored = emu.control.endpoint(endpoint);
  expect(restored?.traffic).toEqual({ blue: 100 });
  expect(restored?.deployments.map((d) => [d.name, d.provisioningState]).sort()).toEqual([
    ['blue', 'Succeeded'],
    ['green', 'Succeeded'],
  ]);
  expectNoLeak(emu, [main, post, restore]);
});

test('green degraded at 25 %: rolled back by exactly one write, traffic and mirror equal the backup, the step names the gate', async () => {
  const endpoint = rolloutEndpoint();
  await blueGreenEndpoint(emu, endpoint);
  const before = emu.control.endpoint(endpoint);
  const degrade = whenTrafficReaches(emu.control, endpoint, 'green', 25, () =>
    emu.control.setDeploymentBehaviour(`${endpoint}/green`, { scoring: { errorRate: 0.5 } }),
  );
  const traffic = emu.control.generateTraffic(endpoint, LIVE_TRAFFIC);
  const mark = emu.control.stats().requests.length;
  const step = shiftStep(emu, { 'endpoint-name': endpoint }, { context: runContext('102') });
  const main = await runMainStep(step);
  traffic.stop();
  degrade.cancel();
  await traffic.done;

  expect(main.exitCode).toBe(1);
  expect(main.outputs.result).toBe('rolled-back');
  const [error] = errorsOf(main);
  expect(error).toMatch(
    /Rolled back to backup \S+: Gate max-error-rate failed at stage 2 \(25 %\)/,
  );
  expect(error).toMatch(
    /green: \d+ errors in \d+ requests \(\d+\.\d\d %, 95 % interval \d+\.\d\d %-\d+\.\d\d %\): the lower bound is above max-error-rate 5\.00 %/,
  );
  // 10 %, 25 %, then the restoring write: no weights in between.
  expect(endpointWritesSince(emu, endpoint, mark)).toBe(3);
  const view = emu.control.endpoint(endpoint);
  // The backup is canonical: deployments at 0 % are left out.
  expect(view?.traffic).toEqual({ blue: 100 });
  expect(view?.mirrorTraffic).toEqual(before?.mirrorTraffic);
  expect(view?.tags).toEqual(before?.tags);
  expect(main.summary).toContain('**rollback**');
  expect(main.summary).toContain('rolled back');
  const post = await runPostStep(step, main.state);
  expect(post.log).toContain(`Endpoint ${endpoint} is at backup `);
  expect(endpointWritesSince(emu, endpoint, mark)).toBe(3);
});

test('green slow at 25 %: the p95 latency gate rolls back in one write, naming the latency', async () => {
  const endpoint = rolloutEndpoint();
  await blueGreenEndpoint(emu, endpoint);
  const slow = whenTrafficReaches(emu.control, endpoint, 'green', 25, () =>
    emu.control.setDeploymentBehaviour(`${endpoint}/green`, { scoring: { latencyMs: 400 } }),
  );
  const traffic = emu.control.generateTraffic(endpoint, LIVE_TRAFFIC);
  const mark = emu.control.stats().requests.length;
  const step = shiftStep(
    emu,
    { 'endpoint-name': endpoint, 'max-latency-p95-ms': '200' },
    { context: runContext('103') },
  );
  const main = await runMainStep(step);
  traffic.stop();
  slow.cancel();
  await traffic.done;

  expect(main.exitCode).toBe(1);
  expect(main.outputs.result).toBe('rolled-back');
  const [error] = errorsOf(main);
  expect(error).toMatch(/Gate max-latency-p95-ms failed at stage 2 \(25 %\)/);
  expect(error).toMatch(/green: p95 latency (\d+) ms is above max-latency-p95-ms 200/);
  expect(Number(/p95 latency (\d+) ms/.exec(error ?? '')?.[1])).toBeGreaterThanOrEqual(400);
  expect(endpointWritesSince(emu, endpoint, mark)).toBe(3);
  expect(emu.control.endpoint(endpoint)?.traffic).toEqual({ blue: 100 });
  // The window at 10 % passed on its latency: the gate judged green's figures, not a default.
  const { windows } = JSON.parse(main.outputs.report ?? '{}') as {
    windows: { verdict: string; to: { p95Ms?: number } }[];
  };
  expect(windows[0]).toMatchObject({ verdict: 'pass' });
  expect(windows[0]?.to.p95Ms).toBeLessThan(200);
});

test('no traffic: inconclusive windows; on-inconclusive fail rolls back, hold waits up to max-hold; neither promotes', async () => {
  const endpoint = rolloutEndpoint();
  await blueGreenEndpoint(emu, endpoint);
  const failing = await runMainStep(
    shiftStep(emu, { 'endpoint-name': endpoint }, { context: runContext('103') }),
  );
  expect(failing.outputs.result).toBe('rolled-back');
  expect(errorsOf(failing)[0]).toContain('green: 0 requests, fewer than min-requests 15');

  const holding = await runMainStep(
    shiftStep(
      emu,
      { 'endpoint-name': endpoint, 'on-inconclusive': 'hold', 'max-hold': '2m' },
      { context: runContext('104') },
    ),
  );
  expect(holding.outputs.result).toBe('rolled-back');
  const report = JSON.parse(holding.outputs.report ?? '') as { windows: { counted: string }[] };
  expect(report.windows.map((w) => w.counted).slice(0, 2)).toEqual(['hold', 'hold']);
  expect(report.windows.at(-1)?.counted).toBe('failure');
  expect(holding.log).toMatch(/holding the weights/);
  expect(errorsOf(holding)[0]).toContain('no conclusive window within max-hold');
  expect(emu.control.endpoint(endpoint)?.traffic).toEqual({ blue: 100 });
});
