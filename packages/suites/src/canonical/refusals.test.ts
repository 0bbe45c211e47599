// What the compiled canonical path does not fully understand it refuses, and
// signing and verification fall back to the stock path: same proof, still valid.
import { describe, expect, it } from 'vitest';
import jsonld from 'jsonld';
import * as vc from '@digitalbazaar/vc';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import { Ed25519Signature2020 } from '@digitalbazaar/ed25519-signature-2020';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { CONTEXT_URLS, createDocumentLoader, offlineDocumentLoader } from '@laurel/contexts';
import { generateIssuerKey, signCredential, verifyCredential } from '../index.js';
import { fastCanonize, lastRefusalReason } from './canonize.js';

type Json = Record<string, unknown>;
const created = '2026-03-01T12:00:00Z';
const now = new Date('2026-06-01T00:00:00Z');

function badge(issuer: string, version: '1.1' | '2.0', changes: (credential: Json, subject: Json, achievement: Json) => void): Json {
  const achievement: Json = {
    id: 'https://example.edu/achievements/stat101',
    type: ['Achievement'],
    name: 'Introduction to Statistics',
    description: 'Completed STAT101.',
    criteria: { narrative: 'Pass the final exam.' },
  };
  const subject: Json = { id: 'did:example:learner-42', type: ['AchievementSubject'], achievement };
  const credential: Json = {
    '@context': [
      version === '2.0' ? CONTEXT_URLS.VC_V2 : CONTEXT_URLS.VC_V1,
      CONTEXT_URLS.OB_V3P0,
      ...(version === '1.1' ? [CONTEXT_URLS.ED25519_2020_V1] : []),
    ],
    id: 'https://example.edu/credentials/1',
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    issuer,
    ...(version === '2.0' ? { validFrom: '2026-01-15T10:00:00Z' } : { issuanceDate: '2026-01-15T10:00:00Z' }),
    credentialSubject: subject,
  };
  changes(credential, subject, achievement);
  return credential;
}

const fallbacks: [string, '1.1' | '2.0', (credential: Json, subject: Json, achievement: Json) => void][] = [
  ['an inline context object', '2.0', (credential) => {
    credential['@context'] = [...(credential['@context'] as string[]), { favouriteColour: 'https://example.com/vocab#favouriteColour' }];
    (credential.credentialSubject as Json).favouriteColour = 'green';
  }],
  ['a language-tagged value object', '2.0', (_c, _s, achievement) => { achievement.name = { '@value': 'Einführung in die Statistik', '@language': 'de' }; }],
  ['an @list container (OB 3.0 ResultDescription.allowedValue)', '2.0', (_c, _s, achievement) => {
    achievement.resultDescription = [{ id: 'urn:uuid:7e1c9a5e-0001-4000-8000-000000000001', type: ['ResultDescription'], name: 'Grade', resultType: 'LetterGrade', allowedValue: ['A', 'B', 'C'] }];
  }],
  ['a language-tagged value object under Ed25519Signature2020', '1.1', (_c, _s, achievement) => { achievement.name = { '@value': 'Statistik', '@language': 'de' }; }],
];

describe('refused documents fall back to the stock path', () => {
  const fixture = (async () => {
    const key = await generateIssuerKey();
    return { key, pair: await Ed25519Multikey.from({ ...key, type: 'Multikey' }) };
  })();

  it.each(fallbacks)('%s', async (_name, version, changes) => {
    const { key, pair } = await fixture;
    const credential = badge(key.controller, version, changes);
    const { proof: _none, ...unsigned } = credential;
    expect(await fastCanonize(unsigned, offlineDocumentLoader)).toBeUndefined();
    expect(lastRefusalReason()).toBeTruthy();

    const suite = version === '2.0' ? 'eddsa-rdfc-2022' : 'Ed25519Signature2020';
    const ours = await signCredential(credential, { key, suite, created, skipValidation: true });
    const stockSuite = version === '2.0'
      ? new DataIntegrityProof({ signer: pair.signer(), cryptosuite: eddsaRdfc2022, date: created })
      : new Ed25519Signature2020({ key: pair, date: created });
    expect(ours).toEqual(await vc.issue({ credential: structuredClone(credential), suite: stockSuite, documentLoader: offlineDocumentLoader }));
    const verification = await verifyCredential(ours, { now });
    expect(verification.checks.proof).toMatchObject({ status: 'valid' });
  });

  it('a blank node identifier: the stock canonical form', async () => {
    const { key } = await fixture;
    const credential = badge(key.controller, '2.0', (_c, subject) => { subject.id = '_:learner'; });
    expect(await fastCanonize(credential, offlineDocumentLoader)).toBeUndefined();
    const stock = await jsonld.canonize(credential, { algorithm: 'RDFC-1.0', format: 'application/n-quads', safe: true, base: null, documentLoader: offlineDocumentLoader });
    expect(stock).toContain('_:c14n');
  });

  it('a term no context defines fails as it does in the stock library (safe mode)', async () => {
    const { key } = await fixture;
    const credential = badge(key.controller, '2.0', (_c, subject) => { subject.favouriteColour = 'green'; });
    expect(await fastCanonize(credential, offlineDocumentLoader)).toBeUndefined();
    await expect(signCredential(credential, { key, created, skipValidation: true })).rejects.toThrow(/Safe mode validation error/);
  });

  it('a protected term redefinition fails as it does in the stock library', async () => {
    const { key } = await fixture;
    const credential = badge(key.controller, '2.0', (c) => {
      c['@context'] = [...(c['@context'] as string[]), { name: 'https://example.com/vocab#name' }];
    });
    expect(await fastCanonize(credential, offlineDocumentLoader)).toBeUndefined();
    await expect(signCredential(credential, { key, created, skipValidation: true })).rejects.toThrow(/protected term/);
  });

  it('an unknown context is an error, never a fetch', async () => {
    const { key } = await fixture;
    const credential = badge(key.controller, '2.0', (c) => {
      c['@context'] = [...(c['@context'] as string[]), 'https://example.com/unknown-context.jsonld'];
    });
    expect(await fastCanonize(credential, offlineDocumentLoader)).toBeUndefined();
    await expect(signCredential(credential, { key, created, skipValidation: true })).rejects.toMatchObject({ code: 'UNKNOWN_CONTEXT' });
  });

  it('a changed credential no longer verifies on the compiled path', async () => {
    const { key } = await fixture;
    const signed = await signCredential(badge(key.controller, '2.0', () => {}), { key, created, skipValidation: true });
    const { proof: _proof, ...unsigned } = signed;
    expect(await fastCanonize(unsigned, offlineDocumentLoader)).toBeDefined();
    const changed = structuredClone(signed);
    ((changed.credentialSubject as Json).achievement as Json).name = 'Advanced Statistics';
    const verification = await verifyCredential(changed, { now });
    expect(verification.checks.proof).toMatchObject({ status: 'invalid' });
  });
});

describe('contexts with features the compiled path does not model', () => {
  const CONTEXT = 'https://example.com/contexts/odd.jsonld';
  const loader = createDocumentLoader({
    documents: new Map([[CONTEXT, {
      '@context': {
        '@version': 1.1,
        id: '@id',
        type: '@type',
        data: { '@id': 'https://example.com/vocab#data', '@type': '@json' },
        name: 'https://example.com/vocab#name',
        Thing: { '@id': 'https://example.com/vocab#Thing', '@context': { identifier: '@id' } },
      },
    }]]),
  });
  const stock = (document: Json) => jsonld.canonize(document, { algorithm: 'RDFC-1.0', format: 'application/n-quads', safe: true, base: null, documentLoader: loader });

  it.each([
    ['a JSON literal (@type: @json) holding an object', { '@context': CONTEXT, id: 'https://example.com/x', name: 'x', data: { a: 1, b: [true] } }, /@json/],
    ['a key a type-scoped context makes an @id alias', { '@context': CONTEXT, type: 'Thing', identifier: 'https://example.com/x', name: 'x' }, /"identifier"/],
  ] as const)('%s: refused, and the stock form is still there', async (_name, document, reason) => {
    expect(await fastCanonize(document, loader)).toBeUndefined();
    expect(lastRefusalReason()).toMatch(reason);
    expect(await stock(document)).toContain('https://example.com/');
  });

  it('plain terms of the same context: compiled, and equal to the stock form', async () => {
    const document = { '@context': CONTEXT, id: 'https://example.com/x', type: 'Thing', name: 'x' };
    expect(await fastCanonize(document, loader)).toBe(await stock(document));
  });
});
