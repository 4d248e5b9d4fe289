import type { Parsed } from '@mlops-actions/azureml/grammar';
import type { NotifyFacts, Traffic } from './compose.ts';

type ReportFacts = Partial<Omit<NotifyFacts, 'result' | 'run'>>;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** A traffic map, or its JSON text (deploy-endpoint's `traffic` output is JSON text). */
function trafficOf(value: unknown): Traffic | undefined {
  let v = value;
  if (typeof v === 'string') {
    try {
      v = JSON.parse(v);
    } catch {
      return undefined;
    }
  }
  if (!isObject(v)) return undefined;
  const entries = Object.entries(v).filter(
    ([, p]) => typeof p === 'number' || /^\d+$/.test(String(p)),
  );
  return Object.fromEntries(entries.map(([k, p]) => [k, Number(p)]));
}

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value
    ? value
    : typeof value === 'number'
      ? String(value)
      : undefined;

/**
 * The facts in a `report`: the outputs of our other actions (`toJSON(steps.<id>.outputs)`,
 * kebab-case: model-name, model-version, model-id, endpoint-name, deployment-name, traffic) or
 * a use case's report (camelCase: endpoint, deployment, trafficBefore, trafficAfter, gate,
 * figures). Unknown keys are ignored; anything but a JSON object is refused.
 */
export function factsFromReport(json: string): Parsed<ReportFacts> {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (err) {
    return { ok: false, problem: `it is not JSON (${(err as Error).message.slice(0, 80)})` };
  }
  if (!isObject(value)) return { ok: false, problem: 'it is not a JSON object' };
  const r = value;
  const figures = Array.isArray(r.figures) ? r.figures.map(String) : undefined;
  const facts: ReportFacts = {
    model: text(r['model-id']) ?? text(r['model-name']) ?? text(r.model),
    modelVersion: text(r['model-version']) ?? text(r.modelVersion),
    endpoint: text(r['endpoint-name']) ?? text(r.endpoint),
    deployment: text(r['deployment-name']) ?? text(r.deployment),
    trafficBefore: trafficOf(r.trafficBefore ?? r['traffic-before']),
    trafficAfter: trafficOf(r.trafficAfter ?? r['traffic-after'] ?? r.traffic),
    environment: text(r.environment),
    changeTicket: text(r['change-ticket']) ?? text(r.changeTicket),
    gate: text(r.gate),
    figures,
  };
  const defined = Object.entries(facts).filter(([, v]) => v !== undefined);
  return { ok: true, value: Object.fromEntries(defined) as ReportFacts };
}
