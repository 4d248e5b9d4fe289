/**
 * Ctrl-C as GitHub cancels a run, through the `mlops-actions` command: SIGINT during
 * train-and-poll's wait cancels the Azure ML job (the emulator shows it Canceled), then the
 * cancelled() and always() steps and the post step run, the next step does not, and the exit code
 * is the run's conclusion.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { connectionValues } from '@mlops-actions/emulator';
import { checkout, repoRoot, startServices, type Services } from './support.ts';

let services: Services;
const work = checkout({ 'cancel.yml': null });
beforeAll(async () => {
  // 100 emulated minutes (10 s real): Running within 2 s, still running when Ctrl-C comes.
  services = await startServices({ azure: { defaultJob: { durationSeconds: 6000 } } });
});
afterAll(async () => {
  await services.stop();
  work.remove();
});

test('Ctrl-C during train-and-poll cancels the Azure ML job and runs the cleanup and post steps', async () => {
  const bin = path.join(repoRoot, 'packages/workflow-runner/bin/mlops-actions.ts');
  const child = spawn(
    process.execPath,
    [
      bin,
      'run',
      '.github/workflows/cancel.yml',
      '--azure',
      'running',
      '--github',
      'running',
      '--time-scale',
      '600',
    ],
    {
      cwd: work.root,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        ...connectionValues(services.azure),
        ...services.github.env(),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const lines: string[] = [];
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  createInterface({ input: child.stdout }).on('line', (line) => {
    lines.push(line);
    if (/Running \(was /.test(line)) child.kill('SIGINT');
  });
  const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
  const text = lines.join('\n');
  console.error(text, stderr);

  const jobName = /Submitted Azure ML job (\S+)/.exec(text)?.[1] ?? '';
  expect(services.azure.control.job(jobName)?.status).toBe('Canceled');
  expect(text).toContain('Cancelling the run: SIGINT to the running steps, SIGTERM 7.5 s later');
  expect(text).toMatch(/\[train\] ⊘ step \.\/actions\/train-and-poll: cancelled/);
  expect(text).toContain('[train] - step next: skipped');
  expect(text).toContain('cancelled() ran');
  expect(text).toContain('always() ran');
  expect(text).toContain('[train] ▶ post ./actions/train-and-poll');
  expect(text).toContain('⊘ run cancel: cancelled');
  expect(code).toBe(130);
});
