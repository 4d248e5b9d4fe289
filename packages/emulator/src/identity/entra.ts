import { randomUUID } from 'node:crypto';
import { HttpError, param, type ApiRequest, type Reply } from '../http.ts';
import type { Route } from '../router.ts';
import type { EmulatorState } from '../state.ts';
import { FEDERATION_AUDIENCE, GITHUB_OIDC_ISSUER, RUNNER_SUBJECT } from './runner-oidc.ts';

/** Entra ID (the authority host): OpenID metadata, signing keys and the v2.0 token endpoint. */

const CLIENT_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

export const entraIssuer = (state: EmulatorState): string => `${state.url}/${state.tenantId}/v2.0`;

/** The AAD error dialect MSAL parses: `error`, `error_description` with an AADSTS code, ... */
function aadError(status: number, error: string, code: number, description: string): HttpError {
  const traceId = randomUUID();
  const correlationId = randomUUID();
  const timestamp = new Date()
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, 'Z');
  return new HttpError(status, description, {
    error,
    error_description: `AADSTS${code}: ${description} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
    error_codes: [code],
    timestamp,
    trace_id: traceId,
    correlation_id: correlationId,
    error_uri: `https://login.microsoftonline.com/error?code=${code}`,
  });
}

function requireTenant(req: ApiRequest, state: EmulatorState): string {
  const tenant = param(req, 'tenantId');
  if (tenant.toLowerCase() !== state.tenantId) {
    throw aadError(
      400,
      'invalid_tenant',
      90002,
      `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
    );
  }
  return tenant;
}

function openidConfiguration(req: ApiRequest, state: EmulatorState): Reply {
  requireTenant(req, state);
  const base = `${state.url}/${state.tenantId}`;
  return {
    status: 200,
    body: {
      issuer: entraIssuer(state),
      token_endpoint: `${base}/oauth2/v2.0/token`,
      authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
      device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
      end_session_endpoint: `${base}/oauth2/v2.0/logout`,
      jwks_uri: `${base}/discovery/v2.0/keys`,
      token_endpoint_auth_methods_supported: [
        'client_secret_post',
        'private_key_jwt',
        'client_secret_basic',
      ],
      response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['RS256'],
      scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
      tenant_region_scope: 'EU',
      cloud_instance_name: new URL(state.url).host,
    },
  };
}

function keys(req: ApiRequest, state: EmulatorState): Reply {
  requireTenant(req, state);
  return { status: 200, body: { keys: [state.entraKey.jwk()] } };
}

function token(req: ApiRequest, state: EmulatorState): Reply {
  requireTenant(req, state);
  const form = new URLSearchParams(req.rawBody);
  if (form.get('grant_type') !== 'client_credentials') {
    throw aadError(
      400,
      'unsupported_grant_type',
      70003,
      `The app requested an unsupported grant type '${form.get('grant_type') ?? ''}'; the emulator supports client_credentials.`,
    );
  }
  const clientId = form.get('client_id') ?? '';
  if (clientId.toLowerCase() !== state.clientId) {
    throw aadError(
      400,
      'unauthorized_client',
      700016,
      `Application with identifier '${clientId}' was not found in the directory '${state.tenantId}'.`,
    );
  }
  authenticateClient(form, state);
  const scope = (form.get('scope') ?? '').split(' ').find((s) => s.endsWith('/.default'));
  if (scope === undefined) {
    throw aadError(
      400,
      'invalid_scope',
      1002012,
      `The provided value for scope '${form.get('scope') ?? ''}' is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
    );
  }
  const accessToken = issueAccessToken(state, scope.slice(0, -'/.default'.length));
  const expiresIn = state.clock.realSeconds(state.accessTokenLifetimeSeconds);
  return {
    status: 200,
    body: {
      token_type: 'Bearer',
      expires_in: expiresIn,
      ext_expires_in: expiresIn,
      access_token: accessToken,
    },
  };
}

/** A client proves itself with its secret, or with a runner ID token (workload identity federation). */
function authenticateClient(form: URLSearchParams, state: EmulatorState): void {
  const secret = form.get('client_secret');
  const assertion = form.get('client_assertion');
  if (secret !== null) {
    if (secret !== state.clientSecret) {
      throw aadError(
        401,
        'invalid_client',
        7000215,
        'Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app.',
      );
    }
    return;
  }
  if (assertion === null) {
    throw aadError(
      401,
      'invalid_client',
      7000216,
      "'client_assertion', 'client_secret' or 'request' is required for the 'client_credentials' grant type.",
    );
  }
  if (form.get('client_assertion_type') !== CLIENT_ASSERTION_TYPE) {
    throw aadError(
      400,
      'invalid_request',
      50027,
      `client_assertion_type must be '${CLIENT_ASSERTION_TYPE}'.`,
    );
  }
  verifyAssertion(assertion, state);
}

function verifyAssertion(assertion: string, state: EmulatorState): void {
  const checked = state.oidcKey.verify(assertion);
  if (!checked.ok) {
    throw aadError(
      401,
      'invalid_client',
      700027,
      `Client assertion failed signature validation: ${checked.reason}.`,
    );
  }
  const { iss, sub, aud, exp, nbf } = checked.claims;
  const now = Math.floor(state.clock.now() / 1000);
  if (typeof exp !== 'number' || exp <= now || (typeof nbf === 'number' && nbf > now)) {
    throw aadError(
      401,
      'invalid_client',
      700024,
      `Client assertion is not within its valid time range. Current time: ${isoSeconds(now)}, assertion valid from ${isoSeconds(Number(nbf))}, expiry time of assertion ${isoSeconds(Number(exp))}.`,
    );
  }
  if (iss !== GITHUB_OIDC_ISSUER) {
    throw aadError(
      400,
      'invalid_request',
      700211,
      `No matching federated identity record found for presented assertion issuer '${String(iss)}'.`,
    );
  }
  if (aud !== FEDERATION_AUDIENCE) {
    throw aadError(
      400,
      'invalid_request',
      700212,
      `No matching federated identity record found for presented assertion audience '${String(aud)}'.`,
    );
  }
  if (sub !== RUNNER_SUBJECT) {
    throw aadError(
      400,
      'invalid_request',
      70021,
      `No matching federated identity record found for presented assertion. Assertion Issuer: '${iss}'. Assertion Subject: '${String(sub)}'. Assertion Audience: '${aud}'.`,
    );
  }
}

const isoSeconds = (epochSeconds: number): string =>
  Number.isFinite(epochSeconds) ? new Date(epochSeconds * 1000).toISOString() : 'unknown';

function issueAccessToken(state: EmulatorState, resource: string): string {
  const now = Math.floor(state.clock.now() / 1000);
  const token = state.entraKey.sign({
    aud: resource,
    iss: entraIssuer(state),
    iat: now,
    nbf: now,
    exp: now + state.accessTokenLifetimeSeconds,
    tid: state.tenantId,
    oid: state.servicePrincipalId,
    sub: state.servicePrincipalId,
    appid: state.clientId,
    azp: state.clientId,
    idtyp: 'app',
    uti: randomUUID(),
    ver: '2.0',
  });
  state.stats.count('accessTokensIssued');
  state.stats.secret(token);
  return token;
}

export const entraRoutes: Route[] = [
  {
    name: 'entra.openidConfiguration',
    method: 'GET',
    path: '/{tenantId}/v2.0/.well-known/openid-configuration',
    group: 'entra',
    handler: openidConfiguration,
  },
  {
    name: 'entra.keys',
    method: 'GET',
    path: '/{tenantId}/discovery/v2.0/keys',
    group: 'entra',
    handler: keys,
  },
  {
    name: 'entra.token',
    method: 'POST',
    path: '/{tenantId}/oauth2/v2.0/token',
    group: 'entra',
    handler: token,
  },
];
