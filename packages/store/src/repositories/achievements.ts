import type { Kysely } from 'kysely';
import { notFound } from '../errors.js';
import type { AchievementKind, AchievementsTable, Database } from '../schema.js';
import { fromFlag, fromJson, toFlag, toJson, type Timestamp } from '../values.js';
import { forUpdate, type RepositoryContext } from './context.js';
import { containsText, keysetPage, type Page, type PageRequest } from './pages.js';

export interface Achievement {
  id: string;
  issuerId: string;
  /** The LMS's id: a course key (`course-v1:Org+CS101+2026`) or a program id. */
  externalId: string;
  kind: AchievementKind;
  name: string;
  description: string | null;
  criteriaNarrative: string | null;
  imageUrl: string | null;
  achievementType: string | null;
  tier: string | null;
  signatories: unknown[];
  template: string | null;
  theme: unknown;
  rules: unknown;
  resultDescriptions: unknown[];
  /** For programs: the external ids of the courses it contains. */
  courseIds: string[];
  autoOffer: boolean;
  createdAt: Timestamp;
  updatedAt: Timestamp;
  /** Archived: issues nothing new; what it issued is untouched. */
  archivedAt: Timestamp | null;
  /** Which version of `rules` is live; every change of rules adds one. */
  rulesVersion: number;
  /** Name and description per language tag, for display; null when there are none. */
  translations: unknown;
}

export interface RuleVersion {
  version: number;
  rules: unknown;
  createdAt: Timestamp;
  /** Who set these rules (audit actor). */
  actor: string;
}

export interface AchievementSearch {
  issuerId: string;
  /** Matches name or external id (case-insensitive, contains). */
  q?: string | undefined;
  kind?: AchievementKind | undefined;
  archived?: boolean | undefined;
  /** Only these (a course-staff token's reach). */
  ids?: string[] | undefined;
}

export interface NewAchievement {
  issuerId: string;
  externalId: string;
  kind: AchievementKind;
  name: string;
  description?: string | null;
  criteriaNarrative?: string | null;
  imageUrl?: string | null;
  achievementType?: string | null;
  tier?: string | null;
  signatories?: unknown[];
  template?: string | null;
  theme?: unknown;
  rules?: unknown;
  resultDescriptions?: unknown[];
  courseIds?: string[];
  autoOffer?: boolean;
  translations?: unknown;
  /** Who creates it, recorded with rules version 1. */
  actor?: string;
}

export type AchievementPatch = Partial<Omit<NewAchievement, 'issuerId' | 'kind' | 'actor'>> & {
  archivedAt?: Timestamp | null;
  /** Who changes it: recorded with a new rules version when `rules` is given. */
  actor?: string;
};

export interface AchievementRepository {
  create(input: NewAchievement): Promise<Achievement>;
  get(id: string): Promise<Achievement | undefined>;
  listForIssuer(issuerId: string): Promise<Achievement[]>;
  /** Course achievements for the course, and programs that contain it. */
  touchedByCourse(issuerId: string, courseId: string): Promise<Achievement[]>;
  /** A change of `rules` stores them as the next version; earlier versions stay readable. */
  update(id: string, patch: AchievementPatch): Promise<Achievement>;
  search(filter: AchievementSearch, page: PageRequest & { sort?: 'createdAt' | 'name' | undefined }): Promise<Page<Achievement>>;
  ruleVersions(id: string): Promise<RuleVersion[]>;
}

function toAchievement(row: AchievementsTable): Achievement {
  return {
    ...row,
    signatories: fromJson(row.signatories) as unknown[],
    theme: row.theme === null ? null : fromJson(row.theme),
    translations: row.translations === null ? null : fromJson(row.translations),
    rules: row.rules === null ? null : fromJson(row.rules),
    resultDescriptions: fromJson(row.resultDescriptions) as unknown[],
    courseIds: fromJson(row.courseIds) as string[],
    autoOffer: fromFlag(row.autoOffer),
  };
}

/** The courses an achievement is reached through: itself for a course, its members for a program. */
function linkedCourses(kind: AchievementKind, externalId: string, courseIds: string[]): string[] {
  return [...new Set(kind === 'course' ? [externalId, ...courseIds] : courseIds)];
}

async function replaceCourseLinks(db: Kysely<Database>, achievementId: string, courseIds: string[]): Promise<void> {
  await db.deleteFrom('achievementCourses').where('achievementId', '=', achievementId).execute();
  if (courseIds.length > 0) {
    await db
      .insertInto('achievementCourses')
      .values(courseIds.map((courseId) => ({ achievementId, courseId })))
      .execute();
  }
}

export function createAchievementRepository(context: RepositoryContext): AchievementRepository {
  const { db } = context;
  const get = async (id: string) => {
    const row = await db.selectFrom('achievements').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toAchievement(row);
  };

  return {
    async create(input) {
      const now = context.now();
      const courseIds = input.courseIds ?? [];
      const row: AchievementsTable = {
        id: context.newId(),
        issuerId: input.issuerId,
        externalId: input.externalId,
        kind: input.kind,
        name: input.name,
        description: input.description ?? null,
        criteriaNarrative: input.criteriaNarrative ?? null,
        imageUrl: input.imageUrl ?? null,
        achievementType: input.achievementType ?? null,
        tier: input.tier ?? null,
        signatories: toJson(input.signatories ?? []),
        template: input.template ?? null,
        theme: input.theme === undefined ? null : toJson(input.theme),
        rules: input.rules === undefined ? null : toJson(input.rules),
        resultDescriptions: toJson(input.resultDescriptions ?? []),
        courseIds: toJson(courseIds),
        autoOffer: toFlag(input.autoOffer ?? false),
        createdAt: now,
        updatedAt: now,
        archivedAt: null,
        rulesVersion: 1,
        translations: input.translations === undefined || input.translations === null ? null : toJson(input.translations),
      };
      await context.atomic(async (trx) => {
        await trx.insertInto('achievements').values(row).execute();
        await trx.insertInto('achievementRuleVersions').values({ achievementId: row.id, version: 1, rules: row.rules ?? '{}', createdAt: now, actor: input.actor ?? 'system' }).execute();
        await replaceCourseLinks(trx, row.id, linkedCourses(row.kind, row.externalId, courseIds));
      });
      return toAchievement(row);
    },
    get,
    async listForIssuer(issuerId) {
      const rows = await db.selectFrom('achievements').selectAll().where('issuerId', '=', issuerId).orderBy('createdAt').orderBy('id').execute();
      return rows.map(toAchievement);
    },
    async touchedByCourse(issuerId, courseId) {
      const rows = await db
        .selectFrom('achievements')
        .selectAll('achievements')
        .where('issuerId', '=', issuerId)
        // An archived achievement is no longer earned.
        .where('archivedAt', 'is', null)
        .where('id', 'in', (sub) => sub.selectFrom('achievementCourses').select('achievementId').where('courseId', '=', courseId))
        .orderBy('kind')
        .orderBy('createdAt')
        .orderBy('id')
        .execute();
      return rows.map(toAchievement);
    },
    async update(id, patch) {
      await context.atomic(async (trx) => {
        const current = await forUpdate(context, trx.selectFrom('achievements').select(['kind', 'externalId', 'courseIds', 'rulesVersion']).where('id', '=', id)).executeTakeFirst();
        if (current === undefined) throw notFound('achievement', id);
        const { signatories, theme, translations, rules, resultDescriptions, courseIds, autoOffer, actor, ...plain } = patch;
        const now = context.now();
        const rulesVersion = rules !== undefined ? current.rulesVersion + 1 : current.rulesVersion;
        if (rules !== undefined) {
          await trx.insertInto('achievementRuleVersions').values({ achievementId: id, version: rulesVersion, rules: toJson(rules ?? {}), createdAt: now, actor: actor ?? 'system' }).execute();
        }
        const changes: Partial<AchievementsTable> = {
          ...Object.fromEntries(Object.entries(plain).filter(([, value]) => value !== undefined)),
          ...(signatories !== undefined && { signatories: toJson(signatories) }),
          ...(theme !== undefined && { theme: theme === null ? null : toJson(theme) }),
          ...(translations !== undefined && { translations: translations === null ? null : toJson(translations) }),
          ...(rules !== undefined && { rules: rules === null ? null : toJson(rules) }),
          ...(resultDescriptions !== undefined && { resultDescriptions: toJson(resultDescriptions) }),
          ...(courseIds !== undefined && { courseIds: toJson(courseIds) }),
          ...(autoOffer !== undefined && { autoOffer: toFlag(autoOffer) }),
          rulesVersion,
          updatedAt: now,
        };
        await trx.updateTable('achievements').set(changes).where('id', '=', id).execute();
        if (courseIds !== undefined || (patch.externalId !== undefined && current.kind === 'course')) {
          const links = linkedCourses(current.kind, patch.externalId ?? current.externalId, courseIds ?? (fromJson(current.courseIds) as string[]));
          await replaceCourseLinks(trx, id, links);
        }
      });
      const achievement = await get(id);
      if (achievement === undefined) throw notFound('achievement', id);
      return achievement;
    },
    async search(filter, page) {
      let query = db.selectFrom('achievements').selectAll().where('issuerId', '=', filter.issuerId);
      if (filter.q !== undefined && filter.q !== '') query = query.where(containsText(['name', 'externalId'], filter.q));
      if (filter.kind !== undefined) query = query.where('kind', '=', filter.kind);
      if (filter.archived !== undefined) query = query.where('archivedAt', filter.archived ? 'is not' : 'is', null);
      if (filter.ids !== undefined) {
        if (filter.ids.length === 0) return { items: [], nextCursor: null };
        query = query.where('id', 'in', filter.ids);
      }
      const sort =
        page.sort === 'name'
          ? { column: 'name', idColumn: 'id', keyOf: (row: AchievementsTable): [string, string] => [row.name, row.id] }
          : { column: 'createdAt', idColumn: 'id', keyOf: (row: AchievementsTable): [string, string] => [row.createdAt, row.id] };
      return keysetPage(query, sort, page, toAchievement);
    },
    async ruleVersions(id) {
      const rows = await db.selectFrom('achievementRuleVersions').selectAll().where('achievementId', '=', id).orderBy('version').execute();
      return rows.map((row) => ({ version: row.version, rules: fromJson(row.rules), createdAt: row.createdAt, actor: row.actor }));
    },
  };
}
