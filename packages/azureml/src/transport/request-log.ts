/**
 * What the SDK pipeline sent that changed something in Azure, one entry per HTTP attempt (a
 * retried PUT is two entries), for an audit trail kept by the caller.
 */
import type { PipelinePolicy } from '@azure/core-rest-pipeline';

export interface AzureRequestRecord {
  method: string;
  /** The ARM (or data-plane) path without the query: the resource id, plus an action such as `/cancel`. */
  resourceId: string;
  status: number;
  /** `x-ms-request-id`, which Azure support asks for. */
  requestId?: string | undefined;
  /** The long-running operation Azure started (`Azure-AsyncOperation`, else `Location`), as a path. */
  operation?: string | undefined;
  at: string;
}

/** POST actions that change state; other POSTs (listKeys, getLogs, scoring) only read. */
const CHANGING_ACTIONS = /\/(cancel|regenerateKeys)$/i;

/** The one rule for "a request that changed something": PUT, PATCH, DELETE, and POST .../cancel or .../regenerateKeys. */
export function isChange(method: string, path: string): boolean {
  const m = method.toUpperCase();
  if (m === 'PUT' || m === 'PATCH' || m === 'DELETE') return true;
  return m === 'POST' && CHANGING_ACTIONS.test(path);
}

const pathOf = (url: string | undefined): string | undefined => {
  if (!url) return undefined;
  const parsed = URL.parse(url);
  return parsed ? parsed.pathname : undefined;
};

/** A policy that tells `onChange` of every attempt that changed something, after retries split them. */
export function requestLogPolicy(onChange: (record: AzureRequestRecord) => void): PipelinePolicy {
  return {
    name: 'mlopsRequestLog',
    async sendRequest(request, next) {
      const response = await next(request);
      const path = pathOf(request.url) ?? request.url;
      if (isChange(request.method, path)) {
        onChange({
          method: request.method,
          resourceId: decodeURIComponent(path),
          status: response.status,
          requestId: response.headers.get('x-ms-request-id'),
          operation: pathOf(
            response.headers.get('azure-asyncoperation') ?? response.headers.get('location'),
          ),
          at: new Date().toISOString(),
        });
      }
      return response;
    },
  };
}
