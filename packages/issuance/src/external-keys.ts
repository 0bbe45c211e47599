import { signCredential, vaultTransitIssuerKey, type IssuerKey, type VaultTransitOptions } from '@laurel/suites';
import type { IssuanceDeps } from './deps.js';

/**
 * An issuer key whose secret half lives outside Laurel (a KMS/HSM). Its row in
 * `issuer_keys` keeps the public key and, where a sealed secret would be, a
 * reference: `external:vault-transit:<key name>`. A reference is not sealed
 * and holds nothing secret, so KEK rotation leaves it alone.
 */
const VAULT_TRANSIT_PREFIX = 'external:vault-transit:';

export interface ExternalKeys {
  /** The issuer key for a Vault transit key (public half read from Vault, signing through it). */
  vaultTransit(keyName: string, controller: string): Promise<IssuerKey>;
}

/** ExternalKeys backed by one Vault (VAULT_ADDR, VAULT_TOKEN); `request` is the guarded fetcher's requestJson. */
export function vaultTransitKeys(options: Omit<VaultTransitOptions, 'keyName'>): ExternalKeys {
  return { vaultTransit: (keyName, controller) => vaultTransitIssuerKey({ ...options, keyName, controller }) };
}

export function vaultTransitReference(keyName: string): string {
  return `${VAULT_TRANSIT_PREFIX}${keyName}`;
}

/** The Vault transit key a stored value refers to, or undefined when it is a sealed secret. */
export function vaultTransitKeyName(stored: string): string | undefined {
  return stored.startsWith(VAULT_TRANSIT_PREFIX) ? stored.slice(VAULT_TRANSIT_PREFIX.length) : undefined;
}

export function isExternalKeyReference(stored: string): boolean {
  return stored.startsWith('external:');
}

/** The signing function for a key: an external key signs on this thread (its signer cannot travel to a crypto worker). */
export function signingFor(deps: Pick<IssuanceDeps, 'sign'>, key: IssuerKey): NonNullable<IssuanceDeps['sign']> {
  return key.signer ? signCredential : (deps.sign ?? signCredential);
}
