import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runMain, workflowContext } from '@mlops-actions/local-runner';
import { checkPullRequest } from '@mlops-actions/pull-request';
import { actionDir } from './actions.ts';
import { formatTable } from './table.ts';

export const SPEC_COUNT = 500;
const RUNS = 3;
const SCHEMA = 'https://azuremlschemas.azureedge.net/latest';

/** The i-th generated spec: jobs, deployments and endpoints in turn, one in ten broken. */
function spec(i: number): string {
  const broken = i % 10 === 9;
  switch (i % 3) {
    case 0:
      return [
        `$schema: ${SCHEMA}/commandJob.schema.json`,
        `display_name: train-${i}`,
        'command: python train.py --epochs 3',
        'environment: azureml:sklearn-1.5:1',
        'compute: azureml:cpu-cluster',
        'resources:',
        `  instance_count: ${broken ? 0 : 1}`,
      ].join('\n');
    case 1:
      return [
        `$schema: ${SCHEMA}/managedOnlineDeployment.schema.json`,
        'name: blue',
        `endpoint_name: ep-${i}`,
        'instance_type: Standard_DS3_v2',
        `instance_count: ${broken ? 'two' : 2}`,
        'environment_variables:',
        '  LOG_LEVEL: info',
      ].join('\n');
    default:
      return [
        `$schema: ${SCHEMA}/managedOnlineEndpoint.schema.json`,
        `name: ep-${i}`,
        'auth_mode: key',
        'traffic:',
        `  blue: ${broken ? 90 : 100}`,
      ].join('\n');
  }
}

function fixture(): { dir: string; baseSha: string; headSha: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-pr-validate-'));
  const git = (...args: string[]) =>
    execFileSync('git', args, { cwd: dir, encoding: 'utf8' }).trim();
  git('init', '--quiet', '--initial-branch=main');
  git('config', 'user.email', 'bench@example.com');
  git('config', 'user.name', 'Bench');
  writeFileSync(path.join(dir, 'README.md'), 'bench\n');
  git('add', '--all');
  git('commit', '--quiet', '-m', 'base');
  const baseSha = git('rev-parse', 'HEAD');
  git('checkout', '--quiet', '-b', 'feature');
  for (let i = 0; i < SPEC_COUNT; i++) {
    const file = path.join(dir, 'models', `m${Math.floor(i / 50)}`, `spec-${i}.yml`);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, `${spec(i)}\n`);
  }
  git('add', '--all');
  git('commit', '--quiet', '-m', 'head');
  return { dir, baseSha, headSha: git('rev-parse', 'HEAD') };
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
};

/**
 * pr-validate over a generated repository of 500 specs, all added by the pull request (so the
 * secret scan reads every line): the bundled step as the runner runs it (comment off: no
 * network), and the use case in this process (no Node start-up, no bundle load).
 */
export async function prValidateThroughputTable(): Promise<string> {
  const repo = fixture();
  const eventFile = path.join(repo.dir, '..', `${path.basename(repo.dir)}-event.json`);
  writeFileSync(
    eventFile,
    JSON.stringify({
      pull_request: {
        number: 1,
        title: 'bench',
        body: '',
        labels: [],
        base: { sha: repo.baseSha },
        head: { sha: repo.headSha },
      },
    }),
  );
  try {
    const step: number[] = [];
    let errors = '';
    for (let run = 0; run < RUNS; run++) {
      const result = await runMain({
        actionDir: actionDir('pr-validate'),
        cwd: repo.dir,
        env: {
          ...workflowContext({ GITHUB_EVENT_NAME: 'pull_request' }),
          GITHUB_EVENT_PATH: eventFile,
        },
        inputs: { comment: 'false' },
      });
      step.push(result.durationMs);
      errors = result.outputs.errors ?? '?';
    }
    const inProcess: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const started = performance.now();
      await checkPullRequest({
        root: repo.dir,
        specGlobs: ['**/*.{yml,yaml}'],
        rules: { ticketPaths: [], ticketPattern: /x/, requiredLabels: [] },
        pull: { number: 1, title: 'bench', body: '', labels: [], baseSha: repo.baseSha },
      });
      inProcess.push(performance.now() - started);
    }
    const rate = (ms: number) => Math.round(SPEC_COUNT / (ms / 1000));
    return [
      formatTable(
        ['What (median of 3)', 'specs', 'ms', 'specs/s'],
        [
          [
            'bundled step (node start, bundle, git diff, parse, scan)',
            SPEC_COUNT,
            Math.round(median(step)),
            rate(median(step)),
          ],
          [
            'checkPullRequest in process',
            SPEC_COUNT,
            Math.round(median(inProcess)),
            rate(median(inProcess)),
          ],
        ],
      ),
      `(${errors} errors found by the step: one generated spec in ten is broken)`,
    ].join('\n');
  } finally {
    rmSync(repo.dir, { recursive: true, force: true });
    rmSync(eventFile, { force: true });
  }
}

// `node bench/pr-validate-throughput.ts` prints this figure alone (after `npm run build`).
if (import.meta.main) console.log(await prValidateThroughputTable());
