/**
 * Runs workflow files through the local runner against an Azure ML emulator and a local GitHub
 * API this test process starts: each test writes its workflows into a fresh checkout whose
 * actions/, dist/ and examples/ are this repository's (so `uses: ./actions/<name>` runs the
 * bundle), and reads what a user sees: the timeline, the report, the emulators' state.
 */
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Emulator, EmulatorOptions } from '@mlops-actions/emulator';
import {
  startGitHubEmulator,
  type GitHubEmulator,
  type GitHubEmulatorOptions,
} from '@mlops-actions/github-emulator';
import {
  emptySettings,
  inProcessRun,
  runWorkflow,
  type RunOptions,
  type RunReport,
  type Settings,
} from '@mlops-actions/workflow-runner';
import { startTrustedEmulator } from '../support/emulator.ts';

export const repoRoot = path.resolve(import.meta.dirname, '../..');
const fixtures = path.join(import.meta.dirname, 'fixtures');

/** Emulated time 600x: a 10-minute job (and a 10-minute timeout) take a real second. */
export const TIME_SCALE = 600;

export interface Services {
  azure: Emulator;
  github: GitHubEmulator;
  stop(): Promise<void>;
}

export async function startServices(
  options: { azure?: EmulatorOptions; github?: GitHubEmulatorOptions } = {},
): Promise<Services> {
  const azure = await startTrustedEmulator({
    timeScale: TIME_SCALE,
    defaultJob: { durationSeconds: 600, metrics: { accuracy: 0.9 } },
    idTokenLifetimeSeconds: 3600,
    ...options.azure,
  });
  const github = await startGitHubEmulator(options.github);
  return {
    azure,
    github,
    stop: async () => {
      await Promise.all([azure.stop(), github.stop()]);
    },
  };
}

/** A checkout holding these workflow files (name -> YAML, or a fixture file's name -> null). */
export function checkout(workflows: Record<string, string | null>): {
  root: string;
  remove(): void;
} {
  const root = mkdtempSync(path.join(os.tmpdir(), 'workflow-runner-'));
  const dir = path.join(root, '.github', 'workflows');
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(workflows)) {
    if (text === null) cpSync(path.join(fixtures, name), path.join(dir, name));
    else writeFileSync(path.join(dir, name), text);
  }
  for (const shared of ['actions', 'dist', 'examples']) {
    symlinkSync(path.join(repoRoot, shared), path.join(root, shared));
  }
  return { root, remove: () => rmSync(root, { recursive: true, force: true }) };
}

export const fixture = (name: string): string => readFileSync(path.join(fixtures, name), 'utf8');

export interface LocalRun {
  report: RunReport;
  /** The timeline as printed. */
  lines: string[];
  text: string;
  summaries: string;
}

/** One `mlops-actions run` of a workflow in the checkout, in this process. */
export async function runLocal(
  services: Services,
  root: string,
  workflow: string,
  options: Partial<Omit<RunOptions, 'settings'>> & { settings?: Partial<Settings> } = {},
): Promise<LocalRun> {
  const lines: string[] = [];
  const summaryDir = path.join(
    root,
    '.mlops-actions',
    `run-${Math.random().toString(36).slice(2)}`,
  );
  const report = await runWorkflow(
    inProcessRun(services, {
      root,
      workflow: `.github/workflows/${workflow}`,
      summaryDir,
      timeScale: TIME_SCALE,
      approvalTimeoutMs: 300,
      print: (line) => lines.push(line),
      ...options,
      settings: { ...emptySettings(), ...options.settings },
    }),
  );
  const text = lines.join('\n');
  console.error(text);
  return { report, lines, text, summaries: summaryDir };
}

/** The result the report gives a job, by its timeline name. */
export const resultOf = (run: LocalRun, job: string) =>
  run.report.jobs.find((j) => j.name === job)?.result;

/** The outcome of a job's step by its name. */
export const stepsOf = (run: LocalRun, job: string) =>
  run.report.jobs
    .find((j) => j.name === job)
    ?.steps.map((s) => `${s.name}: ${s.outcome}/${s.conclusion}`);
