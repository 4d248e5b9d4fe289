/** DeploymentSpec (CLI shape) -> the API's managed OnlineDeployment body, with ARM ids of the workspace. */
import type {
  ManagedOnlineDeployment,
  OnlineDeployment,
  OnlineRequestSettings,
  ProbeSettings,
} from '@azure/arm-machinelearning';
import { workspaceChildArmId } from '../transport/arm-ids.ts';
import type { ModelRef } from '../grammar/model-ref.ts';
import type { Parsed } from '../grammar/parsed.ts';
import { SpecError } from '../grammar/spec-error.ts';
import { assetArmId, parseCodeRef, parseEnvironmentRef } from '../specs/asset-refs.ts';
import {
  DEPLOYMENT_SPEC,
  type DeploymentSpec,
  type ProbeSpec,
  type RequestSettingsSpec,
} from '../specs/deployment-spec.ts';
import { withoutUndefined } from '../transport/plain-data.ts';
import type { WorkspaceRef } from '../types.ts';

/**
 * The deployment body to PUT. `model` is the registered version to serve (the caller resolves it
 * from its inputs or `spec.model`); `location` is the endpoint's, as Azure requires.
 */
export function toDeploymentResource(
  spec: DeploymentSpec,
  workspace: WorkspaceRef,
  location: string,
  model: ModelRef,
): OnlineDeployment {
  const properties: ManagedOnlineDeployment = {
    endpointComputeType: 'Managed',
    model: workspaceChildArmId(workspace, 'models', model.name, model.version),
    environmentId:
      spec.environment &&
      assetArmId(
        workspace,
        'environments',
        refOf('environment', spec.environment, parseEnvironmentRef),
      ),
    codeConfiguration: spec.code
      ? {
          codeId: assetArmId(workspace, 'codes', refOf('code', spec.code, parseCodeRef)),
          scoringScript: required('scoring_script', spec.scoringScript),
        }
      : undefined,
    instanceType: spec.instanceType,
    environmentVariables: spec.environmentVariables,
    description: spec.description,
    properties: spec.properties,
    modelMountPath: spec.modelMountPath,
    requestSettings: spec.requestSettings && toRequestSettings(spec.requestSettings),
    livenessProbe: spec.livenessProbe && toProbe(spec.livenessProbe),
    readinessProbe: spec.readinessProbe && toProbe(spec.readinessProbe),
    appInsightsEnabled: spec.appInsightsEnabled,
    egressPublicNetworkAccess: spec.egressPublicNetworkAccess,
    scaleSettings: { scaleType: 'Default' },
  };
  return withoutUndefined({
    location,
    tags: spec.tags,
    sku: { name: 'Default', capacity: spec.instanceCount },
    properties,
  });
}

/** Specs are checked when parsed; a hand-built one is checked here. */
function refOf<T>(field: string, text: string, parse: (text: string) => Parsed<T>): T {
  const parsed = parse(text);
  if (parsed.ok) return parsed.value;
  throw new SpecError({
    subject: DEPLOYMENT_SPEC,
    field,
    expected: parsed.expected ?? 'a reference',
    given: JSON.stringify(text),
  });
}

function required(field: string, value: string | undefined): string {
  if (value) return value;
  throw new SpecError({
    subject: DEPLOYMENT_SPEC,
    field,
    expected: 'a non-empty string',
    given: 'nothing',
  });
}

function toRequestSettings(settings: RequestSettingsSpec): OnlineRequestSettings {
  return {
    requestTimeout: isoSeconds(settings.requestTimeoutMs, 1000),
    maxConcurrentRequestsPerInstance: settings.maxConcurrentRequestsPerInstance,
    maxQueueWait: isoSeconds(settings.maxQueueWaitMs, 1000),
  };
}

function toProbe(probe: ProbeSpec): ProbeSettings {
  return {
    initialDelay: isoSeconds(probe.initialDelay),
    period: isoSeconds(probe.period),
    timeout: isoSeconds(probe.timeout),
    successThreshold: probe.successThreshold,
    failureThreshold: probe.failureThreshold,
  };
}

/** The API's durations are ISO 8601 (`PT0.5S`); the CLI's are seconds or milliseconds. */
function isoSeconds(value: number | undefined, perSecond = 1): string | undefined {
  return value === undefined ? undefined : `PT${value / perSecond}S`;
}
