import type { TerminalJobStatus } from '../types.ts';

export const TERMINAL_STATUSES: readonly TerminalJobStatus[] = ['Completed', 'Failed', 'Canceled'];

/** Only these end a job; NotResponding, Paused, Unknown and statuses added later do not. */
export function isTerminal(status: string): status is TerminalJobStatus {
  return (TERMINAL_STATUSES as readonly string[]).includes(status);
}
