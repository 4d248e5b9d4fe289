/** A traffic map in words for log lines and messages: `blue 90 %, green 10 %`, or `none`. */
export function describeTraffic(traffic: Record<string, number>): string {
  const entries = Object.entries(traffic);
  return entries.length === 0 ? 'none' : entries.map(([d, p]) => `${d} ${p} %`).join(', ');
}
