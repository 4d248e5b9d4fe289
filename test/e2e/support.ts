/**
 * Runs the bundled actions (dist/) in a child process, as the GitHub runner does, against the
 * Azure ML emulator. Emulated time runs 600x: a 10-minute job takes a real second.
 */
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import path from 'node:path';
import { actionInputs, type Emulator, type EmulatorOptions } from '@mlops-actions/emulator';
import {
  runMain,
  runPost,
  workflowContext,
  type StepOptions,
  type StepResult,
} from '@mlops-actions/local-runner';

import { startTrustedEmulator } from '../support/emulator.ts';

const root = path.resolve(import.meta.dirname, '../..');

/**
 * Jobs last 600 emulated seconds (1 s real) unless a test steers them otherwise; `options` add to
 * or override that. The test process trusts it (for arranging with the SDK); steps get `env()`.
 */
export const startE2eEmulator = (options: EmulatorOptions = {}): Promise<Emulator> =>
  startTrustedEmulator({
    timeScale: 600,
    defaultJob: { durationSeconds: 600 },
    // 300 emulated seconds are half a real second here, less than a loaded machine may take
    // between fetching an ID token and signing in with it; a fresh token per sign-in is
    // proven on emulated time by the integration tests.
    idTokenLifetimeSeconds: 3600,
    ...options,
  });

/** A name no other test uses: the display name a test steers its job's behaviour by. */
export const uniqueName = (prefix: string): string => `${prefix}-${randomUUID().slice(0, 8)}`;

/** An inline command job (the `job` input) with an output, so the model URI can be checked. */
export const jobYaml = (displayName: string): string =>
  [
    `display_name: ${displayName}`,
    'experiment_name: e2e',
    'command: python train.py --model-dir ${{outputs.model}}',
    'environment: azureml:sklearn-1.5:1',
    'compute: azureml:cpu-cluster',
    'outputs:',
    '  model:',
    '    type: mlflow_model',
  ].join('\n');

export interface StepSetup {
  /** `with:` values on top of the connection inputs. */
  inputs?: Record<string, string>;
  /** Sign in with the client secret instead of OIDC federation. */
  clientSecret?: boolean;
  /** The workflow run's GITHUB_* variables; a fresh run by default. */
  context?: Record<string, string>;
  env?: Record<string, string>;
  onLine?: (line: string) => void;
  signal?: AbortSignal;
}

/** The step as a workflow would write it: `uses: ./actions/<action>` with these inputs. */
export function actionStep(action: string, emu: Emulator, setup: StepSetup = {}): StepOptions {
  return {
    actionDir: path.join(root, 'actions', action),
    cwd: root,
    env: { ...(setup.context ?? workflowContext()), ...emu.env(), ...setup.env },
    inputs: { ...actionInputs(emu, { clientSecret: setup.clientSecret }), ...setup.inputs },
    ...(setup.onLine ? { onLine: setup.onLine } : {}),
    ...(setup.signal ? { signal: setup.signal } : {}),
  };
}

/** train-and-poll polling every 200 ms, so a test does not wait on the 30 s default. */
export const trainStep = (emu: Emulator, setup: StepSetup = {}): StepOptions =>
  actionStep('train-and-poll', emu, {
    ...setup,
    inputs: { 'poll-interval': '200ms', ...setup.inputs },
  });

/** Prints what the runner would show; vitest keeps it only when the test fails. */
function show(kind: string, result: StepResult): StepResult {
  console.error(`--- ${kind} step: exit ${result.exitCode} ---\n${result.log}\n${result.stderr}`);
  return result;
}

export const runMainStep = async (step: StepOptions): Promise<StepResult> =>
  show('main', await runMain(step));

export const runPostStep = async (
  step: StepOptions,
  state: Record<string, string>,
): Promise<StepResult> => show('post', await runPost(step, state));

/** The messages of the step's `::error::` commands: the failure a user reads. */
export const errorsOf = (result: StepResult): string[] =>
  result.commands.filter((c) => c.command === 'error').map((c) => c.message);

/**
 * Runs the main step and kills its process outright (SIGKILL) once its job shows Running, as when
 * the runner machine dies mid-wait: the state it saved until then is what the post step gets.
 */
export async function runKilledMainStep(step: StepOptions): Promise<StepResult> {
  const kill = new AbortController();
  const onLine = (line: string) => {
    step.onLine?.(line);
    if (/Running \(was /.test(line)) kill.abort();
  };
  const result = await runMainStep({ ...step, onLine, kill: kill.signal });
  expect(result.killedBy).toBe('SIGKILL');
  return result;
}

/**
 * No secret the emulator handed out (tokens, endpoint keys) appears where a user could read it;
 * one the step printed was add-mask-ed first, so the runner hides it. Secrets are listed since the
 * last resetStats, so a test that scans does not reset.
 */
export function expectNoLeak(emu: Emulator, results: StepResult[]): void {
  const secrets = [...emu.control.stats().issuedSecrets, emu.clientSecret];
  expect(secrets.length).toBeGreaterThan(1);
  for (const result of results) {
    const visible = {
      log: result.log,
      stderr: result.stderr,
      summary: result.summary,
      outputs: JSON.stringify(result.outputs),
    };
    for (const secret of secrets) {
      for (const [where, text] of Object.entries(visible)) {
        expect(text.includes(secret), `a secret appears in ${where}`).toBe(false);
      }
      if (result.rawStdout.includes(secret)) {
        expect(result.masks, 'a printed secret was not add-mask-ed').toContain(secret);
      }
    }
  }
}
