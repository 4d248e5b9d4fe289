/** Where a step's artifacts go: the folder store of local runs, and the choice of store. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, expect, test } from 'vitest';
import {
  artifactStoreFor,
  FileSystemArtifactStore,
  GitHubArtifactStore,
} from '@mlops-actions/action-kit';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'artifact-store-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

test('the folder store keeps the files under the name, and refuses the name a second time', async () => {
  const source = tempDir();
  writeFileSync(path.join(source, 'a.jsonl'), '{"a":1}\n');
  const store = new FileSystemArtifactStore(tempDir());
  const { location } = await store.upload('mlops-audit', [path.join(source, 'a.jsonl')], source);
  expect(readFileSync(path.join(location, 'a.jsonl'), 'utf8')).toBe('{"a":1}\n');
  await expect(store.upload('mlops-audit', [path.join(source, 'a.jsonl')], source)).rejects.toThrow(
    'an artifact with this name already exists on the workflow run: mlops-audit',
  );
});

test("a real runner's artifact service is used when the runner gives its URL and token", () => {
  const local = artifactStoreFor({ MLOPS_ARTIFACT_DIR: '/tmp/x' });
  expect(local).toBeInstanceOf(FileSystemArtifactStore);
  expect(
    artifactStoreFor({ ACTIONS_RESULTS_URL: 'https://results', ACTIONS_RUNTIME_TOKEN: 't' }),
  ).toBeInstanceOf(GitHubArtifactStore);
  // One of the two is not a runner's artifact service.
  expect(artifactStoreFor({ ACTIONS_RUNTIME_TOKEN: 't' })).toBeInstanceOf(FileSystemArtifactStore);
});
