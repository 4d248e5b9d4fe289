import { defineState } from '@mlops-actions/action-kit';

/** What the main step leaves for the post step, so a cancelled run can still cancel its job. */
export const state = defineState(['isPost', 'job-name', 'settled', 'cancel-on-abort'] as const);
