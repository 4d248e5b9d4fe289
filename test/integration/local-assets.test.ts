/**
 * Local code, inline environments, local models and data inputs through the real SDKs:
 * @azure/arm-machinelearning registers the anonymous assets with the emulator,
 * @azure/storage-blob uploads to real Azurite under the CLI's paths.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Emulator } from '@mlops-actions/emulator';
import {
  ANONYMOUS_ENVIRONMENT,
  isChange,
  LocalAssets,
  localRef,
  objectHash,
  parseJobSpec,
  readLocalArtifact,
  type InlineEnvironment,
  type MachineLearningClient,
} from '@mlops-actions/azureml';
import { emulatorClient, recordingLogger, startTrustedEmulator } from './support.ts';

const FIXTURE = path.resolve('test/fixtures/local-upload');

let emu: Emulator;
let client: MachineLearningClient;
let root: string;

beforeAll(async () => {
  emu = await startTrustedEmulator();
  client = emulatorClient(emu);
  root = mkdtempSync(path.join(tmpdir(), 'mlops-local-assets-'));
  cpSync(FIXTURE, root, { recursive: true });
});
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
  return emu?.stop();
});

const at = (...parts: string[]) => path.join(root, ...parts);
const local = (...parts: string[]) => ({ ...localRef(parts.join('/')), path: at(...parts) });

async function blobsUnder(prefix: string): Promise<Map<string, Buffer>> {
  const container = (await emu.blobStorage()).container();
  const found = new Map<string, Buffer>();
  for await (const blob of container.listBlobsFlat({ prefix })) {
    found.set(blob.name, await container.getBlobClient(blob.name).downloadToBuffer());
  }
  return found;
}

async function metadataOf(blob: string): Promise<Record<string, string>> {
  const container = (await emu.blobStorage()).container();
  return (await container.getBlobClient(blob).getProperties()).metadata ?? {};
}

/** The Azure ML requests since the last reset that changed something (isChange's rule). */
function changes(): (string | undefined)[] {
  return emu.control
    .stats()
    .requests.filter((r) => isChange(r.method, r.path))
    .map((r) => r.route);
}

describe('LocalAssets.code', () => {
  test('uploads the folder under LocalUpload/<md5>/src byte for byte, marks it, registers an anonymous code version; a second run uploads and registers nothing', async () => {
    const log = recordingLogger();
    const assets = new LocalAssets(client, { logger: log.logger }, { root });
    const hash = await objectHash(readLocalArtifact(at('src'), { root }));
    emu.control.resetStats();

    const first = await assets.code(local('src'));

    const prefix = `LocalUpload/${hash}/src/`;
    const blobs = await blobsUnder(prefix);
    expect([...blobs.keys()].sort()).toEqual(
      ['.amlignore', 'README.md', 'train.py', 'utils/helpers.py'].map((p) => prefix + p),
    );
    for (const [name, bytes] of blobs) {
      expect(bytes.equals(readFileSync(at('src', name.slice(prefix.length))))).toBe(true);
    }
    // The first file in upload order carries the marker, as the CLI sets it.
    expect(await metadataOf(`${prefix}.amlignore`)).toEqual({
      upload_status: 'completed',
      name: first.name,
      version: '1',
    });
    expect(await metadataOf(`${prefix}train.py`)).toEqual({});
    expect(first).toMatchObject({ version: '1', created: true });
    const version = await client.sdk.codeVersions.get(
      emu.resourceGroup,
      emu.workspace,
      first.name,
      '1',
    );
    expect(version.id).toBe(first.id);
    const storage = await emu.blobStorage();
    expect(version.properties).toMatchObject({
      isAnonymous: true,
      codeUri: `${storage.blobEndpoint}/${storage.accountName}/${storage.containerName}/LocalUpload/${hash}/src`,
      properties: { hash_version: '202208' },
    });
    expect(version.properties.properties?.hash_sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(log.lines.join('\n')).toMatch(
      /Uploading code src: 4 files \(.*\) to workspaceblobstore\//,
    );

    emu.control.resetStats();
    const again = await new LocalAssets(client, { logger: log.logger }, { root }).code(
      local('src'),
    );
    expect(again).toEqual({ ...first, created: false });
    expect(changes()).toEqual([]);
    expect(log.lines.at(-2)).toBe(
      `Skipped uploading code src: 4 files (0.4 KB) already uploaded to workspaceblobstore/LocalUpload/${hash}/src for ${first.name}:1.`,
    );
  });

  test('a folder with only a .gitignore leaves out what it ignores', async () => {
    writeFileSync(at('data', '.gitignore'), 'labels/\n');
    const assets = new LocalAssets(client, { logger: recordingLogger().logger }, { root });
    const hash = await objectHash(readLocalArtifact(at('data'), { root }));
    await assets.code(local('data'));
    const blobs = await blobsUnder(`LocalUpload/${hash}/data/`);
    expect([...blobs.keys()].map((b) => b.split('/').slice(3).join('/')).sort()).toEqual([
      '.gitignore',
      'train.csv',
    ]);
    rmSync(at('data', '.gitignore'));
  });
});

describe('LocalAssets.environment', () => {
  test('an image + conda file is one CliV2AnonymousEnvironment version, registered once', async () => {
    const spec = parseJobSpec(readFileSync(at('job.yml'), 'utf8'), { baseDir: root, root });
    const env = spec.environment as InlineEnvironment;
    const assets = new LocalAssets(client, { logger: recordingLogger().logger }, { root });
    emu.control.resetStats();
    const first = await assets.environment(env);
    expect(first).toMatchObject({ name: ANONYMOUS_ENVIRONMENT, created: true });
    expect(first.version).toMatch(/^[0-9a-f]{32}$/);
    const version = await client.sdk.environmentVersions.get(
      emu.resourceGroup,
      emu.workspace,
      ANONYMOUS_ENVIRONMENT,
      first.version,
    );
    expect(version.properties).toMatchObject({
      isAnonymous: true,
      image: 'mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04:latest',
      condaFile:
        'channels:\n- conda-forge\ndependencies:\n- python=3.10\n- pip\n- pip:\n  - scikit-learn==1.5.2\n  - mlflow-skinny\nname: train\n',
    });
    // An image environment has nothing to upload: one PUT.
    expect(changes()).toEqual(['environments.versions.createOrUpdate']);

    emu.control.resetStats();
    expect(await assets.environment(env)).toEqual({ ...first, created: false });
    expect(changes()).toEqual([]);
  });
});

describe('LocalAssets.dataInput and .model', () => {
  test('a local folder input becomes the azureml:// URI of its upload, with a trailing slash', async () => {
    const assets = new LocalAssets(client, { logger: recordingLogger().logger }, { root });
    const hash = await objectHash(readLocalArtifact(at('data'), { root }));
    emu.control.resetStats();
    const uri = await assets.dataInput(local('data'));
    expect(uri).toBe(`azureml://datastores/workspaceblobstore/paths/LocalUpload/${hash}/data/`);
    expect(changes()).toEqual([]);
    const blobs = await blobsUnder(`LocalUpload/${hash}/data/`);
    expect([...blobs.keys()].sort()).toEqual([
      `LocalUpload/${hash}/data/labels/a.csv`,
      `LocalUpload/${hash}/data/train.csv`,
    ]);
  });

  test('a local model folder is an anonymous custom_model version pointing at its upload', async () => {
    const assets = new LocalAssets(client, { logger: recordingLogger().logger }, { root });
    const hash = await objectHash(readLocalArtifact(at('deploy', 'model'), { root }));
    const first = await assets.model(local('deploy', 'model'));
    const version = await client.sdk.modelVersions.get(
      emu.resourceGroup,
      emu.workspace,
      first.name,
      first.version,
    );
    expect(version.properties).toMatchObject({
      isAnonymous: true,
      modelType: 'custom_model',
      modelUri: `azureml://subscriptions/${emu.subscriptionId}/resourcegroups/${emu.resourceGroup}/workspaces/${emu.workspace}/datastores/workspaceblobstore/paths/LocalUpload/${hash}/model`,
    });
    emu.control.resetStats();
    expect(await assets.model(local('deploy', 'model'))).toEqual({ ...first, created: false });
    expect(changes()).toEqual([]);
  });
});
