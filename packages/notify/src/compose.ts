import type { Link, Message, Result } from './message.ts';

/** Traffic as deployment -> percent. */
export type Traffic = Record<string, number>;

/** What a notification is about; every field but `result` is optional. */
export interface NotifyFacts {
  result: Result;
  title?: string | undefined;
  environment?: string | undefined;
  model?: string | undefined;
  modelVersion?: string | undefined;
  endpoint?: string | undefined;
  deployment?: string | undefined;
  trafficBefore?: Traffic | undefined;
  trafficAfter?: Traffic | undefined;
  changeTicket?: string | undefined;
  gate?: string | undefined;
  figures?: string[] | undefined;
  studioUrl?: string | undefined;
  run: Message['run'];
}

/** "blue 90 %, green 10 %" (largest share first). */
export function trafficText(traffic: Traffic): string {
  const entries = Object.entries(traffic).sort(([, a], [, b]) => b - a);
  return entries.length === 0 ? 'none' : entries.map(([name, p]) => `${name} ${p} %`).join(', ');
}

function modelText({ model, modelVersion }: NotifyFacts): string | undefined {
  if (!model) return modelVersion && `version ${modelVersion}`;
  if (!modelVersion || model.endsWith(`:${modelVersion}`)) return model;
  return `${model} ${modelVersion}`;
}

function defaultTitle(facts: NotifyFacts): string {
  const what = modelText(facts) ?? facts.endpoint ?? facts.run.workflow ?? 'workflow run';
  const where = facts.environment ? ` to ${facts.environment}` : '';
  return `${what}${where}`;
}

/** The channel-neutral message: facts in a fixed order, links to the run and to studio. */
export function composeMessage(facts: NotifyFacts): Message {
  const { run } = facts;
  const rows: [string, string | undefined][] = [
    ['Environment', facts.environment],
    ['Model', modelText(facts)],
    ['Endpoint', facts.endpoint],
    ['Deployment', facts.deployment],
    ['Traffic before', facts.trafficBefore && trafficText(facts.trafficBefore)],
    ['Traffic after', facts.trafficAfter && trafficText(facts.trafficAfter)],
    ['Change ticket', facts.changeTicket],
    ['Repository', run.repository],
    ['Workflow', run.workflow],
    ['Run', run.runId && `${run.runId}${run.runAttempt ? ` (attempt ${run.runAttempt})` : ''}`],
    ['Actor', run.actor],
  ];
  const links: Link[] = [];
  if (run.runUrl) links.push({ title: 'Workflow run', url: run.runUrl });
  if (facts.studioUrl) links.push({ title: 'Azure ML studio', url: facts.studioUrl });
  const figures = facts.figures ?? [];
  const cause = facts.gate || figures.length > 0 ? { gate: facts.gate, figures } : undefined;
  return {
    result: facts.result,
    title: facts.title || defaultTitle(facts),
    facts: rows.filter((row): row is [string, string] => Boolean(row[1])),
    cause,
    links,
    run,
    fields: {
      result: facts.result,
      environment: facts.environment,
      model: facts.model,
      modelVersion: facts.modelVersion,
      endpoint: facts.endpoint,
      deployment: facts.deployment,
      trafficBefore: facts.trafficBefore,
      trafficAfter: facts.trafficAfter,
      changeTicket: facts.changeTicket,
      gate: facts.gate,
      figures: facts.figures,
      studioUrl: facts.studioUrl,
    },
  };
}

/** The Azure ML studio page of an online endpoint (or of the workspace without one). */
export function studioUrl(where: {
  subscriptionId: string;
  resourceGroup: string;
  workspace: string;
  endpoint?: string | undefined;
}): string {
  const wsid =
    `/subscriptions/${where.subscriptionId}/resourceGroups/${where.resourceGroup}` +
    `/providers/Microsoft.MachineLearningServices/workspaces/${where.workspace}`;
  const page = where.endpoint
    ? `endpoints/realtime/${encodeURIComponent(where.endpoint)}/detail`
    : 'home';
  return `https://ml.azure.com/${page}?wsid=${encodeURIComponent(wsid)}`;
}
