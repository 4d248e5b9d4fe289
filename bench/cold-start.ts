import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readActionMetadata } from '@mlops-actions/local-runner';
import { actionDir, entryBundle } from './actions.ts';
import { formatTable } from './table.ts';

export const RUNS = 21;

interface Timed {
  ms: number;
  status: number | null;
  output: string;
}

function timed(args: string[], env: Record<string, string>): Timed {
  const started = performance.now();
  const child = spawnSync(process.execPath, args, { env, encoding: 'utf8' });
  const ms = performance.now() - started;
  return { ms, status: child.status, output: `${child.stdout}${child.stderr}` };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] ?? NaN)
    : ((sorted[mid - 1] ?? NaN) + (sorted[mid] ?? NaN)) / 2;
}

/** The input a run without any INPUT_* variables must complain about. */
function firstMissingInput(name: string): string | undefined {
  const { inputs } = readActionMetadata(actionDir(name));
  return Object.entries(inputs).find(
    ([, spec]) => spec.required && spec.default === undefined,
  )?.[0];
}

interface ColdStart {
  name: string;
  baselineMs: number;
  bundleMs: number;
  /** Why the fail-fast runs did not behave as expected, if they did not. */
  problem?: string;
}

/**
 * Times `node <bundle>` failing on a missing input against `node -e 0`, alternating the two
 * so that noise on the machine hits both alike. One untimed pair first warms the file cache.
 */
function measure(name: string): ColdStart {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-cold-'));
  const env = {
    PATH: process.env.PATH ?? '',
    GITHUB_OUTPUT: path.join(dir, 'output'),
    GITHUB_STATE: path.join(dir, 'state'),
  };
  writeFileSync(env.GITHUB_OUTPUT, '');
  writeFileSync(env.GITHUB_STATE, '');
  const bundle = [entryBundle(name)];
  const baseline = ['-e', '0'];
  try {
    timed(baseline, env);
    const first = timed(bundle, env);
    const input = firstMissingInput(name);
    let problem: string | undefined;
    if (first.status !== 1) problem = `exit code ${first.status}, expected 1`;
    else if (input && !first.output.includes(input)) problem = `error does not name "${input}"`;
    if (problem) problem += `; output: ${first.output.trim().slice(0, 300)}`;

    const baselineMs: number[] = [];
    const bundleMs: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      baselineMs.push(timed(baseline, env).ms);
      const run = timed(bundle, env);
      bundleMs.push(run.ms);
      if (run.status !== 1) problem ??= `run ${i + 1} exited ${run.status}, expected 1`;
    }
    return { name, baselineMs: median(baselineMs), bundleMs: median(bundleMs), problem };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function coldStartTable(names: string[]): string {
  const results = names.map(measure);
  const table = formatTable(
    ['action', 'node -e 0 (ms)', 'bundle (ms)', 'ratio', 'extra (ms)'],
    results.map((r) => [
      r.name,
      r.baselineMs.toFixed(1),
      r.bundleMs.toFixed(1),
      `${(r.bundleMs / r.baselineMs).toFixed(2)}x`,
      (r.bundleMs - r.baselineMs).toFixed(1),
    ]),
  );
  const notes = results.map((r) =>
    r.problem
      ? `${r.name}: NOT a clean fail-fast: ${r.problem}`
      : `${r.name}: every run exited 1 naming the missing input`,
  );
  return [table, '', ...notes].join('\n');
}
