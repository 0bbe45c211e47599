import http from 'node:http';
import type { AddressInfo } from 'node:net';
import net from 'node:net';
import type { LookupFunction } from '../connector.js';

export interface LocalServer {
  readonly port: number;
  /** http://127.0.0.1:port + path */
  url(path?: string): string;
  /** Request paths in arrival order. */
  readonly requests: string[];
  /** TCP connections accepted, including ones that never sent a request. */
  connections(): number;
  close(): Promise<void>;
}

/** An HTTP server on 127.0.0.1 with an OS-chosen port. */
export async function startServer(handler: http.RequestListener): Promise<LocalServer> {
  const requests: string[] = [];
  let connections = 0;
  const server = http.createServer((request, response) => {
    requests.push(request.url ?? '');
    handler(request, response);
  });
  server.on('connection', () => {
    connections++;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    url: (path = '/') => `http://127.0.0.1:${port}${path}`,
    requests,
    connections: () => connections,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Sends a JSON body with the given content type. */
export function sendJson(response: http.ServerResponse, body: unknown, headers: http.OutgoingHttpHeaders = {}): void {
  const text = JSON.stringify(body);
  response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  response.end(text);
}

/**
 * A dns.lookup stand-in answering from a table, recording each name asked.
 * Unknown names fail with ENOTFOUND as the real resolver would.
 */
export function tableLookup(table: Record<string, readonly string[]>): LookupFunction & { calls: string[] } {
  const calls: string[] = [];
  const lookup = ((hostname: string, _options: unknown, callback: (...args: unknown[]) => void) => {
    calls.push(hostname);
    const addresses = table[hostname];
    process.nextTick(() => {
      if (!addresses) {
        callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }), []);
        return;
      }
      callback(null, addresses.map((address) => ({ address, family: net.isIP(address) })));
    });
  }) as unknown as LookupFunction & { calls: string[] };
  lookup.calls = calls;
  return lookup;
}
