import { afterEach, expect, test } from 'vitest';
import type { Emulator } from '@mlops-actions/emulator';
import { createClock } from '../../packages/emulator/src/clock.ts';
import { armClient, commandJob, manualRealClock, raw, startTrustedEmulator } from './support.ts';

let em: Emulator | undefined;
afterEach(async () => {
  await em?.stop();
  em = undefined;
});

const statusOf = async (client: ReturnType<typeof armClient>, emu: Emulator, name: string) =>
  (await client.jobs.get(emu.resourceGroup, emu.workspace, name)).properties.status;

test('a 600-second job completes in emulated time, its history spanning 600 emulated seconds', async () => {
  // Real time is the test's: one real second at 600x is the job's ten minutes.
  const real = manualRealClock();
  const emu = await startTrustedEmulator({
    timeScale: 600,
    realClock: real,
    defaultJob: { durationSeconds: 600 },
  });
  em = emu;
  const client = armClient(emu);
  await client.jobs.createOrUpdate(emu.resourceGroup, emu.workspace, 'ten-minutes', commandJob());

  real.advance(999); // 599.4 emulated seconds
  expect(await statusOf(client, emu, 'ten-minutes')).toBe('Running');
  real.advance(1);
  expect(await statusOf(client, emu, 'ten-minutes')).toBe('Completed');

  const history = emu.control.job('ten-minutes')?.history ?? [];
  const first = Date.parse(history[0]?.at ?? '');
  const last = Date.parse(history.at(-1)?.at ?? '');
  expect((last - first) / 1000).toBe(600);
});

test('a stopped clock (timeScale 0) moves only when advanced, in process or over HTTP', async () => {
  const emu = await startTrustedEmulator({ timeScale: 0, defaultJob: { durationSeconds: 60 } });
  em = emu;
  const client = armClient(emu);
  await client.jobs.createOrUpdate(emu.resourceGroup, emu.workspace, 'stopped', commandJob());
  const start = emu.control.now();
  expect(await statusOf(client, emu, 'stopped')).toBe('NotStarted');
  expect(emu.control.now()).toBe(start);

  emu.control.advanceClock(59);
  expect(emu.control.now()).toBe(start + 59_000);
  expect(await statusOf(client, emu, 'stopped')).toBe('Running');

  const advanced = await raw(emu, 'POST', '/_emulator/clock', { body: { advanceSeconds: 1 } });
  expect(advanced).toMatchObject({
    status: 200,
    body: { now: new Date(start + 60_000).toISOString(), timeScale: 0 },
  });
  expect(await statusOf(client, emu, 'stopped')).toBe('Completed');
  expect((await raw(emu, 'GET', '/_emulator/clock')).body).toEqual(advanced.body);
});

test('time runs forward only: a negative or missing advance is refused', async () => {
  em = await startTrustedEmulator({ timeScale: 0 });
  expect(() => em?.control.advanceClock(-1)).toThrow(
    'advanceSeconds: expected a finite number of seconds >= 0 (time runs forward only), got -1',
  );
  const refused = await raw(em, 'POST', '/_emulator/clock', { body: { advance: 5 } });
  expect(refused.status).toBe(400);
  expect(refused.body).toMatchObject({
    error: { message: expect.stringContaining('advanceSeconds: expected a finite number') },
  });
});

test('real seconds for headers: scaled, at least 1, and 1 (or 0 left) on a stopped clock', () => {
  let real = 0;
  const scaled = createClock(600, () => real, 1_000_000);
  expect(scaled.now()).toBe(1_000_000);
  real += 1000;
  expect(scaled.now()).toBe(1_000_000 + 600_000);
  scaled.advance(30);
  expect(scaled.now()).toBe(1_000_000 + 630_000);
  expect(scaled.realSeconds(3600)).toBe(6);
  expect(scaled.realSeconds(60)).toBe(1);
  expect(scaled.realSecondsUntil(scaled.now() + 1_200_000)).toBe(2);

  const stopped = createClock(0, () => real, 0);
  real += 1_000_000;
  expect(stopped.now()).toBe(0);
  expect(stopped.realSeconds(3600)).toBe(1);
  expect(stopped.realSecondsUntil(60_000)).toBe(0);
  expect(() => createClock(-1)).toThrow('timeScale: expected a number >= 0 (0 stops the clock)');
});
