/**
 * Weight arithmetic of a rollout between two deployments: every map written sums to 100 (or 0),
 * and no deployment takes live and mirrored traffic at once.
 */
export type Weights = Record<string, number>;

const key = (name: string) => name.toLowerCase();

/** The share of `name` in `weights` (names compare as Azure's do, case-insensitively). */
export function shareOf(weights: Weights, name: string): number {
  for (const [deployment, percent] of Object.entries(weights)) {
    if (key(deployment) === key(name)) return percent;
  }
  return 0;
}

/** Same live traffic: a deployment at 0 % and one not listed are alike. */
export function sameWeights(a: Weights, b: Weights): boolean {
  const canonical = (w: Weights) =>
    Object.entries(w)
      .filter(([, percent]) => percent > 0)
      .map(([name, percent]) => `${key(name)}=${percent}`)
      .sort()
      .join(',');
  return canonical(a) === canonical(b);
}

/** `from` keeps what `to` does not take; every other deployment listed stays at 0. */
export function stepWeights(base: Weights, from: string, to: string, percent: number): Weights {
  const weights: Weights = {};
  for (const name of Object.keys(base)) weights[name] = 0;
  weights[nameIn(base, from)] = 100 - percent;
  weights[nameIn(base, to)] = percent;
  return weights;
}

/** `mirror` without `name`: a deployment that takes live traffic cannot be mirrored to. */
export function withoutMirror(mirror: Weights, name: string): Weights {
  return Object.fromEntries(
    Object.entries(mirror).filter(([n, p]) => key(n) !== key(name) && p > 0),
  );
}

export const sumOf = (weights: Weights): number =>
  Object.values(weights).reduce((sum, percent) => sum + percent, 0);

/** `name` as `weights` spells it, or as given when it is not listed. */
function nameIn(weights: Weights, name: string): string {
  return Object.keys(weights).find((n) => key(n) === key(name)) ?? name;
}

export function describeWeights(weights: Weights): string {
  const entries = Object.entries(weights).filter(([, p]) => p > 0);
  return entries.length === 0 ? 'none' : entries.map(([n, p]) => `${n} ${p} %`).join(', ');
}
