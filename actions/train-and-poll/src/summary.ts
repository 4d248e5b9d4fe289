import { Summary } from '@mlops-actions/action-kit';
import type { TrainReport } from '@mlops-actions/azureml';

const clock = (d: Date): string => d.toISOString().slice(11, 19);

/** The job summary: what ran where, how it ended, and how long each status lasted. */
export function trainingSummary(report: TrainReport): Summary {
  const { job, timeline } = report;
  const summary = new Summary()
    .heading(`Azure ML job ${job.name}: ${job.status}`, 3)
    .table(
      ['Job', 'Status', 'Duration', 'Compute', 'Studio'],
      [
        [
          job.name + (report.attached ? ' (attached)' : ''),
          job.status,
          `${report.durationSeconds} s`,
          job.computeId?.split('/').pop() ?? '',
          job.studioUrl ? Summary.link('open in studio', job.studioUrl) : '',
        ],
      ],
    )
    .text(report.outcome);
  if (timeline.length > 0) {
    const rows = timeline.map((entry, i) => {
      const next = timeline[i + 1]?.at;
      const seconds = next ? Math.round((next.getTime() - entry.at.getTime()) / 1000) : undefined;
      return [entry.status, clock(entry.at), seconds === undefined ? '' : `${seconds} s`];
    });
    summary.heading('Status timeline', 4).table(['Status', 'Seen at (UTC)', 'Lasted'], rows);
  }
  const outputs = Object.entries(job.outputs);
  if (outputs.length > 0) {
    summary.heading('Outputs', 4).table(
      ['Output', 'URI'],
      outputs.map(([k, v]) => [k, `\`${v}\``]),
    );
  }
  return summary;
}
