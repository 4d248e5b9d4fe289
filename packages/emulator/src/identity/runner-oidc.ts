import { randomUUID } from 'node:crypto';
import { HttpError, type ApiRequest, type Reply } from '../http.ts';
import type { Route } from '../router.ts';
import type { EmulatorState } from '../state.ts';

/** The GitHub Actions OIDC provider: the runner's ID tokens claim to come from it. */
export const GITHUB_OIDC_ISSUER = 'https://token.actions.githubusercontent.com';
export const RUNNER_REPOSITORY = 'octo-org/mlops-demo';
export const RUNNER_SUBJECT = `repo:${RUNNER_REPOSITORY}:ref:refs/heads/main`;
/** The audience Entra workload identity federation expects in a client assertion. */
export const FEDERATION_AUDIENCE = 'api://AzureADTokenExchange';

export const ID_TOKEN_PATH = '/_actions/idtoken';

/**
 * The runner's ID-token service (ACTIONS_ID_TOKEN_REQUEST_URL): `GET ?audience=` with the
 * request token as bearer answers `{ value: <jwt> }`, as `@actions/core` getIDToken expects.
 */
function issueIdToken(req: ApiRequest, state: EmulatorState): Reply {
  if (req.headers.authorization !== `Bearer ${state.idTokenRequestToken}`) {
    throw new HttpError(401, 'bad runner request token', {
      message: 'Bad credentials: ACTIONS_ID_TOKEN_REQUEST_TOKEN missing or wrong',
    });
  }
  const now = Math.floor(state.clock.now() / 1000);
  const value = state.oidcKey.sign({
    jti: randomUUID(),
    iss: GITHUB_OIDC_ISSUER,
    sub: RUNNER_SUBJECT,
    aud: req.query.get('audience') ?? `https://github.com/${RUNNER_REPOSITORY.split('/')[0]}`,
    ref: 'refs/heads/main',
    ref_type: 'branch',
    repository: RUNNER_REPOSITORY,
    repository_owner: RUNNER_REPOSITORY.split('/')[0],
    event_name: 'push',
    workflow: 'train',
    runner_environment: 'github-hosted',
    iat: now,
    nbf: now,
    exp: now + state.idTokenLifetimeSeconds,
  });
  state.stats.count('idTokensIssued');
  state.stats.secret(value);
  return { status: 200, body: { count: 1, value } };
}

export const runnerOidcRoutes: Route[] = [
  {
    name: 'oidc.idToken',
    summary: '`?api-version=2.0&audience=`, bearer: the request token; answers `{ value: <jwt> }`',
    method: 'GET',
    path: ID_TOKEN_PATH,
    group: 'oidc',
    handler: issueIdToken,
  },
];
