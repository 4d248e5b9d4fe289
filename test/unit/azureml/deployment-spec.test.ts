import { describe, expect, test } from 'vitest';
import {
  deploymentChanges,
  deploymentSpecFromInputs,
  endpointPutBody,
  parseDeploymentSpec,
  toDeploymentResource,
  type DeploymentSpec,
  type RawEndpoint,
} from '@mlops-actions/azureml';
import { specError } from './spec-error.ts';

const ws = { subscriptionId: 'sub-1', resourceGroup: 'rg-ml', workspace: 'ws-dev' };
const WS_ID =
  '/subscriptions/sub-1/resourceGroups/rg-ml/providers/Microsoft.MachineLearningServices/workspaces/ws-dev';
const MODEL = { name: 'churn', version: '3' };

const FULL = `$schema: https://azuremlschemas.azureedge.net/latest/managedOnlineDeployment.schema.json
name: blue
endpoint_name: churn-ep
description: churn model v3
tags: {team: risk, build: 42}
model: azureml:churn:3
code_configuration:
  code: azureml:score-src:2
  scoring_script: score.py
environment: azureml:sklearn-1.5:1
instance_type: Standard_DS3_v2
instance_count: 2
environment_variables: {WORKERS: 4, MODE: fast}
request_settings:
  request_timeout_ms: 5000
  max_concurrent_requests_per_instance: 2
  max_queue_wait_ms: 500
liveness_probe: {initial_delay: 10, period: 10, timeout: 2, success_threshold: 1, failure_threshold: 30}
readiness_probe: {period: 5}
app_insights_enabled: true
egress_public_network_access: disabled
scale_settings: {type: default}
`;

describe('parseDeploymentSpec reads the CLI v2 managed online deployment', () => {
  test('a full file becomes the DeploymentSpec', () => {
    expect(parseDeploymentSpec(FULL)).toEqual({
      name: 'blue',
      endpointName: 'churn-ep',
      description: 'churn model v3',
      tags: { team: 'risk', build: '42' },
      model: 'azureml:churn:3',
      environment: 'azureml:sklearn-1.5:1',
      code: 'azureml:score-src:2',
      scoringScript: 'score.py',
      instanceType: 'Standard_DS3_v2',
      instanceCount: 2,
      environmentVariables: { WORKERS: '4', MODE: 'fast' },
      requestSettings: {
        requestTimeoutMs: 5000,
        maxConcurrentRequestsPerInstance: 2,
        maxQueueWaitMs: 500,
      },
      livenessProbe: {
        initialDelay: 10,
        period: 10,
        timeout: 2,
        successThreshold: 1,
        failureThreshold: 30,
      },
      readinessProbe: { period: 5 },
      appInsightsEnabled: true,
      egressPublicNetworkAccess: 'Disabled',
    } satisfies DeploymentSpec);
  });

  test('an MLflow model needs no environment or code; instance count defaults to 1', () => {
    expect(parseDeploymentSpec('model: azureml:churn:3\ninstance_type: Standard_DS2_v2\n')).toEqual(
      {
        model: 'azureml:churn:3',
        instanceType: 'Standard_DS2_v2',
        instanceCount: 1,
        environmentVariables: {},
      },
    );
  });

  test.each([
    [
      'instance_type: Standard_DS3_v2\ninstance_count: 0\n',
      'instance_count',
      'a number >= 1',
      '0',
      2,
    ],
    ['instance_count: 1\n', 'instance_type', 'a VM size such as Standard_DS3_v2', 'nothing', 1],
    [
      'instance_type: x\nmodel: churn\n',
      'model',
      'a registered model (azureml:<name>:<version>',
      '"churn"',
      2,
    ],
    [
      'instance_type: x\nmodel: {path: ./no-such-model}\n',
      'model.path',
      'an existing local file or folder',
      '"./no-such-model", which does not exist',
      2,
    ],
    [
      'instance_type: x\nenvironment: azureml:sklearn@latest\n',
      'environment',
      'a versioned environment',
      '"azureml:sklearn@latest"',
      2,
    ],
    [
      'instance_type: x\nenvironment: azureml:env:1\ncode_configuration: {code: ./no-such-src, scoring_script: score.py}\n',
      'code_configuration.code',
      'an existing local file or folder',
      '"./no-such-src", which does not exist',
      3,
    ],
    [
      'instance_type: x\ncode_configuration: {code: azureml:src:1, scoring_script: score.py}\n',
      'environment',
      'when code_configuration is given',
      'nothing',
      1,
    ],
    [
      'instance_type: x\ntype: kubernetes\n',
      'type',
      'only managed online deployments',
      '"kubernetes"',
      2,
    ],
    [
      'instance_type: x\ninstance_cout: 2\n',
      'instance_cout',
      'a known field (one of:',
      'an unknown field "instance_cout"',
      2,
    ],
  ])('%j is refused naming %s', (yaml, field, expected, given, line) => {
    const err = specError(() => parseDeploymentSpec(yaml));
    expect(err.field).toBe(field);
    expect(err.expected).toContain(expected);
    expect(err.given).toBe(given);
    expect(err.line).toBe(line);
    expect(err.message).toContain(`deployment spec field ${field}: expected`);
  });

  test('text that is not YAML names the document and the line', () => {
    const err = specError(() => parseDeploymentSpec('instance_type: x\n  bad: [\n'));
    expect(err.field).toBe('(document)');
    expect(err.expected).toBe('valid YAML');
    expect(err.line).toBeGreaterThan(0);
  });
});

describe('deploymentSpecFromInputs checks inline inputs by the same rules', () => {
  test('inputs become the same DeploymentSpec', () => {
    expect(
      deploymentSpecFromInputs({
        instanceType: 'Standard_DS3_v2',
        instanceCount: '3',
        environment: 'azureml:sklearn-1.5:1',
        code: 'azureml:score-src:2',
        scoringScript: 'score.py',
        environmentVariables: { MODE: 'fast' },
      }),
    ).toEqual({
      instanceType: 'Standard_DS3_v2',
      instanceCount: 3,
      environment: 'azureml:sklearn-1.5:1',
      code: 'azureml:score-src:2',
      scoringScript: 'score.py',
      environmentVariables: { MODE: 'fast' },
    });
  });

  test.each([
    [{ instanceType: 'x', instanceCount: 0 }, 'instance-count', '0'],
    [{ instanceType: 'x', instanceCount: 'two' }, 'instance-count', '"two"'],
    [{ instanceCount: 1 }, 'instance-type', 'nothing'],
    [{ instanceType: 'x', environment: 'sklearn' }, 'environment', '"sklearn"'],
    [
      { instanceType: 'x', environment: 'azureml:e:1', code: 'azureml:c:1' },
      'scoring-script',
      'nothing',
    ],
    [{ instanceType: 'x', scoringScript: 'score.py' }, 'code', 'nothing'],
    [{ instanceType: 'x', code: 'azureml:c:1', scoringScript: 's.py' }, 'environment', 'nothing'],
  ])('%j is refused naming the input %s', (inputs, field, given) => {
    const err = specError(() => deploymentSpecFromInputs(inputs));
    expect(err.field).toBe(field);
    expect(err.given).toBe(given);
  });
});

describe('toDeploymentResource builds the managed OnlineDeployment body', () => {
  test('references become ARM ids of the workspace; CLI units become ISO durations', () => {
    const body = toDeploymentResource(parseDeploymentSpec(FULL), ws, 'westeurope', MODEL);
    expect(body).toEqual({
      location: 'westeurope',
      tags: { team: 'risk', build: '42' },
      sku: { name: 'Default', capacity: 2 },
      properties: {
        endpointComputeType: 'Managed',
        model: `${WS_ID}/models/churn/versions/3`,
        environmentId: `${WS_ID}/environments/sklearn-1.5/versions/1`,
        codeConfiguration: {
          codeId: `${WS_ID}/codes/score-src/versions/2`,
          scoringScript: 'score.py',
        },
        instanceType: 'Standard_DS3_v2',
        environmentVariables: { WORKERS: '4', MODE: 'fast' },
        description: 'churn model v3',
        requestSettings: {
          requestTimeout: 'PT5S',
          maxConcurrentRequestsPerInstance: 2,
          maxQueueWait: 'PT0.5S',
        },
        livenessProbe: {
          initialDelay: 'PT10S',
          period: 'PT10S',
          timeout: 'PT2S',
          successThreshold: 1,
          failureThreshold: 30,
        },
        readinessProbe: { period: 'PT5S' },
        appInsightsEnabled: true,
        egressPublicNetworkAccess: 'Disabled',
        scaleSettings: { scaleType: 'Default' },
      },
    });
  });

  test('the model served is the one passed, and ARM ids are used as given', () => {
    const envId = `${WS_ID}/environments/custom/versions/7`;
    const spec = parseDeploymentSpec(`instance_type: x\nenvironment: azureml:${envId}\n`);
    const body = toDeploymentResource(spec, ws, 'eastus', { name: 'other', version: '9' });
    expect(body.properties.model).toBe(`${WS_ID}/models/other/versions/9`);
    expect(body.properties.environmentId).toBe(envId);
  });
});

describe('deploymentChanges says whether a PUT would change the deployment', () => {
  const desired = toDeploymentResource(parseDeploymentSpec(FULL), ws, 'westeurope', MODEL);
  /** What Azure returns for it: read-only fields, defaults filled in, its own spellings. */
  const asAzureReturnsIt = () => ({
    ...structuredClone(desired),
    id: `${WS_ID}/onlineEndpoints/churn-ep/deployments/blue`,
    name: 'blue',
    sku: { name: 'Default', tier: 'Standard' as const, capacity: 2 },
    properties: {
      ...structuredClone(desired.properties),
      model: `${WS_ID}/models/churn/versions/3`.toLowerCase(),
      provisioningState: 'Succeeded',
      requestSettings: {
        requestTimeout: 'PT5S',
        maxConcurrentRequestsPerInstance: 2,
        maxQueueWait: 'PT0.5S',
      },
      livenessProbe: { ...desired.properties.livenessProbe, initialDelay: 'PT10S' },
      readinessProbe: {
        period: 'PT5S',
        initialDelay: 'PT10S',
        timeout: 'PT2S',
        failureThreshold: 30,
        successThreshold: 1,
      },
    },
  });

  test('nothing when Azure holds the same deployment with its defaults', () => {
    expect(deploymentChanges(desired, asAzureReturnsIt())).toEqual([]);
  });

  test('names what differs', () => {
    const existing = asAzureReturnsIt();
    existing.sku.capacity = 1;
    existing.properties.instanceType = 'Standard_DS2_v2';
    existing.properties.environmentVariables = { WORKERS: '4', MODE: 'fast', OLD: '1' };
    existing.properties.readinessProbe.period = 'PT1M';
    expect(deploymentChanges(desired, existing).sort()).toEqual([
      'properties.environmentVariables',
      'properties.instanceType',
      'properties.readinessProbe.period',
      'sku.capacity',
    ]);
  });

  test('a model from another version, or code the spec no longer has, is a change', () => {
    const existing = asAzureReturnsIt();
    existing.properties.model = `${WS_ID}/models/churn/versions/2`;
    const noCode = structuredClone(desired);
    delete noCode.properties.codeConfiguration;
    expect(deploymentChanges(desired, existing)).toEqual(['properties.model']);
    expect(deploymentChanges(noCode, asAzureReturnsIt())).toEqual(['properties.codeConfiguration']);
  });
});

describe('endpointPutBody writes back the endpoint as read', () => {
  const uai =
    '/subscriptions/sub-1/resourceGroups/rg-ml/providers/Microsoft.ManagedIdentity/userAssignedIdentities/scorer';
  const read: RawEndpoint = {
    id: `${WS_ID}/onlineEndpoints/churn-ep`,
    name: 'churn-ep',
    type: 'Microsoft.MachineLearningServices/workspaces/onlineEndpoints',
    location: 'westeurope',
    kind: 'Managed',
    tags: { owner: 'risk-team', cost: 'cc-42' },
    identity: {
      type: 'SystemAssigned,UserAssigned',
      principalId: 'p-1',
      tenantId: 't-1',
      userAssignedIdentities: { [uai]: { principalId: 'p-2', clientId: 'c-2' } },
    },
    sku: { name: 'Default', capacity: 1 },
    systemData: { createdAt: '2024-01-01T00:00:00Z' },
    properties: {
      authMode: 'Key',
      description: 'churn scoring',
      properties: { 'azureml.note': 'x' },
      traffic: { blue: 100, green: 0 },
      mirrorTraffic: { green: 10 },
      publicNetworkAccess: 'Enabled',
      scoringUri: 'https://churn-ep.westeurope.inference.ml.azure.com/score',
      swaggerUri: 'https://churn-ep.westeurope.inference.ml.azure.com/swagger.json',
      provisioningState: 'Succeeded',
    },
  };

  test('only traffic changes; what only Azure sets is left out', () => {
    expect(endpointPutBody(read, { traffic: { blue: 0, green: 100 } })).toEqual({
      location: 'westeurope',
      kind: 'Managed',
      tags: { owner: 'risk-team', cost: 'cc-42' },
      identity: { type: 'SystemAssigned,UserAssigned', userAssignedIdentities: { [uai]: {} } },
      sku: { name: 'Default', capacity: 1 },
      properties: {
        authMode: 'Key',
        description: 'churn scoring',
        properties: { 'azureml.note': 'x' },
        traffic: { blue: 0, green: 100 },
        mirrorTraffic: { green: 10 },
        publicNetworkAccess: 'Enabled',
      },
    });
  });

  test('tags and description change only when asked', () => {
    const body = endpointPutBody(read, { tags: { owner: 'ml' }, description: 'v2' });
    expect(body.tags).toEqual({ owner: 'ml' });
    expect(body.properties?.description).toBe('v2');
    expect(body.properties?.traffic).toEqual({ blue: 100, green: 0 });
  });
});
