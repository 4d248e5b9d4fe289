import { InputError } from '@mlops-actions/action-kit';
import { MODEL_REF_FORM, parseModelRef, type ModelRef } from '@mlops-actions/azureml/grammar';

/**
 * The model version to deploy: `model`, or `model-name` + `model-version`, or else the
 * deployment file's `model` (so one file can pin it). The inputs win over the file. Undefined:
 * the file's local model (`model: {path}`), which the deploy registers.
 */
export function modelRefFrom(
  inputs: { model?: string; 'model-name'?: string; 'model-version'?: string },
  fileModel: string | undefined,
  fileHasLocalModel = false,
): ModelRef | undefined {
  const name = inputs['model-name'];
  const version = inputs['model-version'];
  if (inputs.model === undefined && name !== undefined && version !== undefined) {
    return { name, version };
  }
  const [input, text] =
    inputs.model !== undefined ? ['model', inputs.model] : ['deployment-file', fileModel];
  if (text === undefined && fileHasLocalModel) return undefined;
  if (text === undefined) {
    throw new InputError(
      `give 'model' (${MODEL_REF_FORM}) or 'model-name' and 'model-version', or a model in 'deployment-file'; none was given`,
    );
  }
  const ref = parseModelRef(text);
  if (ref) return ref;
  throw new InputError({
    input,
    expected:
      input === 'model' ? MODEL_REF_FORM : `model: a registered model version, ${MODEL_REF_FORM}`,
    given: JSON.stringify(text),
  });
}
