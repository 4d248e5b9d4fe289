import { InputError, readInputFile } from '@mlops-actions/action-kit';
import type { DeploymentSpec } from '@mlops-actions/azureml';
import { DEFAULT_INSTANCE_TYPE } from './definition.ts';

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
 * by the same rules, each error naming the input (or the file's field) at fault.
 */
export async function deploymentSpecFrom(inputs: DeploymentInputs): Promise<DeploymentSpec> {
  const file = inputs['deployment-file'];
  const fileText =
    file === undefined
      ? undefined
      : readInputFile('deployment-file', file, 'a readable managed online deployment YAML file');
  const azureml = await import('@mlops-actions/azureml');
  try {
    if (fileText === undefined) {
      return azureml.deploymentSpecFromInputs({
        instanceType: inputs['instance-type'] ?? DEFAULT_INSTANCE_TYPE,
        instanceCount: inputs['instance-count'] ?? 1,
        environment: inputs.environment,
        code: inputs.code,
        scoringScript: inputs['scoring-script'],
        environmentVariables: inputs['environment-variables'],
      });
    }
    return checkedAgainstInputs(azureml.parseDeploymentSpec(fileText), inputs['endpoint-name']);
  } catch (err) {
    if (!(err instanceof azureml.DeploymentSpecError)) throw err;
    if (fileText === undefined) {
      throw new InputError({ input: err.field, expected: err.expected, given: err.given });
    }
    const where = err.line === undefined ? '' : ` (line ${err.line})`;
    throw new InputError({
      input: 'deployment-file',
      expected: `${err.field}: ${err.expected}`,
      given: err.given + where,
    });
  }
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
