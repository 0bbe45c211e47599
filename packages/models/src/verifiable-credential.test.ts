import { describe, expect, test } from 'vitest';
import { validCredential, validCredentialV1 } from './testing/fixtures.js';
import { collectIssues } from './validation-issue.js';
import { verifiableCredentialSchema } from './verifiable-credential.js';
import { verifiableCredentialV1Schema } from './verifiable-credential-v1.js';

type Credential = Record<string, unknown>;

function issuesOf(credential: Credential) {
  return collectIssues(verifiableCredentialSchema, credential);
}

function pathsOf(credential: Credential): string[] {
  return issuesOf(credential).map((issue) => issue.path);
}

function withChange(change: (credential: Credential) => void): Credential {
  const credential = validCredential();
  change(credential);
  return credential;
}

describe('verifiableCredentialSchema (VC Data Model 2.0)', () => {
  test('accepts a minimal valid credential', () => {
    expect(issuesOf(validCredential())).toEqual([]);
  });

  describe('@context', () => {
    test('first item must be the VC 2.0 context', () => {
      const credential = withChange((c) => (c['@context'] = ['https://www.w3.org/2018/credentials/v1']));
      expect(issuesOf(credential)).toEqual([{ path: '@context[0]', message: 'must be https://www.w3.org/ns/credentials/v2' }]);
    });

    test('must be an ordered list', () => {
      expect(pathsOf(withChange((c) => (c['@context'] = 'https://www.w3.org/ns/credentials/v2')))).toEqual(['@context']);
    });

    test('later string items must be URLs', () => {
      const credential = withChange((c) => (c['@context'] = ['https://www.w3.org/ns/credentials/v2', 'examples']));
      expect(pathsOf(credential)).toEqual(['@context[1]']);
    });
  });

  test('type must include VerifiableCredential', () => {
    expect(issuesOf(withChange((c) => (c.type = ['ExampleAlumniCredential'])))).toEqual([
      { path: 'type', message: "must include 'VerifiableCredential'" },
    ]);
    expect(pathsOf(withChange((c) => (c.type = [])))).toEqual(['type']);
    expect(pathsOf(withChange((c) => delete c.type))).toEqual(['type']);
  });

  describe('ids are URLs', () => {
    test.each([
      'urn:uuid:58172aac-d8ba-11ed-83dd-0b3aef56cc33',
      'did:example:123',
      'https://example.edu/credentials/1',
      'http://example.edu/c?x=1#f',
    ])('accepts %s', (id) => {
      expect(issuesOf(withChange((c) => (c.id = id)))).toEqual([]);
    });

    test.each(['credential-1', 'https://', 'http:/example.edu', 'https://exa mple.edu/x', '', 'urn:'])('rejects %j', (id) => {
      expect(pathsOf(withChange((c) => (c.id = id)))).toEqual(['id']);
    });

    test('credentialSubject.id must be a URL', () => {
      expect(pathsOf(withChange((c) => (c.credentialSubject = { id: 'learner 7', alumniOf: 'X' })))).toEqual(['credentialSubject.id']);
    });
  });

  describe('issuer', () => {
    test('is required', () => {
      expect(issuesOf(withChange((c) => delete c.issuer))).toEqual([{ path: 'issuer', message: 'is required' }]);
    });

    test('a string issuer must be a URL', () => {
      expect(pathsOf(withChange((c) => (c.issuer = 'Example University')))).toEqual(['issuer']);
    });

    test('an issuer object needs a URL id', () => {
      expect(issuesOf(withChange((c) => (c.issuer = { name: 'Example University' })))).toEqual([{ path: 'issuer.id', message: 'is required' }]);
      expect(pathsOf(withChange((c) => (c.issuer = { id: 'example-university' })))).toEqual(['issuer.id']);
      expect(issuesOf(withChange((c) => (c.issuer = { id: 'did:example:issuer', name: 'Example University' })))).toEqual([]);
    });

    test('must be a URL or an object', () => {
      expect(issuesOf(withChange((c) => (c.issuer = 42)))).toEqual([{ path: 'issuer', message: 'expected string or object' }]);
    });
  });

  describe('credentialSubject', () => {
    test('is required', () => {
      expect(issuesOf(withChange((c) => delete c.credentialSubject))).toEqual([{ path: 'credentialSubject', message: 'is required' }]);
    });

    test('an empty object is rejected', () => {
      expect(issuesOf(withChange((c) => (c.credentialSubject = {})))).toEqual([
        { path: 'credentialSubject', message: 'must contain at least one claim' },
      ]);
    });

    test('an empty list is rejected', () => {
      expect(pathsOf(withChange((c) => (c.credentialSubject = [])))).toEqual(['credentialSubject']);
    });

    test('every subject in a list must be a non-empty object', () => {
      const credential = withChange((c) => (c.credentialSubject = [{ id: 'did:example:a' }, {}, 'did:example:c']));
      expect(pathsOf(credential)).toEqual(['credentialSubject[1]', 'credentialSubject[2]']);
    });
  });

  describe('type is required on status, schema, refresh, evidence, terms of use, confidence and render entries', () => {
    test.each(['credentialStatus', 'credentialSchema', 'refreshService', 'evidence', 'termsOfUse', 'confidenceMethod', 'renderMethod'])(
      '%s as one object',
      (property) => {
        const credential = withChange((c) => (c[property] = { id: 'https://example.edu/entries/1' }));
        expect(issuesOf(credential)).toEqual([{ path: `${property}.type`, message: 'is required' }]);
      },
    );

    test.each(['credentialStatus', 'credentialSchema', 'refreshService', 'evidence', 'termsOfUse'])('%s as a list', (property) => {
      const credential = withChange(
        (c) => (c[property] = [{ id: 'https://example.edu/entries/1', type: 'Entry' }, { id: 'https://example.edu/entries/2' }]),
      );
      expect(issuesOf(credential)).toEqual([{ path: `${property}[1].type`, message: 'is required' }]);
    });

    test('a typed status entry passes, with or without id', () => {
      const entry = {
        id: 'https://example.edu/status/1#94567',
        type: 'BitstringStatusListEntry',
        statusPurpose: 'revocation',
        statusListIndex: '94567',
        statusListCredential: 'https://example.edu/status/1',
      };
      expect(issuesOf(withChange((c) => (c.credentialStatus = entry)))).toEqual([]);
      const { id: _id, ...withoutId } = entry;
      expect(issuesOf(withChange((c) => (c.credentialStatus = withoutId)))).toEqual([]);
    });

    test('credentialSchema also needs an id', () => {
      const credential = withChange((c) => (c.credentialSchema = { type: 'JsonSchema' }));
      expect(issuesOf(credential)).toEqual([{ path: 'credentialSchema.id', message: 'is required' }]);
    });

    test('status entry ids must be URLs', () => {
      expect(pathsOf(withChange((c) => (c.credentialStatus = { id: 'status-1', type: 'BitstringStatusListEntry' })))).toEqual([
        'credentialStatus.id',
      ]);
    });
  });

  describe('relatedResource', () => {
    const digest = 'sha384-OLBgp1GsljhM2TJ+sbHjaiH9txEUvgdDTAzHv2P24donTt6/529l+9Ua0vFImLlb';

    test('entries with a URL id and a digest pass', () => {
      const credential = withChange(
        (c) =>
          (c.relatedResource = [
            { id: 'https://www.w3.org/ns/credentials/v2', digestSRI: digest },
            { id: 'https://example.edu/logo.png', digestMultibase: 'uEiBZlVztZpfWHgPyslVv6-UwirFoQoRvW1htfx963sknNA', mediaType: 'image/png' },
          ]),
      );
      expect(issuesOf(credential)).toEqual([]);
    });

    test('an entry without digestSRI or digestMultibase is rejected', () => {
      const credential = withChange((c) => (c.relatedResource = [{ id: 'https://example.edu/logo.png' }]));
      expect(issuesOf(credential)).toEqual([{ path: 'relatedResource[0]', message: 'must include digestSRI or digestMultibase' }]);
    });

    test('an entry needs a URL id', () => {
      expect(issuesOf(withChange((c) => (c.relatedResource = { digestSRI: digest })))).toEqual([
        { path: 'relatedResource.id', message: 'is required' },
      ]);
      expect(pathsOf(withChange((c) => (c.relatedResource = { id: 'logo.png', digestSRI: digest })))).toEqual(['relatedResource.id']);
    });

    test('the same id may not be listed twice', () => {
      const credential = withChange(
        (c) =>
          (c.relatedResource = [
            { id: 'https://example.edu/logo.png', digestSRI: digest },
            { id: 'https://example.edu/other.png', digestSRI: digest },
            { id: 'https://example.edu/logo.png', digestSRI: digest },
          ]),
      );
      expect(issuesOf(credential)).toEqual([{ path: 'relatedResource[2].id', message: 'duplicates relatedResource[0].id' }]);
    });

    test('digests must be well formed', () => {
      const credential = withChange((c) => (c.relatedResource = { id: 'https://example.edu/logo.png', digestSRI: 'md5:abc' }));
      expect(pathsOf(credential)).toEqual(['relatedResource.digestSRI']);
    });
  });

  describe('validFrom and validUntil', () => {
    test('validFrom after validUntil is rejected', () => {
      const credential = withChange((c) => {
        c.validFrom = '2030-01-01T00:00:00Z';
        c.validUntil = '2029-12-31T23:59:59Z';
      });
      expect(issuesOf(credential)).toEqual([{ path: 'validFrom', message: 'must not be later than validUntil (2029-12-31T23:59:59Z)' }]);
    });

    test('order is compared as instants, across time zones', () => {
      const later = withChange((c) => {
        c.validFrom = '2030-01-01T00:30:00+01:00'; // 2029-12-31T23:30Z
        c.validUntil = '2029-12-31T23:00:00Z';
      });
      expect(pathsOf(later)).toEqual(['validFrom']);
      const fine = withChange((c) => {
        c.validFrom = '2030-01-01T00:30:00+01:00';
        c.validUntil = '2029-12-31T23:30:00Z';
      });
      expect(issuesOf(fine)).toEqual([]);
    });

    test.each(['2023-01-01T00:00:00', '2023-01-01', '2023-01-01T00:00Z', '2023-01-01 00:00:00Z', '2023-13-01T00:00:00Z', '2023-02-30T00:00:00Z'])(
      'rejects %s',
      (value) => {
        expect(pathsOf(withChange((c) => (c.validFrom = value)))).toEqual(['validFrom']);
        expect(pathsOf(withChange((c) => (c.validUntil = value)))).toEqual(['validUntil']);
      },
    );

    test('a date without a time zone is reported as such', () => {
      expect(issuesOf(withChange((c) => (c.validFrom = '2023-01-01T00:00:00')))).toEqual([
        { path: 'validFrom', message: 'must be an XML Schema dateTimeStamp with a time zone, e.g. 2024-05-01T12:00:00Z' },
      ]);
    });

    test.each(['2023-01-01T00:00:00Z', '2023-01-01T00:00:00.123456Z', '2023-01-01T00:00:00-08:00', '2024-02-29T23:59:59+14:00'])(
      'accepts %s',
      (value) => {
        expect(issuesOf(withChange((c) => (c.validFrom = value)))).toEqual([]);
      },
    );
  });

  describe('name and description', () => {
    test.each([
      'Alumni credential',
      { '@value': 'Alumni credential', '@language': 'en' },
      [
        { '@value': 'Alumni credential', '@language': 'en' },
        { '@value': 'Diplômé', '@language': 'fr-CA', '@direction': 'ltr' },
      ],
    ])('accepts %j', (value) => {
      expect(issuesOf(withChange((c) => ((c.name = value), (c.description = value))))).toEqual([]);
    });

    test('other values are rejected', () => {
      expect(pathsOf(withChange((c) => (c.name = 7)))).toEqual(['name']);
      expect(issuesOf(withChange((c) => (c.description = { '@language': 'en' })))).toEqual([{ path: 'description.@value', message: 'is required' }]);
      expect(pathsOf(withChange((c) => (c.name = { '@value': 'x', '@direction': 'up' })))).toEqual(['name.@direction']);
    });
  });

  test('several violations are all listed, each with its path', () => {
    const credential = withChange((c) => {
      c['@context'] = ['https://www.w3.org/2018/credentials/v1'];
      c.id = 'not a url';
      c.issuer = { name: 'No id' };
      c.credentialSubject = {};
      c.validFrom = '2030-01-01T00:00:00';
      c.validUntil = '2020-01-01T00:00:00Z';
      c.credentialStatus = [{ id: 'https://example.edu/status/1#1' }];
      c.relatedResource = [
        { id: 'https://example.edu/a', digestSRI: 'sha256-abc=' },
        { id: 'https://example.edu/a' },
      ];
    });
    expect(pathsOf(credential).sort()).toEqual(
      [
        '@context[0]',
        'id',
        'issuer.id',
        'credentialSubject',
        'validFrom',
        'credentialStatus[0].type',
        'relatedResource[1]',
        'relatedResource[1].id',
      ].sort(),
    );
  });

  test('the date order is still checked when other properties fail', () => {
    const credential = withChange((c) => {
      delete c.issuer;
      c.validFrom = '2030-01-01T00:00:00Z';
      c.validUntil = '2020-01-01T00:00:00Z';
    });
    expect(pathsOf(credential)).toEqual(['issuer', 'validFrom']);
  });

  test('unknown properties are kept: the data model is open', () => {
    const credential = withChange((c) => (c.extra = { anything: true }));
    const parsed = verifiableCredentialSchema.parse(credential);
    expect(parsed.extra).toEqual({ anything: true });
  });
});

describe('verifiableCredentialV1Schema (VC Data Model 1.1)', () => {
  function v1IssuesOf(credential: Credential) {
    return collectIssues(verifiableCredentialV1Schema, credential);
  }

  test('accepts a minimal valid credential', () => {
    expect(v1IssuesOf(validCredentialV1())).toEqual([]);
  });

  test('first context must be the VC 1.1 context', () => {
    const credential = { ...validCredentialV1(), '@context': ['https://www.w3.org/ns/credentials/v2'] };
    expect(v1IssuesOf(credential)).toEqual([{ path: '@context[0]', message: 'must be https://www.w3.org/2018/credentials/v1' }]);
  });

  test('issuanceDate is required and needs a time zone', () => {
    const { issuanceDate: _dropped, ...withoutDate } = validCredentialV1();
    expect(v1IssuesOf(withoutDate)).toEqual([{ path: 'issuanceDate', message: 'is required' }]);
    expect(v1IssuesOf({ ...validCredentialV1(), issuanceDate: '2010-01-01T19:23:24' }).map((i) => i.path)).toEqual(['issuanceDate']);
  });

  test('expirationDate must not be before issuanceDate', () => {
    expect(v1IssuesOf({ ...validCredentialV1(), expirationDate: '2030-01-01T00:00:00Z' })).toEqual([]);
    expect(v1IssuesOf({ ...validCredentialV1(), expirationDate: '2009-01-01T00:00:00Z' })).toEqual([
      { path: 'issuanceDate', message: 'must not be later than expirationDate (2009-01-01T00:00:00Z)' },
    ]);
  });

  test('status entries need an id and a type', () => {
    const credential = { ...validCredentialV1(), credentialStatus: { type: 'StatusList2021Entry' } };
    expect(v1IssuesOf(credential)).toEqual([{ path: 'credentialStatus.id', message: 'is required' }]);
  });

  test('credentialSubject must not be empty', () => {
    expect(v1IssuesOf({ ...validCredentialV1(), credentialSubject: {} }).map((i) => i.path)).toEqual(['credentialSubject']);
  });
});
