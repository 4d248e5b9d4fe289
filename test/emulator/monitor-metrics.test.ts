/**
 * The emulator's Azure Monitor metrics of an online endpoint, computed from the scoring requests
 * it answered: split and filtered by the documented dimensions, per emulated minute, hidden
 * until the ingestion delay has passed, errors as Azure words them. The clock stands still.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Emulator } from '@mlops-actions/emulator';
import { armToken, raw } from './support.ts';
import { endpointPath } from './online-support.ts';
import { blueGreenEndpoint } from '../support/rollout.ts';
import { startTrustedEmulator } from '../support/emulator.ts';

let em: Emulator;
let token: string;
const ENDPOINT = 'metrics-ep';
let minute: number;

interface Series {
  metadatavalues: { name: { value: string }; value: string }[];
  data: { timeStamp: string; total?: number; average?: number; count?: number }[];
}
const series = (body: unknown, i = 0): Series[] =>
  (body as { value: { timeseries: Series[] }[] }).value[i]?.timeseries ?? [];
const dims = (s: Series) =>
  Object.fromEntries(s.metadatavalues.map((m) => [m.name.value, m.value]));
const sum = (s: Series) => s.data.reduce((a, p) => a + (p.total ?? 0), 0);

beforeAll(async () => {
  em = await startTrustedEmulator({
    timeScale: 0,
    endpointProvisioningSeconds: 0,
    defaultDeployment: { provisioningSeconds: 0 },
    metricsIngestionSeconds: 120,
  });
  token = await armToken(em);
  await blueGreenEndpoint(em, ENDPOINT);
  // blue answers every tenth request 500; green gets requests only by the deployment header.
  em.control.setDeploymentBehaviour(`${ENDPOINT}/blue`, { scoring: { errorRate: 0.1 } });
  minute = Math.floor(em.control.now() / 60_000) * 60_000;
  await em.control.generateTraffic(ENDPOINT, { ratePerSecond: 100, durationMs: 1000 }).done;
});
afterAll(() => em?.stop());

const metrics = (query: Record<string, string>) =>
  raw(
    em,
    'GET',
    `${endpointPath(em, ENDPOINT)}/providers/Microsoft.Insights/metrics?${new URLSearchParams({
      'api-version': '2024-02-01',
      timespan: `${new Date(minute).toISOString()}/${new Date(minute + 5 * 60_000).toISOString()}`,
      interval: 'PT1M',
      ...query,
    }).toString()}`,
    { token },
  );

test('a minute is hidden until the ingestion delay has passed, then counted per deployment and status class', async () => {
  const early = await metrics({
    metricnames: 'RequestsPerMinute',
    aggregation: 'Total',
    $filter: "deployment eq '*'",
  });
  expect(early.status).toBe(200);
  expect(series(early.body)).toEqual([]);

  em.control.advanceClock(180);
  const split = await metrics({
    metricnames: 'RequestsPerMinute',
    aggregation: 'Total',
    $filter: "deployment eq '*' and statusCodeClass eq '*'",
  });
  const found = series(split.body).map((s) => ({
    deployment: dims(s).deployment,
    statuscodeclass: dims(s).statuscodeclass,
    total: sum(s),
  }));
  expect(found.map((f) => `${f.deployment}/${f.statuscodeclass}`).sort()).toEqual([
    'blue/2xx',
    'blue/5xx',
  ]);
  const total = found.reduce((a, f) => a + f.total, 0);
  expect(total).toBe(em.control.deploymentMetrics(ENDPOINT, 'blue')?.requests);
  expect(found.find((f) => f.statuscodeclass === '5xx')?.total).toBe(
    em.control.deploymentMetrics(ENDPOINT, 'blue')?.errors,
  );
  // Five one-minute points; only the first has requests.
  expect(series(split.body)[0]?.data.map((p) => p.timeStamp)).toHaveLength(5);
});

test("filter values and or: statusCode eq '500', deployment eq 'blue' or deployment eq 'green'", async () => {
  const errors = await metrics({
    metricnames: 'RequestsPerMinute',
    aggregation: 'Total',
    $filter: "statusCode eq '500'",
  });
  expect(series(errors.body).map(dims)).toEqual([{ statuscode: '500' }]);
  expect(sum(series(errors.body)[0] as Series)).toBe(
    em.control.deploymentMetrics(ENDPOINT, 'blue')?.errors,
  );
  const either = await metrics({
    metricnames: 'RequestsPerMinute',
    aggregation: 'Total',
    $filter: "deployment eq 'blue' or deployment eq 'green'",
  });
  expect(series(either.body).map(dims)).toEqual([{ deployment: 'blue' }]);
  const latency = await metrics({
    metricnames: 'RequestLatency_P95',
    aggregation: 'Average,Maximum',
    $filter: "deployment eq '*'",
  });
  const [point] = series(latency.body)[0]?.data ?? [];
  expect(typeof point?.average).toBe('number');
});

test('Azure words its errors: an unknown metric, a dimension the metric lacks, a bad interval', async () => {
  const unknown = await metrics({ metricnames: 'CpuUtilizationPercentage' });
  expect(unknown.status).toBe(400);
  expect(unknown.body).toMatchObject({
    error: {
      code: 'BadRequest',
      message: expect.stringContaining('Failed to find metric configuration'),
    },
  });
  const dimension = await metrics({
    metricnames: 'RequestLatency_P95',
    $filter: "statusCodeClass eq '*'",
  });
  expect(dimension.status).toBe(400);
  expect((dimension.body as { error: { message: string } }).error.message).toBe(
    "Metric RequestLatency_P95 has no dimension 'statusCodeClass' (its dimensions: deployment).",
  );
  const ignored = await metrics({
    metricnames: 'RequestLatency_P95',
    $filter: "statusCodeClass eq '*'",
    ValidateDimensions: 'false',
  });
  expect(ignored.status).toBe(200);
  const interval = await metrics({ metricnames: 'RequestsPerMinute', interval: 'PT30S' });
  expect(interval.status).toBe(400);
  const version = await metrics({ metricnames: 'RequestsPerMinute', 'api-version': '2018-01-01' });
  expect(version.status).toBe(400);
});
