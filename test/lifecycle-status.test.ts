// Lifecycle "message" status lists issued by the issuer service (Bitstring
// Status List v1.0 §2.1 statusSize/statusMessage/statusReference, §3.2 steps
// 10-14), end to end on every dialect: the issuer's policy adds the entry, an
// admin route sets the value, the list is republished, the verifier reads it.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { liveStatus } from '@laurel/issuance';
import { VERDICT_HEADINGS } from '@laurel/trust';
import { checkCredential, openBadgeCredentialJsonSchema } from '@laurel/models';
import { ajvPaths, compile2020 } from '../packages/models/src/testing/json-schema-validators.js';
import { describeEachDatabase } from './support/databases.js';
import { createTestIssuer, type TestIssuer } from './support/issuer.js';
import { checkOf, createTestVerifier, type TestVerifier } from './support/verifier.js';

const COURSE = 'course-v1:Lifecycle+LC101+2026';
const REFERENCE = 'https://issuer.test/lifecycle-statuses';

describeEachDatabase('lifecycle status lists', (database) => {
  let issuer: TestIssuer;
  let verifier: TestVerifier;
  let issuerId: string;
  let serial = 0;

  beforeAll(async () => {
    issuer = await createTestIssuer(database.url);
    verifier = createTestVerifier({ store: issuer.store });
    const created = await issuer.call('POST', '/v1/issuers', { slug: 'lifecycle-u', name: 'Lifecycle University', didMethod: 'key' });
    expect(created.status).toBe(201);
    issuerId = created.body.id;
    expect(created.body.lifecycleStatus).toBe(false);
    const achievement = await issuer.call('POST', `/v1/issuers/${issuerId}/achievements`, { externalId: COURSE, name: 'Lifecycle Basics', rules: { minGradePercent: 50 } });
    expect(achievement.status).toBe(201);
  });
  afterAll(async () => {
    await verifier?.close();
    await issuer?.close();
  });

  async function earn(): Promise<{ id: string; document: Record<string, any> }> {
    serial += 1;
    const learner = { lmsUserId: `lc-${serial}`, name: `Learner ${serial}`, email: `lc${serial}@example.org` };
    const posted = await issuer.call('POST', '/v1/completions', { issuerId, learner, courseId: COURSE, gradePercent: 80, passed: true, sourceEventId: `lc-evt-${serial}` });
    expect(posted.body.issued, JSON.stringify(posted.body)).toHaveLength(1);
    const id = posted.body.issued[0].credentialId as string;
    return { id, document: (await issuer.call('GET', `/v1/credentials/${id}`)).body.document };
  }

  const entries = (document: Record<string, any>): Record<string, any>[] => [].concat(document.credentialStatus ?? []);

  it('issues no lifecycle entry while the policy is off (the default), and refuses to set one (409)', async () => {
    const { id, document } = await earn();
    expect(entries(document).map((entry) => entry.statusPurpose)).toEqual(['revocation', 'suspension']);
    const refused = await issuer.call('POST', `/v1/credentials/${id}/lifecycle`, { lifecycle: 'expired' });
    expect(refused.status).toBe(409);
  });

  it('§2.1: with the policy on, a VC 2.0 credential carries a 2-bit message entry with the lifecycle messages and the statusReference', async () => {
    const patched = await issuer.call('PATCH', `/v1/issuers/${issuerId}`, { lifecycleStatus: true, lifecycleStatusReference: REFERENCE });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    expect(patched.body).toMatchObject({ lifecycleStatus: true, lifecycleStatusReference: REFERENCE });
    const { document } = await earn();
    const message = entries(document).find((entry) => entry.statusPurpose === 'message');
    expect(message).toMatchObject({
      type: 'BitstringStatusListEntry',
      statusSize: 2,
      statusMessage: [
        { status: '0x0', message: 'active' },
        { status: '0x1', message: 'pending' },
        { status: '0x2', message: 'expired' },
        { status: '0x3', message: 'suspended' },
      ],
      statusReference: REFERENCE,
    });
    expect(entries(document).map((entry) => entry.statusPurpose)).toEqual(['revocation', 'suspension', 'message']);
    // Still an Open Badge of the VC 2.0 form by both of Laurel's validators (the JSON schema and the model).
    const schema = compile2020(openBadgeCredentialJsonSchema);
    expect(schema(document) ? [] : ajvPaths(schema.errors)).toEqual([]);
    expect(checkCredential(document, { openBadge: true })).toEqual({ ok: true, form: 'vc2' });
  });

  it('§3.2 step 13: "expired" makes the verifier report the message and not "valid"; back to "active" it is valid again', async () => {
    const { id, document } = await earn();
    const fresh = await verifier.verify(document);
    expect(fresh.body.verified, JSON.stringify(fresh.body.checks)).toBe(true);

    const expired = await issuer.call('POST', `/v1/credentials/${id}/lifecycle`, { lifecycle: 'expired', reason: 'course retired' });
    expect(expired.status, JSON.stringify(expired.body)).toBe(200);
    expect(expired.body).toEqual({ credentialId: id, lifecycle: 'expired', value: 2, changed: true });
    const after = await verifier.verify(document);
    expect(after.body.verified).toBe(false);
    expect(after.body.verdict).toBe('indeterminate');
    const status = after.body.checks.filter((check: { check: string }) => check.check === 'status');
    const lifecycle = status.find((check: { code?: string }) => check.code === 'STATUS_MESSAGE');
    expect(lifecycle, JSON.stringify(status)).toBeDefined();
    expect(lifecycle.status).not.toBe('valid');
    expect(lifecycle.reason).toContain('0x2');
    expect(lifecycle.reason).toContain('"expired"');
    expect(lifecycle.reason).toContain(REFERENCE);
    // The issuer's own view and the verify page say the same: not valid, with the issuer's message.
    expect(await liveStatus(issuer.deps, (await issuer.store.credentials.get(id))!)).toBe('unknown');
    const page = await (await verifier.app.request('/verify', { method: 'POST', body: new URLSearchParams({ credential: JSON.stringify(document) }) })).text();
    expect(page).toContain('the message &quot;expired&quot;');
    expect(page).toContain(VERDICT_HEADINGS.indeterminate);
    expect(page).not.toContain(VERDICT_HEADINGS['unrecognized-issuer']);

    const back = await issuer.call('POST', `/v1/credentials/${id}/lifecycle`, { lifecycle: 'active' });
    expect(back.body).toMatchObject({ value: 0, changed: true });
    const valid = await verifier.verify(document);
    expect(valid.body.verified, JSON.stringify(valid.body.checks)).toBe(true);
    expect(checkOf(valid.body, 'status').status).toBe('valid');
    expect(await liveStatus(issuer.deps, (await issuer.store.credentials.get(id))!)).toBe('valid');
  });

  it('is audited once per change, and setting the value a credential has changes nothing', async () => {
    const { id } = await earn();
    expect((await issuer.call('POST', `/v1/credentials/${id}/lifecycle`, { lifecycle: 'pending' })).body.changed).toBe(true);
    expect((await issuer.call('POST', `/v1/credentials/${id}/lifecycle`, { lifecycle: 'pending' })).body.changed).toBe(false);
    const history = await issuer.store.audit.list({ issuerId, limit: 100 });
    expect(history.filter((row: { action: string; targetId: string | null }) => row.action === 'credential.lifecycle' && row.targetId === id)).toHaveLength(1);
  });

  it('refuses an unknown lifecycle value with a 400 naming the field, and the policy on a VC 1.1 issuer', async () => {
    const { id } = await earn();
    const bad = await issuer.call('POST', `/v1/credentials/${id}/lifecycle`, { lifecycle: 'archived' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('lifecycle');
    const legacy = await issuer.call('POST', '/v1/issuers', { slug: 'lifecycle-legacy', name: 'Legacy', didMethod: 'key', vcVersion: '1.1' });
    const refused = await issuer.call('PATCH', `/v1/issuers/${legacy.body.id}`, { lifecycleStatus: true });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body)).toContain('lifecycleStatus');
  });
});
