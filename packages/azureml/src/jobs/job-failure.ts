import { createPipelineRequest } from '@azure/core-rest-pipeline';
import { workspaceArmId } from '../transport/arm-ids.ts';
import { describeAzureError } from '../transport/azure-error.ts';
import type { MachineLearningClient } from '../transport/client.ts';
import type { JobFailure, JobSnapshot, Logger } from '../types.ts';

/**
 * Why a job failed. Job resources of api-version 2022-10-01 carry no error, so this reads the
 * run history data plane (as the Studio does) through the client's own pipeline, which brings
 * the token and the retries. Any trouble gives undefined: callers then point to the Studio.
 */
export async function getJobFailure(
  client: MachineLearningClient,
  job: Pick<JobSnapshot, 'name'>,
  logger?: Logger,
): Promise<JobFailure | undefined> {
  try {
    const { resourceGroup, workspace } = client.workspace;
    const { discoveryUrl } = await client.sdk.workspaces.get(resourceGroup, workspace);
    if (!discoveryUrl) throw new Error('the workspace has no discoveryUrl');
    const url = `${new URL(discoveryUrl).origin}/history/v1.0${workspaceArmId(client.workspace)}/runs/${encodeURIComponent(job.name)}/details`;
    const response = await client.sdk.sendRequest(createPipelineRequest({ url, method: 'GET' }));
    if (response.status !== 200) throw new Error(`run details answered HTTP ${response.status}`);
    const error = (JSON.parse(response.bodyAsText ?? '{}') as RunDetails).error?.error;
    if (!error?.code && !error?.message) return undefined;
    return { code: error.code ?? 'Unknown', message: error.message ?? '' };
  } catch (err) {
    logger?.debug(
      `Could not read the failure of job ${job.name}: ${describeAzureError(err).message}`,
    );
    return undefined;
  }
}

interface RunDetails {
  error?: { error?: { code?: string; message?: string } };
}
