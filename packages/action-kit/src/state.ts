import { getState, saveState } from './runner.ts';

type StateType = 'string' | 'boolean';
type ValueOf<T extends StateType> = T extends 'boolean' ? boolean : string;

export interface ActionState<S extends Record<string, StateType>> {
  save<K extends keyof S & string>(key: K, value: ValueOf<S[K]>): void;
  /** Undefined when the main step never saved it (e.g. it failed before). */
  get<K extends keyof S & string>(key: K): ValueOf<S[K]> | undefined;
}

/**
 * Declares the state a main step hands to its post step with the type of each value, so both
 * sides share one list of names and never compare strings with 'true' (a typo is a compile error
 * instead of a silently empty value). Actions wrap it in getters named by intent.
 */
export function defineState<const S extends Record<string, StateType>>(shape: S): ActionState<S> {
  const assertKnown = (key: string) => {
    if (!Object.hasOwn(shape, key)) {
      throw new Error(`Unknown state '${key}'; declared: ${Object.keys(shape).join(', ')}`);
    }
  };
  return {
    save(key, value) {
      assertKnown(key);
      saveState(key, String(value));
    },
    get(key) {
      assertKnown(key);
      const text = getState(key);
      if (text === '') return undefined;
      return (shape[key] === 'boolean' ? text === 'true' : text) as ValueOf<S[typeof key]>;
    },
  };
}
