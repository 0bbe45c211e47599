import { createHash, randomBytes } from 'node:crypto';
import { isUniqueViolation } from '../driver-errors.js';
import { StoreError } from '../errors.js';
import type { ApiTokensTable } from '../schema.js';
import { fromJson, optionalTimestamp, toJson, type Timestamp } from '../values.js';
import type { RepositoryContext } from './context.js';

export const API_TOKEN_PREFIX = 'lrl_';
const TOKEN_BYTES = 32;

export interface ApiToken {
  id: string;
  /** null: the token may act for every issuer. */
  issuerId: string | null;
  name: string;
  scopes: string[];
  createdAt: Timestamp;
  lastUsedAt: Timestamp | null;
  revokedAt: Timestamp | null;
}

export interface NewApiToken {
  issuerId: string | null;
  name: string;
  scopes: string[];
  /**
   * A secret chosen by the operator (e.g. a bootstrap token from the
   * environment) instead of a generated one; it is stored hashed all the same.
   */
  token?: string;
}

export interface ApiTokenRepository {
  /** `token` is shown to the caller once; only its SHA-256 is stored. Throws CONFLICT for a token already stored. */
  create(input: NewApiToken): Promise<{ token: string; record: ApiToken }>;
  /** undefined for an unknown or revoked token. */
  findByToken(token: string): Promise<ApiToken | undefined>;
  markUsed(id: string, at?: Date | string): Promise<void>;
  revoke(id: string, at?: Date | string): Promise<void>;
}

/**
 * A plain hash suffices (no salt, no slow KDF): the token is 256 random bits,
 * so there is no dictionary to precompute. Looking up by hash also means an
 * index lookup never compares the secret itself, so timing reveals nothing.
 */
export function hashApiToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

function toApiToken(row: ApiTokensTable): ApiToken {
  const { tokenHash: _tokenHash, ...rest } = row;
  return { ...rest, scopes: fromJson(row.scopes) as string[] };
}

export function createApiTokenRepository(context: RepositoryContext): ApiTokenRepository {
  const { db } = context;

  return {
    async create(input) {
      if (input.token === '') throw new StoreError('INVALID_ARGUMENT', 'An API token may not be empty.');
      const token = input.token ?? `${API_TOKEN_PREFIX}${randomBytes(TOKEN_BYTES).toString('base64url')}`;
      const row: ApiTokensTable = {
        id: context.newId(),
        issuerId: input.issuerId,
        name: input.name,
        tokenHash: hashApiToken(token),
        scopes: toJson(input.scopes),
        createdAt: context.now(),
        lastUsedAt: null,
        revokedAt: null,
      };
      try {
        await db.insertInto('apiTokens').values(row).execute();
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        throw new StoreError('CONFLICT', 'This API token is already stored.', {}, { cause: error });
      }
      return { token, record: toApiToken(row) };
    },
    async findByToken(token) {
      const row = await db
        .selectFrom('apiTokens')
        .selectAll()
        .where('tokenHash', '=', hashApiToken(token))
        .where('revokedAt', 'is', null)
        .executeTakeFirst();
      return row && toApiToken(row);
    },
    async markUsed(id, at) {
      await db.updateTable('apiTokens').set({ lastUsedAt: optionalTimestamp(at, 'at') ?? context.now() }).where('id', '=', id).execute();
    },
    async revoke(id, at) {
      // Keep the first revocation time if revoked twice.
      await db
        .updateTable('apiTokens')
        .set({ revokedAt: optionalTimestamp(at, 'at') ?? context.now() })
        .where('id', '=', id)
        .where('revokedAt', 'is', null)
        .execute();
    },
  };
}
