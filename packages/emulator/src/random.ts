import { randomInt } from 'node:crypto';

/**
 * The chance behind emulated behaviour: weighted traffic routing, `errorRate` and mirror-traffic
 * sampling. A seed makes it repeat exactly (the same requests in the same order get the same
 * answers); ids, keys and secrets stay cryptographically random whatever the seed.
 */
export type Random = () => number;

/** A uniform number in [0, 1) from mulberry32: small, fast and fully determined by `seed`. */
export function createRandom(seed: number = randomInt(2 ** 32)): Random {
  if (!Number.isInteger(seed)) {
    throw new Error(`seed: expected an integer, got ${JSON.stringify(seed)}`);
  }
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
