import type { Context, MiddlewareHandler } from 'hono';
import { problem } from './problem.js';
import { problemResponse } from './hono.js';
import { readWithin, unreadJsonIncoming } from './node-body.js';

/**
 * How much of a refused body is read and thrown away so the connection can
 * carry the client's next request (HTTP/1.1 has no other way to find where
 * the next request starts). Past this, reading costs more than a new
 * connection: the 413 says `Connection: close` and the socket is closed after
 * it, so keep-alive clients open a new one instead of writing into a dead one.
 */
export const DEFAULT_DRAIN_BYTES = 1024 * 1024;

type BodyReader = ReadableStreamDefaultReader<Uint8Array>;

/** Reads and discards the rest of the body; false when more than `budget` bytes remain. */
async function discardRest(reader: BodyReader, budget: number): Promise<boolean> {
  let left = budget;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return true;
    left -= value.byteLength;
    if (left < 0) return false;
  }
}

function tooLarge(c: Context, maxBytes: number, drained: boolean): Response {
  const response = problemResponse(c, problem(413, 'PAYLOAD_TOO_LARGE', `The request body is larger than ${maxBytes} bytes.`));
  if (!drained) response.headers.set('connection', 'close');
  return response;
}

/**
 * Refuses bodies over `maxBytes` with a 413 problem, never holding more than
 * `maxBytes` in memory. JSON bodies served by Node take the direct path of
 * node-body.ts; everything else goes through the web stream. The refused body
 * is drained (up to `drainBytes`) so the same keep-alive connection answers
 * the next request; a larger one is not read, and the 413 closes the
 * connection (RFC 9112 §9.6).
 */
export function limitBody(maxBytes: number, drainBytes = DEFAULT_DRAIN_BYTES): MiddlewareHandler {
  return async (c, next) => {
    // A JSON body under @hono/node-server: read from Node's request into Hono's body cache (node-body.ts).
    const incoming = unreadJsonIncoming(c);
    if (incoming) {
      const outcome = await readWithin(incoming, maxBytes, drainBytes);
      if (!outcome.ok) return tooLarge(c, maxBytes, outcome.drained);
      // Hono's json() and text() read this cache before they would touch the (now consumed) stream.
      // It holds promises at run time (json() calls .then on the entry), whatever its declared type says.
      (c.req.bodyCache as { text?: Promise<string> }).text = Promise.resolve(outcome.text);
      return next();
    }
    const body = c.req.raw.body;
    if (!body) return next();
    const declared = c.req.raw.headers.has('transfer-encoding') ? undefined : c.req.raw.headers.get('content-length');
    if (declared !== null && declared !== undefined) {
      const length = Number(declared);
      if (length <= maxBytes) return next();
      return tooLarge(c, maxBytes, length - maxBytes <= drainBytes && (await discardRest(body.getReader(), length)));
    }
    // Chunked: counted as it arrives.
    const reader = body.getReader();
    const chunks: Uint8Array[] = [];
    let size = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) return tooLarge(c, maxBytes, await discardRest(reader, drainBytes));
      chunks.push(value);
    }
    const whole = new Uint8Array(size);
    let offset = 0;
    for (const chunk of chunks) {
      whole.set(chunk, offset);
      offset += chunk.byteLength;
    }
    c.req.raw = new Request(c.req.raw, { body: whole });
    return next();
  };
}
