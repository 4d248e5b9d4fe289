/**
 * The runner's artifact service as a client that gets things wrong meets it: Twirp errors
 * (`{ code, msg }`) for a missing token, another run's ids, a finalize with nothing uploaded or
 * with the wrong size or hash. The happy path is `@actions/artifact` itself, in
 * test/e2e/runner-artifacts.test.ts.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Emulator } from '@mlops-actions/emulator';
import { raw, startTrustedEmulator } from './support.ts';

const SERVICE = '/twirp/github.actions.results.api.v1.ArtifactService';

let emu: Emulator;
let ids: { workflow_run_backend_id: string; workflow_job_run_backend_id: string };
let token: string;
beforeAll(async () => {
  emu = await startTrustedEmulator();
  token = emu.artifactServiceEnv().ACTIONS_RUNTIME_TOKEN ?? '';
  const scope = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as {
    scp: string;
  };
  const [, run = '', job = ''] = /Actions\.Results:([^:]+):(\S+)/.exec(scope.scp) ?? [];
  ids = { workflow_run_backend_id: run, workflow_job_run_backend_id: job };
});
afterAll(() => emu?.stop());

const call = (method: string, body: unknown, bearer = token) =>
  raw(emu, 'POST', `${SERVICE}/${method}`, { token: bearer, body });

test('the runtime token names the run and job; without it, or for another run, nothing is created', async () => {
  expect(ids.workflow_run_backend_id).toMatch(/^[0-9a-f-]{36}$/);
  const none = await call('CreateArtifact', { ...ids, name: 'a', version: 7 }, '');
  expect(none).toMatchObject({ status: 401, body: { code: 'unauthenticated' } });
  const other = await call('CreateArtifact', {
    ...ids,
    workflow_run_backend_id: '00000000-0000-0000-0000-000000000001',
    name: 'a',
    version: 7,
  });
  expect(other).toMatchObject({ status: 403, body: { code: 'permission_denied' } });
  expect(emu.control.artifacts()).toEqual([]);
});

test('finalize checks the upload: nothing uploaded, the wrong size or hash are refused; listed once finalized', async () => {
  const created = await call('CreateArtifact', { ...ids, name: 'report', version: 7 });
  expect(created.status).toBe(200);
  const { signed_upload_url: uploadUrl } = created.body as { signed_upload_url: string };
  expect(new URL(uploadUrl).searchParams.get('sig')).toBeTruthy();
  expect(emu.control.stats().issuedSecrets).toContain(new URL(uploadUrl).searchParams.get('sig'));

  const early = await call('FinalizeArtifact', { ...ids, name: 'report', size: '5' });
  expect(early).toMatchObject({ status: 400, body: { code: 'failed_precondition' } });

  const put = await fetch(uploadUrl, {
    method: 'PUT',
    headers: { 'x-ms-blob-type': 'BlockBlob' },
    body: 'hello',
  });
  expect(put.status).toBe(201);
  const sha = `sha256:${createHash('sha256').update('hello').digest('hex')}`;

  const wrongSize = await call('FinalizeArtifact', {
    ...ids,
    name: 'report',
    size: '6',
    hash: sha,
  });
  expect(wrongSize).toMatchObject({ status: 400, body: { code: 'invalid_argument' } });
  expect((wrongSize.body as { msg: string }).msg).toContain('the upload has 5 bytes, given 6');
  const wrongHash = await call('FinalizeArtifact', {
    ...ids,
    name: 'report',
    size: '5',
    hash: 'sha256:00',
  });
  expect(wrongHash).toMatchObject({ status: 400, body: { code: 'invalid_argument' } });
  expect((await call('ListArtifacts', ids)).body).toEqual({ artifacts: [] });

  const done = await call('FinalizeArtifact', { ...ids, name: 'report', size: '5', hash: sha });
  expect(done).toMatchObject({ status: 200, body: { ok: true, artifact_id: '1' } });
  expect((await call('ListArtifacts', ids)).body).toEqual({
    artifacts: [
      expect.objectContaining({ database_id: '1', name: 'report', size: '5', digest: sha }),
    ],
  });
  const again = await call('CreateArtifact', { ...ids, name: 'report', version: 7 });
  expect(again).toMatchObject({
    status: 409,
    body: {
      code: 'already_exists',
      msg: 'an artifact with this name already exists on the workflow run',
    },
  });
});
