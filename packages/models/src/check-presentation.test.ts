import { describe, expect, test } from 'vitest';
import { checkPresentation } from './check-presentation.js';
import { VC_V1_CONTEXT_URL, VC_V2_CONTEXT_URL } from './context-urls.js';
import { validCredential, validCredentialV1, validOpenBadge } from './testing/fixtures.js';

const presentation = (changes: Record<string, unknown> = {}) => ({
  '@context': [VC_V2_CONTEXT_URL],
  type: ['VerifiablePresentation'],
  verifiableCredential: [validCredential(), validOpenBadge()],
  ...changes,
});
const pathsOf = (value: unknown) => checkPresentation(value).issues.map((issue) => issue.path);

describe('checkPresentation: VC Data Model 2.0 presentation rules', () => {
  test('a well-formed presentation passes, and each credential is reported on its own (OB 3.0 rules for the badge)', () => {
    const result = checkPresentation(presentation());
    expect(result).toMatchObject({ ok: true, form: 'vc2', issues: [] });
    expect(result.credentials).toEqual([
      { index: 0, enveloped: false, openBadge: false, ok: true, form: 'vc2' },
      { index: 1, enveloped: false, openBadge: true, ok: true, form: 'vc2' },
    ]);
  });

  test('§4.13 holder is optional ("MAY include a holder property"); when present, a URL or an object with a URL id', () => {
    expect(checkPresentation(presentation()).ok).toBe(true);
    expect(checkPresentation(presentation({ holder: 'did:example:holder' })).ok).toBe(true);
    expect(checkPresentation(presentation({ holder: { id: 'did:example:holder', name: 'Ada' } })).ok).toBe(true);
    expect(pathsOf(presentation({ holder: 'not a url' }))).toEqual(['holder']);
    expect(pathsOf(presentation({ holder: { name: 'Ada' } }))).toEqual(['holder.id']);
  });

  test('§4.3 the first @context is the VC 2.0 base context; §4.4 type includes VerifiablePresentation; §4.5 id is a URL', () => {
    expect(pathsOf(presentation({ '@context': ['https://example.org/other'] }))).toContain('@context[0]');
    expect(pathsOf(presentation({ type: ['VerifiableCredential'] }))).toEqual(['type']);
    expect(pathsOf(presentation({ id: 'no url' }))).toEqual(['id']);
  });

  test('§4.13 verifiableCredential is optional, but its values are objects, never strings or numbers', () => {
    const { verifiableCredential: _none, ...empty } = presentation();
    expect(checkPresentation(empty)).toMatchObject({ ok: true, credentials: [] });
    expect(pathsOf(presentation({ verifiableCredential: ['https://example.org/credentials/1'] }))).toEqual(['verifiableCredential[0]']);
    expect(checkPresentation(presentation({ verifiableCredential: [42] })).ok).toBe(false);
  });

  test('a broken credential fails the presentation, reported under that credential, not the presentation', () => {
    const broken = { ...validCredential(), issuer: undefined };
    const result = checkPresentation(presentation({ verifiableCredential: [validCredential(), broken] }));
    expect(result.ok).toBe(false);
    expect(result.issues).toEqual([]);
    expect(result.credentials[0]).toMatchObject({ ok: true });
    expect(result.credentials[1]).toMatchObject({ ok: false, issues: [{ path: 'issuer', message: expect.any(String) }] });
  });

  test('§4.13.1 an EnvelopedVerifiableCredential is reported as enveloped; its id must be a data: URL', () => {
    const enveloped = (id: string) => ({ '@context': [VC_V2_CONTEXT_URL], id, type: ['EnvelopedVerifiableCredential'] });
    const result = checkPresentation(presentation({ verifiableCredential: [enveloped('data:application/vc+jwt,eyJhbGciOi...')] }));
    expect(result).toMatchObject({ ok: true, credentials: [{ index: 0, enveloped: true, ok: true }] });
    expect(checkPresentation(presentation({ verifiableCredential: [enveloped('https://example.org/vc')] })).credentials[0]).toMatchObject({ enveloped: true, ok: false });
  });

  test('a VC 1.1 presentation is held to the 1.1 model, its credentials to theirs', () => {
    const result = checkPresentation({ '@context': [VC_V1_CONTEXT_URL], type: ['VerifiablePresentation'], verifiableCredential: validCredentialV1() });
    expect(result).toMatchObject({ ok: true, form: 'vc1', credentials: [{ index: 0, ok: true, form: 'vc1' }] });
  });

  test('not an object at all: one issue at the root', () => {
    expect(checkPresentation('a string')).toMatchObject({ ok: false, credentials: [] });
    expect(pathsOf('a string')).toEqual(['']);
  });
});
