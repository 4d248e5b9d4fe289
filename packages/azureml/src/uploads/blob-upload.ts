/**
 * The one uploader of local files to a blob datastore, laid out as the Azure ML CLI lays them
 * out: `LocalUpload/<md5>/<name>/<relative path>` (a single file: `LocalUpload/<md5>/<name>`).
 * The first file in upload order (the CLI's: by path) is the marker: once every file is up it
 * gets the metadata `upload_status=completed`, `name`, `version` (the asset it belongs to).
 * A marker with that metadata means the upload is complete, whoever made it: nothing is
 * uploaded again and its names are reused.
 *
 * Files stream from disk (the SDK reads each block from a file stream), a bounded number at a
 * time; the storage SDK retries 500/503 (Azure Storage's throttling is 503 ServerBusy), and a
 * 429 is retried here after its Retry-After.
 */
import type { ContainerClient } from '@azure/storage-blob';
import { setTimeout as sleep } from 'node:timers/promises';
import type { OpenDatastore } from '../storage/datastore.ts';
import type { UseCaseContext } from '../types.ts';
import type { LocalArtifact, LocalFile } from './local-tree.ts';

/** The CLI's folder for local uploads in a datastore. */
export const LOCAL_UPLOAD = 'LocalUpload';
export const UPLOAD_COMPLETED = { upload_status: 'completed' } as const;

/** Files in flight at once (each streams its blocks). */
const PARALLEL_FILES = 8;
/** A file above this size goes up in blocks, several at a time. */
const SINGLE_SHOT_BYTES = 32 * 1024 * 1024;
const BLOCK_BYTES = 8 * 1024 * 1024;
const PARALLEL_BLOCKS = 4;
const PROGRESS_EVERY_MS = 10_000;
const THROTTLE_RETRIES = 5;

export interface UploadedArtifact {
  /** The blob folder (or blob) in the datastore: `LocalUpload/<md5>/<name>`. */
  path: string;
  /** The blob holding the marker metadata. */
  marker: string;
  /** The asset the upload belongs to: the marker's, when it was found complete. */
  asset: { name: string; version: string };
  /** False when a complete upload was found and nothing was uploaded. */
  uploaded: boolean;
  files: number;
  bytes: number;
}

export interface UploadRequest {
  artifact: LocalArtifact;
  /** The artifact's object hash (contentHash.ts objectHash). */
  hash: string;
  /** Recorded in the marker: the asset this upload makes (kept when one was found). */
  asset: { name: string; version: string };
  /** What to call it in log lines (`code ./src`). */
  label: string;
}

/** Where an artifact goes and which blob carries its marker. */
export function uploadLayout(
  artifact: LocalArtifact,
  hash: string,
): { path: string; marker: string } {
  const path = `${LOCAL_UPLOAD}/${hash}/${artifact.name}`;
  const first = artifact.files[0];
  if (!first) throw new Error(`${artifact.path}: nothing to upload`);
  return { path, marker: artifact.kind === 'file' ? path : `${path}/${first.relativePath}` };
}

/** The names a complete upload at `marker` was made for, or undefined when there is none. */
export async function completedUpload(
  container: ContainerClient,
  marker: string,
  signal?: AbortSignal,
): Promise<{ name: string; version: string } | undefined> {
  try {
    const { metadata = {} } = await container
      .getBlobClient(marker)
      .getProperties({ abortSignal: signal });
    if (metadata.upload_status !== UPLOAD_COMPLETED.upload_status) return undefined;
    if (!metadata.name) return undefined;
    return { name: metadata.name, version: metadata.version ?? '1' };
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode === 404) return undefined;
    throw err;
  }
}

export async function uploadArtifact(
  store: OpenDatastore,
  request: UploadRequest,
  { logger, signal }: UseCaseContext,
): Promise<UploadedArtifact> {
  const { artifact } = request;
  const { path, marker } = uploadLayout(artifact, request.hash);
  const where = `${store.datastore.name}/${path}`;
  const found = await completedUpload(store.container, marker, signal);
  const files = artifact.files.length;
  const bytes = artifact.totalBytes;
  if (found) {
    logger.info(
      `Skipped uploading ${request.label}: ${files} ${plural(files, 'file')} (${megabytes(bytes)}) already uploaded to ${where} for ${found.name}:${found.version}.`,
    );
    return { path, marker, asset: found, uploaded: false, files, bytes };
  }

  logger.info(
    `Uploading ${request.label}: ${files} ${plural(files, 'file')} (${megabytes(bytes)}) to ${where}.`,
  );
  const started = Date.now();
  const progress = { files: 0, bytes: 0 };
  const inFlight = new Map<LocalFile, number>();
  const sent = () => progress.bytes + [...inFlight.values()].reduce((a, b) => a + b, 0);
  const timer = setInterval(() => {
    const seconds = (Date.now() - started) / 1000;
    logger.info(
      `Uploading ${request.label}: ${progress.files}/${files} files, ${megabytes(sent())} of ${megabytes(bytes)} (${megabytes(sent() / seconds)}/s).`,
    );
  }, PROGRESS_EVERY_MS);
  timer.unref();
  try {
    await eachLimited(artifact.files, PARALLEL_FILES, async (file) => {
      const blob = artifact.kind === 'file' ? path : `${path}/${file.relativePath}`;
      inFlight.set(file, 0);
      await uploadFile(store.container, blob, file, signal, (loaded) => inFlight.set(file, loaded));
      inFlight.delete(file);
      progress.files++;
      progress.bytes += file.size;
    });
  } finally {
    clearInterval(timer);
  }
  // Only now is the upload complete: a run killed before this line leaves no marker, and the
  // next run uploads (and overwrites) it all again.
  await store.container
    .getBlobClient(marker)
    .setMetadata({ ...UPLOAD_COMPLETED, ...request.asset }, { abortSignal: signal });
  const seconds = Math.max((Date.now() - started) / 1000, 0.001);
  logger.info(
    `Uploaded ${request.label}: ${files} ${plural(files, 'file')} (${megabytes(bytes)}) in ${seconds.toFixed(1)} s (${megabytes(bytes / seconds)}/s).`,
  );
  return { path, marker, asset: request.asset, uploaded: true, files, bytes };
}

async function uploadFile(
  container: ContainerClient,
  blob: string,
  file: LocalFile,
  signal: AbortSignal | undefined,
  onProgress: (loadedBytes: number) => void,
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await container.getBlockBlobClient(blob).uploadFile(file.source, {
        abortSignal: signal,
        blockSize: BLOCK_BYTES,
        concurrency: PARALLEL_BLOCKS,
        maxSingleShotSize: SINGLE_SHOT_BYTES,
        onProgress: ({ loadedBytes }) => onProgress(loadedBytes),
      });
      return;
    } catch (err) {
      const { statusCode, response } = err as {
        statusCode?: number;
        response?: { headers?: { get(name: string): string | undefined } };
      };
      if (statusCode !== 429 || attempt > THROTTLE_RETRIES) throw err;
      const after = Number(response?.headers?.get('retry-after'));
      const waitMs = Number.isFinite(after) && after >= 0 ? after * 1000 : 2 ** attempt * 500;
      await sleep(Math.min(waitMs, 60_000), undefined, { signal });
    }
  }
}

/** Runs `work` on every item, at most `limit` at a time; the first failure stops new starts. */
async function eachLimited<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < items.length) {
      const item = items[next++] as T;
      try {
        await work(item);
      } catch (err) {
        failed = true;
        throw err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

function megabytes(bytes: number): string {
  return bytes < 1024 * 1024
    ? `${(bytes / 1024).toFixed(1)} KB`
    : `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

const plural = (n: number, word: string): string => (n === 1 ? word : `${word}s`);
