// Revocation and suspension as the verifier service reports them, with the
// issuer's lists read from its store, and with lists on another host (a local
// server) fetched through the real guarded fetcher.
import type http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendJson, startServer, type LocalServer } from '../packages/guarded-fetch/src/testing/local-server.js';
import { checkOf, createIssuingFixture, createSelfIssuer, createTestVerifier, STATUS_INDEX, type IssuingFixture, type SelfIssuer, type TestVerifier } from './support/verifier.js';

function expectAllValid(result: { status: number; body: any }) {
  expect(result.status, JSON.stringify(result.body)).toBe(200);
  expect(result.body.verified).toBe(true);
  expect(result.body.checks.map((check: { status: string }) => check.status)).toEqual(['valid', 'valid', 'valid', 'valid', 'valid']);
  expect(result.body.errors).toEqual([]);
}

function expectStatus(result: { status: number; body: any }, status: string, code?: string | RegExp) {
  expect(result.status, JSON.stringify(result.body)).toBe(400);
  expect(result.body.verified).toBe(false);
  const check = checkOf(result.body, 'status');
  expect(check.status, check.reason).toBe(status);
  if (code !== undefined) expect(check.code).toMatch(code);
  // Only the status check is at fault; the rest of the report is still complete.
  expect(result.body.errors.map((error: { check: string }) => error.check)).toEqual(['status']);
  return check;
}

describe('verifier: status lists from the issuer store', () => {
  let fixture: IssuingFixture;
  let verifier: TestVerifier;
  beforeAll(async () => {
    fixture = await createIssuingFixture();
    verifier = createTestVerifier({ store: fixture.issuer.store });
  });
  afterAll(async () => {
    await verifier.close();
    await fixture.close();
  });

  it('valid, suspended, valid again, then revoked for good', async () => {
    const credential = await fixture.issue();
    expectAllValid(await verifier.verify(credential));

    await fixture.setStatus(credential.id, 'suspended');
    const suspended = expectStatus(await verifier.verify(credential), 'invalid', /^SUSPENDED$/);
    expect(suspended.reason).toMatch(/suspended/);

    await fixture.setStatus(credential.id, 'active');
    expectAllValid(await verifier.verify(credential));

    await fixture.setStatus(credential.id, 'revoked');
    const revoked = expectStatus(await verifier.verify(credential), 'invalid', /^REVOKED$/);
    expect(revoked.reason).toMatch(/revoked/);
    // Another credential on the same lists is untouched.
    expectAllValid(await verifier.verify(await fixture.issue()));
  });
});

describe('verifier: a status list on another host', () => {
  let issuer: SelfIssuer;
  let host: LocalServer;
  let verifier: TestVerifier;
  // What the fake status host answers, per path; a test swaps these.
  const routes = new Map<string, (request: http.IncomingMessage, response: http.ServerResponse) => void>();
  const url = (path: string) => host.url(path);
  const serve = (path: string, document: unknown) => routes.set(path, (_request, response) => sendJson(response, document));

  beforeAll(async () => {
    issuer = await createSelfIssuer();
    host = await startServer((request, response) => {
      const route = routes.get(request.url ?? '');
      if (route) route(request, response);
      else response.writeHead(404).end();
    });
    verifier = createTestVerifier({ fetch: { allowHttp: true, allowLoopback: true, timeoutMs: 2000 } });
  });
  afterAll(async () => {
    await verifier.close();
    await host.close();
  });

  it('follows revocation and suspension as the host re-publishes its lists', async () => {
    const credential = await issuer.signBadge([
      { url: url('/lists/r1'), purpose: 'revocation' },
      { url: url('/lists/s1'), purpose: 'suspension' },
    ]);
    serve('/lists/r1', await issuer.signList(url('/lists/r1'), 'revocation', { set: [1, 7] }));
    serve('/lists/s1', await issuer.signList(url('/lists/s1'), 'suspension'));
    const before = host.requests.length;
    expectAllValid(await verifier.verify(credential));
    expect(host.requests.slice(before).sort()).toEqual(['/lists/r1', '/lists/s1']);

    serve('/lists/s1', await issuer.signList(url('/lists/s1'), 'suspension', { set: [STATUS_INDEX] }));
    expectStatus(await verifier.verify(credential), 'invalid', /^SUSPENDED$/);

    serve('/lists/s1', await issuer.signList(url('/lists/s1'), 'suspension'));
    expectAllValid(await verifier.verify(credential));

    serve('/lists/r1', await issuer.signList(url('/lists/r1'), 'revocation', { set: [STATUS_INDEX] }));
    expectStatus(await verifier.verify(credential), 'invalid', /^REVOKED$/);
  });

  it('host down: status unknown, not verified', async () => {
    const gone = await startServer(() => {});
    const deadUrl = gone.url('/lists/gone');
    await gone.close();
    const credential = await issuer.signBadge([{ url: deadUrl, purpose: 'revocation' }]);
    const check = expectStatus(await verifier.verify(credential), 'unknown', /^STATUS_LIST_UNAVAILABLE$/);
    expect(check.reason).toContain(deadUrl);
  });

  it('the host answers an error status: unknown', async () => {
    const credential = await issuer.signBadge([{ url: url('/lists/missing'), purpose: 'revocation' }]);
    expectStatus(await verifier.verify(credential), 'unknown', /^STATUS_LIST_UNAVAILABLE$/);
  });

  it('a list whose bits were changed after signing: invalid', async () => {
    const credential = await issuer.signBadge([{ url: url('/lists/tampered'), purpose: 'revocation' }]);
    const genuine = await issuer.signList(url('/lists/tampered'), 'revocation', { set: [STATUS_INDEX] });
    const cleared = await issuer.signList(url('/lists/other'), 'revocation');
    // Someone "un-revokes" the credential by swapping in an all-zero encodedList.
    serve('/lists/tampered', { ...genuine, credentialSubject: { ...genuine.credentialSubject, encodedList: cleared.credentialSubject.encodedList } });
    const check = expectStatus(await verifier.verify(credential), 'invalid', /^STATUS_LIST_/);
    expect(check.reason).toMatch(/proof/);
  });

  it('an expired list: invalid', async () => {
    const credential = await issuer.signBadge([{ url: url('/lists/expired'), purpose: 'revocation' }]);
    serve('/lists/expired', await issuer.signList(url('/lists/expired'), 'revocation', { validFrom: '2025-01-01T00:00:00Z', validUntil: '2025-02-01T00:00:00Z' }));
    expectStatus(await verifier.verify(credential), 'invalid', /^STATUS_LIST_EXPIRED$/);
  });

  it('a list signed by someone else: invalid', async () => {
    const stranger = await createSelfIssuer();
    const credential = await issuer.signBadge([{ url: url('/lists/foreign'), purpose: 'revocation' }]);
    serve('/lists/foreign', await stranger.signList(url('/lists/foreign'), 'revocation'));
    expectStatus(await verifier.verify(credential), 'invalid', /^STATUS_LIST_ISSUER_MISMATCH$/);
  });
});
