// Proofs under the pre-standard "eddsa-2022" cryptosuite name, made here the way
// 2023 issuers made them (stock data-integrity with the DI v1 context and the
// stock eddsa-2022 cryptosuite): Laurel verifies them, says so with a warning,
// and never signs one.
import { describe, expect, it } from 'vitest';
import * as vc from '@digitalbazaar/vc';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as eddsa2022 } from '@digitalbazaar/eddsa-2022-cryptosuite';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { offlineDocumentLoader } from '@laurel/contexts';
import { buildPresentation } from '@laurel/models';
import { SUITES, generateIssuerKey, signCredential, verifyCredential, verifyPresentation, type IssuerKey, type SuiteName } from '@laurel/suites';

type Json = Record<string, unknown>;
const now = new Date('2026-06-01T00:00:00Z');
const LEGACY_WARNING = /legacy "eddsa-2022" cryptosuite name.*current verifiers may reject it/;

// The stock constructor's `legacyContext` option is not in the shared typings.
const StockDataIntegrityProof = DataIntegrityProof as unknown as new (options: {
  signer: unknown;
  cryptosuite: unknown;
  legacyContext: boolean;
  date?: string;
}) => DataIntegrityProof;

async function legacySuite(key: IssuerKey, legacyContext: boolean) {
  const pair = await Ed25519Multikey.from({ type: 'Multikey', ...key });
  return new StockDataIntegrityProof({ signer: pair.signer(), cryptosuite: eddsa2022, legacyContext, date: '2023-05-29T08:42:26Z' });
}

function openBadge(issuer: string, version: '1.1' | '2.0'): Json {
  return {
    '@context': [
      version === '2.0' ? 'https://www.w3.org/ns/credentials/v2' : 'https://www.w3.org/2018/credentials/v1',
      'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
    ],
    id: 'https://credentials.example.edu/credentials/2023-17',
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    name: 'Data Literacy',
    issuer: { id: issuer, type: ['Profile'], name: 'Example College' },
    ...(version === '2.0' ? { validFrom: '2023-05-29T00:00:00Z' } : { issuanceDate: '2023-05-29T00:00:00Z' }),
    credentialSubject: {
      id: 'did:example:learner-7',
      type: ['AchievementSubject'],
      achievement: {
        id: 'https://credentials.example.edu/achievements/data-lit',
        type: ['Achievement'],
        name: 'Data Literacy',
        description: 'Completed the data literacy module.',
        criteria: { narrative: 'Pass the final project.' },
      },
    },
  };
}

/** A credential signed as a 2023 OB 3.0 issuer signed it: VC 1.1 with the DI v1 context. */
async function legacyCredential(key: IssuerKey, version: '1.1' | '2.0' = '1.1'): Promise<Json> {
  return vc.issue({ credential: openBadge(key.controller, version), suite: await legacySuite(key, version === '1.1'), documentLoader: offlineDocumentLoader });
}

describe('eddsa-2022 (pre-standard cryptosuite name)', () => {
  it('a VC 1.1 credential with the DI v1 context verifies, with a warning', async () => {
    const key = await generateIssuerKey();
    const signed = await legacyCredential(key);
    expect(signed['@context']).toContain('https://w3id.org/security/data-integrity/v1');
    expect((signed.proof as Json).cryptosuite).toBe('eddsa-2022');
    const result = await verifyCredential(signed, { now });
    expect(result.checks.proof).toMatchObject({ status: 'valid', suite: 'eddsa-2022' });
    expect(result.checks.issuer.status).toBe('valid');
    expect(result.verified).toBe(true);
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings[0]).toMatch(LEGACY_WARNING);
  });

  it('a VC 2.0 credential (no DI context needed) verifies too', async () => {
    const key = await generateIssuerKey();
    const result = await verifyCredential(await legacyCredential(key, '2.0'), { now });
    expect(result.checks.proof).toMatchObject({ status: 'valid', suite: 'eddsa-2022' });
    expect(result.warnings[0]).toMatch(LEGACY_WARNING);
  });

  it('a changed value fails the signature; the warning stays', async () => {
    const key = await generateIssuerKey();
    const signed = await legacyCredential(key);
    (signed.credentialSubject as { achievement: Json }).achievement.name = 'Advanced Data Literacy';
    const result = await verifyCredential(signed, { now });
    expect(result.checks.proof).toMatchObject({ status: 'invalid', code: 'BAD_SIGNATURE' });
    expect(result.verified).toBe(false);
    expect(result.warnings[0]).toMatch(LEGACY_WARNING);
  });

  it('the name is signed: relabelling the proof eddsa-rdfc-2022 does not pass', async () => {
    const key = await generateIssuerKey();
    const signed = await legacyCredential(key);
    (signed.proof as Json).cryptosuite = 'eddsa-rdfc-2022';
    const result = await verifyCredential(signed, { now });
    expect(result.checks.proof.status).toBe('invalid');
  });

  it('current-name proofs carry no warning', async () => {
    const key = await generateIssuerKey();
    const result = await verifyCredential(await signCredential(openBadge(key.controller, '2.0'), { key }), { now });
    expect(result.checks.proof.status).toBe('valid');
    expect(result.warnings).toEqual([]);
  });

  it('a presentation signed under the legacy name reports the warning', async () => {
    const holder = await generateIssuerKey();
    const presentation = await vc.signPresentation({
      presentation: buildPresentation({ holder: holder.controller, verifiableCredential: [] }) as Json,
      suite: await legacySuite(holder, false),
      documentLoader: offlineDocumentLoader,
      challenge: 'c-1',
    });
    const result = await verifyPresentation(presentation, { challenge: 'c-1', now });
    expect(result.checks.proof).toMatchObject({ status: 'valid', suite: 'eddsa-2022' });
    expect(result.warnings[0]).toMatch(LEGACY_WARNING);
  });

  it('is never offered for signing, and refused if asked for anyway', async () => {
    expect(SUITES as readonly string[]).not.toContain('eddsa-2022');
    const key = await generateIssuerKey();
    await expect(signCredential(openBadge(key.controller, '2.0'), { key, suite: 'eddsa-2022' as SuiteName })).rejects.toMatchObject({
      code: 'UNSUPPORTED_SUITE',
    });
  });
});
