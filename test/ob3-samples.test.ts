// Every 1EdTech sample credential gets a complete per-check report. Samples
// whose keys live at https URLs cannot be checked offline: those must say
// "could not check", never "valid".
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDocumentLoader } from '@laurel/contexts';
import { createRevocationList, createStatusChecker } from '@laurel/status-list';
import { CREDENTIAL_CHECKS, verifyCredential } from '@laurel/suites';
import { conformanceDir, conformanceMissing, readConformanceJson } from './support/conformance.js';

const now = new Date('2026-06-01T00:00:00Z');
const samplesDir = conformanceMissing ? undefined : path.join(conformanceDir()!, 'ob3/samples');
const samples = samplesDir ? readdirSync(samplesDir).filter((file) => file.endsWith('.json')) : [];

// What an offline verifier can honestly say about each sample.
const expected: Record<string, Partial<Record<(typeof CREDENTIAL_CHECKS)[number], string>>> = {
  'complete.json': { proof: 'unknown', issuer: 'unknown', status: 'unknown', schema: 'valid', validity: 'valid' },
  // An EndorsementCredential: checked against OB 3.0's EndorsementCredential class.
  'endorsement-valid.json': { proof: 'unknown', issuer: 'unknown', status: 'valid', validity: 'valid', schema: 'valid' },
  // Signed with a did:key, but the issuer is a urn:uuid that cannot control that key.
  'simple-did-key-method.json': { proof: 'valid', issuer: 'invalid', schema: 'valid', validity: 'valid' },
  'simple-did-web-method.json': { proof: 'unknown', issuer: 'unknown', schema: 'valid' },
  // A legacy "eddsa-2022" proof: Laurel checks that suite, but offline cannot look up its https key (see below).
  'simple-eddsa-2022.json': { proof: 'unknown', issuer: 'unknown', schema: 'valid', validity: 'valid', status: 'valid' },
  'simple-multiple-proofs.json': { proof: 'unknown', issuer: 'unknown', schema: 'valid' },
  'simple-noproof.json': { proof: 'invalid', issuer: 'invalid' },
  'simple.json': { proof: 'unknown', issuer: 'unknown', schema: 'valid' },
};

describe.skipIf(conformanceMissing)('1EdTech Open Badges 3.0 samples', () => {
  it('are all known to this test', () => {
    expect(samples.sort()).toEqual(Object.keys(expected).sort());
  });

  it.each(samples)('%s gets a full report', async (file) => {
    const credential = await readConformanceJson(`ob3/samples/${file}`);
    const result = await verifyCredential(credential, { now });
    for (const name of CREDENTIAL_CHECKS) {
      expect(['valid', 'invalid', 'unknown'], name).toContain(result.checks[name].status);
      expect(result.checks[name].reason.length, name).toBeGreaterThan(10);
    }
    expect(Object.fromEntries(Object.entries(result.checks).map(([name, check]) => [name, check.status]))).toMatchObject(expected[file]!);
    // Nothing that could not be checked may add up to "verified".
    expect(result.verified).toBe(false);
  });

  describe('the eddsa-2022 sample (pre-standard cryptosuite name)', () => {
    const file = 'ob3/samples/simple-eddsa-2022.json';
    const legacyWarning = /legacy "eddsa-2022" cryptosuite name/;

    // Its key is an https URL whose fragment is a public key (the same one the
    // did:key sample names); serving that key, and an issuer profile listing it,
    // lets the signature itself be checked offline.
    async function withItsKey() {
      const credential = await readConformanceJson(file);
      const proof = (credential.proof as Record<string, string>[])[0]!;
      const method = proof.verificationMethod!;
      const [controller, publicKeyMultibase] = method.split('#') as [string, string];
      const documentLoader = createDocumentLoader({
        documents: new Map<string, unknown>([
          [method, { '@context': 'https://w3id.org/security/multikey/v1', id: method, type: 'Multikey', controller, publicKeyMultibase }],
          [controller, { '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'], id: controller, assertionMethod: [method] }],
        ]),
      });
      return { credential, documentLoader };
    }

    it('offline: the suite is recognised, the https key cannot be looked up, and the warning is given', async () => {
      const result = await verifyCredential(await readConformanceJson(file), { now });
      expect(result.checks.proof).toMatchObject({ status: 'unknown', code: 'KEY_NOT_RESOLVED', suite: 'eddsa-2022' });
      expect(result.warnings).toHaveLength(1);
      expect(result.warnings[0]).toMatch(legacyWarning);
    });

    it('with the key its verification method names, the signature verifies', async () => {
      const { credential, documentLoader } = await withItsKey();
      const result = await verifyCredential(credential, { now, documentLoader });
      expect(result.checks.proof, result.checks.proof.reason).toMatchObject({ status: 'valid', suite: 'eddsa-2022' });
      expect(result.warnings[0]).toMatch(legacyWarning);
      // Its issuer is the key's controller, and nothing else is wrong with it: a warning never fails verification.
      expect(result.verified).toBe(true);
    });

    it('change one value and it fails', async () => {
      const { credential, documentLoader } = await withItsKey();
      (credential.credentialSubject as { achievement: Record<string, unknown> }).achievement.name = 'Something else';
      const result = await verifyCredential(credential, { now, documentLoader });
      expect(result.checks.proof).toMatchObject({ status: 'invalid', code: 'BAD_SIGNATURE' });
    });
  });

  it('the did:key sample is good cryptography: change one value and the proof fails', async () => {
    const credential = await readConformanceJson('ob3/samples/simple-did-key-method.json');
    const subject = credential.credentialSubject as Record<string, Record<string, unknown>>;
    subject.achievement!.name = 'Something else';
    expect((await verifyCredential(credential, { now })).checks.proof.status).toBe('invalid');
  });
});

describe.skipIf(conformanceMissing)('Open Badges 3.0 rules the 1EdTech samples exercise', () => {
  it("OB 3.0 type: \"one of the items MUST be … 'AchievementCredential' or … 'OpenBadgeCredential'\": a sample with its OB type removed is reported as not an Open Badges credential", async () => {
    const credential = await readConformanceJson('ob3/samples/simple.json');
    const result = await verifyCredential({ ...credential, type: ['VerifiableCredential'] }, { now });
    expect(result.checks.schema).toMatchObject({ status: 'invalid', code: 'NOT_AN_OPEN_BADGE' });
    expect(result.checks.schema.reason).toContain('Open Badges 3.0 context');
    const withoutContext = await verifyCredential({ ...credential, type: ['VerifiableCredential'], '@context': ['https://www.w3.org/ns/credentials/v2'] }, { now });
    expect(withoutContext.checks.schema).toMatchObject({ status: 'invalid', code: 'NOT_AN_OPEN_BADGE', reason: expect.stringContaining('AchievementSubject') });
    // The sample as published is an Open Badges credential.
    expect((await verifyCredential(credential, { now })).checks.schema.status).toBe('valid');
  });

  it('complete.json: its 1EdTechRevocationList status is read from the list it names (revoked / not revoked), "could not check" when that list cannot be had', async () => {
    const credential = await readConformanceJson('ob3/samples/complete.json');
    const listUrl = (credential.credentialStatus as { id: string }).id;
    const listOf = (revokedIds: string[]) => createRevocationList({ id: listUrl, issuer: (credential.issuer as { id: string }).id, revokedCredentialIds: revokedIds });
    const checkerWith = (list: unknown) => createStatusChecker({ loadStatusList: async (url) => (url === listUrl ? list : Promise.reject(new Error('not this list'))) });
    expect(await checkerWith(listOf([credential.id as string]))(credential)).toMatchObject({ status: 'invalid', code: 'REVOKED', reason: expect.stringContaining(listUrl) });
    expect(await checkerWith(listOf(['urn:uuid:someone-else']))(credential)).toMatchObject({ status: 'valid', reason: expect.stringContaining('1EdTech revocation list') });
    // The sample's proof cannot be checked offline, and status is read only for a credential shown to be
    // signed by its issuer: through the verifier it is "not checked".
    const result = await verifyCredential(credential, { now, checkStatus: checkerWith(listOf([])) });
    expect(result.checks.status).toMatchObject({ status: 'unknown' });
    // The list's host down: "could not check", naming the list, even next to a Bitstring entry.
    const down = createStatusChecker({ loadStatusList: async () => { throw new Error('list host down'); } });
    expect(await down(credential)).toMatchObject({ status: 'unknown', code: 'STATUS_LIST_UNAVAILABLE', reason: expect.stringContaining(listUrl) });
    const mixed = await down({ ...credential, credentialStatus: [credential.credentialStatus, { type: 'BitstringStatusListEntry', statusPurpose: 'revocation', statusListIndex: '1', statusListCredential: 'https://status.example/1' }] });
    expect(mixed.status).toBe('unknown');
    expect(JSON.stringify(mixed.details)).toContain(listUrl);
  });
});
