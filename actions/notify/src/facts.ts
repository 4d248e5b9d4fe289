import { runnerContext, type InputValues } from '@mlops-actions/action-kit';
import { studioUrl, type NotifyFacts, type Result, type Traffic } from '@mlops-actions/notify';
import type { definition } from './definition.ts';

type Inputs = InputValues<typeof definition.inputs>;

const trafficOf = (map: Record<string, unknown> | undefined): Traffic | undefined =>
  map && Object.fromEntries(Object.entries(map).map(([name, share]) => [name, Number(share)]));

const lines = (text: string | undefined): string[] | undefined =>
  text
    ?.split('\n')
    .map((line) => line.trim())
    .filter(Boolean);

/** What the message says: the explicit inputs, then the `report`, then the runner's context. */
export function factsFrom(inputs: Inputs & { result: Result }): NotifyFacts {
  const report = inputs.report ?? {};
  const run = runnerContext();
  const endpoint = inputs.endpoint ?? report.endpoint;
  const [subscriptionId, resourceGroup, workspace] = [
    inputs['subscription-id'],
    inputs['resource-group'],
    inputs.workspace,
  ];
  const studio =
    inputs['studio-url'] ??
    (subscriptionId && resourceGroup && workspace
      ? studioUrl({ subscriptionId, resourceGroup, workspace, endpoint })
      : undefined);
  return {
    ...report,
    result: inputs.result,
    title: inputs.title,
    environment: inputs.environment ?? report.environment,
    model: inputs.model ?? report.model,
    modelVersion: inputs['model-version'] ?? report.modelVersion,
    endpoint,
    trafficBefore: trafficOf(inputs['traffic-before']) ?? report.trafficBefore,
    trafficAfter: trafficOf(inputs['traffic-after']) ?? report.trafficAfter,
    changeTicket: inputs['change-ticket'] ?? report.changeTicket,
    gate: inputs.gate ?? report.gate,
    figures: lines(inputs.figures) ?? report.figures,
    studioUrl: studio,
    run: {
      repository: run.repository,
      workflow: run.workflow,
      runId: run.runId,
      runAttempt: run.runAttempt,
      actor: run.actor,
      runUrl: run.runUrl,
    },
  };
}
