import type { MessagePort } from 'node:worker_threads';
import { deserializeError, serializeError, type SerializedError } from './errors.js';

/**
 * What a worker asks of the thread that sent the task while verifying: the
 * did:web documents stay with the caller, its fetch budget and caches, so a
 * pooled verification fetches exactly what an in-process one would. (Status
 * lists are consulted by the caller once the worker is done: pool.ts.)
 */
export interface Callbacks {
  fetchDidWebDocument?: (url: URL) => Promise<unknown>;
}

export type CallbackName = keyof Callbacks;

interface Call {
  id: number;
  name: CallbackName;
  argument: unknown;
}

type Answer = { id: number; value: unknown } | { id: number; error: SerializedError };

/** The caller's side: answers the worker's calls on `port` until the task ends. */
export function serveCallbacks(port: MessagePort, callbacks: Callbacks): void {
  port.on('message', (call: Call) => {
    const answer = (reply: Answer) => port.postMessage(reply);
    void (async () => {
      try {
        const value = await callbacks[call.name]!(new URL(call.argument as string));
        answer({ id: call.id, value });
      } catch (error) {
        answer({ id: call.id, error: serializeError(error) });
      }
    })();
  });
}

/** The worker's side: each callback the caller offered, as an async function over `port`. */
export function callbacksOver(port: MessagePort, offered: readonly CallbackName[]): Callbacks {
  let next = 0;
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  port.on('message', (reply: Answer) => {
    const waiting = pending.get(reply.id);
    pending.delete(reply.id);
    if ('error' in reply) waiting?.reject(deserializeError(reply.error));
    else waiting?.resolve(reply.value);
  });
  const call = (name: CallbackName, argument: unknown) =>
    new Promise<unknown>((resolve, reject) => {
      const id = next++;
      pending.set(id, { resolve, reject });
      port.postMessage({ id, name, argument } satisfies Call);
    });
  return offered.includes('fetchDidWebDocument') ? { fetchDidWebDocument: (url: URL) => call('fetchDidWebDocument', url.href) } : {};
}
