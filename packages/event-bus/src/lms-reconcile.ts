import type { IssuanceDeps } from '@laurel/issuance';
import { LmsRequestError, type OpenEdxClient } from '@laurel/openedx-client';
import { syncLearnerFromLms } from './lms-sync.js';

export interface ReconcileOptions {
  /** Resume: only learners whose id sorts after this one (the `last` of an interrupted run). */
  after?: string;
  /** Told after each learner: how many are done of how many. */
  onProgress?: (done: number, total: number) => void;
  /**
   * At most this many learners per minute (each costs 4 LMS calls), to spare a
   * busy LMS; 0 or absent: as fast as the LMS answers (its 429s are still honoured).
   */
  perMinute?: number;
  /** Injected for tests; default setTimeout. */
  sleep?: (ms: number) => Promise<void>;
}

export interface ReconcileReport {
  courseId: string;
  learners: number;
  /** A new completion record: the LMS reported something new. */
  recorded: number;
  /** The LMS reported what the latest record already says. */
  unchanged: number;
  issued: string[];
  revoked: string[];
  /** Learners without a username, or the LMS knows them not in this course. */
  skipped: { learnerId: string; reason: string }[];
  failed: { learnerId: string; error: string }[];
  /** The last learner handled: pass it as `after` to resume. */
  last?: string;
}

/**
 * Fetches, for each learner Laurel has records of in a course, what the LMS
 * now says and records it (idempotently: unchanged standings record nothing).
 * Learners go one after another, in id order, so a run can resume after the
 * last one done; the client's retries honour the LMS's Retry-After. A learner
 * that fails is reported and the run goes on.
 */
export async function reconcileCourse(deps: IssuanceDeps, actor: string, issuerId: string, client: OpenEdxClient, courseId: string, options: ReconcileOptions = {}): Promise<ReconcileReport> {
  const byLearner = await deps.store.completions.latestPerCourseByLearner(issuerId, [courseId]);
  const learnerIds = [...byLearner.keys()].sort().filter((id) => options.after === undefined || id > options.after);
  const report: ReconcileReport = { courseId, learners: learnerIds.length, recorded: 0, unchanged: 0, issued: [], revoked: [], skipped: [], failed: [] };
  let done = 0;
  const spacingMs = options.perMinute && options.perMinute > 0 ? 60_000 / options.perMinute : 0;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  let lastStart: number | undefined;
  for (const learnerId of learnerIds) {
    if (spacingMs > 0 && lastStart !== undefined) {
      const wait = lastStart + spacingMs - Date.now();
      if (wait > 0) await sleep(wait);
    }
    lastStart = Date.now();
    const learner = await deps.store.learners.get(learnerId);
    if (!learner?.username) {
      report.skipped.push({ learnerId, reason: 'no LMS username on record' });
    } else {
      try {
        const { recorded } = await syncLearnerFromLms(deps, actor, issuerId, client, {
          learner: { lmsUserId: learner.lmsUserId, username: learner.username, ...(learner.name ? { name: learner.name } : {}), ...(learner.email ? { email: learner.email } : {}) },
          courseId,
        });
        if (recorded.duplicates.length > 0) report.unchanged++;
        else report.recorded++;
        report.issued.push(...recorded.issued.map((issued) => issued.credentialId));
        report.revoked.push(...recorded.revoked.map((revoked) => revoked.credentialId));
      } catch (error) {
        if (error instanceof LmsRequestError && error.failure === 'not-found') report.skipped.push({ learnerId, reason: error.message });
        else report.failed.push({ learnerId, error: error instanceof Error ? error.message : String(error) });
      }
    }
    report.last = learnerId;
    options.onProgress?.(++done, learnerIds.length);
  }
  return report;
}
