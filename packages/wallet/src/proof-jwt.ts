import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { didKeyFromPublicKeyMultibase, isEd25519DidKey, resolveDidKey } from '@laurel/contexts';
import { decodeProtectedHeader, importJWK, jwtVerify, type JWK, type JWTPayload } from 'jose';
import { WALLET_TTL } from './deps.js';
import { OAuthError } from './errors.js';

export const PROOF_JWT_TYPE = 'openid4vci-proof+jwt';

const ALGORITHMS = ['EdDSA', 'Ed25519', 'ES256'];

function invalidProof(description: string): OAuthError {
  return new OAuthError('invalid_proof', 400, description);
}

/** The holder's DID and public JWK from a `kid` that is a did:key URL. */
async function fromDidKey(kid: string): Promise<{ holder: string; jwk: JWK }> {
  if (!isEd25519DidKey(kid)) throw invalidProof('The proof `kid` must be an Ed25519 did:key URL.');
  let method: Record<string, unknown>;
  try {
    const url = kid.includes('#') ? kid : `${kid}#${kid.slice('did:key:'.length)}`;
    method = await resolveDidKey(url);
  } catch {
    throw invalidProof('The proof `kid` is not a resolvable did:key.');
  }
  const pair = await Ed25519Multikey.from(method);
  const { publicKey } = (await pair.export({ publicKey: true, raw: true })) as { publicKey: Uint8Array };
  return { holder: kid.split('#')[0]!, jwk: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(publicKey).toString('base64url') } };
}

/**
 * The holder DID for a `jwk` header: an Ed25519 key is named as its did:key,
 * any other key as did:jwk (the key itself, base64url).
 */
async function fromJwk(jwk: JWK): Promise<{ holder: string; jwk: JWK }> {
  if ('d' in jwk) throw invalidProof('The proof `jwk` must not contain a private key.');
  if (jwk.kty === 'OKP' && jwk.crv === 'Ed25519' && typeof jwk.x === 'string') {
    const pair = await Ed25519Multikey.fromRaw({ publicKey: new Uint8Array(Buffer.from(jwk.x, 'base64url')) });
    const { publicKeyMultibase } = (await pair.export({ publicKey: true })) as { publicKeyMultibase: string };
    return { holder: didKeyFromPublicKeyMultibase(publicKeyMultibase), jwk };
  }
  const { kty, crv, x, y, n, e } = jwk;
  const publicJwk = Object.fromEntries(Object.entries({ kty, crv, x, y, n, e }).filter(([, value]) => value !== undefined));
  return { holder: `did:jwk:${Buffer.from(JSON.stringify(publicJwk)).toString('base64url')}`, jwk };
}

/**
 * Checks an `openid4vci-proof+jwt` (OpenID4VCI 1.0 Appendix F.1): type,
 * algorithm, key (did:key `kid` or `jwk`), signature, audience = our
 * Credential Issuer Identifier, `iat` recent. Returns the holder DID and the
 * nonce it signed; the caller consumes the nonce.
 */
export async function checkProofJwt(jwt: string, audience: string, now: Date): Promise<{ holder: string; nonce: string }> {
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(jwt);
  } catch {
    throw invalidProof('The proof is not a JWT.');
  }
  if (header.typ !== PROOF_JWT_TYPE) throw invalidProof(`The proof JWT must have typ "${PROOF_JWT_TYPE}".`);
  if (typeof header.alg !== 'string' || !ALGORITHMS.includes(header.alg)) throw invalidProof(`The proof JWT algorithm must be one of ${ALGORITHMS.join(', ')}.`);
  if ((header.kid === undefined) === (header.jwk === undefined)) throw invalidProof('The proof JWT must name its key by exactly one of `kid` (a did:key URL) or `jwk`.');
  const { holder, jwk } = header.kid !== undefined ? await fromDidKey(header.kid) : await fromJwk(header.jwk as JWK);
  let payload: JWTPayload;
  try {
    const key = await importJWK(jwk, header.alg);
    ({ payload } = await jwtVerify(jwt, key, {
      typ: PROOF_JWT_TYPE,
      audience,
      algorithms: ALGORITHMS,
      currentDate: now,
      maxTokenAge: WALLET_TTL.proofAgeSeconds,
      clockTolerance: WALLET_TTL.clockToleranceSeconds,
    }));
  } catch (error) {
    throw invalidProof(`The proof JWT does not verify: ${error instanceof Error ? error.message : String(error)}.`);
  }
  if (typeof payload.nonce !== 'string' || payload.nonce === '') throw new OAuthError('invalid_nonce', 400, 'The proof JWT carries no nonce; get one from the nonce endpoint.');
  return { holder, nonce: payload.nonce };
}
