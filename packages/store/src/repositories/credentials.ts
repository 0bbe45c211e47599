import { isUniqueViolation } from '../driver-errors.js';
import { StoreError, notFound } from '../errors.js';
import type { CredentialFormat, CredentialState, CredentialsTable } from '../schema.js';
import { fromJson, toJson, toTimestamp, type Timestamp } from '../values.js';
import { forUpdate, latest, type RepositoryContext } from './context.js';
import { containsText, keysetPage, type Page, type PageRequest } from './pages.js';
import { insertRows } from './insert-rows.js';

/** A name/value pair shown with the credential, as Open edX certificate attributes are. */
export interface CredentialAttribute {
  name: string;
  value: string;
}

export interface Credential {
  id: string;
  issuerId: string;
  achievementId: string;
  learnerId: string;
  state: CredentialState;
  /** The signed credential, exactly as issued. */
  document: unknown;
  attributes: CredentialAttribute[];
  format: CredentialFormat;
  issuedAt: Timestamp;
  revokedAt: Timestamp | null;
  stateReason: string | null;
  supersedesId: string | null;
  supersededById: string | null;
  /** The achievement's rules version it was issued under (null: signed as supplied, not by rules). */
  rulesVersion: number | null;
}

export interface CredentialSearch {
  issuerId: string;
  /** Matches the learner's name, email or LMS user id (case-insensitive, contains). */
  q?: string | undefined;
  achievementId?: string | undefined;
  /** Only these achievements (a course-staff token's reach). */
  achievementIds?: string[] | undefined;
  learnerId?: string | undefined;
  state?: CredentialState | undefined;
  /** Inclusive bounds on issuedAt. */
  issuedFrom?: Timestamp | undefined;
  issuedTo?: Timestamp | undefined;
}

/** A search hit: the credential without its document, and who holds it. */
export type CredentialSummary = Omit<Credential, 'document'> & { learner: { lmsUserId: string; name: string | null; email: string | null } };

export interface NewCredential {
  /** Optional so the caller can put the id into the document before signing it. */
  id?: string;
  issuerId: string;
  achievementId: string;
  learnerId: string;
  document: unknown;
  attributes?: CredentialAttribute[];
  format: CredentialFormat;
  issuedAt: Date | string;
  supersedesId?: string | null;
  rulesVersion?: number | null;
}

export interface CredentialRepository {
  /**
   * Stores an active credential unless the learner already holds a
   * non-revoked one for the achievement; then returns that one, inserted false.
   * A credential stored now is returned with the very document given (stored as its JSON).
   */
  insertIssued(input: NewCredential): Promise<{ inserted: boolean; credential: Credential }>;
  get(id: string): Promise<Credential | undefined>;
  /** The learner's non-revoked (active or suspended) credential for the achievement. */
  findActive(achievementId: string, learnerId: string): Promise<Credential | undefined>;
  listForLearner(learnerId: string): Promise<Credential[]>;
  listActiveForLearner(learnerId: string): Promise<Credential[]>;
  /**
   * Moves between active and suspended, or to revoked, which is terminal:
   * leaving it throws INVALID_STATE_TRANSITION. Setting the current state
   * again changes nothing (changed false).
   */
  setState(id: string, state: CredentialState, reason: string | null, at: Date | string): Promise<{ changed: boolean; credential: Credential }>;
  linkSupersession(oldId: string, newId: string): Promise<void>;
  /** The ids of an issuer's revoked credentials in one format, oldest revocation first (ids only: no document is read). */
  revokedIds(issuerId: string, format: CredentialFormat): Promise<string[]>;
  /** Sorted by issuedAt (newest first unless `order` is asc). */
  search(filter: CredentialSearch, page: PageRequest): Promise<Page<CredentialSummary>>;
  /** Replaces the stored document (erasure keeps the row, its state and status entries). */
  replaceDocument(id: string, document: unknown): Promise<void>;
}

const ACTIVE_KEY_SEPARATOR = ':';

function activeKey(achievementId: string, learnerId: string): string {
  return `${achievementId}${ACTIVE_KEY_SEPARATOR}${learnerId}`;
}

function toCredential(row: CredentialsTable): Credential {
  // active_key is the uniqueness mechanism, not part of the record.
  const { activeKey: _activeKey, ...rest } = row;
  return { ...rest, document: fromJson(row.document), attributes: fromJson(row.attributes) as CredentialAttribute[] };
}

/** A row just written from `input`: its document and attributes are the ones given, not their stored text parsed back. */
function writtenCredential(row: CredentialsTable, input: NewCredential): Credential {
  const { activeKey: _activeKey, ...rest } = row;
  return { ...rest, document: input.document, attributes: input.attributes ?? [] };
}

/** A bounded number of rounds: each lost race means the blocking credential was revoked meanwhile. */
const INSERT_ROUNDS = 3;

export function createCredentialRepository(context: RepositoryContext): CredentialRepository {
  const { db } = context;
  const selectCredentials = () => db.selectFrom('credentials').selectAll();
  const byActiveKey = (key: string) => selectCredentials().where('activeKey', '=', key);

  return {
    async insertIssued(input) {
      const key = activeKey(input.achievementId, input.learnerId);
      const row: CredentialsTable = {
        id: input.id ?? context.newId(),
        issuerId: input.issuerId,
        achievementId: input.achievementId,
        learnerId: input.learnerId,
        state: 'active',
        document: toJson(input.document),
        attributes: toJson(input.attributes ?? []),
        format: input.format,
        issuedAt: toTimestamp(input.issuedAt, 'issuedAt'),
        revokedAt: null,
        stateReason: null,
        supersedesId: input.supersedesId ?? null,
        supersededById: null,
        activeKey: key,
        rulesVersion: input.rulesVersion ?? null,
      };
      for (let round = 1; ; round += 1) {
        try {
          await insertRows(db, 'credentials', [row]);
          return { inserted: true, credential: writtenCredential(row, input) };
        } catch (error) {
          if (!isUniqueViolation(error)) throw error;
          const existing = await latest(context, byActiveKey(key)).executeTakeFirst();
          if (existing !== undefined) return { inserted: false, credential: toCredential(existing) };
          const sameId = await latest(context, selectCredentials().where('id', '=', row.id)).executeTakeFirst();
          if (sameId !== undefined || round >= INSERT_ROUNDS) {
            throw new StoreError('CONFLICT', `Credential ${row.id} already exists.`, { id: row.id }, { cause: error });
          }
        }
      }
    },
    async get(id) {
      const row = await selectCredentials().where('id', '=', id).executeTakeFirst();
      return row && toCredential(row);
    },
    async findActive(achievementId, learnerId) {
      const row = await byActiveKey(activeKey(achievementId, learnerId)).executeTakeFirst();
      return row && toCredential(row);
    },
    async listForLearner(learnerId) {
      const rows = await selectCredentials().where('learnerId', '=', learnerId).orderBy('issuedAt').orderBy('id').execute();
      return rows.map(toCredential);
    },
    async listActiveForLearner(learnerId) {
      const rows = await selectCredentials()
        .where('learnerId', '=', learnerId)
        .where('state', '=', 'active')
        .orderBy('issuedAt')
        .orderBy('id')
        .execute();
      return rows.map(toCredential);
    },
    async setState(id, state, reason, at) {
      const when = toTimestamp(at, 'at');
      return context.atomic(async (trx) => {
        const row = await forUpdate(context, trx.selectFrom('credentials').selectAll().where('id', '=', id)).executeTakeFirst();
        if (row === undefined) throw notFound('credential', id);
        if (row.state === state) return { changed: false, credential: toCredential(row) };
        if (row.state === 'revoked') {
          throw new StoreError('INVALID_STATE_TRANSITION', `Credential ${id} is revoked; revocation is final.`, { id, from: row.state, to: state });
        }
        const changes =
          state === 'revoked'
            ? { state, stateReason: reason, revokedAt: when, activeKey: null }
            : { state, stateReason: reason };
        await trx.updateTable('credentials').set(changes).where('id', '=', id).execute();
        return { changed: true, credential: toCredential({ ...row, ...changes }) };
      });
    },
    async revokedIds(issuerId, format) {
      const rows = await db
        .selectFrom('credentials')
        .select(['id'])
        .where('issuerId', '=', issuerId)
        .where('state', '=', 'revoked')
        .where('format', '=', format)
        .orderBy('revokedAt')
        .orderBy('id')
        .execute();
      return rows.map((row) => row.id);
    },
    async linkSupersession(oldId, newId) {
      await context.atomic(async (trx) => {
        const found = await trx.selectFrom('credentials').select('id').where('id', 'in', [oldId, newId]).execute();
        for (const id of [oldId, newId]) if (!found.some((row) => row.id === id)) throw notFound('credential', id);
        await trx.updateTable('credentials').set({ supersededById: newId }).where('id', '=', oldId).execute();
        await trx.updateTable('credentials').set({ supersedesId: oldId }).where('id', '=', newId).execute();
      });
    },
    async search(filter, page) {
      let query = db
        .selectFrom('credentials')
        .innerJoin('learners', 'learners.id', 'credentials.learnerId')
        .selectAll('credentials')
        .select(['learners.lmsUserId as learnerLmsUserId', 'learners.name as learnerName', 'learners.email as learnerEmail'])
        .where('credentials.issuerId', '=', filter.issuerId);
      if (filter.q !== undefined && filter.q !== '') query = query.where(containsText(['learners.name', 'learners.email', 'learners.lmsUserId'], filter.q));
      if (filter.achievementId !== undefined) query = query.where('credentials.achievementId', '=', filter.achievementId);
      if (filter.achievementIds !== undefined) {
        if (filter.achievementIds.length === 0) return { items: [], nextCursor: null };
        query = query.where('credentials.achievementId', 'in', filter.achievementIds);
      }
      if (filter.learnerId !== undefined) query = query.where('credentials.learnerId', '=', filter.learnerId);
      if (filter.state !== undefined) query = query.where('credentials.state', '=', filter.state);
      if (filter.issuedFrom !== undefined) query = query.where('credentials.issuedAt', '>=', filter.issuedFrom);
      if (filter.issuedTo !== undefined) query = query.where('credentials.issuedAt', '<=', filter.issuedTo);
      const sort = { column: 'credentials.issuedAt', idColumn: 'credentials.id', keyOf: (row: { issuedAt: string; id: string }): [string, string] => [row.issuedAt, row.id] };
      return keysetPage(query, sort, { ...page, order: page.order ?? 'desc' }, (row) => {
        const { learnerLmsUserId, learnerName, learnerEmail, document: _document, ...credential } = row;
        const { document: _unused, ...summary } = toCredential({ ...credential, document: 'null' });
        return { ...summary, learner: { lmsUserId: learnerLmsUserId, name: learnerName, email: learnerEmail } };
      });
    },
    async replaceDocument(id, document) {
      const result = await db.updateTable('credentials').set({ document: toJson(document) }).where('id', '=', id).executeTakeFirst();
      if (result.numUpdatedRows === 0n) throw notFound('credential', id);
    },
  };
}
