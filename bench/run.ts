/**
 * Benchmark figures for the bundled actions, printed (never asserted): bundle sizes, cold start
 * of a fail-fast run against bare `node -e 0`, the ARM requests train-and-poll makes, and what
 * deploy-endpoint adds on top of the long-running operations it waits for, and the local
 * workflow runner's start-up and its overhead on the example pipeline, and the local uploader
 * against a plain storage SDK upload (time, peak memory, a skipped re-upload).
 * Build first (`npm run build`): it reads dist/ (one bundle for all actions).
 */
import { existsSync } from 'node:fs';
import os from 'node:os';
import { actionNames, entryBundle } from './actions.ts';
import { bundleSizeTable } from './bundle-sizes.ts';
import { coldStartTable, RUNS } from './cold-start.ts';
import { deployOverheadTables } from './deploy-overhead.ts';
import { localUploadTables, SMALL_FILES } from './local-upload.ts';
import { pollRequestTables } from './poll-requests.ts';
import { prValidateThroughputTable, SPEC_COUNT } from './pr-validate-throughput.ts';
import {
  PIPELINE_RUNS,
  runnerOverheadTable,
  runnerStartupTable,
  STARTUP_RUNS,
} from './workflow-runner.ts';
import { rolloutTables } from './rollout.ts';

const section = (title: string): void => console.log(`\n## ${title}\n`);
const started = performance.now();

console.log('# mlops-actions bench');
console.log(`node ${process.version} (${process.execPath})`);
console.log(`date ${new Date().toISOString()}`);
console.log(`cpus ${os.availableParallelism()} (${os.cpus()[0]?.model ?? 'unknown model'})`);

const names = actionNames();
const built = names.filter((name) => existsSync(entryBundle(name)));

section('Bundle sizes (dist/, one bundle for every action)');
console.log(bundleSizeTable(names));

section(`Cold start: median of ${RUNS} interleaved runs, failing fast on a missing input`);
console.log(coldStartTable(built));

section('train-and-poll ARM requests (emulator, bundled action via local-runner)');
if (built.includes('train-and-poll')) console.log(await pollRequestTables());
else console.log('dist/train-and-poll.js is missing: run `npm run build` first');

section('deploy-endpoint: wall time against its long-running operations, and ARM requests');
if (built.includes('deploy-endpoint') && built.includes('register-model')) {
  console.log(await deployOverheadTables());
} else
  console.log(
    'dist/deploy-endpoint.js or dist/register-model.js is missing: run `npm run build` first',
  );

section(
  `Local uploads to Azurite: ${SMALL_FILES} small files and one 200 MB file, against a plain @azure/storage-blob upload`,
);
console.log(await localUploadTables());

section(`pr-validate: ${SPEC_COUNT} generated specs, all added by the pull request`);
if (built.includes('pr-validate')) console.log(await prValidateThroughputTable());
else console.log('dist/pr-validate.js is missing: run `npm run build` first');

section(`Workflow runner: start-up, median of ${STARTUP_RUNS} interleaved runs`);
console.log(runnerStartupTable());

section(
  `Workflow runner: the example DEV pipeline, ${PIPELINE_RUNS} runs, against the actions' own wall time`,
);
if (
  ['train-and-poll', 'register-model', 'deploy-endpoint', 'notify'].every((n) => built.includes(n))
) {
  console.log(await runnerOverheadTable());
} else console.log('dist/ is missing actions of the example pipeline: run `npm run build` first');
section('shift-traffic: rollback and cancellation against one endpoint PUT, writes per rollout');
console.log(await rolloutTables());

console.log(`\nbench took ${((performance.now() - started) / 1000).toFixed(1)} s`);
