import { LaurelError } from '@laurel/models';
import type { Repositories, Store } from '@laurel/store';
import { isExternalKeyReference } from './external-keys.js';
import { badgePlatformSealContext, ltiToolKeySealContext, openSealedSecretKey, sealSecretKey } from '@laurel/suites';

export interface KeyEncryptionKeyRotation {
  /** The key everything is sealed under now (LAUREL_PREVIOUS_KEY_ENCRYPTION_KEY). */
  from: Uint8Array;
  /** The key to seal everything under (LAUREL_KEY_ENCRYPTION_KEY). */
  to: Uint8Array;
}

export interface KeyEncryptionKeyRotationReport {
  /** Sealed values re-sealed under the new key in this run. */
  resealed: SealedCounts;
  /** Values already under the new key (sealed since processes got it, or an earlier run that committed). */
  alreadyNew: SealedCounts;
}

/** Counts by kind of sealed value: issuer signing keys, badge platform API keys, the LTI tool's private keys. */
export interface SealedCounts {
  issuerKeys: number;
  badgePlatformKeys: number;
  ltiToolKeys: number;
}

const KIND_NAMES: Record<keyof SealedCounts, string> = { issuerKeys: 'issuer key', badgePlatformKeys: 'badge platform key', ltiToolKeys: 'LTI tool key' };

/** One sealed value: where it is, what binds it (associated data), how to replace it. */
interface SealedValue {
  kind: keyof SealedCounts;
  name: string;
  sealed: string;
  context: string;
  replace(tx: Repositories, sealed: string): Promise<void>;
}

async function sealedValues(tx: Repositories): Promise<SealedValue[]> {
  // Keys held in a KMS have a reference here, nothing sealed.
  const keys = (await tx.keys.listSealed()).filter((key) => !isExternalKeyReference(key.sealedSecretKey)).map((key): SealedValue => ({
    kind: 'issuerKeys', name: key.id, sealed: key.sealedSecretKey, context: key.id, replace: (repositories, sealed) => repositories.keys.reseal(key.id, sealed),
  }));
  const accounts = (await tx.badgePlatforms.listSealedApiKeys()).map((account): SealedValue => ({
    kind: 'badgePlatformKeys',
    name: `${account.issuerId}/${account.platform}`,
    sealed: account.sealedApiKey,
    context: badgePlatformSealContext(account.issuerId, account.platform),
    replace: (repositories, sealed) => repositories.badgePlatforms.resealApiKey(account.issuerId, account.platform, sealed),
  }));
  const toolKeys = (await tx.ltiToolKeys.list()).map((key): SealedValue => ({
    kind: 'ltiToolKeys', name: key.kid, sealed: key.sealedPrivateKey, context: ltiToolKeySealContext(key.kid), replace: (repositories, sealed) => repositories.ltiToolKeys.resealPrivateKey(key.kid, sealed),
  }));
  return [...keys, ...accounts, ...toolKeys];
}

function opens(sealed: string, key: Uint8Array, context: string): string | undefined {
  try {
    return openSealedSecretKey(sealed, key, context);
  } catch {
    return undefined;
  }
}

/**
 * Re-seals every secret Laurel keeps (issuer signing keys, badge platform API
 * keys, the LTI tool's private keys) under a new key-encryption key, in one transaction: all or nothing.
 * Resumable: a value that already opens with the new key is left as it is,
 * so running it again (after a crash, or twice) is safe. A value that opens
 * with neither key aborts the whole run with KEY_ENCRYPTION_KEY_MISMATCH and
 * nothing changed. Before committing, every value is read back and opened
 * with the new key, and must give the secret it held.
 */
export async function rotateKeyEncryptionKey(store: Pick<Store, 'transaction'>, keys: KeyEncryptionKeyRotation): Promise<KeyEncryptionKeyRotationReport> {
  return store.transaction(async (tx) => {
    const report: KeyEncryptionKeyRotationReport = { resealed: { issuerKeys: 0, badgePlatformKeys: 0, ltiToolKeys: 0 }, alreadyNew: { issuerKeys: 0, badgePlatformKeys: 0, ltiToolKeys: 0 } };
    const secrets = new Map<string, string>();
    for (const value of await sealedValues(tx)) {
      const underNew = opens(value.sealed, keys.to, value.context);
      if (underNew !== undefined) {
        report.alreadyNew[value.kind] += 1;
        secrets.set(`${value.kind}:${value.name}`, underNew);
        continue;
      }
      const secret = opens(value.sealed, keys.from, value.context);
      if (secret === undefined) {
        throw new LaurelError('KEY_ENCRYPTION_KEY_MISMATCH', `The ${KIND_NAMES[value.kind]} ${value.name} opens with neither the previous nor the new key-encryption key: nothing was changed. Check LAUREL_PREVIOUS_KEY_ENCRYPTION_KEY.`, { kind: value.kind, name: value.name });
      }
      await value.replace(tx, sealSecretKey(secret, keys.to, value.context));
      secrets.set(`${value.kind}:${value.name}`, secret);
      report.resealed[value.kind] += 1;
    }
    // Verified inside the transaction: what is about to be committed opens with the new key alone.
    // A value added meanwhile by a running process (MySQL lets it in) was sealed with the new key: it must open too.
    for (const value of await sealedValues(tx)) {
      const opened = opens(value.sealed, keys.to, value.context);
      const expected = secrets.get(`${value.kind}:${value.name}`);
      if (opened === undefined || (expected !== undefined && opened !== expected)) {
        throw new LaurelError('KEY_ENCRYPTION_KEY_MISMATCH', `After re-sealing, ${value.name} does not open with the new key-encryption key: nothing was changed.`, { kind: value.kind, name: value.name });
      }
    }
    return report;
  });
}
