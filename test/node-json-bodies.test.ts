// limitBody under @hono/node-server (as both services run): JSON bodies are read straight from
// Node's request (packages/http-kit/src/node-body.ts), everything else through the web stream.
// Whichever path a body takes, the route must read exactly what was sent, as the Fetch API would.
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { limitBody } from '@laurel/http-kit';

const LIMIT = 1024;
let server: ServerType;
let base: string;

beforeAll(async () => {
  const app = new Hono();
  app.use('*', limitBody(LIMIT));
  app.post('/json', async (c) => c.json({ got: await c.req.json() }));
  app.post('/text', async (c) => c.json({ got: await c.req.text() }));
  app.post('/form', async (c) => c.json({ got: await c.req.parseBody() }));
  app.post('/bytes', async (c) => c.json({ got: [...new Uint8Array(await c.req.arrayBuffer())] }));
  server = await new Promise<ServerType>((resolve) => {
    const running = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(running));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

async function post(path: string, contentType: string, body: string | Uint8Array): Promise<{ status: number; body: { got?: unknown; code?: string } }> {
  const response = await fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': contentType }, body });
  return { status: response.status, body: (await response.json()) as { got?: unknown; code?: string } };
}

describe('request bodies under @hono/node-server with limitBody', () => {
  it.each(['application/json', 'application/json; charset=utf-8', 'application/ld+json', 'application/vc+ld+json'])('reads a %s body, non-ASCII text and all', async (contentType) => {
    const document = { name: 'Łódź 統計学 🎓', n: 1 };
    expect(await post('/json', contentType, JSON.stringify(document))).toEqual({ status: 200, body: { got: document } });
  });

  it('drops a leading byte order mark, as the Fetch API does', async () => {
    expect(await post('/json', 'application/json', `\uFEFF${JSON.stringify({ a: 1 })}`)).toEqual({ status: 200, body: { got: { a: 1 } } });
  });

  it('keeps a JSON body whole when it arrives in several chunks (no Content-Length)', async () => {
    const text = JSON.stringify({ part: 'x'.repeat(600) });
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        const bytes = new TextEncoder().encode(text);
        controller.enqueue(bytes.subarray(0, 100));
        controller.enqueue(bytes.subarray(100));
        controller.close();
      },
    });
    const response = await fetch(`${base}/text`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: stream, duplex: 'half' } as RequestInit);
    expect(await response.json()).toEqual({ got: text });
  });

  it('refuses a JSON body over the limit with a 413 problem', async () => {
    expect(await post('/json', 'application/json', JSON.stringify({ big: 'x'.repeat(LIMIT) }))).toMatchObject({ status: 413, body: { code: 'PAYLOAD_TOO_LARGE' } });
  });

  it('leaves forms and bytes to the web stream: parsed and intact', async () => {
    expect(await post('/form', 'application/x-www-form-urlencoded', 'a=1&b=%C5%81')).toEqual({ status: 200, body: { got: { a: '1', b: 'Ł' } } });
    // Bytes that are not UTF-8 would not survive a text decoding.
    const bytes = [0xff, 0xfe, 0x00, 0xc3, 0x28, 0x80];
    expect(await post('/bytes', 'application/octet-stream', new Uint8Array(bytes))).toEqual({ status: 200, body: { got: bytes } });
  });
});
