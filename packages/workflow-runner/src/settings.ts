/**
 * The local stand-in for a repository's settings: variables, secrets and environments (their
 * own variables and secrets, required reviewers, self-review rule, deployment branches), read from
 * one YAML file.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { JobBehaviour } from '@mlops-actions/emulator';
import { WorkflowError } from './workflow-file.ts';

export interface EnvironmentSettings {
  vars: Record<string, string>;
  secrets: Record<string, string>;
  reviewers: string[];
  preventSelfReview: boolean;
  /** Branch name patterns allowed to deploy; undefined: every branch. */
  branches?: string[];
}

export interface Settings {
  vars: Record<string, string>;
  secrets: Record<string, string>;
  environments: Record<string, EnvironmentSettings>;
  /** How the emulator's Azure ML jobs behave when the run starts one (`emulator.job`). */
  job?: JobBehaviour;
}

export const emptySettings = (): Settings => ({ vars: {}, secrets: {}, environments: {} });

function jobBehaviour(value: unknown, problem: Problem): JobBehaviour | undefined {
  if (value === undefined || value === null) return undefined;
  const job = value as Record<string, unknown>;
  const seconds = job['duration-seconds'];
  if (seconds !== undefined && (typeof seconds !== 'number' || seconds < 0)) {
    throw problem('emulator.job.duration-seconds', 'a number of emulated seconds', seconds);
  }
  const metrics = job.metrics ?? {};
  if (typeof metrics !== 'object' || !Object.values(metrics).every((m) => typeof m === 'number')) {
    throw problem('emulator.job.metrics', 'a map of metric names to numbers', metrics);
  }
  return {
    ...(seconds !== undefined ? { durationSeconds: seconds } : {}),
    metrics: metrics as Record<string, number>,
  };
}

type Problem = (key: string, expected: string, given: unknown) => WorkflowError;

function strings(value: unknown, key: string, problem: Problem): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw problem(key, 'a map of names to values', value);
  }
  return Object.fromEntries(
    Object.entries(value).map(([name, v]) => {
      if (typeof v === 'object' && v !== null) throw problem(`${key}.${name}`, 'a value', v);
      return [name, String(v)];
    }),
  );
}

function list(value: unknown, key: string, problem: Problem): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
    throw problem(key, 'a list of names', value);
  }
  return value;
}

export function readSettings(file: string): Settings {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new WorkflowError(`--settings: cannot read ${file} (${(err as Error).message})`);
  }
  const problem: Problem = (key, expected, given) =>
    new WorkflowError(`${file}: ${key}: expected ${expected}, got ${JSON.stringify(given)}`);
  let doc: Record<string, unknown>;
  try {
    doc = (parse(text) ?? {}) as Record<string, unknown>;
  } catch (err) {
    throw new WorkflowError(`${file}: not YAML (${(err as Error).message})`);
  }
  const environments: Record<string, EnvironmentSettings> = {};
  const envs = doc.environments ?? {};
  if (typeof envs !== 'object' || Array.isArray(envs)) {
    throw problem('environments', 'a map of environment names', envs);
  }
  for (const [name, raw] of Object.entries(envs as Record<string, unknown>)) {
    const e = (raw ?? {}) as Record<string, unknown>;
    const at = `environments.${name}`;
    const selfReview = e['prevent-self-review'] ?? false;
    if (typeof selfReview !== 'boolean') {
      throw problem(`${at}.prevent-self-review`, 'true or false', selfReview);
    }
    const branches = list(e.branches, `${at}.branches`, problem);
    environments[name] = {
      vars: strings(e.vars, `${at}.vars`, problem),
      secrets: strings(e.secrets, `${at}.secrets`, problem),
      reviewers: list(e.reviewers, `${at}.reviewers`, problem) ?? [],
      preventSelfReview: selfReview,
      ...(branches ? { branches } : {}),
    };
  }
  const job = jobBehaviour((doc.emulator as Record<string, unknown> | undefined)?.job, problem);
  return {
    vars: strings(doc.vars, 'vars', problem),
    secrets: strings(doc.secrets, 'secrets', problem),
    environments,
    ...(job ? { job } : {}),
  };
}
