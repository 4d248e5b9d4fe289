/**
 * The rollout planner: pure. From the inputs and the endpoint as read, the writes a rollout
 * makes in order, each with its weights and bake, or a PlanError naming the input at fault.
 * A plan that cannot finish within the timeout (rollback reserve kept) is refused up front.
 */
import { shareOf, stepWeights, withoutMirror, type Weights } from './weights.ts';

export const METRICS_GRAIN_MS = 60_000;
export const DEFAULT_STEPS = [10, 25, 50, 100];
/** Azure's limit on mirrored traffic. */
export const MAX_MIRROR_PERCENT = 50;

export type InconclusivePolicy = 'fail' | 'hold' | 'pass';

export interface Gates {
  /** Fraction 0..1 of requests answered 5xx. */
  maxErrorRate: number;
  /** Against `from` in the same window; undefined: not checked. */
  maxErrorRateRatio?: number | undefined;
  maxLatencyP95Ms?: number | undefined;
  minRequests: number;
  failureLimit: number;
  onInconclusive: InconclusivePolicy;
  maxHoldMs: number;
}

export interface PlanInput {
  from?: string | undefined;
  to: string;
  steps: number[];
  bakeMs: number;
  finalBakeMs: number;
  mirror?: { percent: number; durationMs: number } | undefined;
  gates: Gates;
  metricsDelayMs: number;
  timeoutMs: number;
  /** What one endpoint write may take (its operation included): the worst case counts it. */
  writeAllowanceMs: number;
  /** The endpoint as read before any write. */
  live: { traffic: Weights; mirrorTraffic: Weights };
  deployments: { name: string; provisioningState: string }[];
}

export type StageKind = 'mirror' | 'mirror-off' | 'step' | 'final';

export interface Stage {
  kind: StageKind;
  /** Live percent of `to` (the step's weight). */
  percent: number;
  traffic: Weights;
  mirrorTraffic: Weights;
  /** How long the stage is judged after its write; 0: not judged. */
  bakeMs: number;
}

export interface Plan {
  from: string;
  to: string;
  stages: Stage[];
  gates: Gates;
  metricsDelayMs: number;
  /** The endpoint before the first write: what a rollback restores. */
  backup: { traffic: Weights; mirrorTraffic: Weights };
  worstCaseMs: number;
  /** Kept out of the timeout for the one restoring write. */
  rollbackReserveMs: number;
}

/** A plan that cannot run: the input at fault, what was expected and what was given. */
export class PlanError extends Error {
  readonly input: string;
  readonly expected: string;
  readonly given: string;

  constructor(input: string, expected: string, given: string) {
    super(`${input}: expected ${expected}, got ${given}`);
    this.name = 'PlanError';
    this.input = input;
    this.expected = expected;
    this.given = given;
  }
}

/** `10,25,50,100` -> [10, 25, 50, 100]; anything else is a PlanError on `steps`. */
export function parseSteps(text: string): number[] {
  const parts = text.split(',').map((p) => p.trim());
  if (!parts.every((p) => /^\d+$/.test(p))) {
    throw new PlanError('steps', STEPS_EXPECTED, JSON.stringify(text));
  }
  return parts.map(Number);
}

const STEPS_EXPECTED =
  'strictly increasing whole percentages from 1 to 100, ending at 100 (e.g. 10,25,50,100)';

function checkSteps(steps: number[]): void {
  const given = JSON.stringify(steps.join(','));
  if (steps.length === 0 || steps.at(-1) !== 100)
    throw new PlanError('steps', STEPS_EXPECTED, given);
  steps.forEach((step, i) => {
    const previous = i === 0 ? 0 : (steps[i - 1] ?? 0);
    if (!Number.isInteger(step) || step <= previous || step > 100) {
      throw new PlanError('steps', STEPS_EXPECTED, given);
    }
  });
}

function checkGates(gates: Gates): void {
  const range = (
    input: string,
    value: number | undefined,
    min: number,
    max: number,
    what: string,
  ) => {
    if (value === undefined) return;
    if (!(Number.isFinite(value) && value >= min && value <= max)) {
      throw new PlanError(input, what, String(value));
    }
  };
  range('max-error-rate', gates.maxErrorRate * 100, 0, 100, 'a percentage from 0 to 100');
  range('max-error-rate-ratio', gates.maxErrorRateRatio, 1, 1000, 'a ratio from 1 to 1000');
  range(
    'max-latency-p95-ms',
    gates.maxLatencyP95Ms,
    1,
    3_600_000,
    'milliseconds from 1 to 3600000',
  );
  range(
    'min-requests',
    gates.minRequests,
    1,
    1_000_000,
    'a whole number of requests of at least 1',
  );
  range('failure-limit', gates.failureLimit, 0, 1000, 'a whole number of failed windows from 0');
  if (gates.onInconclusive === 'hold' && gates.maxHoldMs < METRICS_GRAIN_MS) {
    throw new PlanError('max-hold', 'at least 1m (one metrics window)', `${gates.maxHoldMs}ms`);
  }
}

/** How long a judged stage may take at worst: its bake, the wait for a whole minute, the metrics delay, a hold. */
export function stageWorstCaseMs(bakeMs: number, metricsDelayMs: number, gates: Gates): number {
  if (bakeMs === 0) return 0;
  const hold = gates.onInconclusive === 'hold' ? gates.maxHoldMs : 0;
  return bakeMs + METRICS_GRAIN_MS + metricsDelayMs + hold;
}

export function planRollout(input: PlanInput): Plan {
  const { to, live } = input;
  checkSteps(input.steps);
  checkGates(input.gates);
  const named = (name: string) =>
    input.deployments.find((d) => d.name.toLowerCase() === name.toLowerCase());
  const target = named(to);
  const names = input.deployments.map((d) => d.name).join(', ') || 'none';
  if (!target)
    throw new PlanError('to', `a deployment of the endpoint (${names})`, JSON.stringify(to));
  const liveOnes = Object.entries(live.traffic).filter(([, p]) => p > 0);
  const from = input.from ?? liveOnes[0]?.[0];
  if (from === undefined) {
    throw new PlanError(
      'from',
      'a deployment holding the live traffic (none does; give from)',
      'nothing',
    );
  }
  if (from.toLowerCase() === to.toLowerCase()) {
    throw new PlanError('to', `a deployment other than from (${from})`, JSON.stringify(to));
  }
  const source = named(from);
  if (!source)
    throw new PlanError('from', `a deployment of the endpoint (${names})`, JSON.stringify(from));
  for (const [input_, d] of [
    ['to', target],
    ['from', source],
  ] as const) {
    if (d.provisioningState.toLowerCase() !== 'succeeded') {
      throw new PlanError(
        input_,
        `a deployment in provisioning state Succeeded`,
        `${d.name} (${d.provisioningState})`,
      );
    }
  }
  if (shareOf(live.traffic, from) !== 100) {
    throw new PlanError(
      'from',
      'the deployment holding all live traffic (shift-traffic moves it from one deployment to another)',
      `${from} with ${shareOf(live.traffic, from)} % of ${JSON.stringify(live.traffic)}`,
    );
  }
  for (const [input_, ms] of [
    ['bake-time', input.bakeMs],
    ['mirror-time', input.mirror?.durationMs],
  ] as const) {
    if (ms !== undefined && ms < METRICS_GRAIN_MS) {
      throw new PlanError(input_, 'at least 1m (the metrics are per minute)', `${ms}ms`);
    }
  }
  if (input.finalBakeMs !== 0 && input.finalBakeMs < METRICS_GRAIN_MS) {
    throw new PlanError(
      'final-bake-time',
      '0 or at least 1m (the metrics are per minute)',
      `${input.finalBakeMs}ms`,
    );
  }

  const base = { ...live.traffic, [source.name]: 100, [target.name]: 0 };
  const stages: Stage[] = [];
  const liveMirror = withoutMirror(live.mirrorTraffic, target.name);
  if (input.mirror) {
    const { percent, durationMs } = input.mirror;
    if (!(Number.isInteger(percent) && percent >= 1 && percent <= MAX_MIRROR_PERCENT)) {
      throw new PlanError(
        'mirror-percent',
        `a whole percentage from 1 to ${MAX_MIRROR_PERCENT} (Azure's limit)`,
        String(percent),
      );
    }
    // Azure mirrors to one deployment only: the shadow stage replaces any other mirror.
    stages.push({
      kind: 'mirror',
      percent: 0,
      traffic: live.traffic,
      mirrorTraffic: { [target.name]: percent },
      bakeMs: durationMs,
    });
  }
  if (input.mirror || shareOf(live.mirrorTraffic, target.name) > 0) {
    stages.push({
      kind: 'mirror-off',
      percent: 0,
      traffic: live.traffic,
      mirrorTraffic: liveMirror,
      bakeMs: 0,
    });
  }
  for (const percent of input.steps) {
    stages.push({
      kind: 'step',
      percent,
      traffic: stepWeights(base, source.name, target.name, percent),
      mirrorTraffic: liveMirror,
      bakeMs: percent === 100 ? input.finalBakeMs : input.bakeMs,
    });
  }
  const last = stages.at(-1) as Stage;
  stages.push({ ...last, kind: 'final', bakeMs: 0 });

  const rollbackReserveMs = input.writeAllowanceMs;
  const worstCaseMs = stages.reduce(
    (sum, stage) =>
      sum +
      input.writeAllowanceMs +
      stageWorstCaseMs(stage.bakeMs, input.metricsDelayMs, input.gates),
    0,
  );
  if (worstCaseMs > input.timeoutMs - rollbackReserveMs) {
    throw new PlanError(
      'timeout',
      `at least ${Math.ceil((worstCaseMs + rollbackReserveMs) / 60_000)}m: the plan's worst case (${stages.length} writes, bakes, metrics delay${input.gates.onInconclusive === 'hold' ? ', holds' : ''}) plus a reserve for the rollback`,
      `${Math.round(input.timeoutMs / 60_000)}m`,
    );
  }
  return {
    from: source.name,
    to: target.name,
    stages,
    gates: input.gates,
    metricsDelayMs: input.metricsDelayMs,
    backup: { traffic: { ...live.traffic }, mirrorTraffic: { ...live.mirrorTraffic } },
    worstCaseMs,
    rollbackReserveMs,
  };
}
