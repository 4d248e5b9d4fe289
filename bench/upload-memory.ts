/**
 * One 200 MB upload in a fresh process, for its peak RSS above the RSS it had just before the
 * upload began (modules loaded, file read for its size): `uploader` (packages/azureml's
 * uploadArtifact) or `plain` (the storage SDK's uploadFile). Prints {"baselineMb", "peakMb"}.
 * Started by local-upload.ts with the emulator's Azurite account in MLOPS_BENCH_* variables.
 */
import { randomUUID } from 'node:crypto';
import { StorageSharedKeyCredential, BlobServiceClient } from '@azure/storage-blob';
import { readLocalArtifact, uploadArtifact, type OpenDatastore } from '@mlops-actions/azureml';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};
const account = env('MLOPS_BENCH_ACCOUNT');
const service = new BlobServiceClient(
  `${env('MLOPS_BENCH_BLOB_ENDPOINT')}/${account}`,
  new StorageSharedKeyCredential(account, env('MLOPS_BENCH_KEY')),
);
const container = service.getContainerClient(env('MLOPS_BENCH_CONTAINER'));
const folder = env('MLOPS_BENCH_FOLDER');
const artifact = readLocalArtifact(folder, { root: folder });
const quiet = { info: () => undefined, warning: () => undefined, debug: () => undefined };

const baseline = process.memoryUsage.rss();
let peak = baseline;
const sampler = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage.rss());
}, 5);
if (env('MLOPS_BENCH_MODE') === 'uploader') {
  const store = {
    datastore: { name: 'workspaceblobstore' },
    container,
    blobUrl: (path: string) => `${container.url}/${path}`,
  } as OpenDatastore;
  const asset = { name: 'bench', version: '1' };
  await uploadArtifact(
    store,
    { artifact, hash: `memory-${randomUUID()}`, asset, label: 'bench' },
    { logger: quiet },
  );
} else {
  const [file] = artifact.files;
  if (!file) throw new Error('nothing to upload');
  await container
    .getBlockBlobClient(`plain-${randomUUID()}/${file.relativePath}`)
    .uploadFile(file.source);
}
clearInterval(sampler);
peak = Math.max(peak, process.memoryUsage.rss());
const mb = (bytes: number) => bytes / (1024 * 1024);
console.log(JSON.stringify({ baselineMb: mb(baseline), peakMb: mb(peak) }));
