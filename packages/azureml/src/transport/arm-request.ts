/**
 * Raw ARM requests through the SDK client's own pipeline (same credential, retries and user
 * agent), for what the SDK cannot do: another api-version, the headers of a long-running PUT.
 * A failed request throws the RestError the SDK would, so azureFailureDetails reads it as usual.
 */
import { createPipelineRequest, RestError, type HttpHeaders } from '@azure/core-rest-pipeline';
import { workspaceArmId } from './arm-ids.ts';
import { describeAzureError, isMissingWorkspace } from './azure-error.ts';
import type { MachineLearningClient } from './client.ts';

export interface ArmResponse {
  status: number;
  headers: HttpHeaders;
  /** Parsed JSON body (undefined when empty). */
  body: unknown;
}

/** The URL of `path` under the workspace (`/onlineEndpoints/x`), at `apiVersion`. */
export function workspaceUrl(
  client: MachineLearningClient,
  path: string,
  apiVersion: string,
): string {
  return `${client.cloud.armEndpoint}${workspaceArmId(client.workspace)}${path}?api-version=${apiVersion}`;
}

/** Sends the request; a status >= 400 throws. */
export async function armRequest(
  client: MachineLearningClient,
  method: 'GET' | 'PUT' | 'POST',
  url: string,
  options: { body?: unknown; signal?: AbortSignal } = {},
): Promise<ArmResponse> {
  const request = createPipelineRequest({
    url,
    method,
    abortSignal: options.signal,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  if (options.body !== undefined) request.headers.set('Content-Type', 'application/json');
  const response = await client.sdk.sendRequest(request);
  const body = parseJson(response.bodyAsText);
  if (response.status < 400) return { status: response.status, headers: response.headers, body };
  const error = (body as { error?: { code?: string; message?: string } } | undefined)?.error;
  throw new RestError(
    error?.message ?? `${method} ${new URL(url).pathname} answered HTTP ${response.status}`,
    {
      code: error?.code,
      statusCode: response.status,
      request,
      response,
    },
  );
}

/** For reads of what may be missing: undefined for a 404 about the resource; a missing workspace still throws. */
export function orNotFound(err: unknown): undefined {
  const info = describeAzureError(err);
  if (info.status === 404 && !isMissingWorkspace(info)) return undefined;
  throw err;
}

/** A JSON body, or undefined when it is empty or not JSON. */
export function parseJson(text: string | null | undefined): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
