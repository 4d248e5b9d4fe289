import type { Emulator } from '@mlops-actions/emulator';
import { endpointPutBody, type EndpointChanges, type RawEndpoint } from '@mlops-actions/azureml';
import { armToken, raw, workspacePath } from '../emulator/support.ts';

/**
 * A raw 2024-04-01 whole-endpoint PUT, as someone changing the endpoint by hand would (mirror
 * traffic too), then the emulated clock moved past the operation so the endpoint is settled.
 */
export async function writeEndpoint(
  emu: Emulator,
  name: string,
  change: EndpointChanges & { mirrorTraffic?: Record<string, number> },
): Promise<void> {
  const token = await armToken(emu);
  const url = `${workspacePath(emu)}/onlineEndpoints/${name}?api-version=2024-04-01`;
  const read = (await raw(emu, 'GET', url, { token })).body as RawEndpoint;
  const body = endpointPutBody(read, change);
  if (change.mirrorTraffic) {
    body.properties = { ...body.properties, mirrorTraffic: change.mirrorTraffic };
  }
  const put = await raw(emu, 'PUT', url, { token, body });
  if (put.status >= 300) throw new Error(`PUT ${name}: ${put.status} ${JSON.stringify(put.body)}`);
  emu.control.advanceClock(60);
}
