import { createGuardedFetcher, type GuardedFetcher } from '@laurel/guarded-fetch';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAccredibleClient } from './accredible.js';
import { createCredlyClient } from './credly.js';
import { verifyCredlyWebhook } from './credly-webhooks.js';
import { BadgePlatformError } from './errors.js';
import { FakeAccredible } from './testing/fake-accredible.js';
import { FakeCredly } from './testing/fake-credly.js';

const ORG = 'org-7d3c';
const TOKEN = 'credly-token-s3cr3t-0001';
const KEY = 'accredible-key-s3cr3t-0002';

let fetcher: GuardedFetcher;
const cleanups: Array<() => Promise<void>> = [];
beforeEach(() => {
  // Loopback and plain http only here, for the local fake servers.
  fetcher = createGuardedFetcher({ allowHttp: true, allowLoopback: true, timeoutMs: 300 });
  cleanups.push(() => fetcher.close());
});
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

async function failure(promise: Promise<unknown>): Promise<BadgePlatformError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(BadgePlatformError);
  return error as BadgePlatformError;
}

async function credly(templates: ConstructorParameters<typeof FakeCredly>[2] = [{ id: 't-1', name: 'CS101', state: 'active' }]) {
  const server = await new FakeCredly(ORG, TOKEN, templates).start();
  cleanups.push(() => server.close());
  return server;
}

async function accredible(groups = [{ id: 23, name: 'course1234' }]) {
  const server = await new FakeAccredible(KEY, groups).start();
  cleanups.push(() => server.close());
  return server;
}

const BADGE = { recipientEmail: 'ada@example.org', firstName: 'Ada', lastName: 'Lovelace', badgeTemplateId: 't-1', issuedAt: '2026-03-01T10:00:00Z' };

describe('Credly client', () => {
  it('issues a badge with the documented payload and revokes it with a reason', async () => {
    const server = await credly();
    const client = createCredlyClient({ fetcher, baseUrl: server.url, organizationId: ORG, apiToken: TOKEN });
    const badge = await client.issueBadge({ ...BADGE, expiresAt: '2028-03-01T10:00:00Z' });
    expect(badge.alreadyIssued).toBe(false);
    expect(server.requests[0]).toEqual({
      method: 'POST',
      path: `/v1/organizations/${ORG}/badges`,
      body: { recipient_email: 'ada@example.org', issued_to_first_name: 'Ada', issued_to_last_name: 'Lovelace', badge_template_id: 't-1', issued_at: '2026-03-01T10:00:00Z', expires_at: '2028-03-01T10:00:00Z' },
    });
    expect(await client.revokeBadge(badge.id, 'issued in error')).toEqual({ alreadyRevoked: false });
    expect(server.requests[1]).toMatchObject({ method: 'PUT', path: `/v1/organizations/${ORG}/badges/${badge.id}/revoke`, body: { reason: 'issued in error' } });
    expect(server.badges[0]).toMatchObject({ id: badge.id, state: 'revoked', revocation_reason: 'issued in error' });
  });

  it('takes Credly\'s 422 on revoking a revoked badge as done, but not a 422 about the request', async () => {
    const server = await credly();
    const client = createCredlyClient({ fetcher, baseUrl: server.url, organizationId: ORG, apiToken: TOKEN });
    const badge = await client.issueBadge(BADGE);
    const blank = await failure(client.revokeBadge(badge.id, ''));
    expect(blank).toMatchObject({ failure: 'rejected', status: 422 });
    expect(blank.message).toContain("Reason can't be blank");
    await client.revokeBadge(badge.id, 'first');
    const before = server.requests.length;
    expect(await client.revokeBadge(badge.id, 'second')).toEqual({ alreadyRevoked: true });
    expect(server.requests.slice(before).map((request) => request.method)).toEqual(['PUT', 'GET']);
    expect(server.badges[0]).toMatchObject({ state: 'revoked', revocation_reason: 'first' });
  });

  it('treats a 422 duplicate as already issued and finds the existing badge', async () => {
    const server = await credly();
    const client = createCredlyClient({ fetcher, baseUrl: server.url, organizationId: ORG, apiToken: TOKEN });
    const first = await client.issueBadge(BADGE);
    const again = await client.issueBadge({ ...BADGE, recipientEmail: 'ADA@example.org' });
    expect(again).toEqual({ id: first.id, alreadyIssued: true });
    expect(server.badges).toHaveLength(1);
  });

  it('fails with auth (not retryable) on a bad token, and rejected on an invalid payload', async () => {
    const server = await credly();
    const bad = createCredlyClient({ fetcher, baseUrl: server.url, organizationId: ORG, apiToken: 'wrong' });
    const denied = await failure(bad.issueBadge(BADGE));
    expect(denied).toMatchObject({ failure: 'auth', status: 401, retryable: false });
    const client = createCredlyClient({ fetcher, baseUrl: server.url, organizationId: ORG, apiToken: TOKEN });
    const invalid = await failure(client.issueBadge({ ...BADGE, badgeTemplateId: 'no-such-template' }));
    expect(invalid).toMatchObject({ failure: 'rejected', status: 422 });
    expect(invalid.message).toContain('badge_template_id is invalid');
  });

  it('classifies 5xx and timeouts as transient', async () => {
    const server = await credly();
    const client = createCredlyClient({ fetcher, baseUrl: server.url, organizationId: ORG, apiToken: TOKEN });
    server.inject({ status: 503 });
    expect(await failure(client.issueBadge(BADGE))).toMatchObject({ failure: 'transient', status: 503, retryable: true });
    server.inject('hang');
    const timeout = await failure(client.issueBadge(BADGE));
    expect(timeout).toMatchObject({ failure: 'transient', retryable: true });
    expect(timeout.message).toMatch(/longer than 300 ms/);
  });

  it('lists active badge templates across pages and never follows a next page elsewhere', async () => {
    const server = await credly([
      { id: 't-1', name: 'One', state: 'active' },
      { id: 't-2', name: 'Two', state: 'archived' },
      { id: 't-3', name: 'Three', state: 'active' },
      { id: 't-4', name: 'Four', state: 'active' },
      { id: 't-5', name: 'Five', state: 'active' },
    ]);
    const client = createCredlyClient({ fetcher, baseUrl: server.url, organizationId: ORG, apiToken: TOKEN });
    expect((await client.listActiveTemplates()).map((template) => template.id)).toEqual(['t-1', 't-3', 't-4', 't-5']);
    expect(server.requests.map((request) => request.path)).toEqual([
      `/v1/organizations/${ORG}/badge_templates?filter=state%3A%3Aactive&page=1`,
      `/v1/organizations/${ORG}/badge_templates?filter=state%3A%3Aactive&page=2`,
    ]);

    const elsewhere = await credly([
      { id: 't-1', name: 'One', state: 'active' },
      { id: 't-2', name: 'Two', state: 'active' },
      { id: 't-3', name: 'Three', state: 'active' },
    ]);
    // Reached as `localhost`, the server's next_page_url (on 127.0.0.1) is another origin: not followed, the key stays home.
    const local = createGuardedFetcher({ allowHttp: true, allowLoopback: true, allowedHosts: ['localhost'] });
    cleanups.push(() => local.close());
    const viaLocalhost = createCredlyClient({ fetcher: local, baseUrl: elsewhere.url.replace('127.0.0.1', 'localhost'), organizationId: ORG, apiToken: TOKEN });
    expect((await viaLocalhost.listActiveTemplates()).map((template) => template.id)).toEqual(['t-1', 't-2']);
    expect(elsewhere.requests).toHaveLength(1);
  });

  it('lists every template whatever its state, and reads one (undefined once Credly has none)', async () => {
    const server = await credly([
      { id: 't-1', name: 'One', state: 'active' },
      { id: 't-2', name: 'Two', state: 'archived' },
      { id: 't-3', name: 'Three', state: 'draft' },
    ]);
    const client = createCredlyClient({ fetcher, baseUrl: server.url, organizationId: ORG, apiToken: TOKEN });
    expect(await client.listTemplates()).toEqual([
      { id: 't-1', name: 'One', state: 'active' },
      { id: 't-2', name: 'Two', state: 'archived' },
      { id: 't-3', name: 'Three', state: 'draft' },
    ]);
    expect(server.requests.map((request) => request.path)).toEqual([
      `/v1/organizations/${ORG}/badge_templates?page=1`,
      `/v1/organizations/${ORG}/badge_templates?page=2`,
    ]);
    expect(await client.getTemplate('t-2')).toEqual({ id: 't-2', name: 'Two', state: 'archived' });
    expect(await client.getTemplate('gone')).toBeUndefined();
  });

  it('accepts a badge template webhook only when Credly confirms the event', async () => {
    const server = await credly();
    server.events.push({
      id: 'evt-1',
      organization_id: ORG,
      event_type: 'badge_template.changed',
      occurred_at: '2026-03-01T10:00:00Z',
      badge_template: { id: 't-1', name: 'CS101', state: 'active' },
    });
    const client = createCredlyClient({ fetcher, baseUrl: server.url, organizationId: ORG, apiToken: TOKEN });
    const notice = { id: 'evt-1', organization_id: ORG, event_type: 'badge_template.changed', occurred_at: '2026-03-01T10:00:00Z' };
    const accepted = await verifyCredlyWebhook(client, ORG, notice);
    expect(accepted).toMatchObject({ accepted: true, event: { id: 'evt-1', eventType: 'badge_template.changed', badgeTemplate: { id: 't-1', name: 'CS101' } } });
    expect(await verifyCredlyWebhook(client, ORG, { ...notice, organization_id: 'other' })).toMatchObject({ accepted: false });
    expect(await verifyCredlyWebhook(client, ORG, { ...notice, event_type: 'badge.created' })).toMatchObject({ accepted: false });
    expect(await verifyCredlyWebhook(client, ORG, { ...notice, event_type: 'badge_template.deleted' })).toMatchObject({ accepted: false });
    expect(await verifyCredlyWebhook(client, ORG, { ...notice, id: 'forged' })).toEqual({ accepted: false, reason: 'Credly knows no such event' });
    // Anything else Credly answers is not a verdict on the event: it propagates, so Credly retries.
    server.inject({ status: 503 });
    expect(await failure(verifyCredlyWebhook(client, ORG, notice))).toMatchObject({ status: 503, failure: 'transient' });
    await expect(verifyCredlyWebhook(client, ORG, { id: 'evt-1' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });
});

describe('Accredible client', () => {
  it('creates a credential with recipient and group_id, and expires it to revoke', async () => {
    const server = await accredible();
    const client = createAccredibleClient({ fetcher, baseUrl: server.url, apiKey: KEY });
    const created = await client.createCredential({ name: 'Ada Lovelace', email: 'ada@example.org', groupId: '23', issuedOn: '2026-03-01' });
    expect(server.requests[0]).toEqual({
      method: 'POST',
      path: '/v1/credentials',
      body: { credential: { recipient: { name: 'Ada Lovelace', email: 'ada@example.org' }, group_id: 23, issued_on: '2026-03-01' } },
    });
    await client.expireCredential(created.id, '2026-03-02');
    expect(server.requests[1]).toEqual({ method: 'PUT', path: `/v1/credentials/${created.id}`, body: { credential: { expired_on: '2026-03-02' } } });
    expect(server.credentials[0]?.expired_on).toBe('2026-03-02');
  });

  it('fails with auth on a bad key and rejected on an unknown group', async () => {
    const server = await accredible();
    const bad = createAccredibleClient({ fetcher, baseUrl: server.url, apiKey: 'wrong' });
    expect(await failure(bad.createCredential({ name: 'Ada', email: 'ada@example.org', groupId: '23', issuedOn: '2026-03-01' }))).toMatchObject({
      failure: 'auth',
      status: 401,
    });
    const client = createAccredibleClient({ fetcher, baseUrl: server.url, apiKey: KEY });
    const invalid = await failure(client.createCredential({ name: 'Ada', email: 'ada@example.org', groupId: '99', issuedOn: '2026-03-01' }));
    expect(invalid).toMatchObject({ failure: 'rejected', status: 422 });
    expect(invalid.message).toContain('Invalid Group');
  });

  it('lists groups across pages', async () => {
    const groups = Array.from({ length: 5 }, (_, index) => ({ id: index + 1, name: `group ${index + 1}` }));
    const server = await accredible(groups);
    const client = createAccredibleClient({ fetcher, baseUrl: server.url, apiKey: KEY, pageSize: 2 });
    expect((await client.listGroups()).map((group) => group.id)).toEqual(['1', '2', '3', '4', '5']);
    expect(server.requests.map((request) => request.body)).toEqual([
      { page: 1, page_size: 2 },
      { page: 2, page_size: 2 },
      { page: 3, page_size: 2 },
    ]);
  });

  it('finds a recipient\'s credentials in a group with the documented v2 search, across pages', async () => {
    const server = await accredible([
      { id: 23, name: 'course1234' },
      { id: 24, name: 'other' },
    ]);
    const client = createAccredibleClient({ fetcher, baseUrl: server.url, apiKey: KEY, pageSize: 2 });
    const make = (email: string, groupId: string, issuedOn = '2026-03-01') => client.createCredential({ name: 'Ada', email, groupId, issuedOn });
    const ids = [(await make('ada@example.org', '23')).id, (await make('ADA@example.org', '23')).id, (await make('ada@example.org', '23')).id];
    await make('ada@example.org', '24');
    await make('bob@example.org', '23');
    await make('ada@example.org', '23', '2026-03-02');
    const before = server.requests.length;
    const found = await client.findCredentials({ email: 'ada@example.org', groupId: '23', issuedOn: '2026-03-01' });
    expect(found.map((credential) => credential.id)).toEqual(ids);
    expect(found[0]).toEqual({ id: ids[0], email: 'ada@example.org', groupId: '23', issuedOn: '2026-03-01', expiredOn: null });
    expect(server.requests.slice(before)).toEqual([
      { method: 'POST', path: '/v2/credentials/search', body: { query: { recipient_email: 'ada@example.org', 'group.id': '23', issued_on: '2026-03-01' }, page: { from: 0, size: 2 } } },
      { method: 'POST', path: '/v2/credentials/search', body: { query: { recipient_email: 'ada@example.org', 'group.id': '23', issued_on: '2026-03-01' }, page: { from: 2, size: 2 } } },
    ]);
    expect(await client.findCredentials({ email: 'nobody@example.org', groupId: '23' })).toEqual([]);
  });

  it('a lost answer (the fake applies the create, then fails or stalls) looks transient but leaves the credential', async () => {
    const server = await accredible();
    const client = createAccredibleClient({ fetcher, baseUrl: server.url, apiKey: KEY });
    const input = { name: 'Ada', email: 'ada@example.org', groupId: '23', issuedOn: '2026-03-01' };
    server.inject({ lost: { status: 500 } });
    expect(await failure(client.createCredential(input))).toMatchObject({ failure: 'transient', status: 500 });
    server.inject({ lost: 'hang' });
    expect(await failure(client.createCredential(input))).toMatchObject({ failure: 'transient' });
    expect(server.credentials).toHaveLength(2);
  });
});
