/**
 * The pipeline on this machine, no Azure subscription needed: the example DEV workflow
 * (.github/workflows/example-dev.yml) run as written by the local workflow runner, against the
 * Azure ML emulator and the local GitHub API. Two workflow runs: the first trains, registers and
 * deploys a model to a new endpoint (blue, 100 %); the second trains a better model, which
 * register-model judges against the live one and deploy-endpoint puts beside it as green at 0 %,
 * smoke-tested before any traffic moves. Then .github/workflows/example-rollout.yml, under
 * live-like traffic from the emulator's generator: shift-traffic promotes green step by step,
 * judged on the endpoint's Azure Monitor metrics; and a shift back to a failing blue is rolled
 * back to the backup in one write.
 */
import path from 'node:path';
import { startEmulator } from '@mlops-actions/emulator';
import { startGitHubEmulator } from '@mlops-actions/github-emulator';
import { inProcessRun, runWorkflow, type RunReport } from '@mlops-actions/workflow-runner';

const root = path.resolve(import.meta.dirname, '..');
const ENDPOINT = 'churn-dev';
// 60 emulated seconds pass per real second: a 5-minute training job takes 5 s here.
const TIME_SCALE = 60;
const emulator = await startEmulator({
  timeScale: TIME_SCALE,
  defaultJob: { durationSeconds: 300, metrics: { accuracy: 0.87 } },
});
const github = await startGitHubEmulator();
const say = (text: string) => console.log(`\n\x1b[1m${text}\x1b[0m`);

/** One `mlops-actions run <workflow> --input ...`. */
const run = (
  workflow = '.github/workflows/example-dev.yml',
  inputs: Record<string, string> = {},
): Promise<RunReport> =>
  runWorkflow(
    inProcessRun(
      { azure: emulator, github },
      {
        root,
        workflow,
        inputs,
        summaryDir: path.join(root, '.mlops-actions', `demo-${Date.now()}`),
        timeScale: TIME_SCALE,
        print: (line) => console.log(line),
      },
    ),
  );

try {
  say(`Azure ML emulator on ${emulator.url}, GitHub API on ${github.url} (time runs 60x faster)`);
  say('=== Workflow run 1: the first model goes live ===');
  const first = await run();
  emulator.control.setDefaultJobBehaviour({ durationSeconds: 300, metrics: { accuracy: 0.91 } });
  say('=== Workflow run 2: a better model, deployed beside it at 0 % ===');
  const second = await run();

  const endpoint = emulator.control.endpoint(ENDPOINT);
  say(`Endpoint ${ENDPOINT}: live traffic ${JSON.stringify(endpoint?.traffic)}`);
  for (const d of endpoint?.deployments ?? []) {
    console.log(`  ${d.name}: ${d.model.replace(/.*\/models\//, '')} (${d.provisioningState})`);
  }

  // Live-like requests for the rollouts: 250 a second, judged per emulated minute (1 s here).
  const traffic = emulator.control.generateTraffic(ENDPOINT, {
    ratePerSecond: 250,
    durationMs: 120_000,
  });
  const rollout = { 'bake-time': '1m', 'metrics-delay': '10s', 'min-requests': '15' };
  say(
    '=== Workflow run 3: shift-traffic promotes green (mirror 20 %, then 10 -> 25 -> 50 -> 100) ===',
  );
  const promoted = await run('.github/workflows/example-rollout.yml', {
    ...rollout,
    to: 'green',
    'mirror-percent': '20',
  });
  say('=== Workflow run 4: a shift back to blue, with blue answering half its requests 500 ===');
  emulator.control.setDeploymentBehaviour(`${ENDPOINT}/blue`, { scoring: { errorRate: 0.5 } });
  const rolledBack = await run('.github/workflows/example-rollout.yml', { ...rollout, to: 'blue' });
  traffic.stop();
  await traffic.done;
  say(
    `Endpoint ${ENDPOINT}: live traffic ${JSON.stringify(emulator.control.endpoint(ENDPOINT)?.traffic)}`,
  );
  const reports = [first, second, promoted, rolledBack];
  say(`Job summaries: ${reports.map((r) => path.relative(root, r.summaryDir)).join(', ')}`);
  const expected = ['success', 'success', 'success', 'failure'];
  if (reports.some((r, i) => r.conclusion !== expected[i])) process.exitCode = 1;
} catch (error) {
  console.error(`\n${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  await Promise.all([emulator.stop(), github.stop()]);
}
