// The VC 1.1 form of Open Badges 3.0, end to end: what the issuer signs passes
// 1EdTech's draft-04 AchievementCredential schema (one {id, type} credentialStatus,
// additionalProperties false), its status is a 1EdTech revocation list the
// verifier serves from the database, and a revocation shows there at once.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ValidateFunction } from 'ajv';
import { compileDraft04, compile2020, ajvPaths } from '../packages/models/src/testing/json-schema-validators.js';
import { liveStatus } from '@laurel/issuance';
import { buildOpenBadgeCredential, openBadgeCredentialJsonSchema } from '@laurel/models';
import { badgeInput } from '../packages/models/src/testing/fixtures.js';
import { conformanceDir } from './support/conformance.js';
import { freshDatabaseUrl, type FreshDatabase } from './support/databases.js';
import { createTestIssuer, type TestIssuer } from './support/issuer.js';
import { checkOf, createTestVerifier, type TestVerifier } from './support/verifier.js';

const conformance = conformanceDir();
const COURSE = 'course-v1:Legacy+OB3+2026';

describe.skipIf(conformance === undefined)('VC 1.1 Open Badges: the 1EdTech Revocation List status method', () => {
  let database: FreshDatabase;
  let issuer: TestIssuer;
  let verifier: TestVerifier;
  let draft04: ValidateFunction;
  const issuerIds: Record<'1.1' | '2.0', string> = { '1.1': '', '2.0': '' };
  const issuerDids: Record<'1.1' | '2.0', string> = { '1.1': '', '2.0': '' };
  let learnerSerial = 0;

  beforeAll(async () => {
    draft04 = compileDraft04(JSON.parse(readFileSync(path.join(conformance ?? '', 'ob3/schema/ob_v3p0_achievementcredential_schema_draft4.json'), 'utf8')) as Record<string, unknown>);
    database = await freshDatabaseUrl('sqlite');
    issuer = await createTestIssuer(database.url);
    verifier = createTestVerifier({ store: issuer.store });
    for (const vcVersion of ['1.1', '2.0'] as const) {
      const created = await issuer.call('POST', '/v1/issuers', { slug: `legacy-${vcVersion.replace('.', '')}`, name: 'Legacy University', didMethod: 'key', vcVersion });
      expect(created.status).toBe(201);
      issuerIds[vcVersion] = created.body.id;
      issuerDids[vcVersion] = created.body.did;
      const achievement = await issuer.call('POST', `/v1/issuers/${created.body.id}/achievements`, { externalId: COURSE, name: 'Open Badges Basics', rules: { minGradePercent: 50 }, reportGrade: true });
      expect(achievement.status).toBe(201);
    }
  });
  afterAll(async () => {
    await verifier?.close();
    await issuer?.close();
    await database?.drop();
  });

  /** One credential earned through the issuer's completions route: the path every Laurel credential takes. */
  async function earn(vcVersion: '1.1' | '2.0'): Promise<{ id: string; document: Record<string, any> }> {
    const serial = ++learnerSerial;
    const learner = { lmsUserId: `u-${serial}`, name: `Learner ${serial}`, email: `learner${serial}@example.org` };
    const posted = await issuer.call('POST', '/v1/completions', { issuerId: issuerIds[vcVersion], learner, courseId: COURSE, gradePercent: 91, passed: true, sourceEventId: `evt-${serial}` });
    expect(posted.body.issued, JSON.stringify(posted.body)).toHaveLength(1);
    const id = posted.body.issued[0].credentialId as string;
    return { id, document: (await issuer.call('GET', `/v1/credentials/${id}`)).body.document };
  }

  it("every credential Laurel issues passes the schema for its form: 1EdTech's draft-04 for VC 1.1, Laurel's own for VC 2.0", async () => {
    const ours = compile2020(openBadgeCredentialJsonSchema);
    for (let i = 0; i < 3; i += 1) {
      const v1 = await earn('1.1');
      expect(draft04(v1.document) ? [] : draft04.errors).toEqual([]);
      const v2 = await earn('2.0');
      expect(ours(v2.document) ? [] : ajvPaths(ours.errors)).toEqual([]);
    }
  });

  it('the VC 1.1 form carries exactly one 1EdTechRevocationList entry, the issuer\'s list on the verifier; no StatusList2021 context', async () => {
    const { document } = await earn('1.1');
    expect(document.credentialStatus).toEqual({ id: `https://status.test/revocation-lists/${issuerIds['1.1']}`, type: '1EdTechRevocationList' });
    expect(document['@context']).not.toContain('https://w3id.org/vc/status-list/2021/v1');
    expect(document.proof.type).toBe('Ed25519Signature2020');
  });

  it('revoking a VC 1.1 credential shows "revoked" at the verifier; the list names it and only it', async () => {
    const { id, document } = await earn('1.1');
    const other = await earn('1.1');
    expect(await liveStatus(issuer.deps, (await issuer.store.credentials.get(id))!)).toBe('valid');
    const before = await verifier.verify(document);
    expect(checkOf(before.body, 'status')).toMatchObject({ status: 'valid' });
    expect(before.body.verified).toBe(true);

    expect((await issuer.call('POST', `/v1/credentials/${id}/revoke`, { reason: 'issued in error' })).status).toBe(200);
    const after = await verifier.verify(document);
    expect(after.body.verified).toBe(false);
    expect(checkOf(after.body, 'status')).toMatchObject({ status: 'invalid', code: 'REVOKED' });
    expect(checkOf((await verifier.verify(other.document)).body, 'status')).toMatchObject({ status: 'valid' });

    // The issuer's own pages check the same list, straight from the database.
    const stored = await issuer.store.credentials.get(other.id);
    expect(await liveStatus(issuer.deps, stored!)).toBe('valid');

    const listUrl = new URL(document.credentialStatus.id);
    const served = await verifier.app.request(listUrl.pathname);
    const list = (await served.json()) as any;
    expect(list).toMatchObject({ id: document.credentialStatus.id, issuer: document.issuer.id });
    expect(list.revokedCredentials.map((entry: { id: string }) => entry.id)).toContain(document.id);
    expect(list.revokedCredentials.map((entry: { id: string }) => entry.id)).not.toContain(other.document.id);
  });

  it('suspending a VC 1.1 credential is 409, naming why (a revocation list has no suspension); nothing changes', async () => {
    const { id, document } = await earn('1.1');
    const refused = await issuer.call('POST', `/v1/credentials/${id}/suspend`, { reason: 'under review' });
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toMatch(/1EdTech revocation list/);
    expect((await issuer.call('GET', `/v1/credentials/${id}`)).body.state).toBe('active');
    expect((await verifier.verify(document)).body.verified).toBe(true);
  });

  it('GET /revocation-lists/{issuerId}: no-cache with an ETag, 304 while unchanged, a new ETag after a revocation; 404 for no such issuer', async () => {
    const { id } = await earn('1.1');
    const route = `/revocation-lists/${issuerIds['1.1']}`;
    const first = await verifier.app.request(route, { headers: { origin: 'https://wallet.example' } });
    expect(first.status).toBe(200);
    expect(first.headers.get('cache-control')).toBe('no-cache');
    expect(first.headers.get('access-control-allow-origin')).toBe('*');
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^".+"$/);
    expect((await verifier.app.request(route, { headers: { 'if-none-match': etag } })).status).toBe(304);
    await issuer.call('POST', `/v1/credentials/${id}/revoke`, {});
    const changed = await verifier.app.request(route, { headers: { 'if-none-match': etag } });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
    for (const unknown of ['00000000-0000-4000-8000-000000000000', 'not an id']) {
      expect((await verifier.app.request(`/revocation-lists/${encodeURIComponent(unknown)}`)).status).toBe(404);
    }
  });

  it('VC-API (draft-04 schema, 1EdTech Revocation List): a VC 1.1 tenant\'s Open Badge in the VC 1.1 form goes on the revocation list too; it passes draft-04, can be revoked, not suspended', async () => {
    const unsigned = buildOpenBadgeCredential({ ...badgeInput(), id: 'urn:uuid:7d1f0c8e-0000-4000-8000-00000000abcd', issuer: { id: issuerDids['1.1'], name: 'Legacy University' } }, { version: '1.1' });
    const issued = await issuer.call('POST', '/credentials/issue', { credential: unsigned, options: { issuerId: issuerIds['1.1'] } });
    expect(issued.status, JSON.stringify(issued.body)).toBe(201);
    const signed = issued.body.verifiableCredential;
    expect(signed.credentialStatus).toEqual({ id: `https://status.test/revocation-lists/${issuerIds['1.1']}`, type: '1EdTechRevocationList' });
    expect(draft04(signed) ? [] : draft04.errors).toEqual([]);
    expect((await verifier.verify(signed)).body.verified).toBe(true);

    const suspend = await issuer.call('POST', '/credentials/status', { credentialId: signed.id, credentialStatus: [{ type: '1EdTechRevocationList', status: 'suspended' }], issuerId: issuerIds['1.1'] });
    expect(suspend.status).toBe(409);
    expect(suspend.body.detail).toMatch(/1EdTech revocation list/);
    expect((await verifier.verify(signed)).body.verified).toBe(true);

    const revoke = await issuer.call('POST', '/credentials/status', { credentialId: signed.id, credentialStatus: [{ type: '1EdTechRevocationList', status: 'revoked' }], issuerId: issuerIds['1.1'] });
    expect(revoke.status, JSON.stringify(revoke.body)).toBe(200);
    expect(checkOf((await verifier.verify(signed)).body, 'status')).toMatchObject({ status: 'invalid', code: 'REVOKED' });
    const served = (await (await verifier.app.request(`/revocation-lists/${issuerIds['1.1']}`)).json()) as { revokedCredentials: { id: string }[] };
    expect(served.revokedCredentials).toContainEqual({ id: signed.id });
    const reinstate = await issuer.call('POST', '/credentials/status', { credentialId: signed.id, credentialStatus: [{ type: '1EdTechRevocationList', status: 'active' }], issuerId: issuerIds['1.1'] });
    expect(reinstate.status).toBe(409);
  });

  it('the route is in the verifier\'s OpenAPI document', async () => {
    const document = (await (await verifier.app.request('/openapi.json')).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(document.paths)).toContain('/revocation-lists/{issuerId}');
  });
});
