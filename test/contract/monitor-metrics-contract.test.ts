/**
 * The emulator's Azure Monitor metrics (Metrics_List, 2024-02-01) against Microsoft's examples:
 * each example's query replayed on an online endpoint (its storage metric and dimension swapped
 * for the endpoint's), the reply shaped like the example's and the spec's Response.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Emulator } from '@mlops-actions/emulator';
import { armToken, raw } from '../emulator/support.ts';
import { endpointPath } from '../emulator/online-support.ts';
import { blueGreenEndpoint } from '../support/rollout.ts';
import { startTrustedEmulator } from '../support/emulator.ts';
import { compareShape } from './shape.ts';
import {
  loadMonitorSpec,
  locateMonitorSpecs,
  readMonitorExample,
  type MonitorExample,
} from './monitor-spec.ts';
import type { Spec } from './spec.ts';

const dir = locateMonitorSpecs();
const ENDPOINT = 'metrics-contract';

describe.skipIf(!dir)(
  `Azure Monitor metrics responses match Microsoft's examples${dir ? '' : ' (skipped: no monitor-metrics specs in $MLOPS_SPECS_DIR or ../shared/specs)'}`,
  () => {
    let em: Emulator;
    let spec: Spec;
    let token: string;

    beforeAll(async () => {
      spec = loadMonitorSpec(dir as string);
      em = await startTrustedEmulator({
        timeScale: 0,
        endpointProvisioningSeconds: 0,
        defaultDeployment: { provisioningSeconds: 0 },
      });
      token = await armToken(em);
      await blueGreenEndpoint(em, ENDPOINT);
      const traffic = em.control.generateTraffic(ENDPOINT, { ratePerSecond: 50, durationMs: 400 });
      await traffic.done;
      em.control.advanceClock(120);
    });
    afterAll(() => em?.stop());

    /** The example's query on the endpoint: its metric names and dimension are the storage account's. */
    const replay = (example: MonitorExample, metricnames: string, filter?: string) => {
      const query = new URLSearchParams();
      const now = em.control.now();
      for (const [name, value] of Object.entries(example.parameters)) {
        if (['resourceUri', 'metricnamespace'].includes(name)) continue;
        if (name === 'metricnames' || name === 'metric') query.set('metricnames', metricnames);
        else if (name === '$filter') query.set('$filter', filter ?? '');
        else if (name === 'timespan') {
          query.set(
            'timespan',
            `${new Date(now - 10 * 60_000).toISOString()}/${new Date(now).toISOString()}`,
          );
        } else query.set(name, String(value));
      }
      return raw(
        em,
        'GET',
        `${endpointPath(em, ENDPOINT)}/providers/Microsoft.Insights/metrics?${query.toString()}`,
        { token },
      );
    };
    const conforms = (body: unknown, example: MonitorExample) =>
      expect(
        compareShape(
          body,
          example.responses['200']?.body,
          spec.operation('Metrics_List').responses['200'],
          spec,
        ),
      ).toEqual([]);

    test('Metrics_List (GetMetric.json): split by a dimension, several aggregations', async () => {
      const example = readMonitorExample(dir as string, 'GetMetric.json');
      const response = await replay(
        example,
        'RequestsPerMinute,RequestLatency_P95',
        "deployment eq '*'",
      );
      expect(response.status).toBe(200);
      conforms(response.body, example);
      const [requests, latency] = (
        response.body as {
          value: {
            name: { value: string };
            unit: string;
            timeseries: { metadatavalues: { value: string }[] }[];
          }[];
        }
      ).value;
      expect(requests?.name.value).toBe('RequestsPerMinute');
      expect(requests?.unit).toBe('Count');
      expect(latency?.unit).toBe('MilliSeconds');
      expect(requests?.timeseries.map((s) => s.metadatavalues[0]?.value)).toEqual(['blue']);
    });

    test('Metrics_List (GetMetricError.json): interval FULL, no filter', async () => {
      const example = readMonitorExample(dir as string, 'GetMetricError.json');
      const response = await replay(example, 'RequestsPerMinute');
      expect(response.status).toBe(200);
      conforms(response.body, example);
      const body = response.body as {
        interval: string;
        value: { timeseries: { data: { average?: number }[] }[] }[];
      };
      expect(body.value[0]?.timeseries[0]?.data).toHaveLength(1);
    });

    test('Metrics_List (GetMetricMetadata.json): resultType metadata has series without data', async () => {
      const example = readMonitorExample(dir as string, 'GetMetricMetadata.json');
      const response = await replay(example, 'RequestsPerMinute', "statusCodeClass eq '*'");
      expect(response.status).toBe(200);
      conforms(response.body, example);
      const series =
        (response.body as { value: { timeseries: { data?: unknown }[] }[] }).value[0]?.timeseries ??
        [];
      expect(series.length).toBeGreaterThan(0);
      expect(series.every((s) => s.data === undefined)).toBe(true);
    });
  },
);
