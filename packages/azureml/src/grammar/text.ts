/** Values in words for log lines, messages and job summaries. Pure: actions load it at start-up. */
import { canonicalJson } from '../transport/plain-data.ts';

/** A traffic map in words for log lines and messages: `blue 90 %, green 10 %`, or `none`. */
export function describeTraffic(traffic: Record<string, number>): string {
  const entries = Object.entries(traffic);
  return entries.length === 0 ? 'none' : entries.map(([d, p]) => `${d} ${p} %`).join(', ');
}

const CELL_CHARS = 80;

/** A difference's value for a table cell: JSON on one line, shortened; `—` for nothing. */
export function cellOf(value: unknown): string {
  if (value === null || value === undefined) return '—';
  const text = typeof value === 'string' ? value : canonicalJson(value);
  return text.length > CELL_CHARS ? `${text.slice(0, CELL_CHARS - 3)}...` : text;
}
