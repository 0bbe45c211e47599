import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { isDeeplyFrozen } from '@laurel/models';

/**
 * node:crypto key objects, imported once per key. The stock Multikey signer
 * re-imports the secret key from DER on every signature (about a tenth of
 * the cost of signing a credential); Ed25519 signatures are deterministic
 * (RFC 8032 §5.1.6), so a cached key object signs the same bytes.
 */
const DER_PRIVATE_KEY_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const DER_PUBLIC_KEY_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
const MAX_KEYS = 256;

/** A bounded map whose oldest entry leaves first. */
export function boundedSet<V>(map: Map<string, V>, key: string, value: V): V {
  map.set(key, value);
  if (map.size > MAX_KEYS) map.delete(map.keys().next().value!);
  return value;
}

const privateKeys = new Map<string, KeyObject>();
const publicKeys = new Map<string, KeyObject>();
const publicKeysByMethod = new WeakMap<object, KeyObject>();

export interface Signer {
  id: string;
  algorithm: 'Ed25519';
  sign(input: { data: Uint8Array }): Promise<Uint8Array>;
}

export interface Verifier {
  id: string;
  algorithm: 'Ed25519';
  verify(input: { data: Uint8Array; signature: Uint8Array }): Promise<boolean>;
}

/** A signer for a stock key pair whose secret half is imported into node:crypto once. */
export function cachedSigner(pair: Ed25519Multikey.Ed25519MultikeyPair, secretKeyMultibase: string): Signer {
  let keyObject = privateKeys.get(secretKeyMultibase);
  if (!keyObject) {
    const seed = (pair as unknown as { secretKey: Uint8Array }).secretKey.subarray(0, 32);
    keyObject = boundedSet(privateKeys, secretKeyMultibase, createPrivateKey({ key: Buffer.concat([DER_PRIVATE_KEY_PREFIX, seed]), format: 'der', type: 'pkcs8' }));
  }
  const key = keyObject;
  return { id: String(pair.id), algorithm: 'Ed25519', sign: async ({ data }) => sign(null, data, key) };
}

async function importPublicKey(verificationMethod: Record<string, unknown>): Promise<KeyObject> {
  const pair = await Ed25519Multikey.from(verificationMethod);
  const stockVerifier = pair.verifier() as { algorithm?: string };
  if (stockVerifier.algorithm !== 'Ed25519') throw new Error(`Unsupported verifier algorithm ${String(stockVerifier.algorithm)}.`);
  const publicKey = (pair as unknown as { publicKey: Uint8Array }).publicKey;
  return createPublicKey({ key: Buffer.concat([DER_PUBLIC_KEY_PREFIX, publicKey]), format: 'der', type: 'spki' });
}

/**
 * A verifier for a verification method. The method is imported with the stock
 * library the first time (so a malformed or non-Ed25519 method fails exactly
 * as it does there), keyed by its full JSON (or, deeply frozen, by itself).
 */
export async function cachedVerifier(verificationMethod: Record<string, unknown>): Promise<Verifier> {
  // A deeply frozen method (did:key documents are resolved into one) cannot change: its identity is key enough.
  const frozen = isDeeplyFrozen(verificationMethod);
  let keyObject = frozen ? publicKeysByMethod.get(verificationMethod) : undefined;
  if (!keyObject) {
    const cacheKey = JSON.stringify(verificationMethod);
    keyObject = publicKeys.get(cacheKey) ?? boundedSet(publicKeys, cacheKey, await importPublicKey(verificationMethod));
    if (frozen) publicKeysByMethod.set(verificationMethod, keyObject);
  }
  const key = keyObject;
  return { id: String(verificationMethod.id), algorithm: 'Ed25519', verify: async ({ data, signature }) => verify(null, data, key, signature) };
}
