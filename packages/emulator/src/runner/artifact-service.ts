/**
 * The runner's artifact service (ACTIONS_RESULTS_URL, artifact v4): the Twirp JSON API that
 * `@actions/artifact` speaks, with the uploads in real Azurite behind signed URLs, as GitHub keeps
 * them in Azure Blob Storage. Artifacts are named once per workflow run; one is listed only once
 * finalized, and finalizing checks the uploaded blob's size and SHA-256 against what the client says.
 */
import { createHash, randomUUID } from 'node:crypto';
import { HttpError, isRecord, type ApiRequest, type Reply } from '../http.ts';
import type { Route } from '../router.ts';
import type { EmulatorState } from '../state.ts';

const ARTIFACT_SERVICE_PATH = '/twirp/github.actions.results.api.v1.ArtifactService';
/** The container the uploads go to, beside the workspace's. */
const ARTIFACT_CONTAINER = 'actions-results';
const SIGNED_URL_MINUTES = 60;

/** The run and job the runtime token is for, as its `Actions.Results` scope names them. */
export interface RunnerJob {
  runBackendId: string;
  jobBackendId: string;
  /** ACTIONS_RUNTIME_TOKEN: a JWT whose `scp` carries the ids above. */
  runtimeToken: string;
}

export interface ArtifactRecord {
  id: number;
  name: string;
  runBackendId: string;
  jobBackendId: string;
  blobName: string;
  createdAt: string;
  expiresAt?: string;
  /** Set by FinalizeArtifact. */
  size?: number;
  digest?: string;
}

export interface ArtifactBook {
  records: ArtifactRecord[];
  nextId: number;
  /** The uploads' container, created with the first artifact. */
  container?: Promise<void>;
}

export const createArtifactBook = (): ArtifactBook => ({ records: [], nextId: 1 });

/** A runtime token scoped to one run and job, signed by the emulator (clients only decode it). */
export function runnerJob(state: Pick<EmulatorState, 'oidcKey' | 'clock'>): RunnerJob {
  const runBackendId = randomUUID();
  const jobBackendId = randomUUID();
  const now = Math.floor(state.clock.now() / 1000);
  const runtimeToken = state.oidcKey.sign({
    iss: 'vstoken.actions.githubusercontent.com',
    aud: 'vstoken.actions.githubusercontent.com',
    scp: `Actions.GenericRead:00000000-0000-0000-0000-000000000000 Actions.Results:${runBackendId}:${jobBackendId}`,
    nbf: now,
    exp: now + 6 * 3600,
  });
  return { runBackendId, jobBackendId, runtimeToken };
}

/** Twirp's error dialect: `{ code, msg }`. */
const twirpError = (status: number, code: string, msg: string) =>
  new HttpError(status, msg, { code, msg });

function authorize(req: ApiRequest, state: EmulatorState): void {
  if (req.headers.authorization !== `Bearer ${state.runnerJob.runtimeToken}`) {
    throw twirpError(401, 'unauthenticated', 'ACTIONS_RUNTIME_TOKEN missing or wrong');
  }
}

/** The request body, with the run and job it names checked against the token's. */
function scopedBody(req: ApiRequest, state: EmulatorState): Record<string, unknown> {
  authorize(req, state);
  let body: unknown;
  try {
    body = JSON.parse(req.rawBody || '{}');
  } catch {
    throw twirpError(400, 'malformed', 'the request body is not JSON');
  }
  if (!isRecord(body)) throw twirpError(400, 'malformed', 'the request body is not an object');
  const { runBackendId, jobBackendId } = state.runnerJob;
  if (
    body.workflow_run_backend_id !== runBackendId ||
    body.workflow_job_run_backend_id !== jobBackendId
  ) {
    throw twirpError(
      403,
      'permission_denied',
      'workflow_run_backend_id and workflow_job_run_backend_id must be those of the runtime token',
    );
  }
  return body;
}

function artifactName(body: Record<string, unknown>): string {
  const { name } = body;
  if (typeof name !== 'string' || name.trim() === '') {
    throw twirpError(400, 'invalid_argument', 'name: expected a non-empty string');
  }
  return name;
}

const inRun = (state: EmulatorState, name: string) =>
  state.artifacts.records.find(
    (r) => r.runBackendId === state.runnerJob.runBackendId && r.name === name,
  );

async function createArtifact(req: ApiRequest, state: EmulatorState): Promise<Reply> {
  const body = scopedBody(req, state);
  const name = artifactName(body);
  if (inRun(state, name)) {
    // GitHub's words, which do not name the artifact.
    throw twirpError(
      409,
      'already_exists',
      'an artifact with this name already exists on the workflow run',
    );
  }
  const { runBackendId, jobBackendId } = state.runnerJob;
  const record: ArtifactRecord = {
    id: state.artifacts.nextId++,
    name,
    runBackendId,
    jobBackendId,
    blobName: `${runBackendId}/${jobBackendId}/${name}`,
    createdAt: new Date(state.clock.now()).toISOString(),
    ...(typeof body.expires_at === 'string' ? { expiresAt: body.expires_at } : {}),
  };
  const storage = await state.blobStorage();
  await (state.artifacts.container ??= storage.createContainer(ARTIFACT_CONTAINER));
  const signedUploadUrl = storage.signedBlobUrl(
    ARTIFACT_CONTAINER,
    record.blobName,
    'cw',
    new Date(Date.now() + SIGNED_URL_MINUTES * 60_000),
  );
  state.stats.secret(new URL(signedUploadUrl).searchParams.get('sig') ?? signedUploadUrl);
  state.artifacts.records.push(record);
  return { status: 200, body: { ok: true, signed_upload_url: signedUploadUrl } };
}

async function finalizeArtifact(req: ApiRequest, state: EmulatorState): Promise<Reply> {
  const body = scopedBody(req, state);
  const record = inRun(state, artifactName(body));
  if (!record) throw twirpError(404, 'not_found', `no artifact ${String(body.name)} was created`);
  if (record.size !== undefined) {
    throw twirpError(409, 'already_exists', `artifact ${record.name} is already finalized`);
  }
  const bytes = await (await state.blobStorage()).readBlob(ARTIFACT_CONTAINER, record.blobName);
  if (!bytes)
    throw twirpError(400, 'failed_precondition', `nothing was uploaded for ${record.name}`);
  const size = Number(body.size);
  if (size !== bytes.length) {
    throw twirpError(
      400,
      'invalid_argument',
      `size: the upload has ${bytes.length} bytes, given ${String(body.size)}`,
    );
  }
  const digest = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
  if (body.hash !== undefined && body.hash !== digest) {
    throw twirpError(
      400,
      'invalid_argument',
      `hash: the upload's is ${digest}, given ${String(body.hash)}`,
    );
  }
  record.size = size;
  record.digest = digest;
  return { status: 200, body: { ok: true, artifact_id: String(record.id) } };
}

const listed = (r: ArtifactRecord) => ({
  workflow_run_backend_id: r.runBackendId,
  workflow_job_run_backend_id: r.jobBackendId,
  database_id: String(r.id),
  name: r.name,
  size: String(r.size),
  created_at: r.createdAt,
  digest: r.digest,
});

function listArtifacts(req: ApiRequest, state: EmulatorState): Reply {
  const body = scopedBody(req, state);
  const artifacts = state.artifacts.records
    .filter((r) => r.runBackendId === state.runnerJob.runBackendId && r.size !== undefined)
    .filter((r) => body.name_filter === undefined || r.name === body.name_filter)
    .filter((r) => body.id_filter === undefined || String(r.id) === String(body.id_filter))
    .map(listed);
  return { status: 200, body: { artifacts } };
}

async function signedArtifactUrl(req: ApiRequest, state: EmulatorState): Promise<Reply> {
  const body = scopedBody(req, state);
  const record = inRun(state, artifactName(body));
  if (!record || record.size === undefined) {
    throw twirpError(404, 'not_found', `no finalized artifact ${String(body.name)} on the run`);
  }
  const signedUrl = (await state.blobStorage()).signedBlobUrl(
    ARTIFACT_CONTAINER,
    record.blobName,
    'r',
    new Date(Date.now() + SIGNED_URL_MINUTES * 60_000),
  );
  state.stats.secret(new URL(signedUrl).searchParams.get('sig') ?? signedUrl);
  return { status: 200, body: { signed_url: signedUrl } };
}

const route = (method: string, summary: string, handler: Route['handler']): Route => ({
  name: `artifacts.${method[0]?.toLowerCase()}${method.slice(1)}`,
  summary,
  method: 'POST',
  path: `${ARTIFACT_SERVICE_PATH}/${method}`,
  group: 'runner',
  handler,
});

export const artifactServiceRoutes: Route[] = [
  route(
    'CreateArtifact',
    'bearer: ACTIONS_RUNTIME_TOKEN; answers a signed Azurite upload URL',
    createArtifact,
  ),
  route(
    'FinalizeArtifact',
    "checks the upload's size and SHA-256; answers the artifact id",
    finalizeArtifact,
  ),
  route('ListArtifacts', "the run's finalized artifacts, by name or id", listArtifacts),
  route('GetSignedArtifactURL', 'a signed read URL of a finalized artifact', signedArtifactUrl),
];
