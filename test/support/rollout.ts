/** What the rollout tests share: an endpoint with blue live and green beside it at 0 %, traffic on it, the emulator's clock. */
import {
  storedBackups,
  type Logger,
  type MachineLearningClient,
  type ShiftTrafficRequest,
} from '@mlops-actions/azureml';
import type { Emulator } from '@mlops-actions/emulator';
import { clockFromEnv, type Clock } from '@mlops-actions/rollout';
import { armClient } from '../emulator/support.ts';
import { deploymentBody, endpointBody, online, registerModel } from '../emulator/online-support.ts';

/** Emulated time at 30x: a one-minute metrics window is two real seconds. */
export const ROLLOUT_TIME_SCALE = 30;

/** The emulator's clock as a child process sees it (MLOPS_SERVICE_CLOCK). */
export const serviceClock = (emu: Emulator): Clock => clockFromEnv(emu.env());

/** Creates `endpoint` with blue at 100 % and green (another model version) at 0 %, both Succeeded. */
export async function blueGreenEndpoint(emu: Emulator, endpoint: string): Promise<void> {
  const sdk = armClient(emu);
  const api = online(sdk, emu);
  const blue = await registerModel(sdk, emu, `${endpoint}-model`, '1');
  const green = await registerModel(sdk, emu, `${endpoint}-model`, '2');
  await api.createEndpoint(endpoint, endpointBody({}, { tags: { team: 'churn' } }));
  await api.deploy(endpoint, 'blue', deploymentBody(emu, blue));
  await api.deploy(endpoint, 'green', deploymentBody(emu, green));
  await api.setTraffic(endpoint, { blue: 100, green: 0 });
}

/** The endpoint PUTs that took effect since `mark`: one whose reply was lost counts, a refused or faulted one does not. */
export const endpointWritesSince = (emu: Emulator, endpoint: string, mark: number): number =>
  emu.control
    .stats()
    .requests.slice(mark)
    .filter(
      (r) =>
        r.method === 'PUT' &&
        r.status >= 200 &&
        r.status < 300 &&
        r.route === 'onlineEndpoints.createOrUpdate' &&
        r.path.toLowerCase().endsWith(`/onlineendpoints/${endpoint.toLowerCase()}`),
    ).length;

/**
 * A rollout of green over blue as the in-process tests and the bench run it: 10 -> 25 -> 50 ->
 * 100, one-minute bakes, a 10 s metrics delay, 15 requests a window, 5 % errors at most.
 */
export function rolloutRequest(
  emu: Emulator,
  client: MachineLearningClient,
  endpointName: string,
  runId: string,
  logger: Logger,
  overrides: Partial<ShiftTrafficRequest> = {},
): ShiftTrafficRequest {
  return {
    endpointName,
    to: 'green',
    steps: [10, 25, 50, 100],
    bakeMs: 60_000,
    finalBakeMs: 0,
    gates: {
      maxErrorRate: 0.05,
      minRequests: 15,
      failureLimit: 0,
      onInconclusive: 'fail',
      maxHoldMs: 120_000,
    },
    metricsDelayMs: 10_000,
    timeoutMs: 3 * 60 * 60_000,
    pollIntervalMs: 20,
    writeAllowanceMs: 5 * 60_000,
    run: { runId, attempt: 1 },
    rollbackOnFailure: true,
    deleteOld: false,
    clock: serviceClock(emu),
    backups: storedBackups(client, { id: runId }, { logger }),
    ...overrides,
  };
}
