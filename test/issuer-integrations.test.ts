// The issuer service as an Open edX operator runs it: the event-bus consumer
// and the badge worker inside the process, platform accounts and mappings set
// over the API, the LMS simulated on the real Redis, Credly faked on loopback.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CERTIFICATE_CREATED, CERTIFICATE_REVOKED, certificateEventData, publishOpenEdxEvent } from '@laurel/event-bus';
import { startIssuer, type RunningIssuer } from '@laurel/issuer-service';
import { FakeCredly } from '../packages/badge-platforms/src/testing/fake-credly.js';
import { deleteStreams, probeRedis, REDIS_URL, waitFor } from './support/redis.js';

const ORG = 'org-integration';
const CREDLY_TOKEN = 'credly-token-NEVER-IN-LOGS-91ac3e';
const ADMIN = `lrl_${randomBytes(24).toString('base64url')}`;
const redisProblem = await probeRedis();
const suite = redisProblem === undefined || process.env.CI === 'true' ? describe : describe.skip;

suite('issuer service: event bus in, Credly badges out', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'laurel-integrations-'));
  const prefix = `it-${randomBytes(4).toString('hex')}`;
  const logLines: string[] = [];
  let issuer: RunningIssuer;
  let credly: FakeCredly;
  let redis: Redis;
  let issuerId: string;
  let courseId: string;
  let achievementId: string;

  const call = async (method: string, pathname: string, body?: unknown, token: string | null = ADMIN) => {
    const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${issuer.url}${pathname}`, { method, headers, ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}) });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as any };
  };

  beforeAll(async () => {
    credly = await new FakeCredly(ORG, CREDLY_TOKEN, [
      { id: 'tmpl-edx101', name: 'EDX101 badge', state: 'active' },
      { id: 'tmpl-old', name: 'Old badge', state: 'active' },
    ]).start();
    redis = new Redis(REDIS_URL);
    issuer = await startIssuer({
      DATABASE_URL: `sqlite:${path.join(dir, 'laurel.db')}`,
      LAUREL_KEYS_DIR: path.join(dir, 'keys'),
      LAUREL_SEED_DEMO: 'true',
      LAUREL_BOOTSTRAP_TOKEN: ADMIN,
      ISSUER_PORT: '0',
      LOG_LEVEL: 'info',
      EVENT_BUS_CONSUMER: 'on',
      EVENT_BUS_ISSUER_ID: 'demo',
      EVENT_BUS_TOPIC_PREFIX: prefix,
      REDIS_URL,
      BADGE_DELIVERY_INTERVAL_MS: '200',
      FETCH_ALLOW_HTTP: 'true',
      FETCH_ALLOW_LOOPBACK: 'true',
      FETCH_TIMEOUT_MS: '2000',
    }, { logDestination: { write: (line) => void logLines.push(line) } });
    issuerId = issuer.bootstrap.demo!.issuerId;
    courseId = issuer.bootstrap.demo!.openEdxCourseId!;
    const achievements = await call('GET', `/v1/issuers/${issuerId}/achievements`);
    achievementId = achievements.body.find((entry: { externalId: string }) => entry.externalId === courseId).id;
  });
  afterAll(async () => {
    await issuer?.close();
    await credly?.close();
    if (redis) {
      await deleteStreams(prefix);
      redis.disconnect();
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs the consumer in-process on the configured streams, and says so on /ready', async () => {
    expect(issuer.workers.eventBus?.streams).toEqual([`${prefix}-learning-certificate-lifecycle`, `${prefix}-learning-badges-lifecycle`]);
    const ready = await fetch(`${issuer.url}/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', database: 'ok', eventBus: 'consuming', badgeWorker: 'on', statusLists: { owingPublication: 0, oldestChangeSince: null } });
  });

  it('connects a Credly account without ever returning its key', async () => {
    const missingOrg = await call('PUT', `/v1/issuers/${issuerId}/badge-platforms/credly`, { apiKey: CREDLY_TOKEN, baseUrl: credly.url });
    expect(missingOrg.status).toBe(400);
    expect(missingOrg.body.errors.map((issue: { path: string }) => issue.path)).toContain('organizationId');
    const unknownPlatform = await call('PUT', `/v1/issuers/${issuerId}/badge-platforms/badgr`, { apiKey: CREDLY_TOKEN });
    expect(unknownPlatform.status).toBe(400);
    expect(await call('GET', `/v1/issuers/${issuerId}/badge-platforms/credly`)).toMatchObject({ status: 404 });

    const saved = await call('PUT', `/v1/issuers/${issuerId}/badge-platforms/credly`, { apiKey: CREDLY_TOKEN, baseUrl: credly.url, organizationId: ORG });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ platform: 'credly', organizationId: ORG });
    expect(JSON.stringify(saved.body)).not.toContain(CREDLY_TOKEN);
    const read = await call('GET', `/v1/issuers/${issuerId}/badge-platforms/credly`);
    expect(read.status).toBe(200);
    expect(JSON.stringify(read.body)).not.toContain(CREDLY_TOKEN);
  });

  it('lists the organization’s templates from Credly', async () => {
    const synced = await call('POST', `/v1/issuers/${issuerId}/badge-platforms/credly/templates/sync`);
    expect(synced.status).toBe(200);
    expect(synced.body.map((template: { remoteId: string }) => template.remoteId).sort()).toEqual(['tmpl-edx101', 'tmpl-old']);
    const stored = await call('GET', `/v1/issuers/${issuerId}/badge-platforms/credly/templates`);
    expect(stored.body).toHaveLength(2);
  });

  it('maps the achievement, and refuses a mapping for an achievement of nobody', async () => {
    expect((await call('PUT', `/v1/issuers/${issuerId}/achievements/no-such-achievement/badges/credly`, { remoteId: 'tmpl-edx101' })).status).toBe(404);
    expect((await call('PUT', `/v1/issuers/${issuerId}/achievements/${achievementId}/badges/credly`, {})).status).toBe(400);
    const mapped = await call('PUT', `/v1/issuers/${issuerId}/achievements/${achievementId}/badges/credly`, { remoteId: 'tmpl-edx101' });
    expect(mapped).toMatchObject({ status: 200, body: { remoteId: 'tmpl-edx101' } });
    const listed = await call('GET', `/v1/issuers/${issuerId}/achievements/${achievementId}/badges`);
    expect(listed.body).toEqual([{ platform: 'credly', remoteId: 'tmpl-edx101', templateName: 'EDX101 badge', templateState: 'active' }]);
  });

  it('turns a certificate event into a credential and a Credly badge, and a revocation into a revoked badge', async () => {
    const grace = { id: 7001, username: 'grace', email: 'grace@example.org', name: 'Grace Hopper' };
    const course = { key: courseId, name: 'Open edX Demo Course' };
    await publishOpenEdxEvent(redis, { prefix, type: CERTIFICATE_CREATED, data: certificateEventData(grace, course, { mode: 'verified', grade: '0.9', status: 'downloadable' }) });
    const credential = await waitFor('the credential', async () => {
      const learner = await issuer.store.learners.getByLmsUserId(issuerId, '7001');
      return learner ? (await issuer.store.credentials.findActive(achievementId, learner.id)) ?? undefined : undefined;
    });
    const delivered = await waitFor('the badge', async () => {
      const deliveries = await call('GET', `/v1/credentials/${credential.id}/badges`);
      return deliveries.body.find((entry: { state: string }) => entry.state === 'delivered');
    });
    expect(delivered).toMatchObject({ platform: 'credly', operation: 'issue' });
    expect(credly.badges).toHaveLength(1);
    expect(credly.badges[0]).toMatchObject({ recipient_email: 'grace@example.org', issued_to_first_name: 'Grace', issued_to_last_name: 'Hopper', badge_template_id: 'tmpl-edx101', id: delivered.remoteId });

    await publishOpenEdxEvent(redis, { prefix, type: CERTIFICATE_REVOKED, data: certificateEventData(grace, course, { mode: 'verified', grade: '0.9', status: 'revoked' }) });
    await waitFor('the badge revoked on Credly', () => (credly.badges[0]?.state === 'revoked' ? true : undefined));
    const after = await call('GET', `/v1/credentials/${credential.id}/badges`);
    expect(after.body).toEqual([expect.objectContaining({ platform: 'credly', operation: 'revoke', state: 'delivered' })]);
    expect((await issuer.store.credentials.get(credential.id))?.state).toBe('revoked');
  });

  it('shows failed deliveries with the platform’s reason, and retries them once the key is fixed', async () => {
    const wrongKey = await call('PUT', `/v1/issuers/${issuerId}/badge-platforms/credly`, { apiKey: 'not-the-credly-token', baseUrl: credly.url, organizationId: ORG });
    expect(wrongKey.status).toBe(200);
    const ada = { id: 7002, username: 'ada', email: 'ada@example.org', name: 'Ada Lovelace' };
    await publishOpenEdxEvent(redis, { prefix, type: CERTIFICATE_CREATED, data: certificateEventData(ada, { key: courseId, name: 'Open edX Demo Course' }, { mode: 'verified', grade: '0.95', status: 'downloadable' }) });
    const failed = await waitFor('the failed delivery', async () => {
      const listed = await call('GET', `/v1/issuers/${issuerId}/badge-platforms/credly/deliveries?state=failed`);
      return listed.body.length > 0 ? listed.body : undefined;
    });
    expect(failed).toHaveLength(1);
    expect(failed[0].reason).toMatch(/401|API key/);
    expect(credly.badges.filter((badge) => badge.recipient_email === 'ada@example.org')).toHaveLength(0);
    expect((await call('GET', `/v1/issuers/${issuerId}/badge-platforms/credly/deliveries?state=bogus`)).status).toBe(400);

    // Nothing to retry while the key is still wrong would just fail again; fix it first.
    await call('PUT', `/v1/issuers/${issuerId}/badge-platforms/credly`, { apiKey: CREDLY_TOKEN, baseUrl: credly.url, organizationId: ORG });
    const retried = await call('POST', `/v1/issuers/${issuerId}/badge-platforms/credly/deliveries/retry`, {});
    expect(retried).toMatchObject({ status: 200, body: { requeued: 1 } });
    await waitFor('the badge after the retry', () => credly.badges.find((badge) => badge.recipient_email === 'ada@example.org'));
    const delivered = await call('GET', `/v1/credentials/${failed[0].credentialId}/badges`);
    expect(delivered.body).toEqual([expect.objectContaining({ state: 'delivered', operation: 'issue' })]);
    const again = await call('POST', `/v1/issuers/${issuerId}/badge-platforms/credly/deliveries/retry`, {});
    expect(again.body).toEqual({ requeued: 0 });
  });

  it('takes Credly template webhooks only when Credly confirms them', async () => {
    const notice = { id: 'evt-1', organization_id: ORG, event_type: 'badge_template.changed', occurred_at: new Date().toISOString() };
    // Not yet known to Credly: a forgery as far as we can tell.
    const forged = await call('POST', `/webhooks/credly/${issuerId}`, notice, null);
    expect(forged).toMatchObject({ status: 200, body: { accepted: false } });

    credly.templates.find((template) => template.id === 'tmpl-old')!.state = 'archived';
    credly.events.push({ id: 'evt-1', organization_id: ORG, event_type: 'badge_template.changed', occurred_at: notice.occurred_at, badge_template: { id: 'tmpl-old' } });
    const confirmed = await call('POST', `/webhooks/credly/${issuerId}`, notice, null);
    expect(confirmed).toMatchObject({ status: 200, body: { accepted: true } });
    const templates = await call('GET', `/v1/issuers/${issuerId}/badge-platforms/credly/templates`);
    expect(templates.body.find((template: { remoteId: string }) => template.remoteId === 'tmpl-old')).toMatchObject({ state: 'archived' });
    const refused = await call('PUT', `/v1/issuers/${issuerId}/achievements/${achievementId}/badges/credly`, { remoteId: 'tmpl-old' });
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toContain('archived');

    const malformed = await call('POST', `/webhooks/credly/${issuerId}`, '{"id":', null);
    expect(malformed.status).toBe(400);
    const missingFields = await call('POST', `/webhooks/credly/${issuerId}`, { id: 'evt-2' }, null);
    expect(missingFields.status).toBe(400);
    expect(missingFields.body.errors.map((issue: { path: string }) => issue.path)).toContain('organization_id');
  });

  it('disconnects the account: the key is gone, and new deliveries fail visibly until it is back', async () => {
    expect((await call('DELETE', `/v1/issuers/${issuerId}/badge-platforms/credly`)).status).toBe(204);
    expect((await call('GET', `/v1/issuers/${issuerId}/badge-platforms/credly`)).status).toBe(404);
    expect((await call('DELETE', `/v1/issuers/${issuerId}/badge-platforms/credly`)).status).toBe(404);
    expect(await issuer.store.badgePlatforms.getAccount(issuerId, 'credly')).toBeUndefined();

    const katherine = { id: 7003, username: 'katherine', email: 'katherine@example.org', name: 'Katherine Johnson' };
    await publishOpenEdxEvent(redis, { prefix, type: CERTIFICATE_CREATED, data: certificateEventData(katherine, { key: courseId, name: 'Open edX Demo Course' }, { mode: 'verified', grade: '0.97', status: 'downloadable' }) });
    const failed = await waitFor('the delivery without an account', async () => {
      const listed = await call('GET', `/v1/issuers/${issuerId}/badge-platforms/credly/deliveries?state=failed`);
      return listed.body.find((entry: { reason: string }) => /no Credly account/.test(entry.reason));
    });
    expect(credly.badges.some((badge) => badge.recipient_email === 'katherine@example.org')).toBe(false);
    expect(failed).toMatchObject({ operation: 'issue', state: 'failed' });
  });

  it('never writes the platform key to its logs', () => {
    expect(logLines.join('')).toContain('delivered to credly');
    expect(logLines.join('')).not.toContain(CREDLY_TOKEN);
    expect(logLines.join('')).not.toContain(Buffer.from(`${CREDLY_TOKEN}:`).toString('base64'));
  });
});

describe('issuer service: EVENT_BUS_CONSUMER=auto without Redis', () => {
  it('starts without the consumer and says why', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'laurel-integrations-auto-'));
    const issuer = await startIssuer({
      DATABASE_URL: `sqlite:${path.join(dir, 'laurel.db')}`,
      LAUREL_KEYS_DIR: path.join(dir, 'keys'),
      LAUREL_SEED_DEMO: 'true',
      ISSUER_PORT: '0',
      LOG_LEVEL: 'silent',
      EVENT_BUS_CONSUMER: 'auto',
      EVENT_BUS_ISSUER_ID: 'demo',
      // Nothing listens on port 1.
      REDIS_URL: 'redis://127.0.0.1:1',
    });
    try {
      expect(issuer.workers.eventBus).toBeUndefined();
      expect((await fetch(`${issuer.url}/health`)).status).toBe(200);
      expect(await (await fetch(`${issuer.url}/ready`)).json()).toMatchObject({ status: 'ready', eventBus: 'off', badgeWorker: 'on' });
      // The database gone: not ready (503), though still alive.
      await issuer.store.close();
      const unready = await fetch(`${issuer.url}/ready`);
      expect(unready.status).toBe(503);
      expect(await unready.json()).toMatchObject({ status: 'unavailable', database: 'unavailable' });
      expect((await fetch(`${issuer.url}/health`)).status).toBe(200);
    } finally {
      await issuer.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses to start when the consumer is on and its issuer does not exist', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'laurel-integrations-bad-'));
    try {
      await expect(
        startIssuer({ DATABASE_URL: `sqlite:${path.join(dir, 'laurel.db')}`, LAUREL_KEYS_DIR: path.join(dir, 'keys'), ISSUER_PORT: '0', LOG_LEVEL: 'silent', EVENT_BUS_CONSUMER: 'on', EVENT_BUS_ISSUER_ID: 'nobody', REDIS_URL }),
      ).rejects.toThrow(/EVENT_BUS_ISSUER_ID names no issuer/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
