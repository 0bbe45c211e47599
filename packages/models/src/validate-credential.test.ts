import { describe, expect, test } from 'vitest';
import { CredentialValidationError } from './credential-validation-error.js';
import { LaurelError } from './errors.js';
import { validCredential, validCredentialV1, validOpenBadge } from './testing/fixtures.js';
import { checkCredential, detectCredentialForm, validateCredential } from './validate-credential.js';

describe('validateCredential', () => {
  test('returns the credential itself when it conforms', () => {
    const credential = validCredential();
    expect(validateCredential(credential)).toBe(credential);
  });

  test('throws CredentialValidationError (a LaurelError, code INVALID_CREDENTIAL) listing every issue', () => {
    const credential = { ...validOpenBadge(), validFrom: undefined, name: 3 };
    let caught: unknown;
    try {
      validateCredential(credential, { openBadge: true });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(CredentialValidationError);
    expect(caught).toBeInstanceOf(LaurelError);
    const error = caught as CredentialValidationError;
    expect(error.code).toBe('INVALID_CREDENTIAL');
    expect(error.name).toBe('CredentialValidationError');
    expect(error.issues).toEqual([
      { path: 'name', message: 'Invalid input: expected string, received number' },
      { path: 'validFrom', message: 'is required' },
    ]);
    expect(error.details).toEqual({ issues: error.issues });
    expect(error.message).toBe(
      'Open Badges credential (VC 2.0 form) does not conform to its data model: ' +
        'name: Invalid input: expected string, received number; validFrom: is required',
    );
  });

  test('the message lists at most five issues and counts the rest', () => {
    const credential = { '@context': [], type: [], credentialSubject: [], issuer: 1, id: 'x', validFrom: 'y', validUntil: 'z' };
    const error = (() => {
      try {
        validateCredential(credential);
      } catch (e) {
        return e as CredentialValidationError;
      }
      throw new Error('expected a throw');
    })();
    expect(error.issues.length).toBe(7);
    expect(error.message).toMatch(/\(and 2 more\)$/);
  });

  test('openBadge applies the Open Badges rules on top of VC', () => {
    expect(() => validateCredential(validCredential())).not.toThrow();
    expect(() => validateCredential(validCredential(), { openBadge: true })).toThrow(CredentialValidationError);
  });
});

describe('form selection', () => {
  test('auto reads the first context', () => {
    expect(detectCredentialForm(validCredential())).toBe('vc2');
    expect(detectCredentialForm(validCredentialV1())).toBe('vc1');
    expect(detectCredentialForm({})).toBe('vc2');
    expect(detectCredentialForm(null)).toBe('vc2');
    expect(checkCredential(validCredentialV1())).toEqual({ ok: true, form: 'vc1' });
  });

  test('an explicit form overrides the context', () => {
    const result = checkCredential(validCredentialV1(), { form: 'vc2' });
    expect(result).toEqual({ ok: false, form: 'vc2', issues: [{ path: '@context[0]', message: 'must be https://www.w3.org/ns/credentials/v2' }] });
    expect(checkCredential(validCredential(), { form: 'vc1' })).toMatchObject({ ok: false, form: 'vc1' });
  });
});

describe('checkCredential', () => {
  test('does not throw, and reports a non-object document at the root', () => {
    expect(checkCredential('a credential')).toEqual({
      ok: false,
      form: 'vc2',
      issues: [{ path: '', message: expect.stringContaining('expected object') }],
    });
    expect(checkCredential(null)).toMatchObject({ ok: false, issues: [{ path: '' }] });
  });

  test('reports the same issues validateCredential throws', () => {
    const credential = { ...validCredential(), credentialSubject: {} };
    const result = checkCredential(credential);
    expect(result.ok).toBe(false);
    expect(() => validateCredential(credential)).toThrow(expect.objectContaining({ issues: result.ok ? [] : result.issues }));
  });
});
