/**
 * Where a new model goes on an endpoint (blue/green) and what the traffic should become once it
 * passed its smoke test. Pure: decided from what Azure reported, so a re-run of the same step
 * reaches the same plan and changes nothing.
 */
import type { DeploymentSnapshot, EndpointSnapshot } from '../types.ts';

export interface DeployPlanInput {
  /** Undefined when the endpoint does not exist yet. */
  endpoint?: EndpointSnapshot;
  deployments: DeploymentSnapshot[];
  /** ARM id of the model version to deploy. */
  modelArmId: string;
  requestedName?: string;
  /** The new deployment's share of live traffic, 0..100. */
  requestedTraffic?: number;
}

export interface DeployPlan {
  deploymentName: string;
  /** The deployment with the most live traffic other than the chosen one; '' when none. */
  previousDeployment: string;
  /** The endpoint traffic to set once the smoke test passed (sums to 100, or 0 when nothing is live). */
  traffic: Record<string, number>;
}

/** The plan asks for something the endpoint cannot take, e.g. 30 % with nothing to take the rest. */
export class DeployPlanError extends Error {
  override readonly name = 'DeployPlanError';
}

const COLOURS = ['blue', 'green'] as const;

/**
 * Default deployment name: an existing deployment that already serves this model (a re-run),
 * else the colour that is not live ('green' when 'blue' has traffic, else 'blue').
 * Default traffic: 100 when no other deployment takes live traffic; else the chosen
 * deployment's current share (0 for a new one), so a re-run moves nothing.
 */
export function planDeployment(input: DeployPlanInput): DeployPlan {
  const live = input.endpoint?.traffic ?? {};
  const deploymentName = input.requestedName ?? servingModel(input, live) ?? defaultColour(live);
  // The endpoint's own spelling of the name, so the traffic map never holds it twice.
  const key = Object.keys(live).find((name) => sameName(name, deploymentName)) ?? deploymentName;
  const others = Object.entries(live)
    .filter(([name, share]) => name !== key && share > 0)
    .sort(([a, x], [b, y]) => y - x || a.localeCompare(b));
  const share = input.requestedTraffic ?? (others.length === 0 ? 100 : (live[key] ?? 0));
  return {
    deploymentName,
    previousDeployment: others[0]?.[0] ?? '',
    traffic: { ...live, ...spread(others, 100 - share), [key]: share },
  };
}

/** The deployment already running this model; with several, the one with the most traffic. */
function servingModel(input: DeployPlanInput, live: Record<string, number>): string | undefined {
  const model = normaliseArmId(input.modelArmId);
  const share = (name: string) =>
    Object.entries(live).find(([key]) => sameName(key, name))?.[1] ?? 0;
  return input.deployments
    .filter((d) => d.model !== undefined && normaliseArmId(d.model) === model)
    .map((d) => d.name)
    .sort((a, b) => share(b) - share(a) || a.localeCompare(b))[0];
}

function defaultColour(live: Record<string, number>): string {
  const blueLive = Object.entries(live).some(
    ([name, share]) => sameName(name, 'blue') && share > 0,
  );
  return blueLive ? COLOURS[1] : COLOURS[0];
}

/**
 * Shares `total` among the other live deployments in proportion to what they serve now
 * (largest remainder, so the integers add up exactly). Unchanged when they already fill it.
 */
function spread(others: [string, number][], total: number): Record<string, number> {
  const sum = others.reduce((acc, [, share]) => acc + share, 0);
  if (total === 0) return Object.fromEntries(others.map(([name]) => [name, 0]));
  // Nothing live and nothing asked: the endpoint keeps serving nothing (traffic adding up to 0).
  if (sum === 0 && total === 100) return {};
  if (sum === 0) {
    throw new DeployPlanError(
      `no other deployment of the endpoint has live traffic to share, so the new deployment's traffic must be 0 or 100 (given ${100 - total})`,
    );
  }
  const exact = others.map(([name, share]) => ({ name, value: (share * total) / sum }));
  const shares = exact.map(({ name, value }) => ({
    name,
    share: Math.floor(value),
    rest: value % 1,
  }));
  let left = total - shares.reduce((acc, s) => acc + s.share, 0);
  for (const s of [...shares].sort((a, b) => b.rest - a.rest || a.name.localeCompare(b.name))) {
    if (left === 0) break;
    s.share += 1;
    left -= 1;
  }
  return Object.fromEntries(shares.map(({ name, share }) => [name, share]));
}

/** Azure treats deployment names case-insensitively. */
function sameName(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** ARM ids compare case-insensitively; Azure may echo one with the CLI's `azureml:` prefix. */
function normaliseArmId(id: string): string {
  return id
    .replace(/^azureml:/, '')
    .replace(/\/+$/, '')
    .toLowerCase();
}
