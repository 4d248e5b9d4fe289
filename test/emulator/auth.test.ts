import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ClientSecretCredential } from '@azure/identity';
import type { Emulator } from '@mlops-actions/emulator';
import { armToken, raw, startTrustedEmulator, workspacePath } from './support.ts';

describe('ARM and Entra authentication', () => {
  let em: Emulator;

  // One hour of token life lasts one real second at this scale.
  beforeAll(async () => {
    em = await startTrustedEmulator({ timeScale: 3600 });
  });
  afterAll(() => em.stop());

  const workspaceUrl = (): string => `${workspacePath(em)}?api-version=2022-10-01`;

  test('no token: 401 with WWW-Authenticate and an ARM error body', async () => {
    const response = await raw(em, 'GET', workspaceUrl());
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer authorization_uri=/);
    expect(response.body).toMatchObject({ error: { code: 'InvalidAuthenticationToken' } });
    expect(response.headers.get('x-ms-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  test('a token not signed by the emulator is refused', async () => {
    const real = await armToken(em);
    const [head, body] = real.split('.');
    const response = await raw(em, 'GET', workspaceUrl(), { token: `${head}.${body}.AAAA` });
    expect(response.status).toBe(401);
    expect(response.body).toMatchObject({ error: { code: 'InvalidAuthenticationToken' } });
  });

  test('an expired token is refused with ExpiredAuthenticationToken', async () => {
    // A stopped clock: the token is valid until the test moves time past its hour.
    const stopped = await startTrustedEmulator({ timeScale: 0 });
    try {
      const url = `${workspacePath(stopped)}?api-version=2022-10-01`;
      const token = await armToken(stopped);
      stopped.control.advanceClock(3599);
      expect((await raw(stopped, 'GET', url, { token })).status).toBe(200);
      stopped.control.advanceClock(1); // 3600 emulated seconds: the token's exp
      const response = await raw(stopped, 'GET', url, { token });
      expect(response.status).toBe(401);
      expect(response.body).toMatchObject({ error: { code: 'ExpiredAuthenticationToken' } });
    } finally {
      await stopped.stop();
    }
  });

  test('a wrong api-version is a 400 InvalidApiVersionParameter', async () => {
    const response = await raw(em, 'GET', `${workspacePath(em)}?api-version=2023-04-01`, {
      token: await armToken(em),
    });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({
      error: { code: 'InvalidApiVersionParameter', message: expect.stringContaining('2023-04-01') },
    });
  });

  test('a wrong client secret fails in the real credential with the AADSTS code', async () => {
    const credential = new ClientSecretCredential(em.tenantId, em.clientId, 'not-the-secret', {
      authorityHost: em.authorityHost,
      disableInstanceDiscovery: true,
    });
    await expect(credential.getToken(`${em.armEndpoint}/.default`)).rejects.toThrow(
      /AADSTS7000215/,
    );
  });

  test('an unknown client id and an unknown tenant are refused with AAD errors', async () => {
    const form = (clientId: string): string =>
      new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: clientId,
        client_secret: em.clientSecret,
        scope: `${em.url}/.default`,
      }).toString();
    const unknownClient = await fetch(`${em.url}/${em.tenantId}/oauth2/v2.0/token`, {
      method: 'POST',
      body: form('00000000-0000-0000-0000-000000000000'),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(unknownClient.status).toBe(400);
    expect(await unknownClient.json()).toMatchObject({
      error: 'unauthorized_client',
      error_description: expect.stringMatching(/^AADSTS700016:/),
    });

    const unknownTenant = await fetch(`${em.url}/contoso.onmicrosoft.com/oauth2/v2.0/token`, {
      method: 'POST',
      body: form(em.clientId),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(unknownTenant.status).toBe(400);
    expect(await unknownTenant.json()).toMatchObject({
      error: 'invalid_tenant',
      error_description: expect.stringMatching(/^AADSTS90002:/),
    });
  });

  test('a token response has the shape MSAL expects, expires_in in real seconds', async () => {
    const response = await fetch(`${em.url}/${em.tenantId}/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: em.clientId,
        client_secret: em.clientSecret,
        scope: `${em.url}/.default`,
      }).toString(),
    });
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      token_type: 'Bearer',
      expires_in: 1,
      ext_expires_in: 1,
      access_token: expect.any(String),
    });
    expect(em.control.stats().issuedSecrets).toContain(body.access_token);
  });
});
