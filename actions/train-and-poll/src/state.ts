import { defineState } from '@mlops-actions/action-kit';

/** What the main step leaves for the post step, so a cancelled or killed run still cancels its job. */
const state = defineState({ 'job-name': 'string', settled: 'boolean' });

/** The job exists in Azure: saved before any wait. */
export const rememberJob = (name: string): void => state.save('job-name', name);

/** The job needs no cancelling: it ended, or it is left running on purpose. */
export const markSettled = (): void => state.save('settled', true);

/** The job the main step started and did not see to its end; undefined when there is none. */
export const leftoverJob = (): string | undefined =>
  state.get('settled') ? undefined : state.get('job-name');
