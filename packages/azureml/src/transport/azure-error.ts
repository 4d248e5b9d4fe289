/** Turns errors from the Azure SDK and the identity library into what a user needs to read. */
import type { MachineLearningClient } from './client.ts';
import type { CredentialConfig, Failure, WorkspaceRef } from '../types.ts';

export interface AzureErrorInfo {
  /** HTTP status from ARM, the run history service or the token endpoint. */
  status?: number;
  /** ARM error code (`ResourceNotFound`...), Entra error (`invalid_client`...), or a socket code (`ECONNRESET`). */
  code?: string;
  message: string;
  /** Which part failed: an Azure REST call, getting a token, or anything else. */
  source: 'rest' | 'authentication' | 'credential-unavailable' | 'other';
}

export interface HintContext {
  workspace?: WorkspaceRef;
  credentialKind?: CredentialConfig['kind'];
}

/*
 * Errors are recognised by `name` rather than `instanceof`: a bundle can hold more than one
 * copy of core-rest-pipeline or identity, and each copy has its own classes.
 */
export function describeAzureError(err: unknown): AzureErrorInfo {
  if (!(err instanceof Error)) return { source: 'other', message: String(err) };
  const fields = err as Error & Record<string, unknown>;
  switch (err.name) {
    case 'RestError':
      return describeRestError(fields);
    case 'AuthenticationError': {
      const response = fields.errorResponse as
        { error?: string; errorDescription?: string } | undefined;
      return {
        source: 'authentication',
        status: numberOrUndefined(fields.statusCode),
        code: response?.error,
        // Entra descriptions carry Trace/Correlation ID lines after the first; the first says it.
        message: firstLine(response?.errorDescription || err.message),
      };
    }
    case 'AuthenticationRequiredError':
      return describeMsalFailure(err.message);
    case 'CredentialUnavailableError':
      return {
        source: 'credential-unavailable',
        code: 'CredentialUnavailable',
        message: firstLine(err.message),
      };
    case 'AggregateAuthenticationError':
      return { source: 'authentication', message: firstLine(err.message) };
    default:
      return { source: 'other', message: err.message };
  }
}

/**
 * identity wraps MSAL's server errors in AuthenticationRequiredError, keeping only MSAL's text:
 * "invalid_client: Error(s): 7000215 - Timestamp: ... - Description: AADSTS7000215: ... Trace ID: ...".
 */
function describeMsalFailure(text: string): AzureErrorInfo {
  const code = /^(\w+):/.exec(text)?.[1];
  const description = /Description: (.*?)(?: Trace ID:|$)/s.exec(text)?.[1];
  return { source: 'authentication', code, message: firstLine(description ?? text) };
}

function describeRestError(err: Error & Record<string, unknown>): AzureErrorInfo {
  const response = err.response as { parsedBody?: unknown; bodyAsText?: string | null } | undefined;
  const body = armError(response?.parsedBody) ?? armError(parseJson(response?.bodyAsText));
  const details = (body?.details ?? []).map((d) => d.message).filter(Boolean);
  const message = body?.message ?? err.message;
  return {
    source: 'rest',
    status: numberOrUndefined(err.statusCode),
    code: body?.code ?? (typeof err.code === 'string' ? err.code : undefined),
    message: details.length > 0 ? `${message} (${details.join('; ')})` : message,
  };
}

interface ArmErrorBody {
  code?: string;
  message?: string;
  details?: { message?: string }[];
}

function armError(body: unknown): ArmErrorBody | undefined {
  const error = (body as { error?: unknown } | undefined)?.error;
  return typeof error === 'object' && error !== null ? (error as ArmErrorBody) : undefined;
}

/** What to do next, for the failures users commonly hit; undefined when there is nothing useful to add. */
export function hintFor(info: AzureErrorInfo, context: HintContext = {}): string | undefined {
  if (info.source === 'credential-unavailable') {
    return context.credentialKind === 'azure-cli' || context.credentialKind === undefined
      ? 'No Azure CLI login was found: run azure/login in an earlier step, or give client-id and tenant-id to sign in with OIDC.'
      : 'The credential could not be used here; check that its settings are complete.';
  }
  if (info.source === 'authentication' || info.status === 401) {
    return (
      'Sign-in was rejected. With OIDC, check the app registration has a federated credential whose subject ' +
      'matches this workflow (for example repo:OWNER/REPO:environment:NAME or repo:OWNER/REPO:ref:refs/heads/BRANCH) ' +
      'and audience api://AzureADTokenExchange, and that the workflow has `permissions: id-token: write`; ' +
      'with a client secret, check it is current; check client-id and tenant-id.'
    );
  }
  if (info.status === 403) {
    return (
      'The identity has no permission for this: assign it a role on the workspace or its resource group ' +
      '(for example AzureML Data Scientist, or Contributor for endpoints), then re-run.'
    );
  }
  if (isMissingWorkspace(info)) {
    const ws = context.workspace;
    const where = ws ? ` (given ${ws.subscriptionId} / ${ws.resourceGroup} / ${ws.workspace})` : '';
    return `Check subscription-id, resource-group and workspace${where}, and that the identity can see them.`;
  }
  if (info.status === 429) {
    return 'Azure ML kept throttling requests after the retries; re-run later or run fewer jobs at once.';
  }
  if ((info.status !== undefined && info.status >= 500) || /^E[A-Z]+$/.test(info.code ?? '')) {
    return 'Azure ML or the network kept failing after the retries; re-run the workflow, and check the Azure status page if it persists.';
  }
  return undefined;
}

/**
 * What a failure report needs from an Azure error: Azure's code and words, and what to do
 * next. Shaped to be passed straight to action-kit's `ActionFailure`.
 */
export function azureFailureDetails(
  err: unknown,
  context: HintContext = {},
): { cause: unknown; code?: string; detail: string; hint?: string } {
  const info = describeAzureError(err);
  const hint = hintFor(info, context);
  return {
    cause: err,
    detail: info.message,
    ...(info.code ? { code: info.code } : {}),
    ...(hint ? { hint } : {}),
  };
}

/**
 * The failure of `what`, told from the error that caused it, with hints that know the client's
 * workspace and sign-in. A CancelledError says the run was cancelled, not that Azure failed.
 */
export function failureFrom(client: MachineLearningClient, what: string, err: unknown): Failure {
  return {
    what,
    ...azureFailureDetails(err, {
      workspace: client.workspace,
      credentialKind: client.credentialKind,
    }),
  };
}

/** A 404 about the subscription, resource group or workspace rather than about a job or asset in it. */
export function isMissingWorkspace(info: AzureErrorInfo): boolean {
  if (info.status !== 404) return false;
  if (/^(ResourceGroupNotFound|SubscriptionNotFound|WorkspaceNotFound)$/i.test(info.code ?? ''))
    return true;
  // ARM's generic code; its message names the missing resource type.
  return info.code === 'ResourceNotFound' && /workspaces\/[^/]*'/i.test(info.message);
}

function parseJson(text: string | null | undefined): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}

function numberOrUndefined(value: unknown): number | undefined {
  return typeof value === 'number' ? value : undefined;
}

function firstLine(text: string): string {
  return (text.split('\n', 1)[0] ?? text).trim();
}
