/**
 * A TCP proxy a test puts between Laurel and a server (MariaDB, Redis) to
 * make an outage on demand: cut() breaks every open connection and stops new
 * ones from getting through; restore() lets them through again.
 */
import net from 'node:net';

export type CutMode =
  /** New connections are accepted and reset at once: like a server that is down (ECONNRESET / connection lost during the handshake). */
  | 'refuse'
  /** New connections are accepted and left silent, like a network that drops packets; restore() connects them through. */
  | 'hold';

export interface TcpProxy {
  /** 127.0.0.1 port that forwards to the target. */
  readonly port: number;
  /** Connections accepted so far (to check that a client really reconnected). */
  readonly accepted: number;
  /** Destroys every open connection; new ones are refused or held until restore(). */
  cut(mode?: CutMode): void;
  /** Forwards again: held connections go through, new ones too. */
  restore(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host?: string; port: number }): Promise<TcpProxy> {
  const host = target.host ?? '127.0.0.1';
  const open = new Set<net.Socket>();
  const held = new Set<net.Socket>();
  let mode: CutMode | undefined;
  let accepted = 0;

  const forward = (client: net.Socket) => {
    const upstream = net.connect({ host, port: target.port });
    open.add(client);
    open.add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    client.pipe(upstream);
    upstream.pipe(client);
  };

  const server = net.createServer((client) => {
    accepted++;
    if (mode === 'refuse') {
      client.resetAndDestroy();
      return;
    }
    if (mode === 'hold') {
      held.add(client);
      client.on('error', () => held.delete(client)).on('close', () => held.delete(client));
      // Nothing is read: bytes the client sends wait in the socket for restore().
      client.pause();
      return;
    }
    forward(client);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as net.AddressInfo).port;

  return {
    port,
    get accepted() {
      return accepted;
    },
    cut(cutMode: CutMode = 'refuse') {
      mode = cutMode;
      for (const socket of open) socket.resetAndDestroy();
      open.clear();
    },
    restore() {
      mode = undefined;
      for (const client of held) {
        client.removeAllListeners('error').removeAllListeners('close');
        forward(client);
        client.resume();
      }
      held.clear();
    },
    async close() {
      for (const socket of [...open, ...held]) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A proxy to the server of a `mysql://` (or `redis://`) URL, and the same URL pointing through it. */
export async function proxyUrl(url: string, defaultPort = 3306): Promise<{ proxy: TcpProxy; url: string }> {
  const parsed = new URL(url);
  const proxy = await startTcpProxy({ host: parsed.hostname || '127.0.0.1', port: Number(parsed.port || defaultPort) });
  parsed.hostname = '127.0.0.1';
  parsed.port = String(proxy.port);
  return { proxy, url: parsed.href };
}
