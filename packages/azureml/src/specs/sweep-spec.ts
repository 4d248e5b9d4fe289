/**
 * The Azure ML CLI v2 sweep job YAML (`type: sweep`): a command trial run over a search space,
 * its sampling algorithm, objective, limits and early termination, checked field by field.
 */
import { z } from 'zod';
import { LocalPathChecker, type SpecOptions } from './local-paths.ts';
import {
  checkLocalParts,
  codeField,
  computeField,
  distribution,
  identity,
  jobHeaderFields,
  jobInput,
  jobOutput,
  environmentField,
  resources,
} from './job-spec.ts';
import { checkReferences } from './command-refs.ts';
import { fields, parseSpec, positiveInt, scalar, stringMap } from './yaml-spec.ts';

const number = z.number();
const nonNegativeInt = z.number().int().nonnegative();

/** Each CLI distribution of the search space, by its `type`. */
const searchSpaceEntry = z.discriminatedUnion(
  'type',
  [
    fields({ type: z.literal('choice'), values: z.array(scalar).min(1) }),
    fields({ type: z.literal('randint'), upper: z.number().int() }),
    ...(['uniform', 'loguniform'] as const).map((type) =>
      fields({ type: z.literal(type), min_value: number, max_value: number }),
    ),
    ...(['quniform', 'qloguniform'] as const).map((type) =>
      fields({ type: z.literal(type), min_value: number, max_value: number, q: number }),
    ),
    ...(['normal', 'lognormal'] as const).map((type) =>
      fields({ type: z.literal(type), mu: number, sigma: number }),
    ),
    ...(['qnormal', 'qlognormal'] as const).map((type) =>
      fields({ type: z.literal(type), mu: number, sigma: number, q: number }),
    ),
  ],
  {
    error: (issue) =>
      issue.code === 'invalid_union'
        ? 'a search space kind: one of choice, randint, uniform, quniform, loguniform, qloguniform, normal, qnormal, lognormal, qlognormal'
        : undefined,
  },
);
export type SearchSpaceEntry = z.output<typeof searchSpaceEntry>;

const SAMPLING = ['random', 'grid', 'bayesian'] as const;
const samplingAlgorithm = z.union(
  [
    z.enum(SAMPLING),
    z.discriminatedUnion('type', [
      fields({
        type: z.literal('random'),
        seed: z.number().int().optional(),
        rule: z.enum(['random', 'sobol']).optional(),
      }),
      fields({ type: z.literal('grid') }),
      fields({ type: z.literal('bayesian') }),
    ]),
  ],
  { error: 'random, grid or bayesian (or an object {type, seed, rule})' },
);

const policy = {
  evaluation_interval: nonNegativeInt.optional(),
  delay_evaluation: nonNegativeInt.optional(),
};
const earlyTermination = z.discriminatedUnion('type', [
  fields({
    type: z.literal('bandit'),
    ...policy,
    slack_factor: number.optional(),
    slack_amount: number.optional(),
  }),
  fields({ type: z.literal('median_stopping'), ...policy }),
  fields({
    type: z.literal('truncation_selection'),
    ...policy,
    truncation_percentage: z.number().int().min(1).max(99),
  }),
]);

const trial = fields({
  command: z.string().min(1),
  code: codeField.optional(),
  environment: environmentField,
  environment_variables: stringMap.optional(),
  resources: resources.optional(),
  distribution: distribution.optional(),
});

const sweepSpecSchema = fields({
  ...jobHeaderFields,
  type: z.literal('sweep'),
  compute: computeField.optional(),
  inputs: z.record(z.string(), jobInput).optional(),
  outputs: z.record(z.string(), jobOutput.nullable()).optional(),
  trial,
  search_space: z.record(z.string(), searchSpaceEntry),
  sampling_algorithm: samplingAlgorithm,
  objective: fields({
    goal: z.enum(['minimize', 'maximize']),
    primary_metric: z.string().min(1),
  }),
  limits: fields({
    max_total_trials: positiveInt.optional(),
    max_concurrent_trials: positiveInt.optional(),
    /** Seconds, as the CLI writes them; the API takes ISO 8601 durations. */
    timeout: positiveInt.optional(),
    trial_timeout: positiveInt.optional(),
  }).optional(),
  early_termination: earlyTermination.optional(),
  identity: identity.optional(),
});

export type SweepSpec = z.output<typeof sweepSpecSchema>;

export const SWEEP_SPEC = 'sweep job spec';

/**
 * Parses a sweep job from YAML text or an object; the trial's `${{search_space.x}}` must exist,
 * and its local code, inline environment and local inputs are checked (relative to `baseDir`).
 */
export function parseSweepSpec(yamlOrObject: unknown, options?: SpecOptions): SweepSpec {
  const parsed = parseSpec(sweepSpecSchema, yamlOrObject, SWEEP_SPEC);
  const text = typeof yamlOrObject === 'string' ? yamlOrObject : undefined;
  const check = new LocalPathChecker(SWEEP_SPEC, text, options);
  const spec: SweepSpec = {
    ...parsed,
    trial: checkLocalParts(check, parsed.trial, ['trial']),
    inputs: checkLocalParts(check, { inputs: parsed.inputs }, []).inputs,
  };
  checkReferences(
    spec.trial.command,
    {
      search_space: Object.keys(spec.search_space),
      inputs: Object.keys(spec.inputs ?? {}),
      outputs: Object.keys(spec.outputs ?? {}),
    },
    {
      subject: SWEEP_SPEC,
      field: ['trial', 'command'],
      source: text,
    },
  );
  return spec;
}
