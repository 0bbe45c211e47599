import { InvalidRulesError } from '@laurel/criteria';
import { achievementTypeSchema, InvalidInputError, type ValidationIssue } from '@laurel/models';
import type { Achievement } from '@laurel/store';
import { z } from 'zod';
import { earningModesSchema, insertAchievement, laterRecordsSchema, newAchievementSchema, revokeGraceDaysSchema, rulesFor } from './achievements.js';
import type { IssuanceDeps } from './deps.js';
import { getIssuer } from './issuers.js';

/** Where a tier's name takes the course's name from the LMS. */
export const COURSE_NAME_PLACEHOLDER = '{course}';

/** One achievement to create for each new course, e.g. a Completion tier and an Achievement tier. */
const catalogTierSchema = z.strictObject({
  /** e.g. Completion, Achievement. */
  tier: z.string().trim().min(1).max(100).optional(),
  /** The achievement's name; `{course}` becomes the course's name in the LMS. */
  name: z.string().trim().min(1).max(150).default(COURSE_NAME_PLACEHOLDER),
  /** Course rules, as for an achievement: { minCompletionPercent, minGradePercent, requirePassed, assignmentTypeMinimums, optionalAssignmentTypes }. */
  rules: z.record(z.string(), z.unknown()).default({}),
  reportGrade: z.boolean().default(false),
  laterRecords: laterRecordsSchema.default('keep-first'),
  revokeGraceDays: revokeGraceDaysSchema.default(0),
  earningModes: earningModesSchema.optional(),
  autoOffer: z.boolean().default(false),
  achievementType: achievementTypeSchema.optional(),
});

/** Per issuer: what the catalog sync creates for a course the LMS lists and Laurel has no achievement for. */
export const catalogDefaultsSchema = z.strictObject({
  tiers: z.array(catalogTierSchema).min(1).max(10),
  /** Certificate template and theme of every achievement created. */
  template: z.string().max(100).optional(),
  theme: z.record(z.string(), z.unknown()).optional(),
});
export type CatalogDefaults = z.output<typeof catalogDefaultsSchema>;
export type CatalogDefaultsInput = z.input<typeof catalogDefaultsSchema>;

/** Out of the box: one achievement per course, earned as Open edX earns a certificate (the passed flag). */
export const BUILT_IN_CATALOG_DEFAULTS: CatalogDefaults = catalogDefaultsSchema.parse({ tiers: [{}] });

export interface StoredCatalogDefaults {
  defaults: CatalogDefaults;
  /** issuer: set with PUT; built-in: none set yet. */
  source: 'issuer' | 'built-in';
  updatedAt?: string;
  updatedBy?: string;
}

/** A sample course key: tier rules are checked as a course achievement's would be. */
const SAMPLE_COURSE = 'course-v1:Laurel+Sample+2026';

/** Checks every tier's rules with the criteria engine; the problem names `tiers[i].rules.<field>`. */
function checkTierRules(defaults: CatalogDefaults): void {
  const issues: ValidationIssue[] = [];
  defaults.tiers.forEach((tier, index) => {
    try {
      rulesFor('course', SAMPLE_COURSE, tier.rules);
    } catch (error) {
      if (!(error instanceof InvalidRulesError)) throw error;
      issues.push(...error.issues.map((issue) => ({ path: `tiers[${index}].rules${issue.path ? `.${issue.path}` : ''}`, message: issue.message })));
    }
  });
  if (issues.length > 0) throw new InvalidInputError(issues, 'catalog defaults');
}

export async function getCatalogDefaults(deps: Pick<IssuanceDeps, 'store'>, issuerId: string): Promise<StoredCatalogDefaults> {
  await getIssuer(deps.store, issuerId);
  const row = await deps.store.catalog.getDefaults(issuerId);
  if (!row) return { defaults: BUILT_IN_CATALOG_DEFAULTS, source: 'built-in' };
  // Stored after validation; parsed again so defaults written by an older version read with today's defaults filled in.
  return { defaults: catalogDefaultsSchema.parse(row.settings), source: 'issuer', updatedAt: row.updatedAt, updatedBy: row.updatedBy };
}

/** Replaces the issuer's catalog defaults (they apply to courses synced from now on). Audited as `catalog-defaults.update`. */
export async function putCatalogDefaults(deps: Pick<IssuanceDeps, 'store'>, actor: string, issuerId: string, input: CatalogDefaultsInput): Promise<StoredCatalogDefaults> {
  const defaults = catalogDefaultsSchema.parse(input);
  checkTierRules(defaults);
  await getIssuer(deps.store, issuerId);
  const row = await deps.store.transaction(async (tx) => {
    const stored = await tx.catalog.putDefaults(issuerId, defaults, actor);
    await tx.audit.record({ actor, action: 'catalog-defaults.update', targetType: 'issuer', targetId: issuerId, issuerId, details: { tiers: defaults.tiers.length } });
    return stored;
  });
  return { defaults, source: 'issuer', updatedAt: row.updatedAt, updatedBy: row.updatedBy };
}

export interface CatalogCourse {
  /** The LMS course key, e.g. course-v1:Org+CS101+2026. */
  key: string;
  name: string;
}

/**
 * What a course listed by the LMS led to:
 * - created: new to Laurel; its achievements were made from the defaults.
 * - existing-achievements: new to the catalog but achievements for it existed already (made by hand): none added.
 * - known: listed before; only its name is kept current.
 */
export interface CatalogCourseOutcome {
  courseKey: string;
  outcome: 'created' | 'existing-achievements' | 'known';
  achievementIds: string[];
}

const tierName = (template: string, course: CatalogCourse) => template.split(COURSE_NAME_PLACEHOLDER).join(course.name.trim() || course.key).slice(0, 200);

/**
 * Adds one course the LMS lists: remembers its key and name, and the first
 * time, creates its achievements from the defaults, all in one transaction.
 * The course key's row is written first, so two syncs at once create the
 * achievements once: the second finds the key taken. Audited as
 * `catalog.course-add` (and `achievement.create` for each achievement).
 */
export async function addCatalogCourse(deps: IssuanceDeps, actor: string, issuerId: string, course: CatalogCourse, defaults: CatalogDefaults, lmsInstance?: string): Promise<CatalogCourseOutcome> {
  const outcome = await deps.store.transaction(async (tx): Promise<CatalogCourseOutcome> => {
    const { created } = await tx.catalog.rememberCourse({ issuerId, courseKey: course.key, name: course.name, lmsInstance: lmsInstance ?? null });
    if (!created) return { courseKey: course.key, outcome: 'known', achievementIds: [] };
    const existing = (await tx.achievements.touchedByCourse(issuerId, course.key)).filter((achievement) => achievement.kind === 'course' && achievement.externalId === course.key);
    if (existing.length > 0) return { courseKey: course.key, outcome: 'existing-achievements', achievementIds: [] };
    const made: Achievement[] = [];
    for (const tier of defaults.tiers) {
      const data = newAchievementSchema.parse({
        externalId: course.key,
        kind: 'course',
        name: tierName(tier.name, course),
        ...(tier.tier ? { tier: tier.tier } : {}),
        ...(tier.achievementType ? { achievementType: tier.achievementType } : {}),
        ...(defaults.template ? { template: defaults.template } : {}),
        ...(defaults.theme ? { theme: defaults.theme } : {}),
        rules: tier.rules,
        reportGrade: tier.reportGrade,
        laterRecords: tier.laterRecords,
        revokeGraceDays: tier.revokeGraceDays,
        autoOffer: tier.autoOffer,
        ...(tier.earningModes ? { earningModes: tier.earningModes } : {}),
      });
      made.push(await insertAchievement(tx, actor, issuerId, data, rulesFor('course', course.key, data.rules)));
    }
    await tx.audit.record({ actor, action: 'catalog.course-add', targetType: 'issuer', targetId: issuerId, issuerId, details: { courseKey: course.key, achievementIds: made.map((achievement) => achievement.id), ...(lmsInstance ? { lmsInstance } : {}) } });
    return { courseKey: course.key, outcome: 'created', achievementIds: made.map((achievement) => achievement.id) };
  });
  // New achievements count for their course here at once (other processes: within ISSUANCE_CACHE_TTL_MS).
  if (outcome.outcome === 'created') deps.caches?.achievementsByCourse.clear();
  return outcome;
}
