// The VC-API endpoints, on every database: POST /credentials/issue signs a
// caller's credential as the tenant, with revocation and suspension entries,
// and the result verifies; POST /credentials/status flips those entries.
import { afterAll, beforeAll, expect, it } from 'vitest';
import * as vc from '@digitalbazaar/vc';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import { offlineDocumentLoader } from '@laurel/contexts';
import { verifyCredential } from '@laurel/suites';
import { describeEachDatabase } from './support/databases.js';
import { createTestIssuer, TEST_URLS, type TestIssuer } from './support/issuer.js';
import { expectNothingWritten, expectProblem, send } from './issuer-api-support.js';

type Signed = Record<string, any>;

describeEachDatabase('issuer API: VC-API issue and status', (database) => {
  let issuer: TestIssuer;
  let tenant: { issuerId: string; did: string; token: string };
  let other: { issuerId: string; did: string };
  beforeAll(async () => {
    issuer = await createTestIssuer(database.url);
    const created = await send(issuer, 'POST', '/v1/issuers', { json: { slug: 'vc-api-u', name: 'VC-API University', didMethod: 'key' } });
    expect(created.status, created.text).toBe(201);
    const { token } = await issuer.store.tokens.create({ issuerId: created.body.id, name: 'wallet service', scopes: ['issue'] });
    tenant = { issuerId: created.body.id, did: created.body.did, token };
    const second = await send(issuer, 'POST', '/v1/issuers', { json: { slug: 'other-u', name: 'Other University', didMethod: 'key' } });
    other = { issuerId: second.body.id, did: second.body.did };
  });
  afterAll(() => issuer.close());

  const credential = (subject: string, extra: Record<string, unknown> = {}) => ({
    '@context': ['https://www.w3.org/ns/credentials/v2'],
    type: ['VerifiableCredential'],
    issuer: tenant.did,
    validFrom: '2026-01-01T00:00:00Z',
    name: 'Workshop attendance',
    credentialSubject: { id: subject, name: 'Attended the workshop' },
    ...extra,
  });

  async function issue(body: Record<string, unknown>): Promise<Signed> {
    const response = await send(issuer, 'POST', '/credentials/issue', { json: { credential: body }, token: tenant.token });
    expect(response.status, response.text).toBe(201);
    expect(response.contentType).toMatch(/^application\/json/);
    return response.body.verifiableCredential as Signed;
  }

  async function setStatus(credentialId: string, status: 'revoked' | 'suspended' | 'active') {
    return send(issuer, 'POST', '/credentials/status', { json: { credentialId, credentialStatus: [{ type: 'BitstringStatusListEntry', status }] }, token: tenant.token });
  }

  it('signs a VC 2.0 credential as the tenant, adds a revocation and a suspension entry, and it verifies (ours and stock)', async () => {
    const supplied = credential('did:example:alice');
    const signed = await issue(supplied);
    expect(signed).toMatchObject({ ...supplied, id: expect.stringMatching(/^urn:uuid:/), issuer: tenant.did });
    expect(signed.proof).toMatchObject({ type: 'DataIntegrityProof', cryptosuite: 'eddsa-rdfc-2022', proofPurpose: 'assertionMethod', verificationMethod: expect.stringMatching(new RegExp(`^${tenant.did}#`)) });
    const entries = signed.credentialStatus as Record<string, unknown>[];
    expect(entries).toHaveLength(2);
    expect(entries.map((entry) => entry.statusPurpose).sort()).toEqual(['revocation', 'suspension']);
    for (const entry of entries) {
      expect(entry).toMatchObject({ type: 'BitstringStatusListEntry', statusListCredential: expect.stringMatching(new RegExp(`^${TEST_URLS.statusBaseUrl}/status-lists/`)), statusListIndex: expect.any(String) });
    }
    expect(new Set(entries.map((entry) => entry.statusListCredential)).size).toBe(2);

    const ours = await verifyCredential(signed, { checkStatus: issuer.checkStatus });
    expect(ours.checks).toMatchObject({ proof: { status: 'valid' }, issuer: { status: 'valid' }, status: { status: 'valid' }, schema: { status: 'valid' } });
    expect(ours.verified).toBe(true);
    const stock = await vc.verifyCredential({ credential: signed, suite: new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 }), documentLoader: offlineDocumentLoader, checkStatus: async () => ({ verified: true }) });
    expect(stock.verified).toBe(true);

    // Tampering is caught: the check can fail.
    const tampered = await verifyCredential({ ...signed, credentialSubject: { id: 'did:example:mallory', name: 'Attended the workshop' } }, { checkStatus: issuer.checkStatus });
    expect(tampered.checks.proof.status).toBe('invalid');
  });

  it('fills in the issuer when the credential names none, and keeps a caller-chosen id', async () => {
    const { issuer: _omitted, ...withoutIssuer } = credential('did:example:bob');
    const signed = await issue({ ...withoutIssuer, id: 'urn:uuid:6c8f0e4e-2c55-4a53-9a4e-0f0c2d3e4b5a' });
    expect(signed.issuer).toBe(tenant.did);
    expect(signed.id).toBe('urn:uuid:6c8f0e4e-2c55-4a53-9a4e-0f0c2d3e4b5a');
    expect((await verifyCredential(signed, { checkStatus: issuer.checkStatus })).verified).toBe(true);
  });

  it('POST /credentials/status revoked → the credential verifies as REVOKED, for good', async () => {
    const signed = await issue(credential('did:example:carol'));
    const revoked = await setStatus(signed.id as string, 'revoked');
    expect(revoked.status, revoked.text).toBe(200);
    expect(revoked.body).toEqual({ credentialId: signed.id, status: 'revoked' });
    const result = await verifyCredential(signed, { checkStatus: issuer.checkStatus });
    expect(result.verified).toBe(false);
    expect(result.checks.status).toMatchObject({ status: 'invalid', code: 'REVOKED' });

    const reinstated = await expectNothingWritten(issuer.store, () => setStatus(signed.id as string, 'active'));
    expectProblem(reinstated, 409, /permanent/, 'CONFLICT');
    expect((await verifyCredential(signed, { checkStatus: issuer.checkStatus })).checks.status).toMatchObject({ code: 'REVOKED' });
  });

  it('the same credential id signed by two tenants: each changes only its own status', async () => {
    const sharedId = 'urn:uuid:0d7c8a52-4f1e-4c6b-9a57-3e1f2b6c7d80';
    const { token: otherToken } = await issuer.store.tokens.create({ issuerId: other.issuerId, name: 'other wallet service', scopes: ['issue'] });
    // The other tenant signs first, so its allocations are the first the store finds for the id.
    const theirs = await send(issuer, 'POST', '/credentials/issue', { json: { credential: { ...credential('did:example:frank'), issuer: other.did, id: sharedId } }, token: otherToken });
    expect(theirs.status, theirs.text).toBe(201);
    const ours = await issue({ ...credential('did:example:frank'), id: sharedId });

    const revoked = await setStatus(sharedId, 'revoked');
    expect(revoked.status, revoked.text).toBe(200);
    expect((await verifyCredential(ours, { checkStatus: issuer.checkStatus })).checks.status).toMatchObject({ status: 'invalid', code: 'REVOKED' });
    expect((await verifyCredential(theirs.body.verifiableCredential as Signed, { checkStatus: issuer.checkStatus })).checks.status).toMatchObject({ status: 'valid' });
    // And the other tenant can still act on its own copy.
    const suspended = await send(issuer, 'POST', '/credentials/status', { json: { credentialId: sharedId, credentialStatus: [{ type: 'BitstringStatusListEntry', status: 'suspended' }] }, token: otherToken });
    expect(suspended.status, suspended.text).toBe(200);
    expect((await verifyCredential(theirs.body.verifiableCredential as Signed, { checkStatus: issuer.checkStatus })).checks.status).toMatchObject({ code: 'SUSPENDED' });
  });

  it('POST /credentials/status suspended → SUSPENDED; active → valid again', async () => {
    const signed = await issue(credential('did:example:dave'));
    expect((await setStatus(signed.id as string, 'suspended')).status).toBe(200);
    expect((await verifyCredential(signed, { checkStatus: issuer.checkStatus })).checks.status).toMatchObject({ status: 'invalid', code: 'SUSPENDED' });
    expect((await setStatus(signed.id as string, 'active')).status).toBe(200);
    expect((await verifyCredential(signed, { checkStatus: issuer.checkStatus })).verified).toBe(true);
  });

  it('POST /credentials/status also drives credentials Laurel issued itself (by URL), with their recorded state', async () => {
    await send(issuer, 'POST', `/v1/issuers/${tenant.issuerId}/achievements`, { json: { externalId: 'course-v1:VC+API+1', name: 'VC-API course', rules: {} } });
    const reported = await send(issuer, 'POST', '/v1/completions', { json: { learner: { lmsUserId: 'erin' }, courseId: 'course-v1:VC+API+1', passed: true, sourceEventId: 'erin-1' }, token: tenant.token });
    expect(reported.body.issued, reported.text).toHaveLength(1);
    const { credentialId, url } = reported.body.issued[0] as { credentialId: string; url: string };
    expect((await setStatus(url, 'revoked')).status).toBe(200);
    expect((await issuer.store.credentials.get(credentialId))?.state).toBe('revoked');
  });

  it('a credential naming another issuer → 400 naming credential.issuer, and nothing is written', async () => {
    for (const named of [other.did, { id: other.did, name: 'Other University' }, 'did:example:impostor']) {
      const response = await expectNothingWritten(issuer.store, () => send(issuer, 'POST', '/credentials/issue', { json: { credential: credential('did:example:eve', { issuer: named }) }, token: tenant.token }));
      expectProblem(response, 400, 'credential.issuer', 'ISSUER_KEY_MISMATCH');
    }
  });

  it('a VC 1.1 credential gets StatusList2021 entries (with their context) and verifies', async () => {
    const signed = await issue({
      '@context': ['https://www.w3.org/2018/credentials/v1'],
      type: ['VerifiableCredential'],
      issuer: tenant.did,
      issuanceDate: '2026-01-01T00:00:00Z',
      credentialSubject: { id: 'did:example:frank' },
    });
    expect(signed.proof.type).toBe('Ed25519Signature2020');
    expect((signed.credentialStatus as { type: string }[]).map((entry) => entry.type)).toEqual(['StatusList2021Entry', 'StatusList2021Entry']);
    const result = await verifyCredential(signed, { checkStatus: issuer.checkStatus });
    expect(result.checks).toMatchObject({ proof: { status: 'valid' }, status: { status: 'valid' } });
    expect((await setStatus(signed.id as string, 'revoked')).status).toBe(200);
    expect((await verifyCredential(signed, { checkStatus: issuer.checkStatus })).checks.status).toMatchObject({ code: 'REVOKED' });
  });

  it('a credential whose id is a long URL can be issued and revoked', async () => {
    const id = `https://credentials.example.edu/${'very-long-path-segment/'.repeat(8)}credential-1`;
    const signed = await issue({ ...credential('did:example:grace'), id });
    expect(signed.id).toBe(id);
    expect((await setStatus(id, 'revoked')).status).toBe(200);
    expect((await verifyCredential(signed, { checkStatus: issuer.checkStatus })).checks.status).toMatchObject({ code: 'REVOKED' });
  });
});
