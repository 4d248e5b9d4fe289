import type {
  DeploymentBehaviour,
  Emulator,
  EmulatorOptions,
  FaultSpec,
  JobOutcome,
} from './types.ts';
import { OUTCOMES } from './behaviours/job-behaviours.ts';
import { validateFault } from './faults.ts';
import { ROUTES } from './routes.ts';

export interface CliOptions {
  emulator: EmulatorOptions;
  faults: FaultSpec[];
  /** Print one JSON object instead of shell exports (for programs that spawn the CLI). */
  json: boolean;
}

export const USAGE = `Usage: mlops-emulator [options]
  --port <n>                 TCP port on 127.0.0.1 (default: a free one)
  --time-scale <n>           emulated seconds per real second (default 1; 0 stops the clock:
                             POST /_emulator/clock { "advanceSeconds": n } moves it)
  --seed <n>                 seed of traffic routing, errorRate and mirror sampling (default random)
  --job-duration <d>         default job duration: 90, 90s, 10m or 1h (default 60s)
  --job-outcome <o>          complete | fail | stall | not-responding (default complete)
  --job-metrics <k=v,...>    MLflow metrics every job logs when it ends, e.g. accuracy=0.91,loss=0.2
  --fault <k=v,...>          e.g. route=jobs.get,status=429,retry-after=1,count=2 (repeatable);
                             keys: route, status, retry-after, reset (before|after), latency-ms, count (n|inf)
  --endpoint-duration <d>    online endpoint create/update/delete time (default 30s)
  --deployment-duration <d>  online deployment provisioning time (default 90s)
  --deployment-outcome <o>   succeed | fail: how deployments provision (default succeed)
  --state-dir <dir>          where ca.pem is written (default: a new temp dir)
  --json                     print the connection values as one JSON line
  --help                     show this help`;

/** A bad flag; the CLI prints the message and the usage, and exits 2. */
export class UsageError extends Error {}

export function parseCliArgs(argv: readonly string[]): CliOptions | 'help' {
  const options: CliOptions = { emulator: {}, faults: [], json: false };
  const deployment: DeploymentBehaviour = {};
  const job: { durationSeconds?: number; outcome?: JobOutcome; metrics?: Record<string, number> } =
    {};
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i] ?? '';
    if (flag === '--help' || flag === '-h') return 'help';
    if (flag === '--json') {
      options.json = true;
      continue;
    }
    const value = argv[++i];
    if (value === undefined || value.startsWith('--')) {
      throw new UsageError(`${flag}: expected a value after it, got ${value ?? 'nothing'}`);
    }
    switch (flag) {
      case '--port':
        options.emulator.port = integer(flag, value, 0, 65535);
        break;
      case '--time-scale':
        options.emulator.timeScale = nonNegative(flag, value);
        break;
      case '--seed':
        options.emulator.seed = integer(flag, value, 0, 2 ** 32 - 1);
        break;
      case '--job-duration':
        job.durationSeconds = duration(flag, value);
        break;
      case '--job-outcome':
        if (!OUTCOMES.includes(value as JobOutcome)) {
          throw new UsageError(`${flag}: expected one of ${OUTCOMES.join(', ')}, got '${value}'`);
        }
        job.outcome = value as JobOutcome;
        break;
      case '--job-metrics':
        job.metrics = parseMetrics(flag, value);
        break;
      case '--fault':
        options.faults.push(parseFault(value));
        break;
      case '--endpoint-duration':
        options.emulator.endpointProvisioningSeconds = duration(flag, value);
        break;
      case '--deployment-duration':
        deployment.provisioningSeconds = duration(flag, value);
        break;
      case '--deployment-outcome':
        if (value !== 'succeed' && value !== 'fail') {
          throw new UsageError(`${flag}: expected succeed or fail, got '${value}'`);
        }
        deployment.provisioning = value;
        break;
      case '--state-dir':
        options.emulator.stateDir = value;
        break;
      default:
        throw new UsageError(`unknown flag '${flag}'`);
    }
  }
  if (Object.keys(job).length > 0) options.emulator.defaultJob = job;
  if (Object.keys(deployment).length > 0) options.emulator.defaultDeployment = deployment;
  return options;
}

function integer(flag: string, value: string, min: number, max: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new UsageError(`${flag}: expected a whole number ${min}-${max}, got '${value}'`);
  }
  return n;
}

function nonNegative(flag: string, value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !(n >= 0) || !Number.isFinite(n)) {
    throw new UsageError(`${flag}: expected a number >= 0 (0 stops the clock), got '${value}'`);
  }
  return n;
}

const UNIT_SECONDS: Record<string, number> = { '': 1, s: 1, m: 60, h: 3600 };

function duration(flag: string, value: string): number {
  const found = /^(\d+(?:\.\d+)?)([smh]?)$/.exec(value);
  if (!found)
    throw new UsageError(`${flag}: expected a duration like 90, 90s, 10m or 1h, got '${value}'`);
  return Number(found[1]) * (UNIT_SECONDS[found[2] ?? ''] ?? 1);
}

/** `accuracy=0.91,loss=0.2` -> { accuracy: 0.91, loss: 0.2 } */
function parseMetrics(flag: string, text: string): Record<string, number> {
  return Object.fromEntries(
    text.split(',').map((pair) => {
      const [key = '', value = ''] = pair.split('=', 2).map((s) => s.trim());
      const n = Number(value);
      if (key === '' || value === '' || !Number.isFinite(n)) {
        throw new UsageError(
          `${flag}: expected name=number pairs like accuracy=0.91, got '${pair}'`,
        );
      }
      return [key, n];
    }),
  );
}

/** `route=jobs.get,status=429,retry-after=1,count=2` -> FaultSpec; the emulator validates values. */
export function parseFault(text: string): FaultSpec {
  const fault: Record<string, unknown> = {};
  for (const pair of text.split(',')) {
    const [key = '', value = ''] = pair.split('=', 2).map((s) => s.trim());
    switch (key) {
      case 'route':
        fault.route = value;
        break;
      case 'reset':
        fault.reset = value;
        break;
      case 'status':
        fault.status = integer('--fault status', value, 400, 599);
        break;
      case 'retry-after':
        fault.retryAfterSeconds = integer('--fault retry-after', value, 0, 86400);
        break;
      case 'latency-ms':
        fault.latencyMs = integer('--fault latency-ms', value, 0, 3_600_000);
        break;
      case 'count':
        fault.count = /^inf(inity)?$/i.test(value)
          ? Infinity
          : integer('--fault count', value, 1, 1e9);
        break;
      default:
        throw new UsageError(
          `--fault: unknown key '${key}' in '${text}'; expected route, status, retry-after, reset, latency-ms or count`,
        );
    }
  }
  try {
    return validateFault(fault, ROUTES);
  } catch (error) {
    throw new UsageError(`--fault '${text}': ${(error as Error).message}`);
  }
}

/** Connection values by the environment variable names the demo and workflows use. */
export function connectionValues(emulator: Emulator): Record<string, string> {
  return {
    ...emulator.env(),
    AZURE_SUBSCRIPTION_ID: emulator.subscriptionId,
    AZURE_RESOURCE_GROUP: emulator.resourceGroup,
    AZUREML_WORKSPACE: emulator.workspace,
    AZURE_TENANT_ID: emulator.tenantId,
    AZURE_CLIENT_ID: emulator.clientId,
    AZURE_CLIENT_SECRET: emulator.clientSecret,
    AZURE_ARM_ENDPOINT: emulator.armEndpoint,
    AZURE_AUTHORITY_HOST: emulator.authorityHost,
  };
}

const shellQuote = (value: string): string => `'${value.replace(/'/g, `'\\''`)}'`;

export function formatExports(emulator: Emulator): string {
  const lines = Object.entries(connectionValues(emulator)).map(
    ([name, value]) => `export ${name}=${shellQuote(value)}`,
  );
  return [
    `# mlops-emulator: Azure ML api-version 2022-10-01 on ${emulator.url}`,
    '# Paste these into your shell; stop the emulator with Ctrl-C.',
    ...lines,
  ].join('\n');
}
