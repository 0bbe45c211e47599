// Differential tests: the compiled canonical path against the stock jsonld +
// rdf-canonize path (RDFC-1.0, https://www.w3.org/TR/rdf-canon/) over generated
// Open Badges 3.0, VC 2.0 and VC 1.1 credentials and presentations. Both sides
// read contexts through the same loader, so any difference is the path's.
// LAUREL_DIFFERENTIAL_RUNS raises the run count (default keeps this file to a few seconds).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import jsonld from 'jsonld';
import * as vc from '@digitalbazaar/vc';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import { Ed25519Signature2020 } from '@digitalbazaar/ed25519-signature-2020';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { CONTEXT_URLS, offlineDocumentLoader } from '@laurel/contexts';
import { generateIssuerKey, signCredential, signPresentation } from '../index.js';
import { fastCanonize, lastRefusalReason } from './canonize.js';

type Json = Record<string, unknown>;
const RUNS = Number(process.env.LAUREL_DIFFERENTIAL_RUNS ?? 60);
// Room for the stock side at high run counts on a busy machine; the default run takes a few seconds.
const TIMEOUT = Math.max(30_000, RUNS * 200);
const created = '2026-03-01T12:00:00Z';

function stockCanonize(document: Json): Promise<string> {
  return jsonld.canonize(document, { algorithm: 'RDFC-1.0', format: 'application/n-quads', safe: true, base: null, documentLoader: offlineDocumentLoader });
}

// Text that stresses N-Quads escaping and Unicode handling, next to ordinary text.
const text = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 24 }),
  fc.constantFrom('', ' ', 'a"b', 'back\\slash', 'line\nbreak', 'tab\there', 'cr\rlf', 'Łódź', '統計学', '🎓 badge', '\u0000\u001f\u007f'),
);
const iri = fc.oneof(
  fc.webUrl({ withQueryParameters: true, withFragments: true }).filter((url) => !/[\s<>"{}|\\^`]/.test(url)),
  fc.uuid().map((uuid) => `urn:uuid:${uuid}`),
  fc.constantFrom('did:example:learner-42', 'did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2', 'https://example.edu/a%20b'),
);
const dateTime = fc.constantFrom('2026-01-15T10:00:00Z', '2026-01-15T10:00:00.123Z', '2027-12-31T23:59:59+02:00');
const optional = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: undefined });

/** Drops undefined fields, as JSON would. */
function json<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

const profile = fc.record(
  { id: iri, type: fc.constant(['Profile']), name: text, url: optional(iri), email: optional(fc.emailAddress()), description: optional(text) },
  { requiredKeys: ['id', 'type'] },
);
const achievement = fc.record(
  {
    id: iri,
    type: fc.constant(['Achievement']),
    name: text,
    description: text,
    criteria: fc.record({ narrative: optional(text), id: optional(iri) }),
    image: optional(fc.record({ id: iri, type: fc.constant('Image'), caption: optional(text) }, { requiredKeys: ['id', 'type'] })),
    tag: optional(fc.array(text, { maxLength: 3 })),
    creator: optional(profile),
    achievementType: optional(fc.constantFrom('Certificate', 'Course', 'Badge')),
    resultDescription: optional(fc.array(fc.record({ id: iri, type: fc.constant(['ResultDescription']), name: text, resultType: fc.constantFrom('Percent', 'LetterGrade') }), { maxLength: 1 })),
  },
  { requiredKeys: ['id', 'type', 'name', 'description', 'criteria'] },
);
// Hashed and plain identifiers, as Laurel writes a learner's email and LMS user id: "hashed" is a
// native boolean under the OB 3.0 context's xsd:boolean coercion.
const identityObject = fc.record({
  type: fc.constant('IdentityObject'),
  identityHash: fc.oneof(text, fc.uint8Array({ minLength: 32, maxLength: 32 }).map((bytes) => `sha256$${Buffer.from(bytes).toString('hex')}`)),
  identityType: fc.constantFrom('emailAddress', 'systemId', 'name'),
  hashed: fc.boolean(),
  salt: optional(text),
}, { requiredKeys: ['type', 'identityHash', 'identityType', 'hashed'] });
const result = fc.record({ type: fc.constant(['Result']), resultDescription: optional(iri), value: optional(text) }, { requiredKeys: ['type'] });
const subject = fc.record(
  {
    id: optional(iri),
    type: fc.constant(['AchievementSubject']),
    achievement,
    name: optional(text),
    identifier: optional(fc.array(identityObject, { minLength: 1, maxLength: 2 })),
    result: optional(fc.array(result, { maxLength: 2 })),
  },
  { requiredKeys: ['type', 'achievement'] },
);
const evidence = fc.array(fc.record({ id: optional(iri), type: fc.constant(['Evidence']), name: optional(text), narrative: optional(text) }, { requiredKeys: ['type'] }), { maxLength: 2 });
const bitstringStatus = fc.record({
  id: iri,
  type: fc.constant('BitstringStatusListEntry'),
  statusPurpose: fc.constantFrom('revocation', 'suspension'),
  statusListIndex: fc.nat(131071).map(String),
  statusListCredential: iri,
});

function openBadge(version: '1.1' | '2.0', suiteContext?: string): fc.Arbitrary<Json> {
  return fc
    .record(
      {
        id: optional(iri),
        type: fc.constantFrom(['VerifiableCredential', 'OpenBadgeCredential'], ['VerifiableCredential', 'AchievementCredential'], ['OpenBadgeCredential', 'VerifiableCredential']),
        name: optional(text),
        description: optional(text),
        issuer: fc.oneof(iri, profile),
        from: dateTime,
        until: optional(dateTime),
        credentialSubject: fc.oneof(subject, fc.array(subject, { minLength: 1, maxLength: 2 })),
        evidence: optional(evidence),
        credentialStatus: version === '2.0' ? optional(bitstringStatus) : fc.constant(undefined),
      },
      { requiredKeys: ['type', 'issuer', 'from', 'credentialSubject'] },
    )
    .map(({ from, until, ...rest }) =>
      json({
        '@context': [
          version === '2.0' ? CONTEXT_URLS.VC_V2 : CONTEXT_URLS.VC_V1,
          CONTEXT_URLS.OB_V3P0,
          ...(suiteContext ? [suiteContext] : []),
        ],
        ...rest,
        ...(version === '2.0' ? { validFrom: from, validUntil: until } : { issuanceDate: from, expirationDate: until }),
      }),
    );
}

/** A plain VC 2.0 credential in the W3C examples vocabulary (the shape of the VC test suites). */
const plainVc2: fc.Arbitrary<Json> = fc
  .record(
    { id: optional(iri), issuer: iri, subjectId: optional(iri), alumniOf: text, validFrom: optional(dateTime), age: optional(fc.integer()), enrolled: optional(fc.boolean()) },
    { requiredKeys: ['issuer', 'alumniOf'] },
  )
  .map(({ subjectId, alumniOf, age, enrolled, ...rest }) =>
    json({
      '@context': [CONTEXT_URLS.VC_V2, CONTEXT_URLS.VC_V2_EXAMPLES],
      type: ['VerifiableCredential', 'ExampleAlumniCredential'],
      ...rest,
      credentialSubject: { id: subjectId, alumniOf, age, enrolled },
    }),
  );

async function expectSameCanonicalForm(document: Json): Promise<void> {
  const ours = await fastCanonize(document, offlineDocumentLoader);
  // Every generated document is within the compiled subset: a refusal here would hide the comparison.
  expect(ours, `refused: ${lastRefusalReason()}`).toBeDefined();
  expect(ours).toBe(await stockCanonize(document));
}

describe('the compiled canonical path gives the stock N-Quads (RDFC-1.0 §4)', () => {
  it.each([
    ['an OB 3.0 credential on VC 2.0', openBadge('2.0')],
    ['an OB 3.0 credential on VC 1.1', openBadge('1.1', CONTEXT_URLS.ED25519_2020_V1)],
    ['a plain VC 2.0 credential', plainVc2],
  ])('for %s', async (_name, documents) => {
    await fc.assert(fc.asyncProperty(documents, expectSameCanonicalForm), { numRuns: RUNS });
  }, TIMEOUT);

  // A dataset is a set: jsonld merges repeated statements, wherever they come from, and so must the path.
  it('for documents that state the same thing more than once', async () => {
    const issuer = { id: 'did:example:issuer', type: ['Profile'], name: 'Example University' };
    await expectSameCanonicalForm({
      '@context': [CONTEXT_URLS.VC_V2, CONTEXT_URLS.OB_V3P0],
      type: ['VerifiableCredential', 'OpenBadgeCredential', 'VerifiableCredential'],
      issuer,
      validFrom: '2026-01-15T10:00:00Z',
      credentialSubject: [
        {
          id: 'did:example:learner',
          type: ['AchievementSubject'],
          achievement: { id: 'https://example.edu/a/1', type: ['Achievement'], name: 'A', description: 'A', criteria: { narrative: 'x' }, tag: ['t', 't', 'u'], creator: issuer },
        },
        {
          id: 'did:example:learner',
          type: ['AchievementSubject', 'AchievementSubject'],
          achievement: { id: 'https://example.edu/a/1', type: ['Achievement'], name: ['A', 'B'], description: 'A', criteria: { narrative: 'x' }, creator: { ...issuer, name: 'Other' } },
        },
      ],
    });
  });

  // Nothing compiled can be reused when every load hands out a new copy of the context: each walk then
  // stops at every context it meets, has it compiled, and starts again. The answer must not change.
  it('with a loader that hands out fresh context copies (every context compiled anew, mid-walk)', async () => {
    let loads = 0;
    const freshLoader = async (url: string) => {
      loads += 1;
      const loaded = await offlineDocumentLoader(url);
      return { ...loaded, document: structuredClone(loaded.document) };
    };
    const credentials = fc.sample(openBadge('2.0'), { numRuns: 4, seed: 11 });
    // A presentation's credentials bring their own @context, loaded when the walk reaches them.
    const presentation = { '@context': [CONTEXT_URLS.VC_V2], type: ['VerifiablePresentation'], verifiableCredential: credentials.slice(0, 2) };
    const samples = [...credentials, presentation];
    for (const document of samples) {
      const ours = await fastCanonize(document, freshLoader);
      expect(ours, `refused: ${lastRefusalReason()}`).toBeDefined();
      expect(ours).toBe(await stockCanonize(document));
    }
    expect(loads).toBeGreaterThanOrEqual(samples.length * 2);
  });

  it('for proof options (Data Integrity §4.2, "Add Proof", step 6)', async () => {
    const options = fc.record({
      context: fc.constantFrom([CONTEXT_URLS.VC_V2], [CONTEXT_URLS.VC_V2, CONTEXT_URLS.OB_V3P0], [CONTEXT_URLS.VC_V1, CONTEXT_URLS.ED25519_2020_V1]),
      created: dateTime,
      purpose: fc.constantFrom('assertionMethod', 'authentication'),
      challenge: optional(text),
      domain: optional(text),
    });
    await fc.assert(
      fc.asyncProperty(options, async ({ context, created: date, purpose, challenge, domain }) => {
        const v2 = context[0] === CONTEXT_URLS.VC_V2;
        await expectSameCanonicalForm(
          json({
            '@context': context,
            type: v2 ? 'DataIntegrityProof' : 'Ed25519Signature2020',
            ...(v2 ? { cryptosuite: 'eddsa-rdfc-2022' } : {}),
            created: date,
            verificationMethod: 'did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2#z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2',
            proofPurpose: purpose,
            challenge,
            domain,
          }),
        );
      }),
      { numRuns: RUNS },
    );
  }, TIMEOUT);
});

/**
 * Arbitrary JSON-LD-ish documents from a pool of defined terms, undefined
 * terms, keywords, compact IRIs and odd values: whenever the compiled path
 * answers, the answer is the stock one, and where the stock path fails, the
 * compiled path has refused. This is the "refuse, never guess" property.
 */
const anyKey = fc.constantFrom(
  'id', 'type', 'name', 'description', 'issuer', 'credentialSubject', 'achievement', 'criteria', 'narrative', 'image',
  'evidence', 'validFrom', 'issuanceDate', 'alumniOf', 'proof', 'verifiableCredential', 'holder', 'credentialStatus',
  'statusListIndex', 'favouriteColour', 'identifier', 'hashed', 'identityHash', '@id', '@type', '@value', '@language', '@list', '@set', '@graph', '@reverse',
  '@included', '@nest', '@index', 'schema:name', 'xsd:string', '_:b0', 'https://example.com/vocab#p', '',
);
const anyScalar = fc.oneof(
  fc.constantFrom('Profile', 'Achievement', 'AchievementSubject', 'VerifiableCredential', 'OpenBadgeCredential', 'Evidence', 'IdentityObject',
    '_:b1', 'relative/iri', 'https://example.com/x', 'did:example:1', 'xsd:dateTime', '@id', '@json', 'en', '2026-01-15T10:00:00Z', ''),
  text,
  fc.integer(),
  fc.double({ noNaN: true }),
  fc.boolean(),
  fc.constant(null),
);
const anyContext = fc.constantFrom(
  [CONTEXT_URLS.VC_V2],
  [CONTEXT_URLS.VC_V2, CONTEXT_URLS.OB_V3P0],
  [CONTEXT_URLS.VC_V1, CONTEXT_URLS.OB_V3P0],
  [CONTEXT_URLS.VC_V2, CONTEXT_URLS.VC_V2_EXAMPLES],
  [CONTEXT_URLS.VC_V1, CONTEXT_URLS.ED25519_2020_V1],
);

// Nodes now and then bring their own @context, as credentials inside presentations do.
const anyValue = fc.letrec<{ value: unknown; node: Json }>((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, anyScalar, tie('node'), fc.array(fc.oneof(anyScalar, tie('node')), { maxLength: 3 })),
  node: fc
    .tuple(fc.dictionary(anyKey, tie('value'), { maxKeys: 4 }), fc.option(anyContext, { freq: 6 }))
    .map(([node, context]) => (context ? { ...node, '@context': context } : node)) as fc.Arbitrary<Json>,
})).node;

describe('on arbitrary documents the compiled path refuses or agrees, never guesses', () => {
  it('agrees with the stock N-Quads whenever it answers', async () => {
    const documents = fc.record({ context: anyContext, body: anyValue, types: fc.subarray(['VerifiableCredential', 'OpenBadgeCredential', 'VerifiablePresentation', 'Profile']) });
    let answered = 0;
    await fc.assert(
      fc.asyncProperty(documents, async ({ context, body, types }) => {
        const document = { ...body, '@context': context, ...(types.length > 0 ? { type: types } : {}) };
        const stock = await stockCanonize(document).catch((error: unknown) => error);
        const ours = await fastCanonize(document, offlineDocumentLoader);
        if (ours === undefined) return;
        answered += 1;
        expect(ours).toBe(stock);
      }),
      { numRuns: RUNS * 5 },
    );
    // Some documents must get through, or the property says nothing.
    expect(answered).toBeGreaterThan(0);
  }, TIMEOUT);
});

describe('signatures through the compiled path are the stock signatures, byte for byte', () => {
  const fixture = (async () => {
    const key = await generateIssuerKey();
    const pair = await Ed25519Multikey.from({ ...key, type: 'Multikey' });
    return { key, pair };
  })();

  async function stockIssue(credential: Json, suite: 'eddsa-rdfc-2022' | 'Ed25519Signature2020') {
    const { pair } = await fixture;
    const stockSuite = suite === 'eddsa-rdfc-2022'
      ? new DataIntegrityProof({ signer: pair.signer(), cryptosuite: eddsaRdfc2022, date: created })
      : new Ed25519Signature2020({ key: pair, date: created });
    return vc.issue({ credential: structuredClone(credential), suite: stockSuite, documentLoader: offlineDocumentLoader });
  }

  it.each([
    ['eddsa-rdfc-2022', 'OB 3.0 on VC 2.0', '2.0'],
    ['Ed25519Signature2020', 'OB 3.0 on VC 1.1', '1.1'],
  ] as const)('%s over %s credentials', async (suite, _name, version) => {
    const { key } = await fixture;
    const credentials = openBadge(version, version === '1.1' ? CONTEXT_URLS.ED25519_2020_V1 : undefined).map((credential) => ({ ...credential, issuer: key.controller }));
    await fc.assert(
      fc.asyncProperty(credentials, async (credential) => {
        const ours = await signCredential(credential, { key, suite, created, skipValidation: true });
        expect(ours).toEqual(await stockIssue(credential, suite));
      }),
      { numRuns: Math.ceil(RUNS / 3) },
    );
  }, TIMEOUT);

  it.each([
    ['eddsa-rdfc-2022', CONTEXT_URLS.VC_V2, '2.0'],
    ['Ed25519Signature2020', CONTEXT_URLS.VC_V1, '1.1'],
  ] as const)('%s over presentations carrying signed credentials (VC %s verifiableCredential graphs)', async (suite, context, version) => {
    const { key, pair } = await fixture;
    const pool = await Promise.all(
      fc.sample(openBadge(version, version === '1.1' ? CONTEXT_URLS.ED25519_2020_V1 : undefined), { numRuns: 3, seed: 7 }).map((credential) =>
        signCredential({ ...credential, issuer: key.controller }, { key, suite, created, skipValidation: true }),
      ),
    );
    const presentations = fc.record({
      holder: fc.boolean(),
      credentials: fc.subarray(pool, { minLength: 0 }),
      challenge: fc.string({ minLength: 1, maxLength: 12 }),
    });
    await fc.assert(
      fc.asyncProperty(presentations, async ({ holder, credentials, challenge }) => {
        const presentation = json({
          '@context': suite === 'Ed25519Signature2020' ? [context, CONTEXT_URLS.ED25519_2020_V1] : [context],
          type: ['VerifiablePresentation'],
          holder: holder ? key.controller : undefined,
          verifiableCredential: credentials.length > 0 ? credentials : undefined,
        });
        await expectSameCanonicalForm(presentation);
        const ours = await signPresentation(presentation, { key, suite, created, challenge });
        const stockSuite = suite === 'eddsa-rdfc-2022'
          ? new DataIntegrityProof({ signer: pair.signer(), cryptosuite: eddsaRdfc2022, date: created })
          : new Ed25519Signature2020({ key: pair, date: created });
        const stock = await vc.signPresentation({ presentation: structuredClone(presentation), suite: stockSuite, documentLoader: offlineDocumentLoader, challenge });
        expect(ours).toEqual(stock);
      }),
      { numRuns: Math.ceil(RUNS / 4) },
    );
  }, TIMEOUT);
});
