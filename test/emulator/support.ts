import { AzureMachineLearningWorkspaces } from '@azure/arm-machinelearning';
import type { CommandJob, JobBase } from '@azure/arm-machinelearning';
import { ClientSecretCredential } from '@azure/identity';
import type { TokenCredential } from '@azure/identity';
import type { Emulator } from '@mlops-actions/emulator';

/** The emulator layer's tests: the emulator's own HTTP surface, through the real SDK or raw HTTPS. */
export { manualRealClock, startTrustedEmulator } from '../support/emulator.ts';

export const secretCredential = (em: Emulator): ClientSecretCredential =>
  new ClientSecretCredential(em.tenantId, em.clientId, em.clientSecret, {
    authorityHost: em.authorityHost,
    disableInstanceDiscovery: true,
  });

/** The real SDK client, pointed at the emulator; retries are quick so fault tests stay fast. */
export const armClient = (
  em: Emulator,
  credential: TokenCredential = secretCredential(em),
): AzureMachineLearningWorkspaces =>
  new AzureMachineLearningWorkspaces(credential, em.subscriptionId, {
    endpoint: em.armEndpoint,
    $host: em.armEndpoint,
    retryOptions: { maxRetries: 3, retryDelayInMs: 5, maxRetryDelayInMs: 20 },
  });

/** A command job on a registry environment (taken as given) and serverless compute (no computeId). */
export const commandJob = (overrides: Partial<CommandJob> = {}): JobBase => ({
  properties: {
    jobType: 'Command',
    command: 'python train.py --epochs 3',
    environmentId: 'azureml://registries/azureml/environments/sklearn-1.5/versions/1',
    displayName: 'train',
    experimentName: 'churn',
    outputs: { model: { jobOutputType: 'uri_folder' } },
    ...overrides,
  } as CommandJob,
});

export const workspacePath = (em: Emulator): string =>
  `/subscriptions/${em.subscriptionId}/resourceGroups/${em.resourceGroup}/providers/Microsoft.MachineLearningServices/workspaces/${em.workspace}`;

export interface RawResponse {
  status: number;
  headers: Headers;
  body: unknown;
}

/** A plain HTTPS request, for what the SDK hides: status codes, headers, raw bodies. */
export async function raw(
  em: Emulator,
  method: string,
  pathAndQuery: string,
  options: { token?: string; body?: unknown } = {},
): Promise<RawResponse> {
  const headers: Record<string, string> = {};
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${em.url}${pathAndQuery}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text ? JSON.parse(text) : undefined,
  };
}

export async function armToken(em: Emulator): Promise<string> {
  const token = await secretCredential(em).getToken(`${em.armEndpoint}/.default`);
  return token.token;
}

/**
 * Reads a job until `done` says so, moving the emulated clock `stepSeconds` on between reads: the
 * job gets as far as if that time had passed, with no real sleep and no real deadline. Gives up
 * after an emulated day.
 */
export async function waitForJob(
  client: AzureMachineLearningWorkspaces,
  em: Emulator,
  name: string,
  done: (status: string) => boolean,
  stepSeconds = 10,
): Promise<JobBase> {
  for (let waited = 0; waited <= 86_400; waited += stepSeconds) {
    const job = await client.jobs.get(em.resourceGroup, em.workspace, name);
    if (done(job.properties.status ?? '')) return job;
    em.control.advanceClock(stepSeconds);
  }
  throw new Error(`job ${name} did not reach the expected status within an emulated day`);
}
