import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  body: unknown;
}

export interface FakeReply {
  status: number;
  body?: unknown;
  /** Sent as text/plain instead of JSON. */
  text?: string;
}

export type FakeRoute = (request: RecordedRequest, url: URL, headers: http.IncomingHttpHeaders) => FakeReply;

/**
 * A fault for the next request: an HTTP status, or no answer at all (a hang,
 * for timeouts). `lost` first lets the API handle the request (so a create
 * really happens) and then loses the answer the same way: the client cannot
 * tell that it succeeded.
 */
export type Fault = { status: number } | 'hang' | { lost: { status: number } | 'hang' };

/** A node:http server on 127.0.0.1 with injectable faults, recording every request. */
export class FakeServer {
  readonly requests: RecordedRequest[] = [];
  private readonly faults: Fault[] = [];
  private server: http.Server | undefined;
  private port = 0;

  constructor(private readonly route: FakeRoute) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The next `count` requests meet `fault` instead of the API. */
  inject(fault: Fault, count = 1): void {
    for (let index = 0; index < count; index++) this.faults.push(fault);
  }

  async start(): Promise<this> {
    this.server = http.createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown = undefined;
        if (text.length > 0) {
          try {
            body = JSON.parse(text);
          } catch {
            body = text;
          }
        }
        const url = new URL(request.url ?? '/', this.url);
        const recorded = { method: request.method ?? 'GET', path: `${url.pathname}${url.search}`, body };
        this.requests.push(recorded);
        const fault = this.faults.shift();
        if (fault !== undefined && fault !== 'hang' && 'lost' in fault) this.route(recorded, url, request.headers);
        const failure = fault !== undefined && fault !== 'hang' && 'lost' in fault ? fault.lost : fault;
        if (failure === 'hang') return;
        const reply = failure ? { status: failure.status, body: { errors: 'Internal server error' } } : this.route(recorded, url, request.headers);
        if (reply.text !== undefined) {
          response.writeHead(reply.status, { 'content-type': 'text/plain' });
          response.end(reply.text);
          return;
        }
        const json = reply.body === undefined ? '' : JSON.stringify(reply.body);
        response.writeHead(reply.status, json ? { 'content-type': 'application/json; charset=utf-8' } : {});
        response.end(json);
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (!this.server) return resolve();
      this.server.closeAllConnections();
      this.server.close(() => resolve());
    });
  }
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
