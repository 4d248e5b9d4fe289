/**
 * The example caller's daily schedule: it trains only when the newest version of the model is
 * older than 30 days on the registry's clock, and deploys to DEV only a better model.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { CHAINED_RUNS_TIME_LIMIT_MS, startPipeline, type Pipeline } from './pipeline-support.ts';
import { resultOf } from './support.ts';

const DAY_SECONDS = 24 * 3600;
let pipeline: Pipeline;
beforeAll(async () => {
  pipeline = await startPipeline(0.87);
});
afterAll(async () => {
  await pipeline?.stop();
});

const trainOutputs = (run: Awaited<ReturnType<Pipeline['run']>>) =>
  run.report.jobs.find((j) => j.name === 'train')?.outputs;

test(
  'a fresh model is not retrained; 31 days on, a worse one is registered and DEV keeps the live one; a better one goes to DEV',
  async () => {
    const { control } = pipeline.services.azure;
    expect((await pipeline.run('push')).report.conclusion).toBe('success');

    control.advanceClock(DAY_SECONDS);
    const fresh = await pipeline.run('schedule');
    expect(fresh.report.conclusion).toBe('success');
    expect(fresh.text).toMatch(/Newest version azureml:churn:1 is 1d\S* old: within 30d, fresh\./);
    expect(trainOutputs(fresh)?.trained).toBe('false');
    expect(resultOf(fresh, 'deploy-dev')).toBe('skipped');
    expect(control.stats().jobsCreated).toBe(1);

    control.advanceClock(30 * DAY_SECONDS);
    control.setDefaultJobBehaviour({ durationSeconds: 60, metrics: { accuracy: 0.8 } });
    const worse = await pipeline.run('schedule');
    expect(worse.report.conclusion).toBe('success');
    expect(worse.text).toContain(
      'challenger azureml:churn:2 0.8, champion azureml:churn:1 0.87: the challenger is not better.',
    );
    expect(trainOutputs(worse)).toMatchObject({ trained: 'true', 'is-better': 'false' });
    expect(resultOf(worse, 'deploy-dev')).toBe('skipped');
    expect(pipeline.served('churn-dev')).toEqual({ blue: 'churn:1' });
    expect(pipeline.traffic('churn-dev')).toEqual({ blue: 100 });

    control.advanceClock(31 * DAY_SECONDS);
    control.setDefaultJobBehaviour({ durationSeconds: 60, metrics: { accuracy: 0.93 } });
    const better = await pipeline.run('schedule');
    expect(better.report.conclusion).toBe('success');
    expect(trainOutputs(better)).toMatchObject({ trained: 'true', 'is-better': 'true' });
    expect(pipeline.served('churn-dev')).toEqual({ blue: 'churn:1', green: 'churn:3' });
    expect(pipeline.traffic('churn-dev')).toEqual({ blue: 0, green: 100 });
  },
  CHAINED_RUNS_TIME_LIMIT_MS,
);
