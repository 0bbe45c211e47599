import { describe, expect, it } from 'vitest';
import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import { createLmsJwtVerifier } from './lms-jwt.js';

async function signingKey(kid: string) {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' };
  const sign = (claims: Record<string, unknown>, withExp = true) => {
    const jwt = new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid }).setIssuedAt().setSubject('lms');
    if (withExp) jwt.setExpirationTime('5m');
    return jwt.sign(privateKey);
  };
  return { jwk, sign };
}

describe('LMS JWT verification', () => {
  it('picks up a key the LMS rotated in, fetching the JWKS again at most once a minute', async () => {
    const oldKey = await signingKey('2026-01');
    const newKey = await signingKey('2026-11');
    let published: JWK[] = [oldKey.jwk];
    let loads = 0;
    let clock = 1_000_000;
    const verifier = createLmsJwtVerifier({ loadJwks: async () => (loads++, { keys: published }) }, () => clock);

    expect((await verifier.verify(await oldKey.sign({ scope: 'read' }))).scope).toBe('read');
    expect(loads).toBe(1);

    // The LMS rotates; within the minute after our last fetch, an unknown kid is refused without a new fetch.
    published = [oldKey.jwk, newKey.jwk];
    await expect(verifier.verify(await newKey.sign({ scope: 'read' }))).rejects.toThrow();
    expect(loads).toBe(1);

    clock += 61_000;
    expect((await verifier.verify(await newKey.sign({ scope: 'issue' }))).scope).toBe('issue');
    expect(loads).toBe(2);
    // Known keys do not fetch again.
    await verifier.verify(await oldKey.sign({}));
    expect(loads).toBe(2);
  });

  it('refuses a JWT without exp, and a key that is nowhere in the JWKS even after a fresh fetch', async () => {
    const key = await signingKey('k1');
    const stranger = await signingKey('k2');
    let clock = 0;
    const verifier = createLmsJwtVerifier({ loadJwks: async () => ({ keys: [key.jwk] }) }, () => clock);
    await expect(verifier.verify(await key.sign({}, false))).rejects.toThrow(/exp/);
    clock += 120_000;
    await expect(verifier.verify(await stranger.sign({}))).rejects.toThrow();
  });

  it('accepts HS256 with the shared secret only, exp required', async () => {
    const secret = 'a-shared-secret-of-enough-length-for-hs256';
    const verifier = createLmsJwtVerifier({ secret });
    const token = (withExp: boolean) => {
      const jwt = new SignJWT({ scope: 'read' }).setProtectedHeader({ alg: 'HS256' });
      if (withExp) jwt.setExpirationTime('1m');
      return jwt.sign(new TextEncoder().encode(secret));
    };
    expect((await verifier.verify(await token(true))).scope).toBe('read');
    await expect(verifier.verify(await token(false))).rejects.toThrow(/exp/);
    expect(createLmsJwtVerifier({}).enabled).toBe(false);
  });
});
