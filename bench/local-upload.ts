/**
 * The local uploader (packages/azureml uploads/) against a plain @azure/storage-blob upload of
 * the same data to the same Azurite (the emulator's workspaceblobstore): 1,000 small files and
 * one 200 MB file, medians of interleaved runs; the process's peak RSS above its baseline while
 * the 200 MB file goes up; and the cost of a re-run that finds the folder uploaded (read, hash,
 * marker check). The data is generated into a temp folder and removed afterwards.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { createWriteStream, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { execFile } from 'node:child_process';
import { tmpdir } from 'node:os';
import { promisify } from 'node:util';
import path from 'node:path';
import type { ContainerClient } from '@azure/storage-blob';
import {
  createMachineLearningClient,
  objectHash,
  openDatastore,
  readLocalArtifact,
  uploadArtifact,
  WORKSPACE_BLOBSTORE,
  type LocalArtifact,
  type Logger,
  type OpenDatastore,
} from '@mlops-actions/azureml';
import { startEmulator, type Emulator } from '@mlops-actions/emulator';
import { formatTable } from './table.ts';

export const SMALL_FILES = 1000;
const SMALL_BYTES = 4 * 1024;
const BIG_BYTES = 200 * 1024 * 1024;
const RUNS = 3;
/** The plain baseline uploads as many files at once as the uploader does. */
const PLAIN_PARALLEL_FILES = 8;

const run = promisify(execFile);
const quiet: Logger = { info: () => undefined, warning: () => undefined, debug: () => undefined };

export async function localUploadTables(): Promise<string> {
  const dir = mkdtempSync(path.join(tmpdir(), 'mlops-bench-upload-'));
  const emulator = await startEmulator();
  try {
    emulator.trustInProcess();
    const small = generateSmall(path.join(dir, 'small'));
    const big = await generateBig(path.join(dir, 'big'));
    const store = await datastoreOf(emulator);
    const plain = (await emulator.blobStorage()).container();
    const smallArtifact = readLocalArtifact(small, { root: dir });
    const bigArtifact = readLocalArtifact(big, { root: dir });

    const rows: (string | number)[][] = [];
    for (const [label, artifact] of [
      [`${SMALL_FILES} files of ${SMALL_BYTES / 1024} KB`, smallArtifact],
      ['one file of 200 MB', bigArtifact],
    ] as const) {
      const ours: number[] = [];
      const baseline: number[] = [];
      // Interleaved, and each side first in turn, so neither always follows the other's writes.
      for (let run = 0; run < RUNS; run++) {
        const pair = [
          async () => ours.push(await timed(() => uploadFresh(store, artifact))),
          async () => baseline.push(await timed(() => plainUpload(plain, artifact))),
        ];
        for (const side of run % 2 === 0 ? pair : pair.reverse()) await side();
      }
      const [o, b] = [median(ours), median(baseline)];
      rows.push([label, seconds(o), seconds(b), (o / b).toFixed(2)]);
    }

    const storage = await emulator.blobStorage();
    const memory: string[][] = [];
    for (const [label, mode] of [
      ['uploader', 'uploader'],
      ['plain uploadFile', 'plain'],
    ]) {
      const { baselineMb, peakMb } = await peakRssInChild(mode ?? '', big, emulator, storage);
      memory.push([
        label ?? '',
        `${baselineMb.toFixed(1)} MB`,
        `${peakMb.toFixed(1)} MB`,
        `${(peakMb - baselineMb).toFixed(1)} MB`,
      ]);
    }

    // A re-run: the folder is read and hashed again, and its marker is found.
    const hash = await objectHash(smallArtifact);
    await uploadArtifact(store, request(smallArtifact, hash), { logger: quiet });
    const skipped: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      skipped.push(
        await timed(async () => {
          const again = readLocalArtifact(small, { root: dir });
          const result = await uploadArtifact(store, request(again, await objectHash(again)), {
            logger: quiet,
          });
          if (result.uploaded) throw new Error('the second upload was not skipped');
        }),
      );
    }

    return [
      formatTable(['upload (median of 3)', 'uploader', 'plain SDK', 'ratio'], rows),
      '',
      formatTable(
        ['200 MB file, fresh process (RSS)', 'before upload', 'peak', 'peak above before'],
        memory,
      ),
      '',
      formatTable(
        ['second upload of the same folder (skipped)', 'median'],
        [[`${SMALL_FILES} files: read, hash, marker found`, seconds(median(skipped))]],
      ),
    ].join('\n');
  } finally {
    await emulator.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function datastoreOf(emulator: Emulator): Promise<OpenDatastore> {
  const client = createMachineLearningClient({
    subscriptionId: emulator.subscriptionId,
    resourceGroup: emulator.resourceGroup,
    workspace: emulator.workspace,
    cloud: { armEndpoint: emulator.armEndpoint, authorityHost: emulator.authorityHost },
    credential: {
      kind: 'client-secret',
      tenantId: emulator.tenantId,
      clientId: emulator.clientId,
      clientSecret: emulator.clientSecret,
    },
  });
  return openDatastore(client, WORKSPACE_BLOBSTORE, { logger: quiet });
}

/** Uploads to a path of its own, so no earlier run's marker is found. */
const uploadFresh = (store: OpenDatastore, artifact: LocalArtifact) =>
  uploadArtifact(store, request(artifact, `bench-${randomUUID()}`), { logger: quiet });

const request = (artifact: LocalArtifact, hash: string) => ({
  artifact,
  hash,
  asset: { name: 'bench', version: '1' },
  label: 'bench data',
});

/** What one would write with the SDK alone: uploadFile per file, a few at a time. */
async function plainUpload(container: ContainerClient, artifact: LocalArtifact): Promise<void> {
  const prefix = `plain-${randomUUID()}`;
  const files = [...artifact.files];
  const worker = async () => {
    for (let file = files.shift(); file; file = files.shift()) {
      await container.getBlockBlobClient(`${prefix}/${file.relativePath}`).uploadFile(file.source);
    }
  };
  await Promise.all(Array.from({ length: PLAIN_PARALLEL_FILES }, worker));
}

function generateSmall(dir: string): string {
  for (let i = 0; i < SMALL_FILES; i++) {
    const sub = path.join(dir, `part-${i % 10}`);
    mkdirSync(sub, { recursive: true });
    writeFileSync(path.join(sub, `file-${i}.bin`), randomBytes(SMALL_BYTES));
  }
  return dir;
}

async function generateBig(dir: string): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'model.bin');
  const out = createWriteStream(file);
  const chunk = randomBytes(1024 * 1024);
  for (let written = 0; written < BIG_BYTES; written += chunk.length) {
    if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve, reject) =>
    out.end((err?: Error | null) => (err ? reject(err) : resolve())),
  );
  return dir;
}

/** The 200 MB upload in a process of its own (upload-memory.ts), so nothing else moves its RSS. */
async function peakRssInChild(
  mode: string,
  folder: string,
  emulator: Emulator,
  storage: Awaited<ReturnType<Emulator['blobStorage']>>,
): Promise<{ baselineMb: number; peakMb: number }> {
  const { stdout } = await run(
    process.execPath,
    [path.join(import.meta.dirname, 'upload-memory.ts')],
    {
      env: {
        ...process.env,
        ...emulator.env(),
        MLOPS_BENCH_MODE: mode,
        MLOPS_BENCH_FOLDER: folder,
        MLOPS_BENCH_BLOB_ENDPOINT: storage.blobEndpoint,
        MLOPS_BENCH_ACCOUNT: storage.accountName,
        MLOPS_BENCH_KEY: storage.accountKey,
        MLOPS_BENCH_CONTAINER: storage.containerName,
      },
    },
  );
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as {
    baselineMb: number;
    peakMb: number;
  };
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
