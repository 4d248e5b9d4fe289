/**
 * The two hashes the Azure ML CLI computes for a local upload, byte for byte as it does, so an
 * upload by `az ml` and one by these actions land at the same path and are found by each other:
 * - the MD5 object hash that names the upload folder `LocalUpload/<md5>/`;
 * - the SHA-256 content hash a code version records (`hash_sha256`, `hash_version` 202208).
 */
import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { LocalArtifact, TreeEntry } from './local-tree.ts';
import { compareCodePoints } from './local-tree.ts';

/** The CLI's seed of every object hash (since its October 2021 release). */
export const OBJECT_HASH_SEED = 'Initialize for october 2021 AML CLI version';
/** The `hash_version` a code version's `hash_sha256` is computed by. */
export const CONTENT_HASH_VERSION = '202208';

/**
 * MD5 of the seed, then of a file's bytes; for a folder, of each entry in turn (lower-cased
 * name order, ignored ones left out): its name, then a file's bytes or a folder's entries.
 * The root's own name is not part of it.
 */
export async function objectHash(artifact: LocalArtifact): Promise<string> {
  const md5 = createHash('md5').update(OBJECT_HASH_SEED);
  if (artifact.kind === 'file') {
    await feed(md5, artifact.path);
  } else {
    await feedEntries(md5, artifact.entries);
  }
  return md5.digest('hex');
}

async function feedEntries(md5: Hash, entries: readonly TreeEntry[]): Promise<void> {
  for (const entry of entries) {
    md5.update(entry.name);
    if (entry.kind === 'file') await feed(md5, entry.file.source);
    else await feedEntries(md5, entry.entries);
  }
}

/**
 * SHA-256 of the file count, then `#<relative path>#<size>` per file, then every file's bytes,
 * files in lower-cased relative path order (a single file: its name).
 */
export async function contentHash(artifact: LocalArtifact): Promise<string> {
  const files = [...artifact.files].sort((a, b) =>
    compareCodePoints(a.relativePath.toLowerCase(), b.relativePath.toLowerCase()),
  );
  const sha = createHash('sha256').update(String(files.length));
  for (const file of files) sha.update(`#${file.relativePath}#${file.size}`);
  for (const file of files) await feed(sha, file.source);
  return sha.digest('hex');
}

async function feed(hash: Hash, path: string): Promise<void> {
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
}
