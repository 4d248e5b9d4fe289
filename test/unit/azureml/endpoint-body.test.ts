/** The endpoint PUT body, and how a PUT whose reply was lost is known to have landed. */
import { describe, expect, test } from 'vitest';
import { endpointPutBody, holdsEndpointBody, type RawEndpoint } from '@mlops-actions/azureml';

const read: RawEndpoint = {
  id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/w/onlineEndpoints/churn',
  name: 'churn',
  location: 'westeurope',
  tags: { team: 'churn' },
  identity: { type: 'SystemAssigned', principalId: 'p', tenantId: 't' },
  properties: {
    authMode: 'Key',
    description: 'churn scoring',
    provisioningState: 'Succeeded',
    traffic: { blue: 100, green: 0 },
    mirrorTraffic: { shadow: 10 },
  },
};

describe('holdsEndpointBody', () => {
  const body = endpointPutBody(read, { traffic: { blue: 30, green: 70 } });
  const after = (changes: Partial<NonNullable<RawEndpoint['properties']>>, tags = read.tags) => ({
    ...read,
    tags,
    properties: { ...read.properties, traffic: { blue: 30, green: 70 }, ...changes },
  });

  test('the endpoint as the PUT left it holds it, as Azure writes it back (case, 0 % entries)', () => {
    expect(holdsEndpointBody(after({}), body)).toBe(true);
    expect(
      holdsEndpointBody(after({ authMode: 'key', traffic: { green: 70, blue: 30 } }), body),
    ).toBe(true);
  });

  test('the endpoint before the PUT, or changed by somebody else, does not', () => {
    expect(holdsEndpointBody(read, body)).toBe(false);
    expect(holdsEndpointBody(after({ mirrorTraffic: {} }), body)).toBe(false);
    expect(holdsEndpointBody(after({}, { team: 'churn', owner: 'someone-else' }), body)).toBe(
      false,
    );
    expect(holdsEndpointBody(after({}, {}), body)).toBe(false);
    expect(holdsEndpointBody(after({ description: 'changed' }), body)).toBe(false);
    expect(holdsEndpointBody(after({ authMode: 'AMLToken' }), body)).toBe(false);
  });
});
