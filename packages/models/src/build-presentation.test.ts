import { describe, expect, test } from 'vitest';
import { buildOpenBadgeCredential } from './build-open-badge-credential.js';
import { buildPresentation } from './build-presentation.js';
import { InvalidInputError } from './invalid-input-error.js';
import { badgeInput } from './testing/fixtures.js';

describe('buildPresentation', () => {
  const credential = { ...buildOpenBadgeCredential(badgeInput()), proof: { type: 'DataIntegrityProof', proofValue: 'z3abc' } };

  test('VC 2.0 by default, credentials embedded as a list, untouched', () => {
    const presentation = buildPresentation({
      holder: 'did:example:holder',
      verifiableCredential: credential,
      id: 'urn:uuid:6b0d1e6c-0a52-4b79-bb0b-6c1f0e7f1a11',
    });
    expect(presentation).toEqual({
      '@context': ['https://www.w3.org/ns/credentials/v2'],
      type: ['VerifiablePresentation'],
      id: 'urn:uuid:6b0d1e6c-0a52-4b79-bb0b-6c1f0e7f1a11',
      holder: 'did:example:holder',
      verifiableCredential: [credential],
    });
    expect((presentation.verifiableCredential as unknown[])[0]).toBe(credential);
  });

  test('VC 1.1 form', () => {
    const v1 = buildOpenBadgeCredential(badgeInput(), { version: '1.1' });
    expect(buildPresentation({ version: '1.1', verifiableCredential: [v1] })).toEqual({
      '@context': ['https://www.w3.org/2018/credentials/v1'],
      type: ['VerifiablePresentation'],
      verifiableCredential: [v1],
    });
  });

  test('an empty presentation is allowed (holder authentication only)', () => {
    expect(buildPresentation({ holder: 'did:example:holder', verifiableCredential: [] })).toEqual({
      '@context': ['https://www.w3.org/ns/credentials/v2'],
      type: ['VerifiablePresentation'],
      holder: 'did:example:holder',
    });
  });

  test('bad input lists every failing path', () => {
    let caught: unknown;
    try {
      const notACredential = { type: 'VerifiableCredential' } as never;
      buildPresentation({ holder: 'the holder', id: 'vp-1', verifiableCredential: [credential, notACredential], version: '2.0' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InvalidInputError);
    expect((caught as InvalidInputError).code).toBe('INVALID_INPUT');
    expect((caught as InvalidInputError).issues.map((issue) => issue.path)).toEqual(['id', 'holder', 'verifiableCredential[1].@context']);
  });

  test('unknown options are rejected rather than ignored', () => {
    expect(() => buildPresentation({ holder: 'did:example:holder', challenge: 'abc' } as never)).toThrow(InvalidInputError);
  });
});
