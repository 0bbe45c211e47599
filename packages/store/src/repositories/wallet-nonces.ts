import { toTimestamp } from '../values.js';
import { hashApiToken } from './api-tokens.js';
import type { RepositoryContext } from './context.js';

export type WalletNonceKind = 'challenge' | 'nonce';

/**
 * Single-use values a wallet must sign: VC-API challenges (bound to an offer)
 * and OpenID4VCI nonces (bound to none). Stored hashed, used at most once.
 */
export interface WalletNonceRepository {
  add(kind: WalletNonceKind, value: string, offerId: string | null, expiresAt: Date): Promise<void>;
  /**
   * Uses the value up; false when it is unknown, of another kind or offer,
   * expired or already used. Of two concurrent uses, one wins.
   */
  consume(kind: WalletNonceKind, value: string, offerId: string | null, now: Date): Promise<boolean>;
  /** Deletes every value that expired before `now` (used or not: either way it can never be used again); returns how many. */
  purgeExpired(now: Date): Promise<number>;
}

export function createWalletNonceRepository(context: RepositoryContext): WalletNonceRepository {
  const { db } = context;
  return {
    async add(kind, value, offerId, expiresAt) {
      await db
        .insertInto('walletNonces')
        .values({ valueHash: hashApiToken(value), kind, offerId, createdAt: context.now(), expiresAt: toTimestamp(expiresAt, 'expiresAt'), usedAt: null })
        .execute();
    },
    async consume(kind, value, offerId, now) {
      const at = toTimestamp(now, 'now');
      const query = db
        .updateTable('walletNonces')
        .set({ usedAt: at })
        .where('valueHash', '=', hashApiToken(value))
        .where('kind', '=', kind)
        .where('usedAt', 'is', null)
        .where('expiresAt', '>', at);
      const result = await (offerId === null ? query.where('offerId', 'is', null) : query.where('offerId', '=', offerId)).executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },
    async purgeExpired(now) {
      const result = await db.deleteFrom('walletNonces').where('expiresAt', '<=', toTimestamp(now, 'now')).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
