// Loaded before every test file: any attempt to open a connection to a host
// other than this machine fails, so a test can never pass by reaching the
// network (and a forgotten fetch shows up as a failure, not a slow test).
import net from 'node:net';

export const NETWORK_BLOCKED = 'LAUREL_TEST_NETWORK_BLOCKED';

const loopbackHosts = new Set(['localhost', '::1', '0:0:0:0:0:0:0:1']);

function isLocal(host: string | undefined): boolean {
  if (host === undefined) return true; // path (unix socket) connections stay on this machine
  const bare = host.replace(/^\[|\]$/g, '');
  return loopbackHosts.has(bare) || /^127\.\d+\.\d+\.\d+$/.test(bare) || /^::ffff:127\./.test(bare);
}

function targetHost(args: unknown[]): string | undefined {
  const [first, second] = args;
  if (typeof first === 'object' && first !== null && !Array.isArray(first)) {
    const options = first as { host?: string; path?: string };
    if (options.path) return undefined;
    return options.host ?? 'localhost';
  }
  if (typeof first === 'string' && Number.isNaN(Number(first))) return undefined; // unix socket path
  return typeof second === 'string' ? second : 'localhost';
}

const originalConnect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function blockedConnect(this: net.Socket, ...args: unknown[]) {
  // net.connect() passes a normalised [options, callback] pair; other call forms are rare.
  const normalised = Array.isArray(args[0]) ? (args[0] as unknown[]) : args;
  const host = targetHost(normalised);
  if (!isLocal(host)) {
    const error = Object.assign(new Error(`${NETWORK_BLOCKED}: tests may not connect to ${host}`), { code: NETWORK_BLOCKED });
    process.nextTick(() => this.destroy(error));
    return this;
  }
  return (originalConnect as (...a: unknown[]) => net.Socket).apply(this, args);
} as typeof net.Socket.prototype.connect;
