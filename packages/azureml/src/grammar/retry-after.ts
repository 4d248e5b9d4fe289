/**
 * The wait a response's headers ask for (`retry-after-ms`, `x-ms-retry-after-ms`, `Retry-After`
 * in seconds or as an HTTP date), in ms from `now`: the Azure SDK's, fetch's and Node's headers
 * alike. One reading for ARM calls, scoring requests, notifications and the ticket API.
 */
export function retryAfterMs(
  headers: { get(name: string): string | null | undefined } | undefined,
  now = Date.now(),
): number | undefined {
  if (!headers) return undefined;
  for (const header of ['retry-after-ms', 'x-ms-retry-after-ms']) {
    const ms = Number(headers.get(header) ?? NaN);
    if (Number.isFinite(ms) && ms >= 0) return ms;
  }
  const value = headers.get('retry-after')?.trim();
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const at = Date.parse(value);
  return Number.isFinite(at) ? Math.max(0, at - now) : undefined;
}
