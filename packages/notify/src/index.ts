export { CHANNELS, checkChannelUrl, isLoopback, parseChannels, type Channel } from './channels.ts';
export {
  composeMessage,
  studioUrl,
  trafficText,
  type NotifyFacts,
  type Traffic,
} from './compose.ts';
export {
  DEFAULT_POLICY,
  deliver,
  type DeliveryDeps,
  type DeliveryRequest,
  type DeliveryResult,
  type RetryPolicy,
} from './deliver.ts';
export { clip, jsonBytes, listWithMore } from './limits.ts';
export { headline, RESULT_MARK, RESULTS, type Link, type Message, type Result } from './message.ts';
export { factsFromReport } from './report.ts';
export { sendAll, type ChannelResult, type PostingChannel, type Targets } from './send.ts';
export { causeLines, renderSlack, SLACK_LIMITS } from './slack.ts';
export { renderTeams, TEAMS_MAX_BYTES } from './teams.ts';
export {
  MIN_SECRET_BYTES,
  renderWebhook,
  signatureHeaders,
  signingKey,
  WEBHOOK_BODY_VERSION,
} from './webhook.ts';
