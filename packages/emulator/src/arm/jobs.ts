import { armError, isRecord, jsonBody, param, type ApiRequest, type Reply } from '../http.ts';
import type { Route } from '../router.ts';
import type { EmulatorState } from '../state.ts';
import type { JobRecord, WorkspaceRecord } from '../store.ts';
import { toIso } from '../clock.ts';
import { API_VERSION, WORKSPACE_PATH } from './api.ts';
import { acceptedOperation } from './operations.ts';
import { requireReference } from './asset-refs.ts';
import { requireCompute } from './computes.ts';
import { isTerminal, statusAt } from './job-timeline.ts';
import { findWorkspace, mlflowTrackingUri, workspaceId } from './workspaces.ts';

const JOB_TYPES = ['AutoML', 'Command', 'Sweep', 'Pipeline'];
const PAGE_SIZE = 50;
/** Fields that decide whether a second PUT is a retry of the first or a different job. */
const IDENTITY_FIELDS = ['jobType', 'command', 'environmentId', 'computeId', 'trial', 'jobs'];
const SAMPLING_ALGORITHMS = ['Grid', 'Random', 'Bayesian'];
const SEARCH_SPACE_KINDS = [
  'choice',
  'randint',
  'uniform',
  'quniform',
  'loguniform',
  'qloguniform',
  'normal',
  'qnormal',
  'lognormal',
  'qlognormal',
];

function findJob(ws: WorkspaceRecord, name: string): JobRecord {
  const job = ws.jobs.get(name.toLowerCase());
  if (!job) {
    throw armError(
      404,
      'ResourceNotFound',
      `Job '${name}' was not found in workspace '${ws.name}'.`,
    );
  }
  return job;
}

/** The job resource as ARM returns it: given properties plus status, services and system data. */
export function renderJob(
  ws: WorkspaceRecord,
  job: JobRecord,
  state: EmulatorState,
): Record<string, unknown> {
  const status = statusAt(job, state.clock.now());
  const wsid = workspaceId(ws);
  const given = job.properties;
  const created = toIso(job.createdAt);
  return {
    id: `${wsid}/jobs/${job.name}`,
    name: job.name,
    type: 'Microsoft.MachineLearningServices/workspaces/jobs',
    properties: {
      ...given,
      experimentName: given.experimentName ?? 'Default',
      isArchived: given.isArchived ?? false,
      status,
      services: {
        ...(isRecord(given.services) ? given.services : {}),
        Studio: {
          jobServiceType: 'Studio',
          endpoint: `https://ml.azure.com/runs/${job.name}?wsid=${wsid}&tid=${state.tenantId}`,
        },
        Tracking: { jobServiceType: 'Tracking', endpoint: mlflowTrackingUri(ws, state) },
      },
      ...(status === 'Completed' && isRecord(given.outputs)
        ? { outputs: withOutputUris(job.name, given.outputs) }
        : {}),
    },
    systemData: {
      createdAt: created,
      createdBy: job.createdBy,
      createdByType: 'Application',
      lastModifiedAt: created,
      lastModifiedBy: job.createdBy,
      lastModifiedByType: 'Application',
    },
  };
}

/** A completed job's outputs that had no destination land in the default datastore. */
function withOutputUris(
  jobName: string,
  outputs: Record<string, unknown>,
): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(outputs).map(([name, output]) => [
      name,
      isRecord(output) && !output.uri
        ? {
            ...output,
            uri: `azureml://datastores/workspaceblobstore/paths/azureml/${jobName}/${name}/`,
          }
        : output,
    ]),
  );
}

const nonEmpty = (v: unknown): boolean => typeof v === 'string' && v.trim() !== '';

function userError(field: string, expected: string, value: unknown): never {
  throw armError(
    400,
    'UserError',
    `${field}: expected ${expected}, got ${JSON.stringify(value) ?? 'nothing'}.`,
  );
}

/** A command or trial: its command line, and the environment and code it names registered. */
function checkCommand(ws: WorkspaceRecord, at: string, p: Record<string, unknown>): void {
  if (!nonEmpty(p.command)) userError(`${at}.command`, 'a non-empty command line', p.command);
  if (!nonEmpty(p.environmentId)) {
    userError(
      `${at}.environmentId`,
      'an environment ARM id or azureml:// reference',
      p.environmentId,
    );
  }
  requireReference(ws, 'environments', `${at}.environmentId`, p.environmentId);
  requireReference(ws, 'codes', `${at}.codeId`, p.codeId);
}

function checkSweep(ws: WorkspaceRecord, p: Record<string, unknown>): void {
  if (!isRecord(p.trial))
    userError('properties.trial', 'the trial (command, environmentId, ...)', p.trial);
  checkCommand(ws, 'properties.trial', p.trial);
  const objective = p.objective;
  if (
    !isRecord(objective) ||
    !nonEmpty(objective.primaryMetric) ||
    !['Minimize', 'Maximize'].includes(objective.goal as string)
  ) {
    userError(
      'properties.objective',
      "{ primaryMetric, goal: 'Minimize' or 'Maximize' }",
      objective,
    );
  }
  const sampling = p.samplingAlgorithm;
  if (
    !isRecord(sampling) ||
    !SAMPLING_ALGORITHMS.includes(sampling.samplingAlgorithmType as string)
  ) {
    userError(
      'properties.samplingAlgorithm',
      `{ samplingAlgorithmType: one of ${SAMPLING_ALGORITHMS.join(', ')} }`,
      sampling,
    );
  }
  if (!isRecord(p.searchSpace) || Object.keys(p.searchSpace).length === 0) {
    userError(
      'properties.searchSpace',
      'at least one parameter and its distribution',
      p.searchSpace,
    );
  }
  for (const [name, entry] of Object.entries(p.searchSpace)) {
    const [kind, args] = Array.isArray(entry) ? (entry as unknown[]) : [];
    if (!SEARCH_SPACE_KINDS.includes(kind as string) || !Array.isArray(args)) {
      userError(
        `properties.searchSpace.${name}`,
        `[kind, [arguments]] with kind one of ${SEARCH_SPACE_KINDS.join(', ')}`,
        entry,
      );
    }
  }
}

function checkPipeline(ws: WorkspaceRecord, p: Record<string, unknown>): void {
  const settings = isRecord(p.settings) ? p.settings : {};
  requireCompute(ws, 'properties.settings.default_compute', settings.default_compute);
  if (!isRecord(p.jobs) || Object.keys(p.jobs).length === 0) {
    userError('properties.jobs', 'at least one step', p.jobs);
  }
  for (const [name, node] of Object.entries(p.jobs)) {
    const at = `properties.jobs.${name}`;
    if (!isRecord(node)) userError(at, 'a step object with type and componentId', node);
    if (node.type !== 'command') userError(`${at}.type`, "'command'", node.type);
    requireReference(ws, 'components', `${at}.componentId`, node.componentId, true);
    requireCompute(ws, `${at}.computeId`, node.computeId);
  }
}

function validateJob(body: unknown, ws: WorkspaceRecord): Record<string, unknown> {
  const properties = isRecord(body) ? body.properties : undefined;
  if (!isRecord(properties)) {
    throw armError(
      400,
      'UserError',
      "The request body must be an object with 'properties' (the job definition).",
    );
  }
  const required = (field: string, expected: string, ok: (v: unknown) => boolean): void => {
    if (!ok(properties[field])) {
      throw armError(
        400,
        'UserError',
        `properties.${field}: expected ${expected}, got ${JSON.stringify(properties[field]) ?? 'nothing'}.`,
      );
    }
  };
  required('jobType', `one of ${JOB_TYPES.join(', ')}`, (v) => JOB_TYPES.includes(v as string));
  requireCompute(ws, 'properties.computeId', properties.computeId);
  if (properties.jobType === 'Command') checkCommand(ws, 'properties', properties);
  if (properties.jobType === 'Sweep') checkSweep(ws, properties);
  if (properties.jobType === 'Pipeline') checkPipeline(ws, properties);
  return properties;
}

function createOrUpdateJob(req: ApiRequest, state: EmulatorState): Reply {
  const ws = findWorkspace(req, state);
  const name = param(req, 'id');
  const properties = validateJob(jsonBody(req), ws);
  const existing = ws.jobs.get(name.toLowerCase());
  if (existing) {
    const sameJob = IDENTITY_FIELDS.every(
      (f) => JSON.stringify(existing.properties[f]) === JSON.stringify(properties[f]),
    );
    if (!sameJob) {
      throw armError(
        409,
        'UserError',
        `A job with name '${name}' already exists in workspace '${ws.name}' with a different definition; job definitions are immutable. Use a new name.`,
      );
    }
    return { status: 200, body: renderJob(ws, existing, state) };
  }
  const displayName =
    typeof properties.displayName === 'string' ? properties.displayName : undefined;
  const job: JobRecord = {
    name,
    properties,
    createdAt: state.clock.now(),
    createdBy: req.principal?.appId ?? 'unknown',
    behaviour: state.jobBehaviours.resolve(name, displayName),
  };
  ws.jobs.set(name.toLowerCase(), job);
  state.stats.count('jobsCreated');
  return { status: 201, body: renderJob(ws, job, state) };
}

function getJob(req: ApiRequest, state: EmulatorState): Reply {
  const ws = findWorkspace(req, state);
  return { status: 200, body: renderJob(ws, findJob(ws, param(req, 'id')), state) };
}

/** Newest first, PAGE_SIZE per page; `$skipToken` is the offset of the next page. */
function listJobs(req: ApiRequest, state: EmulatorState): Reply {
  const ws = findWorkspace(req, state);
  const token = req.query.get('$skipToken');
  const offset = token === null ? 0 : Number(token);
  if (!Number.isInteger(offset) || offset < 0) {
    throw armError(
      400,
      'UserError',
      `$skipToken: expected a token from a previous nextLink, got '${token}'.`,
    );
  }
  const jobs = [...ws.jobs.values()].sort((a, b) => b.createdAt - a.createdAt);
  const page = jobs.slice(offset, offset + PAGE_SIZE).map((job) => renderJob(ws, job, state));
  const next = offset + PAGE_SIZE;
  return {
    status: 200,
    body: {
      value: page,
      ...(next < jobs.length
        ? { nextLink: `${state.url}${req.path}?api-version=${API_VERSION}&$skipToken=${next}` }
        : {}),
    },
  };
}

/** 202 + Location until the job is Canceled; cancelling a finished job changes nothing (200). */
function cancelJob(req: ApiRequest, state: EmulatorState): Reply {
  const ws = findWorkspace(req, state);
  const job = findJob(ws, param(req, 'id'));
  const now = state.clock.now();
  if (isTerminal(statusAt(job, now))) return { status: 200 };
  job.cancelRequestedAt ??= now;
  return acceptedOperation(state, (at) => isTerminal(statusAt(job, at)));
}

const arm = { group: 'arm', auth: true, apiVersion: API_VERSION } as const;

export const jobRoutes: Route[] = [
  { name: 'jobs.list', method: 'GET', path: `${WORKSPACE_PATH}/jobs`, ...arm, handler: listJobs },
  { name: 'jobs.get', method: 'GET', path: `${WORKSPACE_PATH}/jobs/{id}`, ...arm, handler: getJob },
  {
    name: 'jobs.createOrUpdate',
    method: 'PUT',
    path: `${WORKSPACE_PATH}/jobs/{id}`,
    ...arm,
    handler: createOrUpdateJob,
  },
  {
    name: 'jobs.cancel',
    method: 'POST',
    path: `${WORKSPACE_PATH}/jobs/{id}/cancel`,
    ...arm,
    handler: cancelJob,
  },
];
