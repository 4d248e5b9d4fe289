import { Summary } from '@mlops-actions/action-kit';
import type {
  ChampionComparison,
  FreshnessReport,
  RegistrationReport,
} from '@mlops-actions/azureml';
import { formatDuration, LINEAGE_PREFIX } from '@mlops-actions/azureml/grammar';

const code = (text: string | undefined): string => (text ? `\`${text}\`` : '');

function outcome({ mode, created }: RegistrationReport): string {
  if (mode === 'verify') return 'verified';
  return created ? 'registered' : 'already registered (re-run)';
}

/** The job summary: the model, where it came from, and how it fared against the champion. */
export function registrationSummary(report: RegistrationReport): Summary {
  const { model, comparison } = report;
  const summary = new Summary()
    .heading(`Model ${model.id}: ${outcome(report)}`, 3)
    .table(
      ['Model', 'Version', 'Type', 'URI'],
      [[model.name, model.version, model.modelType ?? '', code(model.modelUri)]],
    );
  const lineage: [string, string][] = Object.entries(model.properties).filter(([key]) =>
    key.startsWith(LINEAGE_PREFIX),
  );
  if (model.jobName) lineage.unshift(['jobName', model.jobName]);
  if (lineage.length > 0) {
    summary.heading('Lineage', 4).table(
      ['Property', 'Value'],
      lineage.map(([key, value]) => [code(key), value]),
    );
  }
  if (comparison) addComparison(summary, comparison);
  return summary;
}

function addComparison(summary: Summary, c: ChampionComparison): void {
  const rows = [
    [
      'Challenger',
      c.challenger.model.id,
      String(c.challenger.reading.value),
      c.challenger.reading.from,
    ],
  ];
  if (c.champion) {
    const where = c.champion.deployment
      ? ` (deployment ${c.champion.deployment.name} of ${c.champion.deployment.endpoint})`
      : '';
    rows.push([
      'Champion',
      c.champion.model.id + where,
      String(c.champion.reading.value),
      c.champion.reading.from,
    ]);
  }
  const verdict = c.noChampion
    ? `No champion: ${c.noChampion}. The challenger wins.`
    : c.isBetter
      ? 'The challenger is better.'
      : 'The challenger is not better: the champion stays.';
  summary
    .heading('Champion / challenger', 4)
    .table(['Role', 'Model', c.metric, 'Read from'], rows)
    .text(`${c.direction === 'max' ? 'Higher' : 'Lower'} ${c.metric} is better. **${verdict}**`);
}

/** `mode: latest`: the newest version, its age, and the verdict a scheduled retrain acts on. */
export function freshnessSummary(name: string, report: FreshnessReport): Summary {
  const verdict = report.stale ? 'stale: retrain' : 'fresh: no retrain';
  const summary = new Summary().heading(`Model ${name}: ${verdict}`, 3);
  if (!report.model) return summary.text(`Model ${name} has no version yet.`);
  return summary.table(
    ['Newest version', 'Created', 'Age'],
    [
      [
        report.model.id,
        report.model.createdAt?.toISOString() ?? '',
        formatDuration(report.ageMs ?? 0, 's'),
      ],
    ],
  );
}
