import dns, { lookup } from 'node:dns';
import { once } from 'node:events';
import { createServer } from 'node:http';
import net, { type AddressInfo } from 'node:net';
import tls from 'node:tls';
import { expect, test } from 'vitest';
import config from '../../vitest.config.ts';
import { guardConnect, isLoopback, NetworkRefusedError } from '../support/no-network.ts';

const refused = (what: string, host: string): RegExp =>
  new RegExp(`^${what} ${host.replace(/\./g, '\\.')} refused: tests may only reach loopback`);

test('every test file runs with the guard: vitest.config.ts loads it as a setup file', () => {
  expect(config.test?.setupFiles).toContain('./test/support/no-network.ts');
  expect(net.Socket.prototype.connect.name).toBe('guardedConnect');
});

test('a connection elsewhere is refused before the real connect is called, so no packet leaves', () => {
  const reached: unknown[][] = [];
  const probe = {
    connect(...args: unknown[]): unknown {
      reached.push(args);
      return undefined;
    },
  };
  guardConnect(probe);
  expect(() => probe.connect({ host: '10.0.0.1', port: 443 })).toThrow(NetworkRefusedError);
  expect(() => probe.connect(443, 'example.com')).toThrow(refused('connection to', 'example.com'));
  expect(() => probe.connect([{ host: '[2001:db8::1]', port: 443 }, () => {}])).toThrow(
    NetworkRefusedError,
  );
  expect(reached).toEqual([]);

  probe.connect({ host: '127.0.0.1', port: 443 });
  probe.connect(443); // net's default host: localhost
  probe.connect('/tmp/some.sock'); // an IPC path is local
  expect(reached).toHaveLength(3);
});

test('net, tls, fetch and dns refuse 10.0.0.1 and example.com at once, naming the host', async () => {
  expect(() => net.connect({ host: '10.0.0.1', port: 80 })).toThrow(
    refused('connection to', '10.0.0.1'),
  );
  expect(() => tls.connect({ host: 'example.com', port: 443 })).toThrow(
    refused('connection to', 'example.com'),
  );
  const fetched = await fetch('https://example.com/').then(
    () => undefined,
    (error: unknown) => error,
  );
  expect((fetched as Error).cause).toBeInstanceOf(NetworkRefusedError);
  expect(() => lookup('example.com', () => {})).toThrow(refused('dns.lookup of', 'example.com'));
  expect(() => dns.promises.resolve4('example.com')).toThrow(
    refused('dns.resolve4 of', 'example.com'),
  );
  expect(() => new dns.Resolver().resolve('example.com', () => {})).toThrow(NetworkRefusedError);
});

test('loopback still works: 127.0.0.1 and localhost, over net and fetch', async () => {
  const server = createServer((_req, res) => res.end('local'));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  try {
    const { port } = server.address() as AddressInfo;
    expect(await (await fetch(`http://127.0.0.1:${port}/`)).text()).toBe('local');
    const socket = net.connect({ host: 'localhost', port, family: 4 });
    await once(socket, 'connect');
    socket.destroy();
    expect(
      await new Promise((resolve) => lookup('localhost', { family: 4 }, (_e, a) => resolve(a))),
    ).toBe('127.0.0.1');
  } finally {
    server.close();
  }
});

test('what counts as loopback', () => {
  for (const host of [
    '127.0.0.1',
    '127.8.9.10',
    '::1',
    '[::1]',
    '::ffff:127.0.0.1',
    'localhost',
    'api.localhost',
  ]) {
    expect(isLoopback(host), host).toBe(true);
  }
  for (const host of [
    '10.0.0.1',
    '0.0.0.0',
    '::',
    'example.com',
    'localhost.example.com',
    '128.0.0.1',
  ]) {
    expect(isLoopback(host), host).toBe(false);
  }
});
