/**
 * A vitest setup file (vitest.config.ts `setupFiles`): tests talk to the emulator on loopback and
 * to nothing else. A connection to any other address, and a DNS query for any name but
 * localhost, fails at once with an error naming the host, before a socket is opened or a query is
 * sent, so a test that would reach the internet fails loudly here instead of passing or hanging
 * by luck on a machine that happens to be online.
 *
 * Covered: everything that connects through net.Socket#connect (net.connect, tls.connect,
 * http/https agents, fetch/undici, the Azure SDK) and the dns module's lookup and resolve
 * functions (callback, promises and Resolver forms). Out of reach: child processes (the bundled
 * actions the e2e tests run, the CLI, `npm`), which load their own copies of net and dns; they
 * get their URLs from the emulator, but nothing here stops them.
 */
import dns from 'node:dns';
import { syncBuiltinESMExports } from 'node:module';
import net from 'node:net';

export class NetworkRefusedError extends Error {
  readonly code = 'ERR_TEST_NETWORK_REFUSED';
  readonly host: string;

  constructor(what: string, host: string) {
    super(
      `${what} ${host} refused: tests may only reach loopback (127.0.0.0/8, ::1, localhost); see test/support/no-network.ts`,
    );
    this.name = 'NetworkRefusedError';
    this.host = host;
  }
}

/** 127.0.0.0/8, ::1 (also IPv4-mapped), `localhost` and `*.localhost` (RFC 6761). */
export function isLoopback(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (bare === 'localhost' || bare.endsWith('.localhost')) return true;
  if (bare === '::1' || /^(0{0,4}:){7}0{0,3}1$/.test(bare)) return true;
  const v4 = bare.startsWith('::ffff:') ? bare.slice('::ffff:'.length) : bare;
  return net.isIPv4(v4) && v4.startsWith('127.');
}

type Connect = (this: unknown, ...args: unknown[]) => unknown;

/**
 * The host a Socket#connect call aims at, or undefined for an IPC path (a local socket file).
 * Mirrors net's own argument forms: (options[, cb]), (port[, host][, cb]), (path[, cb]).
 */
function targetOf(args: unknown[]): string | undefined {
  // net.connect passes its normalized [options, cb] pair as the first argument.
  const first = Array.isArray(args[0]) ? (args[0] as unknown[])[0] : args[0];
  if (typeof first === 'object' && first !== null) {
    const options = first as { host?: unknown; path?: unknown };
    if (typeof options.path === 'string' && options.host === undefined) return undefined;
    return typeof options.host === 'string' && options.host !== '' ? options.host : 'localhost';
  }
  if (typeof first === 'string' && !/^\d+$/.test(first)) return undefined; // an IPC path
  return typeof args[1] === 'string' && args[1] !== '' ? args[1] : 'localhost';
}

/**
 * Wraps `target.connect` so that only loopback is reached; `connect` is never called for another
 * host. Exported with its target as a parameter so a test can prove that on a probe.
 */
export function guardConnect(target: { connect: Connect }): void {
  const connect = target.connect;
  if (connect.name === 'guardedConnect') return;
  target.connect = function guardedConnect(this: unknown, ...args: unknown[]): unknown {
    const host = targetOf(args);
    if (host !== undefined && !isLoopback(host))
      throw new NetworkRefusedError('connection to', host);
    return connect.apply(this, args);
  };
}

type Lookup = (hostname: string, ...rest: unknown[]) => unknown;

/** Wraps the named lookup/resolve functions of `target`: a non-local name never leaves the process. */
export function guardDns(target: Record<string, unknown>, names: readonly string[]): void {
  for (const name of names) {
    const original = target[name];
    if (typeof original !== 'function' || original.name === 'guardedLookup') continue;
    target[name] = function guardedLookup(this: unknown, hostname: string, ...rest: unknown[]) {
      if (typeof hostname === 'string' && !isLoopback(hostname)) {
        throw new NetworkRefusedError(`dns.${name} of`, hostname);
      }
      return (original as Lookup).call(this, hostname, ...rest);
    };
  }
}

const DNS_FUNCTIONS = [
  'lookup',
  'resolve',
  'resolve4',
  'resolve6',
  'resolveAny',
  'resolveCname',
  'resolveMx',
  'resolveNs',
  'resolveTxt',
  'resolveSrv',
  'resolveCaa',
  'resolveNaptr',
  'resolveSoa',
] as const;

guardConnect(net.Socket.prototype as unknown as { connect: Connect });
guardDns(dns as unknown as Record<string, unknown>, DNS_FUNCTIONS);
guardDns(dns.promises as unknown as Record<string, unknown>, DNS_FUNCTIONS);
guardDns(dns.Resolver.prototype as unknown as Record<string, unknown>, DNS_FUNCTIONS);
guardDns(dns.promises.Resolver.prototype as unknown as Record<string, unknown>, DNS_FUNCTIONS);
// `import { lookup } from 'node:dns'` reads the module's ESM bindings: bring them up to date.
syncBuiltinESMExports();
