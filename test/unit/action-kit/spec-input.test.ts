import { describe, expect, test } from 'vitest';
import { conclude, failureError, runnerContext, specInputError } from '@mlops-actions/action-kit';
import { SpecError } from '@mlops-actions/azureml/grammar';
import { useFakeRunner } from './fake-runner.ts';

const runner = useFakeRunner();

describe('specInputError: the one mapping of a spec problem to the input that carried it', () => {
  test('a field in a file keeps the field, the file and the line', () => {
    const err = new SpecError({
      subject: 'job spec',
      field: 'inputs.data.type',
      expected: 'one of uri_file, uri_folder',
      given: '"uri_fil"',
      line: 5,
    }).inFile('jobs/train.yml');
    const input = specInputError(err, 'job-file');
    expect(input.message).toBe(
      'Invalid input: job-file: expected inputs.data.type: one of uri_file, uri_folder, got "uri_fil" (jobs/train.yml, line 5)',
    );
    expect(input.problems).toEqual([expect.objectContaining({ file: 'jobs/train.yml', line: 5 })]);
  });

  test('inline text keeps its line; a problem with the whole file names the file', () => {
    const inline = new SpecError({
      field: 'command',
      expected: 'a string',
      given: 'nothing',
      line: 1,
    });
    expect(specInputError(inline, 'job').message).toBe(
      'Invalid input: job: expected command: a string, got nothing (line 1)',
    );
    const whole = new SpecError({ expected: 'JSON', given: 'Unexpected end' }).inFile('a.json');
    expect(specInputError(whole, 'smoke-test-expect').message).toBe(
      'Invalid input: smoke-test-expect: expected JSON, got "a.json" (Unexpected end)',
    );
  });

  test('without an input, the field is the input (inline action inputs)', () => {
    const err = new SpecError({ field: 'instance-count', expected: 'a number >= 1', given: '0' });
    expect(specInputError(err).message).toBe(
      'Invalid input: instance-count: expected a number >= 1, got 0',
    );
  });
});

describe('conclude: the summary is written, then the step fails', () => {
  test('a failure with a summary writes the summary and throws the failure', async () => {
    const { Summary } = await import('@mlops-actions/action-kit');
    expect(() =>
      conclude(new Summary().text('the report'), { what: 'Deploy failed', hint: 'Try again' }),
    ).toThrow('Deploy failed. Try again.');
    expect(runner().takeFile('summary')).toBe('the report\n\n');
  });

  test('a failure without a report still writes a summary that names it', () => {
    expect(() => conclude(undefined, { what: 'Could not submit', code: 'Quota' })).toThrow(
      'Could not submit (Quota).',
    );
    expect(runner().takeFile('summary')).toBe(
      '### Failed: Could not submit\n\nCould not submit (Quota).\n\n',
    );
  });

  test('a request at fault fails as bad input', () => {
    expect(failureError({ what: 'must be 0 or 100', input: 'traffic' }).message).toBe(
      'Invalid input: traffic: must be 0 or 100',
    );
  });
});

test('runnerContext reads the run from GITHUB_* once, with the link to this attempt', () => {
  const run = runnerContext({
    GITHUB_REPOSITORY: 'contoso/churn',
    GITHUB_RUN_ID: '42',
    GITHUB_RUN_ATTEMPT: '2',
    GITHUB_ACTOR: 'ana',
    GITHUB_TRIGGERING_ACTOR: 'ben',
    GITHUB_SERVER_URL: 'https://github.example',
  });
  expect(run).toMatchObject({
    repository: 'contoso/churn',
    actor: 'ana',
    triggeringActor: 'ben',
    runUrl: 'https://github.example/contoso/churn/actions/runs/42/attempts/2',
  });
  expect(runnerContext({}).runUrl).toBeUndefined();
  expect(runnerContext({}).serverUrl).toBe('https://github.com');
});
