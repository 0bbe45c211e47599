import { createHash } from 'node:crypto';
import { recordCompletions, type CompletionInput, type CompletionsOutcome, type IssuanceDeps } from '@laurel/issuance';
import type { LearnerCourseProgress, OpenEdxClient } from '@laurel/openedx-client';
import type { CompletionRecord } from '@laurel/store';

export interface LmsSyncRequest {
  learner: CompletionInput['learner'] & { username: string };
  courseId: string;
  /**
   * The event that asked for the fetch: its id makes a redelivered event change
   * nothing. Without one (reconciliation) the id is derived from what the LMS
   * reported and the learner's latest record, so a repeated fetch of the same
   * numbers records nothing, while a grade that changes back and forth still does.
   */
  sourceEventId?: string;
  completedAt?: string;
  /** The mode the event named (a certificate's); the LMS's own answer wins when it gives one. */
  enrollmentMode?: string;
}

export interface LmsSyncOutcome {
  progress: LearnerCourseProgress;
  recorded: CompletionsOutcome;
}

/** Whether a stored record says exactly what the LMS reports now. */
function sameStanding(record: CompletionRecord, progress: LearnerCourseProgress): boolean {
  const grades = (record.assignmentGrades ?? {}) as Record<string, number>;
  const reported = Object.entries(progress.assignmentGrades);
  return (
    record.gradePercent === progress.gradePercent &&
    record.passed === progress.passed &&
    record.completionPercent === (progress.completionPercent ?? null) &&
    (progress.enrollmentMode === undefined || record.enrollmentMode === progress.enrollmentMode) &&
    Object.keys(grades).length === reported.length &&
    reported.every(([type, grade]) => grades[type] === grade)
  );
}

/**
 * The id of a standing fetched without an event: the latest record's own id
 * when it already says the same (so nothing new is recorded), else one derived
 * from the standing and the record it follows (so a grade that goes back to an
 * earlier value is still recorded).
 */
async function snapshotId(deps: IssuanceDeps, issuerId: string, request: LmsSyncRequest, progress: LearnerCourseProgress): Promise<string> {
  const learner = await deps.store.learners.getByLmsUserId(issuerId, request.learner.lmsUserId);
  const latest = learner ? (await deps.store.completions.latestPerCourse(issuerId, learner.id)).find((record) => record.courseId === request.courseId) : undefined;
  if (latest && sameStanding(latest, progress)) return latest.sourceEventId;
  const facts = JSON.stringify([
    request.courseId,
    request.learner.lmsUserId,
    progress.gradePercent,
    progress.passed,
    progress.completionPercent ?? null,
    progress.enrollmentMode ?? null,
    Object.entries(progress.assignmentGrades).sort(([a], [b]) => a.localeCompare(b)),
    latest?.id ?? null,
  ]);
  return `openedx-sync:${createHash('sha256').update(facts).digest('hex')}`;
}

/**
 * Reads what the LMS knows about a learner in a course (grade, per-assignment-type
 * grades, completion) and records it as a completion record, so the rules engine
 * sees completion % and assignment grades, not just "passed". The LMS's word on
 * `passed` and the grade is current; an event's may be stale.
 */
export async function syncLearnerFromLms(deps: IssuanceDeps, actor: string, issuerId: string, client: OpenEdxClient, request: LmsSyncRequest): Promise<LmsSyncOutcome> {
  const progress = await client.learnerProgress(request.courseId, request.learner.username);
  const sourceEventId = request.sourceEventId ?? (await snapshotId(deps, issuerId, request, progress));
  const recorded = await recordCompletions(deps, actor, issuerId, [
    {
      learner: request.learner,
      courseId: request.courseId,
      gradePercent: progress.gradePercent,
      passed: progress.passed,
      ...(progress.completionPercent !== undefined ? { completionPercent: progress.completionPercent } : {}),
      ...(Object.keys(progress.assignmentGrades).length > 0 ? { assignmentGrades: progress.assignmentGrades } : {}),
      ...(request.completedAt ? { completedAt: request.completedAt } : {}),
      ...((progress.enrollmentMode ?? request.enrollmentMode) ? { enrollmentMode: progress.enrollmentMode ?? request.enrollmentMode } : {}),
      sourceEventId,
    },
  ]);
  return { progress, recorded };
}
