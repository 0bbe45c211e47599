import { Writable } from 'node:stream';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { accessLog } from './access-log.js';
import { problemErrorHandler } from './hono.js';
import { createLogger } from './logger.js';
import { currentRequestId, requestIdOf } from './request-context.js';

/** An app whose log lines are collected, with a route that tells what it sees of its request id. */
function appWith(asyncContext: boolean | undefined) {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString('utf8')) as Record<string, unknown>);
      done();
    },
  });
  const logger = createLogger({ name: 'test', destination });
  const app = new Hono();
  app.onError(problemErrorHandler(logger));
  app.use('*', accessLog(logger, { trustedProxies: 0, ...(asyncContext === undefined ? {} : { asyncContext }) }));
  app.get('/seen', async (c) => {
    await Promise.resolve();
    return c.json({ onContext: requestIdOf(c) ?? null, inAsyncContext: currentRequestId() ?? null });
  });
  app.get('/fails', () => {
    throw new Error('boom');
  });
  return { app, lines };
}

describe('access log', () => {
  it('by default runs the request in an async context: code anywhere inside knows its id', async () => {
    const { app, lines } = appWith(undefined);
    const response = await app.request('/seen', { headers: { 'x-request-id': 'in-context-1' } });
    expect(await response.json()).toEqual({ onContext: 'in-context-1', inAsyncContext: 'in-context-1' });
    expect(response.headers.get('x-request-id')).toBe('in-context-1');
    expect(lines.filter((line) => line.msg === 'request').map((line) => line.reqId)).toEqual(['in-context-1']);
  });

  it('without an async context the id is on the Hono context only, and still on every line the request writes', async () => {
    const { app, lines } = appWith(false);
    const response = await app.request('/seen', { headers: { 'x-request-id': 'explicit-1' } });
    expect(await response.json()).toEqual({ onContext: 'explicit-1', inAsyncContext: null });
    expect(response.headers.get('x-request-id')).toBe('explicit-1');

    const failed = await app.request('/fails', { headers: { 'x-request-id': 'explicit-2' } });
    expect(failed.status).toBe(500);
    expect(failed.headers.get('x-request-id')).toBe('explicit-2');
    expect(lines.map((line) => [line.msg, line.reqId])).toEqual([
      ['request', 'explicit-1'],
      ['request failed', 'explicit-2'],
      ['request', 'explicit-2'],
    ]);
  });
});
