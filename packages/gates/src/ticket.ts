/**
 * The change ticket: its form, and when a ticket API is configured, the ticket itself in
 * ServiceNow's Table API form (`GET /api/now/table/change_request?sysparm_query=number=<t>`):
 * it exists, `approval` is `approved`, `state` is Scheduled (-2) or Implement (-1), and now
 * lies inside its planned window (`start_date`..`end_date`, UTC as the API returns them).
 */
import { isTransientStatus, retryWaitMs } from '@mlops-actions/azureml/grammar';
import type { GateCheck, TicketApi } from './types.ts';

const STATES: Record<string, string> = { '-2': 'Scheduled', '-1': 'Implement' };
const RETRIES = { attempts: 3, budgetMs: 15_000 };

export function ticketFormCheck(ticket: string | undefined, pattern: RegExp): GateCheck {
  const name = 'change ticket';
  if (!ticket)
    return {
      name,
      passed: false,
      detail: `no change ticket given; expected one matching ${pattern.source}`,
    };
  if (!pattern.test(ticket)) {
    return {
      name,
      passed: false,
      detail: `${JSON.stringify(ticket)} does not match ${pattern.source}`,
    };
  }
  return { name, passed: true, detail: `${ticket} matches ${pattern.source}` };
}

interface ChangeRequest {
  number?: string;
  approval?: string;
  state?: string;
  start_date?: string;
  end_date?: string;
}

/** ServiceNow's `YYYY-MM-DD HH:mm:ss` (UTC) as epoch ms; NaN when empty or malformed. */
const serviceNowTime = (value: string | undefined): number =>
  value ? Date.parse(`${value.replace(' ', 'T')}Z`) : Number.NaN;

export async function verifyTicket(
  ticket: string,
  api: TicketApi,
  now: number,
  fetchImpl: typeof fetch = fetch,
): Promise<GateCheck> {
  const name = 'change ticket approved and in its window';
  const url = new URL('/api/now/table/change_request', api.url);
  url.searchParams.set('sysparm_query', `number=${ticket}`);
  url.searchParams.set('sysparm_fields', 'number,approval,state,start_date,end_date');
  url.searchParams.set('sysparm_limit', '1');
  const authorization =
    api.auth.kind === 'basic'
      ? `Basic ${Buffer.from(`${api.auth.user}:${api.auth.password}`).toString('base64')}`
      : `Bearer ${api.auth.token}`;
  const started = Date.now();
  let response: Response;
  let attempt = 0;
  for (;;) {
    attempt += 1;
    try {
      response = await fetchImpl(url, {
        headers: { accept: 'application/json', authorization },
        signal: AbortSignal.timeout(Math.max(1, started + RETRIES.budgetMs - Date.now())),
      });
    } catch (error) {
      return {
        name,
        passed: false,
        detail: `the ticket API at ${url.origin} did not answer: ${(error as Error).message}`,
      };
    }
    // A rate limit or a passing outage is waited out within the time limit, as Retry-After asks.
    const wait = retryWaitMs(response, attempt, Date.now() - started, RETRIES);
    if (wait === undefined) break;
    await response.body?.cancel();
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
  if (!response.ok) {
    const why =
      response.status === 401 || response.status === 403
        ? ' (check the ticket API credentials)'
        : isTransientStatus(response.status)
          ? ` (after ${attempt} attempt${attempt === 1 ? '' : 's'}; try again later)`
          : '';
    return { name, passed: false, detail: `the ticket API answered HTTP ${response.status}${why}` };
  }
  const body = (await response.json().catch(() => undefined)) as
    { result?: ChangeRequest[] } | undefined;
  const change = body?.result?.[0];
  if (!change) return { name, passed: false, detail: `${ticket} does not exist in the ticket API` };
  if (change.approval !== 'approved') {
    return {
      name,
      passed: false,
      detail: `${ticket} is not approved (approval: ${change.approval ?? 'none'})`,
    };
  }
  const state = STATES[change.state ?? ''];
  if (!state) {
    return {
      name,
      passed: false,
      detail: `${ticket} is in state ${change.state ?? 'none'}; expected Scheduled (-2) or Implement (-1)`,
    };
  }
  const start = serviceNowTime(change.start_date);
  const end = serviceNowTime(change.end_date);
  if (!(start <= now && now <= end)) {
    return {
      name,
      passed: false,
      detail: `now (${new Date(now).toISOString()}) is outside ${ticket}'s window ${change.start_date ?? '?'} .. ${change.end_date ?? '?'} UTC`,
    };
  }
  return {
    name,
    passed: true,
    detail: `${ticket} approved, ${state}, window ${change.start_date} .. ${change.end_date} UTC`,
  };
}
