import { ActionFailure, group, info } from '@mlops-actions/action-kit';
import type { DeploymentFailedError } from '@mlops-actions/azureml';

/** Said by every failure that stops before the traffic is set. */
export const TRAFFIC_UNTOUCHED = 'Live traffic was left as it was';

/**
 * A deployment that failed to provision: Azure's error, and the container's last words, which
 * usually say why (a missing package, a crash in init()). The full tail goes to the log.
 */
export async function provisioningFailure(err: DeploymentFailedError): Promise<ActionFailure> {
  if (err.logs) {
    await group(`Container logs of ${err.deployment}`, async () => info(err.logs));
  }
  return new ActionFailure(
    `Deployment ${err.deployment} on endpoint ${err.endpoint} failed to provision`,
    { code: err.code, detail: err.detail, hint: `${TRAFFIC_UNTOUCHED}. ${logTail(err.logs)}` },
  );
}

/** The last lines of the container logs, on one line, for the failure message. */
function logTail(logs: string, lines = 5): string {
  const tail = logs
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean)
    .slice(-lines);
  return tail.length === 0
    ? 'The container printed no logs'
    : `Container logs end: ${tail.join(' | ')}`;
}
