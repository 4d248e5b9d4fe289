import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import https from 'node:https';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  AccountSASPermissions,
  AccountSASResourceTypes,
  AccountSASServices,
  BlobSASPermissions,
  BlobServiceClient,
  generateAccountSASQueryParameters,
  generateBlobSASQueryParameters,
  StorageSharedKeyCredential,
} from '@azure/storage-blob';
import type { TlsMaterial } from '../tls.ts';

/** The storage account behind the seeded `workspaceblobstore` datastore. */
export interface BlobStorage {
  /** Path-style service root, https://127.0.0.1:PORT (the account is the first path segment). */
  blobEndpoint: string;
  accountName: string;
  /** The account key `listSecrets` hands out: random per start, so a leak is detectable. */
  accountKey: string;
  containerName: string;
  /** A client of the container, for tests (which trust the emulator's CA in process). */
  container(): ReturnType<BlobServiceClient['getContainerClient']>;
  /** Creates another container of the account (no error when it exists). */
  createContainer(name: string): Promise<void>;
  /** A blob's URL signed with a service SAS (`permissions` as in `BlobSASPermissions.parse`). */
  signedBlobUrl(
    containerName: string,
    blobName: string,
    permissions: string,
    expiresOn: Date,
  ): string;
  /** A blob's bytes, or undefined when there is none (read here, trusting the emulator's CA). */
  readBlob(containerName: string, blobName: string): Promise<Buffer | undefined>;
  stop(): Promise<void>;
}

const CHILD = fileURLToPath(new URL('./azurite-child.ts', import.meta.url));
const LISTENING = /successfully listens on (https:\/\/\S+)/;
// Azurite starts in ~2 s, but a loaded CI machine running four test files at once once took over 30 s.
const START_TIMEOUT_MS = 50_000;

/**
 * Starts real Azurite (blob only) on a free loopback port, over HTTPS with the emulator's
 * certificate, with its own folder under `dir`, one account with a random key, and the
 * workspace's blob container created.
 */
export async function startBlobStorage(options: {
  dir: string;
  tls: TlsMaterial;
  accountName: string;
  containerName: string;
}): Promise<BlobStorage> {
  const location = path.join(options.dir, 'azurite');
  await mkdir(location, { recursive: true });
  const certPath = path.join(location, 'cert.pem');
  const keyPath = path.join(location, 'key.pem');
  await writeFile(certPath, options.tls.certPem);
  await writeFile(keyPath, options.tls.keyPem, { mode: 0o600 });
  const accountKey = randomBytes(64).toString('base64');
  const child = spawn(
    process.execPath,
    [
      CHILD,
      ...['--blobHost', '127.0.0.1', '--blobPort', '0', '--location', location],
      ...['--cert', certPath, '--key', keyPath],
      // The SDK may speak a newer storage api-version than this Azurite knows; the calls we make exist in both.
      '--skipApiVersionCheck',
      '--disableTelemetry',
    ],
    {
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      env: { ...process.env, AZURITE_ACCOUNTS: `${options.accountName}:${accountKey}` },
    },
  );
  const blobEndpoint = await listeningUrl(child);
  const credential = new StorageSharedKeyCredential(options.accountName, accountKey);
  const accountUrl = `${blobEndpoint}/${options.accountName}`;
  try {
    await createContainer(accountUrl, options.containerName, credential, options.tls.caCertPem);
  } catch (error) {
    await stopChild(child);
    throw error;
  }
  const container = () =>
    new BlobServiceClient(accountUrl, credential).getContainerClient(options.containerName);
  const signedBlobUrl = (
    containerName: string,
    blobName: string,
    permissions: string,
    expiresOn: Date,
  ) => {
    const sas = generateBlobSASQueryParameters(
      { containerName, blobName, permissions: BlobSASPermissions.parse(permissions), expiresOn },
      credential,
    ).toString();
    return `${accountUrl}/${containerName}/${blobName.split('/').map(encodeURIComponent).join('/')}?${sas}`;
  };
  return {
    blobEndpoint,
    accountName: options.accountName,
    accountKey,
    containerName: options.containerName,
    container,
    createContainer: (name) => createContainer(accountUrl, name, credential, options.tls.caCertPem),
    signedBlobUrl,
    readBlob: (containerName, blobName) =>
      httpsGet(
        signedBlobUrl(containerName, blobName, 'r', new Date(Date.now() + 60_000)),
        options.tls.caCertPem,
      ),
    stop: () => stopChild(child),
  };
}

function listeningUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => fail('did not start'), START_TIMEOUT_MS);
    const fail = (why: string) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`emulator: Azurite ${why}: ${output.trim().slice(-2000)}`));
    };
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const found = LISTENING.exec(output);
      if (!found?.[1]) return;
      clearTimeout(timer);
      child.stdout?.off('data', read);
      // Azurite logs each request to stdout: keep draining it so a full pipe never blocks it.
      child.stdout?.resume();
      child.stderr?.resume();
      child.off('exit', exited);
      resolve(found[1].replace(/\/+$/, ''));
    };
    const exited = (code: number | null) => fail(`exited (code ${code}) before listening`);
    child.stdout?.on('data', read);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', exited);
    child.once('error', (error) => fail(error.message));
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

/**
 * One PUT with an account SAS, trusting the emulator's CA for this request only (the SDK's
 * clients trust the process's CAs, which this process may not have been told of).
 */
async function createContainer(
  accountUrl: string,
  containerName: string,
  credential: StorageSharedKeyCredential,
  caCertPem: string,
): Promise<void> {
  const sas = generateAccountSASQueryParameters(
    {
      expiresOn: new Date(Date.now() + 10 * 60_000),
      permissions: AccountSASPermissions.parse('c'),
      resourceTypes: AccountSASResourceTypes.parse('c').toString(),
      services: AccountSASServices.parse('b').toString(),
    },
    credential,
  ).toString();
  const url = `${accountUrl}/${containerName}?restype=container&${sas}`;
  const status = await new Promise<number>((resolve, reject) => {
    const request = https.request(url, { method: 'PUT', ca: caCertPem }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.once('error', reject);
    request.end();
  });
  if (status !== 201 && status !== 409) {
    throw new Error(`emulator: Azurite answered HTTP ${status} to creating ${containerName}`);
  }
}

/** GET over HTTPS trusting `caCertPem` for this request only: the body, or undefined for a 404. */
function httpsGet(url: string, caCertPem: string): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const request = https.get(url, { ca: caCertPem }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.once('error', reject);
      response.once('end', () => {
        if (response.statusCode === 404) resolve(undefined);
        else if (response.statusCode === 200) resolve(Buffer.concat(chunks));
        else
          reject(
            new Error(`emulator: Azurite answered HTTP ${response.statusCode} to reading a blob`),
          );
      });
    });
    request.once('error', reject);
  });
}
