// Badge templates on every database: synced from the fake platforms, kept
// current by Credly webhooks, and refused for mapping once archived or deleted.
import { randomBytes, randomUUID } from 'node:crypto';
import { createGuardedFetcher, type GuardedFetcher } from '@laurel/guarded-fetch';
import { openStore, type Store } from '@laurel/store';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/support/databases.js';
import { configureBadgePlatform } from './accounts.js';
import { mapAchievementToBadge } from './deliveries.js';
import type { BadgePlatformDeps } from './deps.js';
import { BadgePlatformError } from './errors.js';
import { listBadgeTemplates, receiveCredlyWebhook, syncBadgeTemplates } from './templates.js';
import { FakeAccredible } from './testing/fake-accredible.js';
import { FakeCredly } from './testing/fake-credly.js';
import { getBadgePlatformAccount } from './views.js';

const ORG = 'org-templates';
const TOKEN = 'credly-token-templates-5e1f';
const KEY = 'accredible-key-templates-9a0b';

describeEachDatabase('badge platforms: templates and Credly webhooks', (database) => {
  let store: Store;
  let fetcher: GuardedFetcher;
  let deps: BadgePlatformDeps;
  const servers: Array<{ close(): Promise<void> }> = [];

  beforeAll(async () => {
    store = await openStore({ databaseUrl: database.url });
    // Only tests may reach plain http on loopback.
    fetcher = createGuardedFetcher({ allowHttp: true, allowLoopback: true, timeoutMs: 1000 });
    deps = { store, keyEncryptionKey: randomBytes(32), fetcher };
  });
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.close()));
    await fetcher?.close();
    await store?.close();
  });

  async function newIssuer(): Promise<string> {
    const suffix = randomUUID().slice(0, 8);
    const issuer = await store.issuers.create({
      slug: `templates-${suffix}`,
      name: `Templates ${suffix}`,
      did: `did:web:example.org:issuers:${suffix}`,
      didMethod: 'web',
      vcVersion: '2.0',
      suite: 'eddsa-rdfc-2022',
    });
    return issuer.id;
  }

  /** A new issuer with its own fake Credly organization. */
  async function withCredly(templates: ConstructorParameters<typeof FakeCredly>[2]) {
    const credly = await new FakeCredly(ORG, TOKEN, templates).start();
    servers.push(credly);
    const issuerId = await newIssuer();
    await configureBadgePlatform(deps, 'test', { issuerId, platform: 'credly', baseUrl: credly.url, organizationId: ORG, apiKey: TOKEN });
    return { credly, issuerId };
  }

  const notice = (id: string, eventType: string) => ({ id, organization_id: ORG, event_type: eventType, occurred_at: '2026-03-01T10:00:00Z' });

  it('syncs every page of Credly templates, whatever their state, and lists the stored ones by name', async () => {
    const { credly, issuerId } = await withCredly([
      { id: 't-1', name: 'Echo', state: 'active' },
      { id: 't-2', name: 'Delta', state: 'archived' },
      { id: 't-3', name: 'Charlie', state: 'draft' },
      { id: 't-4', name: 'Bravo', state: 'active' },
      { id: 't-5', name: 'Alpha', state: 'active' },
    ]);
    const synced = await syncBadgeTemplates(deps, 'test', issuerId, 'credly');
    expect(synced.map((template) => [template.remoteId, template.state])).toEqual([
      ['t-1', 'active'],
      ['t-2', 'archived'],
      ['t-3', 'draft'],
      ['t-4', 'active'],
      ['t-5', 'active'],
    ]);
    expect(credly.requests).toHaveLength(3);
    credly.templates[0]!.state = 'archived';
    await syncBadgeTemplates(deps, 'test', issuerId, 'credly');
    const listed = await listBadgeTemplates(deps, issuerId, 'credly');
    expect(listed.map((template) => [template.name, template.state])).toEqual([
      ['Alpha', 'active'],
      ['Bravo', 'active'],
      ['Charlie', 'draft'],
      ['Delta', 'archived'],
      ['Echo', 'archived'],
    ]);
    expect(listed.every((template) => template.issuerId === issuerId && template.platform === 'credly')).toBe(true);
  });

  it('syncs Accredible groups as active templates', async () => {
    const accredible = await new FakeAccredible(KEY, [
      { id: 23, name: 'CS101' },
      { id: 24, name: 'CS102' },
    ]).start();
    servers.push(accredible);
    const issuerId = await newIssuer();
    await configureBadgePlatform(deps, 'test', { issuerId, platform: 'accredible', baseUrl: accredible.url, apiKey: KEY });
    await syncBadgeTemplates(deps, 'test', issuerId, 'accredible');
    expect((await listBadgeTemplates(deps, issuerId, 'accredible')).map((group) => [group.remoteId, group.name, group.state])).toEqual([
      ['23', 'CS101', 'active'],
      ['24', 'CS102', 'active'],
    ]);
    expect(await listBadgeTemplates(deps, issuerId, 'credly')).toEqual([]);
  });

  it('refuses to sync or take a webhook for an issuer without that account', async () => {
    const issuerId = await newIssuer();
    for (const attempt of [syncBadgeTemplates(deps, 'test', issuerId, 'credly'), receiveCredlyWebhook(deps, issuerId, notice('evt', 'badge_template.changed'))]) {
      const error = await attempt.catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(BadgePlatformError);
      expect(error).toMatchObject({ failure: 'rejected', message: 'The issuer has no Credly account configured' });
    }
  });

  it('records created and changed templates as Credly has them now, even when the event is older', async () => {
    const { credly, issuerId } = await withCredly([{ id: 't-1', name: 'CS101', state: 'active' }]);
    credly.templates.push({ id: 't-new', name: 'New badge', state: 'draft' });
    credly.events.push({ ...notice('evt-created', 'badge_template.created'), badge_template: { id: 't-new', name: 'New badge', state: 'draft' } });
    const created = await receiveCredlyWebhook(deps, issuerId, notice('evt-created', 'badge_template.created'));
    expect(created).toMatchObject({ accepted: true, template: { remoteId: 't-new', name: 'New badge', state: 'draft' } });

    // The event still says active (it was recorded before the archive); Credly now says archived.
    credly.templates[0]!.state = 'archived';
    credly.templates[0]!.name = 'CS101 (retired)';
    credly.events.push({ ...notice('evt-changed', 'badge_template.changed'), badge_template: { id: 't-1', name: 'CS101', state: 'active' } });
    expect(await receiveCredlyWebhook(deps, issuerId, notice('evt-changed', 'badge_template.changed'))).toMatchObject({ accepted: true });
    expect(await store.badgePlatforms.getTemplate(issuerId, 'credly', 't-1')).toMatchObject({ name: 'CS101 (retired)', state: 'archived' });
  });

  it('marks a template deleted on badge_template.deleted, or when Credly no longer has it', async () => {
    const { credly, issuerId } = await withCredly([
      { id: 't-1', name: 'One', state: 'active' },
      { id: 't-2', name: 'Two', state: 'active' },
    ]);
    await syncBadgeTemplates(deps, 'test', issuerId, 'credly');
    credly.templates.splice(0, 2);
    credly.events.push({ ...notice('evt-deleted', 'badge_template.deleted'), badge_template: { id: 't-1' } });
    expect(await receiveCredlyWebhook(deps, issuerId, notice('evt-deleted', 'badge_template.deleted'))).toMatchObject({
      accepted: true,
      template: { remoteId: 't-1', name: 'One', state: 'deleted' },
    });
    credly.events.push({ ...notice('evt-late-change', 'badge_template.changed'), badge_template: { id: 't-2', name: 'Two', state: 'active' } });
    await receiveCredlyWebhook(deps, issuerId, notice('evt-late-change', 'badge_template.changed'));
    expect((await listBadgeTemplates(deps, issuerId, 'credly')).map((template) => [template.remoteId, template.name, template.state])).toEqual([
      ['t-1', 'One', 'deleted'],
      ['t-2', 'Two', 'deleted'],
    ]);
  });

  it('does not act on a webhook for another organization, one Credly does not confirm, or a malformed one', async () => {
    const { credly, issuerId } = await withCredly([{ id: 't-1', name: 'CS101', state: 'active' }]);
    await syncBadgeTemplates(deps, 'test', issuerId, 'credly');
    const before = await store.badgePlatforms.getTemplate(issuerId, 'credly', 't-1');
    const requests = credly.requests.length;

    const other = await receiveCredlyWebhook(deps, issuerId, { ...notice('evt-other', 'badge_template.deleted'), organization_id: 'someone-else' });
    expect(other).toEqual({ accepted: false, reason: 'the webhook is for another organization' });
    expect(credly.requests.length).toBe(requests);

    // Credly recorded a change, not the deletion the notice claims.
    credly.events.push({ ...notice('evt-real', 'badge_template.changed'), badge_template: { id: 't-1' } });
    expect(await receiveCredlyWebhook(deps, issuerId, notice('evt-real', 'badge_template.deleted'))).toEqual({
      accepted: false,
      reason: 'Credly does not confirm this event',
    });
    // An event id Credly never issued.
    expect(await receiveCredlyWebhook(deps, issuerId, notice('evt-forged', 'badge_template.deleted'))).toEqual({
      accepted: false,
      reason: 'Credly knows no such event',
    });
    await expect(receiveCredlyWebhook(deps, issuerId, { id: 'evt-real' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect(await store.badgePlatforms.getTemplate(issuerId, 'credly', 't-1')).toEqual(before);
  });

  it('refuses to map an achievement to an archived or deleted template; unknown, draft and unmapping are fine', async () => {
    const issuerId = await newIssuer();
    const achievement = await store.achievements.create({ issuerId, externalId: `course-${randomUUID()}`, kind: 'course', name: 'Maps' });
    const save = (remoteId: string, name: string, state: 'active' | 'archived' | 'draft' | 'deleted') =>
      store.badgePlatforms.upsertTemplate({ issuerId, platform: 'credly', remoteId, name, state });
    await save('t-archived', 'Old CS101', 'archived');
    await save('t-deleted', '', 'deleted');
    await save('t-draft', 'Next CS101', 'draft');

    const refusal = async (remoteId: string) => mapAchievementToBadge(deps, 'test', achievement.id, 'credly', remoteId).catch((error: unknown) => error);
    expect(await refusal('t-archived')).toMatchObject({ failure: 'rejected', message: 'The Credly badge template "Old CS101" (t-archived) is archived: nothing can be awarded as it' });
    expect(await refusal('t-deleted')).toMatchObject({ failure: 'rejected', message: expect.stringContaining('t-deleted is deleted') });
    expect(await store.badgePlatforms.listMappings(achievement.id)).toEqual([]);

    await mapAchievementToBadge(deps, 'test', achievement.id, 'credly', 't-draft');
    await mapAchievementToBadge(deps, 'test', achievement.id, 'credly', 't-unknown');
    expect(await store.badgePlatforms.listMappings(achievement.id)).toEqual([{ achievementId: achievement.id, platform: 'credly', remoteId: 't-unknown' }]);
    await mapAchievementToBadge(deps, 'test', achievement.id, 'credly', null);
    expect(await store.badgePlatforms.listMappings(achievement.id)).toEqual([]);
    expect(await mapAchievementToBadge(deps, 'test', 'no-such-achievement', 'credly', 't-1').catch((error: unknown) => error)).toBeInstanceOf(BadgePlatformError);
  });

  it('shows an account without its sealed key', async () => {
    const { credly, issuerId } = await withCredly([]);
    const account = await getBadgePlatformAccount(deps, issuerId, 'credly');
    expect(account).toEqual({ issuerId, platform: 'credly', baseUrl: credly.url, organizationId: ORG, updatedAt: expect.any(String) });
    expect(JSON.stringify(account)).not.toMatch(/sealed|aes256gcm/i);
    expect(await getBadgePlatformAccount(deps, issuerId, 'accredible')).toBeUndefined();
  });
});
