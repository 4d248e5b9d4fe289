import type { EmulatedJobView, EmulatorControl, FaultSpec, JobBehaviour } from '../types.ts';
import { HttpError, isRecord, jsonBody, param, type ApiRequest, type Reply } from '../http.ts';
import type { Route } from '../router.ts';
import type { EmulatorState } from '../state.ts';
import { childrenAt } from '../arm/job-children.ts';
import { toIso } from '../clock.ts';
import { historyAt, statusAt } from '../arm/job-timeline.ts';
import { deploymentMetrics, endpointView } from '../arm/online-view.ts';

/** Steering and inspection for tests and the CLI, in-process; `controlRoutes` expose it over HTTP. */
export function createControl(state: EmulatorState): Omit<EmulatorControl, 'generateTraffic'> {
  return {
    setDefaultJobBehaviour: (b) => state.jobBehaviours.setDefault(b),
    setJobBehaviour: (match, b) => state.jobBehaviours.set(match, b),
    addFault: (f) => state.faults.add(f),
    clearFaults: () => state.faults.clear(),
    stats: () => state.stats.snapshot(),
    job: (name) => jobView(state, name),
    resetStats: () => state.stats.reset(),
    setDefaultDeploymentBehaviour: (b) => state.deploymentBehaviours.setDefault(b),
    setDeploymentBehaviour: (match, b) => state.deploymentBehaviours.set(match, b),
    endpoint: (name) => endpointView(state, name),
    deploymentMetrics: (endpoint, deployment) => deploymentMetrics(state, endpoint, deployment),
    now: () => state.clock.now(),
    advanceClock: (seconds) => state.clock.advance(seconds),
    artifacts: () => state.artifacts.records.map((r) => ({ ...r })),
  };
}

const clockView = (state: EmulatorState) => ({
  now: toIso(state.clock.now()),
  timeScale: state.clock.timeScale,
});

/** POST /_emulator/clock: `{ "advanceSeconds": n }` moves emulated time forward; answers the clock. */
function advanceClock(req: ApiRequest, state: EmulatorState): Reply {
  const body = jsonBody(req);
  if (!isRecord(body)) throw controlError(400, 'body: expected { "advanceSeconds": n }');
  attempt(() => state.clock.advance(body.advanceSeconds as number));
  return { status: 200, body: clockView(state) };
}

function jobView(state: EmulatorState, name: string): EmulatedJobView | undefined {
  for (const ws of state.store.workspaces) {
    const job = ws.jobs.get(name.toLowerCase());
    if (!job) continue;
    const now = state.clock.now();
    return {
      name: job.name,
      status: statusAt(job, now),
      history: historyAt(job, now).map((t) => ({ status: t.status, at: toIso(t.at) })),
      cancelRequested: job.cancelRequestedAt !== undefined,
      children: childrenAt(job, now),
    };
  }
  return undefined;
}

export const controlError = (status: number, message: string): HttpError =>
  new HttpError(status, message, { error: { code: 'InvalidControlRequest', message } });

/** Runs a control action; a validation error is the caller's mistake (400). */
export function attempt(action: () => void): Reply {
  try {
    action();
  } catch (error) {
    if (error instanceof HttpError) throw error;
    throw controlError(400, (error as Error).message);
  }
  return { status: 204 };
}

/** POST /_emulator/faults: one FaultSpec or an array; `count: "Infinity"` stands for Infinity. */
function addFaults(req: ApiRequest, state: EmulatorState): Reply {
  const body = jsonBody(req);
  const specs = Array.isArray(body) ? body : [body];
  return attempt(() => specs.forEach((spec) => state.faults.add(spec as FaultSpec)));
}

/** PUT /_emulator/job-behaviour: `{ match?: string, behaviour: JobBehaviour }`; no match = default. */
function putJobBehaviour(req: ApiRequest, state: EmulatorState): Reply {
  const body = jsonBody(req);
  if (!isRecord(body)) throw controlError(400, 'body: expected { match?, behaviour }');
  const behaviour = body.behaviour as JobBehaviour;
  return attempt(() =>
    body.match === undefined
      ? state.jobBehaviours.setDefault(behaviour)
      : state.jobBehaviours.set(body.match as string, behaviour),
  );
}

function getJobView(req: ApiRequest, state: EmulatorState): Reply {
  const view = jobView(state, param(req, 'name'));
  if (!view) throw controlError(404, `No job named '${param(req, 'name')}'.`);
  return { status: 200, body: view };
}

const control = { group: 'control' } as const;

export const controlRoutes: Route[] = [
  {
    name: 'control.addFaults',
    summary: 'a FaultSpec or an array; `"count": "Infinity"`',
    method: 'POST',
    path: '/_emulator/faults',
    ...control,
    handler: addFaults,
  },
  {
    name: 'control.clearFaults',
    method: 'DELETE',
    path: '/_emulator/faults',
    ...control,
    handler: (_req, state) => attempt(() => state.faults.clear()),
  },
  {
    name: 'control.putJobBehaviour',
    summary: '`{ "match"?: name or displayName, "behaviour": {...} }`',
    method: 'PUT',
    path: '/_emulator/job-behaviour',
    ...control,
    handler: putJobBehaviour,
  },
  {
    name: 'control.stats',
    method: 'GET',
    path: '/_emulator/stats',
    ...control,
    handler: (_req, state) => ({ status: 200, body: state.stats.snapshot() }),
  },
  {
    name: 'control.resetStats',
    summary: 'forgets requests and counters, not resources',
    method: 'DELETE',
    path: '/_emulator/stats',
    ...control,
    handler: (_req, state) => attempt(() => state.stats.reset()),
  },
  {
    name: 'control.clock',
    method: 'GET',
    path: '/_emulator/clock',
    ...control,
    summary: 'emulated time: `{ now, timeScale }`',
    handler: (_req, state) => ({ status: 200, body: clockView(state) }),
  },
  {
    name: 'control.advanceClock',
    method: 'POST',
    path: '/_emulator/clock',
    ...control,
    summary:
      '`{ "advanceSeconds": n }`: jobs, tokens and operations move on as if n seconds passed',
    handler: advanceClock,
  },
  {
    name: 'control.job',
    method: 'GET',
    path: '/_emulator/jobs/{name}',
    ...control,
    handler: getJobView,
  },
];
