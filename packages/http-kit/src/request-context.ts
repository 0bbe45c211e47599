import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { Context } from 'hono';

declare module 'hono' {
  interface ContextVariableMap {
    /** The request's id, set by the access log (X-Request-Id). */
    requestId: string;
  }
}

/** What a unit of work (an HTTP request, an event from the bus) is known by while it runs. */
export interface RequestContext {
  requestId: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

export const REQUEST_ID_HEADER = 'x-request-id';

// A caller's id is kept only when it is short and plain: it lands in logs and outbound headers.
const ACCEPTABLE_ID = /^[\w.:@-]{1,128}$/;

/** The caller's request id when it is acceptable, else a new one. */
export function requestIdFrom(offered: string | undefined): string {
  return offered !== undefined && ACCEPTABLE_ID.test(offered) ? offered : randomUUID();
}

/** Runs `work` as the unit of work `requestId`: log lines and outbound calls made inside carry it. */
export function withRequestId<T>(requestId: string, work: () => T): T {
  return inRequestContext(requestIdFrom(requestId), work);
}

/** Runs `work` under an id already accepted by requestIdFrom (the access log's). */
export function inRequestContext<T>(requestId: string, work: () => T): T {
  return storage.run({ requestId }, work);
}

/** The id of the request (or event) being handled, if any. */
export function currentRequestId(): string | undefined {
  return storage.getStore()?.requestId;
}

/** Headers an outbound call made on behalf of the current request carries: its id. */
export function outboundRequestHeaders(): Record<string, string> {
  return requestIdHeaders(currentRequestId());
}

/** The id the access log gave this request (undefined before it ran). */
export function requestIdOf(c: Context): string | undefined {
  return c.get('requestId');
}

/** The headers an outbound call made for the request `requestId` carries, passed explicitly. */
export function requestIdHeaders(requestId: string | undefined): Record<string, string> {
  return requestId ? { [REQUEST_ID_HEADER]: requestId } : {};
}
