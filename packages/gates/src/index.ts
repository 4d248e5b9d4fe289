export { evaluateGate } from './evaluate.ts';
export { gitHubReads, type GitHubTarget } from './github.ts';
export { ticketFormCheck, verifyTicket } from './ticket.ts';
export { DEPLOY_TASK, readPayload, type DeploymentPayload } from './deployment-records.ts';
export type * from './types.ts';
export { policyFor, type PolicyOverrides } from './policy.ts';
