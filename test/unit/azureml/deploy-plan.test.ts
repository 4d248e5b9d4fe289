import { describe, expect, test } from 'vitest';
import { DeployPlanError, planDeployment } from '@mlops-actions/azureml';
import type { DeploymentSnapshot, EndpointSnapshot } from '@mlops-actions/azureml';

const WS =
  '/subscriptions/s/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/ws';
const modelId = (version: string) => `${WS}/models/churn/versions/${version}`;

function endpoint(traffic: Record<string, number>): EndpointSnapshot {
  return {
    name: 'churn-ep',
    provisioningState: 'Succeeded',
    authMode: 'Key',
    location: 'westeurope',
    traffic,
    mirrorTraffic: {},
    tags: {},
  };
}

const deployment = (name: string, version: string): DeploymentSnapshot => ({
  name,
  endpointName: 'churn-ep',
  provisioningState: 'Succeeded',
  model: modelId(version),
});

describe('a first deployment', () => {
  test('on a new endpoint is blue and takes all traffic', () => {
    expect(planDeployment({ deployments: [], modelArmId: modelId('1') })).toEqual({
      deploymentName: 'blue',
      previousDeployment: '',
      traffic: { blue: 100 },
    });
  });

  test('on an endpoint with no live traffic also takes all of it', () => {
    const plan = planDeployment({
      endpoint: endpoint({}),
      deployments: [{ ...deployment('old', '0'), provisioningState: 'Failed' }],
      modelArmId: modelId('1'),
    });
    expect(plan).toEqual({
      deploymentName: 'blue',
      previousDeployment: '',
      traffic: { blue: 100 },
    });
  });
});

describe('a second model', () => {
  const live = { endpoint: endpoint({ blue: 100 }), deployments: [deployment('blue', '1')] };

  test('goes to green at 0 %, blue keeps serving and is the previous deployment', () => {
    expect(planDeployment({ ...live, modelArmId: modelId('2') })).toEqual({
      deploymentName: 'green',
      previousDeployment: 'blue',
      traffic: { blue: 100, green: 0 },
    });
  });

  test('goes to blue when green is the live one', () => {
    const plan = planDeployment({
      endpoint: endpoint({ blue: 0, green: 100 }),
      deployments: [deployment('blue', '1'), deployment('green', '2')],
      modelArmId: modelId('3'),
    });
    expect(plan).toEqual({
      deploymentName: 'blue',
      previousDeployment: 'green',
      traffic: { blue: 0, green: 100 },
    });
  });

  test('with traffic 100 takes over and the others drop to 0', () => {
    const plan = planDeployment({ ...live, modelArmId: modelId('2'), requestedTraffic: 100 });
    expect(plan.traffic).toEqual({ blue: 0, green: 100 });
  });

  test('with a partial share, the others give it up in proportion and the total stays 100', () => {
    const plan = planDeployment({
      endpoint: endpoint({ a: 50, b: 25, c: 25 }),
      deployments: [deployment('a', '1'), deployment('b', '1'), deployment('c', '1')],
      modelArmId: modelId('2'),
      requestedName: 'd',
      requestedTraffic: 10,
    });
    expect(plan.traffic).toEqual({ a: 45, b: 23, c: 22, d: 10 });
    expect(plan.previousDeployment).toBe('a');
  });

  test('a requested name wins over the colours', () => {
    const plan = planDeployment({ ...live, modelArmId: modelId('2'), requestedName: 'canary' });
    expect(plan).toEqual({
      deploymentName: 'canary',
      previousDeployment: 'blue',
      traffic: { blue: 100, canary: 0 },
    });
  });
});

describe('a re-run plans what the first run did', () => {
  test('the deployment already serving the model is chosen again, traffic as it is', () => {
    const plan = planDeployment({
      endpoint: endpoint({ blue: 100, green: 0 }),
      deployments: [deployment('blue', '1'), deployment('green', '2')],
      modelArmId: modelId('2'),
    });
    expect(plan).toEqual({
      deploymentName: 'green',
      previousDeployment: 'blue',
      traffic: { blue: 100, green: 0 },
    });
  });

  test('model ids match whatever the casing Azure returns them in', () => {
    const plan = planDeployment({
      endpoint: endpoint({ blue: 100 }),
      deployments: [deployment('blue', '1')],
      modelArmId: `azureml:${modelId('1').toUpperCase()}`,
    });
    expect(plan).toEqual({
      deploymentName: 'blue',
      previousDeployment: '',
      traffic: { blue: 100 },
    });
  });

  test('mid-rollout shares stay where they are', () => {
    const plan = planDeployment({
      endpoint: endpoint({ blue: 60, green: 40 }),
      deployments: [deployment('blue', '1'), deployment('green', '2')],
      modelArmId: modelId('2'),
    });
    expect(plan.traffic).toEqual({ blue: 60, green: 40 });
    expect(plan.previousDeployment).toBe('blue');
  });

  test('a name given in another case keeps the endpoint spelling in the traffic', () => {
    const plan = planDeployment({
      endpoint: endpoint({ Blue: 100 }),
      deployments: [deployment('Blue', '1')],
      modelArmId: modelId('2'),
      requestedName: 'blue',
    });
    expect(plan.traffic).toEqual({ Blue: 100 });
    expect(plan.previousDeployment).toBe('');
  });
});

describe('traffic no deployment could take', () => {
  test('a partial share with nothing else live is refused, saying why', () => {
    expect(() =>
      planDeployment({ deployments: [], modelArmId: modelId('1'), requestedTraffic: 30 }),
    ).toThrow(
      new DeployPlanError(
        "no other deployment of the endpoint has live traffic to share, so the new deployment's traffic must be 0 or 100 (given 30)",
      ),
    );
  });

  test('0 % with nothing live leaves the endpoint serving nothing', () => {
    const plan = planDeployment({ deployments: [], modelArmId: modelId('1'), requestedTraffic: 0 });
    expect(plan.traffic).toEqual({ blue: 0 });
  });
});
