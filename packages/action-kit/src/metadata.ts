import type { ActionDefinition, InputSpecs, OutputSpecs } from './definition.ts';
import { table } from './markdown.ts';

export interface ActionYamlInput {
  description: string;
  required: boolean;
  default?: string;
}

export interface ActionYamlInterface {
  inputs: Record<string, ActionYamlInput>;
  outputs: Record<string, { description: string }>;
}

/** The `inputs:` and `outputs:` sections action.yml must declare for `definition`. */
export function actionYamlFor<I extends InputSpecs, O extends OutputSpecs>(
  definition: ActionDefinition<I, O>,
): ActionYamlInterface {
  const inputs: Record<string, ActionYamlInput> = {};
  for (const [name, spec] of Object.entries(definition.inputs)) {
    inputs[name] = { description: spec.description, required: spec.required };
    if (spec.default !== undefined) inputs[name].default = spec.default;
  }
  const outputs: Record<string, { description: string }> = {};
  for (const [name, spec] of Object.entries(definition.outputs)) {
    outputs[name] = { description: spec.description };
  }
  return { inputs, outputs };
}

/** Markdown tables of the inputs (name, required, default, description) and outputs. */
export function docsTable<I extends InputSpecs, O extends OutputSpecs>(
  definition: ActionDefinition<I, O>,
  headingLevel = 3,
): string {
  const heading = '#'.repeat(headingLevel);
  const inputs = Object.entries(definition.inputs).map(([name, spec]) => [
    `\`${name}\``,
    spec.required ? 'yes' : 'no',
    spec.default === undefined ? '' : `\`${spec.default}\``,
    spec.description,
  ]);
  const outputs = Object.entries(definition.outputs).map(([name, spec]) => [
    `\`${name}\``,
    spec.description,
  ]);
  return [
    `${heading} Inputs`,
    inputs.length
      ? table(['Name', 'Required', 'Default', 'Description'], inputs)
      : 'This action has no inputs.',
    `${heading} Outputs`,
    outputs.length ? table(['Name', 'Description'], outputs) : 'This action has no outputs.',
  ].join('\n\n');
}

type Yaml = Record<string, unknown>;

function mapping(value: unknown): Yaml {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Yaml)
    : {};
}

function sameNames(kind: string, declared: Yaml, expected: object): string[] {
  const problems: string[] = [];
  for (const name of Object.keys(expected)) {
    if (!(name in declared)) problems.push(`${kind} '${name}' is missing`);
  }
  for (const name of Object.keys(declared)) {
    if (!(name in expected)) problems.push(`${kind} '${name}' is not in the definition`);
  }
  return problems;
}

/**
 * How a parsed action.yml differs from `definition` (input and output names, `required`,
 * `default`) and from the repository's conventions for `runs`; [] when it agrees.
 */
export function actionYamlProblems<I extends InputSpecs, O extends OutputSpecs>(
  definition: ActionDefinition<I, O>,
  actionYml: unknown,
  folder: string,
): string[] {
  const yml = mapping(actionYml);
  const want = actionYamlFor(definition);
  const inputs = mapping(yml['inputs']);
  const problems = [
    ...sameNames('input', inputs, want.inputs),
    ...sameNames('output', mapping(yml['outputs']), want.outputs),
  ];
  for (const [name, expected] of Object.entries(want.inputs)) {
    if (!(name in inputs)) continue;
    const declared = mapping(inputs[name]);
    const required = declared['required'] === true;
    if (required !== expected.required) {
      problems.push(
        `input '${name}': required is ${required}, the definition says ${expected.required}`,
      );
    }
    // YAML reads `default: true` or `default: 30` as non-strings; the runner passes text.
    const given = declared['default'] === undefined ? undefined : String(declared['default']);
    if (given !== expected.default) {
      problems.push(
        `input '${name}': default is ${JSON.stringify(given)}, the definition says ${JSON.stringify(expected.default)}`,
      );
    }
  }
  const runs = mapping(yml['runs']);
  if (runs['using'] !== 'node24') {
    problems.push(`runs.using is ${JSON.stringify(runs['using'])}, expected "node24"`);
  }
  const main = `../../dist/${folder}/index.js`;
  if (runs['main'] !== main) {
    problems.push(`runs.main is ${JSON.stringify(runs['main'])}, expected "${main}"`);
  }
  if (definition.name !== folder) {
    problems.push(`the definition is named '${definition.name}' but lives in actions/${folder}`);
  }
  return problems;
}
