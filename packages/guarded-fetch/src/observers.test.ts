import { describe, expect, it } from 'vitest';
import type { FetchRefusedError } from './errors.js';
import { sendJson } from './testing/local-server.js';
import { useFetchHarness } from './testing/harness.js';

const { fetcherWith, server } = useFetchHarness();
const local = { allowHttp: true, allowLoopback: true };

describe('requestHeaders and onFailure', () => {
  it('every call, GET or API call, carries the headers read at that call', async () => {
    const seen: unknown[] = [];
    const remote = await server((request, response) => {
      seen.push(request.headers['x-request-id']);
      sendJson(response, { ok: true });
    });
    let current = 'req-1';
    const fetcher = fetcherWith({ ...local, requestHeaders: () => ({ 'x-request-id': current }) });
    await fetcher.fetchJson(remote.url('/a'));
    current = 'req-2';
    await fetcher.requestJson({ method: 'POST', url: remote.url('/b'), body: {} });
    await fetcher.fetchBytes(remote.url('/c'));
    expect(seen).toEqual(['req-1', 'req-2', 'req-2']);
  });

  it('headers given with one call go with that call, redirects included, and do not split the cache', async () => {
    const seen: unknown[] = [];
    const remote = await server((request, response) => {
      seen.push([request.url, request.headers['x-request-id']]);
      if (request.url === '/moved') response.writeHead(302, { location: '/list' }).end();
      else sendJson(response, { ok: true }, { 'cache-control': 'max-age=60' });
    });
    const fetcher = fetcherWith({ ...local, cache: { maxEntries: 10, maxTtlMs: 60_000 } });
    const json = fetcher.asJsonFetcher({ shared: true });
    expect(await json(new URL(remote.url('/moved')), { requestHeaders: { 'x-request-id': 'first' } })).toEqual({ ok: true });
    // The same document for another request: served from the cache, no call made.
    expect(await json(new URL(remote.url('/moved')), { requestHeaders: { 'x-request-id': 'second' } })).toEqual({ ok: true });
    await fetcher.fetchBytes(remote.url('/page'), { requestHeaders: { 'x-request-id': 'third' } });
    await fetcher.fetchJson(remote.url('/plain'));
    expect(seen).toEqual([
      ['/moved', 'first'],
      ['/list', 'first'],
      ['/page', 'third'],
      ['/plain', undefined],
    ]);
  });

  it('tells onFailure once of each failed call, with its code; successes are not reported', async () => {
    const failures: string[] = [];
    const remote = await server((request, response) => {
      if (request.url === '/broken') response.writeHead(500).end();
      else sendJson(response, { ok: true });
    });
    const fetcher = fetcherWith({ ...local, onFailure: (error: FetchRefusedError) => failures.push(error.code) });
    await fetcher.fetchJson(remote.url('/fine'));
    await expect(fetcher.fetchJson(remote.url('/broken'))).rejects.toMatchObject({ code: 'FETCH_HTTP_STATUS' });
    await expect(fetcherWith({ onFailure: (error: FetchRefusedError) => failures.push(error.code) }).fetchJson(remote.url('/fine'))).rejects.toMatchObject({ code: 'FETCH_SCHEME_NOT_ALLOWED' });
    expect(failures).toEqual(['FETCH_HTTP_STATUS', 'FETCH_SCHEME_NOT_ALLOWED']);
  });
});
