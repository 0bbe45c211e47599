import { describe, expect, it } from 'vitest';
import { createDocumentLoader } from '@laurel/contexts';
import { buildOpenBadgeCredential, buildPresentation } from '@laurel/models';
import {
  buildDidWebDocument,
  generateIssuerKey,
  importIssuerKey,
  publicIssuerKey,
  signCredential,
  signPresentation,
  verifyCredential,
  verifyPresentation,
  type IssuerKey,
} from '@laurel/suites';

type Json = Record<string, unknown>;

function badge(issuer: string, dates: { validFrom: string; validUntil?: string }, version: '1.1' | '2.0' = '2.0'): Json {
  const input = {
    id: 'https://credentials.example.edu/credentials/77',
    issuer: { id: issuer, name: 'Example University' },
    achievement: {
      id: 'https://credentials.example.edu/achievements/bio200',
      name: 'Cell Biology',
      description: 'Completed BIO200.',
      criteria: { narrative: 'Grade of 75% or more.' },
    },
    recipient: { id: 'did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2', name: 'Grace Hopper' },
    ...dates,
  };
  return version === '2.0' ? buildOpenBadgeCredential(input) : buildOpenBadgeCredential(input, { version: '1.1' });
}

describe('validity period', () => {
  const cases = [
    { version: '2.0' as const, now: '2026-03-01T00:00:00Z', status: 'valid', code: undefined },
    { version: '2.0' as const, now: '2025-12-31T23:59:59Z', status: 'invalid', code: 'NOT_YET_VALID' },
    { version: '2.0' as const, now: '2027-01-01T00:00:01Z', status: 'invalid', code: 'EXPIRED' },
    { version: '1.1' as const, now: '2026-03-01T00:00:00Z', status: 'valid', code: undefined },
    { version: '1.1' as const, now: '2025-12-31T23:59:59Z', status: 'invalid', code: 'NOT_YET_VALID' },
    { version: '1.1' as const, now: '2027-01-01T00:00:01Z', status: 'invalid', code: 'EXPIRED' },
  ];
  it.each(cases)('VC $version at $now is $status', async ({ version, now, status, code }) => {
    const key = await generateIssuerKey();
    const credential = badge(key.controller, { validFrom: '2026-01-01T00:00:00Z', validUntil: '2027-01-01T00:00:00Z' }, version);
    const signed = await signCredential(credential, { key });
    const result = await verifyCredential(signed, { now: new Date(now) });
    expect(result.checks.validity.status).toBe(status);
    expect(result.checks.validity.code).toBe(code);
    expect(result.checks.proof.status).toBe('valid');
    expect(result.verified).toBe(status === 'valid');
  });
});

describe('signing refuses what verifiers would reject', () => {
  it('a key its issuer does not control', async () => {
    const [issuerKey, otherKey] = [await generateIssuerKey(), await generateIssuerKey()];
    const credential = badge(issuerKey.controller, { validFrom: '2026-01-01T00:00:00Z' });
    await expect(signCredential(credential, { key: otherKey })).rejects.toMatchObject({ code: 'ISSUER_KEY_MISMATCH' });
  });

  it('a credential that breaks the data model', async () => {
    const key = await generateIssuerKey();
    const credential = { ...badge(key.controller, { validFrom: '2026-01-01T00:00:00Z' }), credentialSubject: {} };
    await expect(signCredential(credential, { key })).rejects.toMatchObject({ code: 'INVALID_CREDENTIAL' });
  });

  it('an unknown context, with the typed loader error', async () => {
    const key = await generateIssuerKey();
    const credential = badge(key.controller, { validFrom: '2026-01-01T00:00:00Z' });
    credential['@context'] = [...(credential['@context'] as string[]), 'https://example.org/unknown-context.jsonld'];
    await expect(signCredential(credential, { key })).rejects.toMatchObject({ code: 'UNKNOWN_CONTEXT' });
  });

  it('a public-only key', async () => {
    const key = await generateIssuerKey();
    await expect(signCredential(badge(key.controller, { validFrom: '2026-01-01T00:00:00Z' }), { key: publicIssuerKey(key) })).rejects.toMatchObject({
      code: 'INVALID_KEY',
    });
  });
});

describe('did:web issuers with rotated and revoked keys', () => {
  const did = 'did:web:credentials.example.edu';
  const now = new Date('2026-06-01T00:00:00Z');

  async function setup() {
    const oldKey = await generateIssuerKey({ controller: did });
    const newKey = await generateIssuerKey({ controller: did });
    const credential = badge(did, { validFrom: '2026-01-01T00:00:00Z' });
    const signedByOld = await signCredential(credential, { key: oldKey });
    const loaderFor = (keys: IssuerKey[]) => {
      const document = buildDidWebDocument(did, keys.map(publicIssuerKey));
      return createDocumentLoader({ fetchDidWebDocument: async () => document });
    };
    return { oldKey, newKey, signedByOld, loaderFor };
  }

  it('a credential signed before a rotation still verifies', async () => {
    const { oldKey, newKey, signedByOld, loaderFor } = await setup();
    const result = await verifyCredential(signedByOld, { now, documentLoader: loaderFor([oldKey, newKey]) });
    expect(result.checks.proof.status).toBe('valid');
    expect(result.checks.issuer.status).toBe('valid');
    expect(result.verified).toBe(true);
  });

  it('a credential signed by a revoked key does not', async () => {
    const { oldKey, newKey, signedByOld, loaderFor } = await setup();
    const result = await verifyCredential(signedByOld, { now, documentLoader: loaderFor([{ ...oldKey, revoked: '2026-05-01T00:00:00Z' }, newKey]) });
    expect(result.checks.proof).toMatchObject({ status: 'invalid', code: 'KEY_REVOKED' });
    expect(result.verified).toBe(false);
  });

  it('a key missing from the DID document cannot be checked... and is not accepted', async () => {
    const { newKey, signedByOld, loaderFor } = await setup();
    const result = await verifyCredential(signedByOld, { now, documentLoader: loaderFor([newKey]) });
    expect(result.checks.proof.status).toBe('unknown');
    expect(result.verified).toBe(false);
  });

  it('an unreachable DID document is "could not check", never valid', async () => {
    const { signedByOld } = await setup();
    const down = createDocumentLoader({
      fetchDidWebDocument: async () => {
        throw new Error('connect ETIMEDOUT');
      },
    });
    const result = await verifyCredential(signedByOld, { now, documentLoader: down });
    expect(result.checks.proof).toMatchObject({ status: 'unknown', code: 'DID_RESOLUTION_FAILED' });
    expect(result.checks.issuer.status).toBe('unknown');
    expect(result.verified).toBe(false);
  });
});

describe('a credential whose only proof is by someone else', () => {
  it('is invalid for the issuer check even though the signature is good', async () => {
    const issuer = await generateIssuerKey();
    const impostor = await generateIssuerKey();
    // The impostor signs a credential naming the real issuer, using its own did:key method.
    const forged = await signCredential(badge(issuer.controller, { validFrom: '2026-01-01T00:00:00Z' }), {
      key: await importIssuerKey({ ...impostor, controller: issuer.controller }),
    });
    const result = await verifyCredential(forged, { now: new Date('2026-06-01T00:00:00Z') });
    expect(result.checks.proof.status).toBe('valid');
    expect(result.checks.issuer).toMatchObject({ status: 'invalid', code: 'ISSUER_DID_NOT_SIGN' });
    expect(result.verified).toBe(false);
  });
});

describe('status', () => {
  it('is unknown when the credential has a status entry and nothing checked it', async () => {
    const key = await generateIssuerKey();
    const credential = {
      ...badge(key.controller, { validFrom: '2026-01-01T00:00:00Z' }),
      credentialStatus: {
        id: 'https://credentials.example.edu/status/1#5',
        type: 'BitstringStatusListEntry',
        statusPurpose: 'revocation',
        statusListIndex: '5',
        statusListCredential: 'https://credentials.example.edu/status/1',
      },
    };
    const signed = await signCredential(credential, { key });
    const now = new Date('2026-06-01T00:00:00Z');
    const unchecked = await verifyCredential(signed, { now });
    expect(unchecked.checks.status).toMatchObject({ status: 'unknown', code: 'STATUS_NOT_CHECKED' });
    expect(unchecked.verified).toBe(false);
    const broken = await verifyCredential(signed, {
      now,
      checkStatus: async () => {
        throw new Error('list host down');
      },
    });
    expect(broken.checks.status).toMatchObject({ status: 'unknown', code: 'STATUS_UNAVAILABLE' });
  });
});

describe('status after the proof', () => {
  const entry = {
    id: 'https://credentials.example.edu/status/1#5',
    type: 'BitstringStatusListEntry',
    statusPurpose: 'revocation',
    statusListIndex: '5',
    statusListCredential: 'https://credentials.example.edu/status/1',
  };
  const now = new Date('2026-06-01T00:00:00Z');

  it('a tampered credential: status lists are never consulted, and status says why it was not checked', async () => {
    const key = await generateIssuerKey();
    const signed = await signCredential({ ...badge(key.controller, { validFrom: '2026-01-01T00:00:00Z' }), credentialStatus: entry }, { key });
    const consulted: unknown[] = [];
    const checkStatus = async (credential: Json) => {
      consulted.push(credential);
      return { status: 'valid' as const, reason: 'not revoked' };
    };
    expect((await verifyCredential(signed, { now, checkStatus })).checks.status.status).toBe('valid');
    expect(consulted).toHaveLength(1);
    const tampered = { ...signed, name: 'Doctor of Medicine' };
    const result = await verifyCredential(tampered, { now, checkStatus });
    expect(result.checks.proof.status).toBe('invalid');
    expect(result.checks.status).toMatchObject({ status: 'unknown', code: 'STATUS_NOT_CHECKED', reason: expect.stringMatching(/not shown to be signed by its issuer/) });
    expect(consulted).toHaveLength(1);
  });
});

describe('never throws for garbage', () => {
  it.each([null, 42, 'text', [], {}, { proof: 'x' }, { '@context': 'https://example.org/x', proof: { type: 'DataIntegrityProof' } }])('%j', async (input) => {
    const result = await verifyCredential(input);
    expect(result.verified).toBe(false);
    expect(Object.values(result.checks).some((check) => check.status === 'invalid')).toBe(true);
  });
});

describe('presentations (DID Authentication)', () => {
  const challenge = 'c0ae1c8e-c7e7-469f-b252-86e6a0e7387e';
  const domain = 'issuer.example.edu';

  it('verifies the holder, challenge and domain', async () => {
    const holder = await generateIssuerKey();
    const presentation = buildPresentation({ holder: holder.controller });
    const signed = await signPresentation(presentation, { key: holder, challenge, domain });
    const ok = await verifyPresentation(signed, { challenge, domain });
    expect(ok.checks).toMatchObject({ proof: { status: 'valid' }, holder: { status: 'valid' } });
    expect(ok.verified).toBe(true);
    expect((await verifyPresentation(signed, { challenge: 'another-challenge', domain })).checks.proof.status).toBe('invalid');
    expect((await verifyPresentation(signed, { challenge, domain: 'evil.example' })).checks.proof.status).toBe('invalid');
  });

  it('rejects a presentation signed by a key its holder does not control', async () => {
    const victim = await generateIssuerKey();
    const attacker = await generateIssuerKey();
    const presentation = buildPresentation({ holder: victim.controller });
    const signed = await signPresentation(presentation, { key: await importIssuerKey({ ...attacker, controller: victim.controller }), challenge });
    const result = await verifyPresentation(signed, { challenge });
    expect(result.checks.proof.status).toBe('valid');
    expect(result.checks.holder).toMatchObject({ status: 'invalid', code: 'HOLDER_DID_NOT_SIGN' });
    expect(result.verified).toBe(false);
  });

  it('VC Data Model 2.0 §4.13 (holder is OPTIONAL): a signed presentation without a holder verifies, and the signer is reported', async () => {
    const signer = await generateIssuerKey();
    const issuer = await generateIssuerKey();
    const credential = await signCredential(badge(issuer.controller, { validFrom: '2026-01-01T00:00:00Z' }), { key: issuer });
    const unsigned = buildPresentation({ verifiableCredential: [credential as { '@context': unknown[]; type: string[] }] });
    expect(unsigned).not.toHaveProperty('holder');
    const signed = await signPresentation(unsigned, { key: signer, challenge, domain });
    const result = await verifyPresentation(signed, { challenge, domain, now: new Date('2026-03-01T00:00:00Z') });
    expect(result.checks.holder).toMatchObject({ status: 'valid', details: { signers: [signer.controller] } });
    expect(result.checks.proof.status).toBe('valid');
    expect(result.verified).toBe(true);
    // Without a holder the proof still binds the challenge: a replay is refused.
    expect((await verifyPresentation(signed, { challenge: 'another-challenge', domain })).verified).toBe(false);
  });

  it('VC Data Model 2.0 §4.13: a holder object with an id is the holder; one without an id is refused (MUST be a URL or an object containing an id)', async () => {
    const holder = await generateIssuerKey();
    const asObject = await signPresentation({ ...buildPresentation({}), holder: { id: holder.controller, name: 'Pat' } }, { key: holder, challenge });
    expect((await verifyPresentation(asObject, { challenge })).checks.holder).toMatchObject({ status: 'valid', details: { holder: holder.controller } });
    const withoutId = await signPresentation({ ...buildPresentation({}), holder: { name: 'Pat' } }, { key: holder, challenge });
    const refused = await verifyPresentation(withoutId, { challenge });
    expect(refused.checks.proof.status).toBe('valid');
    expect(refused.checks.holder).toMatchObject({ status: 'invalid', code: 'HOLDER_MALFORMED' });
    expect(refused.verified).toBe(false);
  });

  it("VC Data Model 2.0 §4.13: the presentation's own data model is a check of its own (schema); a holder object without an id fails it too", async () => {
    const holder = await generateIssuerKey();
    const good = await signPresentation(buildPresentation({}), { key: holder, challenge });
    expect((await verifyPresentation(good, { challenge })).checks.schema).toMatchObject({ status: 'valid' });
    const withoutId = await signPresentation({ ...buildPresentation({}), holder: { name: 'Pat' } }, { key: holder, challenge });
    const refused = await verifyPresentation(withoutId, { challenge });
    expect(refused.checks.schema).toMatchObject({ status: 'invalid', code: 'SCHEMA_VIOLATION', details: { issues: [{ path: 'holder.id' }] } });
    expect(refused.verified).toBe(false);
  });

  it('verifies the credentials inside', async () => {
    const issuer = await generateIssuerKey();
    const holder = await generateIssuerKey();
    const credential = await signCredential(badge(issuer.controller, { validFrom: '2026-01-01T00:00:00Z', validUntil: '2026-02-01T00:00:00Z' }), { key: issuer });
    const signed = await signPresentation(buildPresentation({ holder: holder.controller, verifiableCredential: [credential as { '@context': unknown[]; type: string[] }] }), { key: holder, challenge });
    const result = await verifyPresentation(signed, { challenge, now: new Date('2026-06-01T00:00:00Z') });
    expect(result.checks.proof.status).toBe('valid');
    expect(result.credentials[0]?.checks.validity.code).toBe('EXPIRED');
    expect(result.verified).toBe(false);
  });
});
