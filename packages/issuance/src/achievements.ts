import { z } from 'zod';
import { achievementTypeSchema, InvalidInputError } from '@laurel/models';
import { parseAchievementRules, type AchievementRules } from '@laurel/criteria';
import type { Achievement, Repositories } from '@laurel/store';
import type { IssuanceDeps } from './deps.js';
import { getIssuer } from './issuers.js';
import { NotFoundError } from './errors.js';

const signatorySchema = z.strictObject({
  name: z.string().trim().min(1),
  title: z.string().optional(),
  organization: z.string().optional(),
  signatureImageUrl: z.url().optional(),
});

/**
 * An achievement's name and description in other languages, by BCP 47
 * language tag ({ "fr": { "name": "Science des données" } }). For display only:
 * the signed credential keeps `name` and `description` as set on the
 * achievement, because 1EdTech's OB 3.0 schema requires them to be strings.
 */
export const achievementTranslationsSchema = z
  .record(
    z.string().regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/, 'must be a language tag such as fr or pt-BR'),
    z.strictObject({ name: z.string().trim().min(1).max(200).optional(), description: z.string().max(5000).optional() })
      .refine((entry) => entry.name !== undefined || entry.description !== undefined, { message: 'needs a name or a description' }),
  )
  .refine((map) => Object.keys(map).length <= 50, { message: 'at most 50 languages' });

/** Rules as a caller writes them: `type` and a course's own id are filled in from the achievement. */
const rulesInputSchema = z.record(z.string(), z.unknown());

/**
 * What records that arrive after a credential was issued do to it:
 * - keep-first: nothing; the first credential stands (the default).
 * - reissue-on-grade-change: a different reported grade issues a new credential
 *   and revokes the old one as superseded, as a name change does.
 * - revoke-when-unmet: when the rules are no longer met, the credential is revoked with the reason.
 */
export const LATER_RECORDS_POLICIES = ['keep-first', 'reissue-on-grade-change', 'revoke-when-unmet'] as const;
export type LaterRecordsPolicy = (typeof LATER_RECORDS_POLICIES)[number];
export const laterRecordsSchema = z.enum(LATER_RECORDS_POLICIES);

/** Days a credential under revoke-when-unmet survives unmet rules (the learner may catch up), 0–365. */
export const revokeGraceDaysSchema = z.number().int().min(0).max(365);

/**
 * Enrollment modes that may earn a course achievement (Open edX modes: audit,
 * verified, professional, no-id-professional, honor, masters, …), e.g.
 * ["verified"]. Absent: any mode, or none known, may earn.
 */
export const earningModesSchema = z.array(z.string().trim().min(1).max(64).regex(/^[a-z0-9-]+$/, 'must be an Open edX enrollment mode such as verified or audit')).min(1).max(10);

/** Stored next to the rules (and versioned with them); absent when any mode may earn. */
export function modesField(modes: readonly string[] | null | undefined): { earningModes?: string[] } {
  return modes && modes.length > 0 ? { earningModes: [...new Set(modes)] } : {};
}

/** The policy as stored next to the rules: only what is not the default, so rules written before it read the same. */
export function policyField(policy: LaterRecordsPolicy, graceDays = 0): { laterRecords?: LaterRecordsPolicy; revokeGraceDays?: number } {
  return { ...(policy === 'keep-first' ? {} : { laterRecords: policy }), ...(policy === 'revoke-when-unmet' && graceDays > 0 ? { revokeGraceDays: graceDays } : {}) };
}

export const newAchievementSchema = z.strictObject({
  /** The LMS's id: a course key like course-v1:Org+CS101+2026, or a program / learning path id. */
  externalId: z.string().trim().min(1).max(255),
  kind: z.enum(['course', 'program']).default('course'),
  name: z.string().trim().min(1).max(200),
  description: z.string().max(5000).optional(),
  /** What the learner did; defaults to a sentence generated from the rules. */
  criteriaNarrative: z.string().max(5000).optional(),
  imageUrl: z.url().max(2048).optional(),
  /** Open Badges achievementType, e.g. Certificate, Course, Badge. */
  achievementType: achievementTypeSchema.optional(),
  /** e.g. Completion, Achievement: several tiers per course are normal. */
  tier: z.string().max(100).optional(),
  signatories: z.array(signatorySchema).max(10).optional(),
  template: z.string().max(100).optional(),
  theme: z.record(z.string(), z.unknown()).optional(),
  translations: achievementTranslationsSchema.optional(),
  /**
   * Course: { minCompletionPercent, minGradePercent, requirePassed, assignmentTypeMinimums, optionalAssignmentTypes }.
   * Program: { courses: [{ courseId, rules?, optional? }], courseRules?, minCoursesCompleted? }.
   */
  rules: rulesInputSchema.default({}),
  /** Put the learner's grade in the credential as an Open Badges result. */
  reportGrade: z.boolean().default(false),
  /** Create a wallet claim offer automatically at issuance. */
  autoOffer: z.boolean().default(false),
  /** What later records do to a credential already issued (see LATER_RECORDS_POLICIES). */
  laterRecords: laterRecordsSchema.default('keep-first'),
  /** With revoke-when-unmet: how many days the rules may stay unmet before the credential is revoked. */
  revokeGraceDays: revokeGraceDaysSchema.default(0),
  /** Course achievements only: the enrollment modes that may earn it, e.g. ["verified"]; absent: any. */
  earningModes: earningModesSchema.optional(),
});
export type NewAchievementInput = z.input<typeof newAchievementSchema>;

/** Completes rules with what the achievement already says, then validates them with the criteria engine. */
export function rulesFor(kind: 'course' | 'program', externalId: string, rules: Record<string, unknown>): AchievementRules {
  // Policy fields travel beside the rules, never inside what the criteria engine reads.
  const { earningModes: _modes, reportGrade: _grade, laterRecords: _policy, revokeGraceDays: _grace, ...onlyRules } = rules;
  rules = onlyRules;
  const completed = kind === 'course' ? { ...rules, type: 'course', courseId: externalId } : { ...rules, type: 'program' };
  return parseAchievementRules(completed);
}

export function courseIdsOf(rules: AchievementRules): string[] {
  return rules.type === 'course' ? [rules.courseId] : rules.courses.map((course) => course.courseId);
}

/** Creates an achievement with validated rules; audited as `achievement.create` in the same transaction. */
export async function createAchievement(deps: IssuanceDeps, actor: string, issuerId: string, input: NewAchievementInput): Promise<Achievement> {
  const data = newAchievementSchema.parse(input);
  await getIssuer(deps.store, issuerId);
  const rules = rulesFor(data.kind, data.externalId, data.rules);
  if (data.earningModes && data.kind !== 'course') throw new InvalidInputError([{ path: 'earningModes', message: 'applies to course achievements only: a program counts each course by its own achievement' }], 'achievement');
  const created = await deps.store.transaction((tx) => insertAchievement(tx, actor, issuerId, data, rules));
  // Its courses now count toward it here at once (other processes: within ISSUANCE_CACHE_TTL_MS).
  deps.caches?.achievementsByCourse.clear();
  return created;
}

/** Inside the caller's transaction: the row and its `achievement.create` audit entry. */
export async function insertAchievement(tx: Repositories, actor: string, issuerId: string, data: z.output<typeof newAchievementSchema>, rules: AchievementRules): Promise<Achievement> {
  {
    const achievement = await tx.achievements.create({
      issuerId,
      externalId: data.externalId,
      kind: data.kind,
      name: data.name,
      description: data.description ?? null,
      criteriaNarrative: data.criteriaNarrative ?? null,
      imageUrl: data.imageUrl ?? null,
      achievementType: data.achievementType ?? null,
      tier: data.tier ?? null,
      signatories: data.signatories ?? [],
      template: data.template ?? null,
      theme: data.theme ?? null,
      translations: data.translations ?? null,
      rules: { ...rules, reportGrade: data.reportGrade, ...policyField(data.laterRecords, data.revokeGraceDays), ...modesField(data.earningModes) },
      resultDescriptions: [],
      courseIds: courseIdsOf(rules),
      autoOffer: data.autoOffer,
      actor,
    });
    await tx.audit.record({ actor, action: 'achievement.create', targetType: 'achievement', targetId: achievement.id, issuerId, details: { externalId: achievement.externalId, kind: achievement.kind, autoOffer: achievement.autoOffer } });
    return achievement;
  }
}

/** The issuer's achievements; NotFound for an unknown issuer. */
export async function listAchievements(deps: Pick<IssuanceDeps, 'store'>, issuerId: string): Promise<Achievement[]> {
  await getIssuer(deps.store, issuerId);
  return deps.store.achievements.listForIssuer(issuerId);
}

export async function getAchievement(deps: Pick<IssuanceDeps, 'store'>, issuerId: string, achievementId: string): Promise<Achievement> {
  const achievement = await deps.store.achievements.get(achievementId);
  if (!achievement || achievement.issuerId !== issuerId) throw new NotFoundError('achievement', achievementId);
  return achievement;
}

/** The stored rules, minus our own presentation flag, as the criteria engine reads them. */
export interface StoredRules {
  rules: AchievementRules;
  reportGrade: boolean;
  /** Stored next to the rules (and versioned with them); achievements from before it have keep-first. */
  laterRecords: LaterRecordsPolicy;
  revokeGraceDays: number;
  /** The enrollment modes that may earn it; undefined: any. */
  earningModes?: readonly string[];
}

export function storedRules(achievement: Achievement): StoredRules {
  const compiled = compiledRules.get(achievement);
  if (compiled) return compiled;
  const { reportGrade, laterRecords, revokeGraceDays, earningModes, ...rules } = achievement.rules as Record<string, unknown> & { reportGrade?: boolean; laterRecords?: unknown; revokeGraceDays?: unknown; earningModes?: unknown };
  const modes = earningModesSchema.safeParse(earningModes);
  const policy = laterRecordsSchema.safeParse(laterRecords);
  const grace = revokeGraceDaysSchema.safeParse(revokeGraceDays);
  const parsed = {
    rules: parseAchievementRules(rules),
    reportGrade: reportGrade === true,
    laterRecords: policy.success ? policy.data : 'keep-first',
    revokeGraceDays: grace.success ? grace.data : 0,
    ...(modes.success ? { earningModes: modes.data } : {}),
  } satisfies StoredRules;
  compiledRules.set(achievement, parsed);
  return parsed;
}

/**
 * Rules parsed once per achievement row object: the read caches hand out the
 * same object for as long as they keep it, so a course's rules are parsed
 * once per cache lifetime, not per completion. Rows are never edited in place.
 */
const compiledRules = new WeakMap<Achievement, StoredRules>();
/**
 * The names of these courses (a program's criteria name them): the LMS's own
 * name when the catalog sync has seen the course, else the name of the
 * issuer's course achievement for it; raw keys only when neither is known.
 */
export async function courseNamesOf(tx: Repositories, issuerId: string, courseIds: readonly string[]): Promise<Map<string, string>> {
  const names = await tx.catalog.courseNames(issuerId, courseIds);
  for (const courseId of courseIds) {
    if (names.has(courseId)) continue;
    const course = (await tx.achievements.touchedByCourse(issuerId, courseId)).find((achievement) => achievement.kind === 'course' && achievement.externalId === courseId);
    if (course) names.set(courseId, course.name);
  }
  return names;
}
