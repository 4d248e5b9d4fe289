import * as core from '@actions/core';
import { expect, test } from 'vitest';
import * as kit from '@mlops-actions/action-kit';
import { useFakeRunner } from './fake-runner.ts';

// action-kit speaks the runner protocol itself (importing @actions/core costs ~45 ms per
// start). These tests make the same calls through both and compare the bytes the runner sees.

const runner = useFakeRunner();

interface Protocol {
  setOutput(name: string, value: unknown): void;
  saveState(name: string, value: unknown): void;
  setSecret(value: string): void;
  info(message: string): void;
  debug(message: string): void;
  error(message: string | Error, props?: kit.AnnotationProperties): void;
  warning(message: string | Error, props?: kit.AnnotationProperties): void;
  notice(message: string | Error, props?: kit.AnnotationProperties): void;
  startGroup(name: string): void;
  endGroup(): void;
  group<T>(name: string, fn: () => Promise<T>): Promise<T>;
}

async function exercise(api: Protocol): Promise<void> {
  api.setOutput('simple', 'value');
  api.setOutput('multi-line', 'line 1\nline 2\r\n  line 3  \n');
  api.setOutput('empty', '');
  api.setOutput('object', { name: 'job-1', outputs: { model: 'azureml://x' } });
  api.setOutput('number', 42);
  api.saveState('job-name', 'job\nwith newline');
  api.saveState('done', true);
  api.setSecret('s3cr3t%with:odd,chars\n');
  api.info('plain info, 100% : done');
  api.debug('debug %\r\n line');
  api.error('bad: thing, 100%\nnext line', {
    title: 'Title: with, chars %',
    file: 'src/a,b:c.ts',
    startLine: 3,
    endLine: 4,
    startColumn: 5,
    endColumn: 6,
  });
  api.warning(new Error('thrown as an Error'));
  api.warning('no properties');
  // Falsy properties are dropped, yet the space after the command name stays.
  api.notice('only falsy properties', { title: '', startLine: 0 });
  api.error('line zero is dropped', { file: 'x.yml', startLine: 0 });
  api.startGroup('group: a, b');
  api.info('inside');
  api.endGroup();
  await api.group('async group', async () => api.info('in async group'));
  await api
    .group('failing group', async () => {
      throw new Error('boom');
    })
    .catch(() => api.info('group threw'));
}

const normalise = (text: string) => text.replace(/ghadelimiter_[0-9a-f-]{36}/g, 'ghadelimiter_X');

async function capture(run: () => Promise<void>) {
  await run();
  const r = runner();
  return {
    stdout: normalise(r.takeStdout()),
    output: normalise(r.takeFile('output')),
    state: normalise(r.takeFile('state')),
    summary: r.takeFile('summary'),
    exitCode: process.exitCode,
  };
}

test('outputs, state, masks, annotations and groups are byte-identical to @actions/core', async () => {
  const ours = await capture(() => exercise(kit));
  const theirs = await capture(() => exercise(core));
  expect(ours).toEqual(theirs);
  // Guard against comparing two empty captures.
  expect(ours.output).toContain('multi-line<<ghadelimiter_X\nline 1\nline 2\r\n  line 3  \n\n');
  expect(ours.stdout).toContain('::error title=Title%3A with%2C chars %25,file=src/a%2Cb%3Ac.ts,');
});

test('a failure is `::error::` plus exit code 1, as with core.setFailed', async () => {
  const ours = await capture(() => kit.runAction(() => Promise.reject('failed: 50% done')));
  process.exitCode = undefined;
  const theirs = await capture(async () => core.setFailed('failed: 50% done'));
  expect(ours).toEqual(theirs);
  expect(ours.exitCode).toBe(1);
  expect(ours.stdout).toBe('::error::failed: 50%25 done\n');
});

test('the job summary is appended as core.summary appends raw markdown', async () => {
  const markdown = '### Result\n\n| a | b |\n| - | - |\n| 1 | 2 |\n';
  const ours = await capture(async () => {
    kit.appendSummary(markdown);
    kit.appendSummary('more\n');
  });
  const theirs = await capture(async () => {
    await core.summary.addRaw(markdown).write();
    await core.summary.addRaw('more\n').write();
  });
  expect(ours).toEqual(theirs);
  expect(ours.summary).toBe(`${markdown}more\n`);
});

test('inputs read the same: INPUT_ names upper-cased, spaces to underscores, values trimmed', () => {
  process.env['INPUT_POLL-INTERVAL'] = '  30s \n';
  process.env['INPUT_MY_INPUT'] = 'spaced name';
  process.env['INPUT_EMPTY'] = '   ';
  for (const name of ['poll-interval', 'my input', 'My Input', 'empty', 'absent']) {
    expect(kit.getRawInput(name)).toBe(core.getInput(name));
  }
  expect(kit.getRawInput('poll-interval')).toBe('30s');
  expect(kit.getRawInput('my input')).toBe('spaced name');
});

test('state is read back from STATE_ variables as core.getState does', () => {
  process.env['STATE_job-name'] = 'job-1';
  for (const name of ['job-name', 'missing']) expect(kit.getState(name)).toBe(core.getState(name));
  expect(kit.getState('job-name')).toBe('job-1');
});

test('isDebug follows RUNNER_DEBUG like core', () => {
  for (const value of ['1', '0', 'true', undefined]) {
    if (value === undefined) delete process.env['RUNNER_DEBUG'];
    else process.env['RUNNER_DEBUG'] = value;
    expect(kit.isDebug()).toBe(core.isDebug());
  }
});
