/**
 * Metrics of a job's MLflow run (an Azure ML job's run id is its name), read from the
 * workspace's MLflow tracking API through the client's own pipeline: the same token, retries
 * and user agent as every ARM call.
 */
import { createPipelineRequest } from '@azure/core-rest-pipeline';
import type { MachineLearningClient } from '../transport/client.ts';
import { parseJson } from '../transport/arm-request.ts';

/**
 * The REST base of a tracking URI: Azure ML gives `azureml://<host>/mlflow/v1.0/<workspace
 * ARM path>`, which MLflow clients turn into `https://<host>/mlflow/v1.0/<path>`.
 */
export function mlflowRestBase(trackingUri: string): string {
  const match = /^azureml:\/\/([^/]+)(\/mlflow\/.*?)\/?$/i.exec(trackingUri);
  if (!match) {
    throw new Error(
      `the workspace's MLflow tracking URI is not azureml://<host>/mlflow/...: ${trackingUri}`,
    );
  }
  return `https://${match[1]}${match[2]}`;
}

// One workspace read per client: a comparison reads two runs.
const bases = new WeakMap<MachineLearningClient, Promise<string>>();

function restBaseOf(client: MachineLearningClient): Promise<string> {
  let base = bases.get(client);
  if (!base) {
    const { resourceGroup, workspace } = client.workspace;
    base = client.sdk.workspaces.get(resourceGroup, workspace).then((ws) => {
      if (!ws.mlFlowTrackingUri) throw new Error(`workspace ${workspace} has no mlFlowTrackingUri`);
      return mlflowRestBase(ws.mlFlowTrackingUri);
    });
    base.catch(() => bases.delete(client));
    bases.set(client, base);
  }
  return base;
}

interface MlflowMetric {
  key: string;
  value: number;
  timestamp?: number;
  step?: number;
}

/** The latest value of `metric` in the run; undefined when the run or the metric does not exist. */
export async function getRunMetric(
  client: MachineLearningClient,
  runId: string,
  metric: string,
): Promise<number | undefined> {
  const url = `${await restBaseOf(client)}/api/2.0/mlflow/runs/get?run_id=${encodeURIComponent(runId)}`;
  const response = await client.sdk.sendRequest(createPipelineRequest({ url, method: 'GET' }));
  const body = (parseJson(response.bodyAsText) ?? {}) as {
    run?: { data?: { metrics?: MlflowMetric[] } };
    error_code?: string;
    message?: string;
  };
  if (response.status === 404 && body.error_code === 'RESOURCE_DOES_NOT_EXIST') return undefined;
  if (response.status !== 200) {
    const why = body.message ? `: ${body.error_code ?? 'error'}: ${body.message}` : '';
    throw new Error(`reading MLflow run ${runId} answered HTTP ${response.status}${why}`);
  }
  return latest((body.run?.data?.metrics ?? []).filter((m) => m.key === metric))?.value;
}

/** runs/get gives one value per key; should a server list several, the last step wins. */
function latest(metrics: MlflowMetric[]): MlflowMetric | undefined {
  return metrics.reduce<MlflowMetric | undefined>((best, m) => {
    if (!best) return m;
    const order = (m.step ?? 0) - (best.step ?? 0) || (m.timestamp ?? 0) - (best.timestamp ?? 0);
    return order >= 0 ? m : best;
  }, undefined);
}
