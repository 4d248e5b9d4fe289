import { getState, saveState } from './runner.ts';

export interface ActionState<K extends string> {
  save(key: K, value: string): void;
  /** '' when the main step never saved it (e.g. it failed before). */
  get(key: K): string;
}

/**
 * Declares the state a main step hands to its post step, so both sides share one list of
 * names (a typo is a compile error instead of a silently empty value).
 */
export function defineState<const K extends readonly string[]>(keys: K): ActionState<K[number]> {
  const known = new Set<string>(keys);
  const assertKnown = (key: string) => {
    if (!known.has(key)) throw new Error(`Unknown state '${key}'; declared: ${keys.join(', ')}`);
  };
  return {
    save(key, value) {
      assertKnown(key);
      saveState(key, value);
    },
    get(key) {
      assertKnown(key);
      return getState(key);
    },
  };
}
