// The LMS course catalog: per-issuer defaults (GET/PUT /v1/issuers/{id}/catalog-defaults),
// and a sync that reads the Open edX Courses API (paginated) from a local LMS
// test server and creates achievements for new courses, once.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { main } from '@laurel/cli';
import { startPeriodicCatalogSync, syncCatalog } from '@laurel/event-bus';
import { createGuardedFetcher, type GuardedFetcher } from '@laurel/guarded-fetch';
import { learnerRecord, publicAchievement } from '@laurel/issuance';
import { createOpenEdxClient, type OpenEdxClient } from '@laurel/openedx-client';
import { startTestLms, type TestLms } from '../packages/openedx-client/src/testing/test-lms.js';
import { describeEachDatabase } from './support/databases.js';
import { createTestIssuer, type TestIssuer } from './support/issuer.js';

const DS = { id: 'course-v1:Laurel+DS101+2026', name: 'Data Science Basics' };
const ML = { id: 'course-v1:Laurel+ML201+2026', name: 'Machine Learning' };
const HAND = { id: 'course-v1:Laurel+HAND1+2026', name: 'Made By Hand' };
const LATE = { id: 'course-v1:Laurel+LATE9+2026', name: 'Added Later' };

const DEFAULTS = {
  tiers: [
    { tier: 'Completion', name: '{course}: completion', rules: { minCompletionPercent: 90 } },
    { tier: 'Achievement', name: '{course}', rules: { minGradePercent: 80 }, reportGrade: true, laterRecords: 'reissue-on-grade-change', earningModes: ['verified'] },
  ],
  template: 'classic',
};

describeEachDatabase('LMS course catalog: defaults and sync', (database) => {
  let issuer: TestIssuer;
  let issuerId: string;
  let lms: TestLms;
  let fetcher: GuardedFetcher;
  let client: OpenEdxClient;
  let dir: string;

  beforeAll(async () => {
    lms = await startTestLms();
    fetcher = createGuardedFetcher({ allowHttp: true, allowLoopback: true });
    client = createOpenEdxClient({ baseUrl: lms.url, clientId: lms.clientId, clientSecret: lms.clientSecret, completionSource: 'progress', fetcher, retry: { baseDelayMs: 10, maxDelayMs: 50 } });
    issuer = await createTestIssuer(database.url);
    const created = await issuer.call('POST', '/v1/issuers', { slug: 'catalog-u', name: 'Catalog University', didMethod: 'key' });
    expect(created.status).toBe(201);
    issuerId = created.body.id;
    dir = mkdtempSync(path.join(os.tmpdir(), 'laurel-catalog-'));
  });
  afterAll(async () => {
    await issuer?.close();
    await fetcher?.close();
    await lms?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const achievementsOf = async (courseKey: string) => (await issuer.store.achievements.listForIssuer(issuerId)).filter((achievement) => achievement.externalId === courseKey);

  it('catalog defaults: built-in until set; bad tier rules are a 400 naming the field and write nothing; an admin of another issuer is refused', async () => {
    const initial = await issuer.call('GET', `/v1/issuers/${issuerId}/catalog-defaults`);
    expect(initial.status).toBe(200);
    expect(initial.body).toMatchObject({ source: 'built-in', defaults: { tiers: [{ name: '{course}', rules: {} }] } });

    const bad = await issuer.call('PUT', `/v1/issuers/${issuerId}/catalog-defaults`, { tiers: [{ rules: { minGradePercent: 80 } }, { rules: { minGradePercent: 120 } }] });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((error: { path: string }) => error.path)).toEqual(['tiers[1].rules.minGradePercent']);
    const unknownField = await issuer.call('PUT', `/v1/issuers/${issuerId}/catalog-defaults`, { tiers: [{ rules: {}, colour: 'red' }] });
    expect(unknownField.status).toBe(400);
    expect((await issuer.call('GET', `/v1/issuers/${issuerId}/catalog-defaults`)).body.source).toBe('built-in');

    const other = await issuer.call('POST', '/v1/issuers', { slug: 'catalog-other', name: 'Other', didMethod: 'key' });
    const otherAdmin = (await issuer.store.tokens.create({ issuerId: other.body.id, name: 'other admin', scopes: ['admin'] })).token;
    expect((await issuer.call('PUT', `/v1/issuers/${issuerId}/catalog-defaults`, DEFAULTS, otherAdmin)).status).toBe(403);

    const put = await issuer.call('PUT', `/v1/issuers/${issuerId}/catalog-defaults`, DEFAULTS);
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect(put.body).toMatchObject({ source: 'issuer', defaults: { tiers: [{ tier: 'Completion' }, { tier: 'Achievement', earningModes: ['verified'] }], template: 'classic' } });
    expect((await issuer.call('GET', `/v1/issuers/${issuerId}/catalog-defaults`)).body).toEqual(put.body);
  });

  it('sync: every page of the course list read; new courses get one achievement per tier, named from the LMS; a course with hand-made achievements is left alone; a second run creates nothing', async () => {
    const hand = await issuer.call('POST', `/v1/issuers/${issuerId}/achievements`, { externalId: HAND.id, name: 'Hand-made' });
    expect(hand.status).toBe(201);
    lms.setCourses([DS, ML, HAND]);
    const progress: [number, number][] = [];
    const first = await syncCatalog(issuer.deps, 'test', issuerId, client, { pageSize: 2, onProgress: (done, total) => void progress.push([done, total]) });
    expect(first).toMatchObject({ courses: 3, existingAchievements: [HAND.id], known: 0, failed: [] });
    expect(first.created.map((created) => created.courseKey).sort()).toEqual([DS.id, ML.id].sort());
    expect(progress.at(-1)).toEqual([3, 3]);
    // Two pages of two.
    expect(lms.log.filter((entry) => entry.path.startsWith('/api/courses/v1/courses/')).map((entry) => entry.path)).toEqual(['/api/courses/v1/courses/?page=1&page_size=2', '/api/courses/v1/courses/?page=2&page_size=2']);

    const ds = await achievementsOf(DS.id);
    expect(ds.map((achievement) => [achievement.name, achievement.tier, achievement.template]).sort()).toEqual([
      ['Data Science Basics', 'Achievement', 'classic'],
      ['Data Science Basics: completion', 'Completion', 'classic'],
    ]);
    const tier = ds.find((achievement) => achievement.tier === 'Achievement')!;
    expect(tier.rules).toMatchObject({ type: 'course', courseId: DS.id, minGradePercent: 80, reportGrade: true, laterRecords: 'reissue-on-grade-change', earningModes: ['verified'] });
    expect((await achievementsOf(HAND.id)).map((achievement) => achievement.name)).toEqual(['Hand-made']);

    const second = await syncCatalog(issuer.deps, 'test', issuerId, client, { pageSize: 2 });
    expect(second).toMatchObject({ courses: 3, created: [], existingAchievements: [], known: 3 });
    expect(await achievementsOf(DS.id)).toHaveLength(2);
    const audit = await issuer.store.audit.query({ issuerId, action: 'catalog.course-add' }, { limit: 10 });
    expect(audit.items.map((entry) => (entry.details as { courseKey: string }).courseKey).sort()).toEqual([DS.id, ML.id].sort());
  });

  it('sync at the same time from two processes creates each course\'s achievements once; a course added later and a renamed one are picked up', async () => {
    lms.setCourses([DS, { ...ML, name: 'Machine Learning II' }, HAND, LATE]);
    const [a, b] = await Promise.all([syncCatalog(issuer.deps, 'a', issuerId, client), syncCatalog(issuer.deps, 'b', issuerId, client)]);
    expect([...a.created, ...b.created].map((created) => created.courseKey)).toEqual([LATE.id]);
    expect(await achievementsOf(LATE.id)).toHaveLength(2);
    expect((await issuer.store.catalog.getCourse(issuerId, ML.id))?.name).toBe('Machine Learning II');
  });

  it('the periodic sync (LMS_CATALOG_SYNC_INTERVAL_MS) goes through every source; a failing LMS is logged and the others go on', async () => {
    const broken = createOpenEdxClient({ baseUrl: lms.url, clientId: lms.clientId, clientSecret: 'wrong', completionSource: 'progress', fetcher, retry: { maxAttempts: 1 } });
    const warnings: Record<string, unknown>[] = [];
    const infos: Record<string, unknown>[] = [];
    const periodic = startPeriodicCatalogSync(issuer.deps, [{ issuerId, client: broken, instanceId: 'broken' }, { issuerId, client }], 3_600_000, { info: (details) => void infos.push(details), warn: (details) => void warnings.push(details) });
    const NEW = { id: 'course-v1:Laurel+TIMER1+2026', name: 'Timed' };
    lms.setCourses([DS, { ...ML, name: 'Machine Learning II' }, HAND, LATE, NEW]);
    try {
      await periodic.runOnce();
    } finally {
      await periodic.stop();
      lms.setCourses([DS, { ...ML, name: 'Machine Learning II' }, HAND, LATE]);
    }
    expect(warnings).toEqual([expect.objectContaining({ lms: 'broken' })]);
    expect(infos).toEqual([expect.objectContaining({ courses: 5, created: 1, failed: 0 })]);
    expect(await achievementsOf(NEW.id)).toHaveLength(2);
  });

  it('a program\'s criteria narrative names its courses by their LMS names, not their keys', async () => {
    const program = await issuer.call('POST', `/v1/issuers/${issuerId}/achievements`, { externalId: 'path-ds-ml', kind: 'program', name: 'DS and ML path', rules: { courses: [{ courseId: DS.id }, { courseId: ML.id }] } });
    expect(program.status, JSON.stringify(program.body)).toBe(201);
    const { document } = await publicAchievement(issuer.deps, program.body.id);
    const narrative = (document.criteria as { narrative: string }).narrative;
    expect(narrative).toContain('Data Science Basics');
    expect(narrative).toContain('Machine Learning II');
    expect(narrative).not.toContain(DS.id);
    // The learner record names them too (courseNames, by key), for every course its progress lines mention.
    const done = await issuer.call('POST', '/v1/completions', { issuerId, learner: { lmsUserId: 'cat-1', name: 'Cat' }, courseId: DS.id, gradePercent: 90, passed: true, sourceEventId: 'cat-1-ds' });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    const record = await learnerRecord(issuer.deps, (await issuer.store.learners.getByLmsUserId(issuerId, 'cat-1'))!);
    expect(record.courseNames).toMatchObject({ [DS.id]: 'Data Science Basics', [ML.id]: 'Machine Learning II' });
  });

  it('laurel lms catalog defaults|sync: through an LMS of LMS_INSTANCES_FILE (its secret in a file), report on stdout', async () => {
    const secretFile = path.join(dir, 'lms-secret');
    writeFileSync(secretFile, `${lms.clientSecret}\n`);
    const instancesFile = path.join(dir, 'instances.json');
    writeFileSync(instancesFile, JSON.stringify([{ id: 'campus', baseUrl: lms.url, clientId: lms.clientId, clientSecretFile: secretFile, issuerId: 'catalog-other', topicPrefix: 'campus' }]));
    vi.stubEnv('LMS_INSTANCES_FILE', instancesFile);
    vi.stubEnv('EVENT_BUS_ISSUER_ID', '');
    vi.stubEnv('LMS_BASE_URL', '');
    vi.stubEnv('FETCH_ALLOW_HTTP', 'true');
    vi.stubEnv('FETCH_ALLOW_LOOPBACK', 'true');
    vi.stubEnv('LAUREL_KEY_ENCRYPTION_KEY', Buffer.from(issuer.deps.keyEncryptionKey).toString('base64'));
    vi.stubEnv('ISSUER_PUBLIC_URL', issuer.deps.urls.issuerBaseUrl);
    vi.stubEnv('STATUS_PUBLIC_URL', issuer.deps.urls.statusBaseUrl);
    const run = async (args: string[], stdin = '') => {
      const out: string[] = [];
      const err: string[] = [];
      const code = await main(['lms', 'catalog', ...args, '--database', database.url], { stdout: (text) => void out.push(text), stderr: (text) => void err.push(text), readStdin: async () => stdin });
      return { code, out: out.join(''), err: err.join('') };
    };
    try {
      const set = await run(['defaults', '--instance', 'campus', '--set', '-'], JSON.stringify({ tiers: [{ name: 'Campus: {course}' }] }));
      expect(set.code, set.err).toBe(0);
      expect(JSON.parse(set.out)).toMatchObject({ source: 'issuer', defaults: { tiers: [{ name: 'Campus: {course}' }] } });
      const sync = await run(['sync', '--instance', 'campus', '--no-progress']);
      expect(sync.code, sync.err).toBe(0);
      expect(JSON.parse(sync.out)).toMatchObject({ courses: 4, failed: [] });
      expect(JSON.parse(sync.out).created).toHaveLength(4);
      const otherId = (await issuer.store.issuers.getBySlug('catalog-other'))!.id;
      const names = (await issuer.store.achievements.listForIssuer(otherId)).map((achievement) => achievement.name).sort();
      expect(names).toEqual(['Campus: Added Later', 'Campus: Data Science Basics', 'Campus: Machine Learning II', 'Campus: Made By Hand']);
      expect((await issuer.store.catalog.getCourse(otherId, DS.id))?.lmsInstance).toBe('campus');
      const unknown = await run(['sync', '--instance', 'nowhere', '--no-progress']);
      expect(unknown.code).not.toBe(0);
      expect(unknown.err).toContain('campus');
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
