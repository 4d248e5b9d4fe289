import type { InputProblem } from './errors.ts';
import { parseInputText } from './input.ts';
import type { Input } from './input.ts';

export interface OutputSpec {
  description: string;
}

export type InputSpecs = Record<string, Input>;
export type OutputSpecs = Record<string, OutputSpec>;

/** The typed values readInputs returns: undefined only for optional inputs without default. */
export type InputValues<I extends InputSpecs> = {
  [K in keyof I]: I[K] extends Input<infer T, true>
    ? T
    : I[K] extends Input<infer T>
      ? T | undefined
      : never;
};

/**
 * A rule across inputs, run once every input parsed: returns the problem (in words, or
 * naming the input at fault), or undefined when the inputs are fine together.
 */
export type InputCheck<V> = (values: V) => InputProblem | string | undefined;

export interface ActionDefinition<
  I extends InputSpecs = InputSpecs,
  O extends OutputSpecs = OutputSpecs,
> {
  readonly name: string;
  readonly description: string;
  readonly inputs: I;
  readonly outputs: O;
  readonly checks: readonly InputCheck<InputValues<I>>[];
}

/**
 * The single declaration of an action's interface: action.yml, its docs and the typed
 * inputs are all checked against (or generated from) this.
 */
export function defineAction<
  I extends InputSpecs,
  O extends OutputSpecs = Record<never, OutputSpec>,
>(definition: {
  name: string;
  description: string;
  inputs: I;
  outputs?: O;
  checks?: readonly InputCheck<InputValues<I>>[];
}): ActionDefinition<I, O> {
  return {
    name: definition.name,
    description: definition.description,
    inputs: definition.inputs,
    outputs: definition.outputs ?? ({} as O),
    checks: definition.checks ?? [],
  };
}

/**
 * The inputs whose default does not parse: the action author's bug, which the metadata test
 * reports for every action before a user could meet it.
 */
export async function invalidDefaults<I extends InputSpecs, O extends OutputSpecs>(
  definition: ActionDefinition<I, O>,
): Promise<string[]> {
  const problems: string[] = [];
  for (const [name, spec] of Object.entries(definition.inputs)) {
    if (spec.default === undefined) continue;
    if (!(await parseInputText(spec, spec.default)).ok) {
      problems.push(`input '${name}': the default '${spec.default}' is not ${spec.expected}`);
    }
  }
  return problems;
}
