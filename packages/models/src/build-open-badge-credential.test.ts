import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import type { ValidateFunction } from 'ajv/dist/2020.js';
import { beforeAll, describe, expect, test } from 'vitest';
import { buildOpenBadgeCredential } from './build-open-badge-credential.js';
import {
  OB_ACHIEVEMENT_CREDENTIAL_SCHEMA_URL,
  OB_V3P0_CONTEXT_URL,
  OB_V3P0_EXTENSIONS_CONTEXT_URL,
  VC_V1_CONTEXT_URL,
  VC_V2_CONTEXT_URL,
} from './context-urls.js';
import { CredentialValidationError } from './credential-validation-error.js';
import { InvalidInputError } from './invalid-input-error.js';
import type { OpenBadgeCredentialInput } from './open-badge-credential-input.js';
import { openBadgeCredentialJsonSchema } from './open-badge-json-schema.js';
import { ACHIEVEMENT_TYPES, RESULT_TYPES } from './open-badge-vocabularies.js';
import { conformanceDir as requireConformance } from '../../../test/support/conformance.js';
import { badgeInput } from './testing/fixtures.js';
import { ajvPaths, compile2020, compileDraft04 } from './testing/json-schema-validators.js';
import { checkCredential } from './validate-credential.js';

type Json = Record<string, unknown>;

const ourJsonSchema = compile2020(openBadgeCredentialJsonSchema);

function thrownBy(build: () => unknown): InvalidInputError {
  try {
    build();
  } catch (error) {
    if (error instanceof InvalidInputError) return error;
    throw error;
  }
  throw new Error('expected InvalidInputError, nothing was thrown');
}

describe('buildOpenBadgeCredential', () => {
  test('VC 2.0 form: contexts, validity, schema, issuer profile and subject', () => {
    const credential = buildOpenBadgeCredential({ ...badgeInput(), validUntil: '2029-05-01T12:00:00Z' }) as Json;
    expect(credential['@context']).toEqual([VC_V2_CONTEXT_URL, OB_V3P0_CONTEXT_URL, OB_V3P0_EXTENSIONS_CONTEXT_URL]);
    expect(credential.type).toEqual(['VerifiableCredential', 'OpenBadgeCredential']);
    expect(credential.name).toBe('Introduction to Python');
    expect(credential.validFrom).toBe('2024-05-01T12:00:00Z');
    expect(credential.validUntil).toBe('2029-05-01T12:00:00Z');
    expect(credential).not.toHaveProperty('issuanceDate');
    expect(credential.credentialSchema).toEqual([{ id: OB_ACHIEVEMENT_CREDENTIAL_SCHEMA_URL, type: '1EdTechJsonSchemaValidator2019' }]);
    expect(credential.issuer).toEqual({
      id: 'did:web:learn.example.org',
      type: ['Profile'],
      name: 'Example Academy',
      url: 'https://learn.example.org',
      email: 'badges@learn.example.org',
      image: { id: 'https://learn.example.org/logo.png', type: 'Image' },
    });
    expect(credential.credentialSubject).toEqual({
      id: 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK',
      type: ['AchievementSubject'],
      name: 'Ada Lovelace',
      identifier: [{ type: 'IdentityObject', identityHash: 'ada@example.org', identityType: 'emailAddress', hashed: false }],
      achievement: {
        id: 'https://learn.example.org/achievements/intro-python',
        type: ['Achievement'],
        achievementType: 'Course',
        name: 'Introduction to Python',
        description: 'Completed the introductory Python course.',
        criteria: { narrative: 'Pass every graded assignment with at least 60%.' },
        image: { id: 'https://learn.example.org/achievements/intro-python.png', type: 'Image', caption: 'Python badge' },
        tag: ['python', 'programming'],
        resultDescription: [
          {
            type: ['ResultDescription'],
            id: 'urn:uuid:7d1a3a55-2d8c-4c41-9e53-0f7b6e2c4a10',
            name: 'Final grade',
            resultType: 'LetterGrade',
            allowedValue: ['D', 'C', 'B', 'A'],
            requiredValue: 'D',
          },
        ],
      },
      result: [{ type: ['Result'], resultDescription: 'urn:uuid:7d1a3a55-2d8c-4c41-9e53-0f7b6e2c4a10', value: 'A' }],
    });
    expect(checkCredential(credential, { openBadge: true })).toEqual({ ok: true, form: 'vc2' });
  });

  test('VC 1.1 form: v1 context, issuanceDate/expirationDate, no proof-suite context', () => {
    const credential = buildOpenBadgeCredential({ ...badgeInput(), validUntil: '2029-05-01T12:00:00Z' }, { version: '1.1' }) as Json;
    expect(credential['@context']).toEqual([VC_V1_CONTEXT_URL, OB_V3P0_CONTEXT_URL, OB_V3P0_EXTENSIONS_CONTEXT_URL]);
    expect(credential.issuanceDate).toBe('2024-05-01T12:00:00Z');
    expect(credential.expirationDate).toBe('2029-05-01T12:00:00Z');
    expect(credential).not.toHaveProperty('validFrom');
    expect(credential).not.toHaveProperty('validUntil');
    expect(credential.credentialSchema).toEqual([{ id: OB_ACHIEVEMENT_CREDENTIAL_SCHEMA_URL, type: '1EdTechJsonSchemaValidator2019' }]);
    // 1EdTech's 1.1-era schema closes AchievementSubject, so the display name is left out.
    expect(credential.credentialSubject).not.toHaveProperty('name');
    expect(checkCredential(credential, { openBadge: true })).toEqual({ ok: true, form: 'vc1' });
  });

  test('the name defaults to the achievement name and can be set', () => {
    expect(buildOpenBadgeCredential({ ...badgeInput(), name: 'Python, 2024 cohort' }).name).toBe('Python, 2024 cohort');
  });

  test('hashed identifiers are salted SHA-256 IdentityHashes', () => {
    const input = badgeInput();
    input.recipient = { email: 'ada@example.org', lmsUserId: '4711', hashIdentifiers: true, salt: 'k9' };
    const subject = buildOpenBadgeCredential(input).credentialSubject as Json;
    const sha = (text: string) => `sha256$${createHash('sha256').update(text).digest('hex')}`;
    expect(subject.identifier).toEqual([
      { type: 'IdentityObject', identityHash: sha('ada@example.orgk9'), identityType: 'emailAddress', hashed: true, salt: 'k9' },
      { type: 'IdentityObject', identityHash: sha('4711k9'), identityType: 'systemId', hashed: true, salt: 'k9' },
    ]);
    expect(subject).not.toHaveProperty('id');
  });

  test('one status entry is written as an object, several as a list', () => {
    const entry = (index: number) => ({
      id: `https://learn.example.org/status/3#${index}`,
      type: 'BitstringStatusListEntry',
      statusPurpose: index === 1 ? 'revocation' : 'suspension',
      statusListIndex: String(index),
      statusListCredential: 'https://learn.example.org/status/3',
    });
    expect(buildOpenBadgeCredential({ ...badgeInput(), credentialStatus: [entry(1)] }).credentialStatus).toEqual(entry(1));
    expect(buildOpenBadgeCredential({ ...badgeInput(), credentialStatus: [entry(1), entry(2)] }).credentialStatus).toEqual([entry(1), entry(2)]);
  });

  test('checks its own output: an id-less status entry is fine in 2.0 but not in the 1.1 form', () => {
    const entry = { type: 'BitstringStatusListEntry', statusPurpose: 'revocation', statusListIndex: '3', statusListCredential: 'https://s.example/1' };
    const input = { ...badgeInput(), credentialStatus: [entry] };
    expect(buildOpenBadgeCredential(input).credentialStatus).toEqual(entry);
    let caught: unknown;
    try {
      buildOpenBadgeCredential(input, { version: '1.1' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(CredentialValidationError);
    expect((caught as CredentialValidationError).issues).toEqual([{ path: 'credentialStatus.id', message: 'is required' }]);
  });

  test('is pure: same input, same output, input untouched', () => {
    const input = badgeInput();
    const before = structuredClone(input);
    expect(buildOpenBadgeCredential(input)).toEqual(buildOpenBadgeCredential(input));
    expect(input).toEqual(before);
  });

  describe('bad input throws InvalidInputError naming every failing path', () => {
    test('several problems at once', () => {
      const input = badgeInput() as Json;
      const achievement = input.achievement as Json;
      delete achievement.criteria;
      achievement.achievementType = 'Trophy';
      input.recipient = { name: 'Nobody' };
      input.validFrom = '2024-05-01T12:00:00';
      input.colour = 'blue';
      const error = thrownBy(() => buildOpenBadgeCredential(input as OpenBadgeCredentialInput));
      expect(error.code).toBe('INVALID_INPUT');
      expect(error.details.issues).toBe(error.issues);
      expect(error.issues.map((issue) => issue.path).sort()).toEqual(
        ['', 'achievement.criteria', 'achievement.achievementType', 'recipient', 'validFrom'].sort(),
      );
      expect(error.issues.find((issue) => issue.path === '')?.message).toMatch(/colour/);
    });

    test('criteria needs an id or a narrative', () => {
      const input = badgeInput();
      input.achievement.criteria = {};
      expect(thrownBy(() => buildOpenBadgeCredential(input)).issues).toEqual([
        { path: 'achievement.criteria', message: 'must have an id or a narrative' },
      ]);
    });

    test('validFrom after validUntil', () => {
      const error = thrownBy(() => buildOpenBadgeCredential({ ...badgeInput(), validUntil: '2024-04-30T12:00:00Z' }));
      expect(error.issues).toEqual([{ path: 'validFrom', message: 'must not be later than validUntil' }]);
    });

    test('results must point at a result description of the achievement', () => {
      const input = { ...badgeInput(), results: [{ value: 'B' }, { resultDescription: 'urn:uuid:unknown', value: 'A' }] };
      expect(thrownBy(() => buildOpenBadgeCredential(input)).issues).toEqual([
        { path: 'results[1].resultDescription', message: 'must be the id of one of achievement.resultDescriptions' },
      ]);
    });

    test('a result for a Status description needs a status', () => {
      const input = badgeInput();
      input.achievement.resultDescriptions = [{ id: 'urn:uuid:status', name: 'Completion', resultType: 'Status' }];
      input.results = [{ resultDescription: 'urn:uuid:status' }];
      expect(thrownBy(() => buildOpenBadgeCredential(input)).issues).toEqual([
        { path: 'results[0].status', message: 'is required when the result description has resultType Status' },
      ]);
      input.results = [{ resultDescription: 'urn:uuid:status', status: 'Completed' }];
      expect(() => buildOpenBadgeCredential(input)).not.toThrow();
    });

    test('salt without hashing is a mistake', () => {
      const input = badgeInput();
      input.recipient = { email: 'ada@example.org', salt: 'k9' };
      expect(thrownBy(() => buildOpenBadgeCredential(input)).issues).toEqual([
        { path: 'recipient.salt', message: 'only applies when hashIdentifiers is true' },
      ]);
    });

    test('unknown version', () => {
      const error = thrownBy(() => buildOpenBadgeCredential(badgeInput(), { version: '3.0' as '2.0' }));
      expect(error.issues).toEqual([{ path: 'version', message: "must be '2.0' or '1.1'" }]);
    });
  });
});

// ---- property-based: every credential the builder produces is valid ----

const slug = fc.stringMatching(/^[a-z0-9]{1,12}$/);
const url = fc.oneof(
  fc.uuid().map((uuid) => `urn:uuid:${uuid}`),
  slug.map((s) => `did:example:${s}`),
  fc.tuple(slug, slug).map(([host, p]) => `https://${host}.example/${p}`),
  fc.webUrl({ withQueryParameters: true, withFragments: true }),
);
const text = fc.string({ minLength: 1, maxLength: 40 });
const email = fc.tuple(slug, slug).map(([local, domain]) => `${local}@${domain}.example.org`);
const image = fc.oneof(url, fc.record({ id: url, caption: fc.option(text, { nil: undefined }) }));
const optional = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: undefined });
const offsets = ['Z', '+00:00', '-08:00', '+05:30', '+14:00'];

/** A dateTimeStamp in some time zone, and its instant. */
const instant = fc.record({
  time: fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2090, 0, 1) }),
  offset: fc.constantFrom(...offsets),
  fraction: fc.boolean(),
});

function format({ time, offset, fraction }: { time: number; offset: string; fraction: boolean }): string {
  const minutes = offset === 'Z' ? 0 : (offset.startsWith('-') ? -1 : 1) * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6)));
  const local = new Date(time + minutes * 60_000).toISOString().slice(0, fraction ? 23 : 19);
  return `${local}${offset}`;
}

const inputArbitrary: fc.Arbitrary<OpenBadgeCredentialInput> = fc
  .record({
    id: url,
    name: optional(text),
    description: optional(fc.string({ maxLength: 80 })),
    issuer: fc.record(
      { id: url, name: text, url: url, email: email, image: image, description: fc.string({ maxLength: 80 }) },
      { requiredKeys: ['id', 'name'] },
    ),
    achievement: fc.record(
      {
        id: url,
        name: text,
        description: text,
        criteria: fc.oneof(fc.record({ narrative: text }), fc.record({ id: url }), fc.record({ id: url, narrative: text })),
        achievementType: fc.constantFrom(...ACHIEVEMENT_TYPES, 'ext:Hackathon'),
        image: image,
        tags: fc.array(text, { maxLength: 3 }),
        alignments: fc.array(
          fc.record(
            { targetName: text, targetUrl: url, targetCode: text, targetType: fc.constantFrom('CFItem', 'CTDL', 'ext:Local') },
            { requiredKeys: ['targetName', 'targetUrl'] },
          ),
          { maxLength: 2 },
        ),
        creditsAvailable: fc.double({ min: 0, max: 300, noNaN: true }),
        fieldOfStudy: text,
      },
      { requiredKeys: ['id', 'name', 'description', 'criteria'] },
    ),
    recipient: fc
      .record(
        {
          id: url,
          name: text,
          email: email,
          lmsUserId: slug,
          hashIdentifiers: fc.boolean(),
        },
        { requiredKeys: [] },
      )
      .chain((recipient) =>
        fc.record({ salt: recipient.hashIdentifiers ? optional(slug) : fc.constant(undefined) }).map(({ salt }) => ({ ...recipient, salt })),
      )
      .filter((recipient) => recipient.id !== undefined || recipient.email !== undefined || recipient.lmsUserId !== undefined),
    period: fc.tuple(instant, optional(fc.integer({ min: 0, max: 10 * 365 * 86_400_000 })), fc.constantFrom(...offsets)),
    resultDescriptions: fc.array(
      fc.record({
        id: fc.uuid().map((u) => `urn:uuid:${u}`),
        name: text,
        // Status descriptions need a status on every result; that rule has its own test.
        resultType: fc.constantFrom(...RESULT_TYPES.filter((t) => t !== 'Status')),
      }),
      { maxLength: 2 },
    ),
    resultValues: fc.array(text, { maxLength: 3 }),
    evidence: fc.array(
      fc.record({ id: url, name: text, narrative: text, genre: text }, { requiredKeys: ['name'] }),
      { maxLength: 2 },
    ),
    status: fc.boolean(),
  })
  .map(({ period: [start, length, untilOffset], resultDescriptions, resultValues, status, ...rest }) => {
    const descriptions = resultDescriptions.filter((d, i) => resultDescriptions.findIndex((o) => o.id === d.id) === i);
    const input: OpenBadgeCredentialInput = {
      ...rest,
      achievement: { ...rest.achievement, resultDescriptions: descriptions.length > 0 ? descriptions : undefined },
      validFrom: format(start),
      // Rounded up to a whole second, since this one is written without a fraction and must not move before validFrom.
      validUntil:
        length === undefined ? undefined : format({ time: Math.ceil((start.time + length) / 1000) * 1000, offset: untilOffset, fraction: false }),
      results:
        descriptions.length === 0
          ? undefined
          : resultValues.map((value, index) => ({ resultDescription: descriptions[index % descriptions.length]?.id, value })),
      credentialStatus: status
        ? [
            {
              id: `${rest.id}#status`,
              type: 'BitstringStatusListEntry',
              statusPurpose: 'revocation',
              statusListIndex: '7',
              statusListCredential: 'https://status.example/1',
            },
          ]
        : undefined,
    };
    return input;
  });

describe('every credential the builder produces is valid (property)', () => {
  test('VC 2.0 form passes our zod model and our JSON Schema', () => {
    fc.assert(
      fc.property(inputArbitrary, (input) => {
        const credential = buildOpenBadgeCredential(input);
        expect(checkCredential(credential, { form: 'vc2', openBadge: true })).toEqual({ ok: true, form: 'vc2' });
        expect(ourJsonSchema(credential) ? [] : ajvPaths(ourJsonSchema.errors)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  test('VC 1.1 form passes our zod model', () => {
    fc.assert(
      fc.property(inputArbitrary, (input) => {
        const credential = buildOpenBadgeCredential(input, { version: '1.1' });
        // Status-list entries are valid here but noted as outside 1EdTech's draft-04 schema (draft04Deviations).
        expect(checkCredential(credential, { form: 'vc1', openBadge: true })).toMatchObject({ ok: true, form: 'vc1' });
      }),
      { numRuns: 200 },
    );
  });
});

const conformance = requireConformance();

describe.skipIf(conformance === undefined)("VC 1.1 form against 1EdTech's draft-04 AchievementCredential schema", () => {
  let draft04: ValidateFunction;
  // In beforeAll, not the describe body: a skipped describe still runs its body to collect tests.
  beforeAll(() => {
    const schemaFile = path.join(conformance ?? '', 'ob3/schema/ob_v3p0_achievementcredential_schema_draft4.json');
    draft04 = compileDraft04(JSON.parse(readFileSync(schemaFile, 'utf8')) as Json);
  });
  const errorsOf = (credential: unknown) => (draft04(credential) ? [] : (draft04.errors ?? []));

  test('the schema is live: a 2.0-form credential (no issuanceDate) fails it', () => {
    expect(errorsOf(buildOpenBadgeCredential(badgeInput())).map((e) => (e.params as { missingProperty?: string }).missingProperty)).toContain(
      'issuanceDate',
    );
  });

  test('builder output without status entries passes (property)', () => {
    fc.assert(
      fc.property(inputArbitrary, (input) => {
        const credential = buildOpenBadgeCredential({ ...input, credentialStatus: undefined }, { version: '1.1' });
        expect(errorsOf(credential)).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });

  test('a status-list entry fails it, and only because that schema closes CredentialStatus to {id, type}', () => {
    const credential = buildOpenBadgeCredential(
      {
        ...badgeInput(),
        credentialStatus: [
          {
            id: 'https://learn.example.org/status/3#94567',
            type: 'BitstringStatusListEntry',
            statusPurpose: 'revocation',
            statusListIndex: '94567',
            statusListCredential: 'https://learn.example.org/status/3',
          },
        ],
      },
      { version: '1.1' },
    );
    const errors = errorsOf(credential);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.every((e) => e.instancePath === '/credentialStatus' && e.keyword === 'additionalProperties')).toBe(true);
  });

  test('builder output with the one 1EdTechRevocationList entry Laurel issues in this form passes (property)', () => {
    fc.assert(
      fc.property(inputArbitrary, (input) => {
        const credentialStatus = [{ id: 'https://verify.example/revocation-lists/issuer-1', type: '1EdTechRevocationList' }];
        const credential = buildOpenBadgeCredential({ ...input, credentialStatus }, { version: '1.1' });
        expect(credential.credentialStatus).toEqual(credentialStatus[0]);
        expect(errorsOf(credential)).toEqual([]);
      }),
      { numRuns: 100 },
    );
  });
});
