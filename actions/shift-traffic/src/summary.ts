import { failureError, Summary } from '@mlops-actions/action-kit';
import type { Failure, ShiftTrafficReport } from '@mlops-actions/azureml';

type Window = NonNullable<ShiftTrafficReport['windows']>[number];
type Write = NonNullable<ShiftTrafficReport['writes']>[number];

const pct = (fraction: number) => `${(fraction * 100).toFixed(2)} %`;
const time = (iso: string) => iso.slice(11, 19);
const weights = (w: Record<string, number>) =>
  Object.entries(w)
    .filter(([, p]) => p > 0)
    .map(([n, p]) => `${n} ${p} %`)
    .join(', ') || 'none';
const stageName = (w: { kind: string; percent?: number }) =>
  w.kind === 'rollback' ? '**rollback**' : w.kind === 'step' ? `${w.percent ?? ''} %` : w.kind;

function windowRow(w: Window): string[] {
  const figures = (f: Window['to']) =>
    f.requests === 0
      ? '0 requests'
      : `${f.requests} req, ${f.errors} 5xx (${pct(f.errorRate)}; 95 % ${pct(f.bounds.lower)}-${pct(f.bounds.upper)})`;
  return [
    time(w.start),
    stageName(w),
    weights(w.traffic) +
      (Object.keys(w.mirrorTraffic).length ? `; mirror ${weights(w.mirrorTraffic)}` : ''),
    figures(w.to),
    w.to.p95Ms === undefined ? '' : `${Math.round(w.to.p95Ms)} ms`,
    figures(w.from),
    `${w.verdict === 'fail' ? '**fail**' : w.verdict}${w.counted ? ` (counted as ${w.counted})` : ''}`,
    w.reason,
  ];
}

/** `to`'s live and mirrored share at each write, as a line chart (mermaid renders on GitHub). */
function trafficChart(report: ShiftTrafficReport, writes: Write[]): string {
  const to = report.to ?? '';
  const share = (w: Record<string, number>) =>
    Object.entries(w).find(([n]) => n.toLowerCase() === to.toLowerCase())?.[1] ?? 0;
  const labels = [
    'start',
    ...writes.map((w) => (w.kind === 'rollback' ? `${time(w.at)} rollback` : time(w.at))),
  ];
  const live = [share(report.backup?.traffic ?? {}), ...writes.map((w) => share(w.traffic))];
  const mirror = [
    share(report.backup?.mirrorTraffic ?? {}),
    ...writes.map((w) => share(w.mirrorTraffic)),
  ];
  const rolledBack = writes.some((w) => w.kind === 'rollback');
  return [
    'xychart-beta',
    `  title "${to} live (line) and mirrored (bars) traffic, %${rolledBack ? ' - rolled back' : ''}"`,
    `  x-axis [${labels.map((l) => `"${l}"`).join(', ')}]`,
    '  y-axis "percent" 0 --> 100',
    `  bar [${mirror.join(', ')}]`,
    `  line [${live.join(', ')}]`,
  ].join('\n');
}

/** The job summary: how it ended, the writes, every judged window with its figures, the chart. */
export function rolloutSummary(report: ShiftTrafficReport, failure?: Failure): Summary {
  const writes = report.writes ?? [];
  const summary = new Summary().heading(
    `Shift traffic on ${report.endpoint}${report.from ? `: ${report.from} -> ${report.to}` : ''}: ${report.result ?? 'not started'}`,
    3,
  );
  summary.text(failure ? failureError(failure).message : (report.reason ?? ''));
  if (report.backup)
    summary.text(
      `Backup \`${report.backup.id}\` (sha256 \`${report.backup.sha256}\`): ${weights(report.backup.traffic)}.`,
    );
  if (report.resumedAt !== undefined) summary.text(`Resumed at stage ${report.resumedAt + 1}.`);
  if (writes.length > 0) {
    summary.table(
      ['At', 'Stage', 'Traffic', 'Mirror', 'Took'],
      writes.map((w) => [
        time(w.at),
        stageName({ kind: w.kind, percent: report.to ? (w.traffic[report.to] ?? 0) : 0 }),
        weights(w.traffic),
        weights(w.mirrorTraffic),
        `${Math.round(w.durationMs / 1000)} s`,
      ]),
    );
    summary.mermaid(trafficChart(report, writes));
  }
  const windows = report.windows ?? [];
  if (windows.length > 0) {
    summary.table(
      [
        'Window',
        'Stage',
        'Weights',
        report.to ?? 'to',
        'p95',
        report.from ?? 'from',
        'Verdict',
        'Why',
      ],
      windows.map(windowRow),
    );
  }
  if (report.deleted) summary.text(`Deleted deployment ${report.deleted}.`);
  return summary;
}
