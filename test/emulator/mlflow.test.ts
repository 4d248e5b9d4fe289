import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Emulator } from '@mlops-actions/emulator';
import { parseCliArgs } from '../../packages/emulator/src/cli.ts';
import {
  armClient,
  armToken,
  commandJob,
  raw,
  startTrustedEmulator,
  waitForJob,
  workspacePath,
} from './support.ts';

interface RunBody {
  run: {
    info: { run_id: string; status: string; end_time?: number; experiment_id: string };
    data: {
      metrics: { key: string; value: number; step: number }[];
      tags: { key: string; value: string }[];
    };
  };
}

describe('the MLflow tracking API of the workspace', () => {
  let em: Emulator;
  let client: ReturnType<typeof armClient>;
  let token: string;

  beforeAll(async () => {
    em = await startTrustedEmulator({ timeScale: 600 });
    client = armClient(em);
    token = await armToken(em);
  });
  afterAll(() => em.stop());

  const mlflow = (path: string) =>
    raw(em, 'GET', `/mlflow/v1.0${workspacePath(em)}/api/2.0/mlflow/${path}`, { token });

  test("the workspace's mlFlowTrackingUri leads to the API", async () => {
    const ws = await client.workspaces.get(em.resourceGroup, em.workspace);
    const base = ws.mlFlowTrackingUri?.replace(/^azureml:/, 'https:');
    const response = await fetch(`${base}/api/2.0/mlflow/runs/get?run_id=none`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(404);
  });

  test('a job logs its behaviour metrics once Completed, not before', async () => {
    // 600 emulated seconds: one real second at timeScale 600.
    em.control.setJobBehaviour('metrics-job', {
      durationSeconds: 600,
      metrics: { accuracy: 0.91 },
    });
    await client.jobs.createOrUpdate(
      em.resourceGroup,
      em.workspace,
      'metrics-job',
      commandJob({ tags: { team: 'churn' } }),
    );

    const early = await mlflow('runs/get?run_id=metrics-job');
    expect(early.status).toBe(200);
    const running = (early.body as RunBody).run;
    expect(running.info).toMatchObject({ run_id: 'metrics-job', status: 'RUNNING' });
    expect(running.info.end_time).toBeUndefined();
    expect(running.data.metrics).toEqual([]);
    expect(
      (await mlflow('metrics/get-history?run_id=metrics-job&metric_key=accuracy')).body,
    ).toEqual({ metrics: [] });

    await waitForJob(client, em, 'metrics-job', (s) => s === 'Completed');
    const done = (await mlflow('runs/get?run_id=metrics-job')).body as RunBody;
    expect(done.run.info.status).toBe('FINISHED');
    expect(done.run.info.end_time).toEqual(expect.any(Number));
    expect(done.run.data.metrics).toEqual([
      { key: 'accuracy', value: 0.91, timestamp: done.run.info.end_time, step: 0 },
    ]);
    expect(done.run.data.tags).toEqual(
      expect.arrayContaining([
        { key: 'mlflow.runName', value: 'train' },
        { key: 'team', value: 'churn' },
      ]),
    );
    const history = await mlflow('metrics/get-history?run_id=metrics-job&metric_key=accuracy');
    expect(history.body).toEqual({ metrics: done.run.data.metrics });
  });

  test('a failed job keeps the metrics it logged; its run is FAILED', async () => {
    em.control.setJobBehaviour('failing-job', {
      durationSeconds: 60,
      outcome: 'fail',
      metrics: { loss: 1.7 },
    });
    await client.jobs.createOrUpdate(em.resourceGroup, em.workspace, 'failing-job', commandJob());
    await waitForJob(client, em, 'failing-job', (s) => s === 'Failed');
    const { run } = (await mlflow('runs/get?run_id=failing-job')).body as RunBody;
    expect(run.info.status).toBe('FAILED');
    expect(run.data.metrics.map((m) => [m.key, m.value])).toEqual([['loss', 1.7]]);
  });

  test('a missing run is 404 RESOURCE_DOES_NOT_EXIST, in MLflow’s error dialect', async () => {
    const missing = await mlflow('runs/get?run_id=no-such-run');
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({
      error_code: 'RESOURCE_DOES_NOT_EXIST',
      message: "Run 'no-such-run' not found",
    });
    const noKey = await mlflow('metrics/get-history?run_id=no-such-run');
    expect(noKey.status).toBe(400);
    expect(noKey.body).toMatchObject({ error_code: 'INVALID_PARAMETER_VALUE' });
  });

  test('needs an access token', async () => {
    const anonymous = await raw(
      em,
      'GET',
      `/mlflow/v1.0${workspacePath(em)}/api/2.0/mlflow/runs/get?run_id=x`,
    );
    expect(anonymous.status).toBe(401);
  });
});

describe('the metrics job behaviour', () => {
  test('is validated, naming the bad metric', async () => {
    const em = await startTrustedEmulator();
    try {
      expect(() => em.control.setJobBehaviour('x', { metrics: { accuracy: Number.NaN } })).toThrow(
        'behaviour.metrics.accuracy: expected a finite number',
      );
      const viaHttp = await raw(em, 'PUT', '/_emulator/job-behaviour', {
        body: { behaviour: { metrics: ['accuracy'] } },
      });
      expect(viaHttp.status).toBe(400);
      expect(JSON.stringify(viaHttp.body)).toContain('behaviour.metrics: expected an object');
    } finally {
      await em.stop();
    }
  });

  test('comes from the CLI flag --job-metrics', () => {
    const options = parseCliArgs(['--job-metrics', 'accuracy=0.91,loss=0.2']);
    expect(options).toMatchObject({
      emulator: { defaultJob: { metrics: { accuracy: 0.91, loss: 0.2 } } },
    });
    expect(() => parseCliArgs(['--job-metrics', 'accuracy=high'])).toThrow(
      "--job-metrics: expected name=number pairs like accuracy=0.91, got 'accuracy=high'",
    );
  });
});
