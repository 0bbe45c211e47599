// The verifier's HTTP surface beyond the checks: the OpenAPI document matches
// what the service answers, browsers may call it cross-origin, presentations verify.
import { signPresentation, generateIssuerKey } from '@laurel/suites';
import { describe, expect, it } from 'vitest';
import { useIssuingVerifier } from './support/verifier.js';

describe('verifier: API surface', () => {
  const suite = useIssuingVerifier();

  it('/openapi.json documents reports, problems and the known issuer', async () => {
    const response = await suite.verifier.app.request('/openapi.json');
    expect(response.status).toBe(200);
    const document = (await response.json()) as any;
    for (const path of ['/credentials/verify', '/presentations/verify']) {
      const responses = document.paths[path].post.responses;
      expect(Object.keys(responses).sort(), path).toEqual(['200', '400', '413', '415', '503']);
      // A saturated worker pool (CRYPTO_WORKERS) answers 503 with Retry-After.
      expect(responses['503'].headers).toHaveProperty('Retry-After');
      expect(Object.keys(responses['400'].content).sort()).toEqual(['application/json', 'application/problem+json']);
    }
    expect(document.components.schemas.VerificationResult.properties).toHaveProperty('issuer');
    expect(document.components.schemas.Problem.properties).toHaveProperty('errors');
  });

  it('a body that is not JSON: 415 problem', async () => {
    const response = await suite.verifier.app.request('/credentials/verify', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{}' });
    expect(response.status).toBe(415);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
  });

  it('browsers on other origins may call the VC-API', async () => {
    const preflight = await suite.verifier.app.request('/credentials/verify', {
      method: 'OPTIONS',
      headers: { origin: 'https://employer.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(preflight.status).toBeLessThan(300);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('a presentation of a valid credential, signed by its holder, verifies; a wrong challenge does not', async () => {
    const holder = await generateIssuerKey();
    const presentation = await signPresentation(
      { '@context': ['https://www.w3.org/ns/credentials/v2'], type: ['VerifiablePresentation'], holder: holder.controller, verifiableCredential: [await suite.fixture.issue()] },
      { key: holder, challenge: 'challenge-123', domain: 'suite.verifier.test' },
    );
    const post = (challenge: string) =>
      suite.verifier.app.request('/presentations/verify', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ verifiablePresentation: presentation, options: { challenge, domain: 'suite.verifier.test' } }),
      });
    const good = await post('challenge-123');
    const report = (await good.json()) as any;
    expect(good.status, JSON.stringify(report)).toBe(200);
    expect(report.checks.map((check: { check: string }) => check.check)).toEqual([
      'proof',
      'holder',
      'schema',
      'credential[0].proof',
      'credential[0].validity',
      'credential[0].status',
      'credential[0].issuer',
      'credential[0].schema',
    ]);
    const replayed = await post('another-challenge');
    expect(replayed.status).toBe(400);
    expect(((await replayed.json()) as any).checks[0]).toMatchObject({ check: 'proof', status: 'invalid' });
  });
  it('VC Data Model 2.0 §4.13: a presentation without a holder (the property is OPTIONAL) verifies over the VC-API', async () => {
    const signer = await generateIssuerKey();
    const presentation = await signPresentation(
      { '@context': ['https://www.w3.org/ns/credentials/v2'], type: ['VerifiablePresentation'], verifiableCredential: [await suite.fixture.issue()] },
      { key: signer, challenge: 'challenge-456', domain: 'suite.verifier.test' },
    );
    const response = await suite.verifier.app.request('/presentations/verify', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ verifiablePresentation: presentation, options: { challenge: 'challenge-456', domain: 'suite.verifier.test' } }),
    });
    const report = (await response.json()) as any;
    expect(response.status, JSON.stringify(report)).toBe(200);
    expect(report.checks.find((check: { check: string }) => check.check === 'holder')).toMatchObject({ status: 'valid', details: { signers: [signer.controller] } });
  });
  it('VC Data Model 2.0 §4.4: a signed presentation whose type lacks VerifiablePresentation fails its own schema check, naming the property', async () => {
    const signer = await generateIssuerKey();
    const presentation = await signPresentation(
      { '@context': ['https://www.w3.org/ns/credentials/v2'], type: ['VerifiablePresentation'], verifiableCredential: [await suite.fixture.issue()] },
      { key: signer, challenge: 'challenge-789', domain: 'suite.verifier.test' },
    );
    // Signed, then changed: the proof fails too, but the model check names what is wrong on its own.
    const response = await suite.verifier.app.request('/presentations/verify', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ verifiablePresentation: { ...presentation, type: ['Presentation'] }, options: { challenge: 'challenge-789', domain: 'suite.verifier.test' } }),
    });
    const report = (await response.json()) as any;
    expect(response.status).toBe(400);
    expect(report.checks.find((check: { check: string }) => check.check === 'schema')).toMatchObject({ status: 'invalid', code: 'SCHEMA_VIOLATION', reason: expect.stringContaining('type') });
    expect(report.verdict).toBe('invalid');
  });
});
