// What a user can do about an Azure SDK error, by HTTP status or network error code.

const BY_STATUS: Record<number, string> = {
  400: 'Check the values sent to Azure (the job or deployment spec and the inputs)',
  401: 'Check client-id, tenant-id and the credential (client-secret or OIDC federation)',
  403: 'Give the identity a role on the workspace (e.g. AzureML Data Scientist) and check the subscription',
  404: 'Check subscription-id, resource-group and workspace, and that the named resource exists',
  409: 'Another operation holds the resource; re-run when it has finished',
  429: 'Azure is throttling requests; re-run later',
};

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'ETIMEDOUT',
  'ECONNRESET',
  'REQUEST_SEND_ERROR',
]);

export function azureHint(err: unknown): string | undefined {
  const { statusCode, code } = (err ?? {}) as { statusCode?: unknown; code?: unknown };
  if (typeof statusCode === 'number') {
    if (statusCode >= 500)
      return 'Azure had a server error; re-run, and check Azure status if it persists';
    return BY_STATUS[statusCode];
  }
  if (typeof code === 'string' && NETWORK_CODES.has(code)) {
    return 'Azure could not be reached; check arm-endpoint and the runner network';
  }
  return undefined;
}
