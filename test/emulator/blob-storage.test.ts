/**
 * The emulator's storage account is real Azurite in a child process: started when first asked
 * for, and gone when the emulator stops or its process is killed, so no port is left held.
 */
import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { expect, test } from 'vitest';
import { startTrustedEmulator } from './support.ts';

const listening = (url: string): Promise<boolean> =>
  new Promise((resolve) => {
    const { hostname, port } = new URL(url);
    const socket = connect(Number(port), hostname);
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });

async function closedWithin(url: string, ms: number): Promise<boolean> {
  for (const started = Date.now(); Date.now() - started < ms; await sleep(100)) {
    if (!(await listening(url))) return true;
  }
  return false;
}

test('Azurite serves the workspace container once asked for, and stops with the emulator', async () => {
  const emu = await startTrustedEmulator();
  const storage = await emu.blobStorage();
  expect(await emu.blobStorage()).toBe(storage);
  expect(await storage.container().exists()).toBe(true);
  await emu.stop();
  expect(await closedWithin(storage.blobEndpoint, 5_000)).toBe(true);
});

test('a killed emulator process takes its Azurite with it', async () => {
  const script = `
    import { startEmulator } from '@mlops-actions/emulator';
    const emu = await startEmulator();
    const storage = await emu.blobStorage();
    console.log(storage.blobEndpoint);
    setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [first] = (await once(child.stdout, 'data')) as [Buffer];
  const blobEndpoint = first.toString().trim();
  expect(await listening(blobEndpoint)).toBe(true);
  child.kill('SIGKILL');
  expect(await closedWithin(blobEndpoint, 10_000)).toBe(true);
});
