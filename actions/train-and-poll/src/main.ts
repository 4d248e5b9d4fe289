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
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { definition } from './definition.ts';
import { derivedJobName } from './job-name.ts';
import { markSettled, rememberJob } from './state.ts';
import { trainingSummary } from './summary.ts';

const JOB_FILE = 'a readable Azure ML job YAML file';

/** A pipeline's component files, relative to the job file (to the working directory for `job`). */
function componentFilesBeside(jobFile: string | undefined) {
  const dir = jobFile === undefined ? '.' : dirname(jobFile);
  return (relative: string) => {
    const file = join(dir, relative);
    try {
      return { file, text: readFileSync(file, 'utf8'), dir: dirname(resolve(file)) };
    } catch {
      return undefined;
    }
  };
}

export async function main(step: StepContext): Promise<void> {
  const inputs = await readInputs(definition);
  const file = inputs['job-file'];
  const source = file === undefined ? 'job' : 'job-file';
  const text = file === undefined ? (inputs.job ?? '') : readInputFile(source, file, JOB_FILE);
  const azure = await connectAzure(inputs, step);
  const { azureml, client } = azure;
  // Local paths are relative to the job file (inline: to the working directory), as in the CLI.
  const root = repositoryRoot();
  const overrides = { experimentName: inputs['experiment-name'], compute: inputs.compute };
  const jobFile = await parseSpecInput(
    source,
    () => {
      const parsed = azureml.parseJobFile(text, {
        baseDir: file === undefined ? process.cwd() : dirname(resolve(file)),
        root,
        readComponent: componentFilesBeside(file),
      });
      // A command job is checked whole here, before anything is uploaded.
      if (parsed.type === 'command')
        azureml.toJobResource(parsed.spec, client.workspace, overrides);
      return parsed;
    },
    file,
  );

  const { report, failure } = await parseSpecInput(
    source,
    () =>
      azureml.trainAndPoll(
        client,
        {
          job: { file: jobFile, overrides, specFile: file, root },
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
      ),
    file,
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
