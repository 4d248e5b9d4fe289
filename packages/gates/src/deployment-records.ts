/**
 * The audit trail's GitHub deployment records: notify `mode: audit` writes one deployment per
 * environment and model version (task `deploy`, payload `{ model, endpoint, changeTicket }`)
 * with its statuses; the promotion gate reads them to know where a model version succeeded.
 */
export const DEPLOY_TASK = 'deploy';

// A type alias, not an interface: Octokit's payload parameter wants an index signature.
export type DeploymentPayload = {
  model: string;
  endpoint: string | null;
  changeTicket: string | null;
};

/** A deployment's payload as GitHub returns it (an object, or the JSON text it was sent as). */
export function readPayload(payload: unknown): Partial<DeploymentPayload> | undefined {
  let value = payload;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      return undefined;
    }
  }
  return typeof value === 'object' && value !== null
    ? (value as Partial<DeploymentPayload>)
    : undefined;
}
