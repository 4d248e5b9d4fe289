import { createHash } from 'node:crypto';
import { HttpError, isRecord, type ApiRequest, type Reply } from '../http.ts';
import type { Route } from '../router.ts';
import type { EmulatorState } from '../state.ts';
import type { JobRecord, WorkspaceRecord } from '../store.ts';
import { WORKSPACE_PATH } from '../arm/api.ts';
import { historyAt } from '../arm/job-timeline.ts';
import { findWorkspace, mlflowTrackingUri } from '../arm/workspaces.ts';

/**
 * The workspace's MLflow tracking API (the path of its mlFlowTrackingUri), read side: every
 * job is a run whose id is the job name; its metrics are the job behaviour's `metrics`, logged
 * when the job ends Completed or Failed.
 */

/** MLflow's own error dialect, not ARM's. */
const mlflowError = (status: number, errorCode: string, message: string): HttpError =>
  new HttpError(status, message, { error_code: errorCode, message });

const RUN_STATUS: Record<string, string> = {
  Completed: 'FINISHED',
  Failed: 'FAILED',
  Canceled: 'KILLED',
};

function requiredQuery(req: ApiRequest, name: string): string {
  const value = req.query.get(name);
  if (value === null || value === '') {
    throw mlflowError(
      400,
      'INVALID_PARAMETER_VALUE',
      `Missing value for required parameter '${name}'.`,
    );
  }
  return value;
}

function findRun(req: ApiRequest, state: EmulatorState): { ws: WorkspaceRecord; job: JobRecord } {
  const ws = findWorkspace(req, state);
  const runId = requiredQuery(req, 'run_id');
  const job = ws.jobs.get(runId.toLowerCase());
  if (!job) throw mlflowError(404, 'RESOURCE_DOES_NOT_EXIST', `Run '${runId}' not found`);
  return { ws, job };
}

/** Azure ML gives each experiment a GUID; the emulator derives a stable one from its name. */
function experimentId(name: string): string {
  const hex = createHash('sha1').update(name).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

interface Metric {
  key: string;
  value: number;
  timestamp: number;
  step: number;
}

function runView(ws: WorkspaceRecord, job: JobRecord, state: EmulatorState) {
  const history = historyAt(job, state.clock.now());
  const last = history.at(-1);
  const status = RUN_STATUS[last?.status ?? ''] ?? 'RUNNING';
  const ended = status !== 'RUNNING' && last ? last.at : undefined;
  const logged = last?.status === 'Completed' || last?.status === 'Failed';
  const metrics: Metric[] =
    logged && ended !== undefined
      ? Object.entries(job.behaviour.metrics).map(([key, value]) => ({
          key,
          value,
          timestamp: ended,
          step: 0,
        }))
      : [];
  const given = job.properties;
  const experiment = experimentId(
    typeof given.experimentName === 'string' ? given.experimentName : 'Default',
  );
  const runName = typeof given.displayName === 'string' ? given.displayName : job.name;
  const jobTags = isRecord(given.tags) ? Object.entries(given.tags) : [];
  return {
    metrics,
    run: {
      info: {
        run_id: job.name,
        run_uuid: job.name,
        experiment_id: experiment,
        run_name: runName,
        status,
        start_time: history.find((t) => t.status === 'Running')?.at ?? job.createdAt,
        ...(ended === undefined ? {} : { end_time: ended }),
        artifact_uri: `${mlflowTrackingUri(ws, state)}/experiments/${experiment}/runs/${job.name}/artifacts`,
        lifecycle_stage: 'active',
      },
      data: {
        metrics,
        params: [],
        tags: [
          { key: 'mlflow.runName', value: runName },
          ...jobTags.map(([key, value]) => ({ key, value: String(value) })),
        ],
      },
    },
  };
}

function getRun(req: ApiRequest, state: EmulatorState): Reply {
  const { ws, job } = findRun(req, state);
  return { status: 200, body: { run: runView(ws, job, state).run } };
}

function getMetricHistory(req: ApiRequest, state: EmulatorState): Reply {
  const key = requiredQuery(req, 'metric_key');
  const { ws, job } = findRun(req, state);
  const metrics = runView(ws, job, state).metrics.filter((m) => m.key === key);
  return { status: 200, body: { metrics } };
}

const MLFLOW_PATH = `/mlflow/v1.0${WORKSPACE_PATH}/api/2.0/mlflow`;

export const mlflowRoutes: Route[] = [
  {
    name: 'mlflow.runs.get',
    summary: '`?run_id=` (the job name)',
    method: 'GET',
    path: `${MLFLOW_PATH}/runs/get`,
    group: 'data',
    auth: true,
    handler: getRun,
  },
  {
    name: 'mlflow.metrics.getHistory',
    summary: '`?run_id=&metric_key=`',
    method: 'GET',
    path: `${MLFLOW_PATH}/metrics/get-history`,
    group: 'data',
    auth: true,
    handler: getMetricHistory,
  },
];
