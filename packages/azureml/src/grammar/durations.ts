/** Durations as inputs write them and as messages show them, and elapsed time on progress lines. */
const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

const PLAIN_SECONDS = /^\d+(?:\.\d+)?$/;
const WITH_UNITS = /^(?:\d+(?:\.\d+)?(?:ms|s|m|h|d)\s*)+$/;
const PART = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/g;

/**
 * Milliseconds in a duration such as `500ms`, `30s`, `5m`, `6h`, `1d`, `1h30m` or plain
 * seconds (`90`); undefined when the text is not one.
 */
export function parseDuration(text: string): number | undefined {
  if (PLAIN_SECONDS.test(text)) return finite(Number(text) * 1000);
  if (!WITH_UNITS.test(text)) return undefined;
  let ms = 0;
  for (const [, amount, unit] of text.matchAll(PART)) {
    ms += Number(amount) * UNIT_MS[unit as keyof typeof UNIT_MS];
  }
  return finite(ms);
}

function finite(ms: number): number | undefined {
  return Number.isFinite(ms) ? Math.round(ms) : undefined;
}

/**
 * `5400000` -> `1h30m`: the inverse of parseDuration, for messages and summaries. Progress lines
 * count whole seconds (`smallest: 's'`: `0s`, `1m40s`).
 */
export function formatDuration(ms: number, smallest: 'ms' | 's' = 'ms'): string {
  if (smallest === 'ms' && ms < 1000) return `${ms}ms`;
  let rest = Math.round(ms / 1000);
  const parts: string[] = [];
  for (const [unit, size] of [
    ['d', 86_400],
    ['h', 3600],
    ['m', 60],
  ] as const) {
    if (rest >= size) {
      parts.push(`${Math.floor(rest / size)}${unit}`);
      rest %= size;
    }
  }
  if (rest > 0 || parts.length === 0) parts.push(`${rest}s`);
  return parts.join('');
}

/** `[hh:mm:ss]`-style elapsed time for progress lines: `00:02:30`. */
export function formatElapsed(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const parts = [Math.floor(total / 3600), Math.floor(total / 60) % 60, total % 60];
  return parts.map((n) => String(n).padStart(2, '0')).join(':');
}
