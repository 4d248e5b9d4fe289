/**
 * The example caller's PROD rollout when the new version degrades: churn:2 passes DEV and TEST,
 * then answers half its PROD requests 500 once it holds 25 % of the traffic; shift-traffic
 * rolls the endpoint back to the backup, the run fails, and the audit trail records the PROD
 * deployment of churn:2 as failed, so a later gate cannot count it as a success.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { whenTrafficReaches } from '@mlops-actions/emulator';
import {
  CHAINED_RUNS_TIME_LIMIT_MS,
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

test(
  'green degrades at 25 % in PROD: rolled back to blue automatically, recorded as failed',
  async () => {
    expect((await pipeline.run('push')).report.conclusion).toBe('success');
    expect((await pipeline.promote('test', '1')).report.conclusion).toBe('success');
    const first = await pipeline.promote('prod', '1', { 'change-ticket': 'CHG0000001' });
    expect(first.report.conclusion).toBe('success');
    pipeline.services.azure.control.setDefaultJobBehaviour({
      durationSeconds: 60,
      metrics: { accuracy: 0.91 },
    });
    expect((await pipeline.run('push')).report.conclusion).toBe('success');
    expect((await pipeline.promote('test', '2')).report.conclusion).toBe('success');

    const { azure } = pipeline.services;
    const degrade = whenTrafficReaches(azure.control, 'churn-prod', 'green', 25, () =>
      azure.control.setDeploymentBehaviour('churn-prod/green', { scoring: { errorRate: 0.5 } }),
    );
    const prod = await underTraffic(pipeline.services, 'churn-prod', () =>
      pipeline.promote('prod', '2', { 'change-ticket': 'CHG0000002' }),
    ).finally(() => degrade.cancel());

    expect(prod.report.conclusion).toBe('failure');
    expect(resultOf(prod, 'promote / deploy')).toBe('failure');
    expect(prod.text).toMatch(/Gate max-error-rate failed at stage 2 \(25 %\)/);
    expect(prod.text).toContain(
      'Rolling back to the backup (blue 100 %, mirror none) in one write.',
    );
    expect(pipeline.traffic('churn-prod')).toEqual({ blue: 100 });
    const deploy = prod.report.jobs.find((j) => j.name === 'promote / deploy');
    expect(deploy?.outputs.result).toBe('rolled-back');
    // The job summary says it, as notify tells Slack when a webhook is given.
    const summary = readdirSync(prod.summaries)
      .filter((f) => f.endsWith('.md'))
      .map((f) => readFileSync(path.join(prod.summaries, f), 'utf8'))
      .join('\n');
    expect(summary).toMatch(/rollback/i);
    expect(summary).toContain('Gate max-error-rate failed at stage 2 (25 %)');
    expect(await pipeline.deploymentRecords()).toEqual([
      'dev churn:1 - success',
      'test churn:1 - success',
      'prod churn:1 CHG0000001 success',
      'dev churn:2 - success',
      'test churn:2 - success',
      'prod churn:2 CHG0000002 failure',
    ]);
  },
  CHAINED_RUNS_TIME_LIMIT_MS,
);
