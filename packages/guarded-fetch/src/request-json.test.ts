import { describe, expect, it } from 'vitest';
import { useFetchHarness, refusal } from './testing/harness.js';

const { fetcherWith, server } = useFetchHarness();

const local = { allowHttp: true, allowLoopback: true };

describe('requestJson', () => {
  it('sends method, headers and a JSON body, and parses the JSON answer', async () => {
    let seen: { method?: string; headers?: Record<string, unknown>; body?: string } = {};
    const api = await server((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      request.on('end', () => {
        seen = { method: request.method, headers: request.headers, body };
        response.writeHead(201, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ data: { id: 'b-1' } }));
      });
    });
    const result = await fetcherWith(local).requestJson({
      method: 'POST',
      url: api.url('/v1/things?x=1'),
      headers: { Authorization: 'Basic abc' },
      body: { name: 'Ada' },
    });
    expect(result).toMatchObject({ status: 201, json: { data: { id: 'b-1' } } });
    expect(seen.method).toBe('POST');
    expect(seen.headers).toMatchObject({ authorization: 'Basic abc', 'content-type': 'application/json', accept: 'application/json' });
    expect(JSON.parse(seen.body ?? '')).toEqual({ name: 'Ada' });
    expect(api.requests).toEqual(['/v1/things?x=1']);
  });

  it('sends a form body url-encoded (OAuth 2.0 token requests, RFC 6749 §4.4.2)', async () => {
    let seen: { type?: string; body?: string } = {};
    const api = await server((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      request.on('end', () => {
        seen = { type: request.headers['content-type'], body };
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end('{"access_token":"t"}');
      });
    });
    const result = await fetcherWith(local).requestJson({ method: 'POST', url: api.url('/token'), form: { grant_type: 'client_credentials', client_secret: 'a+b&c' } });
    expect(result.json).toEqual({ access_token: 't' });
    expect(seen.type).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(new URLSearchParams(seen.body))).toEqual({ grant_type: 'client_credentials', client_secret: 'a+b&c' });
  });

  it('resolves with error statuses, the body parsed when it is JSON and left out when not', async () => {
    const api = await server((request, response) => {
      if (request.url === '/json') {
        response.writeHead(422, { 'content-type': 'application/json' });
        response.end('{"errors":"duplicate"}');
      } else {
        response.writeHead(401, { 'content-type': 'text/plain' });
        response.end('HTTP Token: Access denied.');
      }
    });
    const fetcher = fetcherWith(local);
    expect(await fetcher.requestJson({ method: 'PUT', url: api.url('/json') })).toMatchObject({ status: 422, json: { errors: 'duplicate' } });
    const denied = await fetcher.requestJson({ method: 'GET', url: api.url('/text') });
    expect(denied.status).toBe(401);
    expect(denied.json).toBeUndefined();
  });

  it('accepts an empty 2xx body and refuses a 2xx body that is not JSON', async () => {
    const api = await server((request, response) => {
      response.writeHead(200, { 'content-type': 'text/html' });
      response.end(request.url === '/empty' ? '' : '<html>');
    });
    const fetcher = fetcherWith(local);
    expect(await fetcher.requestJson({ method: 'DELETE', url: api.url('/empty') })).toMatchObject({ status: 200, json: undefined, bytes: 0 });
    await refusal(fetcher.requestJson({ method: 'GET', url: api.url('/html') }), 'FETCH_NOT_JSON');
  });

  it('keeps the address and scheme policy: no http, no loopback by default', async () => {
    const api = await server((_request, response) => response.end('{}'));
    await refusal(fetcherWith().requestJson({ method: 'POST', url: api.url('/'), body: {} }), 'FETCH_SCHEME_NOT_ALLOWED');
    await refusal(fetcherWith({ allowHttp: true }).requestJson({ method: 'POST', url: api.url('/'), body: {} }), 'FETCH_ADDRESS_NOT_ALLOWED');
    expect(api.requests).toEqual([]);
  });

  it('times out a server that never answers', async () => {
    const api = await server(() => {
      // never answers
    });
    const error = await refusal(fetcherWith({ ...local, timeoutMs: 200 }).requestJson({ method: 'POST', url: api.url('/'), body: {} }), 'FETCH_TIMEOUT');
    expect(error.message).not.toContain('secret');
  });

  it('caps the body size', async () => {
    const api = await server((_request, response) => {
      response.writeHead(500, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ pad: 'x'.repeat(5000) }));
    });
    await refusal(fetcherWith({ ...local, maxBytes: 1000 }).requestJson({ method: 'GET', url: api.url('/') }), 'FETCH_TOO_LARGE');
  });

  it('does not echo request headers in errors', async () => {
    const error = await refusal(
      fetcherWith().requestJson({ method: 'GET', url: 'http://example.test/', headers: { authorization: 'Token token=secret-key' } }),
      'FETCH_SCHEME_NOT_ALLOWED',
    );
    expect(JSON.stringify({ message: error.message, details: error.details })).not.toContain('secret-key');
  });

  it('refuses an invalid URL', async () => {
    await refusal(fetcherWith().requestJson({ method: 'GET', url: 'not a url' }), 'FETCH_FAILED');
  });
});
