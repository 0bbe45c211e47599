import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { openBadgeCredentialSchema, openBadgeCredentialV1Schema } from './open-badge-credential.js';
import { openBadgeCredentialJsonSchema } from './open-badge-json-schema.js';
import { conformanceDir as requireConformance } from '../../../test/support/conformance.js';
import { validOpenBadge } from './testing/fixtures.js';
import { ajvPaths, compile2020 } from './testing/json-schema-validators.js';
import { checkCredential } from './validate-credential.js';
import { collectIssues } from './validation-issue.js';

type Json = Record<string, unknown>;

const jsonSchemaValidate = compile2020(openBadgeCredentialJsonSchema);

function zodPaths(credential: unknown): string[] {
  return collectIssues(openBadgeCredentialSchema, credential).map((issue) => issue.path);
}

function jsonSchemaPaths(credential: unknown): string[] {
  return jsonSchemaValidate(credential) ? [] : ajvPaths(jsonSchemaValidate.errors);
}

function badge(change: (credential: Json, subject: Json, achievement: Json) => void): Json {
  const credential = validOpenBadge();
  const subject = credential.credentialSubject as Json;
  change(credential, subject, subject.achievement as Json);
  return credential;
}

function withoutProof(credential: Json): Json {
  const { proof: _proof, ...rest } = credential;
  return rest;
}

describe('openBadgeCredentialSchema (OB 3.0, VC 2.0 form)', () => {
  test('a minimal hand-written badge passes the zod model and the JSON Schema', () => {
    expect(zodPaths(validOpenBadge())).toEqual([]);
    expect(jsonSchemaPaths(validOpenBadge())).toEqual([]);
  });

  test('a badge without achievement.criteria fails at credentialSubject.achievement.criteria in both', () => {
    const credential = badge((_c, _s, achievement) => delete achievement.criteria);
    expect(collectIssues(openBadgeCredentialSchema, credential)).toEqual([
      { path: 'credentialSubject.achievement.criteria', message: 'is required' },
    ]);
    expect(jsonSchemaPaths(credential)).toEqual(['credentialSubject.achievement.criteria']);
  });

  test('criteria must have an id or a narrative, in both', () => {
    const credential = badge((_c, _s, achievement) => (achievement.criteria = {}));
    expect(collectIssues(openBadgeCredentialSchema, credential)).toEqual([
      { path: 'credentialSubject.achievement.criteria', message: 'must have an id or a narrative' },
    ]);
    expect(jsonSchemaPaths(credential)).toContain('credentialSubject.achievement.criteria');
    expect(zodPaths(badge((_c, _s, a) => (a.criteria = { id: 'https://example.edu/criteria' })))).toEqual([]);
  });

  test.each([
    ['validFrom is required', (c: Json) => delete c.validFrom, 'validFrom'],
    ['name is required', (c: Json) => delete c.name, 'name'],
    ['name is a plain string in OB', (c: Json) => (c.name = { '@value': 'Teamwork' }), 'name'],
    ['id is required', (c: Json) => delete c.id, 'id'],
    ['type must include OpenBadgeCredential or AchievementCredential', (c: Json) => (c.type = ['VerifiableCredential']), 'type'],
    ['the OB context must come second', (c: Json) => (c['@context'] = ['https://www.w3.org/ns/credentials/v2']), '@context[1]'],
    [
      'VC 2.0 badges use context 3.0.3 or later',
      (c: Json) => (c['@context'] = ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json']),
      '@context[1]',
    ],
    ['issuer must be a Profile object', (c: Json) => (c.issuer = 'https://example.edu/issuers/565049'), 'issuer'],
    ['issuer type must include Profile', (c: Json) => ((c.issuer as Json).type = ['Issuer']), 'issuer.type'],
    ['issuer email must be an email address', (c: Json) => ((c.issuer as Json).email = 'registrar'), 'issuer.email'],
    ['subject type must include AchievementSubject', (c: Json) => ((c.credentialSubject as Json).type = ['Person']), 'credentialSubject.type'],
    ['achievement is required', (c: Json) => delete (c.credentialSubject as Json).achievement, 'credentialSubject.achievement'],
    ['images are Image objects', (c: Json) => (c.image = 'https://example.edu/badge.png'), 'image'],
    ['an Image has type Image', (c: Json) => (c.image = { id: 'https://example.edu/badge.png', type: 'Picture' }), 'image.type'],
    ['validFrom must not be after validUntil', (c: Json) => (c.validUntil = '2023-01-01T00:00:00Z'), 'validFrom'],
  ])('%s', (_title, change, expectedPath) => {
    const credential = validOpenBadge();
    change(credential);
    expect(zodPaths(credential)).toEqual([expectedPath]);
  });

  test.each([
    ['achievement type must include Achievement', (a: Json) => (a.type = 'Badge'), 'credentialSubject.achievement.type'],
    ['achievement name is required', (a: Json) => delete a.name, 'credentialSubject.achievement.name'],
    ['achievement description is required', (a: Json) => delete a.description, 'credentialSubject.achievement.description'],
    ['achievement id must be a URL', (a: Json) => (a.id = 'teamwork'), 'credentialSubject.achievement.id'],
    ['achievementType is from the vocabulary', (a: Json) => (a.achievementType = 'Trophy'), 'credentialSubject.achievement.achievementType'],
    [
      'a result description needs a name and a result type',
      (a: Json) => (a.resultDescription = [{ id: 'urn:uuid:1', type: ['ResultDescription'] }]),
      'credentialSubject.achievement.resultDescription[0].name credentialSubject.achievement.resultDescription[0].resultType',
    ],
    [
      'an alignment needs a target URL',
      (a: Json) => (a.alignment = [{ type: ['Alignment'], targetName: 'Skill' }]),
      'credentialSubject.achievement.alignment[0].targetUrl',
    ],
  ])('%s', (_title, change, expectedPaths) => {
    expect(zodPaths(badge((_c, _s, achievement) => change(achievement)))).toEqual(expectedPaths.split(' '));
  });

  test('achievementType accepts ext: extension terms', () => {
    expect(zodPaths(badge((_c, _s, a) => (a.achievementType = 'ext:Hackathon')))).toEqual([]);
    expect(jsonSchemaPaths(badge((_c, _s, a) => (a.achievementType = 'ext:Hackathon')))).toEqual([]);
    expect(jsonSchemaPaths(badge((_c, _s, a) => (a.achievementType = 'Trophy')))).toContain('credentialSubject.achievement.achievementType');
  });

  describe('AchievementSubject', () => {
    const email = { type: 'IdentityObject', identityHash: 'ada@example.org', identityType: 'emailAddress', hashed: false };

    test('needs an id or at least one identifier', () => {
      const anonymous = badge((_c, subject) => delete subject.id);
      expect(collectIssues(openBadgeCredentialSchema, anonymous)).toEqual([
        { path: 'credentialSubject', message: 'must have an id or at least one identifier' },
      ]);
      expect(jsonSchemaPaths(anonymous)).toContain('credentialSubject');
      const identified = badge((_c, subject) => {
        delete subject.id;
        subject.identifier = [email];
      });
      expect(zodPaths(identified)).toEqual([]);
      expect(jsonSchemaPaths(identified)).toEqual([]);
    });

    test('an IdentityObject is closed and typed', () => {
      const credential = badge((_c, subject) => (subject.identifier = [{ ...email, type: 'Identity', label: 'work' }]));
      expect(zodPaths(credential).sort()).toEqual(['credentialSubject.identifier[0]', 'credentialSubject.identifier[0].type']);
    });

    test('a hashed identity must be an IdentityHash', () => {
      const plainButHashed = badge((_c, subject) => (subject.identifier = [{ ...email, hashed: true }]));
      expect(zodPaths(plainButHashed)).toEqual(['credentialSubject.identifier[0].identityHash']);
      expect(jsonSchemaPaths(plainButHashed)).toContain('credentialSubject.identifier[0].identityHash');
      const hashed = badge(
        (_c, subject) =>
          (subject.identifier = [{ ...email, hashed: true, identityHash: `sha256$${'ab'.repeat(32)}`, salt: 'pepper' }]),
      );
      expect(zodPaths(hashed)).toEqual([]);
      expect(jsonSchemaPaths(hashed)).toEqual([]);
    });

    test('results are typed and their status is from the vocabulary', () => {
      const credential = badge((_c, subject) => (subject.result = [{ type: ['Result'], status: 'Done' }, { value: 'A' }]));
      expect(zodPaths(credential)).toEqual(['credentialSubject.result[0].status', 'credentialSubject.result[1].type']);
    });
  });

  test('evidence entries are typed Evidence, one or many', () => {
    const one = { id: 'https://example.edu/evidence/1', type: ['Evidence'], name: 'Report' };
    expect(zodPaths(badge((c) => (c.evidence = one)))).toEqual([]);
    expect(zodPaths(badge((c) => (c.evidence = [one, { ...one, type: ['Document'] }])))).toEqual(['evidence[1].type']);
  });

  test('the VC 2.0 rules still apply underneath', () => {
    const credential = badge((c) => (c.credentialStatus = { id: 'https://example.edu/status/1#3' }));
    expect(zodPaths(credential)).toEqual(['credentialStatus.type']);
  });

  test('several violations are all listed', () => {
    const credential = badge((c, subject, achievement) => {
      delete c.validFrom;
      (c.issuer as Json).type = 'Organization';
      delete achievement.criteria;
      achievement.image = { id: 'https://example.edu/a.png' };
      subject.identifier = [{ type: 'IdentityObject', hashed: true, identityHash: 'x', identityType: 'emailAddress' }];
    });
    expect(zodPaths(credential).sort()).toEqual(
      [
        'validFrom',
        'issuer.type',
        'credentialSubject.achievement.criteria',
        'credentialSubject.achievement.image.type',
        'credentialSubject.identifier[0].identityHash',
      ].sort(),
    );
    expect(jsonSchemaPaths(credential)).toEqual(
      expect.arrayContaining(['validFrom', 'credentialSubject.achievement.criteria', 'credentialSubject.achievement.image.type']),
    );
  });
});

const conformance = requireConformance();

describe.skipIf(conformance === undefined)('1EdTech conformance samples (proof removed)', () => {
  const dir = path.join(conformance ?? '', 'ob3');
  const read = (file: string): Json => withoutProof(JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as Json);

  /** Expected outcome for each sample; listing them all makes a new sample fail until someone looks at it. */
  const expectations: Record<string, { form: 'vc2' | 'vc1'; openBadgeIssues: string[]; badgeSchemaIssues?: string[] }> = {
    'complete.json': { form: 'vc2', openBadgeIssues: [] },
    'simple.json': { form: 'vc2', openBadgeIssues: [] },
    'simple-did-key-method.json': { form: 'vc2', openBadgeIssues: [] },
    'simple-did-web-method.json': { form: 'vc2', openBadgeIssues: [] },
    'simple-multiple-proofs.json': { form: 'vc2', openBadgeIssues: [] },
    // An EndorsementCredential: valid against OB 3.0's EndorsementCredential class, though not a badge
    // (so our OpenBadgeCredential JSON Schema still refuses it).
    'endorsement-valid.json': { form: 'vc2', openBadgeIssues: [], badgeSchemaIssues: ['type', 'credentialSubject.type', 'credentialSubject.achievement'] },
    // VC 1.1-era samples: judged by the VC 1.1 form of the model.
    'simple-eddsa-2022.json': { form: 'vc1', openBadgeIssues: [] },
    // A 1.1 "badge" whose subject names no achievement: not a valid OB 3.0 credential in any form.
    'simple-noproof.json': { form: 'vc1', openBadgeIssues: ['credentialSubject.achievement'] },
  };

  test('every sample in the folder has an expectation', () => {
    expect(readdirSync(path.join(dir, 'samples')).filter((f) => f.endsWith('.json')).sort()).toEqual(Object.keys(expectations).sort());
  });

  test.each(Object.entries(expectations))('%s', (file, expected) => {
    const credential = read(path.join('samples', file));
    const generic = checkCredential(credential);
    expect(generic).toEqual({ ok: true, form: expected.form });

    const result = checkCredential(credential, { openBadge: true });
    expect(result.form).toBe(expected.form);
    expect(result.ok ? [] : result.issues.map((issue) => issue.path)).toEqual(expected.openBadgeIssues);
    if (expected.form === 'vc2') {
      const jsonPaths = jsonSchemaPaths(credential);
      const badgeIssues = expected.badgeSchemaIssues ?? expected.openBadgeIssues;
      if (badgeIssues.length === 0) expect(jsonPaths).toEqual([]);
      else expect(jsonPaths).toEqual(expect.arrayContaining(badgeIssues));
    }
  });

  test('the OB linked-data-proof test vector input passes', () => {
    const credential = read('ldp-test-vector/unsigned.json');
    expect(collectIssues(openBadgeCredentialSchema, credential)).toEqual([]);
    expect(jsonSchemaPaths(credential)).toEqual([]);
  });

  test('the VC 1.1 sample fails the VC 2.0 form precisely because of its form', () => {
    const credential = read('samples/simple-eddsa-2022.json');
    expect(collectIssues(openBadgeCredentialV1Schema, credential)).toEqual([]);
    expect(checkCredential(credential, { form: 'vc2', openBadge: true })).toEqual({
      ok: false,
      form: 'vc2',
      issues: [
        { path: '@context[0]', message: 'must be https://www.w3.org/ns/credentials/v2' },
        { path: '@context[1]', message: expect.stringContaining('must be a URL matching') },
        { path: 'validFrom', message: 'is required' },
      ],
    });
  });
});

describe('OB 3.0 Profile.parentOrg and EndorsementCredentials', () => {
  const endorsement = (change: (endorsement: Json) => void = () => undefined): Json => {
    const value: Json = {
      '@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
      id: 'https://endorser.example/endorsements/1',
      type: ['VerifiableCredential', 'EndorsementCredential'],
      issuer: { id: 'https://endorser.example/profile', type: ['Profile'] },
      validFrom: '2026-01-01T00:00:00Z',
      credentialSubject: { id: 'https://example.edu/issuers/1', type: ['EndorsementSubject'], endorsementComment: 'A fine issuer.' },
    };
    change(value);
    return value;
  };

  test('OB 3.0 Profile.parentOrg is a Profile: one without the Profile type, or without an id, fails in both', () => {
    const ok = badge((credential) => ((credential.issuer as Json).parentOrg = { id: 'https://parent.example.edu', type: ['Profile'], name: 'Parent' }));
    expect(zodPaths(ok)).toEqual([]);
    expect(jsonSchemaPaths(ok)).toEqual([]);
    for (const parentOrg of [{ id: 'https://parent.example.edu', type: ['Organization'] }, { type: ['Profile'] }, 'https://parent.example.edu']) {
      const credential = badge((c) => ((c.issuer as Json).parentOrg = parentOrg));
      expect(zodPaths(credential).some((p) => p.startsWith('issuer.parentOrg')), JSON.stringify(parentOrg)).toBe(true);
      expect(jsonSchemaPaths(credential).some((p) => p.startsWith('issuer.parentOrg')), JSON.stringify(parentOrg)).toBe(true);
    }
  });

  test('OB 3.0 EndorsementCredential inside a credential, its issuer profile and its achievement is validated, in both', () => {
    const places: [string, (c: Json, s: Json, a: Json, value: Json) => void][] = [
      ['endorsement', (c, _s, _a, value) => (c.endorsement = [value])],
      ['issuer.endorsement', (c, _s, _a, value) => ((c.issuer as Json).endorsement = [value])],
      ['credentialSubject.achievement.endorsement', (_c, _s, a, value) => (a.endorsement = [value])],
    ];
    for (const [where, put] of places) {
      expect(zodPaths(badge((c, s, a) => put(c, s, a, endorsement()))), where).toEqual([]);
      const broken = [
        endorsement((e) => (e.type = ['VerifiableCredential'])),
        endorsement((e) => ((e.credentialSubject as Json).type = ['AchievementSubject'])),
        endorsement((e) => delete e.validFrom),
        endorsement((e) => delete e.id),
      ];
      for (const value of broken) {
        const credential = badge((c, s, a) => put(c, s, a, value));
        expect(zodPaths(credential).some((p) => p.startsWith(`${where}[0]`)), `${where}: ${JSON.stringify(value)}`).toBe(true);
        expect(jsonSchemaPaths(credential).some((p) => p.startsWith(`${where}[0]`)), `${where}: ${JSON.stringify(value)}`).toBe(true);
      }
    }
  });
});

test('OB 3.0 EndorsementCredential on its own: checked against its class when Open Badges rules apply', () => {
  const endorsement = {
    '@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
    id: 'https://endorser.example/endorsements/1',
    type: ['VerifiableCredential', 'EndorsementCredential'],
    issuer: { id: 'https://endorser.example/profile', type: ['Profile'] },
    validFrom: '2026-01-01T00:00:00Z',
    credentialSubject: { id: 'https://example.edu/issuers/1', type: ['EndorsementSubject'] },
  };
  expect(checkCredential(endorsement, { openBadge: true })).toEqual({ ok: true, form: 'vc2' });
  const wrongSubject = { ...endorsement, credentialSubject: { id: 'https://example.edu/issuers/1', type: ['AchievementSubject'] } };
  const result = checkCredential(wrongSubject, { openBadge: true });
  expect(result.ok ? [] : result.issues.map((issue) => issue.path)).toEqual(['credentialSubject.type']);
});
