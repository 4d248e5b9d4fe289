/** SweepSpec (CLI YAML shape) -> the API's SweepJob body, the trial's code and environment resolved. */
import type {
  EarlyTerminationPolicyUnion,
  JobBase,
  SamplingAlgorithmUnion,
  SweepJob,
} from '@azure/arm-machinelearning';
import { computeArmId } from '../specs/asset-refs.ts';
import { SWEEP_SPEC, type SearchSpaceEntry, type SweepSpec } from '../specs/sweep-spec.ts';
import { withoutUndefined } from '../transport/plain-data.ts';
import type { WorkspaceRef } from '../types.ts';
import {
  computeFor,
  jobHeader,
  mapValues,
  toDistribution,
  toIdentity,
  toJobInput,
  toJobOutput,
  toResources,
  type JobOverrides,
} from './job-resource.ts';
import type { RunAssets } from './run-assets.ts';

const seconds = (n: number | undefined): string | undefined =>
  n === undefined ? undefined : `PT${n}S`;

export function toSweepJobResource(
  spec: SweepSpec,
  ws: WorkspaceRef,
  overrides: JobOverrides,
  trial: RunAssets,
): JobBase {
  const properties: SweepJob = {
    jobType: 'Sweep',
    ...jobHeader(spec, overrides),
    computeId: computeArmId(ws, computeFor(spec, overrides, SWEEP_SPEC)),
    inputs: spec.inputs && mapValues(spec.inputs, toJobInput),
    outputs: spec.outputs && mapValues(spec.outputs, toJobOutput),
    trial: {
      command: spec.trial.command,
      codeId: trial.codeId,
      environmentId: trial.environmentId,
      environmentVariables: spec.trial.environment_variables,
      resources: spec.trial.resources && toResources(spec.trial.resources),
      distribution: spec.trial.distribution && toDistribution(spec.trial.distribution),
    },
    searchSpace: mapValues(spec.search_space, toSearchSpace),
    samplingAlgorithm: toSampling(spec.sampling_algorithm),
    objective: {
      goal: spec.objective.goal === 'maximize' ? 'Maximize' : 'Minimize',
      primaryMetric: spec.objective.primary_metric,
    },
    limits: spec.limits && {
      jobLimitsType: 'Sweep',
      maxTotalTrials: spec.limits.max_total_trials,
      maxConcurrentTrials: spec.limits.max_concurrent_trials,
      timeout: seconds(spec.limits.timeout),
      trialTimeout: seconds(spec.limits.trial_timeout),
    },
    earlyTermination: spec.early_termination && toEarlyTermination(spec.early_termination),
    identity: spec.identity && toIdentity(spec.identity),
  };
  return { properties: withoutUndefined(properties) };
}

/** The API's `[kind, [arguments]]` form, as the CLI sends it (choice wraps its values once more). */
export function toSearchSpace(entry: SearchSpaceEntry): unknown[] {
  switch (entry.type) {
    case 'choice':
      return ['choice', [entry.values]];
    case 'randint':
      return ['randint', [entry.upper]];
    case 'uniform':
    case 'loguniform':
      return [entry.type, [entry.min_value, entry.max_value]];
    case 'quniform':
    case 'qloguniform':
      return [entry.type, [entry.min_value, entry.max_value, entry.q]];
    case 'normal':
    case 'lognormal':
      return [entry.type, [entry.mu, entry.sigma]];
    case 'qnormal':
    case 'qlognormal':
      return [entry.type, [entry.mu, entry.sigma, entry.q]];
  }
}

function toSampling(s: SweepSpec['sampling_algorithm']): SamplingAlgorithmUnion {
  const type = typeof s === 'string' ? s : s.type;
  if (type === 'grid') return { samplingAlgorithmType: 'Grid' };
  if (type === 'bayesian') return { samplingAlgorithmType: 'Bayesian' };
  const options: { seed?: number | undefined; rule?: 'random' | 'sobol' | undefined } =
    typeof s === 'object' && s.type === 'random' ? s : {};
  return withoutUndefined({
    samplingAlgorithmType: 'Random' as const,
    seed: options.seed,
    rule: options.rule && (options.rule === 'sobol' ? 'Sobol' : 'Random'),
  });
}

function toEarlyTermination(
  p: NonNullable<SweepSpec['early_termination']>,
): EarlyTerminationPolicyUnion {
  const common = { evaluationInterval: p.evaluation_interval, delayEvaluation: p.delay_evaluation };
  switch (p.type) {
    case 'bandit':
      return {
        policyType: 'Bandit',
        ...common,
        slackFactor: p.slack_factor,
        slackAmount: p.slack_amount,
      };
    case 'median_stopping':
      return { policyType: 'MedianStopping', ...common };
    case 'truncation_selection':
      return {
        policyType: 'TruncationSelection',
        ...common,
        truncationPercentage: p.truncation_percentage,
      };
  }
}
