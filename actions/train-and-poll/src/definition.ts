import { azureInputs, defineAction, exactlyOneOf, input } from '@mlops-actions/action-kit';
import { JOB_NAME } from '@mlops-actions/azureml/grammar';

/** train-and-poll's inputs and outputs: the one source action.yml and the docs are checked against. */
export const definition = defineAction({
  name: 'train-and-poll',
  title: 'Azure ML train and poll',
  description:
    'Submit an Azure ML job (command, sweep or pipeline, as the CLI v2 writes them), poll it until it ends, and succeed only when it Completed. Cancels the job when the workflow is cancelled.',
  branding: { icon: 'cpu', color: 'blue' },
  post: { if: 'always()' },
  inputs: {
    ...azureInputs,
    'job-file': input.string({
      description:
        'Path to a job in the Azure ML CLI v2 YAML form: a command job, a sweep job (`type: sweep`) or a pipeline job (`type: pipeline`, steps inline or naming component files beside it). Local `code`, local input paths and inline environments are uploaded and registered as `az ml` does, relative to this file. Give this or `job`.',
    }),
    job: input.string({
      description:
        'The same job, inline as YAML or JSON (local paths are relative to the working directory). Give this or `job-file`.',
    }),
    'job-name': input.string({
      description:
        'Name for the job. Default: derived from the workflow run, so a re-run attaches to the job its previous attempt started (and submits a new one after Failed or Canceled).',
      pattern: JOB_NAME.pattern,
      expected: JOB_NAME.rule,
    }),
    'experiment-name': input.string({
      description: 'Experiment to file the job under (overrides `experiment_name` in the job).',
    }),
    compute: input.string({
      description:
        "Compute target, e.g. `cpu-cluster` or `azureml:cpu-cluster` (overrides `compute` in the job; a pipeline's default compute).",
    }),
    'poll-interval': input.duration({
      description: 'How often to ask Azure ML for the job status.',
      default: '30s',
    }),
    timeout: input.duration({
      description:
        'How long to wait for the job; when it passes, the job is cancelled and the step fails.',
      default: '6h',
    }),
    wait: input.boolean({
      description:
        'Wait for the job to end. With `false` the step succeeds once the job is submitted.',
      default: 'true',
    }),
    'cancel-on-abort': input.boolean({
      description: 'Cancel the Azure ML job when the workflow run is cancelled.',
      default: 'true',
    }),
  },
  outputs: {
    'job-name': { description: 'Name of the Azure ML job.' },
    status: {
      description:
        'Last status of the job (Completed, Failed, Canceled, or the status when `wait` is false).',
    },
    'studio-url': { description: 'Link to the job in Azure ML studio.' },
    'duration-seconds': {
      description: 'Seconds from submission (or attachment) to the end of the wait.',
    },
    outputs: { description: 'JSON object of the job outputs: name -> URI.' },
  },
  checks: [exactlyOneOf('job-file', 'job')],
});
