import {
  ActionFailure,
  azureFailures,
  InputError,
  clientConfigFrom,
  formatDuration,
  info,
  readInputs,
  runnerLogger,
  setOutputs,
  warning,
} from '@mlops-actions/action-kit';
import type { JobSnapshot } from '@mlops-actions/azureml';
import { definition } from './definition.ts';
import { derivedJobName } from './job-name.ts';
import { readJobSource } from './job-source.ts';
import { state } from './state.ts';
import { trainingSummary } from './summary.ts';

/** The runner sends SIGINT on cancellation and SIGTERM 7.5 s later: cancel within that grace. */
const CANCEL_BUDGET_MS = 6_000;

export async function main(): Promise<void> {
  const inputs = await readInputs(definition);
  const source = readJobSource(inputs);
  // The SDK is a separate chunk: loaded only once the inputs are known to be good.
  const azureml = await import('@mlops-actions/azureml');
  const config = clientConfigFrom(inputs);
  let body;
  try {
    body = azureml.toJobResource(azureml.parseJobSpec(source.text), config, {
      experimentName: inputs['experiment-name'],
      compute: inputs.compute,
    });
  } catch (err) {
    if (err instanceof azureml.JobSpecError) {
      throw new InputError([
        { input: source.input, expected: `${err.field}: ${err.expected}`, given: err.given },
      ]);
    }
    throw err;
  }

  const logger = runnerLogger();
  const client = azureml.createMachineLearningClient(config);
  const started = Date.now();
  let submitted;
  try {
    const ready = await azureml.resolveLatestEnvironment(client, body, logger);
    submitted = await azureml.resolveJob(
      client,
      inputs['job-name'] ?? derivedJobName(process.env),
      ready,
      logger,
      {
        exactName: inputs['job-name'] !== undefined,
      },
    );
  } catch (err) {
    throw azureFailures(config, azureml.azureFailureDetails).failure(
      'Could not submit the Azure ML job',
      err,
    );
  }
  const { job, attached } = submitted;
  state.save('job-name', job.name);
  state.save('cancel-on-abort', String(inputs['cancel-on-abort']));
  info(`${attached ? 'Attached to' : 'Submitted'} Azure ML job ${job.name} (${job.status})`);
  if (job.studioUrl) info(`Studio: ${job.studioUrl}`);

  const report = (latest: JobSnapshot) =>
    setOutputs(definition, {
      'job-name': latest.name,
      status: latest.status,
      'studio-url': latest.studioUrl ?? job.studioUrl ?? '',
      'duration-seconds': String(Math.round((Date.now() - started) / 1000)),
      outputs: latest.outputs,
    });

  if (!inputs.wait) {
    state.save('settled', 'true');
    report(job);
    info('Not waiting for the job (wait: false).');
    return;
  }

  const abort = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    warning(`Received ${signal}: the workflow run is being cancelled.`);
    abort.abort();
  };
  process.on('SIGINT', onSignal).on('SIGTERM', onSignal);
  try {
    const result = await azureml.pollJob(() => azureml.getJobOrFail(client, job.name), job, {
      intervalMs: inputs['poll-interval'],
      timeoutMs: inputs.timeout,
      signal: abort.signal,
      logger,
    });
    const last = result.job;
    const durationSeconds = Math.round((Date.now() - started) / 1000);
    const finish = async (outcome: string) => {
      report(last);
      await trainingSummary({
        job: last,
        attached,
        durationSeconds,
        timeline: result.timeline,
        outcome,
      }).write();
    };

    if (result.kind === 'aborted' || result.kind === 'timeout') {
      const why =
        result.kind === 'aborted'
          ? 'the workflow run was cancelled'
          : `it did not end within the timeout of ${formatDuration(inputs.timeout)}`;
      if (result.kind === 'aborted' && !inputs['cancel-on-abort']) {
        state.save('settled', 'true');
        await finish(`Left job ${job.name} running: ${why} and cancel-on-abort is false.`);
        throw new ActionFailure(
          `Stopped waiting for Azure ML job ${job.name}: ${why}; the job was left running (cancel-on-abort: false)`,
        );
      }
      info(`Cancelling Azure ML job ${job.name}: ${why}.`);
      const cancelled = await azureml.cancelJob(client, job.name, {
        logger,
        pollIntervalMs: Math.min(inputs['poll-interval'], 1_000),
        timeoutMs: result.kind === 'aborted' ? CANCEL_BUDGET_MS : 5 * 60_000,
      });
      if (azureml.isTerminal(cancelled.status)) state.save('settled', 'true');
      last.status = cancelled.status;
      await finish(`Job ${job.name} was cancelled because ${why}; it is now ${cancelled.status}.`);
      throw new ActionFailure(
        `Azure ML job ${job.name} was cancelled because ${why} (now ${cancelled.status})`,
      );
    }

    state.save('settled', 'true');
    if (last.status === 'Completed') {
      await finish(`Job ${job.name} Completed in ${durationSeconds} s.`);
      info(`Azure ML job ${job.name} Completed.`);
      return;
    }
    const failure = await azureml.getJobFailure(client, last);
    await finish(
      `Job ${job.name} ended ${last.status}${failure ? `: ${failure.code}: ${failure.message}` : ''}.`,
    );
    throw new ActionFailure(`Azure ML job ${job.name} ended ${last.status}`, {
      code: failure?.code,
      detail: failure?.message,
      hint:
        last.status === 'Failed'
          ? `Read the job's logs in studio${job.studioUrl ? `: ${job.studioUrl}` : ''}`
          : 'The job was cancelled outside this workflow',
    });
  } finally {
    process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
  }
}
