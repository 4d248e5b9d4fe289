import {
  CANCEL_GRACE_MS,
  conclude,
  connectAzure,
  parseSpecInput,
  readInputFile,
  readInputs,
  repositoryRoot,
  runnerContext,
  setOutputs,
  type StepContext,
} from '@mlops-actions/action-kit';
import { dirname, resolve } from 'node:path';
import { definition } from './definition.ts';
import { derivedJobName } from './job-name.ts';
import { markSettled, rememberJob } from './state.ts';
import { trainingSummary } from './summary.ts';

const JOB_FILE = 'a readable Azure ML job YAML file';

export async function main(step: StepContext): Promise<void> {
  const inputs = await readInputs(definition);
  const file = inputs['job-file'];
  const source = file === undefined ? 'job' : 'job-file';
  const text = file === undefined ? (inputs.job ?? '') : readInputFile(source, file, JOB_FILE);
  const azure = await connectAzure(inputs, step);
  const { azureml, client } = azure;
  // Local paths are relative to the job file (inline: to the working directory), as in the CLI.
  const root = repositoryRoot();
  const { spec, job } = await parseSpecInput(
    source,
    () => {
      const parsed = azureml.parseJobSpec(text, {
        baseDir: file === undefined ? process.cwd() : dirname(resolve(file)),
        root,
      });
      const body = azureml.toJobResource(parsed, client.workspace, {
        experimentName: inputs['experiment-name'],
        compute: inputs.compute,
      });
      return { spec: parsed, job: body };
    },
    file,
  );

  const { report, failure } = await azureml.trainAndPoll(
    client,
    {
      job,
      local: azureml.hasLocalAssets(spec) ? { spec, root } : undefined,
      jobName: inputs['job-name'] ?? derivedJobName(runnerContext()),
      exactName: inputs['job-name'] !== undefined,
      wait: inputs.wait,
      pollIntervalMs: inputs['poll-interval'],
      timeoutMs: inputs.timeout,
      cancelOnAbort: inputs['cancel-on-abort'],
      cancelWithinMs: CANCEL_GRACE_MS,
      onJob: (submitted) => rememberJob(submitted.name),
      onSettled: markSettled,
    },
    azure.context,
  );
  if (report) {
    setOutputs(definition, {
      'job-name': report.job.name,
      status: report.job.status,
      'studio-url': report.job.studioUrl ?? '',
      'duration-seconds': String(report.durationSeconds),
      outputs: report.job.outputs,
    });
  }
  conclude(report && trainingSummary(report), failure, { job: report?.job.name });
}
