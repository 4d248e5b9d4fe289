/** The backup document: canonical bytes, the sha256 of the restorable state, the diff, the rollout marker. */
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import {
  backupDocument,
  canonicalJson,
  diffStates,
  documentBytes,
  parseBackupDocument,
  restorableState,
  stateSha256,
  unfinishedRollout,
  type RawEndpoint,
} from '@mlops-actions/azureml';

const workspace = { subscriptionId: 's1', resourceGroup: 'rg', workspace: 'ws' };

const endpoint = (
  properties: Record<string, unknown> = {},
  extra: Record<string, unknown> = {},
): RawEndpoint => ({
  id: '/subscriptions/s1/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/ws/onlineEndpoints/churn',
  name: 'churn',
  type: 'Microsoft.MachineLearningServices/workspaces/onlineEndpoints',
  location: 'westeurope',
  tags: { team: 'risk' },
  identity: { type: 'SystemAssigned', principalId: 'p-1', tenantId: 't-1' },
  properties: {
    authMode: 'Key',
    traffic: { blue: 100, green: 0 },
    mirrorTraffic: { green: 20 },
    scoringUri: 'https://churn.westeurope.inference.ml.azure.com/score',
    swaggerUri: 'https://churn.westeurope.inference.ml.azure.com/swagger.json',
    provisioningState: 'Succeeded',
    ...properties,
  },
  systemData: { createdAt: '2026-12-01T00:00:00Z' },
  ...extra,
});

const deployment = (name: string, capacity = 1) => ({
  id: `/subscriptions/s1/.../deployments/${name}`,
  name,
  type: 'Microsoft.MachineLearningServices/workspaces/onlineEndpoints/deployments',
  location: 'westeurope',
  tags: {},
  sku: { name: 'Default', capacity },
  properties: {
    endpointComputeType: 'Managed',
    model: `/subscriptions/s1/.../models/churn/versions/${name === 'blue' ? 1 : 2}`,
    instanceType: 'Standard_DS3_v2',
    provisioningState: 'Succeeded',
  },
  systemData: { createdAt: '2026-12-01T00:00:00Z' },
});

const facts = {
  endpointName: 'churn',
  takenAt: '2026-12-02T06:45:12.345Z',
  apiVersions: { endpoint: '2024-04-01', deployments: '2022-10-01' },
  run: { id: '4242', attempt: '1' },
  commit: 'abc123',
  workspace,
};

describe('the canonical document', () => {
  test('has sorted keys, no server-generated or read-only field, and an id of its time and hash', () => {
    const document = backupDocument(facts, endpoint(), [deployment('green'), deployment('blue')]);
    const text = documentBytes(document);

    expect(document.id).toBe(`20261202T064512345Z-${document.sha256.slice(0, 12)}`);
    expect(document.traffic).toEqual({ blue: 100 });
    expect(document.mirrorTraffic).toEqual({ green: 20 });
    expect(document.endpoint).toEqual({
      location: 'westeurope',
      tags: { team: 'risk' },
      identity: { type: 'SystemAssigned' },
      properties: { authMode: 'Key' },
    });
    expect(document.deployments.blue).toEqual({
      location: 'westeurope',
      tags: {},
      sku: { name: 'Default', capacity: 1 },
      properties: {
        endpointComputeType: 'Managed',
        model: '/subscriptions/s1/.../models/churn/versions/1',
        instanceType: 'Standard_DS3_v2',
      },
    });
    expect(text).not.toMatch(
      /provisioningState|systemData|scoringUri|swaggerUri|principalId|"id": "\/sub/,
    );
    expect(text.endsWith('}\n')).toBe(true);
    // Sorted keys at every level: the bytes do not depend on the order Azure answered in.
    const reordered = backupDocument(facts, endpoint(), [deployment('blue'), deployment('green')]);
    expect(documentBytes(reordered)).toBe(text);
  });

  test('never carries endpoint keys, even when a body has them', () => {
    const document = backupDocument(
      facts,
      endpoint({ keys: { primaryKey: 'pk-secret', secondaryKey: 'sk-secret' } }),
      [],
    );
    expect(documentBytes(document)).not.toContain('secret');
  });

  test('the sha256 is of the restorable state: the same state hashes alike whenever taken, any change differs', () => {
    const a = backupDocument(facts, endpoint(), [deployment('blue')]);
    const b = backupDocument(
      { ...facts, takenAt: '2026-12-09T00:00:00.000Z', run: { id: '9' } },
      endpoint(),
      [deployment('blue')],
    );
    expect(b.sha256).toBe(a.sha256);
    expect(b.id).not.toBe(a.id);
    const scaled = backupDocument(facts, endpoint(), [deployment('blue', 2)]);
    const shifted = backupDocument(facts, endpoint({ traffic: { blue: 90, green: 10 } }), [
      deployment('blue'),
    ]);
    expect(new Set([a.sha256, scaled.sha256, shifted.sha256]).size).toBe(3);
  });

  test('0 % and absent are one share; key order never matters (property)', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.constantFrom('blue', 'green', 'red'), fc.integer({ min: 0, max: 100 })),
        (traffic) => {
          const withZeros = restorableState(endpoint({ traffic, mirrorTraffic: {} }), []);
          const reversed = Object.fromEntries(
            Object.entries(traffic)
              .reverse()
              .filter(([, p]) => p > 0),
          );
          const without = restorableState(endpoint({ traffic: reversed, mirrorTraffic: {} }), []);
          expect(stateSha256(withZeros)).toBe(stateSha256(without));
          expect(canonicalJson(withZeros)).toBe(canonicalJson(without));
        },
      ),
    );
  });

  test('parse accepts what was written and refuses a changed one, naming both hashes', () => {
    const document = backupDocument(facts, endpoint(), [deployment('blue')]);
    const text = documentBytes(document);
    expect(parseBackupDocument(text)).toEqual({ ok: true, document });

    const tampered = parseBackupDocument(text.replace('"blue": 100', '"blue": 50'));
    expect(tampered).toMatchObject({ ok: false, problem: { kind: 'tampered' } });
    if (!tampered.ok)
      expect(tampered.problem.detail).toContain(`not the ${document.sha256} it records`);
    expect(parseBackupDocument('{"schema": "other"}')).toMatchObject({
      ok: false,
      problem: { kind: 'malformed' },
    });
    expect(parseBackupDocument('not json')).toMatchObject({
      ok: false,
      problem: { kind: 'malformed' },
    });
  });
});

describe('diffStates', () => {
  test('names each share and deployment field that differs; a missing deployment as such', () => {
    const backup = restorableState(endpoint(), [deployment('blue'), deployment('green')]);
    const live = restorableState(
      endpoint({ traffic: { blue: 0, Green: 100 }, mirrorTraffic: {} }),
      [deployment('blue', 3)],
    );
    expect(diffStates(backup, live)).toEqual([
      { path: 'traffic.blue', backup: 100, live: 0 },
      { path: 'traffic.Green', backup: 0, live: 100 },
      { path: 'mirrorTraffic.green', backup: 20, live: 0 },
      { path: 'deployments.blue.sku.capacity', backup: 1, live: 3 },
      { path: 'deployments.green', backup: 'present', live: null },
    ]);
    expect(diffStates(backup, backup)).toEqual([]);
  });
});

describe('unfinishedRollout', () => {
  test('reads the agreed JSON marker and packages/rollout form; a finished one is none', () => {
    expect(unfinishedRollout({ team: 'risk' })).toBeUndefined();
    expect(
      unfinishedRollout({ 'mlops.rollout': '{"backupId":"b-1","state":"bake"}' }),
    ).toMatchObject({ backupId: 'b-1' });
    expect(
      unfinishedRollout({ 'mlops.rollout': '{"backupId":"b-1","state":"finished"}' }),
    ).toBeUndefined();
    const sha = 'a'.repeat(64);
    expect(
      unfinishedRollout({
        'mlops.rollout': 'v=1;run=7.1;stage=1;w=blue:90,green:10;m=;bake=2026-12-02T06:00:00.000Z',
        'mlops.rollout.backup': `sha=${sha};w=blue:100;m=`,
      }),
    ).toMatchObject({ backupSha256: sha });
  });
});
