import { redact, Summary } from '@mlops-actions/action-kit';
import { causeLines, headline, type ChannelResult, type Message } from '@mlops-actions/notify';

/** The message as the `summary` channel shows it. */
export function messageSummary(message: Message): Summary {
  const summary = new Summary().heading(headline(message), 3);
  if (message.facts.length > 0) {
    summary.table(
      ['', ''],
      message.facts.map(([label, value]) => [`**${label}**`, value]),
    );
  }
  const cause = causeLines(message, 20);
  if (cause.length > 0) summary.heading('Cause', 4).list(cause);
  if (message.links.length > 0) {
    summary.text(message.links.map((link) => Summary.link(link.title, link.url)).join(' · '));
  }
  return summary;
}

/** Where the message went, for the summary and the warnings. */
export function outcomeLine({ channel, result }: ChannelResult): string {
  const tries = `${result.attempts} attempt${result.attempts === 1 ? '' : 's'}`;
  return result.ok
    ? `${channel}: delivered (${tries})`
    : `${channel}: not delivered after ${tries}: ${redact(result.reason)}`;
}

export function deliverySummary(results: readonly ChannelResult[]): Summary {
  return new Summary()
    .heading('Notifications', 4)
    .list(results.map((r) => `${r.result.ok ? '✅' : '⚠️'} ${outcomeLine(r)}`));
}
