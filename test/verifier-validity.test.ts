// Validity periods through the verifier service, for VC 2.0 (validFrom/validUntil)
// and VC 1.1 (issuanceDate/expirationDate) credentials issued by the issuer service.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkOf, createIssuingFixture, createTestVerifier, type IssuingFixture, type TestVerifier } from './support/verifier.js';

describe.each(['2.0', '1.1'] as const)('verifier: validity dates of VC %s credentials', (vcVersion) => {
  let fixture: IssuingFixture;
  let verifier: TestVerifier;
  beforeAll(async () => {
    fixture = await createIssuingFixture({ vcVersion });
    verifier = createTestVerifier({ store: fixture.issuer.store });
  });
  afterAll(async () => {
    await verifier.close();
    await fixture.close();
  });

  const [startName, endName] = vcVersion === '1.1' ? ['issuanceDate', 'expirationDate'] : ['validFrom', 'validUntil'];

  it('a current credential verifies, status lists and all', async () => {
    const credential = await fixture.issue({ validUntil: '2099-01-01T00:00:00Z' });
    expect(credential[endName]).toBe('2099-01-01T00:00:00Z');
    const result = await verifier.verify(credential);
    expect(result.status, JSON.stringify(result.body)).toBe(200);
    expect(result.body.checks.every((check: { status: string }) => check.status === 'valid')).toBe(true);
  });

  it('an expired credential: validity invalid, and only validity', async () => {
    const credential = await fixture.issue({ validFrom: '2020-01-01T00:00:00Z', validUntil: '2021-01-01T00:00:00Z' });
    expect(credential[endName]).toBe('2021-01-01T00:00:00Z');
    const result = await verifier.verify(credential);
    expect(result.status).toBe(400);
    expect(result.body.verified).toBe(false);
    expect(checkOf(result.body, 'validity')).toMatchObject({ status: 'invalid', code: 'EXPIRED' });
    expect(result.body.errors.map((error: { check: string }) => error.check)).toEqual(['validity']);
  });

  it('a credential that is not valid yet: validity invalid', async () => {
    const credential = await fixture.issue({ validFrom: '2099-01-01T00:00:00Z' });
    expect(credential[startName]).toBe('2099-01-01T00:00:00Z');
    const result = await verifier.verify(credential);
    expect(result.status).toBe(400);
    expect(checkOf(result.body, 'validity')).toMatchObject({ status: 'invalid', code: 'NOT_YET_VALID' });
  });

  it("the verifier's clock decides, not the machine's", async () => {
    const credential = await fixture.issue({ validUntil: '2099-01-01T00:00:00Z' });
    const later = createTestVerifier({ store: fixture.issuer.store, now: () => new Date('2100-01-01T00:00:00Z') });
    try {
      expect(checkOf((await later.verify(credential)).body, 'validity')).toMatchObject({ status: 'invalid', code: 'EXPIRED' });
    } finally {
      await later.close();
    }
  });

  it('revocation works for this version too', async () => {
    const credential = await fixture.issue();
    await fixture.setStatus(credential.id, 'revoked');
    expect(checkOf((await verifier.verify(credential)).body, 'status')).toMatchObject({ status: 'invalid', code: 'REVOKED' });
  });
});
