import { HttpError, param, type ApiRequest, type Reply } from '../http.ts';
import type { Route } from '../router.ts';
import type { EmulatorState } from '../state.ts';
import type { ScoringBehaviour } from '../behaviours/deployment-behaviours.ts';
import { modelAssetId } from '../arm/deployment-logs.ts';
import { liveEndpoints } from '../arm/online-endpoints.ts';
import type { DeploymentRecord, EndpointRecord } from '../arm/online-records.ts';
import { provisioningState } from '../arm/provisioning.ts';
import type { Random } from '../random.ts';

/** Audiences of Entra tokens an AADToken endpoint accepts. */
const AML_AUDIENCES = ['https://ml.azure.com', 'https://ml.azure.com/'];
const DEPLOYMENT_HEADER = 'azureml-model-deployment';

/** The scoring plane answers errors as `{ "error": "..." }`, not in ARM's dialect. */
const scoringError = (status: number, message: string): HttpError =>
  new HttpError(status, message, { error: message });

function findEndpoint(state: EmulatorState, name: string, now: number): EndpointRecord {
  for (const ws of state.store.workspaces) {
    const found = liveEndpoints(ws, now).find((e) => e.name.toLowerCase() === name.toLowerCase());
    if (found) return found;
  }
  throw scoringError(404, `No online endpoint named '${name}'.`);
}

/** Key endpoints take either key, AMLToken ones a live token from getToken, AADToken ones an Entra token for Azure ML. */
function authorize(
  req: ApiRequest,
  endpoint: EndpointRecord,
  state: EmulatorState,
  now: number,
): void {
  const token = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
  if (token === undefined) {
    throw scoringError(401, "The request has no 'Authorization: Bearer <key or token>' header.");
  }
  const valid =
    endpoint.authMode === 'Key'
      ? token === endpoint.keys.primaryKey || token === endpoint.keys.secondaryKey
      : endpoint.authMode === 'AMLToken'
        ? (endpoint.tokens.get(token) ?? 0) > now
        : isAmlEntraToken(token, state, now);
  if (!valid) {
    throw scoringError(
      401,
      `The ${endpoint.authMode === 'Key' ? 'key' : 'token'} is not valid for endpoint '${endpoint.name}' (authMode ${endpoint.authMode}).`,
    );
  }
}

function isAmlEntraToken(token: string, state: EmulatorState, now: number): boolean {
  const checked = state.entraKey.verify(token);
  if (!checked.ok) return false;
  const { aud, tid, exp } = checked.claims;
  return (
    AML_AUDIENCES.includes(String(aud)) &&
    tid === state.tenantId &&
    typeof exp === 'number' &&
    exp * 1000 > now
  );
}

const serving = (d: DeploymentRecord | undefined, now: number): d is DeploymentRecord =>
  d !== undefined && provisioningState(d.provisioning, now) === 'Succeeded';

/** By the header when given, else a weighted random pick by live traffic. */
function route(
  req: ApiRequest,
  endpoint: EndpointRecord,
  now: number,
  random: Random,
): DeploymentRecord {
  const named = req.headers[DEPLOYMENT_HEADER];
  if (typeof named === 'string' && named !== '') {
    const deployment = endpoint.deployments.get(named.toLowerCase());
    if (!serving(deployment, now)) {
      throw scoringError(
        404,
        `Deployment '${named}' does not exist on endpoint '${endpoint.name}' or is not ready (provisioningState Succeeded).`,
      );
    }
    return deployment;
  }
  const name = weightedPick(endpoint.traffic, random);
  const deployment = name === undefined ? undefined : endpoint.deployments.get(name.toLowerCase());
  if (!serving(deployment, now)) {
    throw scoringError(
      503,
      `No valid deployments to route to on endpoint '${endpoint.name}'. Please check that the endpoint has at least one deployment with positive weight values or use a deployment specific header to route.`,
    );
  }
  return deployment;
}

function weightedPick(weights: Record<string, number>, random: Random): string | undefined {
  const live = Object.entries(weights).filter(([, weight]) => weight > 0);
  if (live.length <= 1) return live[0]?.[0];
  const total = live.reduce((sum, [, weight]) => sum + weight, 0);
  let roll = random() * total;
  for (const [name, weight] of live) {
    roll -= weight;
    if (roll < 0) return name;
  }
  return live.at(-1)?.[0];
}

/** What a deployment answers, per its behaviour; errorRate turns a share of replies into 500s. */
function answer(d: DeploymentRecord, behaviour: ScoringBehaviour, random: Random): Reply {
  const errorRate = behaviour.errorRate ?? 0;
  // Chance is drawn only when it decides something, so a seed's sequence serves routing alone.
  if (errorRate > 0 && random() < errorRate) {
    return {
      status: 500,
      body: {
        error: 'An unexpected error occurred in scoring script. Check the logs for more info.',
      },
    };
  }
  const body =
    'body' in behaviour
      ? behaviour.body
      : { deployment: d.name, model: modelAssetId(d) ?? null, predictions: [0] };
  return { status: behaviour.status ?? 200, body };
}

/**
 * POST /online/{endpoint}/score. Requests that reach a deployment are counted in its metrics,
 * with the latency the emulator measured; mirrored copies count for the mirror deployment.
 */
async function score(req: ApiRequest, state: EmulatorState): Promise<Reply> {
  state.stats.count('scoringRequests');
  const now = state.clock.now();
  const endpoint = findEndpoint(state, param(req, 'endpointName'), now);
  authorize(req, endpoint, state, now);
  const deployment = route(req, endpoint, now, state.random);
  if (req.headers[DEPLOYMENT_HEADER] === undefined) mirror(endpoint, state, now);
  const started = state.realClock.now();
  const behaviour = state.deploymentBehaviours.scoring(endpoint.name, deployment.name);
  if (behaviour.latencyMs) await state.realClock.sleep(behaviour.latencyMs);
  const reply = answer(deployment, behaviour, state.random);
  deployment.metrics.record(reply.status, state.realClock.now() - started, now);
  return { ...reply, headers: { [DEPLOYMENT_HEADER]: deployment.name } };
}

/** A copy of the request goes to the mirror deployment; its reply is dropped, its metrics kept. */
function mirror(endpoint: EndpointRecord, state: EmulatorState, now: number): void {
  for (const [name, percent] of Object.entries(endpoint.mirrorTraffic)) {
    const shadow = endpoint.deployments.get(name.toLowerCase());
    if (!serving(shadow, now) || state.random() * 100 >= percent) continue;
    const behaviour = state.deploymentBehaviours.scoring(endpoint.name, shadow.name);
    const status = answer(shadow, behaviour, state.random).status;
    shadow.metrics.record(status, behaviour.latencyMs ?? 0, now);
  }
}

export const scoringRoutes: Route[] = [
  {
    name: 'scoring.score',
    summary: "the endpoint's `scoringUri`; bearer: a key, an AML token or an Entra token",
    method: 'POST',
    path: '/online/{endpointName}/score',
    group: 'data',
    handler: score,
  },
];
