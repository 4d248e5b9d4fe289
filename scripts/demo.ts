/**
 * The pipeline on this machine, no Azure subscription needed: starts the embedded Azure ML
 * emulator and runs the bundled actions against it exactly as the GitHub runner would.
 * Two workflow runs: the first trains, registers and deploys a model to a new endpoint (blue,
 * 100 %); the second trains a better model, which register-model judges against the live one
 * and deploy-endpoint puts beside it as green at 0 %, smoke-tested before any traffic moves.
 * Then shift-traffic promotes green step by step under live-like traffic, judged on the
 * endpoint's Azure Monitor metrics; and a shift back to blue, made to fail, is rolled back.
 */
import path from 'node:path';
import { actionInputs, startEmulator, type Emulator } from '@mlops-actions/emulator';
import { runMain, runPost, workflowContext, type StepResult } from '@mlops-actions/local-runner';

const root = path.resolve(import.meta.dirname, '..');
const ENDPOINT = 'churn-dev';
// 60 emulated seconds pass per real second: a 5-minute training job takes 5 s here.
const emulator = await startEmulator({
  timeScale: 60,
  defaultJob: { durationSeconds: 300, metrics: { accuracy: 0.87 } },
});
const say = (text: string) => console.log(`\n\x1b[1m${text}\x1b[0m`);

/** One `uses: ./actions/<action>` step of a workflow run, printed as the runner shows it. */
async function step(
  em: Emulator,
  run: Record<string, string>,
  action: string,
  inputs: Record<string, string>,
  expectFailure = false,
): Promise<StepResult> {
  say(`${action}: uses ./actions/${action}`);
  const options = {
    actionDir: path.join(root, 'actions', action),
    cwd: root,
    env: { ...run, ...em.env() },
    inputs: { ...actionInputs(em), ...inputs },
    onLine: (line: string) => console.log(`  ${line}`),
  };
  const main = await runMain(options);
  if (action === 'train-and-poll' || action === 'shift-traffic') await runPost(options, main.state);
  for (const [name, value] of Object.entries(main.outputs)) {
    if (name !== 'report') console.log(`  -> ${name} = ${value}`);
  }
  if ((main.exitCode !== 0) !== expectFailure) {
    throw new Error(
      `${action} ${expectFailure ? 'succeeded' : 'failed'} (exit code ${main.exitCode})`,
    );
  }
  return main;
}

/** Train, register (judged against the live model), deploy with a smoke test. */
async function pipeline(run: Record<string, string>): Promise<void> {
  const train = await step(emulator, run, 'train-and-poll', {
    'job-file': 'examples/jobs/train.yml',
    'poll-interval': '1s',
  });
  const registered = await step(emulator, run, 'register-model', {
    'model-name': 'churn',
    'job-name': train.outputs['job-name'] ?? '',
    'compare-metric': 'accuracy',
    'compare-with': `endpoint:${ENDPOINT}`,
  });
  await step(emulator, run, 'deploy-endpoint', {
    'endpoint-name': ENDPOINT,
    model: registered.outputs['model-id'] ?? '',
    'deployment-file': 'examples/deployments/churn.yml',
    'smoke-test-file': 'examples/smoke/request.json',
    'smoke-test-expect': 'examples/smoke/response.schema.json',
    'poll-interval': '1s',
  });
}

try {
  say(`Azure ML emulator on ${emulator.url} (time runs 60x faster)`);
  say('=== Workflow run 1: the first model goes live ===');
  await pipeline(workflowContext());
  emulator.control.setDefaultJobBehaviour({ durationSeconds: 300, metrics: { accuracy: 0.91 } });
  say('=== Workflow run 2: a better model, deployed beside it at 0 % ===');
  await pipeline(workflowContext());

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
  const rollout = {
    'endpoint-name': ENDPOINT,
    'bake-time': '1m',
    'metrics-delay': '10s',
    'min-requests': '15',
    'max-error-rate': '2',
    'poll-interval': '200ms',
  };
  say(
    '=== Workflow run 3: shift-traffic promotes green (mirror 20 %, then 10 -> 25 -> 50 -> 100) ===',
  );
  const promoted = await step(emulator, workflowContext(), 'shift-traffic', {
    ...rollout,
    to: 'green',
    'mirror-percent': '20',
    'mirror-time': '1m',
  });
  console.log(promoted.summary);
  say('=== Workflow run 4: a shift back to blue, with blue answering half its requests 500 ===');
  emulator.control.setDeploymentBehaviour(`${ENDPOINT}/blue`, { scoring: { errorRate: 0.5 } });
  const rolledBack = await step(
    emulator,
    workflowContext(),
    'shift-traffic',
    { ...rollout, to: 'blue' },
    true,
  );
  console.log(rolledBack.summary);
  traffic.stop();
  await traffic.done;
  say(
    `Endpoint ${ENDPOINT}: live traffic ${JSON.stringify(emulator.control.endpoint(ENDPOINT)?.traffic)}`,
  );
} catch (error) {
  console.error(`\n${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  await emulator.stop();
}
