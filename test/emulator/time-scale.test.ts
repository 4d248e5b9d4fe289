import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Emulator } from '@mlops-actions/emulator';
import { armClient, commandJob, startTrusted, waitForJob } from './support.ts';

let em: Emulator;
beforeAll(async () => {
  em = await startTrusted({ timeScale: 600, defaultJob: { durationSeconds: 600 } });
});
afterAll(() => em.stop());

test('a 600-second job completes in emulated time, its history spanning 600 emulated seconds', async () => {
  const client = armClient(em);
  await client.jobs.createOrUpdate(em.resourceGroup, em.workspace, 'ten-minutes', commandJob());
  const job = await waitForJob(
    client,
    em,
    'ten-minutes',
    (s) => s === 'Completed' || s === 'Failed',
  );
  expect(job.properties.status).toBe('Completed');

  const history = em.control.job('ten-minutes')?.history ?? [];
  const first = Date.parse(history[0]?.at ?? '');
  const last = Date.parse(history.at(-1)?.at ?? '');
  expect((last - first) / 1000).toBe(600);
});
