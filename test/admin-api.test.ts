// The admin API (issue 16), on every database: tokens and course-staff scope,
// credential search and history, achievement updates with versioned rules and
// archiving, issuer profiles, learners and erasure, the audit log, dry runs.
import { SignJWT } from 'jose';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { verifyCredential } from '@laurel/suites';
import { readPdfAttachments, unbakeCredential } from '@laurel/render';
import { describeEachDatabase } from './support/databases.js';
import { createTestIssuer, type TestIssuer } from './support/issuer.js';
import { COURSE, createTenant, expectNothingWritten, expectProblem, send, type Tenant } from './issuer-api-support.js';

const OTHER_COURSE = 'course-v1:Laurel+ADM202+2026';

function record(lmsUserId: string, eventId: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { learner: { lmsUserId, name: `Learner ${lmsUserId}`, email: `${lmsUserId}@example.edu` }, courseId: COURSE, completionPercent: 100, gradePercent: 90, passed: true, sourceEventId: eventId, ...extra };
}

describeEachDatabase('admin API', (database) => {
  let issuer: TestIssuer;
  let tenant: Tenant;
  let otherAchievementId: string;
  let otherCredentialId: string;

  async function complete(records: Record<string, unknown>[]) {
    const response = await send(issuer, 'POST', '/v1/completions', { json: { issuerId: tenant.issuerId, records } });
    expect(response.status, response.text).toBe(200);
    return response.body;
  }

  beforeAll(async () => {
    issuer = await createTestIssuer(database.url);
    tenant = await createTenant(issuer, 'admin-u');
    const other = await send(issuer, 'POST', `/v1/issuers/${tenant.issuerId}/achievements`, { json: { externalId: OTHER_COURSE, name: 'Admin 202', rules: { minGradePercent: 50 } } });
    expect(other.status, other.text).toBe(201);
    otherAchievementId = other.body.id;
    const earned = await complete([record('grace', 'grace-1', { learner: { lmsUserId: 'grace', name: 'Grace Hopper', email: 'Grace.Hopper@Example.edu' }, courseId: OTHER_COURSE })]);
    otherCredentialId = earned.issued[0].credentialId;
  });
  afterAll(() => issuer.close());

  it('API tokens: created with the secret shown once, listed without it, revoked for good', async () => {
    const created = await send(issuer, 'POST', '/v1/tokens', { json: { name: 'ci bot', scopes: ['issue'], issuerId: tenant.issuerId } });
    expect(created.status, created.text).toBe(201);
    expect(created.body.token).toMatch(/^lrl_/);
    const listed = await send(issuer, 'GET', `/v1/tokens?issuerId=${tenant.issuerId}`);
    expect(listed.status, listed.text).toBe(200);
    const entry = listed.body.items.find((item: { id: string }) => item.id === created.body.id);
    expect(entry).toMatchObject({ name: 'ci bot', scopes: ['issue'], issuerId: tenant.issuerId, revokedAt: null });
    expect(listed.text).not.toContain(created.body.token);
    expect(listed.text).not.toMatch(/tokenHash|token_hash/);
    expect((await send(issuer, 'GET', `/v1/issuers/${tenant.issuerId}`, { token: created.body.token })).status).toBe(200);

    const revoked = await send(issuer, 'POST', `/v1/tokens/${created.body.id}/revoke`);
    expect(revoked.status, revoked.text).toBe(200);
    expect(revoked.body.revokedAt).toEqual(expect.any(String));
    expectProblem(await send(issuer, 'GET', `/v1/issuers/${tenant.issuerId}`, { token: created.body.token }), 401);
    const after = await send(issuer, 'GET', `/v1/tokens?issuerId=${tenant.issuerId}`);
    expect(after.body.items.map((item: { id: string }) => item.id)).not.toContain(created.body.id);
    const withRevoked = await send(issuer, 'GET', `/v1/tokens?issuerId=${tenant.issuerId}&includeRevoked=true`);
    expect(withRevoked.body.items.map((item: { id: string }) => item.id)).toContain(created.body.id);
    const audit = await send(issuer, 'GET', `/v1/audit-log?targetId=${created.body.id}&order=asc`);
    expect(audit.body.items.map((item: { action: string }) => item.action)).toEqual(['token.create', 'token.revoke']);
  });

  it('lists page with a cursor: every token once, in order, and a foreign cursor is a problem naming it', async () => {
    for (const name of ['p1', 'p2', 'p3']) await issuer.store.tokens.create({ issuerId: tenant.issuerId, name, scopes: ['read'] });
    const seen: string[] = [];
    const keys: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await send(issuer, 'GET', `/v1/tokens?issuerId=${tenant.issuerId}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status, page.text).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items.map((item: { name: string }) => item.name));
      keys.push(...page.body.items.map((item: { createdAt: string; id: string }) => `${item.createdAt} ${item.id}`));
      cursor = page.body.nextCursor;
    } while (cursor);
    // Oldest first, ties (same millisecond) by id: the order a cursor resumes from.
    expect(keys).toEqual([...keys].sort());
    expect(seen.filter((name) => /^p\d$/.test(name)).sort()).toEqual(['p1', 'p2', 'p3']);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.length).toBe((await issuer.store.tokens.list({ issuerId: tenant.issuerId }, { limit: 500 })).items.length);
    expectProblem(await send(issuer, 'GET', '/v1/tokens?cursor=not-ours'), 400, 'query.cursor');
    expectProblem(await send(issuer, 'GET', '/v1/tokens?limit=0'), 400, 'query.limit');
  });

  it('a course-staff token reads and revokes its course only, and is refused on other courses with nothing written', async () => {
    const badInput = await expectNothingWritten(issuer.store, () =>
      send(issuer, 'POST', '/v1/tokens', { json: { name: 'staff', scopes: ['issue'], issuerId: tenant.issuerId, courseIds: [COURSE] } }),
    );
    expectProblem(badInput, 400, 'scopes');
    const created = await send(issuer, 'POST', '/v1/tokens', { json: { name: 'cs101 staff', scopes: ['read', 'revoke'], issuerId: tenant.issuerId, courseIds: [COURSE] } });
    expect(created.status, created.text).toBe(201);
    expect(created.body.limitedTo).toEqual({ courseIds: [COURSE], achievementIds: [] });
    const staff = created.body.token as string;
    const mine = await complete([record('staff-learner', 'staff-1')]);
    const mineId = mine.issued[0].credentialId as string;

    expect((await send(issuer, 'GET', `/v1/credentials/${mineId}`, { token: staff })).status).toBe(200);
    const listed = await send(issuer, 'GET', `/v1/credentials?issuerId=${tenant.issuerId}`, { token: staff });
    expect(listed.status, listed.text).toBe(200);
    expect(listed.body.items.length).toBeGreaterThan(0);
    expect(listed.body.items.every((item: { achievementId: string }) => item.achievementId === tenant.achievementId)).toBe(true);

    for (const [method, path] of [
      ['GET', `/v1/credentials/${otherCredentialId}`],
      ['GET', `/v1/credentials/${otherCredentialId}/history`],
      ['POST', `/v1/credentials/${otherCredentialId}/revoke`],
      ['POST', `/v1/credentials/${mineId}/suspend`],
      ['GET', `/v1/issuers/${tenant.issuerId}/achievements/${otherAchievementId}/rule-versions`],
      ['PATCH', `/v1/issuers/${tenant.issuerId}/achievements/${tenant.achievementId}`],
      ['GET', '/v1/audit-log'],
      ['POST', '/v1/completions'],
    ] as const) {
      const json = path === '/v1/completions' ? { issuerId: tenant.issuerId, ...record('intruder', 'intruder-1') } : method === 'PATCH' ? { name: 'Renamed' } : { reason: 'x' };
      const body = method === 'GET' ? {} : { json };
      const refused = await expectNothingWritten(issuer.store, () => send(issuer, method, path, { token: staff, ...body }));
      expectProblem(refused, 403);
    }
    const revoked = await send(issuer, 'POST', `/v1/credentials/${mineId}/revoke`, { token: staff, json: { reason: 'academic misconduct' } });
    expect(revoked.status, revoked.text).toBe(200);
    expect(revoked.body.state).toBe('revoked');
  });

  it('course staff from the LMS: a JWT with course_ids reads and revokes that course only', async () => {
    const staffJwt = await new SignJWT({ scope: 'issue revoke', issuer_id: tenant.issuerId, course_ids: [COURSE], preferred_username: 'ta-jane' })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode('test-lms-shared-secret-of-enough-length'));
    const mine = await complete([record('jwt-staff-learner', 'jwt-staff-1')]);
    const mineId = mine.issued[0].credentialId as string;
    expectProblem(await expectNothingWritten(issuer.store, () => send(issuer, 'POST', `/v1/credentials/${otherCredentialId}/revoke`, { token: staffJwt, json: {} })), 403);
    // "issue" is dropped for course staff: completions are the LMS service's, not a TA's.
    expectProblem(await expectNothingWritten(issuer.store, () => send(issuer, 'POST', '/v1/completions', { token: staffJwt, json: { issuerId: tenant.issuerId, ...record('x', 'x-1') } })), 403);
    const revoked = await send(issuer, 'POST', `/v1/credentials/${mineId}/revoke`, { token: staffJwt, json: { reason: 'duplicate' } });
    expect(revoked.status, revoked.text).toBe(200);
    const history = await send(issuer, 'GET', `/v1/credentials/${mineId}/history`);
    expect(history.body.events.at(-1)).toMatchObject({ event: 'revoked', actor: 'lms:ta-jane', reason: 'duplicate' });
  });

  it('search finds a credential by learner email (any case), with filters for achievement, state and issue dates', async () => {
    const byEmail = await send(issuer, 'GET', `/v1/credentials?issuerId=${tenant.issuerId}&q=grace.hopper@example`);
    expect(byEmail.status, byEmail.text).toBe(200);
    expect(byEmail.body.items.map((item: { id: string }) => item.id)).toEqual([otherCredentialId]);
    expect(byEmail.body.items[0].learner).toMatchObject({ name: 'Grace Hopper', email: 'Grace.Hopper@Example.edu' });
    expect(byEmail.body.items[0]).not.toHaveProperty('document');
    const wildcard = await send(issuer, 'GET', `/v1/credentials?issuerId=${tenant.issuerId}&q=%25`);
    expect(wildcard.body.items).toEqual([]);
    const byAchievement = await send(issuer, 'GET', `/v1/credentials?issuerId=${tenant.issuerId}&achievementId=${otherAchievementId}&state=active`);
    expect(byAchievement.body.items.map((item: { id: string }) => item.id)).toEqual([otherCredentialId]);
    const future = await send(issuer, 'GET', `/v1/credentials?issuerId=${tenant.issuerId}&issuedFrom=2999-01-01T00:00:00Z`);
    expect(future.body.items).toEqual([]);
    const past = await send(issuer, 'GET', `/v1/credentials?issuerId=${tenant.issuerId}&issuedTo=2000-01-01T00:00:00Z`);
    expect(past.body.items).toEqual([]);
    expectProblem(await send(issuer, 'GET', `/v1/credentials?issuerId=${tenant.issuerId}&state=lost`), 400, 'query.state');
    expectProblem(await send(issuer, 'GET', `/v1/credentials?issuerId=${tenant.issuerId}&issuedFrom=yesterday`), 400, 'query.issuedFrom');
  });

  it("a credential's history names who did what and why", async () => {
    const earned = await complete([record('history-learner', 'history-1')]);
    const credentialId = earned.issued[0].credentialId as string;
    expect((await send(issuer, 'POST', `/v1/credentials/${credentialId}/suspend`, { json: { reason: 'under review' } })).status).toBe(200);
    expect((await send(issuer, 'POST', `/v1/credentials/${credentialId}/revoke`, { json: { reason: 'plagiarism' } })).status).toBe(200);
    const history = await send(issuer, 'GET', `/v1/credentials/${credentialId}/history`);
    expect(history.status, history.text).toBe(200);
    expect(history.body.events.map((event: { event: string }) => event.event)).toEqual(['issued', 'suspended', 'revoked']);
    expect(history.body.events[2]).toMatchObject({ actor: 'token:test admin', reason: 'plagiarism' });
    expect(history.body.rulesVersion).toBe(1);
  });

  it('a rule change is the next version: issued credentials keep theirs, new ones record the new one; bad rules write nothing', async () => {
    const before = await complete([record('rules-early', 'rules-early-1', { gradePercent: 75 })]);
    const earlyId = before.issued[0].credentialId as string;
    const earlyStored = await issuer.store.credentials.get(earlyId);

    const invalid = await expectNothingWritten(issuer.store, () =>
      send(issuer, 'PATCH', `/v1/issuers/${tenant.issuerId}/achievements/${tenant.achievementId}`, { json: { rules: { minGradePercent: 170 } } }),
    );
    expectProblem(invalid, 400, 'rules.minGradePercent');
    const unknownField = await expectNothingWritten(issuer.store, () =>
      send(issuer, 'PATCH', `/v1/issuers/${tenant.issuerId}/achievements/${tenant.achievementId}`, { json: { externalId: 'other' } }),
    );
    expectProblem(unknownField, 400);

    const updated = await send(issuer, 'PATCH', `/v1/issuers/${tenant.issuerId}/achievements/${tenant.achievementId}`, { json: { rules: { minGradePercent: 80 }, name: 'API 101 (2026)' } });
    expect(updated.status, updated.text).toBe(200);
    expect(updated.body).toMatchObject({ rulesVersion: 2, name: 'API 101 (2026)' });

    expect(await issuer.store.credentials.get(earlyId)).toEqual(earlyStored);
    expect(earlyStored?.rulesVersion).toBe(1);
    const notEnough = await complete([record('rules-late', 'rules-late-1', { gradePercent: 75 })]);
    expect(notEnough.issued).toEqual([]);
    const enough = await complete([record('rules-late', 'rules-late-2', { gradePercent: 85 })]);
    expect((await issuer.store.credentials.get(enough.issued[0].credentialId))?.rulesVersion).toBe(2);

    const versions = await send(issuer, 'GET', `/v1/issuers/${tenant.issuerId}/achievements/${tenant.achievementId}/rule-versions`);
    expect(versions.body.map((version: { version: number }) => version.version)).toEqual([1, 2]);
    expect(versions.body[1]).toMatchObject({ actor: 'token:test admin', rules: { minGradePercent: 80 } });
  });

  it('a dry run counts who would earn under candidate rules and writes nothing', async () => {
    await complete([record('dry-a', 'dry-a-1', { gradePercent: 60, courseId: OTHER_COURSE }), record('dry-b', 'dry-b-1', { gradePercent: 95, courseId: OTHER_COURSE })]);
    const dry = await expectNothingWritten(issuer.store, () =>
      send(issuer, 'POST', `/v1/issuers/${tenant.issuerId}/achievements/${otherAchievementId}/dry-run`, { json: { rules: { minGradePercent: 92 } } }),
    );
    expect(dry.status, dry.text).toBe(200);
    // grace (90), dry-a (60), dry-b (95): only dry-b reaches 92, and already holds it under the live rules (50).
    expect(dry.body).toMatchObject({ evaluated: 3, wouldEarn: 1, newlyEarning: 0, holdersNotMeeting: 2 });
    expect(dry.body.sample.map((entry: { lmsUserId: string }) => entry.lmsUserId)).toEqual(['dry-b']);
    const live = await send(issuer, 'POST', `/v1/issuers/${tenant.issuerId}/achievements/${otherAchievementId}/dry-run`);
    expect(live.body).toMatchObject({ evaluated: 3, wouldEarn: 3 });
  });

  it('an archived achievement issues nothing new; what it issued is untouched', async () => {
    const course = 'course-v1:Laurel+OLD1+2020';
    const created = await send(issuer, 'POST', `/v1/issuers/${tenant.issuerId}/achievements`, { json: { externalId: course, name: 'Retired', rules: {} } });
    const first = await complete([record('archive-a', 'archive-a-1', { courseId: course })]);
    const issuedBefore = await issuer.store.credentials.get(first.issued[0].credentialId);
    const archived = await send(issuer, 'POST', `/v1/issuers/${tenant.issuerId}/achievements/${created.body.id}/archive`);
    expect(archived.status, archived.text).toBe(200);
    expect(archived.body.archivedAt).toEqual(expect.any(String));
    const later = await complete([record('archive-b', 'archive-b-1', { courseId: course })]);
    expect(later.issued).toEqual([]);
    expect(await issuer.store.credentials.get(first.issued[0].credentialId)).toEqual(issuedBefore);
    const live = await send(issuer, 'GET', `/v1/achievements?issuerId=${tenant.issuerId}&archived=false&limit=100`);
    expect(live.body.items.map((item: { id: string }) => item.id)).not.toContain(created.body.id);
    const search = await send(issuer, 'GET', `/v1/achievements?issuerId=${tenant.issuerId}&q=retired`);
    expect(search.body.items.map((item: { id: string }) => item.id)).toEqual([created.body.id]);
  });

  it("an issuer's profile is updated; a bad field is a problem naming it and writes nothing", async () => {
    const bad = await expectNothingWritten(issuer.store, () => send(issuer, 'PATCH', `/v1/issuers/${tenant.issuerId}`, { json: { email: 'not-an-email', name: 'X' } }));
    expectProblem(bad, 400, 'email');
    const updated = await send(issuer, 'PATCH', `/v1/issuers/${tenant.issuerId}`, {
      json: { name: 'Admin University', imageUrl: 'https://admin.example/logo.png', theme: { primary: '#004488' }, defaultTemplate: 'classic', locale: 'fr-CA', url: null },
    });
    expect(updated.status, updated.text).toBe(200);
    expect(updated.body).toMatchObject({ name: 'Admin University', imageUrl: 'https://admin.example/logo.png', theme: { primary: '#004488' }, locale: 'fr-CA', url: null });
    const audit = await send(issuer, 'GET', `/v1/audit-log?issuerId=${tenant.issuerId}&action=issuer.update&actor=${encodeURIComponent('token:test admin')}`);
    expect(audit.body.items[0]).toMatchObject({ action: 'issuer.update', targetId: tenant.issuerId });
    const none = await send(issuer, 'GET', `/v1/audit-log?issuerId=${tenant.issuerId}&action=issuer.update&from=2999-01-01T00:00:00Z`);
    expect(none.body.items).toEqual([]);
  });

  it('learners: search by email, their completions, credentials and progress', async () => {
    const found = await send(issuer, 'GET', `/v1/learners?issuerId=${tenant.issuerId}&q=GRACE.hopper`);
    expect(found.status, found.text).toBe(200);
    expect(found.body.items).toHaveLength(1);
    const overview = await send(issuer, 'GET', `/v1/learners/${found.body.items[0].id}`);
    expect(overview.status, overview.text).toBe(200);
    expect(overview.body.credentials.map((credential: { id: string }) => credential.id)).toEqual([otherCredentialId]);
    expect(overview.body.completions).toHaveLength(1);
    expect(overview.body.progress.find((entry: { achievementId: string }) => entry.achievementId === otherAchievementId)).toMatchObject({ earned: true });
  });

  it('erasure leaves no personal data in any table, the public page is gone, and revocation still works', async () => {
    const person = { lmsUserId: 'erase-me-8841', name: 'Ada Lovelace-Byron', email: 'ada.lovelace@analytical.example', username: 'adalb' };
    const earned = await complete([{ ...record(person.lmsUserId, 'erase-evt-1'), learner: person }]);
    const credentialId = earned.issued[0].credentialId as string;
    const learnerId = earned.progress[0].learnerId as string;
    const walletCopy = (await issuer.store.credentials.get(credentialId))!.document;
    expect((await issuer.app.request(`/credentials/${credentialId}`)).status).toBe(200);
    const offer = await send(issuer, 'POST', `/v1/credentials/${credentialId}/offers`, { json: {} });
    expect(offer.status, offer.text).toBe(201);
    // Free text naming the learner: a state reason, and an import row keyed by their email.
    expect((await send(issuer, 'POST', `/v1/credentials/${credentialId}/suspend`, { json: { reason: `${person.name} asked for a pause` } })).status).toBe(200);
    const imported = await send(issuer, 'POST', `/v1/imports?issuerId=${tenant.issuerId}`, {
      raw: `row_key,achievement,lms_user_id\n${person.email}-202,${OTHER_COURSE},${person.lmsUserId}`,
      headers: { 'content-type': 'text/csv' },
    });
    expect(imported.body, imported.text).toMatchObject({ issued: 1 });

    const erased = await send(issuer, 'POST', `/v1/learners/${learnerId}/erase`);
    expect(erased.status, erased.text).toBe(200);
    expect(erased.body.learner).toMatchObject({ name: null, email: null, erasedAt: expect.any(String) });
    expect(erased.body.erased).toMatchObject({ credentials: 2, completionRecords: 1, otherMentions: 2 });

    const raw = issuer.store.db.withoutPlugins();
    const tables = (await raw.introspection.getTables()).map((table) => table.name).filter((name) => !name.startsWith('kysely_'));
    expect(tables.length).toBeGreaterThan(15);
    for (const table of tables) {
      const rows = await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(raw);
      const text = JSON.stringify(rows.rows).toLowerCase();
      for (const value of Object.values(person)) expect(text, `${table} still holds ${value}`).not.toContain(value.toLowerCase());
    }
    expect((await issuer.app.request(`/credentials/${credentialId}`)).status).toBe(404);
    // The open wallet offer ended with the erasure: it would have handed out the redacted copy.
    const offers = await issuer.store.walletOffers.listForCredential(credentialId);
    expect(offers).toHaveLength(1);
    expect(offers.every((entry) => entry.expiresAt <= new Date().toISOString())).toBe(true);

    const revoked = await send(issuer, 'POST', `/v1/credentials/${credentialId}/revoke`, { json: { reason: 'erased learner asked' } });
    expect(revoked.status, revoked.text).toBe(200);
    const verdict = await verifyCredential(walletCopy, { checkStatus: issuer.checkStatus });
    expect(verdict.verified).toBe(false);
    expect(verdict.checks.status.code).toBe('REVOKED');
  });
});

describeEachDatabase('admin API: manual awards and CSV imports', (database) => {
  let issuer: TestIssuer;
  let tenant: Tenant;
  beforeAll(async () => {
    issuer = await createTestIssuer(database.url);
    tenant = await createTenant(issuer, 'award-u');
  });
  afterAll(() => issuer.close());

  const csv = (text: string) => send(issuer, 'POST', `/v1/imports?issuerId=${tenant.issuerId}`, { raw: text, headers: { 'content-type': 'text/csv' } });

  it('a manual award issues with its reason in the audit log; again it answers the held credential', async () => {
    const award = { achievement: COURSE, learner: { lmsUserId: 'manual-1', name: 'Manual One', email: 'm1@example.edu' }, reason: 'Completed offline exam' };
    const issued = await send(issuer, 'POST', `/v1/awards?issuerId=${tenant.issuerId}`, { json: award });
    expect(issued.status, issued.text).toBe(201);
    expect(issued.body).toMatchObject({ issued: true, achievementId: tenant.achievementId });
    const again = await send(issuer, 'POST', `/v1/awards?issuerId=${tenant.issuerId}`, { json: award });
    expect(again.status, again.text).toBe(200);
    expect(again.body).toMatchObject({ issued: false, credentialId: issued.body.credentialId });
    const audit = await send(issuer, 'GET', `/v1/audit-log?targetId=${issued.body.credentialId}`);
    expect(audit.body.items).toEqual([expect.objectContaining({ action: 'credential.issue', details: expect.objectContaining({ manual: true, reason: 'Completed offline exam' }) })]);
    const noReason = await expectNothingWritten(issuer.store, () => send(issuer, 'POST', `/v1/awards?issuerId=${tenant.issuerId}`, { json: { ...award, reason: undefined } }));
    expectProblem(noReason, 400, 'reason');
  });

  it('an archived issuer issues nothing new, and what it issued can still be revoked', async () => {
    const retired = await createTenant(issuer, 'retired-u');
    const archived = await send(issuer, 'POST', `/v1/issuers/${retired.issuerId}/archive`);
    expect(archived.status, archived.text).toBe(200);
    expect(archived.body.archivedAt).toEqual(expect.any(String));
    const refused = await expectNothingWritten(issuer.store, () => send(issuer, 'POST', '/v1/completions', { json: { issuerId: retired.issuerId, ...record('late', 'late-1') } }));
    expectProblem(refused, 409);
    const award = await expectNothingWritten(issuer.store, () =>
      send(issuer, 'POST', `/v1/awards?issuerId=${retired.issuerId}`, { json: { achievement: COURSE, learner: { lmsUserId: 'late-2' }, reason: 'x' } }),
    );
    expectProblem(award, 409);
    const revoked = await send(issuer, 'POST', `/v1/credentials/${retired.credentialId}/revoke`, { json: { reason: 'closing down' } });
    expect(revoked.status, revoked.text).toBe(200);
  });

  it('a CSV import reports each row, is idempotent on row_key, and a bad row fails alone', async () => {
    const text = [
      'row_key,achievement,lms_user_id,name,email,issued_at',
      'legacy-1,course-v1:Laurel+API101+2026,old-1,Old One,old1@example.edu,2019-06-01T00:00:00Z',
      'legacy-2,course-v1:Laurel+API101+2026,old-2,Old Two,not-an-email,',
      'legacy-3,no-such-course,old-3,Old Three,,',
      'legacy-4,course-v1:Laurel+API101+2026,old-4,"Four, Esq.",,',
    ].join('\n');
    const first = await csv(text);
    expect(first.status, first.text).toBe(200);
    expect(first.body).toMatchObject({ rows: 4, issued: 2, failed: 2, duplicate: 0 });
    expect(first.body.report.map((row: { outcome: string }) => row.outcome)).toEqual(['issued', 'failed', 'failed', 'issued']);
    expect(first.body.report[1].errors).toEqual([expect.objectContaining({ path: 'learner.email' })]);
    expect(first.body.report[2]).toMatchObject({ line: 4, rowKey: 'legacy-3' });
    const legacy = await issuer.store.credentials.get(first.body.report[0].credentialId);
    expect(legacy?.issuedAt).toBe('2019-06-01T00:00:00.000Z');

    const second = await csv(text);
    expect(second.body).toMatchObject({ rows: 4, issued: 0, duplicate: 2, failed: 2 });
    expect(second.body.report[0]).toMatchObject({ outcome: 'duplicate', credentialId: first.body.report[0].credentialId });

    const missingColumn = await expectNothingWritten(issuer.store, () => csv('achievement,lms_user_id\nx,y'));
    expectProblem(missingColumn, 400, 'csv.row_key');
  });
});

describeEachDatabase('admin API: certificate preview', (database) => {
  let issuer: TestIssuer;
  let tenant: Tenant;
  beforeAll(async () => {
    issuer = await createTestIssuer(database.url);
    tenant = await createTenant(issuer, 'preview-u');
  });
  afterAll(() => issuer.close());
  const preview = (query: string) => issuer.app.request(`/v1/issuers/${tenant.issuerId}/achievements/${tenant.achievementId}/preview${query}`, { headers: { authorization: `Bearer ${issuer.adminToken}` } });

  it('renders the page, PDF and badge images from an unsigned sample, writing nothing', async () => {
    await expectNothingWritten(issuer.store, async () => {
      const page = await preview('?name=Sample%20Person');
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      const html = await page.text();
      expect(html).toContain('Sample Person');
      expect(html).toContain('API 101');
      expect(html).toContain('data-seal="unknown"');

      const pdf = new Uint8Array(await (await preview('?format=pdf')).arrayBuffer());
      expect(Buffer.from(pdf.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
      const attached = await readPdfAttachments(pdf);
      expect(attached.length).toBe(1);
      expect(JSON.parse(Buffer.from(attached[0]!.bytes).toString('utf8'))).not.toHaveProperty('proof');

      for (const format of ['png', 'svg'] as const) {
        const image = await preview(`?format=${format}`);
        expect(image.status).toBe(200);
        const baked = unbakeCredential(new Uint8Array(await image.arrayBuffer())) as { credential?: Record<string, unknown> } & Record<string, unknown>;
        const document = (baked.credential ?? baked) as Record<string, unknown>;
        // A preview can never pass for a credential: no proof, no status.
        expect(document).not.toHaveProperty('proof');
        expect(document.credentialStatus ?? []).toEqual([]);
        expect(JSON.stringify(document)).toContain('Alex Sample');
      }
    });
    expectProblem(await send(issuer, 'GET', `/v1/issuers/${tenant.issuerId}/achievements/${tenant.achievementId}/preview?format=gif`), 400, 'query.format');
  });
});
