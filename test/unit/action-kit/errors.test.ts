import { describe, expect, test } from 'vitest';
import { ActionFailure, InputError, formatFailure } from '@mlops-actions/action-kit';

describe('ActionFailure', () => {
  test('formats as one line: what happened (code): Azure message. hint', () => {
    const failure = new ActionFailure('Azure ML job train-1 ended Failed', {
      code: 'UserError',
      detail: 'Execution failed.\nUser program exited with code 1',
      hint: "read the job's logs in studio",
    });
    expect(failure.message).toBe(
      "Azure ML job train-1 ended Failed (UserError): Execution failed. User program exited with code 1. read the job's logs in studio.",
    );
    expect(formatFailure(failure)).toBe(failure.message);
  });

  test('without code, detail or hint it is just what happened', () => {
    expect(new ActionFailure('Timed out after 6h').message).toBe('Timed out after 6h.');
  });
});

describe('formatFailure', () => {
  test('InputError: the message, listing each problem', () => {
    const err = new InputError([
      { input: 'job-file', expected: 'a readable file', given: "'job.yml' (no such file)" },
      'give one of job or job-file',
    ]);
    expect(formatFailure(err)).toBe(
      "Invalid inputs:\n- job-file: expected a readable file, got 'job.yml' (no such file)\n- give one of job or job-file",
    );
  });

  test('a bug keeps its type and the causes that explain it', () => {
    const fetchFailed = new Error('fetch failed', {
      cause: new Error('connect ECONNREFUSED 127.0.0.1:443'),
    });
    expect(formatFailure(fetchFailed)).toBe(
      'fetch failed (caused by: connect ECONNREFUSED 127.0.0.1:443)',
    );
    expect(formatFailure(new TypeError("Cannot read properties of undefined (reading 'x')"))).toBe(
      "TypeError: Cannot read properties of undefined (reading 'x')",
    );
  });

  test('a cause cycle does not loop', () => {
    const a = new Error('a');
    a.cause = new Error('b', { cause: a });
    expect(formatFailure(a)).toBe('a (caused by: b)');
  });

  test('non-Error throws', () => {
    expect(formatFailure('plain text')).toBe('plain text');
    expect(formatFailure({ code: 42 })).toBe('A non-Error value was thrown: { code: 42 }');
    expect(formatFailure(undefined)).toBe('A non-Error value was thrown: undefined');
    expect(formatFailure(new Error(''))).toBe('Error');
  });
});
