/**
 * Component versions, sweep and pipeline jobs, and computes against Microsoft's examples and the
 * 2022-10-01 schemas. The examples name code, environment, compute and component "string" (and
 * a component spec of placeholders), which Azure refuses: each is first replayed as it is (a
 * 400 in ARM's error shape), then with those references made the seeded workspace's.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Emulator } from '@mlops-actions/emulator';
import {
  armToken,
  startTrustedEmulator,
  workspacePath,
  type RawResponse,
} from '../emulator/support.ts';
import { compareShape } from './shape.ts';
import { loadSpec, type Spec } from './spec.ts';
import {
  bodyOf,
  expectArmError,
  expectConforms as conforms,
  haveSpecs,
  readExample,
  registeredIds,
  replayer,
  skipReason,
  specDir,
  type Example,
} from './harness.ts';

describe.skipIf(!haveSpecs)(
  `component, sweep, pipeline and compute routes match Microsoft's examples${skipReason}`,
  () => {
    let em: Emulator;
    let spec: Spec;
    let token: string;

    beforeAll(async () => {
      spec = loadSpec(specDir);
      em = await startTrustedEmulator();
      token = await armToken(em);
    });
    afterAll(() => em?.stop());

    const replay = (
      operationId: string,
      example: Example,
      options: { values?: Record<string, string>; body?: unknown } = {},
    ): Promise<RawResponse> => replayer(em, spec, () => token)(operationId, example, options);
    const expectConforms = (operationId: string, response: RawResponse, example: Example) =>
      conforms(spec, operationId, response, example);
    /** The shape of a reply the examples have none for: the operation's schema alone. */
    const expectSchema = (operationId: string, response: RawResponse, status = 200) => {
      expect(response.status).toBe(status);
      const schema = spec.operation(operationId).responses[String(status)];
      expect(compareShape(response.body, undefined, schema, spec)).toEqual([]);
    };
    const component = { name: 'train', version: '1' };
    const commandComponent = () => ({
      name: 'train',
      type: 'command',
      command: 'python train.py --data ${{inputs.data}}',
      code: `${workspacePath(em)}/codes/churn-src/versions/1`,
      environment: `${workspacePath(em)}/environments/sklearn-1.5/versions/1`,
      inputs: { data: { type: 'uri_folder' } },
      outputs: { model: { type: 'uri_folder' } },
    });

    test('ComponentVersions_CreateOrUpdate, _Get, _List; ComponentContainers_Get, _List (ComponentVersion/createOrUpdate.json)', async () => {
      const put = readExample('ComponentVersion/createOrUpdate.json');
      const asIs = await replay('ComponentVersions_CreateOrUpdate', put, {
        values: component,
        body: bodyOf(put),
      });
      expectArmError(spec, 'ComponentVersions_CreateOrUpdate', asIs, 400);
      expect(JSON.stringify(asIs.body)).toContain('properties.componentSpec.type');

      const body = bodyOf(put) as { properties: Record<string, unknown> };
      const real = { properties: { ...body.properties, componentSpec: commandComponent() } };
      const created = await replay('ComponentVersions_CreateOrUpdate', put, {
        values: component,
        body: real,
      });
      expect(created.status).toBe(201);
      expectConforms('ComponentVersions_CreateOrUpdate', created, put);
      const replayed = await replay('ComponentVersions_CreateOrUpdate', put, {
        values: component,
        body: real,
      });
      expect(replayed.status).toBe(200);
      expectConforms('ComponentVersions_CreateOrUpdate', replayed, put);

      const read = await replay('ComponentVersions_Get', put, { values: component });
      expect(read.body).toMatchObject({
        name: '1',
        properties: { componentSpec: commandComponent() },
      });
      expectSchema('ComponentVersions_Get', read);
      expectSchema(
        'ComponentVersions_List',
        await replay('ComponentVersions_List', put, { values: component }),
      );
      expectSchema(
        'ComponentContainers_Get',
        await replay('ComponentContainers_Get', put, { values: component }),
      );
      expectSchema('ComponentContainers_List', await replay('ComponentContainers_List', put));

      const unregistered = {
        properties: {
          componentSpec: {
            ...commandComponent(),
            environment: `${workspacePath(em)}/environments/nope/versions/1`,
          },
        },
      };
      const refused = await replay('ComponentVersions_CreateOrUpdate', put, {
        values: { name: 'train', version: '2' },
        body: unregistered,
      });
      expectArmError(spec, 'ComponentVersions_CreateOrUpdate', refused, 400);
      expect(JSON.stringify(refused.body)).toContain(
        "environment 'nope' version '1' was not found",
      );
    });

    test('Jobs_CreateOrUpdate and _Get for a sweep job (Job/SweepJob/createOrUpdate.json)', async () => {
      const example = readExample('Job/SweepJob/createOrUpdate.json');
      const values = { id: 'sweep-contract' };
      expectArmError(
        spec,
        'Jobs_CreateOrUpdate',
        await replay('Jobs_CreateOrUpdate', example, { values, body: bodyOf(example) }),
        400,
      );
      const body = registeredIds(em, bodyOf(example)) as { properties: Record<string, unknown> };
      // The example's search space is `{ "string": {} }`; Azure takes `[kind, [arguments]]`.
      const real = {
        properties: { ...body.properties, searchSpace: { lr: ['uniform', [0.01, 0.1]] } },
      };
      const created = await replay('Jobs_CreateOrUpdate', example, { values, body: real });
      expect(created.status).toBe(201);
      expectConforms('Jobs_CreateOrUpdate', created, example);
      const replayed = await replay('Jobs_CreateOrUpdate', example, { values, body: real });
      expect(replayed.status).toBe(200);
      expectConforms('Jobs_CreateOrUpdate', replayed, example);
      const read = await replay('Jobs_Get', example, { values });
      expect(read.body).toMatchObject({
        properties: { jobType: 'Sweep', trial: body.properties.trial },
      });
      expectConforms('Jobs_Get', read, {
        ...example,
        responses: { 200: example.responses['200'] ?? {} },
      });
    });

    test('Jobs_CreateOrUpdate for a pipeline job (Job/PipelineJob/createOrUpdate.json)', async () => {
      const example = readExample('Job/PipelineJob/createOrUpdate.json');
      const values = { id: 'pipeline-contract' };
      expectArmError(
        spec,
        'Jobs_CreateOrUpdate',
        await replay('Jobs_CreateOrUpdate', example, { values, body: bodyOf(example) }),
        400,
      );
      const componentId = `${workspacePath(em)}/components/train/versions/1`;
      const body = registeredIds(em, bodyOf(example)) as { properties: Record<string, unknown> };
      // The example has no steps; one command node runs the component registered above.
      const real = {
        properties: { ...body.properties, jobs: { train: { type: 'command', componentId } } },
      };
      const created = await replay('Jobs_CreateOrUpdate', example, { values, body: real });
      expect(created.status).toBe(201);
      expectConforms('Jobs_CreateOrUpdate', created, example);

      const missing = {
        properties: {
          ...real.properties,
          jobs: {
            train: {
              type: 'command',
              componentId: `${workspacePath(em)}/components/none/versions/1`,
            },
          },
        },
      };
      const refused = await replay('Jobs_CreateOrUpdate', example, {
        values: { id: 'pipeline-missing' },
        body: missing,
      });
      expectArmError(spec, 'Jobs_CreateOrUpdate', refused, 400);
      expect(JSON.stringify(refused.body)).toContain('properties.jobs.train.componentId');
    });

    test('Compute_List and Compute_Get (schema; the examples are not among the pinned files)', async () => {
      const example = readExample('Workspace/get.json');
      const listed = await replay('Compute_List', example);
      expectSchema('Compute_List', listed);
      expect((listed.body as { value: { name: string }[] }).value.map((c) => c.name)).toEqual([
        'cpu-cluster',
        'gpu-cluster',
      ]);
      const got = await replay('Compute_Get', example, { values: { computeName: 'gpu-cluster' } });
      expectSchema('Compute_Get', got);
      expect(got.body).toMatchObject({
        properties: { computeType: 'AmlCompute', provisioningState: 'Succeeded' },
      });
      const none = await replay('Compute_Get', example, {
        values: { computeName: 'no-such-cluster' },
      });
      expectArmError(spec, 'Compute_Get', none, 404);
    });
  },
);
