/** What the shift-traffic e2e tests share: the emulator at 30x, a blue/green endpoint, the step. */
import type { Emulator } from '@mlops-actions/emulator';
import type { StepOptions } from '@mlops-actions/local-runner';
import { workflowContext } from '@mlops-actions/local-runner';
import { ROLLOUT_TIME_SCALE } from '../support/rollout.ts';
import { actionStep, startE2eEmulator, uniqueName, type StepSetup } from './support.ts';

export { blueGreenEndpoint, endpointWritesSince } from '../support/rollout.ts';

/** Endpoint operations take 3 emulated seconds (0.1 s real), as do deployments. */
export const startRolloutEmulator = (): Promise<Emulator> =>
  startE2eEmulator({
    timeScale: ROLLOUT_TIME_SCALE,
    endpointProvisioningSeconds: 3,
    defaultDeployment: { provisioningSeconds: 3 },
  });

export const rolloutEndpoint = (): string => uniqueName('ro');

/** shift-traffic with one-minute bakes, a 10 s metrics delay and 15 requests per window. */
export const shiftStep = (
  emu: Emulator,
  inputs: Record<string, string>,
  setup: Omit<StepSetup, 'inputs'> = {},
): StepOptions =>
  actionStep('shift-traffic', emu, {
    ...setup,
    inputs: {
      to: 'green',
      'bake-time': '1m',
      'metrics-delay': '10s',
      'min-requests': '15',
      'max-error-rate': '5',
      'poll-interval': '50ms',
      ...inputs,
    },
  });

/** One workflow run: the same run id for every attempt (a re-run), its attempt number given. */
export const runContext = (runId: string, attempt = 1): Record<string, string> =>
  workflowContext({
    GITHUB_RUN_ID: runId,
    GITHUB_RUN_ATTEMPT: String(attempt),
    GITHUB_ACTION: 'shift',
  });

/** Live-like requests during a rollout: 300 per emulated minute, 30 of them to green at 10 %. */
export const LIVE_TRAFFIC = { ratePerSecond: 150, durationMs: 60_000 };
