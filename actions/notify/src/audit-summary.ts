import { Summary, type AuditRecord } from '@mlops-actions/action-kit';
import { listWithMore, trafficText } from '@mlops-actions/notify';

const MAX_REQUESTS = 50;

const traffic = (t: Record<string, number> | null): string => (t ? trafficText(t) : '');

/** The records as a change board reads them: one row per step, then every Azure change. */
export function auditSummary(records: readonly AuditRecord[], location: string): Summary {
  const summary = new Summary().heading(
    `Audit trail: ${records.length} record${records.length === 1 ? '' : 's'}`,
    3,
  );
  if (records.length === 0) return summary;
  summary.table(
    [
      'Action',
      'Outcome',
      'Who',
      'Model',
      'Endpoint',
      'Traffic before',
      'Traffic after',
      'Azure changes',
      'Ended',
    ],
    records.map((r) => [
      r.action,
      r.outcome.result === 'success' ? '✅ success' : `❌ ${r.outcome.failure ?? 'failure'}`,
      r.who.actor ?? '',
      r.model ? `${r.model.name}${r.model.version ? ` ${r.model.version}` : ''}` : (r.job ?? ''),
      r.where.endpoint ?? '',
      traffic(r.traffic.before),
      traffic(r.traffic.after),
      String(r.requests.length),
      r.endedAt,
    ]),
  );
  const requests = records.flatMap((r) =>
    r.requests.map(
      (q) =>
        `${r.action}: \`${q.method} ${q.resourceId}\` ${q.status}${q.requestId ? ` (request ${q.requestId})` : ''}`,
    ),
  );
  if (requests.length > 0) {
    summary.details(
      `Azure changes (${requests.length})`,
      listWithMore(requests, MAX_REQUESTS)
        .map((l) => `- ${l}`)
        .join('\n'),
    );
  }
  if (location) summary.text(`Stored as \`${location}\`.`);
  return summary;
}
