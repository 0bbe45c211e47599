// GET /status-lists/:id: the signed lists this installation hosts, cacheable
// and open to wallets on any origin.
import { decodeStatusList, getStatusBit } from '@laurel/status-list';
import { describe, expect, it } from 'vitest';
import { statusEntryOf, useIssuingVerifier } from './support/verifier.js';

describe('verifier: hosted status lists', () => {
  const suite = useIssuingVerifier();

  it('serves the signed list with ETag, Cache-Control and open CORS; 304 when unchanged', async () => {
    const credential = await suite.fixture.issue();
    const { path } = statusEntryOf(credential);
    const response = await suite.verifier.app.request(path, { headers: { origin: 'https://wallet.example' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/vc\+ld\+json/);
    expect(response.headers.get('cache-control')).toMatch(/max-age=\d+/);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    const etag = response.headers.get('etag');
    expect(etag).toMatch(/^".+"$/);
    const list = (await response.json()) as any;
    expect(list.id).toBe(new URL(path, 'https://status.test').href);
    expect(list.proof).toBeDefined();

    const again = await suite.verifier.app.request(path, { headers: { 'if-none-match': etag! } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    expect(again.headers.get('etag')).toBe(etag);
    expect(again.headers.get('access-control-allow-origin')).toBe('*');
    expect((await suite.verifier.app.request(path, { headers: { 'if-none-match': '"stale", ' + etag } })).status).toBe(304);
    expect((await suite.verifier.app.request(path, { headers: { 'if-none-match': '"stale"' } })).status).toBe(200);
  });

  it('a browser wallet may send If-None-Match cross-origin and read the ETag', async () => {
    const { path } = statusEntryOf(await suite.fixture.issue());
    // If-None-Match is not a CORS-safelisted header, so browsers ask first.
    const preflight = await suite.verifier.app.request(path, {
      method: 'OPTIONS',
      headers: { origin: 'https://wallet.example', 'access-control-request-method': 'GET', 'access-control-request-headers': 'if-none-match' },
    });
    expect(preflight.status).toBeLessThan(300);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('if-none-match');
    const response = await suite.verifier.app.request(path, { headers: { origin: 'https://wallet.example' } });
    expect(response.headers.get('access-control-expose-headers')?.toLowerCase()).toContain('etag');
  });

  it('404 problem for an unknown or odd id, CORS still open', async () => {
    for (const id of ['00000000-0000-4000-8000-000000000000', 'no such list', '%00', 'x'.repeat(5000)]) {
      const response = await suite.verifier.app.request(`/status-lists/${encodeURIComponent(id)}`);
      expect(response.status, id.slice(0, 20)).toBe(404);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      expect(response.headers.get('access-control-allow-origin')).toBe('*');
    }
  });

  it('after a revocation the list is re-signed: a new ETag, and the bit is set', async () => {
    const credential = await suite.fixture.issue();
    const { path, index } = statusEntryOf(credential);
    const before = await suite.verifier.app.request(path);
    const etag = before.headers.get('etag')!;
    expect(getStatusBit(await decodeStatusList(((await before.json()) as any).credentialSubject.encodedList), index)).toBe(false);

    await suite.fixture.setStatus(credential.id, 'revoked');
    const stale = await suite.verifier.app.request(path, { headers: { 'if-none-match': etag } });
    expect(stale.status).toBe(200);
    const newEtag = stale.headers.get('etag');
    expect(newEtag).toBeTruthy();
    expect(newEtag).not.toBe(etag);
    const list = (await stale.json()) as any;
    expect(getStatusBit(await decodeStatusList(list.credentialSubject.encodedList), index)).toBe(true);
    // The served copy is the one the verifier itself trusts.
    expect((await suite.verifier.app.request(path, { headers: { 'if-none-match': newEtag! } })).status).toBe(304);
  });
});
