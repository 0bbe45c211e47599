import type { Kysely } from 'kysely';
import { isUniqueViolation } from '../driver-errors.js';
import { notFound } from '../errors.js';
import type { Database, LearnersTable } from '../schema.js';
import { definedOnly, type Timestamp } from '../values.js';
import { forUpdate, type RepositoryContext } from './context.js';
import { containsText, keysetPage, type Page, type PageRequest } from './pages.js';
import { insertRows } from './insert-rows.js';

export interface Learner {
  id: string;
  issuerId: string;
  lmsUserId: string;
  username: string | null;
  name: string | null;
  email: string | null;
  did: string | null;
  locale: string | null;
  createdAt: Timestamp;
  updatedAt: Timestamp;
  /** When the learner's personal data was erased; null while it is held. */
  erasedAt: Timestamp | null;
}

export interface LearnerSearch {
  issuerId: string;
  /** Matches name, email, LMS user id or username (case-insensitive, contains). */
  q?: string | undefined;
  /** Learners holding a credential for one of these achievements (a course-staff token's reach). */
  achievementIds?: string[] | undefined;
}

/** Fields left undefined keep their stored value; null clears it. */
export interface LearnerProfile {
  username?: string | null;
  name?: string | null;
  email?: string | null;
  did?: string | null;
  locale?: string | null;
}

export interface LearnerUpsert extends LearnerProfile {
  issuerId: string;
  lmsUserId: string;
}

export interface LearnerUpsertResult {
  learner: Learner;
  created: boolean;
  /** The stored name differed from the one given (never true on creation). */
  nameChanged: boolean;
  /** The name before this call; null on creation. */
  previousName: string | null;
}

export interface LearnerRepository {
  /** Safe to call concurrently for the same learner, from any number of processes. */
  upsert(input: LearnerUpsert): Promise<LearnerUpsertResult>;
  get(id: string): Promise<Learner | undefined>;
  getByLmsUserId(issuerId: string, lmsUserId: string): Promise<Learner | undefined>;
  /** The issuer's learner with this LMS username (an LMS sign-in that names only the username); undefined when none or several. */
  getByUsername(issuerId: string, username: string): Promise<Learner | undefined>;
  /** The issuer's learner with this e-mail address (an LTI launch that names only the e-mail); undefined when none or several. */
  getByEmail(issuerId: string, email: string): Promise<Learner | undefined>;
  update(id: string, patch: LearnerProfile): Promise<Learner>;
  /** Newest first unless `order` is asc. */
  search(filter: LearnerSearch, page: PageRequest): Promise<Page<Learner>>;
  /**
   * Removes the personal data: profile fields cleared, the LMS user id
   * replaced by `placeholder` (the unique key must hold a value), erasedAt set.
   */
  erase(id: string, placeholder: string): Promise<Learner>;
}

function profileOf(input: LearnerProfile): LearnerProfile {
  return definedOnly({
    username: input.username,
    name: input.name,
    email: input.email,
    did: input.did,
    locale: input.locale,
  });
}

export function createLearnerRepository(context: RepositoryContext): LearnerRepository {
  const { db } = context;
  const byLmsUserId = (executor: Kysely<Database>, issuerId: string, lmsUserId: string) =>
    executor.selectFrom('learners').selectAll().where('issuerId', '=', issuerId).where('lmsUserId', '=', lmsUserId);

  async function applyProfile(trx: Kysely<Database>, current: LearnersTable, input: LearnerUpsert): Promise<LearnerUpsertResult> {
    const profile = profileOf(input);
    const changed = Object.entries(profile).filter(([field, value]) => current[field as keyof LearnerProfile] !== value);
    const nameChanged = input.name !== undefined && input.name !== current.name;
    if (changed.length === 0) return { learner: current, created: false, nameChanged, previousName: current.name };
    const changes = { ...Object.fromEntries(changed), updatedAt: context.now() };
    await trx.updateTable('learners').set(changes).where('id', '=', current.id).execute();
    return { learner: { ...current, ...changes }, created: false, nameChanged, previousName: current.name };
  }

  /** Locks the existing row, so concurrent updates of one learner apply one after the other. */
  async function updateExisting(input: LearnerUpsert): Promise<LearnerUpsertResult> {
    return context.atomic(async (trx) => applyProfile(trx, await forUpdate(context, byLmsUserId(trx, input.issuerId, input.lmsUserId)).executeTakeFirstOrThrow(), input));
  }

  /**
   * Creates the learner, or (a duplicate: they exist) updates them under a row lock.
   * MySQL comes here first: a new learner then costs one round trip instead of
   * two, and a known one still two (the refused INSERT, then the row read FOR
   * UPDATE). Not a locking read first: FOR UPDATE on a missing row takes a gap
   * lock, and concurrent creations of different learners in one gap would
   * deadlock each other. At top level the INSERT commits on its own, so a loser
   * of the race holds no lock when it goes on to lock the winner's row.
   */
  async function insertOrUpdate(input: LearnerUpsert): Promise<LearnerUpsertResult> {
    const now = context.now();
    const row: LearnersTable = {
      id: context.newId(),
      issuerId: input.issuerId,
      lmsUserId: input.lmsUserId,
      username: input.username ?? null,
      name: input.name ?? null,
      email: input.email ?? null,
      did: input.did ?? null,
      locale: input.locale ?? null,
      createdAt: now,
      updatedAt: now,
      erasedAt: null,
    };
    try {
      await insertRows(db, 'learners', [row]);
      return { learner: row, created: true, nameChanged: false, previousName: null };
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
    return updateExisting(input);
  }

  return {
    upsert(input) {
      return context.retrying(async () => {
        if (context.dialect === 'mysql') return insertOrUpdate(input);
        // SQLite reads first (a read costs it no round trip): the usual case is a learner we know.
        const known = await byLmsUserId(db, input.issuerId, input.lmsUserId).executeTakeFirst();
        if (known === undefined) return insertOrUpdate(input);
        // Inside a SQLite transaction (BEGIN IMMEDIATE: no other writer) the row just read is current and
        // needs no lock, so it is not read again.
        return context.inTransaction ? applyProfile(db, known, input) : updateExisting(input);
      });
    },
    get: async (id) => db.selectFrom('learners').selectAll().where('id', '=', id).executeTakeFirst(),
    getByLmsUserId: async (issuerId, lmsUserId) => byLmsUserId(db, issuerId, lmsUserId).executeTakeFirst(),
    async getByUsername(issuerId, username) {
      const rows = await db.selectFrom('learners').selectAll().where('issuerId', '=', issuerId).where('username', '=', username).limit(2).execute();
      return rows.length === 1 ? rows[0] : undefined;
    },
    async getByEmail(issuerId, email) {
      const rows = await db.selectFrom('learners').selectAll().where('issuerId', '=', issuerId).where('email', '=', email).limit(2).execute();
      return rows.length === 1 ? rows[0] : undefined;
    },
    async update(id, patch) {
      const changes = profileOf(patch);
      const result = await db
        .updateTable('learners')
        .set({ ...changes, updatedAt: context.now() })
        .where('id', '=', id)
        .executeTakeFirst();
      if (result.numUpdatedRows === 0n) throw notFound('learner', id);
      const learner = await db.selectFrom('learners').selectAll().where('id', '=', id).executeTakeFirst();
      if (learner === undefined) throw notFound('learner', id);
      return learner;
    },
    async search(filter, page) {
      let query = db.selectFrom('learners').selectAll().where('issuerId', '=', filter.issuerId);
      if (filter.q !== undefined && filter.q !== '') query = query.where(containsText(['name', 'email', 'lmsUserId', 'username'], filter.q));
      if (filter.achievementIds !== undefined) {
        const reach = filter.achievementIds;
        if (reach.length === 0) return { items: [], nextCursor: null };
        query = query.where('id', 'in', (sub) => sub.selectFrom('credentials').select('learnerId').where('achievementId', 'in', reach));
      }
      return keysetPage(query, { column: 'createdAt', idColumn: 'id', keyOf: (row) => [row.createdAt, row.id] }, { ...page, order: page.order ?? 'desc' }, (row) => row);
    },
    async erase(id, placeholder) {
      const now = context.now();
      const changes = { lmsUserId: placeholder, username: null, name: null, email: null, did: null, locale: null, erasedAt: now, updatedAt: now };
      const result = await db.updateTable('learners').set(changes).where('id', '=', id).executeTakeFirst();
      if (result.numUpdatedRows === 0n) throw notFound('learner', id);
      const learner = await db.selectFrom('learners').selectAll().where('id', '=', id).executeTakeFirst();
      if (learner === undefined) throw notFound('learner', id);
      return learner;
    },
  };
}
