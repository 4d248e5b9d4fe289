import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Emulator } from '@mlops-actions/emulator';
import { armToken, raw, startTrustedEmulator, type RawResponse } from '../emulator/support.ts';
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
  bodyOf,
  expectArmError,
  registeredIds,
} from './harness.ts';

const JOB = 'contract-job';

describe.skipIf(!haveSpecs)(
  `emulator responses match Microsoft's examples and the 2022-10-01 spec${skipReason}`,
  () => {
    let em: Emulator;
    let spec: Spec;
    let token: string;

    beforeAll(async () => {
      spec = loadSpec(specDir);
      em = await startTrustedEmulator();
      // The cancel case needs a job that is still running.
      em.control.setDefaultJobBehaviour({ outcome: 'stall' });
      token = await armToken(em);
    });
    afterAll(() => em?.stop());

    const replay = (operationId: string, example: Example, body?: unknown): Promise<RawResponse> =>
      replayer(em, spec, () => token)(operationId, example, { values: { id: JOB }, body });
    const expectConforms = (
      operationId: string,
      response: RawResponse,
      example: Example,
      exampleStatus?: string,
    ): void => conforms(spec, operationId, response, example, exampleStatus);

    test('Workspaces_Get (Workspace/get.json)', async () => {
      const example = readExample('Workspace/get.json');
      expectConforms('Workspaces_Get', await replay('Workspaces_Get', example), example);
    });

    test('Jobs_CreateOrUpdate (Job/CommandJob/createOrUpdate.json): 201 on create, 200 on replay', async () => {
      const example = readExample('Job/CommandJob/createOrUpdate.json');
      // The example names its code, environment and compute "string", which Azure refuses: they
      // become the seeded workspace's (registeredIds), everything else is sent as the example has it.
      const asIs = await replay('Jobs_CreateOrUpdate', example, bodyOf(example));
      expectArmError(spec, 'Jobs_CreateOrUpdate', asIs, 400);
      const body = registeredIds(em, bodyOf(example));
      const created = await replay('Jobs_CreateOrUpdate', example, body);
      expect(created.status).toBe(201);
      expectConforms('Jobs_CreateOrUpdate', created, example);
      const replayed = await replay('Jobs_CreateOrUpdate', example, body);
      expect(replayed.status).toBe(200);
      expectConforms('Jobs_CreateOrUpdate', replayed, example);
    });

    test("Jobs_Get (shape of CommandJob/createOrUpdate.json's 200 body)", async () => {
      const example = readExample('Job/CommandJob/createOrUpdate.json');
      const response = await replay('Jobs_Get', {
        parameters: example.parameters,
        responses: { 200: example.responses['200'] ?? {} },
      });
      expectConforms('Jobs_Get', response, {
        ...example,
        responses: { 200: example.responses['200'] ?? {} },
      });
    });

    test('Jobs_List (Job/CommandJob/list.json)', async () => {
      const example = readExample('Job/CommandJob/list.json');
      const response = await replay('Jobs_List', example);
      expect((response.body as { value: unknown[] }).value.length).toBeGreaterThan(0);
      expectConforms('Jobs_List', response, example);
    });

    test('Jobs_Cancel (Job/cancel.json): 202 with Location for a running job, 200 once finished', async () => {
      const example = readExample('Job/cancel.json');
      const accepted = await replay('Jobs_Cancel', example);
      expect(accepted.status).toBe(202);
      expect(accepted.headers.get('location')).toMatch(/^https:\/\/127\.0\.0\.1:\d+\//);
      expect(accepted.headers.get('retry-after')).toMatch(/^\d+$/);
      expectConforms('Jobs_Cancel', accepted, example);
    });

    test('errors have the ARM ErrorResponse shape (default response)', async () => {
      const example = readExample('Job/CommandJob/createOrUpdate.json');
      const operation = spec.operation('Jobs_Get');
      const missing = await raw(
        em,
        'GET',
        operation.path
          .replace('{subscriptionId}', em.subscriptionId)
          .replace('{resourceGroupName}', em.resourceGroup)
          .replace('{workspaceName}', em.workspace)
          .replace('{id}', 'no-such-job') +
          `?api-version=${String(example.parameters['api-version'])}`,
        { token },
      );
      expect(missing.status).toBe(404);
      const problems = compareShape(missing.body, undefined, operation.responses.default, spec);
      expect(problems).toEqual([]);
      expect(missing.body).toMatchObject({
        error: { code: expect.any(String), message: expect.stringContaining('no-such-job') },
      });
    });
  },
);
