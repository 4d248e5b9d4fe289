import { getIDToken } from '@actions/core';
import { ClientAssertionCredential } from '@azure/identity';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { decodeJwt, FEDERATION_AUDIENCE, RUNNER_SUBJECT } from '@mlops-actions/emulator';
import type { Emulator } from '@mlops-actions/emulator';
import { armClient, raw, startTrustedEmulator } from './support.ts';

describe('OIDC federation: runner ID token -> client assertion -> Entra access token', () => {
  let em: Emulator;
  const savedEnv = { ...process.env };

  // A stopped clock: ID tokens live 300 emulated seconds, however long the test takes.
  beforeEach(async () => {
    em = await startTrustedEmulator({ timeScale: 0, idTokenLifetimeSeconds: 300 });
  });
  afterEach(async () => {
    process.env = { ...savedEnv };
    await em.stop();
  });

  const useRunnerEnv = (): void => {
    Object.assign(process.env, em.env());
  };
  const assertionCredential = (getAssertion: () => Promise<string>): ClientAssertionCredential =>
    new ClientAssertionCredential(em.tenantId, em.clientId, getAssertion, {
      authorityHost: em.authorityHost,
      disableInstanceDiscovery: true,
    });

  test('@actions/core getIDToken gets a GitHub-shaped token for the requested audience', async () => {
    useRunnerEnv();
    const token = await getIDToken(FEDERATION_AUDIENCE);
    expect(decodeJwt(token)).toMatchObject({
      iss: 'https://token.actions.githubusercontent.com',
      sub: RUNNER_SUBJECT,
      aud: FEDERATION_AUDIENCE,
    });
    expect(em.control.stats().idTokensIssued).toBeGreaterThan(0);
    expect(em.control.stats().issuedSecrets).toContain(token);
  });

  test('the ID-token service refuses a wrong request token with 401', async () => {
    const response = await raw(em, 'GET', `/_actions/idtoken?api-version=2.0&audience=x`, {
      token: 'wrong',
    });
    expect(response.status).toBe(401);
  });

  test('a fresh assertion per token request signs the SDK in', async () => {
    useRunnerEnv();
    const client = armClient(
      em,
      assertionCredential(() => getIDToken(FEDERATION_AUDIENCE)),
    );
    const ws = await client.workspaces.get(em.resourceGroup, em.workspace);
    expect(ws.name).toBe(em.workspace);
  });

  test('an expired assertion is rejected with AADSTS700024', async () => {
    useRunnerEnv();
    const stale = await getIDToken(FEDERATION_AUDIENCE);
    em.control.advanceClock(299);
    const fresh = await assertionCredential(async () => stale).getToken(
      `${em.armEndpoint}/.default`,
    );
    expect(fresh.token).toEqual(expect.any(String)); // still valid one second before its exp
    em.control.advanceClock(1);
    const credential = assertionCredential(async () => stale);
    await expect(credential.getToken(`${em.armEndpoint}/.default`)).rejects.toThrow(/AADSTS700024/);
  });

  test('an assertion for another audience is rejected', async () => {
    useRunnerEnv();
    const wrongAudience = await getIDToken('https://github.com/octo-org');
    const credential = assertionCredential(async () => wrongAudience);
    await expect(credential.getToken(`${em.armEndpoint}/.default`)).rejects.toThrow(/AADSTS700212/);
  });
});
