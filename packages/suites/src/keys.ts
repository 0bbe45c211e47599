import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import type { Ed25519MultikeyPair } from '@digitalbazaar/ed25519-multikey';
import { didKeyFromPublicKeyMultibase } from '@laurel/contexts';
import * as base58 from 'base58-universal';
import { InvalidKeyError } from './errors.js';
import { boundedSet, cachedSigner, type Signer } from './key-objects.js';

/**
 * An Ed25519 signing key in Multikey form. `id` is the verification method URL
 * that proofs name; `controller` is the DID (or URL) that controls the key.
 */
export interface IssuerKey {
  id: string;
  controller: string;
  publicKeyMultibase: string;
  /** Absent on public copies. Never log or return this. */
  secretKeyMultibase?: string;
  /** Signs instead of secretKeyMultibase when the secret half lives elsewhere (a KMS or HSM). */
  signer?: ExternalSigner;
  /** XML Schema dateTime after which proofs by this key are no longer accepted. */
  revoked?: string;
}

export type PublicIssuerKey = Omit<IssuerKey, 'secretKeyMultibase' | 'signer'>;

/**
 * A key whose secret half never leaves a key-management service or HSM: it
 * signs the bytes it is given (Ed25519, a 64-byte signature). Laurel builds
 * the proof around it exactly as for a local key. Implementations: HashiCorp
 * Vault's transit engine (vault-transit.ts); any KMS that signs Ed25519 fits.
 */
export interface ExternalSigner {
  /** Where the key lives, for logs and errors (never a secret): e.g. `vault-transit:laurel-issuer`. */
  readonly name: string;
  sign(data: Uint8Array): Promise<Uint8Array>;
}

/** An issuer key whose secret half is held by `signer`; the public key comes from the same service. */
export function externalIssuerKey(publicKeyMultibase: string, signer: ExternalSigner, controller?: string): IssuerKey {
  assertEd25519PublicKey(publicKeyMultibase);
  return { ...keyFromParts(publicKeyMultibase, undefined, controller), signer };
}

/**
 * A new Ed25519 key. Without a controller it is its own did:key issuer;
 * with one (a did:web DID), the method id is `<controller>#<publicKeyMultibase>`.
 */
export async function generateIssuerKey(options: { controller?: string } = {}): Promise<IssuerKey> {
  const pair = await Ed25519Multikey.generate();
  const exported = await pair.export({ publicKey: true, secretKey: true });
  return keyFromParts(String(exported.publicKeyMultibase), String(exported.secretKeyMultibase), options.controller);
}

function keyFromParts(publicKeyMultibase: string, secretKeyMultibase: string | undefined, controller?: string, id?: string): IssuerKey {
  const owner = controller ?? didKeyFromPublicKeyMultibase(publicKeyMultibase);
  const key: IssuerKey = { id: id ?? `${owner}#${publicKeyMultibase}`, controller: owner, publicKeyMultibase };
  if (secretKeyMultibase !== undefined) key.secretKeyMultibase = secretKeyMultibase;
  return key;
}

function optionalString(record: Record<string, unknown>, name: string): string | undefined {
  const value = record[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '') throw new InvalidKeyError(`Key field "${name}" must be a non-empty string.`);
  return value;
}

/**
 * Reads a key from JSON: ours, a Multikey export, or the W3C test-vector form
 * (`privateKeyMultibase`). A secret half is checked against the public half by
 * signing and verifying a probe, so a mismatched pair is refused up front.
 */
export async function importIssuerKey(json: unknown): Promise<IssuerKey> {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new InvalidKeyError('A key must be a JSON object with "publicKeyMultibase".');
  }
  const record = json as Record<string, unknown>;
  const publicKeyMultibase = optionalString(record, 'publicKeyMultibase');
  if (!publicKeyMultibase) throw new InvalidKeyError('A key needs "publicKeyMultibase" (an Ed25519 key, z6Mk...).');
  assertEd25519PublicKey(publicKeyMultibase);
  const secretKeyMultibase = optionalString(record, 'secretKeyMultibase') ?? optionalString(record, 'privateKeyMultibase');
  const key = keyFromParts(publicKeyMultibase, secretKeyMultibase, optionalString(record, 'controller'), optionalString(record, 'id'));
  const revoked = optionalString(record, 'revoked');
  if (revoked) key.revoked = revoked;
  const pair = await toKeyPair(key);
  if (secretKeyMultibase) await assertHalvesMatch(pair);
  return key;
}

const ED25519_PUBLIC_KEY_HEADER = [0xed, 0x01];

/** Multikey Ed25519 public keys are base58btc of the 0xed01 multicodec header plus 32 key bytes. */
function assertEd25519PublicKey(publicKeyMultibase: string): void {
  let bytes: Uint8Array | undefined;
  try {
    bytes = publicKeyMultibase.startsWith('z') ? base58.decode(publicKeyMultibase.slice(1)) : undefined;
  } catch {
    bytes = undefined;
  }
  if (!bytes || bytes.length !== 34 || bytes[0] !== ED25519_PUBLIC_KEY_HEADER[0] || bytes[1] !== ED25519_PUBLIC_KEY_HEADER[1]) {
    throw new InvalidKeyError('Only Ed25519 public keys in Multikey form (z6Mk..., 32 bytes) are supported.');
  }
}

async function assertHalvesMatch(pair: Ed25519MultikeyPair): Promise<void> {
  const data = new TextEncoder().encode('laurel key pair check');
  const signature = await pair.signer().sign({ data });
  if (!(await pair.verifier().verify({ data, signature }))) {
    throw new InvalidKeyError('The secret key does not belong to the public key.');
  }
}

/** The key without its secret half: safe to store in a DID document, log or return. */
export function publicIssuerKey(key: IssuerKey): PublicIssuerKey {
  const { secretKeyMultibase: _secret, signer: _signer, ...rest } = key;
  return rest;
}

/** The Multikey verification method (JSON-LD) for a key, as a DID document lists it. */
export function verificationMethodOf(key: PublicIssuerKey): Record<string, unknown> {
  const method: Record<string, unknown> = {
    id: key.id,
    type: 'Multikey',
    controller: key.controller,
    publicKeyMultibase: key.publicKeyMultibase,
  };
  if (key.revoked) method.revoked = key.revoked;
  return method;
}

/**
 * Importing a key costs more than a tenth of a signature (35 µs here), so each
 * key is imported once, whichever object brings it: a batch of completions
 * signs with one key object, a worker thread gets a fresh copy per task.
 * Keyed by everything the import reads; bounded like the node:crypto key objects.
 */
const importedKeys = new Map<string, Promise<Ed25519MultikeyPair>>();

/** The stock library's key object, for signing and verifying. */
export function toKeyPair(key: IssuerKey): Promise<Ed25519MultikeyPair> {
  const content = `${key.id}\u0000${key.controller}\u0000${key.publicKeyMultibase}\u0000${key.secretKeyMultibase ?? ''}`;
  let pair = importedKeys.get(content);
  if (!pair) {
    pair = boundedSet(importedKeys, content, importKeyPair(key));
    pair.catch(() => importedKeys.delete(content));
  }
  return pair;
}

async function importKeyPair(key: IssuerKey): Promise<Ed25519MultikeyPair> {
  try {
    return await Ed25519Multikey.from({
      id: key.id,
      controller: key.controller,
      type: 'Multikey',
      publicKeyMultibase: key.publicKeyMultibase,
      ...(key.secretKeyMultibase ? { secretKeyMultibase: key.secretKeyMultibase } : {}),
    });
  } catch (cause) {
    throw new InvalidKeyError('The key is not a valid Ed25519 Multikey.', { cause });
  }
}

/**
 * A signer whose secret key is imported into node:crypto once per key (see
 * key-objects.ts); or, for a key held elsewhere, its external signer.
 */
export async function signerFor(key: IssuerKey): Promise<Signer> {
  if (key.secretKeyMultibase) return cachedSigner(await toKeyPair(key), key.secretKeyMultibase);
  const external = key.signer;
  if (!external) throw new InvalidKeyError(`Key ${key.id} has no secret half or external signer, so it cannot sign.`);
  await toKeyPair(key); // the public half must be a valid Ed25519 Multikey
  return { id: key.id, algorithm: 'Ed25519', sign: ({ data }) => external.sign(data) };
}
