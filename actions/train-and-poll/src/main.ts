import {
  CANCEL_GRACE_MS,
  conclude,
  connectAzure,
  parseSpecInput,
  readInputFile,
  readInputs,
  runnerContext,
  setOutputs,
  type StepContext,
} from '@mlops-actions/action-kit';
import { definition } from './definition.ts';
import { derivedJobName } from './job-name.ts';
import { markSettled, rememberJob } from './state.ts';
import { trainingSummary } from './summary.ts';

const JOB_FILE = 'a readable Azure ML job YAML file';

/** A pipeline's component files, relative to the job file (to the working directory for `job`). */
function componentFilesBeside(jobFile: string | undefined) {
  const { readFileSync } = process.getBuiltinModule('node:fs');
  const path = process.getBuiltinModule('node:path');
  const dir = jobFile === undefined ? '.' : path.dirname(jobFile);
  return (relative: string) => {
    const file = path.join(dir, relative);
    try {
      return { file, text: readFileSync(file, 'utf8') };
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
  const overrides = { experimentName: inputs['experiment-name'], compute: inputs.compute };
  const jobFile = await parseSpecInput(
    source,
    () => {
      const parsed = azureml.parseJobFile(text, componentFilesBeside(file));
      // A command job is checked whole here, before connecting to anything.
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
          job: { file: jobFile, overrides, specFile: file },
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
