/**
 * The local workflow runner's own cost: on the example DEV pipeline, its wall time against the
 * sum of the wall times of the actions it ran (each step's process, post steps included), and
 * its start-up against `node -e 0` (the usage, and a run refused after parsing the workflow).
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { startEmulator } from '@mlops-actions/emulator';
import { startGitHubEmulator } from '@mlops-actions/github-emulator';
import { inProcessRun, runWorkflow } from '@mlops-actions/workflow-runner';
import { root } from './actions.ts';
import { median } from './cold-start.ts';
import { formatTable } from './table.ts';

export const PIPELINE_RUNS = 3;
export const STARTUP_RUNS = 11;
const TIME_SCALE = 600;
const WORKFLOW = '.github/workflows/example-dev.yml';
const BIN = path.join(root, 'packages/workflow-runner/bin/mlops-actions.ts');

interface PipelineRun {
  wallMs: number;
  actionsMs: number;
  steps: number;
  conclusion: string;
  /** Why a job failed, when one did. */
  why: string[];
}

/** The example pipeline run PIPELINE_RUNS times against one pair of emulators. */
export async function runnerOverheadTable(): Promise<string> {
  const emulator = await startEmulator({
    timeScale: TIME_SCALE,
    defaultJob: { durationSeconds: 600, metrics: { accuracy: 0.87 } },
  });
  const github = await startGitHubEmulator();
  const runs: PipelineRun[] = [];
  try {
    for (let i = 0; i < PIPELINE_RUNS; i++) {
      emulator.control.setDefaultJobBehaviour({
        durationSeconds: 600,
        metrics: { accuracy: 0.87 + i / 100 },
      });
      const started = performance.now();
      const report = await runWorkflow(
        inProcessRun(
          { azure: emulator, github },
          {
            root,
            workflow: WORKFLOW,
            summaryDir: path.join(root, '.mlops-actions', `bench-${Date.now()}`),
            timeScale: TIME_SCALE,
          },
        ),
      );
      const steps = report.jobs.flatMap((j) => j.steps).filter((s) => s.processMs > 0);
      runs.push({
        wallMs: performance.now() - started,
        actionsMs: steps.reduce((sum, s) => sum + s.processMs, 0),
        steps: steps.length,
        conclusion: report.conclusion,
        why: report.jobs.flatMap((j) => (j.why ? [`${j.name}: ${j.why}`] : [])),
      });
    }
  } finally {
    await Promise.all([emulator.stop(), github.stop()]);
  }
  const overhead = (r: PipelineRun) => (r.wallMs - r.actionsMs) / r.actionsMs;
  const table = formatTable(
    ['run', 'conclusion', 'steps run', 'actions (ms)', 'runner wall (ms)', 'overhead'],
    runs.map((r, i) => [
      String(i + 1),
      r.conclusion,
      r.steps,
      r.actionsMs.toFixed(0),
      r.wallMs.toFixed(0),
      `${(overhead(r) * 100).toFixed(1)} %`,
    ]),
  );
  const failures = runs.flatMap((r, i) => r.why.map((why) => `run ${i + 1} ${why}`));
  return `${table}\n${failures.map((f) => `\n${f}`).join('')}\nmedian overhead ${(median(runs.map(overhead)) * 100).toFixed(1)} % (aim: under 10 %)`;
}

function timed(args: string[]): { ms: number; status: number | null } {
  const started = performance.now();
  const child = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8' });
  return { ms: performance.now() - started, status: child.status };
}

/** Start-up, interleaved with `node -e 0` so noise hits both alike. */
export function runnerStartupTable(): string {
  const cases = [
    { label: 'mlops-actions --help', args: [BIN, '--help'], status: 0 },
    {
      label: 'mlops-actions run (parsed, refused: --event push)',
      args: [BIN, 'run', WORKFLOW, '--event', 'push'],
      status: 2,
    },
  ];
  const baseline = ['-e', '0'];
  timed(baseline);
  const rows = cases.map((c) => {
    timed(c.args);
    const base: number[] = [];
    const runner: number[] = [];
    let problem = '';
    for (let i = 0; i < STARTUP_RUNS; i++) {
      base.push(timed(baseline).ms);
      const run = timed(c.args);
      runner.push(run.ms);
      if (run.status !== c.status) problem = ` (exit ${run.status}, expected ${c.status})`;
    }
    const [b, r] = [median(base), median(runner)];
    return [c.label + problem, b.toFixed(1), r.toFixed(1), `${(r / b).toFixed(2)}x`];
  });
  return formatTable(['command', 'node -e 0 (ms)', 'runner (ms)', 'ratio'], rows);
}
