import { expect, test } from 'vitest';
import type { AuditRecord } from '@mlops-actions/action-kit';
import { deploymentRequests } from '../../../actions/notify/src/deployments.ts';

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
