/**
 * Jobs and steps give the results GitHub documents: needs order and results, job and step
 * outputs, `if:` with the status functions, continue-on-error, GITHUB_ENV / GITHUB_PATH / the step
 * summary, the expression functions, the matrix, timeouts, concurrency, and a `uses:` it cannot run.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { checkout, resultOf, runLocal, startServices, stepsOf, type Services } from './support.ts';

let services: Services;
const work = checkout({
  'needs.yml': null,
  'steps.yml': null,
  'matrix.yml': null,
  'timing.yml': null,
  'other-actions.yml': null,
  'defaults.yml': null,
});
beforeAll(async () => {
  services = await startServices();
});
afterAll(async () => {
  await services.stop();
  work.remove();
});

test('jobs run in needs order; a failed job skips its dependents, always() and failure() jobs run', async () => {
  const run = await runLocal(services, work.root, 'needs.yml');
  expect(resultOf(run, 'build')).toBe('success');
  expect(resultOf(run, 'test')).toBe('failure');
  expect(resultOf(run, 'deploy')).toBe('skipped');
  expect(resultOf(run, 'report')).toBe('success');
  expect(resultOf(run, 'on-failure')).toBe('success');
  expect(run.text).toContain('testing 1.2.3');
  expect(run.text).toContain('build=success test=failure');
  expect(run.text).not.toContain('deploy ran');
  // A job with continue-on-error fails on its own, but not its dependents or the run.
  expect(resultOf(run, 'optional')).toBe('failure');
  expect(run.text).toContain('optional=success');
  expect(run.report.conclusion).toBe('failure');
  const order = (needle: string) => run.lines.findIndex((l) => l.includes(needle));
  expect(order('[build] ✓ job build')).toBeLessThan(order('[test] ▶ job test'));
});

test('steps: continue-on-error, GITHUB_ENV, GITHUB_PATH, summary, functions, and what runs after a failure', async () => {
  mkdirSync(path.join(work.root, 'data'), { recursive: true });
  writeFileSync(path.join(work.root, 'data', 'a.txt'), 'alpha');
  writeFileSync(path.join(work.root, 'data', 'b.txt'), 'beta');
  const run = await runLocal(services, work.root, 'steps.yml', { inputs: { flavour: 'mint' } });
  expect(run.text).toContain('outcome=failure conclusion=success');
  expect(run.text).toContain('env=hello world carried');
  expect(run.text).toContain('tool-ran');
  expect(run.text).toContain('format=workflow_dispatch-mint');
  expect(run.text).toContain('contains=true startsWith=true join=a+b');
  // hashFiles: the SHA-256 of the files' SHA-256s, in path order.
  const sha = (text: string) => createHash('sha256').update(text).digest();
  const expected = createHash('sha256').update(sha('alpha')).update(sha('beta')).digest('hex');
  expect(run.text).toContain(`hash=${expected}`);
  expect(stepsOf(run, 'steps')).toEqual([
    'actions/checkout@v5: success/success',
    'Run exit 1: failure/success',
    'Run echo "outcome=failure conclusion=success": success/success',
    'env and path: success/success',
    'expressions: success/success',
    'fails: failure/failure',
    'skipped after the failure: skipped/skipped',
    'on failure: success/success',
    'always: success/success',
    'on success: skipped/skipped',
  ]);
  expect(readFileSync(path.join(run.summaries, 'steps.md'), 'utf8')).toContain(
    '### Hello from the summary',
  );
  expect(run.report.conclusion).toBe('failure');
});

test('the matrix expands with include and exclude; fail-fast cancels the rest, fail-fast: false does not', async () => {
  const run = await runLocal(services, work.root, 'matrix.yml');
  const combos = run.report.jobs.map((j) => j.name).filter((n) => n.startsWith('combos ('));
  expect(combos.toSorted()).toEqual(
    [
      'combos (linux, s, yes)',
      'combos (linux, l, yes)',
      'combos (windows, s)',
      'combos (mac, m)',
    ].toSorted(),
  );
  expect(run.text).toContain('combo=linux-s-yes of 4');
  expect(run.text).toContain('combo=mac-m- of 4');
  expect(resultOf(run, 'fast (1)')).toBe('failure');
  expect(resultOf(run, 'fast (2)')).toBe('cancelled');
  expect(resultOf(run, 'fast (3)')).toBe('cancelled');
  expect(resultOf(run, 'slow (1)')).toBe('failure');
  expect(resultOf(run, 'slow (2)')).toBe('success');
  expect(run.text).toContain('n=1 fail-fast=false max-parallel=1 job=failure');
  expect(run.text).toContain('n=2 fail-fast=false max-parallel=1 job=success');
  expect(run.report.conclusion).toBe('failure');
});

test('timeout-minutes fails a step or a job on emulated time; a concurrency group runs one job at a time, one waiting', async () => {
  const run = await runLocal(services, work.root, 'timing.yml');
  expect(stepsOf(run, 'slow-step')).toEqual([
    'sleeps: failure/failure',
    'cleanup: success/success',
  ]);
  expect(run.text).toContain('timed out after 1 minute(s)');
  expect(resultOf(run, 'slow-job')).toBe('failure');
  expect(run.report.jobs.find((j) => j.name === 'slow-job')?.why).toBe(
    'the job exceeded its timeout-minutes of 1',
  );
  expect(run.text).toContain('[second] … waiting for concurrency group shared');
  const at = (needle: string) => run.lines.findIndex((l) => l.includes(needle));
  expect(at('first-done')).toBeGreaterThan(-1);
  // One job waits in a group: the newer one cancels it.
  expect(resultOf(run, 'second')).toBe('cancelled');
  expect(run.text).not.toContain('second-start');
  expect(at('first-done')).toBeLessThan(at('third-start'));
  expect(resultOf(run, 'third')).toBe('success');
});

test('a uses: of another action fails the job and says why; actions/checkout is a no-op', async () => {
  const run = await runLocal(services, work.root, 'other-actions.yml', { event: 'push' });
  expect(run.text).toContain('actions/checkout: the local tree is the checkout');
  expect(run.text).toContain(
    "uses: actions/setup-node@v4 is not run locally: only this repository's actions",
  );
  expect(stepsOf(run, 'other')).toEqual([
    'actions/checkout@v4: success/success',
    'actions/setup-node@v4: failure/failure',
    'Run echo "after setup-node": skipped/skipped',
  ]);
  expect(run.report.conclusion).toBe('failure');
});

test("defaults.run: the job's working directory over the workflow's, a step's shell and directory over both", async () => {
  mkdirSync(path.join(work.root, 'data', 'inner'), { recursive: true });
  const run = await runLocal(services, work.root, 'defaults.yml');
  expect(run.report.conclusion).toBe('success');
  expect(run.text).toContain('in inner with sh');
  expect(run.text).toMatch(/in data with bash \d+/);
});
