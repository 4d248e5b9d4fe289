/**
 * The example caller, .github/workflows/mlops-pipeline.yml, and the reusable workflows it calls,
 * run as written by the local runner against the emulators: a pull request validated; DEV on a
 * push; PROD refused before TEST, and without a ticket, with no Azure write; TEST on one
 * approval; the first PROD release with a ticket the API approves and two approvers; the next
 * version promoted to PROD by a progressive rollout under traffic; and a manual restore from
 * that rollout's backup.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { changesSince } from '../e2e/deploy-endpoint-support.ts';
import {
  CHAINED_RUNS_TIME_LIMIT_MS,
  PROD_APPROVERS,
  startPipeline,
  underTraffic,
  type Pipeline,
} from './pipeline-support.ts';
import { resultOf } from './support.ts';

let pipeline: Pipeline;
beforeAll(async () => {
  pipeline = await startPipeline(0.87);
});
afterAll(async () => {
  await pipeline?.stop();
});

test('a pull request is validated by pr-validate.yml and nothing trains or deploys', async () => {
  pipeline.services.github.control.updatePull({
    files: [
      {
        filename: 'examples/jobs/train.yml',
        status: 'modified',
        patch: '@@ -1,1 +1,1 @@\n-display_name: churn\n+display_name: churn-v2',
      },
    ],
  });
  const run = await pipeline.run('pull_request');
  expect(run.report.conclusion).toBe('success');
  expect(resultOf(run, 'validate / validate')).toBe('success');
  expect(resultOf(run, 'train')).toBe('skipped');
  expect(resultOf(run, 'promote')).toBe('skipped');
  const validate = run.report.jobs.find((j) => j.name === 'validate / validate');
  expect(JSON.parse(validate?.outputs.changed ?? 'null')).toEqual(['churn']);
  expect(pipeline.services.github.control.comments()).toHaveLength(1);
  expect(pipeline.services.azure.control.stats().jobsCreated).toBe(0);
});

test('a push to main trains churn:1 in DEV, registers it and deploys it to DEV', async () => {
  const run = await pipeline.run('push');
  expect(run.report.conclusion).toBe('success');
  expect(resultOf(run, 'validate')).toBe('skipped');
  expect(resultOf(run, 'train / train')).toBe('success');
  expect(resultOf(run, 'deploy-dev / approval')).toBe('skipped');
  expect(resultOf(run, 'deploy-dev / deploy')).toBe('success');
  expect(pipeline.traffic('churn-dev')).toEqual({ blue: 100 });
  expect(pipeline.served('churn-dev')).toEqual({ blue: 'churn:1' });
  expect(await pipeline.deploymentRecords()).toEqual(['dev churn:1 - success']);
  // The run's artifacts: each job's audit records under a name of its own, as GitHub requires.
  expect(readdirSync(path.join(run.summaries, 'artifacts')).sort()).toEqual([
    'mlops-audit-deploy-dev',
    'mlops-audit-train-dev',
  ]);
});

test('PROD before TEST, and PROD without a change ticket: refused by the gate, nothing written to Azure', async () => {
  const mark = pipeline.services.azure.control.stats().requests.length;
  const early = await pipeline.promote('prod', '1', { 'change-ticket': 'CHG0000001' });
  expect(early.report.conclusion).toBe('failure');
  expect(early.text).toContain('FAIL passed test: churn:1 was never deployed to test');
  expect(early.text).toMatch(/promotion of churn:1 to prod refused by 1 of \d+ checks/);

  const noTicket = await pipeline.promote('prod', '1');
  expect(noTicket.report.conclusion).toBe('failure');
  expect(noTicket.text).toContain(
    'FAIL change ticket: no change ticket given; expected one matching ^CHG\\d{7}$',
  );
  for (const run of [early, noTicket]) {
    expect(resultOf(run, 'promote / approval')).toBe('success');
    const deploy = run.report.jobs.find((j) => j.name === 'promote / deploy');
    expect(deploy?.steps.filter((s) => s.outcome === 'success').map((s) => s.name)).toEqual([
      'actions/checkout@08c6903cd8c0fde910a37f88322edcfb5dd907a8',
      'mlops-actions/mlops-actions/actions/notify@v1',
      'mlops-actions/mlops-actions/actions/notify@v1',
    ]);
  }
  expect(changesSince(pipeline.services.azure, mark)).toEqual([]);
  expect(pipeline.traffic('churn-prod')).toBeUndefined();
  expect(await pipeline.deploymentRecords()).toEqual(['dev churn:1 - success']);
});

test(
  'TEST on one approval from its reviewer; then the first PROD release, with a ticket the API approves and two approvers',
  async () => {
    const unapproved = await pipeline.run('workflow_dispatch', {
      target: 'test',
      'model-version': '1',
    });
    expect(unapproved.report.conclusion).toBe('failure');
    expect(pipeline.traffic('churn-test')).toBeUndefined();

    const toTest = await pipeline.promote('test', '1');
    expect(toTest.report.conclusion).toBe('success');
    expect(toTest.text).toContain('pass approvals: 1 of 1 distinct approvers for test (qa-lead)');
    // TEST passes only with the integration tests (examples/integration) against the new deployment.
    expect(toTest.text).toMatch(/pass one-customer: HTTP 200 in \d+ ms/);
    expect(toTest.text).toMatch(/pass three-customers: HTTP 200 in \d+ ms/);
    expect(pipeline.traffic('churn-test')).toEqual({ blue: 100 });

    const prod = await pipeline.promote('prod', '1', { 'change-ticket': 'CHG0000001' });
    expect(prod.report.conclusion).toBe('success');
    expect(prod.text).toContain(
      'pass change ticket approved and in its window: CHG0000001 approved',
    );
    expect(prod.text).toContain(
      'pass approvals: 2 of 2 distinct approvers for prod-approval then prod (release-manager, sre-lead)',
    );
    expect(prod.text).toContain(
      'a first release, with no live traffic to protect; no backup taken',
    );
    expect(pipeline.traffic('churn-prod')).toEqual({ blue: 100 });
    expect(pipeline.tickets.requests.map((r) => r.url)).toContainEqual(
      expect.stringContaining('sysparm_query=number%3DCHG0000001'),
    );
    expect(await pipeline.deploymentRecords()).toEqual([
      'dev churn:1 - success',
      'test churn:1 - success',
      'prod churn:1 CHG0000001 success',
    ]);
  },
  CHAINED_RUNS_TIME_LIMIT_MS,
);

test(
  'churn:2, better, through DEV and TEST, then to PROD by a progressive rollout; restored by hand from its backup',
  async () => {
    pipeline.services.azure.control.setDefaultJobBehaviour({
      durationSeconds: 60,
      metrics: { accuracy: 0.91 },
    });
    expect((await pipeline.run('push')).report.conclusion).toBe('success');
    expect(pipeline.traffic('churn-dev')).toEqual({ blue: 0, green: 100 });
    expect((await pipeline.promote('test', '2')).report.conclusion).toBe('success');

    const prod = await underTraffic(pipeline.services, 'churn-prod', () =>
      pipeline.promote('prod', '2', { 'change-ticket': 'CHG0000002' }),
    );
    expect(prod.report.conclusion).toBe('success');
    expect(prod.text).toContain('Stage 1 (step): traffic blue 90 %, green 10 %, mirror none.');
    expect(prod.text).toContain('Stage 4 (step): traffic green 100 %, mirror none.');
    expect(pipeline.traffic('churn-prod')).toEqual({ blue: 0, green: 100 });
    expect(pipeline.served('churn-prod')).toEqual({ blue: 'churn:1', green: 'churn:2' });
    const deploy = prod.report.jobs.find((j) => j.name === 'promote / deploy');
    expect(deploy?.outputs.result).toBe('promoted');
    const backupId = deploy?.outputs['backup-id'] ?? '';
    expect(backupId).toMatch(/^\d{8}T\d{9}Z-[0-9a-f]{12}$/);

    const restore = await pipeline.run(
      'workflow_dispatch',
      { action: 'rollback', target: 'prod', 'backup-id': backupId, 'change-ticket': 'CHG0000002' },
      PROD_APPROVERS,
    );
    expect(restore.report.conclusion).toBe('success');
    expect(resultOf(restore, 'promote')).toBe('skipped');
    expect(restore.text).toContain(`Endpoint churn-prod is at backup ${backupId}: verified`);
    expect(pipeline.traffic('churn-prod')).toEqual({ blue: 100 });
    expect((await pipeline.deploymentRecords()).slice(3)).toEqual([
      'dev churn:2 - success',
      'test churn:2 - success',
      'prod churn:2 CHG0000002 success',
    ]);
  },
  CHAINED_RUNS_TIME_LIMIT_MS,
);
