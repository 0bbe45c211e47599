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
