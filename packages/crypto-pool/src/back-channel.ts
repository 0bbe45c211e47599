import type { MessagePort } from 'node:worker_threads';
import { deserializeError, serializeError, type SerializedError } from './errors.js';

/**
 * What a worker asks of the thread that sent the task while verifying: the
 * did:web documents and status checks stay with the caller, its fetch budget
 * and caches, so a pooled verification fetches exactly what an in-process one
 * would.
 */
export interface Callbacks {
  fetchDidWebDocument?: (url: URL) => Promise<unknown>;
  checkStatus?: (credential: Record<string, unknown>) => Promise<unknown>;
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
        const value = call.name === 'fetchDidWebDocument'
          ? await callbacks.fetchDidWebDocument!(new URL(call.argument as string))
          : await callbacks.checkStatus!(call.argument as Record<string, unknown>);
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
  return {
    ...(offered.includes('fetchDidWebDocument') ? { fetchDidWebDocument: (url: URL) => call('fetchDidWebDocument', url.href) } : {}),
    ...(offered.includes('checkStatus') ? { checkStatus: (credential: Record<string, unknown>) => call('checkStatus', credential) } : {}),
  };
}
