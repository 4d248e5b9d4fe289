/** What the register-model e2e tests share: Completed jobs (with metrics) to register from. */
import type { AzureMachineLearningWorkspaces } from '@azure/arm-machinelearning';
import type { Emulator } from '@mlops-actions/emulator';
import { armClient, commandJob, waitForJob } from '../emulator/support.ts';
import { uniqueName } from './support.ts';

/** The SDK in this process, for arranging jobs and reading what the step left behind. */
export function sdkFor(emu: Emulator): AzureMachineLearningWorkspaces {
  emu.trustInProcess();
  return armClient(emu);
}

/** A job that ran to Completed and logged `metrics` to its MLflow run; returns its name. */
export async function completedJob(
  emu: Emulator,
  sdk: AzureMachineLearningWorkspaces,
  metrics: Record<string, number> = {},
): Promise<string> {
  const name = uniqueName('train');
  emu.control.setJobBehaviour(name, { durationSeconds: 60, metrics });
  await sdk.jobs.createOrUpdate(emu.resourceGroup, emu.workspace, name, commandJob());
  await waitForJob(sdk, emu, name, (status) => status === 'Completed');
  return name;
}

/** Routes of the requests the emulator served, to tell what a step asked of Azure. */
export const servedRoutes = (emu: Emulator): (string | undefined)[] =>
  emu.control.stats().requests.map((r) => r.route);
