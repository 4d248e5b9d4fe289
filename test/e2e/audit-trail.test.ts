/**
 * The audit trail through the bundled actions: train -> register -> deploy against the emulator
 * write their records to $RUNNER_TEMP/mlops-audit, notify `mode: audit` collects them into the
 * artifact `mlops-audit`, and the records account for every change in the emulator's request
 * log: no write without a record, no record without its write.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { AuditRecord } from '@mlops-actions/action-kit';
import { isChange } from '@mlops-actions/azureml';
import type { Emulator } from '@mlops-actions/emulator';
import { workflowContext, type StepResult } from '@mlops-actions/local-runner';
import { endpointName, trainRegisterDeploy } from './deploy-endpoint-support.ts';
import {
  actionStep,
  errorsOf,
  expectNoLeak,
  runMainStep,
  startE2eEmulator,
  uniqueName,
} from './support.ts';
import { startReceiver } from '../support/receivers.ts';
import { slackProblems, teamsProblems, webhookProblems } from '../support/payload-checks.ts';

let emu: Emulator;
let temp: string;
beforeAll(async () => {
  emu = await startE2eEmulator({
    endpointProvisioningSeconds: 30,
    defaultDeployment: { provisioningSeconds: 90 },
  });
  temp = mkdtempSync(path.join(os.tmpdir(), 'audit-trail-'));
});
afterAll(async () => {
  await emu?.stop();
  rmSync(temp, { recursive: true, force: true });
});

const changesInEmulator = (): string[] =>
  emu.control
    .stats()
    .requests.filter((r) => !r.path.startsWith('/_emulator') && isChange(r.method, r.path))
    .map((r) => `${r.method} ${r.path} ${r.status}`);

test('every Azure change of train -> register -> deploy has its audit record, collected into mlops-audit', async () => {
  const job = uniqueName('audit');
  const model = uniqueName('churn');
  const endpoint = endpointName();
  emu.control.setJobBehaviour(job, { durationSeconds: 600, metrics: { accuracy: 0.8 } });
  // One PUT is refused once and retried: both attempts are Azure requests, so both are recorded.
  emu.control.addFault({ route: 'onlineDeployments.createOrUpdate', status: 503 });
  emu.control.resetStats();
  const runnerTemp = path.join(temp, 'runner');
  const context = workflowContext({
    RUNNER_TEMP: runnerTemp,
    GITHUB_ACTOR: 'mona',
    GITHUB_TRIGGERING_ACTOR: 'hubot',
  });
  const step = (name: string) => ({ context: { ...context, GITHUB_ACTION: name } });

  const { train, register, deploy } = await trainRegisterDeploy(emu, {
    job,
    model,
    endpoint,
    step,
  });

  const artifacts = path.join(temp, 'artifacts');
  const hook = await startReceiver(webhookProblems(undefined), '/hook');
  const slack = await startReceiver(slackProblems, '/services/T1/B1/x');
  const teams = await startReceiver(teamsProblems, '/workflows/x', 202, '');
  const collect = await runMainStep({
    ...actionStep('notify', emu, {
      ...step('audit'),
      env: { MLOPS_ARTIFACT_DIR: artifacts },
      inputs: { mode: 'audit' },
    }),
    inputs: { mode: 'audit' },
  });
  const tell = await runMainStep({
    ...actionStep('notify', emu, step('notify')),
    inputs: {
      result: 'success',
      channels: 'slack,teams,webhook,summary',
      'webhook-url': hook.url,
      'slack-webhook-url': slack.url,
      'teams-webhook-url': teams.url,
      environment: 'dev',
      report: JSON.stringify(deploy.outputs),
    },
  });
  await Promise.all([hook.close(), slack.close(), teams.close()]);
  expect(errorsOf(collect)).toEqual([]);
  expect(collect.outputs['audit-records']).toBe('3');

  const stored = path.join(artifacts, 'mlops-audit');
  const files = readdirSync(stored);
  expect(files).toHaveLength(3);
  const records = files.flatMap((f) =>
    readFileSync(path.join(stored, f), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as AuditRecord),
  );
  records.sort((a, b) => a.startedAt.localeCompare(b.startedAt));
  expect(records.map((r) => [r.action, r.outcome.result])).toEqual([
    ['train-and-poll', 'success'],
    ['register-model', 'success'],
    ['deploy-endpoint', 'success'],
  ]);

  // No write without a record, no record without its write: the same list, attempt by attempt.
  const recorded = records.flatMap((r) =>
    r.requests.map((q) => `${q.method} ${q.resourceId} ${q.status}`),
  );
  expect(recorded.sort()).toEqual(changesInEmulator().sort());
  expect(recorded.filter((r) => r.endsWith(' 503'))).toHaveLength(1);
  expect(recorded.length).toBeGreaterThanOrEqual(4);

  const [trained, registered, deployed] = records as [AuditRecord, AuditRecord, AuditRecord];
  expect(trained.job).toBe(train.outputs['job-name']);
  expect(registered.model).toEqual({ name: model, version: '1' });
  expect(deployed).toMatchObject({
    version: 1,
    schema: 'mlops-actions/audit',
    who: { actor: 'mona', triggeringActor: 'hubot' },
    where: {
      subscriptionId: emu.subscriptionId,
      resourceGroup: emu.resourceGroup,
      workspace: emu.workspace,
      endpoint,
      deployment: 'blue',
    },
    model: { name: model, version: '1' },
    traffic: { before: null, after: { blue: 100 } },
    commit: context.GITHUB_SHA,
    runUrl: expect.stringContaining(`/actions/runs/${context.GITHUB_RUN_ID}/attempts/1`),
    inputs: { 'endpoint-name': endpoint },
  });
  for (const r of records) {
    expect(r.inputs).not.toHaveProperty('client-secret');
    expect(Date.parse(r.endedAt)).toBeGreaterThanOrEqual(Date.parse(r.startedAt));
    expect(r.requests.every((q) => q.requestId)).toBe(true);
  }
  expect(deployed.requests.some((q) => q.operation?.includes('/operations/') || q.operation)).toBe(
    true,
  );

  expect(collect.summary).toContain('Audit trail: 3 records');
  expect(collect.summary).toContain(`PUT ${deployed.requests[0]?.resourceId}`);

  // Nothing the emulators issued, nor the client secret, in any record, payload or step's output.
  expect(errorsOf(tell)).toEqual([]);
  expect(JSON.parse(hook.received[0]?.body ?? '').fields.endpoint).toBe(endpoint);
  const payloads = [hook, slack, teams].flatMap((r) => r.received.map((q) => q.body));
  expect(payloads).toHaveLength(3);
  expect([hook, slack, teams].flatMap((r) => r.received.flatMap((q) => q.problems))).toEqual([]);
  const secrets = [...emu.control.stats().issuedSecrets, emu.clientSecret];
  const everything = [
    ...files.map((f) => readFileSync(path.join(stored, f), 'utf8')),
    ...payloads,
  ].join('\n');
  for (const secret of secrets)
    expect(everything.includes(secret), 'a secret in a record or payload').toBe(false);
  const steps: StepResult[] = [train, register, deploy, collect, tell];
  expectNoLeak(emu, steps);
});
