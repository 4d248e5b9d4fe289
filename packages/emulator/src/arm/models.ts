import { armError, isRecord } from '../http.ts';
import type { Route } from '../router.ts';
import type { EmulatorState } from '../state.ts';
import type { WorkspaceRecord } from '../store.ts';
import { assetRoutes, requiredText, type AssetKind } from './assets.ts';
import { statusAt } from './job-timeline.ts';

/**
 * The CLI's spellings (`custom_model`...) and the REST examples' (`CustomModel`...): the
 * service takes both, so the emulator does too, and stores the value as given.
 */
export const MODEL_TYPES = [
  'custom_model',
  'mlflow_model',
  'triton_model',
  'CustomModel',
  'MLFlowModel',
  'TritonModel',
];

/** What the CLI sends for a job output: `azureml://jobs/<job>/outputs/<output>[/paths/...]`. */
const JOB_OUTPUT_URI = /^azureml:\/\/jobs\/([^/]+)\/outputs\/([^/]+)(?:\/paths\/.*)?\/?$/i;

/** Every job has this output: its MLflow artifacts (`.../outputs/artifacts/paths/model`). */
const ARTIFACTS_OUTPUT = 'artifacts';

const badUri = (message: string) => armError(400, 'UserError', `properties.modelUri: ${message}`);

/** A job-output URI must point at an output a Completed job declares; other URIs pass as given. */
function checkJobOutput(modelUri: string, ws: WorkspaceRecord, state: EmulatorState): void {
  const [, jobName = '', output = ''] = JOB_OUTPUT_URI.exec(modelUri) ?? [];
  if (jobName === '') return;
  const job = ws.jobs.get(jobName.toLowerCase());
  if (!job) {
    throw badUri(`job '${jobName}' in '${modelUri}' was not found in workspace '${ws.name}'.`);
  }
  const status = statusAt(job, state.clock.now());
  if (status !== 'Completed') {
    throw badUri(
      `job '${jobName}' is ${status}; a model can be registered from a job output only once the job is Completed.`,
    );
  }
  const declared = isRecord(job.properties.outputs) ? Object.keys(job.properties.outputs) : [];
  if (output !== ARTIFACTS_OUTPUT && !declared.includes(output)) {
    throw badUri(
      `job '${jobName}' has no output '${output}'; its outputs are: ${[...declared, ARTIFACTS_OUTPUT].join(', ')}.`,
    );
  }
}

function prepareModelVersion(
  p: Record<string, unknown>,
  ws: WorkspaceRecord,
  state: EmulatorState,
): Record<string, unknown> {
  const modelType = p.modelType ?? 'custom_model';
  if (!MODEL_TYPES.includes(modelType as string)) {
    throw armError(
      400,
      'UserError',
      `properties.modelType: expected one of ${MODEL_TYPES.join(', ')}, got ${JSON.stringify(modelType)}.`,
    );
  }
  const modelUri = requiredText(p, 'modelUri', 'the URI of the model files (azureml://, https://)');
  if (p.jobName !== undefined && p.jobName !== null && typeof p.jobName !== 'string') {
    throw armError(
      400,
      'UserError',
      `properties.jobName: expected a job name, got ${JSON.stringify(p.jobName)}.`,
    );
  }
  checkJobOutput(modelUri, ws, state);
  return { ...p, modelType, isAnonymous: p.isAnonymous ?? false };
}

export const MODELS: AssetKind = {
  collection: 'models',
  label: 'Model',
  prepareVersion: prepareModelVersion,
  immutable: ['modelUri', 'modelType', 'jobName'],
  onVersionCreated: (state) => state.stats.count('modelVersionsCreated'),
};

/** `models.*` (containers) and `models.versions.*`. */
export const modelRoutes: Route[] = assetRoutes(MODELS);
