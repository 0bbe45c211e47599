// The VC-API endpoints, on every database: POST /credentials/issue signs a
// caller's credential as the tenant (its suite, its status lists), keeps the
// caller's own well-formed status entries, refuses what the data model forbids,
// and the result verifies; POST /credentials/status flips the tenant's entries.
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

  it('VC Data Model 2.0 §4.7 (issuer REQUIRED): a missing or null issuer → 400 naming credential.issuer, nothing written; an issuer object without an id gets the tenant DID', async () => {
    const { issuer: _omitted, ...withoutIssuer } = credential('did:example:bob');
    for (const body of [withoutIssuer, { ...withoutIssuer, issuer: null }, { ...withoutIssuer, issuer: '' }, { ...withoutIssuer, issuer: ['did:example:x'] }]) {
      const response = await expectNothingWritten(issuer.store, () => send(issuer, 'POST', '/credentials/issue', { json: { credential: body }, token: tenant.token }));
      expectProblem(response, 400, 'credential.issuer', 'INVALID_INPUT');
    }
    const signed = await issue({ ...withoutIssuer, issuer: { name: 'VC-API University' }, id: 'urn:uuid:6c8f0e4e-2c55-4a53-9a4e-0f0c2d3e4b5a' });
    expect(signed.issuer).toEqual({ id: tenant.did, name: 'VC-API University' });
    expect(signed.id).toBe('urn:uuid:6c8f0e4e-2c55-4a53-9a4e-0f0c2d3e4b5a');
    expect((await verifyCredential(signed, { checkStatus: issuer.checkStatus })).verified).toBe(true);
  });

  it('VC Data Model 2.0 §4.4 (id, if present, MUST be a single URL): a non-string id → 400 naming credential.id, nothing written', async () => {
    for (const id of [42, null, { id: 'urn:uuid:1' }, ['urn:uuid:1'], '']) {
      const response = await expectNothingWritten(issuer.store, () => send(issuer, 'POST', '/credentials/issue', { json: { credential: credential('did:example:bob', { id }) }, token: tenant.token }));
      expectProblem(response, 400, 'credential.id', 'INVALID_INPUT');
    }
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

  it("a VC 1.1 credential is signed with the tenant's suite (eddsa-rdfc-2022) and gets the tenant's BitstringStatusList entries, adding only the contexts those need", async () => {
    const signed = await issue({
      '@context': ['https://www.w3.org/2018/credentials/v1'],
      type: ['VerifiableCredential'],
      issuer: tenant.did,
      issuanceDate: '2026-01-01T00:00:00Z',
      credentialSubject: { id: 'did:example:frank' },
    });
    expect(signed.proof).toMatchObject({ type: 'DataIntegrityProof', cryptosuite: 'eddsa-rdfc-2022' });
    expect((signed.credentialStatus as { type: string }[]).map((entry) => entry.type)).toEqual(['BitstringStatusListEntry', 'BitstringStatusListEntry']);
    // The status terms and the proof's terms, nothing else (no StatusList2021, no Ed25519Signature2020 context).
    expect(signed['@context']).toEqual(['https://www.w3.org/2018/credentials/v1', 'https://www.w3.org/ns/credentials/status/v1', 'https://w3id.org/security/data-integrity/v2']);
    const result = await verifyCredential(signed, { checkStatus: issuer.checkStatus });
    expect(result.checks).toMatchObject({ proof: { status: 'valid' }, status: { status: 'valid' } });
    expect((await setStatus(signed.id as string, 'revoked')).status).toBe(200);
    expect((await verifyCredential(signed, { checkStatus: issuer.checkStatus })).checks.status).toMatchObject({ code: 'REVOKED' });
  });

  it("a tenant created for VC 1.1 signs with its suite (Ed25519Signature2020) and its StatusList2021 lists, whatever the credential's version", async () => {
    const created = await send(issuer, 'POST', '/v1/issuers', { json: { slug: 'vc11-u', name: 'Legacy University', didMethod: 'key', vcVersion: '1.1' } });
    expect(created.status, created.text).toBe(201);
    const { token } = await issuer.store.tokens.create({ issuerId: created.body.id, name: 'legacy wallet service', scopes: ['issue'] });
    const response = await send(issuer, 'POST', '/credentials/issue', { json: { credential: { ...credential('did:example:heidi'), issuer: created.body.did } }, token });
    expect(response.status, response.text).toBe(201);
    const signed = response.body.verifiableCredential as Signed;
    expect(signed.proof.type).toBe('Ed25519Signature2020');
    expect((signed.credentialStatus as { type: string }[]).map((entry) => entry.type)).toEqual(['StatusList2021Entry', 'StatusList2021Entry']);
    expect(signed['@context']).toEqual(['https://www.w3.org/ns/credentials/v2', 'https://w3id.org/vc/status-list/2021/v1', 'https://w3id.org/security/suites/ed25519-2020/v1']);
    expect((await verifyCredential(signed, { checkStatus: issuer.checkStatus })).checks).toMatchObject({ proof: { status: 'valid' }, status: { status: 'valid' } });
  });

  const ownEntry = {
    id: 'https://status.example.edu/lists/7#4711',
    type: 'BitstringStatusListEntry',
    statusPurpose: 'revocation',
    statusListIndex: '4711',
    statusListCredential: 'https://status.example.edu/lists/7',
  };

  it("VC Data Model 2.0 §4.10 / Bitstring Status List §2.1: the issuer's own status entries are validated and kept, next to the tenant's", async () => {
    const message = {
      type: 'BitstringStatusListEntry',
      statusPurpose: 'message',
      statusListIndex: '0',
      statusListCredential: 'http://status.example.edu/lists/8',
      statusSize: 2,
      statusMessage: [
        { status: '0x0', message: 'pending' },
        { status: '0x1', message: 'active' },
        { status: '0x2', message: 'expired' },
        { status: '0x3', message: 'undefined' },
      ],
      statusReference: 'https://status.example.edu/lifecycle',
    };
    for (const supplied of [ownEntry, [ownEntry, message]]) {
      const signed = await issue(credential('did:example:ivan', { credentialStatus: supplied }));
      const entries = signed.credentialStatus as Record<string, unknown>[];
      expect(entries.slice(0, ([] as unknown[]).concat(supplied).length)).toEqual(([] as unknown[]).concat(supplied));
      expect(entries.slice(-2).map((entry) => entry.statusPurpose)).toEqual(['revocation', 'suspension']);
      expect(entries.slice(-2).every((entry) => String(entry.statusListCredential).startsWith(`${TEST_URLS.statusBaseUrl}/status-lists/`))).toBe(true);
      const result = await verifyCredential(signed, { checkStatus: async () => ({ status: 'valid', reason: 'not consulted here' }) });
      expect(result.checks.proof.status).toBe('valid');
    }
  });

  it('a status entry that breaks its data model → 400 naming the entry and property, nothing written', async () => {
    const cases: [unknown, string][] = [
      [{ ...ownEntry, type: 'CRLEntry' }, 'credential.credentialStatus.type'],
      [{ ...ownEntry, type: undefined }, 'credential.credentialStatus.type'],
      [{ ...ownEntry, statusPurpose: undefined }, 'credential.credentialStatus.statusPurpose'],
      [{ ...ownEntry, statusPurpose: 'expiry' }, 'credential.credentialStatus.statusPurpose'],
      [{ ...ownEntry, statusListIndex: 4711 }, 'credential.credentialStatus.statusListIndex'],
      [{ ...ownEntry, statusListIndex: '-1' }, 'credential.credentialStatus.statusListIndex'],
      [{ ...ownEntry, statusListIndex: '12abc' }, 'credential.credentialStatus.statusListIndex'],
      [{ ...ownEntry, statusListCredential: '/lists/7' }, 'credential.credentialStatus.statusListCredential'],
      [{ ...ownEntry, statusListCredential: 'ftp://status.example.edu/lists/7' }, 'credential.credentialStatus.statusListCredential'],
      [{ ...ownEntry, statusListCredential: 'did:example:lists' }, 'credential.credentialStatus.statusListCredential'],
      [{ ...ownEntry, id: ownEntry.statusListCredential }, 'credential.credentialStatus.id'],
      [{ ...ownEntry, statusPurpose: 'message', statusSize: 2 }, 'credential.credentialStatus.statusMessage'],
      [{ ...ownEntry, statusSize: 0 }, 'credential.credentialStatus.statusSize'],
      [{ ...ownEntry, statusMessage: [{ status: '0x0', message: 'ok' }] }, 'credential.credentialStatus.statusMessage'],
      [{ ...ownEntry, statusReference: 'not a url' }, 'credential.credentialStatus.statusReference'],
      [[ownEntry, { ...ownEntry, statusListIndex: 'x' }], 'credential.credentialStatus[1].statusListIndex'],
      [[], 'credential.credentialStatus'],
      // Laurel's own lists: their indexes are Laurel's to allocate.
      [{ ...ownEntry, id: undefined, statusListCredential: `${TEST_URLS.statusBaseUrl}/status-lists/abc` }, 'credential.credentialStatus.statusListCredential'],
    ];
    for (const [credentialStatus, path] of cases) {
      const body = credential('did:example:judy', { credentialStatus: JSON.parse(JSON.stringify(credentialStatus)) });
      const response = await expectNothingWritten(issuer.store, () => send(issuer, 'POST', '/credentials/issue', { json: { credential: body }, token: tenant.token }));
      expectProblem(response, 400, path);
    }
  });

  it('the W3C examples context resolves offline: a credential shaped like the VC Data Model 2.0 examples (its issuer the tenant) issues and verifies', async () => {
    const signed = await issue({
      '@context': ['https://www.w3.org/ns/credentials/v2', 'https://www.w3.org/ns/credentials/examples/v2'],
      id: 'http://university.example/credentials/3732',
      type: ['VerifiableCredential', 'ExampleDegreeCredential'],
      issuer: tenant.did,
      validFrom: '2010-01-01T19:23:24Z',
      credentialSubject: { id: 'did:example:ebfeb1f712ebc6f1c276e12ec21', degree: { type: 'ExampleBachelorDegree', name: 'Bachelor of Science and Arts' } },
    });
    expect(signed.proof).toMatchObject({ cryptosuite: 'eddsa-rdfc-2022' });
    expect((await verifyCredential(signed, { checkStatus: issuer.checkStatus })).verified).toBe(true);
  });

  it('a credential whose id is a long URL can be issued and revoked', async () => {
    const id = `https://credentials.example.edu/${'very-long-path-segment/'.repeat(8)}credential-1`;
    const signed = await issue({ ...credential('did:example:grace'), id });
    expect(signed.id).toBe(id);
    expect((await setStatus(id, 'revoked')).status).toBe(200);
    expect((await verifyCredential(signed, { checkStatus: issuer.checkStatus })).checks.status).toMatchObject({ code: 'REVOKED' });
  });
});
