import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Emulator } from '@mlops-actions/emulator';
import { armToken, raw, startTrustedEmulator, type RawResponse } from '../emulator/support.ts';
import { endpointPath, modelArmId, seededEnvironmentId } from '../emulator/online-support.ts';
import { compareShape } from './shape.ts';
import { loadSpec, type Spec } from './spec.ts';
import {
  expectConforms as conforms,
  haveSpecs,
  readExample,
  replayer,
  skipReason,
  specDir,
  type Example,
} from './harness.ts';

const ENDPOINT = 'testEndpointName';
const TOKEN_ENDPOINT = 'tokenEndpoint';
const DEPLOYMENT = 'testDeploymentName';
const MODEL = 'contract-model';

describe.skipIf(!haveSpecs)(
  `online endpoint and deployment responses match Microsoft's examples${skipReason}`,
  () => {
    let em: Emulator;
    let spec: Spec;
    let token: string;

    beforeAll(async () => {
      spec = loadSpec(specDir);
      // Operations that end at once: each example's precondition holds without waiting.
      em = await startTrustedEmulator({
        endpointProvisioningSeconds: 0,
        defaultDeployment: { provisioningSeconds: 0 },
      });
      token = await armToken(em);
      const created = await Promise.all([
        raw(em, 'PUT', `${endpointPath(em, ENDPOINT)}?api-version=2022-10-01`, {
          token,
          body: { location: 'westeurope', properties: { authMode: 'Key' } },
        }),
        raw(em, 'PUT', `${endpointPath(em, TOKEN_ENDPOINT)}?api-version=2022-10-01`, {
          token,
          body: { location: 'westeurope', properties: { authMode: 'AMLToken' } },
        }),
        raw(em, 'PUT', `${modelArmId(em, MODEL)}?api-version=2022-10-01`, {
          token,
          body: {
            properties: { modelType: 'custom_model', modelUri: 'https://example.com/model/' },
          },
        }),
      ]);
      expect(created.map((r) => r.status)).toEqual([201, 201, 201]);
    });
    afterAll(() => em?.stop());

    const replay = (
      operationId: string,
      example: Example,
      options: { endpoint?: string; body?: unknown } = {},
    ): Promise<RawResponse> =>
      replayer(em, spec, () => token)(operationId, example, {
        values: { endpointName: options.endpoint ?? ENDPOINT, deploymentName: DEPLOYMENT },
        body: options.body,
      });
    const expectConforms = (operationId: string, response: RawResponse, example: Example): void =>
      conforms(spec, operationId, response, example);
    /** The example's request body with its placeholders swapped for values that validate. */
    const exampleBody = (example: Example, replace: Record<string, unknown> = {}): unknown => {
      const body = structuredClone(example.parameters.body) as { properties?: object };
      return { ...body, properties: { ...body.properties, ...replace } };
    };

    test('OnlineEndpoints_Get (OnlineEndpoint/get.json)', async () => {
      const example = readExample('OnlineEndpoint/get.json');
      const response = await replay('OnlineEndpoints_Get', example);
      expect(response.status).toBe(200);
      expectConforms('OnlineEndpoints_Get', response, example);
    });

    test('OnlineEndpoints_List (OnlineEndpoint/list.json)', async () => {
      const example = readExample('OnlineEndpoint/list.json');
      const response = await replay('OnlineEndpoints_List', example);
      expect((response.body as { value: unknown[] }).value).toHaveLength(2);
      expectConforms('OnlineEndpoints_List', response, example);
    });

    test('OnlineEndpoints_ListKeys (OnlineEndpoint/listKeys.json)', async () => {
      const example = readExample('OnlineEndpoint/listKeys.json');
      const response = await replay('OnlineEndpoints_ListKeys', example);
      expect(response.status).toBe(200);
      expectConforms('OnlineEndpoints_ListKeys', response, example);
    });

    test('OnlineEndpoints_GetToken (OnlineEndpoint/getToken.json) on an AMLToken endpoint', async () => {
      const example = readExample('OnlineEndpoint/getToken.json');
      const response = await replay('OnlineEndpoints_GetToken', example, {
        endpoint: TOKEN_ENDPOINT,
      });
      expect(response.status).toBe(200);
      expectConforms('OnlineEndpoints_GetToken', response, example);
    });

    test('OnlineDeployments_CreateOrUpdate (ManagedOnlineDeployment/createOrUpdate.json): 201, then 200', async () => {
      const example = readExample('OnlineDeployment/ManagedOnlineDeployment/createOrUpdate.json');
      // The example's "string" model and environment name nothing; the emulator checks both exist.
      const body = exampleBody(example, {
        model: modelArmId(em, MODEL),
        environmentId: seededEnvironmentId(em),
      });
      const created = await replay('OnlineDeployments_CreateOrUpdate', example, { body });
      expect(created.status).toBe(201);
      expect(created.headers.get('azure-asyncoperation')).toMatch(/\/_operations\//);
      expectConforms('OnlineDeployments_CreateOrUpdate', created, example);
      const updated = await replay('OnlineDeployments_CreateOrUpdate', example, { body });
      expect(updated.status).toBe(200);
      expectConforms('OnlineDeployments_CreateOrUpdate', updated, example);
    });

    test('OnlineDeployments_Get (ManagedOnlineDeployment/get.json)', async () => {
      const example = readExample('OnlineDeployment/ManagedOnlineDeployment/get.json');
      const response = await replay('OnlineDeployments_Get', example);
      expect(response.status).toBe(200);
      expectConforms('OnlineDeployments_Get', response, example);
    });

    test('OnlineDeployments_List (OnlineDeployment/list.json)', async () => {
      const example = readExample('OnlineDeployment/list.json');
      const response = await replay('OnlineDeployments_List', example);
      expect((response.body as { value: unknown[] }).value).toHaveLength(1);
      expectConforms('OnlineDeployments_List', response, example);
    });

    test('OnlineDeployments_GetLogs (OnlineDeployment/getLogs.json)', async () => {
      const example = readExample('OnlineDeployment/getLogs.json');
      const response = await replay('OnlineDeployments_GetLogs', example, {
        body: example.parameters.body,
      });
      expect(response.status).toBe(200);
      expect((response.body as { content: string }).content).toContain(MODEL);
      expectConforms('OnlineDeployments_GetLogs', response, example);
    });

    test('OnlineDeployments_Update (ManagedOnlineDeployment/update.json): 202 with Location', async () => {
      const example = readExample('OnlineDeployment/ManagedOnlineDeployment/update.json');
      const response = await replay('OnlineDeployments_Update', example, {
        body: example.parameters.body,
      });
      expect(response.status).toBe(202);
      expect(response.headers.get('location')).toMatch(/\/_operations\//);
      expectConforms('OnlineDeployments_Update', response, example);
    });

    test('OnlineEndpoints_Update (OnlineEndpoint/update.json): 202 with Location', async () => {
      const example = readExample('OnlineEndpoint/update.json');
      const response = await replay('OnlineEndpoints_Update', example, {
        body: example.parameters.body,
      });
      expect(response.status).toBe(202);
      expectConforms('OnlineEndpoints_Update', response, example);
    });

    test('OnlineEndpoints_Delete (OnlineEndpoint/delete.json): 202, then 204 once gone', async () => {
      const example = readExample('OnlineEndpoint/delete.json');
      const accepted = await replay('OnlineEndpoints_Delete', example);
      expect(accepted.status).toBe(202);
      expectConforms('OnlineEndpoints_Delete', accepted, example);
      const gone = await replay('OnlineEndpoints_Delete', example);
      expect(gone.status).toBe(204);
      expectConforms('OnlineEndpoints_Delete', gone, example);
    });

    test('a missing deployment is an ARM ErrorResponse naming it', async () => {
      const example = readExample('OnlineDeployment/ManagedOnlineDeployment/get.json');
      const response = await replayer(em, spec, () => token)('OnlineDeployments_Get', example, {
        values: { endpointName: TOKEN_ENDPOINT, deploymentName: 'missing' },
      });
      expect(response.status).toBe(404);
      expect(response.body).toMatchObject({
        error: { message: expect.stringContaining('missing') },
      });
      const errorSchema = spec.operation('OnlineDeployments_Get').responses.default;
      expect(compareShape(response.body, undefined, errorSchema, spec)).toEqual([]);
    });
  },
);
