import { armError, param, type ApiRequest, type Reply } from '../http.ts';
import type { Route } from '../router.ts';
import type { EmulatorState } from '../state.ts';
import { toIso } from '../clock.ts';
import { WORKSPACE_PATH } from '../arm/api.ts';
import { findWorkspace } from '../arm/workspaces.ts';
import { historyAt, isTerminal } from '../arm/job-timeline.ts';

/**
 * Run history, the workspace data plane. api-version 2022-10-01's JobBase has no error field, so
 * a failed job's code and message are read here, as the Studio does.
 */
function runDetails(req: ApiRequest, state: EmulatorState): Reply {
  const ws = findWorkspace(req, state);
  const runId = param(req, 'runId');
  const job = ws.jobs.get(runId.toLowerCase());
  if (!job) {
    throw armError(404, 'UserError', `Run '${runId}' was not found in workspace '${ws.name}'.`);
  }
  const history = historyAt(job, state.clock.now());
  const last = history.at(-1);
  const status = last?.status ?? 'NotStarted';
  const started = history.find((t) => t.status === 'Running');
  const { errorCode, errorMessage } = job.behaviour;
  return {
    status: 200,
    body: {
      runId: job.name,
      status,
      target:
        typeof job.properties.computeId === 'string'
          ? job.properties.computeId.split('/').at(-1)
          : undefined,
      startTimeUtc: started ? toIso(started.at) : undefined,
      endTimeUtc: last && isTerminal(status) ? toIso(last.at) : undefined,
      ...(status === 'Failed'
        ? { error: { error: { code: errorCode, message: errorMessage } } }
        : {}),
    },
  };
}

export const historyRoutes: Route[] = [
  {
    name: 'history.runDetails',
    summary: 'failure code and message of a run (run id = job name)',
    method: 'GET',
    path: `/history/v1.0${WORKSPACE_PATH}/runs/{runId}/details`,
    group: 'data',
    auth: true,
    handler: runDetails,
  },
];
