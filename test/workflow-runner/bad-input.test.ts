/**
 * Bad input gets a clear message and writes nothing to Azure: an undeclared or missing input, a
 * value outside a choice, an unknown event, a workflow that does not parse (file and line from
 * GitHub's parser), an expression that does not evaluate (job, step and key), a workspace config
 * that is not JSON, a reusable workflow given an input it does not declare; and the command's
 * exit code for a problem on its command line.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest';
import { WorkflowError, type RunOptions } from '@mlops-actions/workflow-runner';
import { checkout, repoRoot, runLocal, startServices, type Services } from './support.ts';

let services: Services;
const work = checkout({
  'inputs.yml': null,
  'broken.yml': null,
  'bad-values.yml': null,
  'train-reusable.yml': null,
  'yaml-error.yml': 'name: yaml-error\non: workflow_dispatch\njobs:\n  a:\n    runs-on: [\n',
});
beforeAll(async () => {
  services = await startServices();
});
beforeEach(() => services.azure.control.resetStats());
afterAll(async () => {
  await services.stop();
  work.remove();
});

const refused = (message: string) => new WorkflowError(message);

test.each<{ why: string; options: Partial<RunOptions>; message: string }>([
  {
    why: 'an input the workflow does not declare',
    options: { inputs: { model: 'churn', colour: 'red' } },
    message:
      '--input colour: .github/workflows/inputs.yml declares no such input for workflow_dispatch (declared: model, stage, ticket)',
  },
  {
    why: 'a required input missing',
    options: { inputs: { stage: 'dev' } },
    message:
      '--input model: required by .github/workflows/inputs.yml (on.workflow_dispatch.inputs.model), got nothing',
  },
  {
    why: 'a value outside the choice',
    options: { inputs: { model: 'churn', stage: 'prod' } },
    message: '--input stage: expected one of dev, test, got "prod"',
  },
  {
    why: 'an unknown event',
    options: { event: 'release', inputs: { model: 'churn' } },
    message:
      '--event: expected one of push, pull_request, workflow_dispatch, schedule, got "release"',
  },
  {
    why: 'an event the workflow does not run on',
    options: { event: 'push' },
    message:
      '--event push: .github/workflows/inputs.yml does not run on it (on: workflow_dispatch)',
  },
])('$why is refused before the run', async ({ options, message }) => {
  await expect(runLocal(services, work.root, 'inputs.yml', options)).rejects.toThrow(
    refused(message),
  );
  expect(services.azure.control.stats().requests).toEqual([]);
});

test('inputs given reach the run, --ticket among them', async () => {
  const run = await runLocal(services, work.root, 'inputs.yml', {
    inputs: { model: 'churn', ticket: 'CHG0012345' },
  });
  expect(run.text).toContain('model=churn stage=dev ticket=CHG0012345');
});

test('a workflow that does not parse is refused with the file, line and column of the problem', async () => {
  await expect(runLocal(services, work.root, 'broken.yml')).rejects.toThrow(
    refused(
      ".github/workflows/broken.yml is not a valid workflow:\n  .github/workflows/broken.yml (Line: 8, Col: 14): Unrecognized named-value: 'foo'",
    ),
  );
  await expect(runLocal(services, work.root, 'yaml-error.yml')).rejects.toThrow(
    /^\.github\/workflows\/yaml-error\.yml is not a valid workflow:\n {2}\.github\/workflows\/yaml-error\.yml: Flow sequence .* at line 6, column 1/,
  );
  expect(services.azure.control.stats().requests).toEqual([]);
});

test('an expression that does not evaluate, a config that is not JSON, an undeclared call input: the job fails, Azure untouched', async () => {
  const run = await runLocal(services, work.root, 'bad-values.yml');
  const why = (job: string) => run.report.jobs.find((j) => j.name === job)?.why ?? '';
  expect(why('train')).toMatch(
    /^step \.\/actions\/train-and-poll failed: job train, step train, key with\.timeout \(line 15\): the expression \$\{\{ fromJSON\('not json'\) \}\} does not evaluate: /,
  );
  expect(run.text).toContain('workspace-config');
  expect(run.text).toContain('bad-config.json');
  expect(why('call')).toBe(
    'job call: with.colour: .github/workflows/train-reusable.yml declares no such input (declared: model, retries)',
  );
  expect(run.report.conclusion).toBe('failure');
  expect(services.azure.control.stats().requests).toEqual([]);
});

test('the command exits 2 with the problem and its usage for a bad command line', () => {
  const bin = path.join(repoRoot, 'packages/workflow-runner/bin/mlops-actions.ts');
  const result = spawnSync(
    process.execPath,
    [bin, 'run', '.github/workflows/inputs.yml', '--approve', 'prod'],
    {
      cwd: work.root,
      encoding: 'utf8',
    },
  );
  expect(result.status).toBe(2);
  expect(result.stderr).toContain(
    'mlops-actions: --approve: expected environment:user[,user...], got "prod"',
  );
  expect(result.stderr).toContain('Usage: mlops-actions run <workflow file> [options]');
});
