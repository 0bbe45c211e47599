// Badges out to Credly and Accredible, end to end on every database: real
// credentials from the issuer API, local fake platforms on 127.0.0.1.
import { createGuardedFetcher, type GuardedFetcher } from '@laurel/guarded-fetch';
import { openStore } from '@laurel/store';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/support/databases.js';
import { createTestIssuer, type TestIssuer } from '../../../test/support/issuer.js';
import { waitFor } from '../../../test/support/wait.js';
import {
  configureBadgePlatform,
  deliverBadges,
  mapAchievementToBadge,
  processBadgeDeliveries,
  retryDelayMs,
  type BadgeDeliveryDeps,
} from './deliveries.js';
import { startBadgeDeliveryWorker } from './worker.js';
import { BadgePlatformError } from './errors.js';
import { receiveCredlyWebhook } from './templates.js';
import { listBadgeDeliveries } from './views.js';
import { FakeAccredible } from './testing/fake-accredible.js';
import { FakeCredly } from './testing/fake-credly.js';

const ORG = 'org-laurel-test';
const CREDLY_TOKEN = 'credly-token-DO-NOT-LOG-7f1e9a';
const ACCREDIBLE_KEY = 'accredible-key-DO-NOT-LOG-4b2c8d';
const SECRETS = [CREDLY_TOKEN, ACCREDIBLE_KEY, Buffer.from(`${CREDLY_TOKEN}:`).toString('base64')];

describeEachDatabase('badge platforms: delivery', (database) => {
  let issuer: TestIssuer;
  let credly: FakeCredly;
  let accredible: FakeAccredible;
  let fetcher: GuardedFetcher;
  let clock = Date.now();
  const logLines: string[] = [];
  let deps: BadgeDeliveryDeps;
  let issuerId: string;
  let achievementId: string;
  let learnerCount = 0;

  beforeAll(async () => {
    issuer = await createTestIssuer(database.url, logLines);
    credly = await new FakeCredly(ORG, CREDLY_TOKEN, [{ id: 'tmpl-cs101', name: 'CS101', state: 'active' }]).start();
    accredible = await new FakeAccredible(ACCREDIBLE_KEY, [{ id: 23, name: 'CS101' }]).start();
    // Only tests may reach plain http on loopback.
    fetcher = createGuardedFetcher({ allowHttp: true, allowLoopback: true, timeoutMs: 300 });
    const log = (level: string) => (fields: Record<string, unknown>, message: string) => void logLines.push(JSON.stringify({ level, ...fields, msg: message }));
    deps = {
      store: issuer.store,
      keyEncryptionKey: issuer.deps.keyEncryptionKey,
      fetcher,
      now: () => new Date(clock),
      logger: { info: log('info'), warn: log('warn') },
      maxAttempts: 4,
      baseDelayMs: 1000,
    };
    const created = await issuer.call('POST', '/v1/issuers', { slug: 'badge-u', name: 'Badge University', didMethod: 'key' });
    issuerId = created.body.id;
    const achievement = await issuer.call('POST', `/v1/issuers/${issuerId}/achievements`, {
      externalId: 'course-v1:Org+CS101+2026',
      name: 'Computer Science 101',
      tier: 'Achievement',
      rules: { minGradePercent: 50 },
    });
    expect(achievement.status).toBe(201);
    achievementId = achievement.body.id;
    await configureBadgePlatform(deps, 'test', { issuerId, platform: 'credly', baseUrl: credly.url, organizationId: ORG, apiKey: CREDLY_TOKEN });
    await configureBadgePlatform(deps, 'test', { issuerId, platform: 'accredible', baseUrl: accredible.url, apiKey: ACCREDIBLE_KEY });
    await mapAchievementToBadge(deps, 'test', achievementId, 'credly', 'tmpl-cs101');
    await mapAchievementToBadge(deps, 'test', achievementId, 'accredible', '23');
  });
  afterAll(async () => {
    await fetcher?.close();
    await credly?.close();
    await accredible?.close();
    await issuer?.close();
  });

  /** Issues a real credential through the issuer API for a new learner. */
  async function issueCredential(name = 'Ada Lovelace'): Promise<{ credentialId: string; email: string }> {
    learnerCount++;
    const email = `learner${learnerCount}@example.org`;
    const result = await issuer.call('POST', '/v1/completions', {
      issuerId,
      learner: { lmsUserId: `u-${learnerCount}-${database.dialect}`, username: `l${learnerCount}`, name, email },
      courseId: 'course-v1:Org+CS101+2026',
      completionPercent: 100,
      gradePercent: 90,
      passed: true,
      sourceEventId: `evt-${learnerCount}`,
    });
    expect(result.status).toBe(200);
    expect(result.body.issued).toHaveLength(1);
    return { credentialId: result.body.issued[0].credentialId, email };
  }

  async function drain(): Promise<void> {
    // Drains everything already queued (no clock movement).
    while ((await processBadgeDeliveries(deps)).attempted > 0) {
      // keep going
    }
  }

  it('issues on both platforms when a credential is issued, and revokes on both when it is revoked', async () => {
    await drain();
    const { credentialId, email } = await issueCredential('Ada King Lovelace');
    const summary = await processBadgeDeliveries(deps);
    expect(summary).toMatchObject({ queued: 2, delivered: 2, failed: 0 });

    const badge = credly.badges.find((candidate) => candidate.recipient_email === email);
    expect(badge).toMatchObject({ issued_to_first_name: 'Ada', issued_to_last_name: 'King Lovelace', badge_template_id: 'tmpl-cs101', state: 'pending' });
    const remote = accredible.credentials.find((candidate) => candidate.recipient.email === email);
    expect(remote).toMatchObject({ recipient: { name: 'Ada King Lovelace' }, group_id: 23, expired_on: null });
    const credential = await issuer.store.credentials.get(credentialId);
    expect(remote?.issued_on).toBe(credential?.issuedAt.slice(0, 10));

    const rows = await issuer.store.badgePlatforms.listForCredential(credentialId);
    expect(rows.map((row) => [row.platform, row.operation, row.state, row.remoteId])).toEqual([
      ['accredible', 'issue', 'delivered', String(remote?.id)],
      ['credly', 'issue', 'delivered', badge?.id],
    ]);
    // Nothing more to do: no second badge.
    expect(await processBadgeDeliveries(deps)).toMatchObject({ queued: 0, attempted: 0 });

    expect((await issuer.call('POST', `/v1/credentials/${credentialId}/revoke`, { reason: 'issued in error' })).status).toBe(200);
    expect(await processBadgeDeliveries(deps)).toMatchObject({ revocationsQueued: 2, delivered: 2 });
    expect(badge).toMatchObject({ state: 'revoked', revocation_reason: 'issued in error' });
    expect(remote?.expired_on).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const after = await issuer.store.badgePlatforms.listForCredential(credentialId);
    expect(after.map((row) => [row.platform, row.operation, row.state])).toEqual([
      ['accredible', 'revoke', 'delivered'],
      ['credly', 'revoke', 'delivered'],
    ]);
  });

  it('deliverBadges is the per-credential hook for issuance code', async () => {
    await drain();
    const { credentialId, email } = await issueCredential();
    const rows = await deliverBadges(deps, credentialId);
    expect(rows.map((row) => row.state)).toEqual(['delivered', 'delivered']);
    expect(credly.badges.filter((badge) => badge.recipient_email === email)).toHaveLength(1);
  });

  it('treats Credly 422 "already has this badge" as delivered, keeping the existing badge id', async () => {
    await drain();
    const { credentialId, email } = await issueCredential();
    credly.badges.push({
      id: 'existing-badge',
      recipient_email: email,
      issued_to_first_name: 'Ada',
      issued_to_last_name: 'Lovelace',
      badge_template_id: 'tmpl-cs101',
      issued_at: '2026-01-01T00:00:00Z',
      expires_at: null,
      state: 'accepted',
      revocation_reason: null,
    });
    await processBadgeDeliveries(deps);
    const rows = await issuer.store.badgePlatforms.listForCredential(credentialId);
    expect(rows.find((row) => row.platform === 'credly')).toMatchObject({ state: 'delivered', remoteId: 'existing-badge', attempts: 1 });
    expect(credly.badges.filter((badge) => badge.recipient_email === email)).toHaveLength(1);
  });

  it('retries 5xx and timeouts with exponential backoff, then delivers', async () => {
    await drain();
    const { credentialId, email } = await issueCredential();
    credly.inject({ status: 503 });
    credly.inject('hang');
    const first = await processBadgeDeliveries(deps);
    expect(first).toMatchObject({ delivered: 1, retrying: 1 });
    let row = (await issuer.store.badgePlatforms.listForCredential(credentialId)).find((entry) => entry.platform === 'credly');
    expect(row).toMatchObject({ state: 'pending', attempts: 1, reason: expect.stringContaining('HTTP 503') });
    expect(Date.parse(row!.nextAttemptAt!) - clock).toBe(retryDelayMs(1, 1000));

    // Not due yet: nothing is attempted.
    expect(await processBadgeDeliveries(deps)).toMatchObject({ attempted: 0 });
    clock += 1000;
    expect(await processBadgeDeliveries(deps)).toMatchObject({ attempted: 1, retrying: 1 });
    row = (await issuer.store.badgePlatforms.listForCredential(credentialId)).find((entry) => entry.platform === 'credly');
    expect(row).toMatchObject({ state: 'pending', attempts: 2, reason: expect.stringMatching(/longer than 300 ms/) });
    expect(Date.parse(row!.nextAttemptAt!) - clock).toBe(2000);

    clock += 2000;
    expect(await processBadgeDeliveries(deps)).toMatchObject({ attempted: 1, delivered: 1 });
    row = (await issuer.store.badgePlatforms.listForCredential(credentialId)).find((entry) => entry.platform === 'credly');
    expect(row).toMatchObject({ state: 'delivered', attempts: 3, reason: null });
    expect(credly.badges.filter((badge) => badge.recipient_email === email)).toHaveLength(1);
  });

  it('ends in a visible failed state with the reason once retries run out', async () => {
    await drain();
    const { credentialId } = await issueCredential();
    accredible.inject({ status: 500 }, 4);
    for (let round = 0; round < 4; round++) {
      await processBadgeDeliveries(deps);
      clock += 60_000;
    }
    const row = (await issuer.store.badgePlatforms.listForCredential(credentialId)).find((entry) => entry.platform === 'accredible');
    expect(row).toMatchObject({ state: 'failed', attempts: 4, nextAttemptAt: null, reason: expect.stringContaining('HTTP 500') });
    clock += 24 * 60 * 60 * 1000;
    expect(await processBadgeDeliveries(deps)).toMatchObject({ attempted: 0 });
  });

  it('a bad API key fails at once with the reason, without retrying', async () => {
    await drain();
    await configureBadgePlatform(deps, 'test', { issuerId, platform: 'credly', baseUrl: credly.url, organizationId: ORG, apiKey: 'wrong-token-value' });
    try {
      const { credentialId } = await issueCredential();
      const before = credly.requests.length;
      await processBadgeDeliveries(deps);
      clock += 24 * 60 * 60 * 1000;
      await processBadgeDeliveries(deps);
      const row = (await issuer.store.badgePlatforms.listForCredential(credentialId)).find((entry) => entry.platform === 'credly');
      expect(row).toMatchObject({ state: 'failed', attempts: 1, reason: expect.stringContaining('refused the API key (HTTP 401)') });
      expect(credly.requests.length - before).toBe(1);
    } finally {
      await configureBadgePlatform(deps, 'test', { issuerId, platform: 'credly', baseUrl: credly.url, organizationId: ORG, apiKey: CREDLY_TOKEN });
    }
  });

  /** The delivery row of the credential on one platform. */
  async function rowOf(credentialId: string, platform: 'credly' | 'accredible') {
    return (await issuer.store.badgePlatforms.listForCredential(credentialId)).find((entry) => entry.platform === platform);
  }

  it('ends a revocation delivered when Credly already shows the badge as revoked (its 422)', async () => {
    await drain();
    const { credentialId, email } = await issueCredential();
    await processBadgeDeliveries(deps);
    const badge = credly.badges.find((candidate) => candidate.recipient_email === email)!;
    // Revoked on Credly's side first (by an admin in Credly's UI, or by an attempt whose answer was lost).
    badge.state = 'revoked';
    badge.revocation_reason = 'revoked in Credly';
    expect((await issuer.call('POST', `/v1/credentials/${credentialId}/revoke`, { reason: 'issued in error' })).status).toBe(200);
    const before = credly.requests.length;
    expect(await processBadgeDeliveries(deps)).toMatchObject({ revocationsQueued: 2, delivered: 2, failed: 0 });
    // Credly did answer the revoke with its 422 (then the badge was read back).
    expect(credly.requests.slice(before).map((request) => request.method)).toEqual(['PUT', 'GET']);
    expect(await rowOf(credentialId, 'credly')).toMatchObject({
      operation: 'revoke',
      state: 'delivered',
      attempts: 1,
      remoteId: badge.id,
      reason: 'Credly already showed the badge as revoked',
    });
    expect(badge.revocation_reason).toBe('revoked in Credly');
  });

  it.each([
    ['a 500 after the write', { lost: { status: 500 } }],
    ['a timeout after the write', { lost: 'hang' }],
  ] as const)('Accredible: after %s, the retry adopts the credential instead of creating a second', async (_, fault) => {
    await drain();
    const { credentialId, email } = await issueCredential();
    accredible.inject(fault);
    expect(await processBadgeDeliveries(deps)).toMatchObject({ delivered: 1, retrying: 1 });
    const created = accredible.credentials.filter((candidate) => candidate.recipient.email === email);
    expect(created).toHaveLength(1);
    expect(await rowOf(credentialId, 'accredible')).toMatchObject({ state: 'pending', attempts: 1, remoteId: null });

    clock += 1000;
    const before = accredible.requests.length;
    expect(await processBadgeDeliveries(deps)).toMatchObject({ attempted: 1, delivered: 1 });
    expect(accredible.requests.slice(before).map((request) => request.path)).toEqual(['/v2/credentials/search']);
    expect(accredible.credentials.filter((candidate) => candidate.recipient.email === email)).toHaveLength(1);
    expect(await rowOf(credentialId, 'accredible')).toMatchObject({
      state: 'delivered',
      attempts: 2,
      remoteId: String(created[0]?.id),
      reason: `Accredible credential ${created[0]?.id} from an earlier attempt was kept`,
    });
  });

  it('Accredible: a retry does not adopt a credential that another delivery already holds', async () => {
    await drain();
    const first = await issueCredential();
    await processBadgeDeliveries(deps);
    const held = (await rowOf(first.credentialId, 'accredible'))!;
    const second = await issueCredential();
    accredible.inject({ status: 500 });
    await processBadgeDeliveries(deps);
    // A credential for the second learner, same group and day, that the first credential's delivery holds.
    const clash = accredible.credentials.find((candidate) => String(candidate.id) === held.remoteId)!;
    clash.recipient.email = second.email;
    clock += 1000;
    expect(await processBadgeDeliveries(deps)).toMatchObject({ attempted: 1, delivered: 1 });
    const row = await rowOf(second.credentialId, 'accredible');
    expect(row).toMatchObject({ state: 'delivered', reason: null });
    expect(row?.remoteId).not.toBe(held.remoteId);
    expect(accredible.credentials.filter((candidate) => candidate.recipient.email === second.email)).toHaveLength(2);
  });

  it('Credly: after a lost answer, the retry meets the 422 duplicate and keeps the badge created first', async () => {
    await drain();
    const { credentialId, email } = await issueCredential();
    credly.inject({ lost: { status: 502 } });
    expect(await processBadgeDeliveries(deps)).toMatchObject({ delivered: 1, retrying: 1 });
    const created = credly.badges.filter((candidate) => candidate.recipient_email === email);
    expect(created).toHaveLength(1);
    clock += 1000;
    expect(await processBadgeDeliveries(deps)).toMatchObject({ attempted: 1, delivered: 1 });
    expect(credly.badges.filter((candidate) => candidate.recipient_email === email)).toHaveLength(1);
    expect(await rowOf(credentialId, 'credly')).toMatchObject({ state: 'delivered', attempts: 2, remoteId: created[0]?.id });
  });

  it('a template Credly archived (learned by webhook) refuses new mappings and fails deliveries for good, without calling Credly', async () => {
    await drain();
    const template = credly.templates.find((candidate) => candidate.id === 'tmpl-cs101')!;
    const announce = async (id: string) => {
      credly.events.push({ id, organization_id: ORG, event_type: 'badge_template.changed', occurred_at: new Date(clock).toISOString(), badge_template: { id: template.id } });
      return receiveCredlyWebhook(deps, issuerId, { id, organization_id: ORG, event_type: 'badge_template.changed', occurred_at: new Date(clock).toISOString() });
    };
    template.state = 'archived';
    try {
      expect(await announce(`evt-archive-${database.dialect}`)).toMatchObject({ accepted: true, template: { remoteId: 'tmpl-cs101', state: 'archived' } });
      const mapping = await mapAchievementToBadge(deps, 'test', achievementId, 'credly', 'tmpl-cs101').catch((error: unknown) => error);
      expect(mapping).toBeInstanceOf(BadgePlatformError);
      expect(mapping).toMatchObject({ failure: 'rejected', message: expect.stringContaining('"CS101" (tmpl-cs101) is archived') });

      const { credentialId } = await issueCredential();
      const before = credly.requests.length;
      expect(await processBadgeDeliveries(deps)).toMatchObject({ delivered: 1, failed: 1 });
      expect(credly.requests.length).toBe(before);
      expect(await rowOf(credentialId, 'credly')).toMatchObject({ state: 'failed', attempts: 1, nextAttemptAt: null, reason: 'The Credly badge template "CS101" (tmpl-cs101) is archived' });
    } finally {
      template.state = 'active';
      expect(await announce(`evt-restore-${database.dialect}`)).toMatchObject({ accepted: true, template: { state: 'active' } });
    }
    await mapAchievementToBadge(deps, 'test', achievementId, 'credly', 'tmpl-cs101');
  });

  it('listBadgeDeliveries shows the visible state of each platform, and nothing more', async () => {
    await drain();
    const { credentialId } = await issueCredential();
    accredible.inject({ status: 503 });
    await processBadgeDeliveries(deps);
    const views = await listBadgeDeliveries(deps, credentialId);
    expect(views).toEqual([
      { platform: 'accredible', operation: 'issue', state: 'pending', attempts: 1, nextAttemptAt: expect.any(String), reason: expect.stringContaining('HTTP 503'), remoteId: null },
      { platform: 'credly', operation: 'issue', state: 'delivered', attempts: 1, nextAttemptAt: null, reason: null, remoteId: expect.any(String) },
    ]);
    expect(await listBadgeDeliveries(deps, 'no-such-credential')).toEqual([]);
  });

  it('the worker runs a tick when nudged, without waiting for its interval', async () => {
    await drain();
    clock += 24 * 60 * 60 * 1000;
    await drain();
    const { credentialId } = await issueCredential();
    const worker = startBadgeDeliveryWorker(deps, 24 * 60 * 60 * 1000);
    worker.nudge();
    worker.nudge();
    await worker.stop();
    expect((await listBadgeDeliveries(deps, credentialId)).map((row) => row.state)).toEqual(['delivered', 'delivered']);
  });

  it('the worker looks only at issued credentials of mapped achievements, one credential at a time', async () => {
    await drain();
    const unmapped = await issuer.call('POST', `/v1/issuers/${issuerId}/achievements`, { externalId: 'course-v1:Org+ART1+2026', name: 'Art 1', rules: { minGradePercent: 50 } });
    const { credentialId } = await issueCredential();
    const queries: string[] = [];
    const logged = await openStore({ databaseUrl: database.url, log: (event) => void queries.push(`${event.query.sql} ${JSON.stringify(event.query.parameters)}`) });
    const worker = startBadgeDeliveryWorker({ ...deps, store: logged }, 24 * 60 * 60 * 1000);
    try {
      // At start it learns what is mapped.
      await waitFor('the mapped achievements', () => (queries.some((query) => query.includes('badge_platform_mappings')) ? true : undefined));
      queries.length = 0;
      worker.credentialsIssued([{ credentialId: 'cred-of-unmapped', achievementId: unmapped.body.id }]);
      worker.credentialsIssued([{ credentialId, achievementId }]);
      await waitFor('both badges delivered', async () => ((await listBadgeDeliveries(deps, credentialId)).every((row) => row.state === 'delivered') ? true : undefined));
    } finally {
      await worker.stop();
      await logged.close();
    }
    expect((await listBadgeDeliveries(deps, credentialId)).map((row) => row.state)).toEqual(['delivered', 'delivered']);
    // Nothing was read for the credential of the unmapped achievement...
    expect(queries.filter((query) => query.includes('cred-of-unmapped'))).toEqual([]);
    // ...and there was no full tick: no query walks from the mappings to the credentials.
    expect(queries.filter((query) => /from ["`]?badge_platform_mappings/.test(query) && query.includes('credentials'))).toEqual([]);
    expect(queries.some((query) => query.includes(credentialId))).toBe(true);
  });

  it('keeps API keys sealed at rest and out of every log line and delivery row', async () => {
    const account = await issuer.store.badgePlatforms.getAccount(issuerId, 'accredible');
    expect(account?.sealedApiKey).toMatch(/^aes256gcm-v1\./);
    const tables = ['badge_platform_accounts', 'badge_platform_mappings', 'badge_deliveries', 'badge_templates'];
    const dump: string[] = [...logLines];
    for (const table of tables) {
      const { rows } = await sql`select * from ${sql.table(table)}`.execute(issuer.store.db);
      expect(rows.length).toBeGreaterThan(0);
      dump.push(JSON.stringify(rows));
    }
    expect(logLines.length).toBeGreaterThan(0);
    for (const line of dump) for (const secret of SECRETS) expect(line).not.toContain(secret);
    // The deliveries above did log failures with reasons.
    expect(logLines.some((line) => line.includes('"level":"warn"') && line.includes('HTTP 401'))).toBe(true);
  });
});
