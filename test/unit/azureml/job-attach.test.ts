import { expect, test } from 'vitest';
import { decideAttach, type JobSnapshot } from '@mlops-actions/azureml';

const job = (status: string): JobSnapshot => ({ name: 'train-1', status, outputs: {}, tags: {} });

test('no job under the name: submit', () => {
  expect(decideAttach(undefined)).toBe('submit');
});

test.each([
  'Completed',
  'NotStarted',
  'Queued',
  'Running',
  'Finalizing',
  'NotResponding',
  'CancelRequested',
  'Paused',
  'Unknown',
  'SomethingNew',
])('%s: attach (re-waiting is free, re-training is not)', (status) => {
  expect(decideAttach(job(status))).toBe('attach');
});

test.each(['Failed', 'Canceled'])('%s: try the next name', (status) => {
  expect(decideAttach(job(status))).toBe('next');
});
