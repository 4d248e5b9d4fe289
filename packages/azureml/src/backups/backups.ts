/**
 * Backups of an online endpoint: taken before the first change and stored durably, loaded with
 * their sha256 checked, found again by run, and restored — deployments first, then traffic and
 * mirror traffic in one whole-endpoint PUT, then verified by a GET that hashes to the backup.
 */
import type { OnlineDeployment } from '@azure/arm-machinelearning';
import { BACKUP_ID } from '../grammar/names.ts';
import type { RawEndpoint } from '../online/endpoint-body.ts';
import { applyDeployment, readDeploymentResources } from '../online/deployments.ts';
import { writableDeployment } from '../online/deployment-body.ts';
import {
  ENDPOINT_API_VERSION,
  readEndpoint,
  settledEndpoint,
  updateEndpoint,
} from '../online/endpoints.ts';
import { WORKSPACE_BLOBSTORE } from '../storage/datastore.ts';
import { parseDatastoreUri } from '../storage/datastore-uri.ts';
import { failureFrom } from '../transport/azure-error.ts';
import type { MachineLearningClient } from '../transport/client.ts';
import { withDeadline, type Waiting } from '../transport/lro.ts';
import { CancelledError } from '../transport/waits.ts';
import { inGroup } from '../log-group.ts';
import { describeTraffic } from '../grammar/text.ts';
import { canonicalJson } from '../transport/plain-data.ts';
import type { Failure, Outcome, UseCaseContext } from '../types.ts';
import { diffStates, type BackupDifference } from './diff.ts';
import {
  backupDocument,
  documentBytes,
  parseBackupDocument,
  restorableState,
  stateSha256,
  type BackupDocument,
  type BackupRun,
} from './document.ts';
import { unfinishedRollout, withoutRolloutMarker } from './rollout-marker.ts';
import { backupPath, openBackupStore, type BackupStore } from './store.ts';

/** A backup as the actions and the rollout use it; `document` is the whole stored document. */
export interface EndpointBackup {
  id: string;
  sha256: string;
  /** `azureml://subscriptions/…/datastores/workspaceblobstore/paths/mlops-actions/backups/<endpoint>/<id>.json` */
  uri: string;
  endpointName: string;
  takenAt: string;
  traffic: Record<string, number>;
  mirrorTraffic: Record<string, number>;
  document: BackupDocument;
}

/**
 * A backup that cannot be taken or used: named, with the request field at fault (`input`), so
 * the step fails as bad input before anything is written.
 */
export class BackupError extends Error {
  override readonly name = 'BackupError';
  readonly input: 'endpoint-name' | 'backup-id' | 'backup-uri';
  readonly hint: string | undefined;

  constructor(message: string, input: BackupError['input'], hint?: string) {
    super(message);
    this.input = input;
    this.hint = hint;
  }
}

/** The endpoint to back up does not exist: a first release, or a wrong name. */
export class MissingEndpointError extends BackupError {}

export interface TakeBackupRequest {
  endpointName: string;
  /** The run taking it: `findRunBackup` finds it by `run.id`. */
  run?: BackupRun | undefined;
  commit?: string | undefined;
  /** How long to wait for an operation already running on the endpoint (default 10 minutes). */
  settleTimeoutMs?: number | undefined;
  pollIntervalMs?: number | undefined;
}

const DEFAULT_SETTLE_TIMEOUT_MS = 10 * 60_000;

type Context = Pick<UseCaseContext, 'logger' | 'signal'>;

/**
 * Reads the endpoint (at 2024-04-01) and every deployment, writes the canonical document to the
 * workspace's blob datastore and returns once it is stored. Refused while an unfinished rollout
 * marker is on the endpoint: that rollout's original backup is the one to keep, and is named.
 */
export async function takeBackup(
  client: MachineLearningClient,
  request: TakeBackupRequest,
  ctx: Context,
): Promise<EndpointBackup> {
  const { endpointName } = request;
  // An endpoint in the middle of an update is backed up once it has settled, not half-way.
  const endpoint = await settledEndpoint(
    client,
    endpointName,
    withDeadline({
      logger: ctx.logger,
      timeoutMs: request.settleTimeoutMs ?? DEFAULT_SETTLE_TIMEOUT_MS,
      ...(request.pollIntervalMs !== undefined ? { pollIntervalMs: request.pollIntervalMs } : {}),
      ...(ctx.signal ? { signal: ctx.signal } : {}),
    }),
  );
  if (!endpoint) {
    throw new MissingEndpointError(
      `Endpoint ${endpointName} not found in workspace ${client.workspace.workspace}: there is nothing to back up`,
      'endpoint-name',
    );
  }
  const store = await openBackupStore(client, ctx);
  const rollout = unfinishedRollout(endpoint.tags);
  if (rollout) {
    const original = await originalBackupOf(rollout, endpointName, store);
    throw new BackupError(
      `Endpoint ${endpointName} carries the marker of an unfinished rollout (tag mlops.rollout: ${rollout.marker}); a backup now would record its intermediate traffic. That rollout's original backup is ${original}`,
      'endpoint-name',
      `Finish or roll back that rollout first (shift-traffic again, or backup-and-rollback mode rollback with ${original})`,
    );
  }
  const deployments = await readDeploymentResources(client, endpointName, ctx.signal);
  for (const d of deployments) {
    const state = String(d.properties?.provisioningState ?? 'Unknown');
    if (state !== 'Succeeded') {
      ctx.logger.warning(
        `Deployment ${d.name} of endpoint ${endpointName} is ${state}: the backup records its spec as Azure shows it now.`,
      );
    }
  }
  const document = backupDocument(
    {
      endpointName: endpoint.name ?? endpointName,
      takenAt: new Date().toISOString(),
      apiVersions: { endpoint: ENDPOINT_API_VERSION, deployments: client.sdk.apiVersion },
      run: request.run,
      commit: request.commit,
      workspace: client.workspace,
    },
    endpoint,
    deployments,
  );
  const { uri } = await store.save(document, documentBytes(document));
  ctx.logger.info(
    `Backup ${document.id} of endpoint ${document.endpointName} stored at ${uri} (traffic ${describeTraffic(document.traffic)}, mirror ${describeTraffic(document.mirrorTraffic)}, ${Object.keys(document.deployments).length} deployment(s); sha256 ${document.sha256}).`,
  );
  return backupOf(document, uri);
}

/** How to name a rollout's original backup: by id and URI when the store has it. */
async function originalBackupOf(
  rollout: ReturnType<typeof unfinishedRollout> & object,
  endpointName: string,
  store: BackupStore,
): Promise<string> {
  if (rollout.backupId) {
    return `backup ${rollout.backupId} (${store.uriOf(backupPath(endpointName, rollout.backupId))})`;
  }
  if (!rollout.backupSha256) return 'not named by its marker';
  const stored = (await store.list(endpointName)).filter((b) => b.sha256 === rollout.backupSha256);
  const latest = stored.at(-1);
  return latest
    ? `backup ${latest.id} (${store.uriOf(latest.path)})`
    : `the backup with sha256 ${rollout.backupSha256} (not in ${store.uriOf(backupPath(endpointName, '')).replace(/\.json$/, '')})`;
}

export interface LoadBackupRequest {
  endpointName: string;
  backupId?: string | undefined;
  /** `azureml://…/datastores/<d>/paths/<p>` (the `backup-uri` output of the run that took it). */
  uri?: string | undefined;
}

/** The backup by id (in workspaceblobstore) or by URI, its sha256 checked against its content. */
export async function loadBackup(
  client: MachineLearningClient,
  request: LoadBackupRequest,
  ctx: Context,
): Promise<EndpointBackup> {
  const { endpointName, backupId, uri } = request;
  const where = locate(client, request);
  const store = await openBackupStore(client, ctx, where.datastore);
  const shownUri = uri ?? store.uriOf(where.path);
  const named = backupId ? `Backup ${backupId} of endpoint ${endpointName}` : `Backup ${uri}`;
  const input = backupId ? 'backup-id' : 'backup-uri';
  const text = await store.read(where.path);
  if (text === undefined) {
    throw new BackupError(
      `${named} not found (no ${shownUri})`,
      input,
      backupId ? 'Give a backup-id the backup mode printed, or its backup-uri' : undefined,
    );
  }
  const parsed = parseBackupDocument(text);
  if (!parsed.ok) {
    throw new BackupError(
      `${named} cannot be used: ${parsed.problem.detail}`,
      input,
      parsed.problem.kind === 'tampered'
        ? 'The stored document was changed after it was written; restore from another backup'
        : undefined,
    );
  }
  const { document } = parsed;
  if (document.endpointName.toLowerCase() !== endpointName.toLowerCase()) {
    throw new BackupError(
      `${named} is a backup of endpoint ${document.endpointName}, not ${endpointName}`,
      input,
    );
  }
  if (backupId && document.id !== backupId) {
    throw new BackupError(`${named}: the document at ${shownUri} is backup ${document.id}`, input);
  }
  return backupOf(document, shownUri);
}

function locate(
  client: MachineLearningClient,
  { endpointName, backupId, uri }: LoadBackupRequest,
): { datastore: string; path: string } {
  if ((backupId === undefined) === (uri === undefined)) {
    throw new BackupError(
      `Name the backup of endpoint ${endpointName} by its id or by its URI (exactly one of them)`,
      backupId === undefined ? 'backup-id' : 'backup-uri',
    );
  }
  if (backupId !== undefined) {
    if (!BACKUP_ID.pattern.test(backupId)) {
      throw new BackupError(
        `Backup id ${JSON.stringify(backupId)}: expected ${BACKUP_ID.rule}`,
        'backup-id',
      );
    }
    return { datastore: WORKSPACE_BLOBSTORE, path: backupPath(endpointName, backupId) };
  }
  const parsed = parseDatastoreUri(uri ?? '');
  if (!parsed || !parsed.path.endsWith('.json')) {
    throw new BackupError(
      `Backup URI ${uri}: expected azureml://subscriptions/<s>/resourcegroups/<rg>/workspaces/<ws>/datastores/<d>/paths/<path>.json (the backup-uri output)`,
      'backup-uri',
    );
  }
  const own = client.workspace;
  const other =
    parsed.workspace &&
    (parsed.workspace.subscriptionId.toLowerCase() !== own.subscriptionId.toLowerCase() ||
      parsed.workspace.resourceGroup.toLowerCase() !== own.resourceGroup.toLowerCase() ||
      parsed.workspace.workspace.toLowerCase() !== own.workspace.toLowerCase());
  if (other) {
    throw new BackupError(
      `Backup URI ${uri} is in workspace ${parsed.workspace?.workspace}, not in ${own.workspace} where endpoint ${endpointName} is`,
      'backup-uri',
    );
  }
  return { datastore: parsed.datastore, path: parsed.path };
}

/** The latest backup of the endpoint that run `runId` took (any attempt); undefined when none. */
export async function findRunBackup(
  client: MachineLearningClient,
  request: { endpointName: string; runId: string },
  ctx: Context,
): Promise<EndpointBackup | undefined> {
  const store = await openBackupStore(client, ctx);
  const latest = (await store.list(request.endpointName))
    .filter((b) => b.runId === request.runId)
    .at(-1);
  if (!latest) return undefined;
  return loadBackup(client, { endpointName: request.endpointName, backupId: latest.id }, ctx);
}

function backupOf(document: BackupDocument, uri: string): EndpointBackup {
  return {
    id: document.id,
    sha256: document.sha256,
    uri,
    endpointName: document.endpointName,
    takenAt: document.takenAt,
    traffic: document.traffic,
    mirrorTraffic: document.mirrorTraffic,
    document,
  };
}

/** The endpoint as it is, against a backup. */
export interface BackupComparison {
  /** Of the live traffic, mirror traffic and the backup's deployments, as the backup's is of its own. */
  liveSha256: string;
  same: boolean;
  differences: BackupDifference[];
  /** Live deployments the backup does not know (a restore leaves them, without traffic). */
  otherDeployments: string[];
}

/** Reads the endpoint and its deployments and compares them with the backup. */
export async function compareWithBackup(
  client: MachineLearningClient,
  backup: EndpointBackup,
  ctx: Context,
): Promise<BackupComparison> {
  const endpoint = await readEndpoint(client, backup.endpointName, ctx.signal);
  if (!endpoint) {
    throw new BackupError(
      `Endpoint ${backup.endpointName} not found in workspace ${client.workspace.workspace}`,
      'endpoint-name',
    );
  }
  const deployments = await readDeploymentResources(client, backup.endpointName, ctx.signal);
  return comparison(backup, endpoint, deployments);
}

function comparison(
  backup: EndpointBackup,
  endpoint: RawEndpoint,
  deployments: Awaited<ReturnType<typeof readDeploymentResources>>,
): BackupComparison {
  const names = Object.keys(backup.document.deployments);
  const live = restorableState(endpoint, deployments, names);
  const liveSha256 = stateSha256(live);
  const known = new Set(names.map((n) => n.toLowerCase()));
  return {
    liveSha256,
    same: liveSha256 === backup.sha256,
    differences: diffStates(backup.document, live),
    otherDeployments: deployments
      .map((d) => d.name ?? '')
      .filter((name) => !known.has(name.toLowerCase())),
  };
}

export interface RestoreOptions {
  /** One deadline for every operation of the restore (default 30 minutes). */
  timeoutMs?: number;
  /** How often to poll an operation (default: its Retry-After, else 5 s). */
  pollIntervalMs?: number;
}

export interface RestoreReport {
  backupId: string;
  backupSha256: string;
  endpoint: string;
  /** What differed before the restore. */
  differences: BackupDifference[];
  /** Deployments of the backup that no longer existed, created again. */
  recreated: string[];
  /** Deployments whose spec had changed, put back. */
  restored: string[];
  /** Whether the one endpoint PUT was sent (false: traffic and mirror traffic already were the backup's). */
  trafficWritten: boolean;
  trafficBefore: Record<string, number>;
  mirrorTrafficBefore: Record<string, number>;
  trafficAfter: Record<string, number>;
  mirrorTrafficAfter: Record<string, number>;
  /** The verifying GET's sha256 equals the backup's. */
  verified: boolean;
  liveSha256?: string;
  /** Live deployments the backup does not know: left in place, without traffic. */
  otherDeployments: string[];
  /** True when nothing was written (the endpoint already was at the backup). */
  unchanged: boolean;
}

const DEFAULT_RESTORE_TIMEOUT_MS = 30 * 60_000;

/** Said by every failure that stops before the endpoint PUT. */
export const TRAFFIC_NOT_MOVED = 'Live traffic was not moved';

/**
 * Puts the endpoint back at `backup`: each deployment of the backup that is missing is created
 * and each whose spec changed is PUT back (waited for) before any traffic moves to it; then one
 * whole-endpoint PUT at 2024-04-01 writes the backup's traffic and mirror traffic (tags, identity
 * and the rest kept; the marker of a rollout from this backup removed); then a GET must hash to
 * the backup's sha256. Nothing is written for what already is as backed up.
 */
export async function restoreBackup(
  client: MachineLearningClient,
  backup: EndpointBackup,
  ctx: Context,
  options: RestoreOptions = {},
): Promise<Outcome<RestoreReport>> {
  const { logger, signal } = ctx;
  const name = backup.endpointName;
  const wait: Waiting = withDeadline({
    logger,
    timeoutMs: options.timeoutMs ?? DEFAULT_RESTORE_TIMEOUT_MS,
    ...(options.pollIntervalMs !== undefined ? { pollIntervalMs: options.pollIntervalMs } : {}),
    ...(signal ? { signal } : {}),
  });
  let report: RestoreReport | undefined;
  const stop = (what: string, hint?: string) => (err: unknown) => {
    const failure: Failure =
      err instanceof CancelledError
        ? { what: `Cancelled while waiting: ${err.message}`, ...(hint ? { hint } : {}) }
        : { ...failureFrom(client, what, err), ...(hint ? { hint } : {}) };
    throw new Stop(failure);
  };
  try {
    const endpoint = await settledEndpoint(client, name, wait).catch(
      stop(`Could not read endpoint ${name}`),
    );
    if (!endpoint) {
      return {
        failure: {
          what: `Endpoint ${name} not found in workspace ${client.workspace.workspace}`,
          hint: 'A backup restores the traffic and deployments of an endpoint that exists; create the endpoint first (deploy-endpoint)',
          input: 'endpoint-name',
        },
      };
    }
    const deployments = await readDeploymentResources(client, name, signal).catch(
      stop(`Could not list the deployments of endpoint ${name}`),
    );
    const before = comparison(backup, endpoint, deployments);
    report = {
      backupId: backup.id,
      backupSha256: backup.sha256,
      endpoint: name,
      differences: before.differences,
      recreated: [],
      restored: [],
      trafficWritten: false,
      trafficBefore: endpoint.properties?.traffic ?? {},
      mirrorTrafficBefore: endpoint.properties?.mirrorTraffic ?? {},
      trafficAfter: endpoint.properties?.traffic ?? {},
      mirrorTrafficAfter: endpoint.properties?.mirrorTraffic ?? {},
      verified: false,
      otherDeployments: before.otherDeployments,
      unchanged: true,
    };
    const current = report;
    const rollout = unfinishedRollout(endpoint.tags);
    const ownRollout =
      rollout !== undefined &&
      (rollout.backupId === backup.id || rollout.backupSha256 === backup.sha256);
    if (before.same && !ownRollout) {
      logger.info(
        `Endpoint ${name} already is at backup ${backup.id} (sha256 ${backup.sha256}); nothing to restore.`,
      );
      return { report: { ...current, verified: true, liveSha256: before.liveSha256 } };
    }

    const live = new Map(deployments.map((d) => [(d.name ?? '').toLowerCase(), d]));
    for (const [deployment, spec] of Object.entries(backup.document.deployments).sort()) {
      const found = live.get(deployment.toLowerCase());
      // A deployment that failed to provision is PUT again even when its spec is as backed up.
      const asBackedUp =
        found &&
        found.properties?.provisioningState === 'Succeeded' &&
        canonicalJson(writableDeployment(found)) === canonicalJson(spec);
      if (asBackedUp) continue;
      logger.info(
        found
          ? `Deployment ${deployment} differs from backup ${backup.id}: putting its spec back.`
          : `Deployment ${deployment} of backup ${backup.id} no longer exists: creating it again.`,
      );
      await inGroup(logger, `Deployment ${deployment}`, () =>
        applyDeployment(client, name, deployment, spec as unknown as OnlineDeployment, wait, true),
      ).catch(
        stop(`Could not restore deployment ${deployment} of endpoint ${name}`, TRAFFIC_NOT_MOVED),
      );
      (found ? current.restored : current.recreated).push(deployment);
      current.unchanged = false;
    }

    const read = await settledEndpoint(client, name, wait).catch(
      stop(`Could not read endpoint ${name}`, TRAFFIC_NOT_MOVED),
    );
    if (!read) throw new Stop({ what: `Endpoint ${name} is gone`, hint: TRAFFIC_NOT_MOVED });
    const sharesDiffer =
      diffStates({ ...backup.document, deployments: {} }, restorableState(read, [])).length > 0;
    if (sharesDiffer || ownRollout) {
      if (rollout && !ownRollout) {
        logger.warning(
          `Endpoint ${name} carries the marker of a rollout from another backup (${rollout.backupId ?? rollout.backupSha256 ?? 'unnamed'}); it is left on the endpoint.`,
        );
      }
      logger.info(
        `Restoring the traffic of endpoint ${name} to ${describeTraffic(backup.traffic)}, mirror ${describeTraffic(backup.mirrorTraffic)} (one PUT at api-version ${ENDPOINT_API_VERSION}; tags and identity kept${ownRollout ? ', the rollout marker removed' : ''}).`,
      );
      const after = await inGroup(logger, `Traffic of ${name}`, () =>
        updateEndpoint(
          client,
          read,
          name,
          {
            traffic: backup.traffic,
            mirrorTraffic: backup.mirrorTraffic,
            ...(ownRollout ? { tags: withoutRolloutMarker(read.tags ?? {}) } : {}),
          },
          wait,
        ),
      ).catch(stop(`Could not restore the traffic of endpoint ${name}`));
      Object.assign(current, {
        trafficWritten: true,
        unchanged: false,
        trafficAfter: after.traffic,
        mirrorTrafficAfter: after.mirrorTraffic,
      });
    }

    const verify = await compareWithBackup(client, backup, ctx).catch(
      stop(`Could not read endpoint ${name} back to verify it`),
    );
    current.liveSha256 = verify.liveSha256;
    current.verified = verify.same;
    if (!verify.same) {
      return {
        report: current,
        failure: {
          what: `Endpoint ${name} does not hash to backup ${backup.id} after the restore`,
          detail: `live sha256 ${verify.liveSha256}, backup ${backup.sha256}; still different: ${verify.differences.map((d) => d.path).join(', ')}`,
          hint: 'Someone may have changed the endpoint meanwhile; run verify mode to see the difference',
        },
      };
    }
    logger.info(
      `Endpoint ${name} is at backup ${backup.id}: verified (sha256 ${verify.liveSha256}).`,
    );
    return { report: current };
  } catch (err) {
    if (!(err instanceof Stop)) throw err;
    return { ...(report ? { report } : {}), failure: err.failure };
  }
}

/** Thrown inside restoreBackup to end it with a failure; caught once, at its top. */
class Stop extends Error {
  readonly failure: Failure;

  constructor(failure: Failure) {
    super(failure.what);
    this.failure = failure;
  }
}
