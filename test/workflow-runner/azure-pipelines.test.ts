/**
 * Workflows that call Azure ML, run through the local runner against the emulators: the
 * repository's example DEV pipeline (twice: a first model goes live, a better one is deployed
 * beside it), and copies of a workflow that prove the YAML is executed as written.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import {
  checkout,
  fixture,
  repoRoot,
  resultOf,
  runLocal,
  startServices,
  stepsOf,
  type Services,
} from './support.ts';

let services: Services;
const work = checkout({
  'example-dev.yml': readFileSync(path.join(repoRoot, '.github/workflows/example-dev.yml'), 'utf8'),
  'pipeline.yml': null,
  'renamed-output.yml': fixture('pipeline.yml').replace(
    '      job-name: ${{ steps.train.outputs.job-name }}',
    '      trained-job: ${{ steps.train.outputs.job-name }}',
  ),
  'changed-if.yml': fixture('pipeline.yml').replace(
    "if: steps.register.outputs.model-id != ''",
    "if: steps.register.outputs.model-id == ''",
  ),
});
beforeAll(async () => {
  services = await startServices({
    azure: { defaultJob: { durationSeconds: 600, metrics: { accuracy: 0.87 } } },
  });
});
afterAll(async () => {
  await services.stop();
  work.remove();
});

/** Nothing the emulators handed out appears in what a user reads. */
function expectNoSecret(text: string): void {
  const secrets = [...services.azure.control.stats().issuedSecrets, services.azure.clientSecret];
  for (const secret of secrets)
    expect(text.includes(secret), 'a secret in the timeline').toBe(false);
}

test('the example DEV pipeline runs as written: trained, registered, deployed, audited', async () => {
  const first = await runLocal(services, work.root, 'example-dev.yml');
  expect(first.report.conclusion).toBe('success');
  expect(stepsOf(first, 'dev')).toEqual([
    'actions/checkout@08c6903cd8c0fde910a37f88322edcfb5dd907a8: success/success',
    './actions/train-and-poll: success/success',
    './actions/register-model: success/success',
    './actions/deploy-endpoint: success/success',
    './actions/notify: success/success',
    'Post ./actions/train-and-poll: success/success',
  ]);
  expect(services.azure.control.endpoint('churn-dev')?.traffic).toEqual({ blue: 100 });
  // notify mode audit posted the deployment with the job's token (deployments: write).
  const deployments = services.github.control
    .requests()
    .filter((r) => r.method === 'POST' && r.url.endsWith('/deployments'));
  expect(deployments.map((r) => `${r.token} ${r.status}`)).toEqual(['dev GITHUB_TOKEN 201']);
  const summary = readFileSync(path.join(first.summaries, 'dev.md'), 'utf8');
  expect(summary).toContain('churn-dev');
  expectNoSecret(first.text + summary);

  services.azure.control.setDefaultJobBehaviour({
    durationSeconds: 600,
    metrics: { accuracy: 0.93 },
  });
  const second = await runLocal(services, work.root, 'example-dev.yml');
  expect(second.report.conclusion).toBe('success');
  const endpoint = services.azure.control.endpoint('churn-dev');
  // The better model is deployed beside the live one, smoke-tested, with no traffic yet.
  expect(endpoint?.traffic.blue).toBe(100);
  expect(endpoint?.traffic.green ?? 0).toBe(0);
  expect(
    endpoint?.deployments.map((d) => `${d.name} ${d.model.replace(/.*\/models\//, '')}`).sort(),
  ).toEqual(['blue churn/versions/1', 'green churn/versions/2']);
});

test('the YAML is executed as written: a renamed output fails the run, a changed if: changes what runs', async () => {
  const asWritten = await runLocal(services, work.root, 'pipeline.yml');
  expect(asWritten.report.conclusion).toBe('success');
  expect(asWritten.text).toMatch(/\[register\] {3}registered azureml:churn-pipeline:\d+/);

  const renamed = await runLocal(services, work.root, 'renamed-output.yml');
  expect(resultOf(renamed, 'train')).toBe('success');
  expect(resultOf(renamed, 'register')).toBe('failure');
  expect(renamed.text).toContain('job-name');
  expect(renamed.report.conclusion).toBe('failure');

  const changed = await runLocal(services, work.root, 'changed-if.yml');
  expect(changed.report.conclusion).toBe('success');
  expect(stepsOf(changed, 'register')).toEqual([
    'octo-org/mlops-actions/actions/register-model@v1: success/success',
    'announce: skipped/skipped',
  ]);
  expect(changed.text).not.toContain('registered azureml:');
});
