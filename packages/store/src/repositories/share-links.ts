import { randomBytes } from 'node:crypto';
import type { ShareLinksTable } from '../schema.js';
import type { Timestamp } from '../values.js';
import { hashApiToken } from './api-tokens.js';
import type { RepositoryContext } from './context.js';

export interface ShareLink {
  id: string;
  issuerId: string;
  learnerId: string;
  /** null: the whole record is shared. */
  achievementId: string | null;
  createdAt: Timestamp;
  revokedAt: Timestamp | null;
}

export interface NewShareLink {
  issuerId: string;
  learnerId: string;
  achievementId: string | null;
}

export interface ShareLinkRepository {
  /** `token` goes into the public URL and is shown once; only its hash is stored. */
  create(input: NewShareLink): Promise<{ token: string; link: ShareLink }>;
  /** The live link for a token; undefined when unknown or revoked. */
  findByToken(token: string): Promise<ShareLink | undefined>;
  listForLearner(learnerId: string): Promise<ShareLink[]>;
  /** Revokes one of the learner's links; false when the learner has no such live link. */
  revoke(id: string, learnerId: string): Promise<boolean>;
}

const TOKEN_BYTES = 32;

function toShareLink(row: ShareLinksTable): ShareLink {
  const { tokenHash: _tokenHash, ...link } = row;
  return link;
}

export function createShareLinkRepository(context: RepositoryContext): ShareLinkRepository {
  const { db } = context;
  return {
    async create(input) {
      const token = randomBytes(TOKEN_BYTES).toString('base64url');
      const row: ShareLinksTable = { id: context.newId(), ...input, tokenHash: hashApiToken(token), createdAt: context.now(), revokedAt: null };
      await db.insertInto('shareLinks').values(row).execute();
      return { token, link: toShareLink(row) };
    },
    async findByToken(token) {
      const row = await db.selectFrom('shareLinks').selectAll().where('tokenHash', '=', hashApiToken(token)).where('revokedAt', 'is', null).executeTakeFirst();
      return row && toShareLink(row);
    },
    async listForLearner(learnerId) {
      const rows = await db.selectFrom('shareLinks').selectAll().where('learnerId', '=', learnerId).orderBy('createdAt').orderBy('id').execute();
      return rows.map(toShareLink);
    },
    async revoke(id, learnerId) {
      const result = await db
        .updateTable('shareLinks')
        .set({ revokedAt: context.now() })
        .where('id', '=', id)
        .where('learnerId', '=', learnerId)
        .where('revokedAt', 'is', null)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },
  };
}
