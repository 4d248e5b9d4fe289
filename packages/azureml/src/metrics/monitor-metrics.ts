/**
 * Azure Monitor metrics of an online endpoint (`GET {endpoint id}/providers/Microsoft.Insights/metrics`,
 * api-version 2024-02-01) through the SDK client's pipeline, so the credential and retries are the
 * same as for every ARM call. The endpoint publishes RequestsPerMinute (Count; dimensions
 * deployment, statusCode, statusCodeClass, modelStatusCode) and RequestLatency_P95 (Milliseconds;
 * dimension deployment) at a one-minute grain.
 */
import { armRequest } from '../transport/arm-request.ts';
import { workspaceArmId } from '../transport/arm-ids.ts';
import type { MachineLearningClient } from '../transport/client.ts';

export const METRICS_API_VERSION = '2024-02-01';
export const REQUESTS_METRIC = 'RequestsPerMinute';
export const LATENCY_P95_METRIC = 'RequestLatency_P95';

/** One deployment's figures in a window: requests, 5xx answers, the p95 latency (ms) when reported. */
export interface WindowFigures {
  requests: number;
  errors: number;
  p95Ms?: number | undefined;
}

interface MetricsResponse {
  value?: {
    name?: { value?: string };
    errorCode?: string;
    errorMessage?: string;
    timeseries?: {
      metadatavalues?: { name?: { value?: string }; value?: string }[];
      data?: { timeStamp: string; total?: number; average?: number; maximum?: number }[];
    }[];
  }[];
}

const endpointMetricsUrl = (
  client: MachineLearningClient,
  endpointName: string,
  query: Record<string, string>,
) =>
  `${client.cloud.armEndpoint}${workspaceArmId(client.workspace)}/onlineEndpoints/${encodeURIComponent(endpointName)}/providers/Microsoft.Insights/metrics?${new URLSearchParams({ ...query, 'api-version': METRICS_API_VERSION }).toString()}`;

async function readMetric(
  client: MachineLearningClient,
  endpointName: string,
  query: Record<string, string>,
  signal: AbortSignal | undefined,
): Promise<NonNullable<MetricsResponse['value']>[number]> {
  const reply = await armRequest(client, 'GET', endpointMetricsUrl(client, endpointName, query), {
    signal,
  });
  const metric = (reply.body as MetricsResponse | undefined)?.value?.[0];
  if (!metric)
    throw new Error(
      `Azure Monitor returned no ${query.metricnames} metric for endpoint ${endpointName}`,
    );
  if (metric.errorCode && metric.errorCode !== 'Success') {
    throw new Error(
      `Azure Monitor could not read ${query.metricnames} of endpoint ${endpointName}: ${metric.errorCode}: ${metric.errorMessage ?? ''}`,
    );
  }
  return metric;
}

const dimension = (
  series: { metadatavalues?: { name?: { value?: string }; value?: string }[] },
  name: string,
) =>
  series.metadatavalues?.find((m) => m.name?.value?.toLowerCase() === name.toLowerCase())?.value ??
  '';

/**
 * The figures of each deployment of `endpointName` in [start, end): requests split by deployment
 * and statusCodeClass (errors are 5xx), and the p95 latency by deployment (the worst minute's).
 */
export async function readEndpointWindow(
  client: MachineLearningClient,
  endpointName: string,
  start: number,
  end: number,
  signal?: AbortSignal,
): Promise<Record<string, WindowFigures>> {
  const timespan = `${new Date(start).toISOString()}/${new Date(end).toISOString()}`;
  const common = { timespan, interval: 'PT1M', top: '100' };
  const [requests, latency] = await Promise.all([
    readMetric(
      client,
      endpointName,
      {
        ...common,
        metricnames: REQUESTS_METRIC,
        aggregation: 'Total',
        $filter: "deployment eq '*' and statusCodeClass eq '*'",
      },
      signal,
    ),
    readMetric(
      client,
      endpointName,
      {
        ...common,
        metricnames: LATENCY_P95_METRIC,
        aggregation: 'Average',
        $filter: "deployment eq '*'",
      },
      signal,
    ),
  ]);
  const figures: Record<string, WindowFigures> = {};
  const of = (deployment: string) => (figures[deployment] ??= { requests: 0, errors: 0 });
  for (const series of requests.timeseries ?? []) {
    const deployment = dimension(series, 'deployment');
    const count = (series.data ?? []).reduce((sum, point) => sum + (point.total ?? 0), 0);
    of(deployment).requests += count;
    if (dimension(series, 'statusCodeClass').toLowerCase() === '5xx')
      of(deployment).errors += count;
  }
  for (const series of latency.timeseries ?? []) {
    const values = (series.data ?? [])
      .map((p) => p.average)
      .filter((v): v is number => typeof v === 'number');
    if (values.length > 0) of(dimension(series, 'deployment')).p95Ms = Math.max(...values);
  }
  return figures;
}
