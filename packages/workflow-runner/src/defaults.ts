/** The events a local run can start with (`--event`). */
export const EVENTS = ['push', 'pull_request', 'workflow_dispatch', 'schedule'] as const;

/** What a local run assumes when it is not told otherwise (the command line's defaults). */
export const RUN_DEFAULTS = {
  event: 'workflow_dispatch',
  actor: 'octo-dev',
  ref: 'refs/heads/main',
  /** Emulated seconds per real second: a 5-minute training job takes 5 s. */
  timeScale: 60,
  approvalTimeoutMs: 10_000,
};
