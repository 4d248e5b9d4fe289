/**
 * Azure Monitor metrics of online endpoints (`GET {endpoint id}/providers/Microsoft.Insights/metrics`,
 * api-version 2024-02-01), computed from the scoring requests the emulator answered, bucketed per
 * emulated minute. The names, units and dimensions are those Microsoft documents for
 * Microsoft.MachineLearningServices/workspaces/onlineEndpoints; `$filter` takes `dim eq 'v'`,
 * `dim eq '*'` (split), `or` between values of one dimension and `and` between dimensions.
 * Minutes younger than the ingestion delay are not visible yet, as in Azure.
 */
import { armError, param, type ApiRequest, type Reply } from '../http.ts';
import type { Route } from '../router.ts';
import type { EmulatorState } from '../state.ts';
import { MINUTE_MS, percentile, type MinuteBucket } from '../data-plane/deployment-metrics.ts';
import { WORKSPACE_PATH } from './api.ts';
import { requireEndpoint } from './online-endpoints.ts';
import { findWorkspace, workspaceId } from './workspaces.ts';

export const METRICS_API_VERSION = '2024-02-01';
const NAMESPACE = 'microsoft.machinelearningservices/workspaces/onlineendpoints';

type Aggregation = 'average' | 'minimum' | 'maximum' | 'total' | 'count';
const AGGREGATIONS: readonly Aggregation[] = ['average', 'minimum', 'maximum', 'total', 'count'];

/** One request as a metric sees it: its dimension values and its latency. */
interface Sample {
  dims: Record<string, string>;
  latencyMs: number;
}

interface MetricDefinition {
  name: string;
  localizedName: string;
  description: string;
  unit: string;
  dimensions: readonly string[];
  /** The minute's value of a group of samples. */
  value: (samples: Sample[]) => number;
}

const REQUEST_DIMENSIONS = ['deployment', 'statusCode', 'statusCodeClass', 'modelStatusCode'];

const p = (n: number) => (samples: Sample[]) =>
  percentile(
    samples.map((s) => s.latencyMs).sort((a, b) => a - b),
    n,
  );

/** The endpoint metrics served (the rest of Microsoft's list is not emulated). */
const METRICS: readonly MetricDefinition[] = [
  {
    name: 'RequestsPerMinute',
    localizedName: 'Requests Per Minute',
    description: 'The number of requests sent to online endpoint within a minute',
    unit: 'Count',
    dimensions: REQUEST_DIMENSIONS,
    value: (samples) => samples.length,
  },
  ...([50, 90, 95, 99] as const).map((n) => ({
    name: `RequestLatency_P${n}`,
    localizedName: `Request Latency P${n}`,
    description: `The ${n}th percentile of the request latency of the online endpoint, in milliseconds`,
    unit: 'MilliSeconds',
    dimensions: ['deployment'],
    value: p(n),
  })),
];

const badRequest = (message: string) => armError(400, 'BadRequest', message);

/** `PT1M`, `PT1H`, `P1D` as ms; `FULL` as the whole timespan. */
function parseInterval(text: string | null, spanMs: number): { ms: number; text: string } {
  if (text === null || text === '') return { ms: MINUTE_MS, text: 'PT1M' };
  if (text.toUpperCase() === 'FULL') return { ms: spanMs, text: isoDuration(spanMs) };
  const ms = parseIsoDuration(text);
  if (ms === undefined || ms < MINUTE_MS) {
    throw badRequest(
      `Invalid interval '${text}': expected an ISO 8601 duration of at least PT1M (PT1M, PT5M, PT1H, P1D) or FULL.`,
    );
  }
  return { ms, text: text.toUpperCase() };
}

function parseIsoDuration(text: string): number | undefined {
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/i.exec(text);
  if (!m || text.length < 3) return undefined;
  const [d, h, min, s] = m.slice(1).map((v) => Number(v ?? 0)) as [number, number, number, number];
  return (((d * 24 + h) * 60 + min) * 60 + s) * 1000;
}

function isoDuration(ms: number): string {
  const minutes = Math.round(ms / MINUTE_MS);
  return minutes % 60 === 0 ? `PT${minutes / 60}H` : `PT${minutes}M`;
}

/** `start/end` or `start/duration`; default: the hour before now. */
function parseTimespan(text: string | null, now: number): { start: number; end: number } {
  if (text === null || text === '') return { start: now - 3_600_000, end: now };
  const [a = '', b = ''] = text.split('/');
  const start = Date.parse(a);
  const duration = parseIsoDuration(b);
  const end = duration === undefined ? Date.parse(b) : start + duration;
  if (Number.isNaN(start) || Number.isNaN(end) || end <= start) {
    throw badRequest(
      `Invalid timespan '${text}': expected 'start/end' in ISO 8601 with the end after the start.`,
    );
  }
  return { start, end };
}

/** `$filter` as dimension -> the values asked for ('*' for every value). */
function parseFilter(
  text: string | null,
  metric: MetricDefinition,
  validate: boolean,
): Map<string, Set<string>> {
  const wanted = new Map<string, Set<string>>();
  if (text === null || text.trim() === '') return wanted;
  for (const group of text.split(/\s+and\s+/i)) {
    let dimension: string | undefined;
    const values = new Set<string>();
    for (const clause of group.split(/\s+or\s+/i)) {
      const m = /^\s*\(?\s*([A-Za-z][\w.]*)\s+eq\s+'([^']*)'\s*\)?\s*$/i.exec(clause);
      if (!m)
        throw badRequest(
          `Invalid $filter '${text}': expected clauses like "deployment eq 'blue'" joined by and / or.`,
        );
      const name = metric.dimensions.find(
        (d) => d.toLowerCase() === (m[1] as string).toLowerCase(),
      );
      if (dimension !== undefined && name !== dimension) {
        throw badRequest(`Invalid $filter '${text}': or can only join values of one dimension.`);
      }
      if (name === undefined) {
        if (validate) {
          throw badRequest(
            `Metric ${metric.name} has no dimension '${m[1]}' (its dimensions: ${metric.dimensions.join(', ')}).`,
          );
        }
        continue;
      }
      dimension = name;
      values.add(m[2] as string);
    }
    if (dimension !== undefined) wanted.set(dimension, values);
  }
  return wanted;
}

function samplesOf(minute: MinuteBucket, deployment: string): Sample[] {
  const samples: Sample[] = [];
  let i = 0;
  for (const [status, count] of minute.byStatus) {
    for (let n = 0; n < count; n++) {
      samples.push({
        dims: {
          deployment,
          statusCode: String(status),
          statusCodeClass: `${Math.floor(status / 100)}xx`,
          modelStatusCode: String(status),
        },
        latencyMs: minute.latencies[i] ?? 0,
      });
      i += 1;
    }
  }
  return samples;
}

const matches = (sample: Sample, wanted: Map<string, Set<string>>): boolean =>
  [...wanted].every(
    ([dim, values]) =>
      values.has('*') ||
      [...values].some((v) => v.toLowerCase() === (sample.dims[dim] ?? '').toLowerCase()),
  );

function aggregate(values: number[], aggregations: Aggregation[]): Record<string, number> {
  if (values.length === 0) return {};
  const total = values.reduce((a, b) => a + b, 0);
  const all: Record<Aggregation, number> = {
    average: total / values.length,
    minimum: Math.min(...values),
    maximum: Math.max(...values),
    total,
    count: values.length,
  };
  return Object.fromEntries(aggregations.map((a) => [a, all[a]]));
}

function listMetrics(req: ApiRequest, state: EmulatorState): Reply {
  const ws = findWorkspace(req, state);
  const now = state.clock.now();
  const endpoint = requireEndpoint(ws, param(req, 'endpointName'), now);
  const q = req.query;
  const names = (q.get('metricnames') ?? q.get('metric') ?? '')
    .split(',')
    .map((n) => n.trim())
    .filter(Boolean);
  if (names.length === 0)
    throw badRequest(
      `metricnames: expected one or more of ${METRICS.map((m) => m.name).join(', ')}.`,
    );
  const metrics = names.map((name) => {
    const found = METRICS.find((m) => m.name.toLowerCase() === name.toLowerCase());
    if (!found) {
      throw badRequest(
        `Failed to find metric configuration for provider: Microsoft.MachineLearningServices, resource Type: workspaces/onlineEndpoints, metric: ${name}, Valid metrics: ${METRICS.map((m) => m.name).join(',')}`,
      );
    }
    return found;
  });
  const { start, end } = parseTimespan(q.get('timespan'), now);
  const interval = parseInterval(q.get('interval'), end - start);
  const aggregations = (q.get('aggregation') ?? 'average')
    .split(',')
    .map((a) => a.trim().toLowerCase());
  for (const a of aggregations) {
    if (!AGGREGATIONS.includes(a as Aggregation))
      throw badRequest(`Invalid aggregation '${a}': expected ${AGGREGATIONS.join(', ')}.`);
  }
  const metadataOnly =
    (q.get('resultType') ?? q.get('resulttype') ?? '').toLowerCase() === 'metadata';
  const top = Number(q.get('top') ?? 10);
  const validate = (q.get('ValidateDimensions') ?? 'true').toLowerCase() !== 'false';
  const visibleUntil = now - state.metricsIngestionSeconds * 1000;
  const full = (q.get('interval') ?? '').toUpperCase() === 'FULL';
  // FULL is one point for the whole timespan; other grains are aligned on whole minutes.
  const first = full ? start : Math.floor(start / MINUTE_MS) * MINUTE_MS;
  const buckets: number[] = [];
  for (let t = first; t < end; t += interval.ms) buckets.push(t);
  const resourceId = `${workspaceId(ws)}/onlineEndpoints/${endpoint.name}`;

  const value = metrics.map((metric) => {
    const wanted = parseFilter(q.get('$filter'), metric, validate);
    const split = [...wanted.keys()];
    // series key -> bucket start -> minute -> samples
    const series = new Map<
      string,
      { dims: Record<string, string>; minutes: Map<number, Sample[]>[] }
    >();
    for (const deployment of endpoint.deployments.values()) {
      for (const [minute, bucket] of deployment.metrics.minutes()) {
        if (minute < first || minute >= end || minute + MINUTE_MS > visibleUntil) continue;
        const index = Math.floor((minute - first) / interval.ms);
        for (const sample of samplesOf(bucket, deployment.name)) {
          if (!matches(sample, wanted)) continue;
          const dims = Object.fromEntries(split.map((d) => [d, sample.dims[d] ?? '']));
          const key = JSON.stringify(dims);
          let entry = series.get(key);
          if (!entry) series.set(key, (entry = { dims, minutes: buckets.map(() => new Map()) }));
          const perMinute = entry.minutes[index] as Map<number, Sample[]>;
          perMinute.set(minute, [...(perMinute.get(minute) ?? []), sample]);
        }
      }
    }
    if (series.size === 0 && split.length === 0)
      series.set('{}', { dims: {}, minutes: buckets.map(() => new Map()) });
    const timeseries = [...series.values()].slice(0, Math.max(1, top)).map((s) => ({
      metadatavalues: Object.entries(s.dims).map(([name, v]) => ({
        name: { value: name.toLowerCase(), localizedValue: name.toLowerCase() },
        value: v,
      })),
      ...(metadataOnly
        ? {}
        : {
            data: buckets.map((t, i) => ({
              timeStamp: new Date(t).toISOString().replace('.000Z', 'Z'),
              ...aggregate(
                [...(s.minutes[i] as Map<number, Sample[]>).values()].map(metric.value),
                aggregations as Aggregation[],
              ),
            })),
          }),
    }));
    return {
      id: `${resourceId}/providers/Microsoft.Insights/metrics/${metric.name}`,
      type: 'Microsoft.Insights/metrics',
      name: { value: metric.name, localizedValue: metric.localizedName },
      displayDescription: metric.description,
      unit: metric.unit,
      timeseries,
      errorCode: 'Success',
    };
  });
  const isoSecond = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return {
    status: 200,
    body: {
      cost: metadataOnly ? 0 : buckets.length * metrics.length,
      timespan: `${isoSecond(start)}/${isoSecond(end)}`,
      interval: interval.text,
      value,
      namespace: NAMESPACE,
      resourceregion: endpoint.location,
    },
  };
}

export const monitorMetricsRoutes: Route[] = [
  {
    name: 'monitor.metrics',
    summary:
      'Azure Monitor metrics of an online endpoint: RequestsPerMinute, RequestLatency_P50/P90/P95/P99, per emulated minute',
    method: 'GET',
    path: `${WORKSPACE_PATH}/onlineEndpoints/{endpointName}/providers/Microsoft.Insights/metrics`,
    group: 'arm',
    auth: true,
    apiVersion: METRICS_API_VERSION,
    handler: listMetrics,
  },
];
