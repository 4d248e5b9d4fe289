/**
 * An online deployment as ARM returns it, and the body that writes it back as it was: what was
 * read, less what only Azure sets, so a restore PUTs every setting, even ones this code does not
 * know about.
 */
import type { OnlineDeployment } from '@azure/arm-machinelearning';
import { isPlainObject } from '../transport/plain-data.ts';
import { omit, READ_ONLY_TOP, writableIdentity } from './endpoint-body.ts';

export type RawDeployment = Record<string, unknown> & {
  name?: string;
  properties?: Record<string, unknown>;
};

/** Set by Azure on a deployment's properties (readOnly in the 2022-10-01 and 2024-04-01 specs). */
const READ_ONLY_PROPERTIES = ['provisioningState'];

/** The PUT body that makes a deployment what `read` shows. */
export function writableDeployment(read: RawDeployment): OnlineDeployment {
  const body = omit(read, READ_ONLY_TOP);
  body.properties = omit(read.properties ?? {}, READ_ONLY_PROPERTIES);
  if (isPlainObject(read.identity)) body.identity = writableIdentity(read.identity);
  return body as unknown as OnlineDeployment;
}
