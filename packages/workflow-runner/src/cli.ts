/** `mlops-actions run <workflow> ...`: the command line, read into the run's options. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { EVENTS, RUN_DEFAULTS } from './defaults.ts';
import type { RunOptions } from './run.ts';
import { WorkflowError } from './workflow-file.ts';

export const USAGE = `Usage: mlops-actions run <workflow file> [options]
Runs a workflow file as GitHub would, against the local Azure ML emulator and GitHub API.
  --event <name>            ${EVENTS.join(' | ')} (default workflow_dispatch)
  --input <name=value>      a workflow_dispatch input (repeat for more)
  --ticket <CHG...>         the change ticket: the same as --input ticket=<CHG...>
  --approve <env:user,...>  the required reviewers who approve an environment (repeat per environment)
  --actor <login>           who starts the run (default octo-dev)
  --ref <ref>               the ref it runs on (default refs/heads/main)
  --settings <file>         variables, secrets and environments (default mlops-actions.settings.yml when present)
  --summaries <dir>         where the job summaries go (default .mlops-actions/run-<id>)
  --time-scale <n>          emulated seconds per real second, for the emulator and timeout-minutes (default 60)
  --approval-timeout <dur>  how long a job waits for its environment's review (default 10s)
  --azure <start|running>   start an Azure ML emulator for the run, or use the running one
                            (its exports from \`npm run emulator\` in the environment) (default start)
  --github <start|running>  the same for the local GitHub API (\`npm run github-emulator\`)
Exit code: 0 success, 1 failure, 130 cancelled, 2 a problem with the command line or a workflow.`;

export type CliOptions = Pick<
  RunOptions,
  | 'workflow'
  | 'event'
  | 'inputs'
  | 'approvals'
  | 'actor'
  | 'ref'
  | 'timeScale'
  | 'approvalTimeoutMs'
> & {
  /** The settings file to read, when there is one. */
  settingsFile?: string;
  summaries?: string;
  azure: 'start' | 'running';
  github: 'start' | 'running';
};

const DEFAULT_SETTINGS = 'mlops-actions.settings.yml';

export async function parseArgs(
  argv: readonly string[],
  root: string,
): Promise<CliOptions | 'help'> {
  const [command, workflow, ...rest] = argv;
  if (command === '--help' || command === '-h' || command === undefined) return 'help';
  if (command !== 'run') {
    throw new WorkflowError(`expected the command run, got ${JSON.stringify(command)}`);
  }
  if (!workflow || workflow.startsWith('--')) {
    throw new WorkflowError('run: expected a workflow file, got nothing');
  }
  const options: CliOptions = {
    workflow: path.relative(root, path.resolve(workflow)),
    ...RUN_DEFAULTS,
    inputs: {},
    approvals: {},
    azure: 'start',
    github: 'start',
  };
  let settingsFile = existsSync(path.join(root, DEFAULT_SETTINGS))
    ? path.join(root, DEFAULT_SETTINGS)
    : undefined;
  for (let i = 0; i < rest.length; i++) {
    const flag = rest[i] ?? '';
    if (flag === '--help' || flag === '-h') return 'help';
    const value = rest[++i];
    if (value === undefined || value.startsWith('--')) {
      throw new WorkflowError(`${flag}: expected a value after it, got ${value ?? 'nothing'}`);
    }
    const pair = (separator: string, expected: string): [string, string] => {
      const at = value.indexOf(separator);
      if (at <= 0)
        throw new WorkflowError(`${flag}: expected ${expected}, got ${JSON.stringify(value)}`);
      return [value.slice(0, at), value.slice(at + 1)];
    };
    switch (flag) {
      case '--event':
        options.event = value;
        break;
      case '--input': {
        const [name, text] = pair('=', 'name=value');
        options.inputs[name] = text;
        break;
      }
      case '--ticket':
        options.inputs.ticket = value;
        break;
      case '--approve': {
        const [env, users] = pair(':', 'environment:user[,user...]');
        const logins = users
          .split(',')
          .map((u) => u.trim())
          .filter(Boolean);
        if (logins.length === 0) {
          throw new WorkflowError(
            `--approve ${env}: expected at least one user after the colon, got nothing`,
          );
        }
        options.approvals[env] = [...(options.approvals[env] ?? []), ...logins];
        break;
      }
      case '--actor':
        options.actor = value;
        break;
      case '--ref':
        if (!value.startsWith('refs/')) {
          throw new WorkflowError(
            `--ref: expected a full ref (refs/heads/<branch>), got ${JSON.stringify(value)}`,
          );
        }
        options.ref = value;
        break;
      case '--settings':
        settingsFile = path.resolve(value);
        break;
      case '--summaries':
        options.summaries = path.resolve(value);
        break;
      case '--time-scale': {
        const n = Number(value);
        if (!Number.isFinite(n) || n <= 0) {
          throw new WorkflowError(
            `--time-scale: expected a positive number, got ${JSON.stringify(value)}`,
          );
        }
        options.timeScale = n;
        break;
      }
      case '--approval-timeout': {
        const { parseDuration } = await import('@mlops-actions/azureml/grammar');
        const ms = parseDuration(value);
        if (ms === undefined) {
          throw new WorkflowError(
            `--approval-timeout: expected a duration (10s, 2m), got ${JSON.stringify(value)}`,
          );
        }
        options.approvalTimeoutMs = ms;
        break;
      }
      case '--azure':
      case '--github':
        if (value !== 'start' && value !== 'running') {
          throw new WorkflowError(
            `${flag}: expected start or running, got ${JSON.stringify(value)}`,
          );
        }
        options[flag === '--azure' ? 'azure' : 'github'] = value;
        break;
      default:
        throw new WorkflowError(`unknown option ${flag}`);
    }
  }
  return settingsFile ? { ...options, settingsFile } : options;
}
