import type {
  AzureMachineLearningWorkspaces,
  OnlineDeployment,
  OnlineEndpoint,
} from '@azure/arm-machinelearning';
import type { Emulator } from '@mlops-actions/emulator';
import { raw, workspacePath, type RawResponse } from './support.ts';

/** Polls fast: at timeScale 600 the emulator's operations last tens of milliseconds. */
export const FAST_POLL = { updateIntervalInMs: 10 } as const;

export const modelArmId = (em: Emulator, name: string, version = '1'): string =>
  `${workspacePath(em)}/models/${name}/versions/${version}`;

/** The environment every emulated workspace is seeded with. */
export const seededEnvironmentId = (em: Emulator): string =>
  `${workspacePath(em)}/environments/sklearn-1.5/versions/1`;

/** Registers a custom model version (an https URI needs no job behind it); returns its ARM id. */
export async function registerModel(
  sdk: AzureMachineLearningWorkspaces,
  em: Emulator,
  name: string,
  version = '1',
): Promise<string> {
  await sdk.modelVersions.createOrUpdate(em.resourceGroup, em.workspace, name, version, {
    properties: {
      modelType: 'custom_model',
      modelUri: `https://example.blob.core.windows.net/models/${name}/${version}/`,
    },
  });
  return modelArmId(em, name, version);
}

/** `mirrorTraffic` only means something in raw 2024-04-01 requests: the SDK has no such field. */
export const endpointBody = (
  properties: Partial<OnlineEndpoint['properties']> & {
    mirrorTraffic?: Record<string, number>;
  } = {},
  extra: Partial<OnlineEndpoint> = {},
): OnlineEndpoint => ({
  location: 'westeurope',
  identity: { type: 'SystemAssigned' },
  ...extra,
  properties: { authMode: 'Key', ...properties },
});

export const deploymentBody = (
  em: Emulator,
  model: string,
  properties: Record<string, unknown> = {},
): OnlineDeployment => ({
  location: 'westeurope',
  sku: { name: 'Default', capacity: 1 },
  properties: {
    endpointComputeType: 'Managed',
    model,
    environmentId: seededEnvironmentId(em),
    codeConfiguration: {
      codeId: `${workspacePath(em)}/codes/churn-src/versions/1`,
      scoringScript: 'score.py',
    },
    instanceType: 'Standard_DS3_v2',
    ...properties,
  },
});

/** SDK calls bound to the emulator's resource group and workspace. */
export function online(sdk: AzureMachineLearningWorkspaces, em: Emulator) {
  const at = [em.resourceGroup, em.workspace] as const;
  return {
    createEndpoint: (name: string, body: OnlineEndpoint = endpointBody()) =>
      sdk.onlineEndpoints.beginCreateOrUpdateAndWait(...at, name, body, FAST_POLL),
    getEndpoint: (name: string) => sdk.onlineEndpoints.get(...at, name),
    deploy: (endpoint: string, name: string, body: OnlineDeployment) =>
      sdk.onlineDeployments.beginCreateOrUpdateAndWait(...at, endpoint, name, body, FAST_POLL),
    /** A traffic change the way the SDK allows at 2022-10-01: GET, then PUT the whole endpoint. */
    async setTraffic(endpoint: string, traffic: Record<string, number>) {
      const current = await sdk.onlineEndpoints.get(...at, endpoint);
      return sdk.onlineEndpoints.beginCreateOrUpdateAndWait(
        ...at,
        endpoint,
        { ...current, properties: { ...current.properties, traffic } },
        FAST_POLL,
      );
    },
  };
}

/**
 * Polls the Azure-AsyncOperation of a raw PUT until it ends, moving the emulated clock on 5 s
 * between reads (no real sleep, no real deadline); returns its final status body.
 */
export async function waitForOperation(
  em: Emulator,
  token: string,
  put: RawResponse,
): Promise<{ status: string; error?: { code: string; message: string } }> {
  const operation = new URL(put.headers.get('azure-asyncoperation') ?? '');
  for (let waited = 0; waited <= 86_400; waited += 5) {
    const polled = await raw(em, 'GET', operation.pathname + operation.search, { token });
    const body = polled.body as { status: string; error?: { code: string; message: string } };
    if (body.status !== 'InProgress') return body;
    em.control.advanceClock(5);
  }
  throw new Error(`operation ${operation.pathname} did not end within an emulated day`);
}

export const endpointPath = (em: Emulator, name: string): string =>
  `${workspacePath(em)}/onlineEndpoints/${name}`;

export interface ScoreResult {
  status: number;
  /** The `azureml-model-deployment` response header: who answered. */
  deployment: string | null;
  body: unknown;
}

/** POST to an endpoint's scoring URI the way a client does, with a bearer key or token. */
export async function score(
  em: Emulator,
  endpoint: string,
  options: { authorization?: string; deployment?: string; body?: unknown } = {},
): Promise<ScoreResult> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (options.authorization) headers.authorization = options.authorization;
  if (options.deployment) headers['azureml-model-deployment'] = options.deployment;
  const response = await fetch(`${em.url}/online/${endpoint}/score`, {
    method: 'POST',
    headers,
    body: JSON.stringify(options.body ?? { input_data: { data: [[1, 2, 3]] } }),
  });
  const text = await response.text();
  return {
    status: response.status,
    deployment: response.headers.get('azureml-model-deployment'),
    body: text ? JSON.parse(text) : undefined,
  };
}
