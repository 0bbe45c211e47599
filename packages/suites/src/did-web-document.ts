import { CONTEXT_URLS } from '@laurel/contexts';
import { verificationMethodOf, type PublicIssuerKey } from './keys.js';
import { InvalidKeyError } from './errors.js';

/**
 * The `did.json` for a did:web issuer. Every key stays listed so credentials
 * signed before a rotation keep verifying; a revoked key is listed with its
 * `revoked` date and removed from `assertionMethod`, so its proofs fail.
 */
export function buildDidWebDocument(did: string, keys: readonly PublicIssuerKey[]): Record<string, unknown> {
  if (!did.startsWith('did:web:')) throw new InvalidKeyError(`"${did}" is not a did:web DID.`);
  if (keys.length === 0) throw new InvalidKeyError('A DID document needs at least one key.');
  const methods = keys.map((key) => {
    if (key.controller !== did) throw new InvalidKeyError(`Key ${key.id} is controlled by ${key.controller}, not ${did}.`);
    return verificationMethodOf(key);
  });
  const active = keys.filter((key) => !key.revoked).map((key) => key.id);
  return {
    '@context': [CONTEXT_URLS.DID_V1, CONTEXT_URLS.MULTIKEY_V1],
    id: did,
    verificationMethod: methods,
    assertionMethod: active,
    authentication: active,
  };
}
