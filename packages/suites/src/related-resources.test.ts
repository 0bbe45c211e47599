import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import * as base58 from 'base58-universal';
import { CONTEXT_URLS, PINNED_CONTEXTS } from '@laurel/contexts';
import { generateIssuerKey, signCredential, verifyCredential } from './index.js';
import { checkRelatedResources } from './related-resources.js';

const V2 = CONTEXT_URLS.VC_V2;
const EXAMPLES = CONTEXT_URLS.VC_V2_EXAMPLES;

/** VC Data Model 2.0 §5.3, Example 26 (digestMultibase, base64url-nopad SHA2-256), as published. */
const EXAMPLE_26 = [
  { id: V2, digestMultibase: 'uEiBZlVztZpfWHgPyslVv6-UwirFoQoRvW1htfx963sknNA' },
  { id: EXAMPLES, digestMultibase: 'uEiBXOT-8adbvubm13Jy2uYgLCUQ2Cr_i6vRZyeWM8iedfA' },
];
/**
 * VC Data Model 2.0 §5.3, Example 25 (digestSRI, SHA2-384), as published: each
 * value has 65 base64 characters, one too many for 48 bytes (a stray leading
 * "M"). Without it, each is the SHA-384 of the bytes W3C publishes.
 */
const EXAMPLE_25 = [
  { id: V2, digestSRI: 'sha384-Ml/HrjlBCNWyAX91hr6LFV2Y3heB5Tcr6IeE4/Tje8YyzYBM8IhqjHWiWpr8+ZbYU' },
  { id: EXAMPLES, digestSRI: 'sha384-MzNNbQTWCSUSi0bbz7dbua+RcENv7C6FvlmYJ1Y+I727HsPOHdzwELMYO9Mz68M26' },
];

function credential(relatedResource: unknown, context: string[] = [V2, EXAMPLES]): Record<string, unknown> {
  return { '@context': context, type: ['VerifiableCredential'], issuer: 'did:example:issuer', credentialSubject: { id: 'did:example:subject' }, relatedResource };
}

describe('VC Data Model 2.0 §5.3 Integrity of Related Resources', () => {
  it('the digests Example 26 publishes for the base and examples contexts match the bytes Laurel holds', () => {
    const { check, resources } = checkRelatedResources(credential(EXAMPLE_26));
    expect(check.status).toBe('valid');
    expect(resources.map((resource) => resource.status)).toEqual(['valid', 'valid']);
  });

  it('digestSRI: Example 25 without its stray leading character matches; as printed it is refused as a mismatch', () => {
    const corrected = EXAMPLE_25.map((entry) => ({ ...entry, digestSRI: entry.digestSRI.replace('sha384-M', 'sha384-') }));
    expect(checkRelatedResources(credential(corrected)).check.status).toBe('valid');
    expect(checkRelatedResources(credential(EXAMPLE_25)).check).toMatchObject({ status: 'invalid', code: 'RELATED_RESOURCE_DIGEST_MISMATCH' });
  });

  it('"If the digest provided by the issuer does not match the digest computed … MUST produce an error": a changed digest fails, and verification with it (reported under the data-model check)', async () => {
    const wrong = [{ id: V2, digestMultibase: `u${Buffer.concat([Buffer.from([0x12, 0x20]), createHash('sha256').update('another context').digest()]).toString('base64url')}` }];
    expect(checkRelatedResources(credential(wrong)).check).toMatchObject({ status: 'invalid', code: 'RELATED_RESOURCE_DIGEST_MISMATCH' });
    const key = await generateIssuerKey();
    const signed = await signCredential({ ...credential(wrong), issuer: key.controller, validFrom: '2026-01-01T00:00:00Z' }, { key });
    const result = await verifyCredential(signed, { now: new Date('2026-02-01T00:00:00Z') });
    expect(result.checks.proof.status).toBe('valid');
    expect(result.checks.schema).toMatchObject({ status: 'invalid', code: 'RELATED_RESOURCE_DIGEST_MISMATCH' });
    expect(result.verified).toBe(false);
    const honest = await signCredential({ ...credential(EXAMPLE_26), issuer: key.controller, validFrom: '2026-01-01T00:00:00Z' }, { key });
    expect((await verifyCredential(honest, { now: new Date('2026-02-01T00:00:00Z') })).checks.schema.status).toBe('valid');
  });

  it('digestMultibase in base58btc (z) with a SHA3-384 multihash is computed too', () => {
    const bytes = Buffer.from(PINNED_CONTEXTS.find((context) => context.url === V2)!.text, 'utf8');
    const multihash = (data: Buffer) => `z${base58.encode(Buffer.concat([Buffer.from([0x15, 48]), createHash('sha3-384').update(data).digest()]))}`;
    expect(checkRelatedResources(credential([{ id: V2, digestMultibase: multihash(bytes) }])).check.status).toBe('valid');
    expect(checkRelatedResources(credential([{ id: V2, digestMultibase: multihash(Buffer.from('x')) }])).check).toMatchObject({ status: 'invalid', code: 'RELATED_RESOURCE_DIGEST_MISMATCH' });
  });

  it('a resource Laurel does not hold and does not use: "could not check", as a note that does not fail verification', () => {
    const image = 'https://university.example/badge.png';
    const { check, resources, notes } = checkRelatedResources(credential([{ id: image, digestSRI: 'sha384-AAAA' }, ...EXAMPLE_26]));
    expect(resources[0]).toMatchObject({ id: image, status: 'unknown', reason: expect.stringContaining('Could not check') });
    expect(notes).toEqual([expect.stringContaining(image)]);
    expect(check.status).toBe('valid');
  });

  it('a context the credential uses whose published bytes Laurel does not hold: the check is "could not check"', () => {
    const ob = CONTEXT_URLS.OB_V3P0;
    const { check } = checkRelatedResources(credential([{ id: ob, digestSRI: 'sha384-AAAA' }], [V2, ob]));
    expect(check).toMatchObject({ status: 'unknown', code: 'RELATED_RESOURCE_UNCHECKED' });
  });

  it.each([
    ['an empty list', []],
    ['an entry without an id', [{ digestSRI: 'sha384-AAAA' }]],
    ['an entry without a digest ("MUST contain at least a digestSRI or a digestMultibase")', [{ id: V2 }]],
    ['two entries with the same id ("MUST be unique")', [EXAMPLE_26[0], EXAMPLE_26[0]]],
    ['a string', 'https://www.w3.org/ns/credentials/v2'],
  ])('%s is malformed', (_name, relatedResource) => {
    expect(checkRelatedResources(credential(relatedResource)).check).toMatchObject({ status: 'invalid', code: 'RELATED_RESOURCE_MALFORMED' });
  });
});
