import type { ActionDefinition, InputSpecs, OutputSpecs } from './definition.ts';
import { table } from './markdown.ts';

export interface ActionYamlInput {
  description: string;
  required: boolean;
  default?: string;
}

/** What action.yml says, in the order it says it. */
export interface ActionYaml {
  name: string;
  description: string;
  author: string;
  branding?: { icon: string; color: string };
  inputs: Record<string, ActionYamlInput>;
  outputs: Record<string, { description: string }>;
  runs: { using: 'node24'; main: string; post?: string; 'post-if'?: string };
}

export interface ActionYamlOptions {
  author: string;
  /** The bundle that runs the action (main and post step), relative to the action's folder. */
  entry: string;
}

/** The whole of an action's action.yml, from its definition: scripts/docs.ts writes it out. */
export function actionYamlFor<I extends InputSpecs, O extends OutputSpecs>(
  definition: ActionDefinition<I, O>,
  { author, entry }: ActionYamlOptions,
): ActionYaml {
  const inputs: Record<string, ActionYamlInput> = {};
  for (const [name, spec] of Object.entries(definition.inputs)) {
    // An input with a fallback may be left out of `with:`; readInputs still requires a value.
    const required = spec.required && spec.fallback === undefined;
    inputs[name] = { description: spec.description, required };
    if (spec.default !== undefined) inputs[name].default = spec.default;
  }
  const outputs: Record<string, { description: string }> = {};
  for (const [name, spec] of Object.entries(definition.outputs)) {
    outputs[name] = { description: spec.description };
  }
  const { branding, post } = definition;
  return {
    name: definition.title,
    description: definition.description,
    author,
    ...(branding ? { branding: { icon: branding.icon, color: branding.color } } : {}),
    inputs,
    outputs,
    runs: {
      using: 'node24',
      main: entry,
      ...(post ? { post: entry } : {}),
      ...(post?.if ? { 'post-if': post.if } : {}),
    },
  };
}

/** Markdown tables of the inputs (name, required, default, description) and outputs. */
export function docsTable<I extends InputSpecs, O extends OutputSpecs>(
  definition: ActionDefinition<I, O>,
  headingLevel = 3,
): string {
  const heading = '#'.repeat(headingLevel);
  const inputs = Object.entries(definition.inputs).map(([name, spec]) => [
    `\`${name}\``,
    spec.required && spec.fallback === undefined ? 'yes' : 'no',
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
