import { createHash, randomBytes } from 'node:crypto';
import { isUniqueViolation } from '../driver-errors.js';
import { StoreError } from '../errors.js';
import type { ApiTokensTable } from '../schema.js';
import { fromJson, optionalTimestamp, toJson, type Timestamp } from '../values.js';
import type { RepositoryContext } from './context.js';
import { keysetPage, type Page, type PageRequest } from './pages.js';

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
  /** A course-staff token: only these courses' and achievements' credentials. null: not limited. */
  limitedTo: TokenLimits | null;
}

export interface TokenLimits {
  courseIds: string[];
  achievementIds: string[];
}

export interface TokenListFilter {
  /** Tokens of this issuer only (global tokens have none). */
  issuerId?: string | undefined;
  includeRevoked?: boolean | undefined;
}

export interface NewApiToken {
  issuerId: string | null;
  name: string;
  scopes: string[];
  limitedTo?: TokenLimits | null;
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
  /** Revokes; false when there is no such token (revoking twice keeps the first time and is true). */
  revoke(id: string, at?: Date | string): Promise<boolean>;
  get(id: string): Promise<ApiToken | undefined>;
  /** Oldest first by creation. Never the secret, nor its hash. */
  list(filter: TokenListFilter, page: PageRequest): Promise<Page<ApiToken>>;
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
  return { ...rest, scopes: fromJson(row.scopes) as string[], limitedTo: row.limitedTo === null ? null : (fromJson(row.limitedTo) as TokenLimits) };
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
        limitedTo: input.limitedTo ? toJson(input.limitedTo) : null,
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
      return (await db.selectFrom('apiTokens').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
    },
    async get(id) {
      const row = await db.selectFrom('apiTokens').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toApiToken(row);
    },
    async list(filter, page) {
      let query = db.selectFrom('apiTokens').selectAll();
      if (filter.issuerId !== undefined) query = query.where('issuerId', '=', filter.issuerId);
      if (filter.includeRevoked !== true) query = query.where('revokedAt', 'is', null);
      return keysetPage(query, { column: 'createdAt', idColumn: 'id', keyOf: (row) => [row.createdAt, row.id] }, page, toApiToken);
    },
  };
}
