/**
 * shift-traffic's rollout, in process through the shiftTraffic use case (real SDK pipeline over
 * HTTPS to the emulator at 30x, Azure Monitor metrics from the traffic generator's requests):
 * the time from a failed window being judged to the endpoint verified back at the backup against
 * one endpoint PUT's duration; the time from cancellation (what SIGINT becomes) to the restoring
 * PUT being sent; the writes per rollout against the plan's length. Medians of RUNS runs.
 */
import { performance } from 'node:perf_hooks';
import {
  createMachineLearningClient,
  shiftTraffic,
  writeTraffic,
  type Logger,
  type MachineLearningClient,
  type ShiftTrafficRequest,
} from '@mlops-actions/azureml';
import type { Emulator } from '@mlops-actions/emulator';
import { startTrustedEmulator } from '../test/support/emulator.ts';
import { blueGreenEndpoint, rolloutRequest, ROLLOUT_TIME_SCALE } from '../test/support/rollout.ts';
import { formatTable } from './table.ts';

const RUNS = 3;
/** 30 emulated seconds: one real second per endpoint operation at 30x. */
const ENDPOINT_SECONDS = 30;

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
};
const ms = (x: number) => `${Math.round(x)} ms`;

function clientFor(emu: Emulator, onPut?: () => void): MachineLearningClient {
  const client = createMachineLearningClient({
    subscriptionId: emu.subscriptionId,
    resourceGroup: emu.resourceGroup,
    workspace: emu.workspace,
    cloud: { armEndpoint: emu.armEndpoint, authorityHost: emu.authorityHost },
    credential: {
      kind: 'client-secret',
      tenantId: emu.tenantId,
      clientId: emu.clientId,
      clientSecret: emu.clientSecret,
    },
  });
  if (onPut) {
    client.sdk.pipeline.addPolicy({
      name: 'bench-put-sent',
      sendRequest: (request, next) => {
        if (request.method === 'PUT' && /\/onlineEndpoints\/[^/]+\?/.test(request.url)) onPut();
        return next(request);
      },
    });
  }
  return client;
}

/** A logger that calls `on` with each line as it is written. */
const watching = (on: (line: string) => void): Logger => ({
  info: on,
  warning: on,
  debug: () => {},
});

let n = 0;
const request = (
  emu: Emulator,
  client: MachineLearningClient,
  endpointName: string,
  overrides: Partial<ShiftTrafficRequest>,
  logger: Logger,
): ShiftTrafficRequest =>
  rolloutRequest(emu, client, endpointName, `bench-${++n}`, logger, {
    pollIntervalMs: 50,
    ...overrides,
  });

async function fresh(emu: Emulator): Promise<string> {
  const endpoint = `bench-ro-${++n}`;
  await blueGreenEndpoint(emu, endpoint);
  return endpoint;
}

export async function rolloutTables(): Promise<string> {
  const emu = await startTrustedEmulator({
    timeScale: ROLLOUT_TIME_SCALE,
    accessTokenLifetimeSeconds: 3600 * ROLLOUT_TIME_SCALE,
    endpointProvisioningSeconds: ENDPOINT_SECONDS,
    defaultDeployment: { provisioningSeconds: 3 },
  });
  try {
    const failedToBackup: number[] = [];
    const putMs: number[] = [];
    const sigintToWrite: number[] = [];
    const writes: { label: string; planned: number; made: number }[] = [];

    for (let run = 0; run < RUNS; run++) {
      // A PUT on its own: the same whole-endpoint write, traffic unchanged.
      const endpoint = await fresh(emu);
      const client = clientFor(emu);
      const started = performance.now();
      await writeTraffic(
        client,
        endpoint,
        { traffic: { blue: 100 }, mirrorTraffic: {}, tags: (t) => t },
        { logger: watching(() => {}), timeoutMs: 60_000, pollIntervalMs: 50 },
      );
      putMs.push(performance.now() - started);

      // Green fails from the start: the first window at 10 % fails the rollout.
      emu.control.setDeploymentBehaviour(`${endpoint}/green`, { scoring: { errorRate: 0.5 } });
      const traffic = emu.control.generateTraffic(endpoint, {
        ratePerSecond: 150,
        durationMs: 60_000,
      });
      let judgedAt = 0;
      const logger = watching((line) => {
        if (judgedAt === 0 && / failed at stage /.test(line)) judgedAt = performance.now();
      });
      const { report } = await shiftTraffic(client, request(emu, client, endpoint, {}, logger), {
        logger,
      });
      failedToBackup.push(performance.now() - judgedAt);
      writes.push({
        label: 'rolled back at 10 %',
        planned: 1 + 1,
        made: report?.writes?.length ?? NaN,
      });
      traffic.stop();
      await traffic.done;

      // Cancelled while the 10 % step bakes.
      const other = await fresh(emu);
      let cancelledAt = 0;
      let restoringSentAt = 0;
      const abort = new AbortController();
      const sending = clientFor(emu, () => {
        if (cancelledAt > 0 && restoringSentAt === 0) restoringSentAt = performance.now();
      });
      const traffic2 = emu.control.generateTraffic(other, {
        ratePerSecond: 150,
        durationMs: 60_000,
      });
      const cancelling = watching((line) => {
        if (cancelledAt === 0 && /^Window .*: pass/.test(line)) {
          cancelledAt = performance.now();
          abort.abort();
        }
      });
      await shiftTraffic(
        sending,
        request(emu, sending, other, { bakeMs: 5 * 60_000 }, cancelling),
        { logger: cancelling, signal: abort.signal },
      );
      sigintToWrite.push(restoringSentAt - cancelledAt);
      traffic2.stop();
      await traffic2.done;
    }

    // A whole rollout with a mirror stage: steps + mirror on/off + 1 (the marker cleared).
    const endpoint = await fresh(emu);
    const client = clientFor(emu);
    const traffic = emu.control.generateTraffic(endpoint, {
      ratePerSecond: 150,
      durationMs: 120_000,
    });
    const { report } = await shiftTraffic(
      client,
      request(
        emu,
        client,
        endpoint,
        { mirror: { percent: 20, durationMs: 60_000 } },
        watching(() => {}),
      ),
      { logger: watching(() => {}) },
    );
    writes.push({
      label: `promoted, mirror + 4 steps (${report?.result})`,
      planned: 4 + 2 + 1,
      made: report?.writes?.length ?? NaN,
    });
    traffic.stop();
    await traffic.done;

    const put = median(putMs);
    return [
      formatTable(
        ['figure', `median of ${RUNS}`, 'aim'],
        [
          ['one endpoint PUT (operation and verifying GET)', ms(put), ''],
          [
            'failed window judged -> endpoint verified at the backup',
            ms(median(failedToBackup)),
            `<= one PUT + 2 s (${ms(put + 2000)})`,
          ],
          ['ratio to one PUT', (median(failedToBackup) / put).toFixed(2), ''],
          ['cancellation -> restoring PUT sent', ms(median(sigintToWrite)), '< 2000 ms'],
        ],
      ),
      '',
      formatTable(
        ['rollout', 'planned writes', 'writes made'],
        writes.map((w) => [w.label, w.planned, w.made]),
      ),
      '',
      `timeScale ${ROLLOUT_TIME_SCALE}; endpoint operations ${ENDPOINT_SECONDS} emulated s (${(ENDPOINT_SECONDS / ROLLOUT_TIME_SCALE).toFixed(1)} s real); in process through shiftTraffic (cancellation is the AbortSignal SIGINT becomes in run())`,
    ].join('\n');
  } finally {
    await emu.stop();
  }
}
