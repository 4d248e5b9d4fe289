/**
 * deploy.yml called by other callers than the example: TEST counts as passed only when the
 * caller's integration tests pass (a failing command rolls TEST back to the backup, the GitHub
 * deployment is recorded as failed, and the PROD gate then refuses that model version); an
 * environment that is neither dev, test nor prod is refused before anything is written.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { CHAINED_RUNS_TIME_LIMIT_MS, startPipeline, type Pipeline } from './pipeline-support.ts';
import { changesSince } from '../e2e/deploy-endpoint-support.ts';
import { resultOf } from './support.ts';

// A caller whose integration tests fail, e.g. a regression the smoke test does not see.
const FAILING_TESTS = `name: release-test
on:
  workflow_dispatch:
    inputs:
      model-version:
        type: string
        required: true
permissions: {}
jobs:
  test:
    uses: ./.github/workflows/deploy.yml
    permissions:
      contents: read
      id-token: write
      actions: read
      deployments: write
    with:
      environment: test
      model-id: azureml:churn:\${{ inputs.model-version }}
      endpoint: churn-test
      deployment-file: examples/deployments/churn.yml
      smoke-test-file: examples/smoke/request.json
      integration-test-command: 'echo "scored $ENDPOINT_NAME/$DEPLOYMENT_NAME: 2 of 5 regression cases failed"; exit 3'
`;

// A caller that names an environment the gates know nothing of.
const STAGING = FAILING_TESTS.replace('name: release-test', 'name: release-staging')
  .replace('environment: test', 'environment: staging')
  .replace('endpoint: churn-test', 'endpoint: churn-staging');

let pipeline: Pipeline;
beforeAll(async () => {
  pipeline = await startPipeline(0.87, {
    'release-test.yml': FAILING_TESTS,
    'release-staging.yml': STAGING,
  });
});
afterAll(async () => {
  await pipeline?.stop();
});

test(
  'failed integration tests in TEST: rolled back, recorded as failed, and PROD refuses the version',
  async () => {
    expect((await pipeline.run('push')).report.conclusion).toBe('success');
    expect((await pipeline.promote('test', '1')).report.conclusion).toBe('success');
    pipeline.services.azure.control.setDefaultJobBehaviour({
      durationSeconds: 60,
      metrics: { accuracy: 0.91 },
    });
    expect((await pipeline.run('push')).report.conclusion).toBe('success');

    const failed = await pipeline.run(
      'workflow_dispatch',
      { 'model-version': '2' },
      { test: ['qa-lead'] },
      'release-test.yml',
    );
    expect(failed.report.conclusion).toBe('failure');
    expect(failed.text).toContain('scored churn-test/green: 2 of 5 regression cases failed');
    expect(failed.text).toContain(
      'Integration tests of deployment green of endpoint churn-test failed: the command exited with code 3',
    );
    expect(resultOf(failed, 'test / deploy')).toBe('failure');
    expect(failed.text).toMatch(/Endpoint churn-test is at backup \S+: verified/);
    expect(pipeline.traffic('churn-test')).toEqual({ blue: 100 });
    expect(await pipeline.deploymentRecords()).toEqual([
      'dev churn:1 - success',
      'test churn:1 - success',
      'dev churn:2 - success',
      'test churn:2 - failure',
    ]);

    const prod = await pipeline.promote('prod', '2', { 'change-ticket': 'CHG0000002' });
    expect(prod.report.conclusion).toBe('failure');
    expect(prod.text).toContain('FAIL passed test: churn:2 never succeeded in test (failure)');
    expect(pipeline.traffic('churn-prod')).toBeUndefined();
  },
  CHAINED_RUNS_TIME_LIMIT_MS,
);

test('an environment other than dev, test or prod: refused by the gate naming it, nothing written to Azure', async () => {
  const mark = pipeline.services.azure.control.stats().requests.length;
  const run = await pipeline.run(
    'workflow_dispatch',
    { 'model-version': '1' },
    {},
    'release-staging.yml',
  );
  expect(run.report.conclusion).toBe('failure');
  expect(run.text).toContain('target: expected one of test, prod');
  expect(changesSince(pipeline.services.azure, mark)).toEqual([]);
  expect(pipeline.traffic('churn-staging')).toBeUndefined();
});
