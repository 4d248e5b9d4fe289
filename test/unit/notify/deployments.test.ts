import { expect, test } from 'vitest';
import type { AuditRecord } from '@mlops-actions/action-kit';
import {
  deploymentRequests,
  unnamedDeployRecords,
} from '../../../actions/notify/src/deployments.ts';

const record = (over: Partial<AuditRecord>): AuditRecord =>
  ({
    schema: 'mlops-actions/audit',
    version: 1,
    action: 'deploy-endpoint',
    where: { environment: null, endpoint: 'churn-prod' },
    model: { name: 'churn', version: '7' },
    commit: 'abc',
    changeTicket: 'CHG1',
    runUrl: 'https://github.com/o/r/actions/runs/1/attempts/1',
    outcome: { result: 'success', failure: null },
    ...over,
  }) as AuditRecord;

test('one deployment per deploy record, in_progress then its outcome, descriptions within 140', () => {
  const failed = record({ outcome: { result: 'failure', failure: 'x'.repeat(300) } });
  const [ok, bad, ...rest] = deploymentRequests(
    [record({}), record({ action: 'register-model' }), failed],
    'prod',
  );
  expect(rest).toEqual([]);
  expect(ok?.deployment).toMatchObject({
    environment: 'prod',
    auto_merge: false,
    required_contexts: [],
    production_environment: true,
    payload: { model: 'churn:7', endpoint: 'churn-prod', changeTicket: 'CHG1' },
  });
  expect(ok?.statuses.map((s) => s.state)).toEqual(['in_progress', 'success']);
  expect(bad?.statuses.map((s) => s.state)).toEqual(['in_progress', 'failure']);
  expect(bad?.statuses[1]?.description).toHaveLength(140);
});

test('a record names its environment; one naming none without the input is left out and counted', () => {
  const named = record({
    where: { environment: 'test', endpoint: 'churn-test' } as AuditRecord['where'],
  });
  const unnamed = record({});
  const requests = deploymentRequests([named, unnamed], undefined, () => 'https://ml.azure.com/x');
  expect(requests.map((r) => r.deployment.environment)).toEqual(['test']);
  expect(requests[0]?.deployment.production_environment).toBe(false);
  expect(requests[0]?.statuses.map((s) => s.environment_url)).toEqual([
    'https://ml.azure.com/x',
    'https://ml.azure.com/x',
  ]);
  expect(unnamedDeployRecords([named, unnamed], undefined)).toBe(1);
  expect(unnamedDeployRecords([named, unnamed], 'dev')).toBe(0);
});

test("the job judges the deploy: a later step's failure fails it, and the gate's ticket is its ticket", () => {
  const deploy = record({ changeTicket: null });
  const gate = record({ action: 'promotion-gate', model: null, changeTicket: 'CHG0000002' });
  const rollout = record({
    action: 'shift-traffic',
    model: null,
    outcome: { result: 'failure', failure: 'Gate error rate failed at stage 2 (25 %)' },
  });
  const [rolledBack] = deploymentRequests([gate, deploy, rollout], 'prod');
  expect(rolledBack?.deployment.payload.changeTicket).toBe('CHG0000002');
  expect(rolledBack?.statuses.map((s) => [s.state, s.description])).toEqual([
    ['in_progress', 'Deploying churn:7'],
    ['failure', 'shift-traffic: Gate error rate failed at stage 2 (25 %)'],
  ]);
  const [promoted] = deploymentRequests([gate, deploy], 'prod');
  expect(promoted?.statuses.map((s) => s.state)).toEqual(['in_progress', 'success']);
});
