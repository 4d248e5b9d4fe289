import { actionInputs, startEmulator, type Emulator } from '@mlops-actions/emulator';
import { runMain, workflowContext, type StepResult } from '@mlops-actions/local-runner';
import { actionDir, root } from './actions.ts';
import { formatTable } from './table.ts';

/** Emulated seconds per real second. */
const TIME_SCALE = 60;
/** Endpoint create/update and deployment provisioning, emulated seconds (1 s and 3 s real). */
const ENDPOINT_SECONDS = 60;
const DEPLOYMENT_SECONDS = 180;
/** Access tokens live an hour of real time, as on Azure (see poll-requests.ts). */
const ACCESS_TOKEN_LIFETIME_SECONDS = 3600 * TIME_SCALE;
const POLL_INTERVALS = ['250ms', '1s'];

const realMs = (emulatedSeconds: number): number => (emulatedSeconds / TIME_SCALE) * 1000;

interface Case {
  label: string;
  /** The model version the step deploys (registered before the case). */
  model: string;
  /** Long-running operations the step must wait for, real ms in total. */
  operationsMs: number;
}

interface Measured {
  label: string;
  poll: string;
  wallMs: number;
  operationsMs: number;
  arm: Map<string, number>;
  exitCode: number | null;
  deployment: string;
}

const isArm = (route: string): boolean =>
  route.startsWith('onlineEndpoints.') ||
  route.startsWith('onlineDeployments.') ||
  route.startsWith('models.') ||
  route.startsWith('workspaces.') ||
  route.startsWith('operations.');

async function step(
  emulator: Emulator,
  action: string,
  inputs: Record<string, string>,
): Promise<StepResult> {
  const result = await runMain({
    actionDir: actionDir(action),
    cwd: root,
    env: { ...workflowContext(), ...emulator.env() },
    inputs: { ...actionInputs(emulator), ...inputs },
  });
  if (result.exitCode !== 0) throw new Error(`${action} failed:\n${result.log}\n${result.stderr}`);
  return result;
}

async function register(emulator: Emulator, version: string): Promise<string> {
  const result = await step(emulator, 'register-model', {
    'model-name': 'churn',
    'model-path': `azureml://datastores/workspaceblobstore/paths/models/churn/${version}/`,
    version,
  });
  return result.outputs['model-id'] ?? '';
}

/** One endpoint per poll interval: a first deploy (blue, 100 %), a second (green, 0 %), a re-run. */
async function measure(): Promise<Measured[]> {
  const emulator = await startEmulator({
    timeScale: TIME_SCALE,
    accessTokenLifetimeSeconds: ACCESS_TOKEN_LIFETIME_SECONDS,
    endpointProvisioningSeconds: ENDPOINT_SECONDS,
    defaultDeployment: { provisioningSeconds: DEPLOYMENT_SECONDS },
  });
  try {
    const first = await register(emulator, '1');
    const second = await register(emulator, '2');
    const cases: Case[] = [
      {
        label: 'new endpoint, blue at 100 %',
        model: first,
        // endpoint create, deployment create, traffic update
        operationsMs: realMs(ENDPOINT_SECONDS + DEPLOYMENT_SECONDS + ENDPOINT_SECONDS),
      },
      { label: 'green at 0 %', model: second, operationsMs: realMs(DEPLOYMENT_SECONDS) },
      { label: 're-run of green', model: second, operationsMs: 0 },
    ];
    const measured: Measured[] = [];
    for (const poll of POLL_INTERVALS) {
      const endpoint = `bench-${poll.replace(/\W/g, '')}`;
      for (const { label, model, operationsMs } of cases) {
        emulator.control.resetStats();
        const started = performance.now();
        const result = await step(emulator, 'deploy-endpoint', {
          'endpoint-name': endpoint,
          model,
          'deployment-file': 'examples/deployments/churn.yml',
          'smoke-test-file': 'examples/smoke/request.json',
          'smoke-test-expect': 'examples/smoke/response.schema.json',
          'poll-interval': poll,
        });
        const wallMs = performance.now() - started;
        const arm = new Map<string, number>();
        for (const { route } of emulator.control.stats().requests) {
          if (route && isArm(route)) arm.set(route, (arm.get(route) ?? 0) + 1);
        }
        measured.push({
          label,
          poll,
          wallMs,
          operationsMs,
          arm,
          exitCode: result.exitCode,
          deployment: result.outputs['deployment-name'] ?? '',
        });
      }
    }
    return measured;
  } finally {
    await emulator.stop();
  }
}

const seconds = (ms: number): string => (ms / 1000).toFixed(2);

/** Wall time of deploy + smoke test against the operations it waits for, and its ARM requests. */
export async function deployOverheadTables(): Promise<string> {
  const runs = await measure();
  const routes = [...new Set(runs.flatMap((r) => [...r.arm.keys()]))].sort();
  const timing = formatTable(
    ['case', 'poll', 'deployment', 'wall s', 'operations s', 'overhead s', 'exit'],
    runs.map((r) => [
      r.label,
      r.poll,
      r.deployment,
      seconds(r.wallMs),
      seconds(r.operationsMs),
      seconds(r.wallMs - r.operationsMs),
      String(r.exitCode),
    ]),
  );
  const requests = formatTable(
    ['case', 'poll', ...routes, 'ARM total'],
    runs.map((r) => [
      r.label,
      r.poll,
      ...routes.map((route) => r.arm.get(route) ?? 0),
      [...r.arm.values()].reduce((a, b) => a + b, 0),
    ]),
  );
  return [
    `timeScale ${TIME_SCALE}; endpoint operations ${seconds(realMs(ENDPOINT_SECONDS))} s, deployment provisioning ${seconds(realMs(DEPLOYMENT_SECONDS))} s (real)`,
    'overhead = wall time of the bundled step (process start to exit) - the operations it waits for',
    '',
    timing,
    '',
    'ARM requests per deploy (routes; operations.get = polls of long-running operations)',
    '',
    requests,
  ].join('\n');
}
