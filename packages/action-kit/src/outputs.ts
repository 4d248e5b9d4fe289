import type { ActionDefinition, InputSpecs, OutputSpecs } from './definition.ts';
import { setOutput } from './runner.ts';

/**
 * Sets the action's outputs, typed by the names its definition declares. Objects become
 * JSON; undefined values are skipped (the output stays unset rather than becoming '').
 */
export function setOutputs<I extends InputSpecs, O extends OutputSpecs>(
  definition: ActionDefinition<I, O>,
  values: Partial<Record<keyof O & string, unknown>>,
): void {
  for (const [name, value] of Object.entries(values)) {
    if (!Object.hasOwn(definition.outputs, name)) {
      throw new Error(`Action '${definition.name}' declares no output '${name}'`);
    }
    if (value !== undefined) setOutput(name, value);
  }
}
