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

/** How the action shows in the GitHub Marketplace: a Feather icon name and one of GitHub's colours. */
export interface Branding {
  readonly icon: string;
  readonly color:
    'white' | 'black' | 'yellow' | 'blue' | 'green' | 'orange' | 'red' | 'purple' | 'gray-dark';
}

/** The action has a post step (run by the same entry as the main step). */
export interface PostStep {
  /** action.yml's `runs.post-if`, e.g. `always()`; the runner's default when not given. */
  readonly if?: string;
}

export interface ActionDefinition<
  I extends InputSpecs = InputSpecs,
  O extends OutputSpecs = OutputSpecs,
> {
  /** The folder under actions/, which is the action's name in `uses:`. */
  readonly name: string;
  /** The display name (action.yml's `name`), e.g. "Azure ML train and poll". */
  readonly title: string;
  readonly description: string;
  readonly branding: Branding | undefined;
  readonly post: PostStep | undefined;
  readonly inputs: I;
  readonly outputs: O;
  readonly checks: readonly InputCheck<InputValues<I>>[];
}

/**
 * The single declaration of an action's interface: action.yml and its docs are generated from
 * this (`npm run docs`), and readInputs types the inputs by it.
 */
export function defineAction<
  I extends InputSpecs,
  O extends OutputSpecs = Record<never, OutputSpec>,
>(definition: {
  name: string;
  /** The display name; the name when not given. */
  title?: string;
  description: string;
  branding?: Branding;
  post?: PostStep;
  inputs: I;
  outputs?: O;
  checks?: readonly InputCheck<InputValues<I>>[];
}): ActionDefinition<I, O> {
  return {
    name: definition.name,
    title: definition.title ?? definition.name,
    description: definition.description,
    branding: definition.branding,
    post: definition.post,
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
