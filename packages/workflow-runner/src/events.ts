/** The events a local run can start with (`--event`). */
export const EVENTS = ['push', 'pull_request', 'workflow_dispatch', 'schedule'] as const;
