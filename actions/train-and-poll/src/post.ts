import {
  connectAzure,
  failureError,
  writeAuditRecord,
  info,
  readInputs,
  type StepContext,
} from '@mlops-actions/action-kit';
import { definition } from './definition.ts';
import { leftoverJob } from './state.ts';

/**
 * Runs after the main step whatever happened to it. When the main step was cancelled or killed
 * before its job reached an end, cancel the job here, so a cancelled workflow leaves nothing running.
 */
export async function post(step: StepContext): Promise<void> {
  const jobName = leftoverJob();
  if (!jobName) return;
  const inputs = await readInputs(definition);
  if (!inputs['cancel-on-abort']) {
    info(
      `Azure ML job ${jobName} may still be running; cancel-on-abort is false, so it is left alone.`,
    );
    return;
  }
  const azure = await connectAzure(inputs, step);
  const { failure } = await azure.azureml.cancelLeftoverJob(azure.client, jobName, azure.context);
  writeAuditRecord({ job: jobName }, failure);
  if (failure) throw failureError(failure);
}
