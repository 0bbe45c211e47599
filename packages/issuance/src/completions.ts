import { LaurelError } from '@laurel/models';
import { z } from 'zod';
import type { CompletionRecord as CriteriaRecord, Evaluation } from '@laurel/criteria';
import type { Achievement, CompletionRecord, Issuer, NewAuditEntry, Repositories } from '@laurel/store';
import type { IssuerKey } from '@laurel/suites';
import { credentialUrl, type IssuanceDeps } from './deps.js';
import { storedRules } from './achievements.js';
import { evaluateStored } from './evaluate-stored.js';
import { cachedIssuer, cachedSigningKey } from './issuers.js';
import { issueRecorded } from './issue-recorded.js';
import { applyCredentialAction } from './credential-state.js';
import { oweLearnerMail } from './learner-mail.js';
import { GRADE_CHANGED, reissueActiveCredentials, reportedGrade, supersedeCredential } from './reissue.js';
import { publishStatusLists } from './status-lists.js';
import { unmetSince } from './unmet-since.js';
import type { AutomaticOffer } from './wallet-offers.js';

const percent = z.number().min(0, 'must be a percentage from 0 to 100').max(100, 'must be a percentage from 0 to 100');

export const learnerInputSchema = z.strictObject({
  /** The learner's user id in the LMS: stable, unlike usernames. */
  lmsUserId: z.string().trim().min(1).max(255),
  username: z.string().max(255).optional(),
  name: z.string().trim().min(1).max(255).optional(),
  email: z.email().max(254).optional(),
  /** The learner's wallet DID, when known; becomes credentialSubject.id. */
  did: z.string().max(2048).regex(/^did:[a-z0-9]+:\S+$/, 'must be a DID').optional(),
  locale: z.string().max(20).optional(),
});

export const completionInputSchema = z.strictObject({
  learner: learnerInputSchema,
  /** The LMS course id, e.g. course-v1:Org+CS101+2026. */
  courseId: z.string().trim().min(1).max(255),
  completionPercent: percent.optional(),
  gradePercent: percent.optional(),
  /** Grade % per assignment type, e.g. { "Final Exam": 84 }. */
  assignmentGrades: z.record(z.string().min(1), percent).optional(),
  passed: z.boolean().optional(),
  completedAt: z.iso.datetime({ offset: true }).optional(),
  /** The LMS's id for this event: sending the same id again changes nothing. */
  sourceEventId: z.string().trim().min(1).max(255),
  /** The learner's enrollment mode in the course (Open edX: audit, verified, professional, …), for achievements only some modes may earn. */
  enrollmentMode: z.string().trim().min(1).max(64).optional(),
});
export type CompletionInput = z.infer<typeof completionInputSchema>;

/** Built once: a zod schema costs more to build than a record costs to check. */
const completionRecordsSchema = z.array(completionInputSchema).min(1);

export interface IssuedSummary {
  credentialId: string;
  url: string;
  achievementId: string;
  learnerId: string;
  reissueOf?: string;
  /** The automatic wallet offer's claim page, when the achievement has `autoOffer`. */
  claimUrl?: string;
}

/**
 * A credential this delivery earned that was issued before (a repeated
 * `sourceEventId`, or the same achievement earned again): nothing new is
 * issued, and the answer still carries the claim link of its automatic offer.
 */
export interface ExistingCredential {
  credentialId: string;
  url: string;
  achievementId: string;
  learnerId: string;
  claimUrl?: string;
  claimState?: AutomaticOffer['claimState'];
  claimExpiresAt?: string;
}

/** A credential revoked because later records no longer meet its rules (policy revoke-when-unmet). */
export interface RevokedSummary {
  credentialId: string;
  achievementId: string;
  learnerId: string;
  reason: string;
}

export interface AchievementProgress {
  achievementId: string;
  name: string;
  earned: boolean;
  credentialId?: string;
  requirements: Evaluation['requirements'];
}

/** A learner whose records could not be processed; the others in the batch were. Retrying is safe. */
export interface FailedLearner {
  lmsUserId: string;
  sourceEventIds: string[];
  code: string;
  detail: string;
}

export interface CompletionsOutcome {
  received: number;
  duplicates: string[];
  issued: IssuedSummary[];
  /** Earned again but already held: the existing credentials, with their claim links. */
  existing: ExistingCredential[];
  /** Credentials these records took back (achievements with the revoke-when-unmet policy). */
  revoked: RevokedSummary[];
  progress: { learnerId: string; lmsUserId: string; achievements: AchievementProgress[] }[];
  /** Learners whose transaction failed. Empty unless some of the batch succeeded (when none does, the error is thrown). */
  failed: FailedLearner[];
}

/** What a caller may be told about a learner's failure: our own errors say what; anything else says only that. */
function failureOf(records: CompletionInput[], error: unknown): FailedLearner {
  const ours = error instanceof LaurelError;
  return {
    lmsUserId: records[0]!.learner.lmsUserId,
    sourceEventIds: records.map((record) => record.sourceEventId),
    code: ours ? error.code : 'INTERNAL',
    detail: ours ? error.message : 'The records could not be processed; sending them again is safe.',
  };
}

export function toCriteriaRecord(record: CompletionRecord): CriteriaRecord {
  return {
    courseId: record.courseId,
    ...(record.completionPercent !== null ? { completionPercent: record.completionPercent } : {}),
    ...(record.gradePercent !== null ? { gradePercent: record.gradePercent } : {}),
    passed: record.passed,
    ...(record.assignmentGrades && typeof record.assignmentGrades === 'object' ? { assignmentGrades: record.assignmentGrades as Record<string, number> } : {}),
    ...(record.completedAt ? { completedAt: record.completedAt } : {}),
  };
}

/** The grade a credential reports: the achievement's own course grade, or the mean over a program's courses. */
function gradeFor(achievement: Achievement, records: CriteriaRecord[]): number | undefined {
  const grades = records.filter((record) => achievement.courseIds.includes(record.courseId) && record.gradePercent !== undefined).map((record) => record.gradePercent!);
  if (grades.length === 0) return undefined;
  return Math.round((grades.reduce((sum, grade) => sum + grade, 0) / grades.length) * 100) / 100;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Whether a credential whose rules are unmet may be revoked now: at once without
 * a grace period, else once the rules have stayed unmet that many days. Nothing
 * waits for the deadline: the next record, event or `laurel lms reconcile` run
 * after it evaluates again and revokes.
 */
async function graceOver(tx: Repositories, deps: IssuanceDeps, learnerId: string, achievement: Achievement, graceDays: number): Promise<boolean> {
  if (graceDays === 0) return true;
  const since = unmetSince(storedRules(achievement).rules, achievement.courseIds, await tx.completions.listForLearner(learnerId));
  return since !== undefined && deps.now().getTime() - Date.parse(since) >= graceDays * DAY_MS;
}

interface LearnerBatchResult {
  duplicates: string[];
  issued: IssuedSummary[];
  existing: ExistingCredential[];
  revoked: RevokedSummary[];
  progress: CompletionsOutcome['progress'][number];
  touchedStatusLists: string[];
}

/**
 * The latest record per course among `records`, as `completions.latestPerCourse`
 * orders them (received last, then the greater id), sorted by course id.
 */
function latestPerCourseOf(records: CompletionRecord[]): CompletionRecord[] {
  const latest = new Map<string, CompletionRecord>();
  for (const record of records) {
    const held = latest.get(record.courseId);
    if (!held || record.receivedAt > held.receivedAt || (record.receivedAt === held.receivedAt && record.id > held.id)) latest.set(record.courseId, record);
  }
  return [...latest.values()].sort((a, b) => (a.courseId < b.courseId ? -1 : a.courseId > b.courseId ? 1 : 0));
}

async function processLearner(tx: Repositories, deps: IssuanceDeps, actor: string, issuer: Issuer, key: IssuerKey, records: CompletionInput[]): Promise<LearnerBatchResult> {
  const profile = records[records.length - 1]!.learner;
  // A learner created just now has no records but these and no credential: nothing of theirs is looked up.
  const { learner, nameChanged, created: learnerIsNew } = await tx.learners.upsert({ issuerId: issuer.id, ...profile });
  const duplicates: string[] = [];
  const stored: CompletionRecord[] = [];
  const touchedCourses = new Set<string>();
  // This learner's audit rows, written in one INSERT at the end of the transaction.
  const auditRows: NewAuditEntry[] = [];
  for (const record of records) {
    const { inserted, record: row } = await tx.completions.insert({
      issuerId: issuer.id,
      learnerId: learner.id,
      courseId: record.courseId,
      completionPercent: record.completionPercent ?? null,
      gradePercent: record.gradePercent ?? null,
      passed: record.passed ?? false,
      assignmentGrades: record.assignmentGrades ?? {},
      completedAt: record.completedAt ?? null,
      sourceEventId: record.sourceEventId,
      enrollmentMode: record.enrollmentMode ?? null,
    });
    if (inserted) stored.push(row);
    else duplicates.push(record.sourceEventId);
    touchedCourses.add(record.courseId);
  }
  const recorded = records.map((record) => record.sourceEventId).filter((id) => !duplicates.includes(id));
  if (recorded.length > 0) {
    auditRows.push({ actor, action: 'completion.record', targetType: 'learner', targetId: learner.id, issuerId: issuer.id, details: { lmsUserId: learner.lmsUserId, sourceEventIds: recorded } });
  }

  const issued: IssuedSummary[] = [];
  const existing: ExistingCredential[] = [];
  const touchedStatusLists: string[] = [];
  if (nameChanged) {
    const reissued = await reissueActiveCredentials(tx, deps, actor, issuer, key, learner);
    issued.push(...reissued.issued);
    touchedStatusLists.push(...reissued.touchedStatusLists);
  }

  const latestStored = learnerIsNew ? latestPerCourseOf(stored) : await tx.completions.latestPerCourse(issuer.id, learner.id);
  const latest = latestStored.map(toCriteriaRecord);
  const achievements = new Map<string, Achievement>();
  for (const courseId of touchedCourses) {
    const touched = deps.caches ? await deps.caches.touchedByCourse(tx, issuer.id, courseId) : await tx.achievements.touchedByCourse(issuer.id, courseId);
    for (const achievement of touched) achievements.set(achievement.id, achievement);
  }

  const progress: AchievementProgress[] = [];
  const revoked: RevokedSummary[] = [];
  for (const achievement of achievements.values()) {
    const { laterRecords, revokeGraceDays } = storedRules(achievement);
    const evaluation = evaluateStored(achievement, latestStored);
    let credentialId: string | undefined;
    if (evaluation.earned) {
      const grade = gradeFor(achievement, latest);
      const held = laterRecords === 'reissue-on-grade-change' && !learnerIsNew ? await tx.credentials.findActive(achievement.id, learner.id) : undefined;
      const heldGrade = held?.state === 'active' ? reportedGrade(held.document) : undefined;
      if (held && heldGrade !== undefined && grade !== undefined && heldGrade !== grade) {
        // The credential says a grade the LMS no longer reports: issue it again, the old one superseded.
        const change = await supersedeCredential(tx, deps, actor, { issuer, key, learner, achievement, old: held, reason: GRADE_CHANGED, grade });
        credentialId = change.issued.credentialId;
        issued.push(change.issued);
        touchedStatusLists.push(...change.touchedStatusLists);
      } else {
        const outcome = await issueRecorded(
          tx,
          deps,
          actor,
          { issuer, key, achievement, learner, learnerIsNew, ...(grade !== undefined ? { grade } : {}) },
          { sourceEventIds: records.map((record) => record.sourceEventId) },
          auditRows,
        );
        credentialId = outcome.credential.id;
        touchedStatusLists.push(...outcome.touchedStatusLists);
        const summary = { credentialId, url: credentialUrl(deps.urls, credentialId), achievementId: achievement.id, learnerId: learner.id };
        if (outcome.inserted) issued.push({ ...summary, ...(outcome.offer ? { claimUrl: outcome.offer.claimUrl } : {}) });
        else if (!issued.some((entry) => entry.credentialId === credentialId)) existing.push({ ...summary, ...(outcome.offer ?? {}) });
      }
    } else if (laterRecords === 'revoke-when-unmet' && !learnerIsNew) {
      const held = await tx.credentials.findActive(achievement.id, learner.id);
      if (held?.state === 'active' && (await graceOver(tx, deps, learner.id, achievement, revokeGraceDays))) {
        const unmet = evaluation.requirements.filter((requirement) => !requirement.met).map((requirement) => requirement.description);
        const reason = `rules no longer met: ${unmet.join('; ')}`.slice(0, 500);
        touchedStatusLists.push(...(await applyCredentialAction(tx, deps, held, 'revoke', reason)));
        auditRows.push({ actor, action: 'credential.revoke', targetType: 'credential', targetId: held.id, issuerId: issuer.id, details: { reason, sourceEventIds: records.map((record) => record.sourceEventId) } });
        await oweLearnerMail(tx, deps, held, 'revoked', learner);
        revoked.push({ credentialId: held.id, achievementId: achievement.id, learnerId: learner.id, reason });
      }
    }
    progress.push({ achievementId: achievement.id, name: achievement.name, earned: evaluation.earned, requirements: evaluation.requirements, ...(credentialId ? { credentialId } : {}) });
  }
  await tx.audit.recordMany(auditRows);
  return { duplicates, issued, existing, revoked, progress: { learnerId: learner.id, lmsUserId: learner.lmsUserId, achievements: progress }, touchedStatusLists };
}

/**
 * Completion records in, signed credentials out. Records are grouped by
 * learner; each learner's records are stored, evaluated against every
 * achievement they touch (course tiers and paths containing the course) and
 * newly earned credentials issued, all in one transaction per learner.
 * Repeated records (same sourceEventId) and repeated earnings issue nothing new;
 * they are answered in `existing`, with the automatic offer's claim link. The
 * audit rows (`completion.record`, `credential.issue` per credential, the
 * revocations of a re-issue, `wallet.offer`) and automatic offers commit in the
 * learner's transaction, so what was issued is never without them. `actor` is
 * who reports the records, e.g. `token:ci-bot`.
 */
/** Learner transactions of one batch in flight at once (each holds one pooled connection). */
const LEARNERS_AT_ONCE = 4;

/** `fn` over `items` with at most `limit` calls pending; results in the items' order. */
async function mapConcurrently<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const run = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, run));
  return results;
}

export async function recordCompletions(deps: IssuanceDeps, actor: string, issuerId: string, records: CompletionInput[]): Promise<CompletionsOutcome> {
  const parsed = completionRecordsSchema.parse(records);
  const issuer = await cachedIssuer(deps, issuerId);
  const key = await cachedSigningKey(deps, issuer);
  const byLearner = new Map<string, CompletionInput[]>();
  for (const record of parsed) byLearner.set(record.learner.lmsUserId, [...(byLearner.get(record.learner.lmsUserId) ?? []), record]);

  const outcome: CompletionsOutcome = { received: parsed.length, duplicates: [], issued: [], existing: [], revoked: [], progress: [], failed: [] };
  const touched: string[] = [];
  // One transaction per learner: a learner that fails does not hold back the others, and the
  // lists other learners changed (revocations on re-issue) are published either way. Learners
  // are independent (grouped by LMS user id), so a few run at once: on MySQL their round trips
  // and commits overlap on pooled connections; SQLite runs them one after another regardless.
  const groups = [...byLearner.values()];
  const results = await mapConcurrently(groups, LEARNERS_AT_ONCE, (learnerRecords) =>
    deps.store.transaction((tx) => processLearner(tx, deps, actor, issuer, key, learnerRecords)).then(
      (result) => ({ result }),
      (error: unknown) => ({ error }),
    ),
  );
  // Folded in the order the learners came in, so the outcome does not depend on timing.
  let firstError: unknown;
  for (const [index, settled] of results.entries()) {
    if ('error' in settled) {
      firstError ??= settled.error;
      outcome.failed.push(failureOf(groups[index]!, settled.error));
      continue;
    }
    const { result } = settled;
    outcome.duplicates.push(...result.duplicates);
    outcome.issued.push(...result.issued);
    outcome.existing.push(...result.existing);
    outcome.revoked.push(...result.revoked);
    outcome.progress.push(result.progress);
    touched.push(...result.touchedStatusLists);
  }
  if (outcome.failed.length === byLearner.size) {
    // Nothing succeeded: the caller hears the error itself (a 5xx when the database is down).
    await publishStatusLists(deps, touched);
    throw firstError;
  }
  await publishStatusLists(deps, touched);
  return outcome;
}
