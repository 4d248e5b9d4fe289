/**
 * train-and-poll, bundled: bad inputs fail the step with a message naming the input, before
 * anything is asked of Azure.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest';
import type { Emulator } from '@mlops-actions/emulator';
import { errorsOf, jobYaml, runMainStep, startE2eEmulator, trainStep } from './support.ts';

let emu: Emulator;
beforeAll(async () => {
  emu = await startE2eEmulator();
});
afterAll(() => emu.stop());
beforeEach(() => emu.control.resetStats());

const tmp = mkdtempSync(path.join(os.tmpdir(), 'e2e-inputs-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Writes a job file and returns its path. */
function jobFile(name: string, text: string): string {
  writeFileSync(path.join(tmp, name), text);
  return path.join(tmp, name);
}

const job = jobYaml('never-submitted');

// Each message names the input, what it expects and what it was given.
const cases: { why: string; inputs: Record<string, string>; error: RegExp }[] = [
  {
    why: 'a poll-interval with an unknown unit',
    inputs: { job, 'poll-interval': '10x' },
    error: /^Invalid input: poll-interval: expected a duration such as 30s, 5m or 6h, got "10x"$/,
  },
  {
    why: 'a poll-interval of zero',
    inputs: { job, 'poll-interval': '0s' },
    error:
      /^Invalid input: poll-interval: expected a duration .*, got "0s" \(it must be more than 0\)$/,
  },
  {
    why: 'a negative timeout',
    inputs: { job, timeout: '-5m' },
    error: /^Invalid input: timeout: expected a duration such as 30s, 5m or 6h, got "-5m"$/,
  },
  {
    why: 'a job-file that does not exist',
    inputs: { 'job-file': 'jobs/missing.yml' },
    error:
      /^Invalid input: job-file: expected a readable .*, got "jobs\/missing.yml" \(no such file\)$/,
  },
  {
    why: 'a job-file that is not YAML',
    inputs: { 'job-file': jobFile('broken.yml', 'command: [python train.py\n  env: {') },
    error: /^Invalid input: job-file: expected .*valid YAML, got .*line 1, column 11/,
  },
  {
    why: 'a job-file without a command',
    inputs: {
      'job-file': jobFile('no-command.yml', 'environment: azureml:sklearn:1\ncompute: cpu\n'),
    },
    // The file and line of the offending node, which the YAML line used to be dropped from.
    error:
      /^Invalid input: job-file: expected command: a string, got nothing \(.*no-command\.yml, line 1\)$/,
  },
  {
    why: 'a subscription-id that is not a GUID',
    inputs: { job, 'subscription-id': 'my-subscription' },
    error: /^Invalid input: subscription-id: expected a GUID .*, got "my-subscription"$/,
  },
  {
    why: 'both job and job-file',
    inputs: { job, 'job-file': 'examples/jobs/train.yml' },
    error: /^Invalid input: give only one of 'job-file' or 'job'; got 'job-file' and 'job'$/,
  },
  {
    why: 'neither job nor job-file',
    inputs: {},
    error: /^Invalid input: give one of 'job-file' or 'job'; none was given$/,
  },
  {
    why: 'a wait that is not a boolean',
    inputs: { job, wait: 'maybe' },
    error: /^Invalid input: wait: expected true or false \(or yes\/no, 1\/0\), got "maybe"$/,
  },
];

test.each(cases)('$why fails the step before any Azure request', async ({ inputs, error }) => {
  const main = await runMainStep(trainStep(emu, { inputs }));

  expect(main.exitCode).toBe(1);
  const errors = errorsOf(main);
  expect(errors).toHaveLength(1);
  expect(errors[0]).toMatch(error);
  expect(emu.control.stats().requests).toEqual([]);
});

test('a job-file error is annotated on the file and line of the offending field', async () => {
  const file = jobFile(
    'misspelt.yml',
    'command: python train.py\nenviroment: azureml:sklearn:1\ncompute: cpu\n',
  );
  const main = await runMainStep(trainStep(emu, { inputs: { 'job-file': file } }));

  expect(main.exitCode).toBe(1);
  const [annotation] = main.commands.filter((c) => c.command === 'error');
  expect(annotation?.properties).toEqual({ file, line: '2', col: '1' });
  expect(annotation?.message).toMatch(
    /^Invalid input: job-file: expected enviroment: .*, line 2\)$/,
  );
});
