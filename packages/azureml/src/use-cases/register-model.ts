/**
 * register-model's use case: register a model version with its lineage (a re-run finds the
 * version it registered before), or verify one exists; then compare it with the champion.
 */
import { formatDuration } from '../grammar/durations.ts';
import { formatModelRef, type ChampionRef } from '../grammar/model-ref.ts';
import {
  compareWithChampion,
  type ChampionComparison,
  type MetricDirection,
} from '../models/champion.ts';
import {
  getModelVersion,
  latestModelVersion,
  registerModel,
  type ModelVersionSnapshot,
  type RegisterModelRequest,
} from '../models/models.ts';
import { failureFrom } from '../transport/azure-error.ts';
import type { MachineLearningClient } from '../transport/client.ts';
import type { Outcome, UseCaseContext } from '../types.ts';

export type RegisterRequest =
  | { mode: 'register'; registration: RegisterModelRequest; compare?: ChampionRequest }
  /** Check that a version exists (e.g. before promoting it). */
  | { mode: 'verify'; name: string; version: string; compare?: ChampionRequest };

export interface ChampionRequest {
  against: ChampionRef;
  metric: string;
  direction: MetricDirection;
}

export interface RegistrationReport {
  mode: RegisterRequest['mode'];
  model: ModelVersionSnapshot;
  /** This call registered the version (not an earlier run, not verify). */
  created: boolean;
  comparison?: ChampionComparison;
}

export async function registerModelVersion(
  client: MachineLearningClient,
  request: RegisterRequest,
  { logger }: UseCaseContext,
): Promise<Outcome<RegistrationReport>> {
  let report: RegistrationReport;
  if (request.mode === 'verify') {
    const { name, version } = request;
    let model: ModelVersionSnapshot | undefined;
    try {
      model = await getModelVersion(client, name, version);
    } catch (err) {
      return {
        failure: failureFrom(client, `Could not read model ${name} version ${version}`, err),
      };
    }
    if (!model) {
      return {
        failure: { what: `model ${name} version ${version} not found — run training first` },
      };
    }
    logger.info(`Model ${model.id} exists.`);
    report = { mode: 'verify', model, created: false };
  } else {
    const name = request.registration.name;
    try {
      const { model, created } = await registerModel(client, request.registration, logger);
      report = { mode: 'register', model, created };
    } catch (err) {
      return { failure: failureFrom(client, `Could not register model ${name}`, err) };
    }
  }

  const { compare } = request;
  if (!compare) return { report };
  try {
    report.comparison = await compareWithChampion(
      client,
      { challenger: report.model, ...compare },
      logger,
    );
    return { report };
  } catch (err) {
    const against =
      compare.against.kind === 'endpoint'
        ? `endpoint:${compare.against.endpoint}`
        : formatModelRef(compare.against);
    const what = `Could not compare model ${report.model.id} with ${against}`;
    return { report, failure: failureFrom(client, what, err) };
  }
}

export interface FreshnessRequest {
  name: string;
  /** A newest version older than this (or none at all) is stale: time to retrain. */
  staleAfterMs: number;
}

export interface FreshnessReport {
  /** The newest version; none when the model has no version yet. */
  model?: ModelVersionSnapshot;
  /** Its age on the registry's clock. */
  ageMs?: number;
  stale: boolean;
}

/** Whether the newest version of a model is older than allowed (a scheduled retrain asks this). */
export async function checkModelFreshness(
  client: MachineLearningClient,
  request: FreshnessRequest,
  { logger }: UseCaseContext,
): Promise<Outcome<FreshnessReport>> {
  let latest: Awaited<ReturnType<typeof latestModelVersion>>;
  try {
    latest = await latestModelVersion(client, request.name);
  } catch (err) {
    return {
      failure: failureFrom(client, `Could not read the versions of model ${request.name}`, err),
    };
  }
  const { model, registryNow } = latest;
  const limit = formatDuration(request.staleAfterMs, 's');
  if (!model?.createdAt) {
    logger.info(`Model ${request.name} has no version yet: stale.`);
    return { report: { stale: true } };
  }
  const ageMs = Math.max(0, registryNow - model.createdAt.getTime());
  const stale = ageMs > request.staleAfterMs;
  logger.info(
    `Newest version ${model.id} is ${formatDuration(ageMs, 's')} old: ${stale ? `older than ${limit}, stale` : `within ${limit}, fresh`}.`,
  );
  return { report: { model, ageMs, stale } };
}
