import type { IncomingMessage } from 'node:http';
import type { Context, MiddlewareHandler } from 'hono';
import { DEFAULT_DRAIN_BYTES, limitBody, problem, problemResponse } from '@laurel/http-kit';

/**
 * The VC-API verify routes' plumbing, made cheap: these are the routes
 * wallets and employers call in bulk, and their cost per request used to be
 * dominated by the HTTP layers around a verification rather than by it.
 *
 * - The body is read once, straight from node's IncomingMessage, into Hono's
 *   body cache: no web ReadableStream, no undici Request, no second copy.
 *   The route's validator then parses it from the cache as usual (a bad JSON
 *   body still gets the framework's 400 problem). Limits are the same as
 *   `limitBody`'s: over `maxBytes` is a 413 problem, a refused body is drained
 *   up to `drainBytes` so the keep-alive connection survives, a larger one
 *   closes the connection. Outside @hono/node-server (`app.request()` in
 *   tests, other runtimes) there is no IncomingMessage: `limitBody` applies.
 * - CORS for these POST routes is one header on whatever answers (report,
 *   problem, 413), set after the route instead of by the generic middleware;
 *   preflights still go to `preflight` (Hono's cors).
 */
export const FAST_VERIFY_PATHS: ReadonlySet<string> = new Set(['/credentials/verify', '/presentations/verify']);

type BodyOutcome = { ok: true; text: string } | { ok: false; drained: boolean };

/** The node request behind a Hono context served by @hono/node-server, if any (and if its body is still unread). */
function unreadIncoming(c: Context): IncomingMessage | undefined {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  if (!incoming || typeof incoming.on !== 'function' || incoming.readableEnded || incoming.readableDidRead) return undefined;
  return incoming;
}

/**
 * Reads the whole body as UTF-8 text if it is at most `maxBytes`; otherwise
 * discards what follows (up to `drainBytes`) and says whether it got to the end.
 */
function readWithin(incoming: IncomingMessage, maxBytes: number, drainBytes: number, declared: number | undefined): Promise<BodyOutcome> {
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
    const onEnd = () => finish(over ? { ok: false, drained: true } : { ok: true, text: chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks, size).toString('utf8') });
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

function tooLarge(c: Context, maxBytes: number, drained: boolean): Response {
  const response = problemResponse(c, problem(413, 'PAYLOAD_TOO_LARGE', `The request body is larger than ${maxBytes} bytes.`));
  if (!drained) response.headers.set('connection', 'close');
  return response;
}

/**
 * Every request's body limit: the fast read for the verify routes when served
 * by node, `limitBody` for everything else.
 */
export function verifyRouteBodies(maxBytes: number, drainBytes = DEFAULT_DRAIN_BYTES): MiddlewareHandler {
  const generic = limitBody(maxBytes, drainBytes);
  return async (c, next) => {
    if (c.req.method !== 'POST' || !FAST_VERIFY_PATHS.has(c.req.path)) return generic(c, next);
    const incoming = unreadIncoming(c);
    if (!incoming) return generic(c, next);
    const header = incoming.headers['transfer-encoding'] === undefined ? incoming.headers['content-length'] : undefined;
    const declared = header === undefined ? undefined : Number(header);
    const outcome = await readWithin(incoming, maxBytes, drainBytes, declared !== undefined && Number.isFinite(declared) ? declared : undefined);
    if (!outcome.ok) return tooLarge(c, maxBytes, outcome.drained);
    // Hono's json() and text() read this cache before they would touch the (now consumed) stream.
    // It holds promises at run time (json() calls .then on the entry), whatever its declared type says.
    (c.req.bodyCache as { text?: Promise<string> }).text = Promise.resolve(outcome.text);
    return next();
  };
}

/**
 * CORS for the public VC-API routes: anyone may verify (wallets and employer
 * sites call from browsers). `preflight` answers OPTIONS; every other answer,
 * success or problem, gets the allow-origin header after the route ran.
 */
export function verifyRouteCors(preflight: MiddlewareHandler): MiddlewareHandler {
  return async (c, next) => {
    if (c.req.method === 'OPTIONS') return preflight(c, next);
    await next();
    c.res.headers.set('access-control-allow-origin', '*');
  };
}
