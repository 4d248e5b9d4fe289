/**
 * train-and-poll, bundled, with a CLI v2 job file as users have it: a local code folder, a local
 * uri_folder input, an inline image + conda_file environment and `${{inputs.x}}` in its command.
 * The files land in Azurite byte for byte under the CLI's paths with its marker; the anonymous
 * code and environment versions are registered and the job references them; a second run
 * uploads and registers nothing.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { CommandJob } from '@azure/arm-machinelearning';
import type { Emulator } from '@mlops-actions/emulator';
import {
  ANONYMOUS_ENVIRONMENT,
  isChange,
  objectHash,
  readLocalArtifact,
  type MachineLearningClient,
} from '@mlops-actions/azureml';
import { emulatorClient } from '../integration/support.ts';
import { errorsOf, expectNoLeak, runMainStep, startE2eEmulator, trainStep } from './support.ts';

let emu: Emulator;
let client: MachineLearningClient;
let repo: string;

beforeAll(async () => {
  emu = await startE2eEmulator();
  client = emulatorClient(emu);
  repo = mkdtempSync(path.join(tmpdir(), 'mlops-e2e-local-job-'));
  cpSync(path.resolve('test/fixtures/local-upload'), repo, { recursive: true });
  // Without an .amlignore of its own, the data folder's .gitignore applies.
  writeFileSync(path.join(repo, 'data', '.gitignore'), 'labels/\n');
});
afterAll(() => {
  rmSync(repo, { recursive: true, force: true });
  return emu?.stop();
});

const step = () =>
  trainStep(emu, {
    inputs: { 'job-file': path.join(repo, 'job.yml') },
    env: { GITHUB_WORKSPACE: repo },
  });

async function blobs(prefix: string): Promise<Map<string, { bytes: Buffer; etag?: string }>> {
  const container = (await emu.blobStorage()).container();
  const found = new Map<string, { bytes: Buffer; etag?: string }>();
  for await (const blob of container.listBlobsFlat({ prefix })) {
    const bytes = await container.getBlobClient(blob.name).downloadToBuffer();
    found.set(blob.name.slice(prefix.length), { bytes, etag: blob.properties.etag });
  }
  return found;
}

const hashOf = async (folder: string) =>
  objectHash(readLocalArtifact(path.join(repo, folder), { root: repo }));

describe('a job file with local code, a local input and an inline environment', () => {
  test('runs to Completed on uploaded, registered assets; a second run uploads and registers nothing', async () => {
    emu.control.resetStats();
    const first = await runMainStep(step());
    expect(errorsOf(first)).toEqual([]);
    expect(first.exitCode).toBe(0);
    expect(first.outputs.status).toBe('Completed');

    // The code folder, byte for byte, without what its .amlignore leaves out.
    const srcHash = await hashOf('src');
    const code = await blobs(`LocalUpload/${srcHash}/src/`);
    expect([...code.keys()].sort()).toEqual([
      '.amlignore',
      'README.md',
      'train.py',
      'utils/helpers.py',
    ]);
    for (const [file, blob] of code) {
      expect(blob.bytes.equals(readFileSync(path.join(repo, 'src', file)))).toBe(true);
    }
    const container = (await emu.blobStorage()).container();
    const marker = await container
      .getBlobClient(`LocalUpload/${srcHash}/src/.amlignore`)
      .getProperties();
    expect(marker.metadata).toMatchObject({ upload_status: 'completed', version: '1' });
    const codeName = marker.metadata?.name ?? '';

    // The input folder, without what its .gitignore leaves out.
    const dataHash = await hashOf('data');
    const data = await blobs(`LocalUpload/${dataHash}/data/`);
    expect([...data.keys()].sort()).toEqual(['.gitignore', 'train.csv']);

    // The job references the code version, the anonymous environment and the uploaded input.
    const { resourceGroup, workspace } = client.workspace;
    const job = await client.sdk.jobs.get(
      resourceGroup,
      workspace,
      first.outputs['job-name'] ?? '',
    );
    const properties = job.properties as CommandJob;
    const ws = `/subscriptions/${emu.subscriptionId}/resourceGroups/${emu.resourceGroup}/providers/Microsoft.MachineLearningServices/workspaces/${emu.workspace}`;
    expect(properties.codeId).toBe(`${ws}/codes/${codeName}/versions/1`);
    expect(properties.environmentId).toMatch(
      new RegExp(`^${ws}/environments/${ANONYMOUS_ENVIRONMENT}/versions/[0-9a-f]{32}$`),
    );
    expect(properties.command).toBe(
      'python train.py --data ${{inputs.training_data}} --epochs ${{inputs.epochs}}',
    );
    expect(properties.inputs).toEqual({
      training_data: {
        jobInputType: 'uri_folder',
        uri: `azureml://datastores/workspaceblobstore/paths/LocalUpload/${dataHash}/data/`,
      },
      epochs: { jobInputType: 'literal', value: '3' },
    });
    const codeVersion = await client.sdk.codeVersions.get(resourceGroup, workspace, codeName, '1');
    expect(codeVersion.properties).toMatchObject({
      isAnonymous: true,
      properties: { hash_version: '202208' },
    });
    expect(first.log).toContain(`Registered code ./src as code ${codeName}:1.`);
    expect(first.log).toContain(`Registered the inline environment as ${ANONYMOUS_ENVIRONMENT}:`);

    // A second run of the workflow: the same files, found uploaded and registered.
    emu.control.resetStats();
    const second = await runMainStep(step());
    expect(second.exitCode).toBe(0);
    expect(second.outputs.status).toBe('Completed');
    expect(second.outputs['job-name']).not.toBe(first.outputs['job-name']);
    const changed = emu.control
      .stats()
      .requests.filter((r) => isChange(r.method, r.path))
      .map((r) => r.route);
    expect(changed).toEqual(['jobs.createOrUpdate']);
    expect(second.log).toContain(`Skipped uploading code ./src: 4 files`);
    expect(second.log).toContain(`Skipped uploading input ./data: 2 files`);
    for (const [file, blob] of await blobs(`LocalUpload/${srcHash}/src/`)) {
      expect(blob.etag).toBe(code.get(file)?.etag);
    }
    const again = await client.sdk.jobs.get(
      resourceGroup,
      workspace,
      second.outputs['job-name'] ?? '',
    );
    expect((again.properties as CommandJob).codeId).toBe(properties.codeId);
    expect((again.properties as CommandJob).environmentId).toBe(properties.environmentId);
    expectNoLeak(emu, [first, second]);
  });

  test('a code folder that leaves the repository fails the step before anything is uploaded', async () => {
    const outside = mkdtempSync(path.join(tmpdir(), 'mlops-e2e-outside-'));
    writeFileSync(path.join(outside, 'runner-secret.txt'), 'not for upload');
    const jobFile = path.join(repo, 'escape.yml');
    writeFileSync(
      jobFile,
      readFileSync(path.join(repo, 'job.yml'), 'utf8').replace('code: ./src', `code: ${outside}`),
    );
    emu.control.resetStats();
    const result = await runMainStep(
      trainStep(emu, { inputs: { 'job-file': jobFile }, env: { GITHUB_WORKSPACE: repo } }),
    );
    rmSync(outside, { recursive: true, force: true });
    expect(result.exitCode).not.toBe(0);
    const [error] = errorsOf(result);
    expect(error).toContain('job-file: expected code: a path inside the checked-out repository');
    expect(error).toContain('which resolves to');
    expect(result.commands.find((c) => c.command === 'error')?.properties).toMatchObject({
      file: jobFile,
      line: '5',
    });
    expect(emu.control.stats().requests.filter((r) => isChange(r.method, r.path))).toEqual([]);
  });
});
