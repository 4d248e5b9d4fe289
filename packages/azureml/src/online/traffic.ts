/**
 * Live traffic of an endpoint. At api-version 2022-10-01 the endpoint PATCH takes only tags and
 * identity, so traffic changes by a PUT of the whole endpoint; read and written at 2024-04-01,
 * the PUT sends back mirrorTraffic, tags, identity and the rest as read, with only what is asked changed.
 */
import type { MachineLearningClient } from '../transport/client.ts';
import { sameTraffic, toEndpointSnapshot, type RawEndpoint } from './endpoint-body.ts';
import { withDeadline } from '../transport/lro.ts';
import { ENDPOINT_API_VERSION, settledEndpoint, updateEndpoint } from './endpoints.ts';
import type { EndpointSnapshot, WaitOptions } from '../types.ts';

/** GET + PUT of the whole endpoint at 2024-04-01: only traffic changes. No PUT when the traffic is already as asked. Waits for the operation. */
export async function setTraffic(
  client: MachineLearningClient,
  endpointName: string,
  traffic: Record<string, number>,
  options: WaitOptions,
): Promise<{ before: Record<string, number>; after: EndpointSnapshot; changed: boolean }> {
  const wait = withDeadline(options);
  const read = await readForWrite(client, endpointName, wait);
  const current = toEndpointSnapshot(read);
  const before = current.traffic;
  if (sameTraffic(before, traffic)) {
    wait.logger.info(`Traffic of endpoint ${endpointName} already is ${describe(before)}.`);
    return { before, after: current, changed: false };
  }
  wait.logger.info(
    `Setting the traffic of endpoint ${endpointName} to ${describe(traffic)} (was ${describe(before)}; api-version ${ENDPOINT_API_VERSION}, mirror traffic and tags kept).`,
  );
  const after = await updateEndpoint(client, read, endpointName, { traffic }, wait);
  return { before, after, changed: true };
}

export interface TrafficWrite {
  traffic: Record<string, number>;
  mirrorTraffic: Record<string, number>;
  /** The tags to write, from the tags as read. */
  tags: (read: Record<string, string>) => Record<string, string>;
  /**
   * Called with the endpoint as read, once no operation runs on it, before the PUT: throwing
   * there writes nothing (a rollout's check that nobody else changed the traffic).
   */
  check?: (read: EndpointSnapshot) => void;
}

/**
 * The same path for a progressive rollout: traffic, mirror traffic and tags in one
 * whole-endpoint PUT (identity and everything else as read), waited for, then read back.
 */
export async function writeTraffic(
  client: MachineLearningClient,
  endpointName: string,
  change: TrafficWrite,
  options: WaitOptions,
): Promise<EndpointSnapshot> {
  const wait = withDeadline(options);
  const read = await readForWrite(client, endpointName, wait);
  const current = toEndpointSnapshot(read);
  change.check?.(current);
  wait.logger.debug(
    `PUT endpoint ${endpointName} (api-version ${ENDPOINT_API_VERSION}): traffic ${describe(change.traffic)}, mirror ${describe(change.mirrorTraffic)}.`,
  );
  return updateEndpoint(
    client,
    read,
    endpointName,
    {
      traffic: change.traffic,
      mirrorTraffic: change.mirrorTraffic,
      tags: change.tags(current.tags),
    },
    wait,
  );
}

async function readForWrite(
  client: MachineLearningClient,
  endpointName: string,
  wait: ReturnType<typeof withDeadline>,
): Promise<RawEndpoint> {
  const read = await settledEndpoint(client, endpointName, wait);
  if (!read) {
    throw new Error(
      `Endpoint ${endpointName} was not found in workspace ${client.workspace.workspace}`,
    );
  }
  return read;
}

function describe(traffic: Record<string, number>): string {
  const entries = Object.entries(traffic);
  return entries.length === 0 ? 'none' : entries.map(([name, p]) => `${name} ${p}%`).join(', ');
}
