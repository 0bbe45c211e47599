import { isUniqueViolation } from '../driver-errors.js';
import type { LmsCoursesTable } from '../schema.js';
import { fromJson, toJson, type Timestamp } from '../values.js';
import type { RepositoryContext } from './context.js';

/** A course an LMS listed (015-catalog). */
export type LmsCourse = LmsCoursesTable;

export interface CatalogDefaultsRow {
  issuerId: string;
  settings: unknown;
  updatedAt: Timestamp;
  updatedBy: string;
}

export interface CatalogRepository {
  /**
   * Remembers a course the LMS listed. `created` is true only for the first
   * caller ever to record this (issuer, course key): inside a transaction,
   * that caller alone goes on to create the course's achievements. A course
   * seen again gets its name (and instance) updated.
   */
  rememberCourse(input: { issuerId: string; courseKey: string; name: string; lmsInstance?: string | null }): Promise<{ created: boolean; course: LmsCourse }>;
  getCourse(issuerId: string, courseKey: string): Promise<LmsCourse | undefined>;
  /** The named courses' names, by key (unknown keys absent). */
  courseNames(issuerId: string, courseKeys: readonly string[]): Promise<Map<string, string>>;
  listCourses(issuerId: string): Promise<LmsCourse[]>;
  getDefaults(issuerId: string): Promise<CatalogDefaultsRow | undefined>;
  putDefaults(issuerId: string, settings: unknown, actor: string): Promise<CatalogDefaultsRow>;
}

export function createCatalogRepository(context: RepositoryContext): CatalogRepository {
  const { db } = context;
  const getCourse = (issuerId: string, courseKey: string) => db.selectFrom('lmsCourses').selectAll().where('issuerId', '=', issuerId).where('courseKey', '=', courseKey).executeTakeFirst();

  return {
    getCourse,
    async rememberCourse(input) {
      const now = context.now();
      const row: LmsCourse = { issuerId: input.issuerId, courseKey: input.courseKey, name: input.name, lmsInstance: input.lmsInstance ?? null, firstSeenAt: now, updatedAt: now };
      try {
        await db.insertInto('lmsCourses').values(row).execute();
        return { created: true, course: row };
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
      }
      const existing = await getCourse(input.issuerId, input.courseKey);
      if (existing && (existing.name !== input.name || existing.lmsInstance !== row.lmsInstance)) {
        await db.updateTable('lmsCourses').set({ name: input.name, lmsInstance: row.lmsInstance, updatedAt: now }).where('issuerId', '=', input.issuerId).where('courseKey', '=', input.courseKey).execute();
        return { created: false, course: { ...existing, name: input.name, lmsInstance: row.lmsInstance, updatedAt: now } };
      }
      return { created: false, course: existing ?? row };
    },
    async courseNames(issuerId, courseKeys) {
      if (courseKeys.length === 0) return new Map();
      const rows = await db.selectFrom('lmsCourses').select(['courseKey', 'name']).where('issuerId', '=', issuerId).where('courseKey', 'in', [...courseKeys]).execute();
      return new Map(rows.map((row) => [row.courseKey, row.name]));
    },
    listCourses: (issuerId) => db.selectFrom('lmsCourses').selectAll().where('issuerId', '=', issuerId).orderBy('courseKey').execute(),
    async getDefaults(issuerId) {
      const row = await db.selectFrom('catalogDefaults').selectAll().where('issuerId', '=', issuerId).executeTakeFirst();
      return row ? { ...row, settings: fromJson(row.settings) } : undefined;
    },
    async putDefaults(issuerId, settings, actor) {
      const row = { issuerId, settings: toJson(settings), updatedAt: context.now(), updatedBy: actor };
      return context.atomic(async (tx) => {
        const updated = await tx.updateTable('catalogDefaults').set({ settings: row.settings, updatedAt: row.updatedAt, updatedBy: actor }).where('issuerId', '=', issuerId).executeTakeFirst();
        if (Number(updated.numUpdatedRows) === 0) await tx.insertInto('catalogDefaults').values(row).execute();
        return { ...row, settings };
      });
    },
  };
}
