/**
 * The rollout executor through the shiftTraffic use case, against the emulator without a runner:
 * real SDK pipeline, real endpoint PUTs at 2024-04-01, real Azure Monitor metrics computed from
 * the traffic generator's requests, on the emulator's clock (30x).
 */
import { afterAll, beforeAll, expect, test, vi } from 'vitest';
import { shiftTraffic, type ShiftTrafficRequest } from '@mlops-actions/azureml';
import { whenTrafficReaches, type Emulator } from '@mlops-actions/emulator';
import { emulatorClient, recordingLogger, startTrustedEmulator } from './support.ts';
import {
  blueGreenEndpoint,
  endpointWritesSince,
  ROLLOUT_TIME_SCALE,
  rolloutRequest,
} from '../support/rollout.ts';

// A rollout bakes for minutes of emulated time: tens of real seconds each, more on a loaded machine.
vi.setConfig({ testTimeout: 180_000 });

let emu: Emulator;
let n = 0;

beforeAll(async () => {
  emu = await startTrustedEmulator({
    timeScale: ROLLOUT_TIME_SCALE,
    endpointProvisioningSeconds: 3,
    defaultDeployment: { provisioningSeconds: 3 },
  });
});
afterAll(() => emu?.stop());

const request = (
  endpointName: string,
  overrides: Partial<ShiftTrafficRequest> = {},
): ShiftTrafficRequest =>
  rolloutRequest(
    emu,
    emulatorClient(emu),
    endpointName,
    `run-${++n}`,
    recordingLogger().logger,
    overrides,
  );

const endpointName = () => `rollout-${++n}-${Date.now() % 100000}`;

test('green healthy: 10 -> 25 -> 50 -> 100, one write per step and one to clear the marker, promoted', async () => {
  const endpoint = endpointName();
  await blueGreenEndpoint(emu, endpoint);
  const traffic = emu.control.generateTraffic(endpoint, { ratePerSecond: 150, durationMs: 60_000 });
  const mark = emu.control.stats().requests.length;
  const log = recordingLogger();
  const { report, failure } = await shiftTraffic(emulatorClient(emu), request(endpoint), {
    logger: log.logger,
  });
  traffic.stop();
  await traffic.done;

  expect(failure).toBeUndefined();
  expect(report?.result).toBe('promoted');
  expect(report?.stepsCompleted).toBe(4);
  expect(report?.writes?.map((w) => w.traffic.green)).toEqual([10, 25, 50, 100, 100]);
  expect(endpointWritesSince(emu, endpoint, mark)).toBe(5);
  const view = emu.control.endpoint(endpoint);
  expect(view?.traffic).toEqual({ blue: 0, green: 100 });
  expect(view?.tags).toEqual({ team: 'churn' });
  const judged = report?.windows ?? [];
  expect(judged.length).toBeGreaterThanOrEqual(3);
  for (const w of judged) {
    expect(w.verdict).toBe('pass');
    expect(w.to.requests).toBeGreaterThanOrEqual(15);
    expect(w.to.bounds.lower).toBeLessThanOrEqual(w.to.errorRate);
  }
});

test('green degraded at 25 %: the first failed window rolls back in exactly one write to the backup', async () => {
  const endpoint = endpointName();
  await blueGreenEndpoint(emu, endpoint);
  const before = emu.control.endpoint(endpoint);
  const degrade = whenTrafficReaches(emu.control, endpoint, 'green', 25, () =>
    emu.control.setDeploymentBehaviour(`${endpoint}/green`, { scoring: { errorRate: 0.5 } }),
  );
  const traffic = emu.control.generateTraffic(endpoint, { ratePerSecond: 150, durationMs: 60_000 });
  const log = recordingLogger();
  const { report, failure } = await shiftTraffic(emulatorClient(emu), request(endpoint), {
    logger: log.logger,
  });
  traffic.stop();
  degrade.cancel();
  await traffic.done;

  expect(report?.result).toBe('rolled-back');
  expect(report?.gate).toBe('max-error-rate');
  expect(failure?.what).toMatch(
    /^Rolled back to backup \S+: Gate max-error-rate failed at stage 2 \(25 %\)/,
  );
  expect(failure?.what).toMatch(/green: \d+ errors in \d+ requests/);
  const writes = report?.writes ?? [];
  expect(writes.map((w) => w.kind)).toEqual(['step', 'step', 'rollback']);
  const view = emu.control.endpoint(endpoint);
  // The backup is canonical: deployments at 0 % are left out.
  expect(view?.traffic).toEqual({ blue: 100 });
  expect(view?.mirrorTraffic).toEqual(before?.mirrorTraffic);
  expect(view?.tags).toEqual({ team: 'churn' });
  const failed = report?.windows?.at(-1);
  expect(failed?.verdict).toBe('fail');
  expect(failed?.to.bounds.lower).toBeGreaterThan(0.05);
});

test('no traffic: windows are inconclusive; with on-inconclusive fail the rollout rolls back, never promotes', async () => {
  const endpoint = endpointName();
  await blueGreenEndpoint(emu, endpoint);
  const { report } = await shiftTraffic(emulatorClient(emu), request(endpoint), {
    logger: recordingLogger().logger,
  });
  expect(report?.result).toBe('rolled-back');
  expect(report?.windows?.map((w) => [w.verdict, w.counted])).toEqual([
    ['inconclusive', 'failure'],
  ]);
  expect(report?.reason).toContain('fewer than min-requests 15');
  expect(emu.control.endpoint(endpoint)?.traffic).toEqual({ blue: 100 });
});
