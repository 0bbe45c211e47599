import type { IncomingMessage } from 'node:http';
import type { Context } from 'hono';

/**
 * Reading a JSON body straight from Node's request when @hono/node-server
 * serves the app: no web ReadableStream, no undici Request, no second copy.
 * That plumbing used to cost more per request than the cheapest routes
 * themselves; the body then sits in Hono's body cache, where `c.req.json()`
 * and `c.req.text()` (and the validators) read it as usual.
 */

export type BodyOutcome = { ok: true; text: string } | { ok: false; drained: boolean };

// application/json, application/ld+json, application/vc+ld+json, ... with any parameters.
const JSON_MEDIA_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

/**
 * The node request behind a Hono context served by @hono/node-server, when
 * its body is JSON and still unread; undefined otherwise (`app.request()` in
 * tests, other runtimes, forms and uploads), which keeps the web-stream path.
 */
export function unreadJsonIncoming(c: Context): IncomingMessage | undefined {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  if (!incoming || typeof incoming.on !== 'function' || incoming.readableEnded || incoming.readableDidRead) return undefined;
  return JSON_MEDIA_TYPE.test(incoming.headers['content-type'] ?? '') ? incoming : undefined;
}

/** The declared Content-Length, when there is one and no Transfer-Encoding overrides it. */
function declaredLength(incoming: IncomingMessage): number | undefined {
  const header = incoming.headers['transfer-encoding'] === undefined ? incoming.headers['content-length'] : undefined;
  const declared = header === undefined ? undefined : Number(header);
  return declared !== undefined && Number.isFinite(declared) ? declared : undefined;
}

/** UTF-8 as the Fetch API decodes a body: a leading byte order mark is dropped. */
function decode(chunks: Buffer[], size: number): string {
  const text = chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks, size).toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * Reads the whole body as UTF-8 text if it is at most `maxBytes`; otherwise
 * discards what follows (up to `drainBytes`) and says whether it got to the end.
 */
export function readWithin(incoming: IncomingMessage, maxBytes: number, drainBytes: number): Promise<BodyOutcome> {
  const declared = declaredLength(incoming);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    // A declared length over the limit is refused before anything is read.
    let drainLeft = declared !== undefined && declared > maxBytes ? (declared - maxBytes <= drainBytes ? declared : -1) : drainBytes;
    const finish = (outcome: BodyOutcome) => {
      incoming.off('data', onData);
      incoming.off('end', onEnd);
      incoming.off('error', onError);
      resolve(outcome);
    };
    const onData = (chunk: Buffer) => {
      if (over) {
        drainLeft -= chunk.byteLength;
        if (drainLeft < 0) {
          incoming.pause();
          finish({ ok: false, drained: false });
        }
        return;
      }
      size += chunk.byteLength;
      if (size > maxBytes) {
        over = true;
        chunks.length = 0;
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => finish(over ? { ok: false, drained: true } : { ok: true, text: decode(chunks, size) });
    const onError = (error: Error) => {
      incoming.off('data', onData);
      incoming.off('end', onEnd);
      reject(error);
    };
    if (declared !== undefined && declared > maxBytes) {
      if (drainLeft < 0) return resolve({ ok: false, drained: false });
      over = true;
    }
    incoming.on('data', onData);
    incoming.once('end', onEnd);
    incoming.once('error', onError);
  });
}
