export type * from './types.ts';
export type { BlobStorage } from './blob/azurite.ts';
export { WORKSPACE_BLOBSTORE } from './arm/datastores.ts';
export { startEmulator, SEEDED_RESOURCE_GROUP, SEEDED_WORKSPACE } from './emulator.ts';
export { ROUTES } from './routes.ts';
export { decodeJwt } from './identity/jwt.ts';
export {
  FEDERATION_AUDIENCE,
  GITHUB_OIDC_ISSUER,
  RUNNER_REPOSITORY,
  RUNNER_SUBJECT,
} from './identity/runner-oidc.ts';
export { actionInputs } from './action-inputs.ts';
export { connectionValues } from './cli.ts';
export {
  duringTraffic,
  startTraffic,
  type TrafficOptions,
  type TrafficRun,
  type TrafficSummary,
  whenTrafficReaches,
} from './traffic-generator.ts';
export {
  approvedTicket,
  serviceNowTime,
  startTicketApi,
  type ChangeTicket,
  type TicketApiFixture,
} from './change-tickets.ts';
