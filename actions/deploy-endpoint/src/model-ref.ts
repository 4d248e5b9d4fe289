import { InputError } from '@mlops-actions/action-kit';

export interface ModelRef {
  name: string;
  version: string;
}

/**
 * The model version to deploy: `model`, or `model-name` + `model-version`, or else the
 * deployment file's `model` (so one file can pin it). The inputs win over the file.
 */
export async function modelRefFrom(
  inputs: { model?: string; 'model-name'?: string; 'model-version'?: string },
  fileModel: string | undefined,
): Promise<ModelRef> {
  const { parseModelId } = await import('@mlops-actions/azureml');
  if (inputs.model !== undefined) {
    const ref = parseModelId(inputs.model);
    if (ref) return ref;
    throw new InputError({
      input: 'model',
      expected: 'azureml:<name>:<version>',
      given: JSON.stringify(inputs.model),
    });
  }
  const name = inputs['model-name'];
  const version = inputs['model-version'];
  if (name !== undefined && version !== undefined) return { name, version };
  if (fileModel === undefined) {
    throw new InputError(
      "give 'model' (azureml:<name>:<version>) or 'model-name' and 'model-version', or a model in 'deployment-file'; none was given",
    );
  }
  const ref = parseModelId(fileModel);
  if (ref) return ref;
  throw new InputError({
    input: 'deployment-file',
    expected: 'model: a registered model version, azureml:<name>:<version>',
    given: JSON.stringify(fileModel),
  });
}
