import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { haveSpecs, specDir } from './harness.ts';
import { AZUREML_FOLDER, locateSpecs, readManifest } from './spec-source.ts';

const root = path.resolve(import.meta.dirname, '../..');
const script = path.join(root, 'scripts/fetch-specs.sh');
const UPSTREAM =
  'Azure/azure-rest-api-specs/{commit}/specification/machinelearningservices/resource-manager/Microsoft.MachineLearningServices/stable/2022-10-01/';

/** A specs root holding `files` (relative to azureml-2022-10-01/). */
function specsRoot(files: string[] = []): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'mlops-specs-'));
  for (const file of files) {
    const target = path.join(dir, AZUREML_FOLDER, file);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, '{}');
  }
  return dir;
}

/** git's blob id of a file's bytes, the hash the manifest pins. */
const gitBlob = (bytes: Buffer): string =>
  createHash('sha1')
    .update(Buffer.concat([Buffer.from(`blob ${bytes.length}\0`), bytes]))
    .digest('hex');

describe('where the contract suites find the upstream specs', () => {
  test('MLOPS_SPECS_DIR first, then ../shared/specs, else nowhere (the suites skip)', () => {
    const fetched = specsRoot(['mfe.json']);
    const shared = specsRoot(['mfe.json']);
    expect(locateSpecs({ MLOPS_SPECS_DIR: fetched }, shared)).toEqual({
      root: fetched,
      from: 'MLOPS_SPECS_DIR',
    });
    expect(locateSpecs({}, shared)).toEqual({ root: shared, from: '../shared/specs' });
    expect(locateSpecs({ MLOPS_SPECS_DIR: '' }, specsRoot())).toBeUndefined();
  });

  test('a MLOPS_SPECS_DIR without the specs is an error that says how to fetch them', () => {
    const empty = specsRoot();
    expect(() => locateSpecs({ MLOPS_SPECS_DIR: empty })).toThrow(
      `MLOPS_SPECS_DIR=${empty}: expected ${path.join(empty, AZUREML_FOLDER, 'mfe.json')}; run \`bash scripts/fetch-specs.sh ${empty}\``,
    );
  });

  test('the pinned list holds both spec files and every example a contract test reads', () => {
    const pinned = readManifest().map((e) => e.path);
    const read = readdirSync(import.meta.dirname)
      .filter((f) => f.endsWith('.test.ts'))
      .flatMap((f) => [
        ...readFileSync(path.join(import.meta.dirname, f), 'utf8').matchAll(
          /readExample\('([^']+)'\)/g,
        ),
      ])
      .map((m) => `examples/${m[1]}`);
    expect(read.length).toBeGreaterThan(20);
    expect(pinned).toEqual(
      expect.arrayContaining(['mfe.json', 'machineLearningServices.json', ...read]),
    );
    for (const entry of readManifest()) {
      expect(entry.commit, entry.path).toMatch(/^[0-9a-f]{40}$/);
      expect(entry.blob, entry.path).toMatch(/^[0-9a-f]{40}$/);
    }
  });
});

describe.skipIf(!haveSpecs)(
  `scripts/fetch-specs.sh against a local copy of the pinned files${haveSpecs ? '' : ' (skipped: no specs to serve)'}`,
  () => {
    /** Serves each pinned file at its raw.githubusercontent.com path, and only at its commit. */
    async function serve(tamper?: string) {
      const byUrl = new Map(
        readManifest().map((e) => [
          `/${UPSTREAM.replace('{commit}', e.commit)}${e.path}`,
          e.path === tamper
            ? Buffer.from('{"tampered": true}\n')
            : readFileSync(path.join(specDir, e.path)),
        ]),
      );
      const server = createServer((req, res) => {
        const body = byUrl.get(req.url ?? '');
        res.writeHead(body ? 200 : 404).end(body);
      });
      server.listen(0, '127.0.0.1');
      await once(server, 'listening');
      return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
    }
    /** Runs the script as CI does; asynchronously, since this process serves the files. */
    const fetchInto = (base: string, dest: string) =>
      new Promise<{ status: number; stdout: string; stderr: string }>((resolve) => {
        execFile(
          'bash',
          [script, dest],
          { env: { PATH: process.env.PATH, MLOPS_SPECS_BASE_URL: base } },
          (error, stdout, stderr) =>
            resolve({ status: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
        );
      });

    test('the manifest pins the bytes these suites run against', () => {
      for (const entry of readManifest()) {
        expect(gitBlob(readFileSync(path.join(specDir, entry.path))), entry.path).toBe(entry.blob);
      }
    });

    test('fetches every pinned file at its commit into the ../shared/specs layout', async () => {
      const { server, base } = await serve();
      try {
        const dest = specsRoot();
        const run = await fetchInto(base, dest);
        expect(run.stderr).toBe('');
        expect(run.status).toBe(0);
        expect(run.stdout).toContain(`fetch-specs: ${readManifest().length} files checked into`);
        expect(locateSpecs({ MLOPS_SPECS_DIR: dest })).toEqual({
          root: dest,
          from: 'MLOPS_SPECS_DIR',
        });
        for (const entry of readManifest()) {
          expect(readFileSync(path.join(dest, AZUREML_FOLDER, entry.path))).toEqual(
            readFileSync(path.join(specDir, entry.path)),
          );
        }
      } finally {
        server.close();
      }
    });

    test('a file whose bytes differ from the pinned blob fails the fetch, naming it', async () => {
      const { server, base } = await serve('examples/Job/cancel.json');
      try {
        const run = await fetchInto(base, specsRoot());
        expect(run.status).toBe(1);
        expect(run.stderr).toMatch(
          /^fetch-specs: examples\/Job\/cancel\.json at cfc781db[0-9a-f]+ has git blob [0-9a-f]{40}, expected a0a21a205cca27db16f1915642f5985f7a27580e$/m,
        );
      } finally {
        server.close();
      }
    });
  },
);
