import { isRecord, jsonBody, param, type ApiRequest, type Reply } from '../http.ts';
import type { Route } from '../router.ts';
import type { EmulatorState } from '../state.ts';
import type { DeploymentBehaviour } from '../types.ts';
import { attempt, controlError } from './control.ts';
import { deploymentMetrics, endpointView } from '../arm/online-view.ts';

/** PUT /_emulator/deployment-behaviour: `{ match?: name or endpoint/name, behaviour }`; no match = default. */
function putDeploymentBehaviour(req: ApiRequest, state: EmulatorState): Reply {
  const body = jsonBody(req);
  if (!isRecord(body)) throw controlError(400, 'body: expected { match?, behaviour }');
  const behaviour = body.behaviour as DeploymentBehaviour;
  return attempt(() =>
    body.match === undefined
      ? state.deploymentBehaviours.setDefault(behaviour)
      : state.deploymentBehaviours.set(body.match as string, behaviour),
  );
}

function getEndpointView(req: ApiRequest, state: EmulatorState): Reply {
  const name = param(req, 'name');
  const view = endpointView(state, name);
  if (!view) throw controlError(404, `No online endpoint named '${name}'.`);
  return { status: 200, body: view };
}

function getDeploymentMetrics(req: ApiRequest, state: EmulatorState): Reply {
  const [endpoint, deployment] = [param(req, 'endpoint'), param(req, 'deployment')];
  const metrics = deploymentMetrics(state, endpoint, deployment);
  if (!metrics) {
    throw controlError(404, `No deployment '${deployment}' on an online endpoint '${endpoint}'.`);
  }
  return { status: 200, body: metrics };
}

export const onlineControlRoutes: Route[] = [
  {
    name: 'control.putDeploymentBehaviour',
    summary: '`{ "match"?: deployment or endpoint/deployment, "behaviour": {...} }`',
    method: 'PUT',
    path: '/_emulator/deployment-behaviour',
    group: 'control',
    handler: putDeploymentBehaviour,
  },
  {
    name: 'control.endpoint',
    method: 'GET',
    path: '/_emulator/endpoints/{name}',
    group: 'control',
    handler: getEndpointView,
  },
  {
    name: 'control.deploymentMetrics',
    method: 'GET',
    path: '/_emulator/endpoints/{endpoint}/deployments/{deployment}/metrics',
    group: 'control',
    handler: getDeploymentMetrics,
  },
];
