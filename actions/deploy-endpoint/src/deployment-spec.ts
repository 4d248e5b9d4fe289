import { dirname, resolve } from 'node:path';
import {
  InputError,
  parseSpecInput,
  readSpecFile,
  repositoryRoot,
} from '@mlops-actions/action-kit';
import type { AzureConnection } from '@mlops-actions/action-kit';
import type { DeploymentSpec } from '@mlops-actions/azureml';
import { DEFAULT_INSTANCE_TYPE } from './definition.ts';

type Azureml = AzureConnection['azureml'];

interface DeploymentInputs {
  'endpoint-name': string;
  'deployment-file'?: string;
  'instance-type'?: string;
  'instance-count'?: number;
  environment?: string;
  code?: string;
  'scoring-script'?: string;
  'environment-variables'?: Record<string, string>;
}

/**
 * The deployment from the deployment file, or from the inline inputs when there is none; checked
 * by the same rules, each error naming the input (or the file's field and line) at fault.
 */
export async function deploymentSpecFrom(
  azureml: Azureml,
  inputs: DeploymentInputs,
): Promise<DeploymentSpec> {
  const file = inputs['deployment-file'];
  const root = repositoryRoot();
  if (file === undefined) {
    // A local `code` input is relative to the working directory (the checkout, on a runner).
    return parseSpecInput(undefined, () =>
      azureml.deploymentSpecFromInputs(
        {
          instanceType: inputs['instance-type'] ?? DEFAULT_INSTANCE_TYPE,
          instanceCount: inputs['instance-count'] ?? 1,
          environment: inputs.environment,
          code: inputs.code,
          scoringScript: inputs['scoring-script'],
          environmentVariables: inputs['environment-variables'],
        },
        { baseDir: process.cwd(), root },
      ),
    );
  }
  // Local paths in the file are relative to it, as in the CLI.
  const spec = await readSpecFile(
    'deployment-file',
    file,
    'a readable managed online deployment YAML file',
    (text) => azureml.parseDeploymentSpec(text, { baseDir: dirname(resolve(file)), root }),
  );
  return checkedAgainstInputs(spec, inputs['endpoint-name']);
}

/** A file written for another endpoint is refused rather than deployed to this one. */
function checkedAgainstInputs(spec: DeploymentSpec, endpointName: string): DeploymentSpec {
  if (
    spec.endpointName !== undefined &&
    spec.endpointName.toLowerCase() !== endpointName.toLowerCase()
  ) {
    throw new InputError({
      input: 'deployment-file',
      expected: `endpoint_name: the endpoint-name input (${endpointName}) or nothing`,
      given: JSON.stringify(spec.endpointName),
    });
  }
  return spec;
}
