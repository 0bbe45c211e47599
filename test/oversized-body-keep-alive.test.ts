// Issue 15: an oversized body must not break the client's next keep-alive request.
// A raw node:net socket against the verifier's own listening server, so we see
// exactly what travels on one connection (RFC 9112 §9.3 persistence, §9.6 close).
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '@laurel/store';
import { startVerifier, type RunningVerifier } from '@laurel/verifier-service';

const LIMIT = 1024;

interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** One socket, read as a queue of HTTP/1.1 responses (each with a Content-Length or chunked body). */
class RawConnection {
  private buffer = Buffer.alloc(0);
  private waiters: (() => void)[] = [];
  ended = false;
  readonly socket: net.Socket;

  constructor(port: number) {
    this.socket = net.connect(port, '127.0.0.1');
    this.socket.on('data', (chunk: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      this.wake();
    });
    this.socket.on('end', () => {
      this.ended = true;
      this.wake();
    });
    this.socket.on('error', () => {
      this.ended = true;
      this.wake();
    });
  }

  private wake(): void {
    for (const waiter of this.waiters.splice(0)) waiter();
  }

  private async until<T>(take: () => T | undefined): Promise<T> {
    for (;;) {
      const taken = take();
      if (taken !== undefined) return taken;
      if (this.ended) throw new Error(`connection closed; unread: ${JSON.stringify(this.buffer.toString('latin1').slice(0, 200))}`);
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  write(data: string | Buffer): Promise<void> {
    return new Promise((resolve, reject) => this.socket.write(data, (error) => (error ? reject(error) : resolve())));
  }

  /** Resolves once the server has closed its side (and nothing more was sent). */
  closed(): Promise<void> {
    return this.until(() => (this.ended && this.buffer.length === 0 ? true : undefined)).then(() => undefined);
  }

  response(): Promise<RawResponse> {
    return this.until(() => {
      const end = this.buffer.indexOf('\r\n\r\n');
      if (end < 0) return undefined;
      const [statusLine, ...lines] = this.buffer.subarray(0, end).toString('latin1').split('\r\n');
      const headers = Object.fromEntries(lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]));
      let rest = this.buffer.subarray(end + 4);
      let body = '';
      if (headers['transfer-encoding'] === 'chunked') {
        for (;;) {
          const lineEnd = rest.indexOf('\r\n');
          if (lineEnd < 0) return undefined;
          const size = Number.parseInt(rest.subarray(0, lineEnd).toString('latin1'), 16);
          if (rest.length < lineEnd + 2 + size + 2) return undefined;
          body += rest.subarray(lineEnd + 2, lineEnd + 2 + size).toString('utf8');
          rest = rest.subarray(lineEnd + 2 + size + 2);
          if (size === 0) break;
        }
      } else {
        const length = Number(headers['content-length'] ?? 0);
        if (rest.length < length) return undefined;
        body = rest.subarray(0, length).toString('utf8');
        rest = rest.subarray(length);
      }
      this.buffer = rest;
      return { status: Number(statusLine!.split(' ')[1]), headers, body };
    });
  }

  close(): void {
    this.socket.destroy();
  }
}

const post = (headers: string) => `POST /credentials/verify HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n${headers}\r\n`;
const health = 'GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n';

describe('oversized body and keep-alive (limitBody)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'laurel-body-limit-'));
  let verifier: RunningVerifier;
  let port: number;
  const open: RawConnection[] = [];
  const connect = () => {
    const connection = new RawConnection(port);
    open.push(connection);
    return connection;
  };

  beforeAll(async () => {
    const databaseUrl = `sqlite:${path.join(dir, 'laurel.db')}`;
    await (await openStore({ databaseUrl })).close();
    verifier = await startVerifier({ DATABASE_URL: databaseUrl, VERIFIER_PUBLIC_URL_CHECK: 'false', VERIFIER_PORT: '0', LOG_LEVEL: 'silent', VERIFIER_MAX_BODY_BYTES: String(LIMIT), ISSUER_DOMAIN_LINKAGE: 'false' });
    port = Number(new URL(verifier.url).port);
  }, 30_000);
  afterAll(async () => {
    for (const connection of open) connection.close();
    await verifier?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a body over the limit with a Content-Length: 413 problem, then the next request on the same socket is answered', async () => {
    const connection = connect();
    const body = JSON.stringify({ verifiableCredential: { padding: 'x'.repeat(LIMIT * 8) } });
    await connection.write(`${post(`Content-Length: ${Buffer.byteLength(body)}\r\n`)}${body}`);
    const refused = await connection.response();
    expect(refused.status).toBe(413);
    expect(JSON.parse(refused.body)).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    expect(refused.headers.connection).not.toBe('close');

    await connection.write(health);
    const next = await connection.response();
    expect(next.status).toBe(200);
  });

  it('a chunked body over the limit: 413 problem, then the next request on the same socket is answered', async () => {
    const connection = connect();
    const chunk = 'x'.repeat(LIMIT);
    const chunks = Array.from({ length: 8 }, () => `${chunk.length.toString(16)}\r\n${chunk}\r\n`).join('');
    await connection.write(`${post('Transfer-Encoding: chunked\r\n')}${chunks}0\r\n\r\n`);
    expect((await connection.response()).status).toBe(413);

    await connection.write(health);
    expect((await connection.response()).status).toBe(200);
  });

  it('a chunked body within the limit still reaches the route whole', async () => {
    const connection = connect();
    const body = JSON.stringify({ verifiableCredential: { id: 'urn:example:1' } });
    const half = Math.floor(body.length / 2);
    const chunks = [body.slice(0, half), body.slice(half)].map((part) => `${part.length.toString(16)}\r\n${part}\r\n`).join('');
    await connection.write(`${post('Transfer-Encoding: chunked\r\n')}${chunks}0\r\n\r\n`);
    const answered = await connection.response();
    // The verifier read the credential itself: it found no proof on it.
    expect(answered.status).toBe(400);
    expect(JSON.parse(answered.body)).toMatchObject({ verified: false, checks: expect.arrayContaining([expect.objectContaining({ code: 'NO_PROOF' })]) });
  });

  it('a body too large to be worth draining: 413 with Connection: close, the socket ends cleanly, a new connection works', async () => {
    const connection = connect();
    // Announces 64 MiB and sends only the start: the server must not wait for (or read) the rest.
    await connection.write(`${post(`Content-Length: ${64 * 1024 * 1024}\r\n`)}${'x'.repeat(LIMIT * 2)}`);
    const refused = await connection.response();
    expect(refused.status).toBe(413);
    expect(refused.headers.connection).toBe('close');
    await connection.closed();

    const fresh = connect();
    await fresh.write(health);
    expect((await fresh.response()).status).toBe(200);
  });
});
