import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { readActionMetadata } from './action-metadata.ts';
import { parseFileCommands } from './file-commands.ts';
import { parseWorkflowCommand, type WorkflowCommand } from './workflow-commands.ts';

/** How long the runner waits between SIGINT and SIGTERM when a run is cancelled. */
export const CANCEL_GRACE_MS = 7_500;

export interface StepOptions {
  /** Folder holding action.yml. */
  actionDir: string;
  /** The step's `with:` values; action.yml defaults fill the rest, as the runner does. */
  inputs?: Record<string, string>;
  /** Extra environment (GITHUB_* context, NODE_EXTRA_CA_CERTS, ...). */
  env?: Record<string, string>;
  /** Node binary; default the one running this process. */
  node?: string;
  cwd?: string;
  /** Each log line as the runner's UI shows it (masked; mask and debug commands hidden), as it arrives. */
  onLine?: (line: string) => void;
  /** Cancels the step like a cancelled workflow: SIGINT, then SIGTERM 7.5 s later. */
  signal?: AbortSignal;
  /** Kills the step's process outright (SIGKILL), as when the runner machine dies mid-step. */
  kill?: AbortSignal;
  /** RUNNER_TEMP; default a fresh folder per step, removed after it. */
  runnerTemp?: string;
}

/** A `run:` step: a script in a shell, with the same files, masking and cancellation. */
export interface ScriptOptions extends Omit<StepOptions, 'actionDir' | 'inputs' | 'node'> {
  script: string;
  /** The shell command, `{0}` the script file (default bash as the runner calls it). */
  shell?: string[];
}

export interface StepResult {
  exitCode: number | null;
  /** Signal that ended the process, if any. */
  killedBy: NodeJS.Signals | null;
  /** Stdout with every masked value replaced by ***, as the runner shows it. */
  log: string;
  /** Stdout exactly as the process wrote it (for leak checks). */
  rawStdout: string;
  stderr: string;
  commands: WorkflowCommand[];
  masks: string[];
  outputs: Record<string, string>;
  state: Record<string, string>;
  summary: string;
  /** What the step wrote to GITHUB_ENV and GITHUB_PATH, for the steps after it. */
  env: Record<string, string>;
  path: string[];
  durationMs: number;
}

export const inputEnvName = (name: string): string =>
  `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;

function inputEnv(actionDir: string, given: Record<string, string>): Record<string, string> {
  const { inputs } = readActionMetadata(actionDir);
  const env: Record<string, string> = {};
  for (const [name, spec] of Object.entries(inputs)) {
    if (spec.default !== undefined) env[inputEnvName(name)] = spec.default;
  }
  for (const [name, value] of Object.entries(given)) env[inputEnvName(name)] = value;
  return env;
}

/** How the runner's log shows a workflow command, or undefined for the ones it hides. */
function renderCommand(command: WorkflowCommand, masks: string[]): string | undefined {
  const text = applyMasks(command.message, masks);
  switch (command.command) {
    case 'error':
      return `Error: ${text}`;
    case 'warning':
      return `Warning: ${text}`;
    case 'notice':
      return `Notice: ${text}`;
    case 'group':
      return `▶ ${text}`;
    default:
      return undefined;
  }
}

function applyMasks(line: string, masks: string[]): string {
  return masks.reduce((text, secret) => (secret ? text.split(secret).join('***') : text), line);
}

async function runProcess(
  command: string,
  args: string[],
  options: Omit<StepOptions, 'actionDir'>,
  extraEnv: Record<string, string>,
): Promise<StepResult> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'local-runner-'));
  const files = {
    GITHUB_OUTPUT: path.join(dir, 'output'),
    GITHUB_STATE: path.join(dir, 'state'),
    GITHUB_STEP_SUMMARY: path.join(dir, 'summary'),
    GITHUB_ENV: path.join(dir, 'env'),
    GITHUB_PATH: path.join(dir, 'path'),
  };
  for (const file of Object.values(files)) writeFileSync(file, '');
  const started = Date.now();
  const child = spawn(command, args, {
    cwd: options.cwd ?? process.cwd(),
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? os.homedir(),
      RUNNER_TEMP: options.runnerTemp ?? dir,
      ...options.env,
      ...extraEnv,
      ...files,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group: a signal reaches what the step started too (a script's `sleep`).
    detached: true,
  });

  const masks: string[] = [];
  const commands: WorkflowCommand[] = [];
  const raw: string[] = [];
  const shown: string[] = [];
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const lines = createInterface({ input: child.stdout });
  lines.on('line', (line) => {
    raw.push(line);
    const command = parseWorkflowCommand(line);
    if (command) {
      commands.push(command);
      if (command.command === 'add-mask') masks.push(command.message);
    }
    const masked = applyMasks(line, masks);
    shown.push(masked);
    const display = command ? renderCommand(command, masks) : masked;
    if (display !== undefined) options.onLine?.(display);
  });

  const signalGroup = (signal: NodeJS.Signals): void => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, signal);
    } catch {
      child.kill(signal); // the group is gone: the step has ended
    }
  };
  let sigterm: NodeJS.Timeout | undefined;
  const cancel = (): void => {
    signalGroup('SIGINT');
    sigterm = setTimeout(() => signalGroup('SIGTERM'), CANCEL_GRACE_MS);
  };
  options.signal?.addEventListener('abort', cancel, { once: true });
  const kill = (): void => signalGroup('SIGKILL');
  options.kill?.addEventListener('abort', kill, { once: true });

  const [exitCode, killedBy] = await new Promise<[number | null, NodeJS.Signals | null]>(
    (resolve) => child.on('close', (code, signal) => resolve([code, signal])),
  );
  clearTimeout(sigterm);
  options.signal?.removeEventListener('abort', cancel);
  options.kill?.removeEventListener('abort', kill);

  const read = (file: string): string => readFileSync(file, 'utf8');
  const result: StepResult = {
    exitCode,
    killedBy,
    log: shown.join('\n'),
    rawStdout: raw.join('\n'),
    stderr,
    commands,
    masks,
    outputs: parseFileCommands(read(files.GITHUB_OUTPUT)),
    state: parseFileCommands(read(files.GITHUB_STATE)),
    summary: read(files.GITHUB_STEP_SUMMARY),
    env: parseFileCommands(read(files.GITHUB_ENV)),
    path: read(files.GITHUB_PATH)
      .split(/\r?\n/)
      .filter((line) => line.trim() !== ''),
    durationMs: Date.now() - started,
  };
  rmSync(dir, { recursive: true, force: true });
  return result;
}

/** Runs an action's `runs.main` as the runner does: INPUT_* variables and fresh file-command files. */
export async function runMain(options: StepOptions): Promise<StepResult> {
  return runEntry(readActionMetadata(options.actionDir).main, options, {});
}

function runEntry(
  entry: string,
  options: StepOptions,
  extraEnv: Record<string, string>,
): Promise<StepResult> {
  const env = { ...inputEnv(options.actionDir, options.inputs ?? {}), ...options.env };
  return runProcess(options.node ?? process.execPath, [entry], { ...options, env }, extraEnv);
}

/** Runs a `run:` script as the runner does: `bash --noprofile --norc -eo pipefail {0}`. */
export async function runScript(options: ScriptOptions): Promise<StepResult> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'local-runner-script-'));
  const file = path.join(dir, 'script.sh');
  writeFileSync(file, options.script);
  const [command, ...args] = (
    options.shell ?? ['bash', '--noprofile', '--norc', '-eo', 'pipefail', '{0}']
  ).map((part) => part.replace('{0}', file));
  try {
    return await runProcess(command ?? 'bash', args, options, {});
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs `runs.post` with the state the main step saved (STATE_* variables), as the runner does. */
export async function runPost(
  options: StepOptions,
  state: Record<string, string>,
): Promise<StepResult> {
  const { post } = readActionMetadata(options.actionDir);
  if (!post) throw new Error(`${options.actionDir}/action.yml has no runs.post`);
  const stateEnv = Object.fromEntries(Object.entries(state).map(([k, v]) => [`STATE_${k}`, v]));
  return runEntry(post, options, stateEnv);
}
