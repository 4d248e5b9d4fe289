import { readInputs, type StepContext } from '@mlops-actions/action-kit';
import { collectAudit } from './audit.ts';
import { definition } from './definition.ts';
import { notify } from './send.ts';

export async function main(step: StepContext): Promise<void> {
  const inputs = await readInputs(definition);
  if (inputs.mode === 'audit') return collectAudit(inputs);
  // readInputs' check made `result` present in this mode.
  return notify({ ...inputs, result: inputs.result ?? 'success' }, step.signal);
}
