import {
  connectAzure,
  failureError,
  info,
  readInputs,
  writeAuditRecord,
  type StepContext,
} from '@mlops-actions/action-kit';
import { definition } from './definition.ts';
import { startedRollout } from './state.ts';

/**
 * Runs after the main step whatever happened to it. Unless the rollout was promoted (or halted on
 * purpose), the endpoint must be at the backup: checked here, and restored when the main step was
 * cancelled or killed before its rollback was done.
 */
export async function post(step: StepContext): Promise<void> {
  const rollout = startedRollout();
  if (!rollout || rollout.result === 'promoted' || rollout.result === 'halted') return;
  const inputs = await readInputs(definition);
  info(`Checking that endpoint ${rollout.endpoint} is at backup ${rollout.backup.id}.`);
  const azure = await connectAzure(inputs, step);
  const { report, failure } = await azure.azureml.ensureAtBackup(
    azure.client,
    {
      endpointName: rollout.endpoint,
      backup: { ...rollout.backup, uri: '' },
      pollIntervalMs: inputs['poll-interval'],
      timeoutMs: 5 * 60_000,
    },
    azure.context,
  );
  if (report?.repaired || failure) {
    writeAuditRecord(
      { endpoint: rollout.endpoint, trafficAfter: rollout.backup.traffic, backup: rollout.backup },
      failure,
    );
  }
  if (failure) throw failureError(failure);
}
