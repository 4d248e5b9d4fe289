import type { ClientConfig, azureFailureDetails } from '@mlops-actions/azureml';
import { ActionFailure } from './errors.ts';

export interface AzureFailures {
  /** The step's failure for `what`, told from an Azure error (an ActionFailure passes through). */
  failure(what: string, err: unknown): ActionFailure;
  /** The same as a `.catch` handler that throws it. */
  failed(what: string): (err: unknown) => never;
}

/**
 * How an action reports Azure errors: Azure's code and words and what to do next, with hints
 * that know the workspace and the sign-in. `details` is azureml's azureFailureDetails, handed in
 * by the caller so the SDK chunk stays lazily loaded.
 */
export function azureFailures(
  config: ClientConfig,
  details: typeof azureFailureDetails,
): AzureFailures {
  const failure = (what: string, err: unknown): ActionFailure =>
    err instanceof ActionFailure
      ? err
      : new ActionFailure(
          what,
          details(err, { workspace: config, credentialKind: config.credential.kind }),
        );
  return {
    failure,
    failed: (what) => (err) => {
      throw failure(what, err);
    },
  };
}
