import { randomBytes } from 'node:crypto';
import { toTimestamp } from '../values.js';
import { hashApiToken } from './api-tokens.js';
import type { RepositoryContext } from './context.js';

export interface SignInLinkRepository {
  /** A single-use token for the learner, valid until `expiresAt`; only its hash is stored. */
  create(learnerId: string, expiresAt: Date): Promise<{ token: string }>;
  /**
   * Uses the token up and returns its learner, or undefined when it is
   * unknown, expired or already used. Two concurrent uses: one wins.
   */
  consume(token: string, now: Date): Promise<string | undefined>;
  /** Deletes every link that expired before `now` (used or not: neither can sign anyone in again); returns how many. */
  purgeExpired(now: Date): Promise<number>;
}

export function createSignInLinkRepository(context: RepositoryContext): SignInLinkRepository {
  const { db } = context;
  return {
    async create(learnerId, expiresAt) {
      const token = randomBytes(32).toString('base64url');
      await db
        .insertInto('signInLinks')
        .values({ id: context.newId(), learnerId, tokenHash: hashApiToken(token), createdAt: context.now(), expiresAt: toTimestamp(expiresAt, 'expiresAt'), usedAt: null })
        .execute();
      return { token };
    },
    async consume(token, now) {
      const at = toTimestamp(now, 'now');
      const tokenHash = hashApiToken(token);
      // The conditional UPDATE is the single-use guarantee: only one caller changes the row.
      const result = await db.updateTable('signInLinks').set({ usedAt: at }).where('tokenHash', '=', tokenHash).where('usedAt', 'is', null).where('expiresAt', '>', at).executeTakeFirst();
      if (result.numUpdatedRows === 0n) return undefined;
      const row = await db.selectFrom('signInLinks').select('learnerId').where('tokenHash', '=', tokenHash).executeTakeFirst();
      return row?.learnerId;
    },
    async purgeExpired(now) {
      const result = await db.deleteFrom('signInLinks').where('expiresAt', '<=', toTimestamp(now, 'now')).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
