import net from 'node:net';
import type { JsonFetcher } from '@laurel/contexts';
import { InvalidInputError, LaurelError } from '@laurel/models';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createGuardedFetcher } from './fetcher.js';
import type { GuardedFetchOptions } from './options.js';
import { useFetchHarness, refusal } from './testing/harness.js';
import { sendJson, startServer, tableLookup } from './testing/local-server.js';

const { fetcherWith, server } = useFetchHarness();

afterEach(() => {
  vi.restoreAllMocks();
});

/** Every outgoing TCP/TLS connect goes through this prototype method. */
function watchConnects() {
  return vi.spyOn(net.Socket.prototype, 'connect');
}

const DOCUMENT = { '@context': ['https://www.w3.org/ns/credentials/v2'], id: 'urn:example:1' };

describe('address and scheme policy (defaults)', () => {
  it('refuses http:// before connecting', async () => {
    const connects = watchConnects();
    const error = await refusal(fetcherWith().fetchJson('http://example.com/list.json'), 'FETCH_SCHEME_NOT_ALLOWED');
    expect(error.message).toContain('http://example.com/list.json');
    expect(connects).not.toHaveBeenCalled();
  });

  it.each(['file:///etc/passwd', 'ftp://example.com/x.json', 'data:application/json,{}'])('refuses %s', async (url) => {
    await refusal(fetcherWith({ allowHttp: true }).fetchJson(url), 'FETCH_SCHEME_NOT_ALLOWED');
  });

  it.each([
    'https://127.0.0.1/',
    'https://127.255.0.9/',
    'https://10.0.0.1/',
    'https://172.16.5.4/',
    'https://192.168.1.1/',
    'https://100.64.0.1/',
    'https://169.254.169.254/latest/meta-data/',
    'https://0.0.0.0/',
    'https://[::1]/',
    'https://[::]/',
    'https://[::ffff:127.0.0.1]/',
    'https://[::ffff:a9fe:a9fe]/',
    'https://[fd00::1]/',
    'https://[fe80::1]/',
    'https://2130706433/', // the URL parser turns this into 127.0.0.1
    'https://0x7f.1/',
  ])('refuses the literal address in %s without connecting', async (url) => {
    const connects = watchConnects();
    const error = await refusal(fetcherWith().fetchJson(url), 'FETCH_ADDRESS_NOT_ALLOWED');
    expect(error.message).toMatch(/^Refused to fetch https:\/\//);
    expect(connects).not.toHaveBeenCalled();
  });

  it('refuses the loopback test server when only http is allowed, and it sees no connection', async () => {
    const local = await server((_request, response) => sendJson(response, DOCUMENT));
    await refusal(fetcherWith({ allowHttp: true }).fetchJson(local.url('/doc.json')), 'FETCH_ADDRESS_NOT_ALLOWED');
    expect(local.connections()).toBe(0);
  });

  it.each(['127.0.0.1', '10.0.0.1', '169.254.169.254', '::ffff:127.0.0.1', '::1', '100.100.100.100'])(
    'refuses a hostname that resolves to %s, checking after DNS and before any connection',
    async (address) => {
      const local = await server((_request, response) => sendJson(response, DOCUMENT));
      const lookup = tableLookup({ 'evil.test': [address] });
      const connects = watchConnects();
      const error = await refusal(
        fetcherWith({ allowHttp: true, lookup }).fetchJson(`http://evil.test:${local.port}/did.json`),
        'FETCH_ADDRESS_NOT_ALLOWED',
      );
      expect(lookup.calls).toEqual(['evil.test']);
      expect(error.details).toMatchObject({ hostname: 'evil.test', address });
      expect(error.message).toContain(`http://evil.test:${local.port}/did.json`);
      expect(connects).not.toHaveBeenCalled();
      expect(local.connections()).toBe(0);
    },
  );

  it.each([
    [['93.184.215.14', '10.0.0.1']],
    [['10.0.0.1', '93.184.215.14']],
    [['2606:2800:21f:cb07:6820:80da:af6b:8b2c', 'fe80::1']],
  ])('refuses a hostname when any of its addresses %j is not allowed', async (addresses) => {
    const connects = watchConnects();
    await refusal(
      fetcherWith({ lookup: tableLookup({ 'mixed.test': addresses }) }).fetchJson('https://mixed.test/list'),
      'FETCH_ADDRESS_NOT_ALLOWED',
    );
    expect(connects).not.toHaveBeenCalled();
  });

  it('connects to the address it checked, so a second, different DNS answer is never used', async () => {
    // A rebinding resolver: first a permitted address, then loopback. A fetcher
    // that checked one answer and let the socket resolve again would reach 127.0.0.1.
    const answers = ['10.0.0.1', '127.0.0.1'];
    const calls: string[] = [];
    const lookup = ((hostname: string, _options: unknown, callback: (...args: unknown[]) => void) => {
      calls.push(hostname);
      const address = answers.shift() ?? '127.0.0.1';
      process.nextTick(() => callback(null, [{ address, family: 4 }]));
    }) as unknown as net.LookupFunction;
    const dialled: unknown[] = [];
    vi.spyOn(net.Socket.prototype, 'connect').mockImplementation(function fakeConnect(this: net.Socket, ...args: unknown[]) {
      const first = (Array.isArray(args[0]) ? args[0][0] : args[0]) as { host?: string };
      dialled.push(first.host);
      process.nextTick(() => this.destroy(new Error('test: no route to host')));
      return this;
    } as typeof net.Socket.prototype.connect);

    const error = await refusal(
      fetcherWith({ allowPrivate: true, allowHttp: true, lookup }).fetchJson('http://rebind.test/status.json'),
      'FETCH_FAILED',
    );
    expect(error.message).toContain('http://rebind.test/status.json');
    expect(calls).toEqual(['rebind.test']);
    expect(dialled).toEqual(['10.0.0.1']);
  });

  it('reports a name that does not resolve as FETCH_DNS_FAILED', async () => {
    const error = await refusal(
      fetcherWith({ lookup: tableLookup({}) }).fetchJson('https://nowhere.test/x'),
      'FETCH_DNS_FAILED',
    );
    expect(error.details).toMatchObject({ hostname: 'nowhere.test' });
  });
});

describe('explicit allowances', () => {
  it('reaches loopback with allowLoopback and returns the final URL, status, headers, JSON and size', async () => {
    const local = await server((_request, response) => sendJson(response, DOCUMENT, { 'x-test': 'yes' }));
    const result = await fetcherWith({ allowHttp: true, allowLoopback: true }).fetchJson(new URL(local.url('/doc.json')));
    expect(result).toMatchObject({ url: local.url('/doc.json'), status: 200, json: DOCUMENT });
    expect(result.headers['x-test']).toBe('yes');
    expect(result.bytes).toBe(JSON.stringify(DOCUMENT).length);
  });

  it('bypasses the address check only for allowedHosts, matched exactly', async () => {
    const local = await server((_request, response) => sendJson(response, DOCUMENT));
    const lookup = tableLookup({ 'issuer.test': ['127.0.0.1'], 'other.issuer.test': ['127.0.0.1'] });
    const fetcher = fetcherWith({ allowHttp: true, allowedHosts: ['Issuer.test'], lookup });
    expect((await fetcher.fetchJson(`http://issuer.test:${local.port}/a`)).json).toEqual(DOCUMENT);
    await refusal(fetcher.fetchJson(`http://other.issuer.test:${local.port}/a`), 'FETCH_ADDRESS_NOT_ALLOWED');
    expect(local.requests).toEqual(['/a']);
  });

  it('still applies the scheme rule to allowedHosts', async () => {
    const lookup = tableLookup({ 'issuer.test': ['127.0.0.1'] });
    await refusal(
      fetcherWith({ allowedHosts: ['issuer.test'], lookup }).fetchJson('http://issuer.test/a'),
      'FETCH_SCHEME_NOT_ALLOWED',
    );
  });

  it('sends the Accept and User-Agent headers', async () => {
    const seen: Array<[string | undefined, string | undefined]> = [];
    const local = await server((request, response) => {
      seen.push([request.headers.accept, request.headers['user-agent']]);
      sendJson(response, DOCUMENT);
    });
    const fetcher = fetcherWith({ allowHttp: true, allowLoopback: true, userAgent: 'laurel-test/1' });
    await fetcher.fetchJson(local.url());
    await fetcher.fetchJson(local.url(), { accept: 'application/vc+ld+json' });
    expect(seen[0]?.[0]).toContain('application/ld+json');
    expect(seen[0]?.[1]).toBe('laurel-test/1');
    expect(seen[1]?.[0]).toBe('application/vc+ld+json');
  });

  it('works as the JsonFetcher @laurel/contexts takes', async () => {
    const local = await server((_request, response) => sendJson(response, DOCUMENT));
    const fetchJson: JsonFetcher = fetcherWith({ allowHttp: true, allowLoopback: true }).asJsonFetcher();
    await expect(fetchJson(new URL(local.url('/did.json')))).resolves.toEqual(DOCUMENT);
  });
});

describe('redirects', () => {
  const lookup = tableLookup({ 'issuer.test': ['127.0.0.1'], 'evil.test': ['127.0.0.1'] });
  const options = { allowHttp: true, allowedHosts: ['issuer.test'], lookup };

  it('follows relative and absolute redirects and reports the final URL', async () => {
    const local = await server((request, response) => {
      if (request.url === '/a') response.writeHead(301, { location: '/b' }).end();
      else if (request.url === '/b') response.writeHead(307, { location: `http://issuer.test:${local.port}/c` }).end();
      else sendJson(response, DOCUMENT);
    });
    const result = await fetcherWith(options).fetchJson(`http://issuer.test:${local.port}/a`);
    expect(result.url).toBe(`http://issuer.test:${local.port}/c`);
    expect(local.requests).toEqual(['/a', '/b', '/c']);
  });

  it('re-checks the address on every hop: a redirect to a refused host is refused', async () => {
    const local = await server((request, response) => {
      response.writeHead(302, { location: `http://evil.test:${local.port}/internal` }).end();
    });
    const error = await refusal(fetcherWith(options).fetchJson(`http://issuer.test:${local.port}/start`), 'FETCH_ADDRESS_NOT_ALLOWED');
    expect(error.url).toBe(`http://evil.test:${local.port}/internal`);
    expect(local.requests).toEqual(['/start']);
  });

  it('refuses a redirect to the metadata address', async () => {
    const local = await server((_request, response) => {
      response.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
    });
    await refusal(fetcherWith(options).fetchJson(`http://issuer.test:${local.port}/start`), 'FETCH_ADDRESS_NOT_ALLOWED');
  });

  it('re-checks the scheme on every hop', async () => {
    const local = await server((_request, response) => {
      response.writeHead(301, { location: 'file:///etc/passwd' }).end();
    });
    await refusal(fetcherWith(options).fetchJson(`http://issuer.test:${local.port}/start`), 'FETCH_SCHEME_NOT_ALLOWED');
  });

  it('stops a redirect loop after maxRedirects', async () => {
    const local = await server((_request, response) => {
      response.writeHead(302, { location: '/again' }).end();
    });
    await refusal(
      fetcherWith({ ...options, maxRedirects: 2 }).fetchJson(`http://issuer.test:${local.port}/start`),
      'FETCH_TOO_MANY_REDIRECTS',
    );
    expect(local.requests).toEqual(['/start', '/again', '/again']);
  });

  it('treats a redirect without Location as an HTTP status failure', async () => {
    const local = await server((_request, response) => {
      response.writeHead(302).end();
    });
    const error = await refusal(fetcherWith(options).fetchJson(`http://issuer.test:${local.port}/`), 'FETCH_HTTP_STATUS');
    expect(error.status).toBe(302);
  });
});

describe('time and size limits', () => {
  const local = { allowHttp: true, allowLoopback: true };

  it('gives up on a server that never answers', async () => {
    const silent = await server(() => {
      // Accept the request and never respond.
    });
    const error = await refusal(fetcherWith({ ...local, timeoutMs: 300 }).fetchJson(silent.url('/slow')), 'FETCH_TIMEOUT');
    expect(error.message).toContain(silent.url('/slow'));
    expect(silent.requests).toEqual(['/slow']);
  });

  it('counts the body against the timeout too', async () => {
    const trickle = await server((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write('[');
      const timer = setInterval(() => response.write('1,'), 50);
      response.on('close', () => clearInterval(timer));
    });
    await refusal(fetcherWith({ ...local, timeoutMs: 300 }).fetchJson(trickle.url()), 'FETCH_TIMEOUT');
  });

  it('aborts a 50 MB streamed response soon after passing maxBytes', async () => {
    const total = 50 * 1024 * 1024;
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    let written = 0;
    let finished!: () => void;
    const serverDone = new Promise<void>((resolve) => {
      finished = resolve;
    });
    const big = await server((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' }); // chunked: no content-length
      const pump = (): void => {
        while (written < total && !response.destroyed) {
          written += chunk.length;
          if (!response.write(chunk)) {
            response.once('drain', pump);
            return;
          }
        }
        if (written >= total) response.end();
      };
      response.on('close', finished);
      pump();
    });
    await refusal(fetcherWith(local).fetchJson(big.url('/huge')), 'FETCH_TOO_LARGE');
    await serverDone;
    // 2 MiB cap plus whatever socket buffers absorbed, far short of 50 MB.
    expect(written).toBeLessThan(12 * 1024 * 1024);
  });

  it('refuses a declared Content-Length over the cap before reading the body', async () => {
    let bodyWritten = false;
    const liar = await server((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': String(10 * 1024 ** 3) });
      response.flushHeaders();
      // The body would only come much later; the fetcher must not wait for it.
      const timer = setTimeout(() => {
        bodyWritten = true;
        response.write('{}');
      }, 2000);
      response.on('close', () => clearTimeout(timer));
    });
    const error = await refusal(fetcherWith({ ...local, timeoutMs: 1500 }).fetchJson(liar.url()), 'FETCH_TOO_LARGE');
    expect(error.message).toContain('declares');
    expect(bodyWritten).toBe(false);
  });

  it('accepts a body of exactly maxBytes and refuses one byte more', async () => {
    const size = 64;
    const sized = await server((request, response) => {
      const length = request.url === '/over' ? size + 1 : size;
      // A JSON string of the requested total length, sent without content-length.
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(`"${'x'.repeat(length - 2)}"`);
    });
    const fetcher = fetcherWith({ ...local, maxBytes: size });
    expect((await fetcher.fetchJson(sized.url('/exact'))).bytes).toBe(size);
    await refusal(fetcher.fetchJson(sized.url('/over')), 'FETCH_TOO_LARGE');
  });
});

describe('responses', () => {
  const local = { allowHttp: true, allowLoopback: true };
  const SECRET = 'internal-secret-4711';

  it.each([404, 500])('reports HTTP %i as FETCH_HTTP_STATUS with the status, not the body', async (status) => {
    const failing = await server((_request, response) => {
      response.writeHead(status, { 'content-type': 'text/plain' }).end(SECRET);
    });
    const error = await refusal(fetcherWith(local).fetchJson(failing.url('/list')), 'FETCH_HTTP_STATUS');
    expect(error.status).toBe(status);
    expect(error.details.status).toBe(status);
    expect(error.message).toContain(failing.url('/list'));
    expect(error.message).not.toContain(SECRET);
  });

  it('refuses a declared non-JSON content type', async () => {
    const html = await server((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(`<p>${SECRET}</p>`);
    });
    const error = await refusal(fetcherWith(local).fetchJson(html.url()), 'FETCH_NOT_JSON');
    expect(error.message).toContain('text/html');
    expect(error.message).not.toContain(SECRET);
  });

  it.each([
    ['a JSON type with a body that is not JSON', 'application/json', `{"a": ${SECRET}`],
    ['trailing garbage', 'application/json', '{"a": 1} x'],
    ['invalid UTF-8', 'application/json', Buffer.from([0x22, 0xff, 0xfe, 0x22])],
    ['an empty body', 'application/json', ''],
  ])('refuses %s as FETCH_NOT_JSON', async (_label, type, body) => {
    const bad = await server((_request, response) => {
      response.writeHead(200, { 'content-type': type }).end(body);
    });
    const error = await refusal(fetcherWith(local).fetchJson(bad.url()), 'FETCH_NOT_JSON');
    expect(error.message).not.toContain(SECRET);
  });

  it.each([
    'application/json',
    'application/json; charset=utf-8',
    'application/ld+json',
    'application/vc+ld+json',
    'application/statuslist+jwt+json',
    'application/did+json',
    'text/plain',
    undefined,
  ])('parses a body labelled %s', async (type) => {
    const ok = await server((_request, response) => {
      response.writeHead(200, type === undefined ? {} : { 'content-type': type });
      response.end(JSON.stringify(DOCUMENT));
    });
    expect((await fetcherWith(local).fetchJson(ok.url())).json).toEqual(DOCUMENT);
  });
});

describe('cache', () => {
  const local = { allowHttp: true, allowLoopback: true };
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it('serves a response from the cache within the caller-chosen TTL and refetches after it', async () => {
    const counted = await server((_request, response) => sendJson(response, DOCUMENT));
    const fetcher = fetcherWith({ ...local, cache: { maxEntries: 10, ttlMs: () => 250 } });
    await fetcher.fetchJson(counted.url('/list'));
    const second = await fetcher.fetchJson(counted.url('/list'));
    expect(second.json).toEqual(DOCUMENT);
    expect(counted.requests).toHaveLength(1);
    await sleep(400);
    await fetcher.fetchJson(counted.url('/list'));
    expect(counted.requests).toHaveLength(2);
  });

  it('derives the TTL from Cache-Control max-age when the caller gives none', async () => {
    const counted = await server((request, response) => {
      sendJson(response, DOCUMENT, { 'cache-control': request.url === '/fresh' ? 'public, max-age=1' : 'no-store, max-age=60' });
    });
    const fetcher = fetcherWith({ ...local, cache: { maxEntries: 10 } });
    await fetcher.fetchJson(counted.url('/fresh'));
    await fetcher.fetchJson(counted.url('/fresh'));
    await fetcher.fetchJson(counted.url('/nostore'));
    await fetcher.fetchJson(counted.url('/nostore'));
    expect(counted.requests).toEqual(['/fresh', '/nostore', '/nostore']);
    await sleep(1100);
    await fetcher.fetchJson(counted.url('/fresh'));
    expect(counted.requests).toEqual(['/fresh', '/nostore', '/nostore', '/fresh']);
  });

  it('hands out copies, so a caller mutating its result does not change the cache', async () => {
    const counted = await server((_request, response) => sendJson(response, DOCUMENT));
    const fetcher = fetcherWith({ ...local, cache: { maxEntries: 10, ttlMs: () => 60_000 } });
    const first = await fetcher.fetchJson(counted.url());
    (first.json as Record<string, unknown>).id = 'tampered';
    expect((await fetcher.fetchJson(counted.url())).json).toEqual(DOCUMENT);
    expect(counted.requests).toHaveLength(1);
  });

  it('does not cache without a cache option, nor failures', async () => {
    let status = 500;
    const counted = await server((_request, response) => {
      if (status === 500) response.writeHead(500).end();
      else sendJson(response, DOCUMENT, { 'cache-control': 'max-age=60' });
    });
    const cached = fetcherWith({ ...local, cache: { maxEntries: 10 } });
    await refusal(cached.fetchJson(counted.url('/c')), 'FETCH_HTTP_STATUS');
    status = 200;
    await cached.fetchJson(counted.url('/c'));
    const uncached = fetcherWith(local);
    await uncached.fetchJson(counted.url('/u'));
    await uncached.fetchJson(counted.url('/u'));
    expect(counted.requests).toEqual(['/c', '/c', '/u', '/u']);
  });
});

describe('cache: not found', () => {
  const local = { allowHttp: true, allowLoopback: true };

  it('remembers a 404 or 410 for notFoundTtlMs, throwing the same refusal without asking; other failures are asked again', async () => {
    const counted = await server((request, response) => {
      response.writeHead(request.url === '/gone' ? 410 : request.url === '/broken' ? 500 : 404).end();
    });
    const fetcher = fetcherWith({ ...local, cache: { maxEntries: 10, notFoundTtlMs: 300 } });
    for (let round = 0; round < 2; round++) {
      for (const path of ['/missing', '/gone', '/broken']) await refusal(fetcher.fetchJson(counted.url(path)), 'FETCH_HTTP_STATUS');
    }
    expect(counted.requests).toEqual(['/missing', '/gone', '/broken', '/broken']);
    // Past the TTL it is asked again.
    await waitForCount(counted.requests, '/missing', 2, () => refusal(fetcher.fetchJson(counted.url('/missing')), 'FETCH_HTTP_STATUS'));
  });

  it('asks again every time by default', async () => {
    const counted = await server((_request, response) => response.writeHead(404).end());
    const fetcher = fetcherWith({ ...local, cache: { maxEntries: 10 } });
    for (let round = 0; round < 2; round++) await refusal(fetcher.fetchJson(counted.url('/missing')), 'FETCH_HTTP_STATUS');
    expect(counted.requests).toEqual(['/missing', '/missing']);
  });
});

/** Repeats `attempt` until `path` has been requested `count` times (a condition, not a fixed sleep). */
async function waitForCount(requests: string[], path: string, count: number, attempt: () => Promise<unknown>): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (requests.filter((each) => each === path).length < count) {
    if (Date.now() > deadline) throw new Error(`${path} was not requested ${count} times`);
    await attempt();
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('cache: revalidation by ETag', () => {
  const local = { allowHttp: true, allowLoopback: true };

  it('asks If-None-Match once the copy is stale; 304 renews it without a download, a new ETag replaces it', async () => {
    let version = 1;
    const answers: number[] = [];
    const counted = await server((request, response) => {
      const etag = `"v${version}"`;
      // no-cache: every use must be revalidated, so each fetch reaches the server.
      if (request.headers['if-none-match'] === etag) {
        answers.push(304);
        response.writeHead(304, { etag, 'cache-control': 'no-cache' }).end();
      } else {
        answers.push(200);
        sendJson(response, { ...DOCUMENT, version }, { etag, 'cache-control': 'no-cache' });
      }
    });
    const fetcher = fetcherWith({ ...local, cache: { maxEntries: 10 } });
    expect((await fetcher.fetchJson(counted.url('/list'))).json).toMatchObject({ version: 1 });
    const renewed = await fetcher.fetchJson(counted.url('/list'));
    expect(renewed.json).toMatchObject({ version: 1 });
    expect(renewed.status).toBe(200);
    version = 2;
    expect((await fetcher.fetchJson(counted.url('/list'))).json).toMatchObject({ version: 2 });
    expect((await fetcher.fetchJson(counted.url('/list'))).json).toMatchObject({ version: 2 });
    expect(answers).toEqual([200, 304, 200, 304]);
  });

  it('never keeps a no-store answer, ETag or not', async () => {
    const counted = await server((request, response) => {
      expect(request.headers['if-none-match']).toBeUndefined();
      sendJson(response, DOCUMENT, { etag: '"x"', 'cache-control': 'no-store' });
    });
    const fetcher = fetcherWith({ ...local, cache: { maxEntries: 10 } });
    await fetcher.fetchJson(counted.url('/x'));
    await fetcher.fetchJson(counted.url('/x'));
    expect(counted.requests).toEqual(['/x', '/x']);
  });
});

describe('fetchBytes', () => {
  const local = { allowHttp: true, allowLoopback: true };

  it('reads any content type, follows redirects, and reports an error status without reading its body', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3]);
    const counted = await server((request, response) => {
      if (request.url === '/old') response.writeHead(301, { location: '/badge.png' }).end();
      else if (request.url === '/badge.png') response.writeHead(200, { 'content-type': 'image/png' }).end(png);
      else response.writeHead(410, { 'content-type': 'application/problem+json' }).end('{"title":"Revoked"}');
    });
    const fetcher = fetcherWith(local);
    const badge = await fetcher.fetchBytes(counted.url('/old'), { accept: 'image/png' });
    expect(badge).toMatchObject({ url: counted.url('/badge.png'), status: 200, headers: { 'content-type': 'image/png' } });
    expect(badge.body.equals(png)).toBe(true);
    const gone = await fetcher.fetchBytes(counted.url('/gone'));
    expect(gone.status).toBe(410);
    expect(gone.body).toHaveLength(0);
  });

  it('applies the same policy: scheme, address, size', async () => {
    await refusal(fetcherWith().fetchBytes('http://example.com/badge.png'), 'FETCH_SCHEME_NOT_ALLOWED');
    await refusal(fetcherWith({ allowHttp: true }).fetchBytes('http://127.0.0.1:9/badge.png'), 'FETCH_ADDRESS_NOT_ALLOWED');
    const big = await server((_request, response) => response.writeHead(200, { 'content-type': 'application/pdf' }).end(Buffer.alloc(2048)));
    await refusal(fetcherWith({ ...local, maxBytes: 1024 }).fetchBytes(big.url('/c.pdf')), 'FETCH_TOO_LARGE');
  });
});

describe('options and errors', () => {
  it.each([
    { timeoutMs: 0 },
    { maxBytes: -1 },
    { maxRedirects: 1.5 },
    { allowHttp: 'yes' },
    { lookup: 'dns' },
    { cache: { maxEntries: 0 } },
    { unknownOption: true },
  ])('rejects invalid options %j', (options) => {
    expect(() => createGuardedFetcher(options as GuardedFetchOptions)).toThrow(InvalidInputError);
  });

  it('raises LaurelErrors with stable codes and the URL in details', async () => {
    const error = await refusal(fetcherWith().fetchJson('http://example.com/'), 'FETCH_SCHEME_NOT_ALLOWED');
    expect(error).toBeInstanceOf(LaurelError);
    expect(error.name).toBe('FetchRefusedError');
    expect(error.details.url).toBe('http://example.com/');
  });

  it('reports an unparseable URL as FETCH_FAILED', async () => {
    await refusal(fetcherWith().fetchJson('not a url'), 'FETCH_FAILED');
  });

  it('reports a refused connection as FETCH_FAILED', async () => {
    const probe = await startServer(() => {});
    const port = probe.port;
    await probe.close();
    await refusal(fetcherWith({ allowHttp: true, allowLoopback: true }).fetchJson(`http://127.0.0.1:${port}/`), 'FETCH_FAILED');
  });

  it('may be closed twice (overlapping shutdowns)', async () => {
    const fetcher = createGuardedFetcher();
    await fetcher.close();
    await expect(fetcher.close()).resolves.toBeUndefined();
  });
});
