import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Emulator } from '@mlops-actions/emulator';
import {
  armClient,
  armToken,
  commandJob,
  raw,
  startTrustedEmulator,
  waitForJob,
  workspacePath,
} from './support.ts';

describe('the real Azure ML SDK with a client secret against the emulator', () => {
  let em: Emulator;
  let client: ReturnType<typeof armClient>;

  beforeAll(async () => {
    em = await startTrustedEmulator({ timeScale: 600, defaultJob: { durationSeconds: 120 } });
    client = armClient(em);
  });
  afterAll(() => em.stop());

  test('reads the seeded workspace with its discovery and MLflow URIs', async () => {
    const ws = await client.workspaces.get(em.resourceGroup, em.workspace);
    expect(ws.name).toBe(em.workspace);
    expect(ws.discoveryUrl).toBe(`${em.url}/discovery`);
    expect(ws.mlFlowTrackingUri).toBe(
      `azureml://${new URL(em.url).host}/mlflow/v1.0${workspacePath(em)}`,
    );
    expect(em.control.stats().accessTokensIssued).toBeGreaterThan(0);
  });

  test('an unknown workspace is a 404 naming it', async () => {
    await expect(client.workspaces.get(em.resourceGroup, 'no-such-ws')).rejects.toMatchObject({
      statusCode: 404,
      code: 'ResourceNotFound',
      message: expect.stringContaining('no-such-ws'),
    });
  });

  test('a job is created, runs and completes with output URIs and Studio/Tracking services', async () => {
    const created = await client.jobs.createOrUpdate(
      em.resourceGroup,
      em.workspace,
      'job-complete',
      commandJob(),
    );
    expect(created.properties.status).toBe('NotStarted');
    expect(created.properties.services?.Studio?.endpoint).toBe(
      `https://ml.azure.com/runs/job-complete?wsid=${workspacePath(em)}&tid=${em.tenantId}`,
    );
    expect(created.properties.services?.Tracking?.endpoint).toMatch(
      /^azureml:\/\/127\.0\.0\.1:\d+\/mlflow\/v1\.0\//,
    );

    const done = await waitForJob(client, em, 'job-complete', (s) => s === 'Completed');
    expect(
      (done.properties as { outputs?: Record<string, { uri?: string }> }).outputs?.model?.uri,
    ).toBe('azureml://datastores/workspaceblobstore/paths/azureml/job-complete/model/');
    expect(em.control.job('job-complete')?.history.map((h) => h.status)).toEqual([
      'NotStarted',
      'Queued',
      'Running',
      'Completed',
    ]);
  });

  test('a retried PUT returns the same job; a different body under the same name is a 409', async () => {
    const before = em.control.stats().jobsCreated;
    await client.jobs.createOrUpdate(em.resourceGroup, em.workspace, 'job-retry', commandJob());
    const again = await client.jobs.createOrUpdate(
      em.resourceGroup,
      em.workspace,
      'job-retry',
      commandJob(),
    );
    expect(again.name).toBe('job-retry');
    expect(em.control.stats().jobsCreated).toBe(before + 1);

    await expect(
      client.jobs.createOrUpdate(
        em.resourceGroup,
        em.workspace,
        'job-retry',
        commandJob({ command: 'python other.py' }),
      ),
    ).rejects.toMatchObject({
      statusCode: 409,
      code: 'UserError',
      message: expect.stringContaining("A job with name 'job-retry' already exists"),
    });
  });

  test('a job without a command is a 400 naming the field', async () => {
    await expect(
      client.jobs.createOrUpdate(
        em.resourceGroup,
        em.workspace,
        'job-bad',
        commandJob({ command: '' }),
      ),
    ).rejects.toMatchObject({
      statusCode: 400,
      code: 'UserError',
      message: expect.stringContaining('properties.command'),
    });
  });

  test('a job whose codeId or environmentId names no registered version is a 400 naming it, and no job', async () => {
    const before = em.control.stats().jobsCreated;
    const ws = workspacePath(em);
    await expect(
      client.jobs.createOrUpdate(
        em.resourceGroup,
        em.workspace,
        'job-no-code',
        commandJob({ codeId: `${ws}/codes/no-such-code/versions/1` }),
      ),
    ).rejects.toMatchObject({
      statusCode: 400,
      code: 'UserError',
      message: expect.stringContaining(
        "properties.codeId: code 'no-such-code' version '1' was not found",
      ),
    });
    await expect(
      client.jobs.createOrUpdate(
        em.resourceGroup,
        em.workspace,
        'job-no-env',
        commandJob({ environmentId: `${ws}/environments/sklearn-1.5/versions/99` }),
      ),
    ).rejects.toMatchObject({
      statusCode: 400,
      message: expect.stringContaining(
        "properties.environmentId: environment 'sklearn-1.5' version '99' was not found",
      ),
    });
    const seeded = await client.jobs.createOrUpdate(
      em.resourceGroup,
      em.workspace,
      'job-seeded-assets',
      commandJob({
        codeId: `${ws}/codes/churn-src/versions/1`,
        environmentId: `${ws}/environments/sklearn-1.5/versions/1`,
      }),
    );
    expect(seeded.name).toBe('job-seeded-assets');
    expect(em.control.stats().jobsCreated).toBe(before + 1);
  });

  test('a failed job reports Failed, and run history carries the error code and message', async () => {
    em.control.setJobBehaviour('job-fail', {
      outcome: 'fail',
      errorCode: 'UserError',
      errorMessage: 'OOM in epoch 2',
    });
    await client.jobs.createOrUpdate(em.resourceGroup, em.workspace, 'job-fail', commandJob());
    await waitForJob(client, em, 'job-fail', (s) => s === 'Failed');

    const details = await raw(
      em,
      'GET',
      `/history/v1.0${workspacePath(em)}/runs/job-fail/details`,
      {
        token: await armToken(em),
      },
    );
    expect(details.status).toBe(200);
    expect(details.body).toMatchObject({
      runId: 'job-fail',
      status: 'Failed',
      error: { error: { code: 'UserError', message: 'OOM in epoch 2' } },
    });
  });

  test('behaviour can be steered by displayName; not-responding recovers and completes', async () => {
    em.control.setJobBehaviour('flaky-train', { outcome: 'not-responding' });
    await client.jobs.createOrUpdate(
      em.resourceGroup,
      em.workspace,
      'job-nr',
      commandJob({ displayName: 'flaky-train' }),
    );
    await waitForJob(client, em, 'job-nr', (s) => s === 'Completed');
    expect(em.control.job('job-nr')?.history.map((h) => h.status)).toEqual([
      'NotStarted',
      'Queued',
      'Running',
      'NotResponding',
      'Running',
      'Completed',
    ]);
  });

  test('beginCancelAndWait completes and the job then reads Canceled', async () => {
    em.control.setJobBehaviour('job-cancel', { outcome: 'stall' });
    await client.jobs.createOrUpdate(em.resourceGroup, em.workspace, 'job-cancel', commandJob());
    await client.jobs.beginCancelAndWait(em.resourceGroup, em.workspace, 'job-cancel', {
      updateIntervalInMs: 10,
    });
    const job = await client.jobs.get(em.resourceGroup, em.workspace, 'job-cancel');
    expect(job.properties.status).toBe('Canceled');
    expect(em.control.job('job-cancel')).toMatchObject({ cancelRequested: true });
    // Cancelling a finished job changes nothing.
    await client.jobs.beginCancelAndWait(em.resourceGroup, em.workspace, 'job-cancel', {
      updateIntervalInMs: 10,
    });
    expect(
      em.control.job('job-cancel')?.history.filter((h) => h.status === 'Canceled'),
    ).toHaveLength(1);
  });

  test('an unknown job is a 404 for get and cancel', async () => {
    await expect(client.jobs.get(em.resourceGroup, em.workspace, 'ghost')).rejects.toMatchObject({
      statusCode: 404,
    });
    await expect(
      client.jobs.beginCancelAndWait(em.resourceGroup, em.workspace, 'ghost'),
    ).rejects.toMatchObject({ statusCode: 404 });
  });

  test('list pages through every job with nextLink', async () => {
    const names = Array.from({ length: 55 }, (_, i) => `job-list-${i}`);
    const token = await armToken(em);
    for (const name of names) {
      const put = await raw(em, 'PUT', `${workspacePath(em)}/jobs/${name}?api-version=2022-10-01`, {
        token,
        body: commandJob(),
      });
      expect(put.status).toBe(201);
    }
    const firstPage = await raw(em, 'GET', `${workspacePath(em)}/jobs?api-version=2022-10-01`, {
      token,
    });
    expect((firstPage.body as { nextLink?: string }).nextLink).toContain('$skipToken=50');

    const listed: string[] = [];
    for await (const job of client.jobs.list(em.resourceGroup, em.workspace))
      listed.push(job.name ?? '');
    expect(listed).toEqual(expect.arrayContaining([...names, 'job-complete', 'job-cancel']));
    expect(new Set(listed).size).toBe(listed.length);
  });
});
