import {
  azureFailures,
  clientConfigFrom,
  info,
  readInputs,
  runnerLogger,
} from '@mlops-actions/action-kit';
import { definition } from './definition.ts';
import { state } from './state.ts';

/**
 * Runs after the main step whatever happened to it. When the main step was cancelled or killed
 * before its job reached an end, cancel the job here, so a cancelled workflow leaves nothing running.
 */
export async function post(): Promise<void> {
  const jobName = state.get('job-name');
  if (!jobName || state.get('settled') === 'true') return;
  if (state.get('cancel-on-abort') === 'false') {
    info(
      `Azure ML job ${jobName} may still be running; cancel-on-abort is false, so it is left alone.`,
    );
    return;
  }
  const inputs = await readInputs(definition);
  const azureml = await import('@mlops-actions/azureml');
  const config = clientConfigFrom(inputs);
  const client = azureml.createMachineLearningClient(config);
  const job = await azureml.getJob(client, jobName);
  if (!job || azureml.isTerminal(job.status)) {
    info(`Azure ML job ${jobName} is ${job?.status ?? 'gone'}; nothing to cancel.`);
    return;
  }
  info(
    `The main step ended before Azure ML job ${jobName} did (it is ${job.status}): cancelling it.`,
  );
  const cancelled = await azureml
    .cancelJob(client, jobName, {
      logger: runnerLogger(),
      pollIntervalMs: 2_000,
      timeoutMs: 5 * 60_000,
    })
    .catch(
      azureFailures(config, azureml.azureFailureDetails).failed(
        `Could not cancel Azure ML job ${jobName}`,
      ),
    );
  info(`Azure ML job ${jobName} is ${cancelled.status}.`);
}
