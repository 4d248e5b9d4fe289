/**
 * shift-traffic's use case: the progressive rollout of packages/rollout run over this package's
 * endpoint writes (one whole-endpoint PUT at 2024-04-01 per stage, then a GET) and Azure Monitor
 * metrics. Before the first write: the backup, the plan (refused when it cannot run), and the
 * rollout marker already on the endpoint (resume this run's, restore another's).
 */
import {
  executeRollout,
  OutsideChangeError,
  parseRolloutMarker,
  PlanError,
  planRollout,
  sameWeights,
  type Clock,
  type EndpointPort,
  type GateWebhook,
  type MetricsSource,
  type PlanInput,
  type RolloutReport,
  type RolloutRun,
  type Weights,
  withoutRolloutMarker,
} from '@mlops-actions/rollout';
import { BackupError, findRunBackup, loadBackup, takeBackup } from '../backups/backups.ts';
import type { BackupRun } from '../backups/document.ts';
import { readEndpointWindow } from '../metrics/monitor-metrics.ts';
import { listDeployments } from '../online/deployments.ts';
import { getEndpoint } from '../online/endpoints.ts';
import { writeTraffic } from '../online/traffic.ts';
import { failureFrom } from '../transport/azure-error.ts';
import type { MachineLearningClient } from '../transport/client.ts';
import type { EndpointSnapshot, Failure, Outcome, UseCaseContext } from '../types.ts';

/** The backup a rollback returns to. */
export interface RolloutBackup {
  id: string;
  sha256: string;
  uri: string;
  traffic: Weights;
  mirrorTraffic: Weights;
}

/**
 * Where backups come from (the backup store of backup-and-rollback). `load` checks the
 * document's sha256; `findRun` gives the latest backup this run took.
 */
export interface RolloutBackups {
  take(endpointName: string): Promise<RolloutBackup>;
  load(endpointName: string, backupId: string): Promise<RolloutBackup | undefined>;
  findRun(endpointName: string, runId: string): Promise<RolloutBackup | undefined>;
  /** True when the backup is kept durably and verified (delete-old needs one). */
  durable: boolean;
}

/**
 * The backups of backup-and-rollback (workspaceblobstore): `take` is refused while a rollout
 * marker is on the endpoint, `load` checks the sha256, `findRun` is the latest of this run.
 */
export function storedBackups(
  client: MachineLearningClient,
  run: BackupRun,
  ctx: UseCaseContext,
): RolloutBackups {
  return {
    durable: true,
    take: (endpointName) => takeBackup(client, { endpointName, run }, ctx),
    load: (endpointName, backupId) => loadBackup(client, { endpointName, backupId }, ctx),
    findRun: (endpointName, runId) => findRunBackup(client, { endpointName, runId }, ctx),
  };
}

/** The plan's inputs (the live state is read, not given), and how to run it. */
export interface ShiftTrafficRequest extends Omit<PlanInput, 'live' | 'deployments'> {
  endpointName: string;
  /** Real ms between polls of an endpoint operation. */
  pollIntervalMs: number;
  run: RolloutRun;
  backupId?: string | undefined;
  rollbackOnFailure: boolean;
  deleteOld: boolean;
  gateWebhook?: string | undefined;
  clock: Clock;
  backups: RolloutBackups;
  /** Told of the backup before the first write (the post step's repair needs it). */
  onBackup?: (backup: RolloutBackup) => void;
}

export interface ShiftTrafficReport extends Partial<RolloutReport> {
  endpoint: string;
  backup?: RolloutBackup | undefined;
}

/** Real ms the restoring write may take after a cancellation: well within the runner's 7.5 s. */
const ROLLBACK_BUDGET_MS = 6_000;

export async function shiftTraffic(
  client: MachineLearningClient,
  request: ShiftTrafficRequest,
  { logger, signal }: UseCaseContext,
): Promise<Outcome<ShiftTrafficReport>> {
  const { endpointName } = request;
  const report: ShiftTrafficReport = { endpoint: endpointName };
  const fail = (failure: Failure): Outcome<ShiftTrafficReport> => ({ report, failure });
  const started = request.clock.now();
  let endpoint: EndpointSnapshot | undefined;
  try {
    endpoint = await getEndpoint(client, endpointName);
  } catch (err) {
    return fail(failureFrom(client, `Could not read endpoint ${endpointName}`, err));
  }
  if (!endpoint)
    return fail({ what: `Endpoint ${endpointName} not found`, input: 'endpoint-name' });
  const found = parseRolloutMarker(endpoint.tags);
  const deployments = await listDeployments(client, endpointName).catch((err: unknown) => err);
  if (deployments instanceof Error || !Array.isArray(deployments)) {
    return fail(
      failureFrom(client, `Could not list the deployments of ${endpointName}`, deployments),
    );
  }

  // A rollout already on the endpoint is planned from its own backup, not from its weights.
  let backup: RolloutBackup;
  try {
    if (found) {
      backup = { id: `marker-${found.backup.sha256.slice(0, 12)}`, uri: '', ...found.backup };
    } else if (request.backupId !== undefined) {
      const loaded = await request.backups.load(endpointName, request.backupId);
      if (!loaded)
        return fail({
          what: `Backup ${request.backupId} of endpoint ${endpointName} not found`,
          input: 'backup-id',
        });
      backup = loaded;
    } else {
      backup =
        (await request.backups.findRun(endpointName, request.run.runId)) ??
        (await request.backups.take(endpointName));
    }
  } catch (err) {
    if (err instanceof BackupError) {
      return fail({ what: err.message, hint: err.hint, input: err.input });
    }
    return fail(
      failureFrom(client, `Could not read or take the backup of endpoint ${endpointName}`, err),
    );
  }
  report.backup = backup;
  if (
    !found &&
    (!sameWeights(backup.traffic, endpoint.traffic) ||
      !sameWeights(backup.mirrorTraffic, endpoint.mirrorTraffic))
  ) {
    return fail({
      what: `Endpoint ${endpointName} is not at backup ${backup.id}`,
      detail: `live traffic ${JSON.stringify(endpoint.traffic)} (mirror ${JSON.stringify(endpoint.mirrorTraffic)}), backup ${JSON.stringify(backup.traffic)} (mirror ${JSON.stringify(backup.mirrorTraffic)})`,
      hint: 'Take a new backup of the endpoint as it is, or restore this one first',
      input: 'backup-id',
    });
  }
  let plan;
  try {
    plan = planRollout({
      ...request,
      live: { traffic: backup.traffic, mirrorTraffic: backup.mirrorTraffic },
      deployments: deployments.map((d) => ({
        name: d.name,
        provisioningState: d.provisioningState,
      })),
    });
  } catch (err) {
    if (err instanceof PlanError) {
      return fail({ what: `expected ${err.expected}, got ${err.given}`, input: err.input });
    }
    throw err;
  }
  request.onBackup?.(backup);
  logger.info(
    `Plan: ${plan.stages.map((s) => (s.kind === 'step' ? `${s.percent} %` : s.kind)).join(' -> ')}; worst case ${Math.round(plan.worstCaseMs / 60_000)}m of the ${Math.round(request.timeoutMs / 60_000)}m timeout; backup ${backup.id} (sha256 ${backup.sha256}).`,
  );

  const wait = (timeoutMs: number, waitSignal: AbortSignal | undefined) => ({
    logger,
    pollIntervalMs: request.pollIntervalMs,
    timeoutMs,
    signal: waitSignal,
  });
  const port: EndpointPort = {
    async read(readSignal) {
      const read = await getEndpoint(client, endpointName);
      readSignal?.throwIfAborted();
      if (!read) throw new Error(`Endpoint ${endpointName} is gone`);
      return read;
    },
    async write(change, writeSignal) {
      const after = await writeTraffic(
        client,
        endpointName,
        {
          traffic: change.traffic,
          mirrorTraffic: change.mirrorTraffic,
          tags: change.tags,
          check: (read) => {
            const expected = change.expect;
            if (
              expected &&
              (!sameWeights(read.traffic, expected.traffic) ||
                !sameWeights(read.mirrorTraffic, expected.mirrorTraffic))
            ) {
              throw new OutsideChangeError(expected, read);
            }
          },
        },
        wait(request.writeAllowanceMs, writeSignal),
      );
      return after;
    },
    async deleteDeployment(name) {
      const { resourceGroup, workspace } = client.workspace;
      await client.sdk.onlineDeployments.beginDeleteAndWait(
        resourceGroup,
        workspace,
        endpointName,
        name,
        {
          updateIntervalInMs: request.pollIntervalMs,
        },
      );
    },
  };
  const metrics: MetricsSource = {
    window: (start, end, _deployments, metricsSignal) =>
      readEndpointWindow(client, endpointName, start, end, metricsSignal),
  };
  let rollout: RolloutReport;
  try {
    rollout = await executeRollout({
      plan,
      run: request.run,
      backup: {
        sha256: backup.sha256,
        traffic: backup.traffic,
        mirrorTraffic: backup.mirrorTraffic,
      },
      found,
      clock: request.clock,
      endpoint: port,
      metrics,
      gateWebhook: request.gateWebhook ? httpGateWebhook(request.gateWebhook) : undefined,
      logger,
      signal,
      deadline: started + request.timeoutMs - plan.rollbackReserveMs,
      rollbackSignal: () => AbortSignal.timeout(ROLLBACK_BUDGET_MS + request.writeAllowanceMs),
      rollbackOnFailure: request.rollbackOnFailure,
      deleteOld: request.deleteOld,
      backupVerified: request.backups.durable,
    });
  } catch (err) {
    // Only the restoring write itself can end here: the endpoint's state is not known.
    return fail({
      ...failureFrom(
        client,
        `The rollout of ${request.to} on ${endpointName} failed and its rollback did not finish`,
        err,
      ),
      hint: `The post step restores backup ${backup.id}; or run backup-and-rollback mode rollback with backup-id ${backup.id}`,
    });
  }
  Object.assign(report, rollout);
  if (rollout.result === 'promoted') return { report };
  return fail({
    what:
      rollout.result === 'rolled-back'
        ? `Rolled back to backup ${backup.id}: ${rollout.reason}`
        : `Rollout halted: ${rollout.reason}`,
    ...(rollout.result === 'halted'
      ? {
          hint: `rollback-on-failure is false: the traffic stays at ${JSON.stringify(rollout.finalTraffic)}; a re-run of this run resumes`,
        }
      : {}),
  });
}

/** POSTs the window's figures; a 2xx answer passes it (like Flagger's rollout webhook). */
function httpGateWebhook(url: string): GateWebhook {
  return async (payload, signal) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(payload),
      signal: signal
        ? AbortSignal.any([signal, AbortSignal.timeout(30_000)])
        : AbortSignal.timeout(30_000),
    });
    await response.arrayBuffer();
    return { ok: response.ok, status: response.status };
  };
}

/**
 * The post step's check after a main step that did not finish (or rolled back): the endpoint's
 * traffic and mirror traffic equal the backup's, else one write restores them (the marker removed).
 */
export async function ensureAtBackup(
  client: MachineLearningClient,
  request: {
    endpointName: string;
    backup: RolloutBackup;
    pollIntervalMs: number;
    timeoutMs: number;
  },
  { logger, signal }: UseCaseContext,
): Promise<Outcome<{ repaired: boolean }>> {
  const { endpointName, backup } = request;
  try {
    const live = await getEndpoint(client, endpointName);
    if (!live) return { failure: { what: `Endpoint ${endpointName} not found` } };
    const atBackup =
      sameWeights(live.traffic, backup.traffic) &&
      sameWeights(live.mirrorTraffic, backup.mirrorTraffic) &&
      parseRolloutMarker(live.tags) === undefined;
    if (atBackup) {
      logger.info(
        `Endpoint ${endpointName} is at backup ${backup.id}: traffic ${JSON.stringify(live.traffic)}, mirror ${JSON.stringify(live.mirrorTraffic)}.`,
      );
      return { report: { repaired: false } };
    }
    logger.warning(
      `Endpoint ${endpointName} is not at backup ${backup.id} (traffic ${JSON.stringify(live.traffic)}, mirror ${JSON.stringify(live.mirrorTraffic)}): restoring it in one write.`,
    );
    const after = await writeTraffic(
      client,
      endpointName,
      { traffic: backup.traffic, mirrorTraffic: backup.mirrorTraffic, tags: withoutRolloutMarker },
      { logger, pollIntervalMs: request.pollIntervalMs, timeoutMs: request.timeoutMs, signal },
    );
    if (
      !sameWeights(after.traffic, backup.traffic) ||
      !sameWeights(after.mirrorTraffic, backup.mirrorTraffic)
    ) {
      return {
        failure: {
          what: `Endpoint ${endpointName} reads ${JSON.stringify(after.traffic)} after restoring backup ${backup.id}`,
        },
      };
    }
    logger.info(`Endpoint ${endpointName} restored to backup ${backup.id}.`);
    return { report: { repaired: true } };
  } catch (err) {
    return {
      failure: failureFrom(
        client,
        `Could not return endpoint ${endpointName} to backup ${backup.id}`,
        err,
      ),
    };
  }
}
