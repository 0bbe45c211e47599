// The whole issuing path over the issuer's HTTP API, on every database:
// issuer → achievement with combined rules → records below the threshold
// (nothing issued, progress says what is missing) → above (one credential that
// verifies, ours and stock) → same record again (nothing) → name change
// (re-issued, old revoked and linked) → revoke (status bit set).
import { afterAll, beforeAll, expect, it } from 'vitest';
import * as vc from '@digitalbazaar/vc';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import { offlineDocumentLoader } from '@laurel/contexts';
import { verifyCredential } from '@laurel/suites';
import { describeEachDatabase } from './support/databases.js';
import { createTestIssuer, type TestIssuer } from './support/issuer.js';

const COURSE = 'course-v1:Org+CS101+2026';

function record(eventId: string, grades: { completion: number; grade: number; finalExam: number }) {
  return {
    learner: { lmsUserId: 'u-1001', username: 'ada', name: 'Ada Lovelace', email: 'Ada@Example.org' },
    courseId: COURSE,
    completionPercent: grades.completion,
    gradePercent: grades.grade,
    assignmentGrades: { 'Final Exam': grades.finalExam, Homework: 90 },
    passed: grades.grade >= 75,
    sourceEventId: eventId,
  };
}

describeEachDatabase('issuer service: the full path', (database) => {
  let issuer: TestIssuer;
  beforeAll(async () => {
    issuer = await createTestIssuer(database.url);
  });
  afterAll(() => issuer.close());

  it('issues exactly what was earned, once, and keeps it revocable', async () => {
    const created = await issuer.call('POST', '/v1/issuers', { slug: 'example-u', name: 'Example University', didMethod: 'key' });
    expect(created.status).toBe(201);
    const issuerId = created.body.id as string;

    const achievement = await issuer.call('POST', `/v1/issuers/${issuerId}/achievements`, {
      externalId: COURSE,
      name: 'Computer Science 101',
      tier: 'Achievement',
      rules: { minCompletionPercent: 80, minGradePercent: 75, assignmentTypeMinimums: { 'Final Exam': 80 } },
      reportGrade: true,
    });
    expect(achievement.status).toBe(201);

    // Below the threshold: nothing issued; progress names what is missing.
    const below = await issuer.call('POST', '/v1/completions', { issuerId, ...record('evt-1', { completion: 90, grade: 78, finalExam: 72 }) });
    expect(below.status).toBe(200);
    expect(below.body.issued).toEqual([]);
    const requirements = below.body.progress[0].achievements[0].requirements as { description: string; met: boolean }[];
    expect(requirements.filter((requirement) => !requirement.met).map((requirement) => requirement.description)).toEqual([expect.stringMatching(/Final Exam: 72% of 80%/)]);
    const learnerId = below.body.progress[0].learnerId as string;

    const progress = await issuer.call('GET', `/v1/learners/${learnerId}/progress`);
    expect(progress.status).toBe(200);
    expect(progress.body.achievements[0].earned).toBe(false);

    // Above: exactly one credential.
    const above = await issuer.call('POST', '/v1/completions', { issuerId, records: [record('evt-2', { completion: 100, grade: 88, finalExam: 84 })] });
    expect(above.body.issued).toHaveLength(1);
    const first = above.body.issued[0];
    const stored = await issuer.call('GET', `/v1/credentials/${first.credentialId}`);
    const document = stored.body.document;
    expect(document.credentialSubject.name).toBe('Ada Lovelace');
    expect(document.credentialSubject.result[0].value).toBe('88');
    expect(JSON.stringify(document)).not.toContain('Ada@Example.org');

    const ours = await verifyCredential(document, { checkStatus: issuer.checkStatus });
    expect(ours.checks).toMatchObject({ proof: { status: 'valid' }, status: { status: 'valid' }, issuer: { status: 'valid' }, schema: { status: 'valid' } });
    expect(ours.verified).toBe(true);
    const stock = await vc.verifyCredential({ credential: document, suite: new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 }), documentLoader: offlineDocumentLoader, checkStatus: async () => ({ verified: true }) });
    expect(stock.verified).toBe(true);

    // The same record again, and a new record that earns the same thing: nothing new.
    const again = await issuer.call('POST', '/v1/completions', { issuerId, ...record('evt-2', { completion: 100, grade: 88, finalExam: 84 }) });
    expect(again.body).toMatchObject({ issued: [], duplicates: ['evt-2'] });
    const better = await issuer.call('POST', '/v1/completions', { issuerId, ...record('evt-3', { completion: 100, grade: 95, finalExam: 99 }) });
    expect(better.body.issued).toEqual([]);

    // Name change: re-issued with the new name; the old one revoked and linked.
    const renamed = await issuer.call('PATCH', `/v1/learners/${learnerId}`, { name: 'Ada King' });
    expect(renamed.status).toBe(200);
    expect(renamed.body.reissued).toHaveLength(1);
    const second = renamed.body.reissued[0];
    expect(second.reissueOf).toBe(first.credentialId);
    const old = await issuer.call('GET', `/v1/credentials/${first.credentialId}`);
    expect(old.body).toMatchObject({ state: 'revoked', supersededById: second.credentialId });
    const replacement = await issuer.call('GET', `/v1/credentials/${second.credentialId}`);
    expect(replacement.body.document.credentialSubject.name).toBe('Ada King');
    expect(replacement.body.supersedesId).toBe(first.credentialId);
    const oldVerification = await verifyCredential(old.body.document, { checkStatus: issuer.checkStatus });
    expect(oldVerification.checks.status).toMatchObject({ status: 'invalid', code: 'REVOKED' });
    expect((await verifyCredential(replacement.body.document, { checkStatus: issuer.checkStatus })).verified).toBe(true);

    // Public URL: the credential itself; gone once revoked.
    expect((await issuer.app.request(`/credentials/${second.credentialId}`)).status).toBe(200);
    expect((await issuer.app.request(`/credentials/${first.credentialId}`)).status).toBe(410);
    // The old link after a name change says "replaced after a correction", not "revoked" as for fraud; nothing of what it said.
    const oldPage = await issuer.app.request(`/credentials/${first.credentialId}`, { headers: { accept: 'text/html' } });
    expect(oldPage.status).toBe(410);
    const oldHtml = (await oldPage.text()).replace(/<style>[\s\S]*<\/style>/, '');
    expect(oldHtml).toContain('<h1>Credential replaced</h1>');
    expect(oldHtml).toMatch(/The issuer replaced this credential on \w+ \d{1,2}, \d{4} after a correction/);
    expect(oldHtml).toContain('data-seal="replaced"');
    expect(oldHtml).not.toMatch(/Ada|revoked/i);
    expect(((await (await issuer.app.request(`/credentials/${first.credentialId}`)).json()) as { detail: string }).detail).toMatch(/replaced by its issuer on \d{4}-\d{2}-\d{2} after a correction/);

    // Suspend, unsuspend, revoke: the status bits follow.
    expect((await issuer.call('POST', `/v1/credentials/${second.credentialId}/suspend`, { reason: 'under review' })).status).toBe(200);
    expect((await verifyCredential(replacement.body.document, { checkStatus: issuer.checkStatus })).checks.status.code).toBe('SUSPENDED');
    expect((await issuer.call('POST', `/v1/credentials/${second.credentialId}/unsuspend`, {})).status).toBe(200);
    expect((await verifyCredential(replacement.body.document, { checkStatus: issuer.checkStatus })).verified).toBe(true);
    expect((await issuer.call('POST', `/v1/credentials/${second.credentialId}/revoke`, { reason: 'issued in error' })).status).toBe(200);
    const revokedHtml = (await (await issuer.app.request(`/credentials/${second.credentialId}`, { headers: { accept: 'text/html' } })).text()).replace(/<style>[\s\S]*<\/style>/, '');
    expect(revokedHtml).toContain('<h1>Credential revoked</h1>');
    expect(revokedHtml).not.toContain('replaced');
    expect((await verifyCredential(replacement.body.document, { checkStatus: issuer.checkStatus })).checks.status).toMatchObject({ status: 'invalid', code: 'REVOKED' });
    const unrevoke = await issuer.call('POST', `/v1/credentials/${second.credentialId}/unsuspend`, {});
    expect(unrevoke.status).toBe(409);
    expect((await issuer.call('POST', `/v1/credentials/${second.credentialId}/suspend`, {})).status).toBe(409);
    // A repeated revoke (a retry after a lost answer) is a success that reports the state in effect.
    const revokedAgain = await issuer.call('POST', `/v1/credentials/${second.credentialId}/revoke`, { reason: 'retried' });
    expect(revokedAgain.status).toBe(200);
    expect(revokedAgain.body).toMatchObject({ id: second.credentialId, state: 'revoked', stateReason: 'issued in error' });

    // Every write left an audit entry, named by what it did.
    const audit = await issuer.store.audit.list({ limit: 100 });
    expect(audit.map((entry) => entry.action)).toEqual(
      expect.arrayContaining(['issuer.create', 'achievement.create', 'completion.record', 'credential.issue', 'learner.update', 'credential.suspend', 'credential.unsuspend', 'credential.revoke']),
    );
    // The refused unsuspend (409) and the repeated revoke changed nothing, so they left no row.
    expect(audit.filter((entry) => entry.targetId === second.credentialId).map((entry) => entry.action).sort()).toEqual(['credential.issue', 'credential.revoke', 'credential.suspend', 'credential.unsuspend']);
  });

  it('a learning path with per-course rules issues only when every course meets its own rule', async () => {
    const created = await issuer.call('POST', '/v1/issuers', { slug: 'path-u', name: 'Path University', didMethod: 'web', vcVersion: '1.1' });
    const issuerId = created.body.id as string;
    const path = await issuer.call('POST', `/v1/issuers/${issuerId}/achievements`, {
      externalId: 'program-data-science',
      kind: 'program',
      name: 'Data Science Path',
      rules: {
        courses: [
          { courseId: 'course-v1:DS+Stats+1', rules: { minGradePercent: 70 } },
          { courseId: 'course-v1:DS+ML+1', rules: { minGradePercent: 80, assignmentTypeMinimums: { Project: 85 } } },
          { courseId: 'course-v1:DS+Viz+1', optional: true },
        ],
      },
    });
    expect(path.status).toBe(201);
    const learner = { lmsUserId: 'u-7', name: 'Grace Hopper' };
    const post = (eventId: string, courseId: string, gradePercent: number, assignmentGrades: Record<string, number> = {}) =>
      issuer.call('POST', '/v1/completions', { issuerId, learner, courseId, gradePercent, assignmentGrades, passed: true, sourceEventId: eventId });

    const firstPost = await post('p1', 'course-v1:DS+Stats+1', 90);
    expect(firstPost.body.issued, JSON.stringify(firstPost.body)).toEqual([]);
    expect((await post('p2', 'course-v1:DS+ML+1', 95, { Project: 80 })).body.issued).toEqual([]);
    const done = await post('p3', 'course-v1:DS+ML+1', 95, { Project: 90 });
    expect(done.body.issued, JSON.stringify(done.body)).toHaveLength(1);
    const credential = await issuer.call('GET', `/v1/credentials/${done.body.issued[0].credentialId}`);
    expect(credential.body.document.proof.type).toBe('Ed25519Signature2020');
    expect(credential.body.document.credentialStatus).toMatchObject({ type: '1EdTechRevocationList' });
  });
});
