import { isRecord } from '../http.ts';
import { toIso } from '../clock.ts';
import { parseAssetVersionId } from './asset-refs.ts';
import type { DeploymentRecord } from './online-records.ts';

export const CONTAINER_TYPES = ['InferenceServer', 'StorageInitializer'] as const;
export type ContainerType = (typeof CONTAINER_TYPES)[number];

/** `azureml:<name>:<version>` of the deployment's model, when it has one. */
export function modelAssetId(d: DeploymentRecord): string | undefined {
  const ref =
    typeof d.properties.model === 'string' ? parseAssetVersionId(d.properties.model) : undefined;
  return ref ? `azureml:${ref.name}:${ref.version}` : undefined;
}

/**
 * Container logs as getLogs returns them: the behaviour's lines for the inference server, or
 * lines like Azure's (start-up for a healthy deployment, a traceback in init() for a failed one).
 */
export function deploymentLogs(d: DeploymentRecord, container: ContainerType): string[] {
  const model = parseAssetVersionId(String(d.properties.model ?? ''));
  const modelDir = model
    ? `/var/azureml-app/azureml-models/${model.name}/${model.version}`
    : '/var/azureml-app/azureml-models';
  const at = toIso(d.provisioning.startedAt);
  if (container === 'StorageInitializer') {
    return [
      `${at} | INFO | Downloading model ${modelAssetId(d) ?? '(none)'} to ${modelDir}`,
      `${at} | INFO | Model download complete.`,
    ];
  }
  if (d.behaviour.logs) return d.behaviour.logs;
  const code = isRecord(d.properties.codeConfiguration) ? d.properties.codeConfiguration : {};
  const script = `/var/azureml-app/${String(code.scoringScript ?? 'score.py')}`;
  const startup = [
    `${at} | Azure ML Inferencing HTTP server v1.3.2`,
    'Server Settings',
    '---------------',
    `Entry Script Name: ${script}`,
    `Model Directory: ${modelDir}`,
    'Worker Count: 1',
    'Server Port: 31311',
    'Initializing logger',
  ];
  if (d.behaviour.provisioning === 'fail') {
    return [
      ...startup,
      'Traceback (most recent call last):',
      '  File "/opt/miniconda/envs/amlenv/lib/python3.10/site-packages/azureml_inference_server_http/server/user_script.py", line 117, in invoke_init',
      '    self._user_init()',
      `  File "${script}", line 14, in init`,
      '    model = joblib.load(os.path.join(model_dir, "model.pkl"))',
      `FileNotFoundError: [Errno 2] No such file or directory: '${modelDir}/model.pkl'`,
      'Worker exiting (pid: 41)',
    ];
  }
  return [
    ...startup,
    "Users's init has completed successfully",
    'Scoring timeout is set to 60000',
    'Listening at: http://0.0.0.0:31311 (9)',
    'Booting worker with pid: 41',
  ];
}
