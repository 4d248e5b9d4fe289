import { rememberSecret } from './secrets.ts';

/**
 * A GitHub OIDC token for `audience` (Azure federation uses `api://AzureADTokenExchange`).
 * @actions/core is imported only here and only when called: its HTTP client costs ~45 ms
 * at start-up, which actions that do not use OIDC should not pay.
 */
export async function getIdToken(audience?: string): Promise<string> {
  const core = await import('@actions/core');
  const token = await core.getIDToken(audience);
  // core masks it in logs; remember it too, so summaries and outputs redact it.
  rememberSecret(token);
  return token;
}
