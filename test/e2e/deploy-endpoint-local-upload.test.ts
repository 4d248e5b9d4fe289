/**
 * deploy-endpoint, bundled, with a CLI v2 deployment file as users have it: a local model
 * folder, local scoring code and an inline environment. They are uploaded and registered as
 * the CLI does, the deployment serves them and passes its smoke test, and a re-run uploads,
 * registers and changes nothing.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Emulator } from '@mlops-actions/emulator';
import type { StepResult } from '@mlops-actions/local-runner';
import { ANONYMOUS_ENVIRONMENT, objectHash, readLocalArtifact } from '@mlops-actions/azureml';
import {
  changesSince,
  deployStep,
  endpointName,
  requestMark,
  stableOutputs,
  startDeployEmulator,
} from './deploy-endpoint-support.ts';
import { errorsOf, expectNoLeak, runMainStep } from './support.ts';

let emu: Emulator;
let repo: string;
const endpoint = endpointName();

beforeAll(async () => {
  emu = await startDeployEmulator();
  repo = mkdtempSync(path.join(tmpdir(), 'mlops-e2e-local-deploy-'));
  cpSync(path.resolve('test/fixtures/local-upload'), repo, { recursive: true });
});
afterAll(() => {
  rmSync(repo, { recursive: true, force: true });
  return emu?.stop();
});

const deploy = (): Promise<StepResult> =>
  runMainStep(
    deployStep(
      emu,
      { 'endpoint-name': endpoint, 'deployment-file': path.join(repo, 'deploy', 'blue.yml') },
      { env: { GITHUB_WORKSPACE: repo } },
    ),
  );

test('a local model, local scoring code and an inline environment deploy and pass the smoke test; a re-run changes nothing', async () => {
  const first = await deploy();
  expect(errorsOf(first)).toEqual([]);
  expect(first.exitCode).toBe(0);
  expect(first.log).toMatch(/Smoke test passed: HTTP 200 in \d+ ms/);
  expect(JSON.parse(first.outputs.traffic ?? '')).toEqual({ blue: 100 });

  const modelHash = await objectHash(
    readLocalArtifact(path.join(repo, 'deploy', 'model'), { root: repo }),
  );
  const container = (await emu.blobStorage()).container();
  const names: string[] = [];
  for await (const blob of container.listBlobsFlat({ prefix: `LocalUpload/${modelHash}/` })) {
    names.push(blob.name);
  }
  expect(names.sort()).toEqual([
    `LocalUpload/${modelHash}/model/meta.json`,
    `LocalUpload/${modelHash}/model/model.pkl`,
  ]);
  const [deployment] = emu.control.endpoint(endpoint)?.deployments ?? [];
  expect(deployment?.provisioningState).toBe('Succeeded');
  expect(first.log).toMatch(/Registered model \.\/model as model [0-9a-f-]{36}:1\./);
  expect(first.log).toMatch(/Registered code \.\/score as code [0-9a-f-]{36}:1\./);
  expect(first.log).toContain(`Registered the inline environment as ${ANONYMOUS_ENVIRONMENT}:`);

  const mark = requestMark(emu);
  const again = await deploy();
  expect(again.exitCode).toBe(0);
  expect(changesSince(emu, mark)).toEqual([]);
  expect(stableOutputs(again)).toEqual(stableOutputs(first));
  expect(again.log).toContain('Skipped uploading model ./model: 2 files');
  expect(again.log).toContain('Skipped uploading code ./score: 1 file');
  expect(again.log).toContain(`Inline environment is ${ANONYMOUS_ENVIRONMENT}:`);
  expectNoLeak(emu, [first, again]);
});
