/**
 * Champion / challenger: is the new model better than the one it would replace, on a metric
 * read from each model's training run (or, failing that, from the version's properties)?
 */
import type { MachineLearningClient } from '../transport/client.ts';
import { getRunMetric } from './mlflow.ts';
import { parseModelRef, type ChampionRef } from '../grammar/model-ref.ts';
import { getModelVersion, type ModelVersionSnapshot } from './models.ts';
import { getDeployment } from '../online/deployments.ts';
import { getEndpoint } from '../online/endpoints.ts';
import type { Logger } from '../types.ts';

export type MetricDirection = 'max' | 'min';

/** Strictly better: a tie keeps the champion. */
export function isBetter(
  challenger: number,
  champion: number,
  direction: MetricDirection,
): boolean {
  return direction === 'max' ? challenger > champion : challenger < champion;
}

export interface MetricReading {
  value: number;
  /** Where it was read, e.g. "MLflow run of job train-42". */
  from: string;
}

export interface Contender {
  model: ModelVersionSnapshot;
  reading: MetricReading;
}

export interface ChampionComparison {
  metric: string;
  direction: MetricDirection;
  challenger: Contender;
  /** Absent when there is nothing to beat (see `noChampion`). */
  champion?: Contender & { deployment?: { endpoint: string; name: string } };
  /** Why there is no champion: the endpoint is missing or serves nothing. */
  noChampion?: string;
  isBetter: boolean;
}

export interface CompareRequest {
  challenger: ModelVersionSnapshot;
  against: ChampionRef;
  metric: string;
  direction: MetricDirection;
}

export async function compareWithChampion(
  client: MachineLearningClient,
  request: CompareRequest,
  logger: Logger,
): Promise<ChampionComparison> {
  const { metric, direction } = request;
  const challenger = {
    model: request.challenger,
    reading: await metricOf(client, request.challenger, metric),
  };
  const champion = await findChampion(client, request.against);
  // A re-run after the challenger went live finds itself serving: it has nothing to beat, as before.
  const found =
    'model' in champion && champion.model.id === request.challenger.id
      ? { noChampion: `${champion.model.id} itself is the live model` }
      : champion;
  // The caller reports a missing champion (an annotation in the action).
  if ('noChampion' in found) {
    return { metric, direction, challenger, noChampion: found.noChampion, isBetter: true };
  }
  const rival = { ...found, reading: await metricOf(client, found.model, metric) };
  const better = isBetter(challenger.reading.value, rival.reading.value, direction);
  logger.info(
    `${metric} (${direction === 'max' ? 'higher' : 'lower'} is better): challenger ${challenger.model.id} ` +
      `${challenger.reading.value}, champion ${rival.model.id} ${rival.reading.value}: ` +
      `${better ? 'the challenger is better' : 'the challenger is not better'}.`,
  );
  return { metric, direction, challenger, champion: rival, isBetter: better };
}

/** The metric from the model's training run, else from the version's properties; else an error. */
export async function metricOf(
  client: MachineLearningClient,
  model: ModelVersionSnapshot,
  metric: string,
): Promise<MetricReading> {
  if (model.jobName) {
    const value = await getRunMetric(client, model.jobName, metric);
    if (value !== undefined) return { value, from: `MLflow run of job ${model.jobName}` };
  }
  const property = model.properties[metric];
  if (property !== undefined) {
    const value = property.trim() === '' ? NaN : Number(property);
    if (!Number.isFinite(value)) {
      throw new Error(
        `metric ${metric} of model ${model.id}: its property ${metric} is ${JSON.stringify(property)}, not a number`,
      );
    }
    return { value, from: `properties of ${model.id}` };
  }
  const where = model.jobName
    ? `the MLflow run of its training job ${model.jobName} has no such metric and `
    : 'it has no training job, and ';
  throw new Error(
    `metric ${metric} was not found for model ${model.id}: ${where}the version has no property ${metric}`,
  );
}

type Found =
  | { model: ModelVersionSnapshot; deployment?: { endpoint: string; name: string } }
  | { noChampion: string };

async function findChampion(client: MachineLearningClient, ref: ChampionRef): Promise<Found> {
  if (ref.kind === 'model') {
    const model = await getModelVersion(client, ref.name, ref.version);
    if (!model) {
      throw new Error(`the champion model ${ref.name} version ${ref.version} was not found`);
    }
    return { model };
  }
  const live = await liveDeployment(client, ref.endpoint);
  if ('noChampion' in live) return live;
  const modelRef = live.model ? parseModelRef(live.model) : undefined;
  const where = `deployment ${live.name} of endpoint ${ref.endpoint}`;
  if (!modelRef) {
    throw new Error(
      `${where} serves ${live.model ?? 'no model'}, not a model version of this workspace`,
    );
  }
  const model = await getModelVersion(client, modelRef.name, modelRef.version);
  if (!model) {
    throw new Error(
      `${where} serves model ${modelRef.name} version ${modelRef.version}, which was not found`,
    );
  }
  return { model, deployment: { endpoint: ref.endpoint, name: live.name } };
}

/** The deployment with the most live traffic, and the model it serves. */
async function liveDeployment(
  client: MachineLearningClient,
  endpointName: string,
): Promise<{ name: string; model?: string } | { noChampion: string }> {
  const endpoint = await getEndpoint(client, endpointName);
  if (!endpoint) return { noChampion: `endpoint ${endpointName} does not exist` };
  const [name] =
    Object.entries(endpoint.traffic)
      .filter(([, share]) => share > 0)
      .sort(([, a], [, b]) => b - a)[0] ?? [];
  if (name === undefined) return { noChampion: `endpoint ${endpointName} has no live deployment` };
  const deployment = await getDeployment(client, endpointName, name);
  return { name, model: deployment?.model };
}
