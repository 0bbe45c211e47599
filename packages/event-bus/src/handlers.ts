import { changeCredentialState, recordCompletions, type CompletionInput, type CompletionsOutcome, type IssuanceDeps } from '@laurel/issuance';
import { LmsRequestError, type OpenEdxClient } from '@laurel/openedx-client';
import { CCX_COURSE_PASSING_STATUS_UPDATED, CERTIFICATE_CHANGED, CERTIFICATE_CREATED, CERTIFICATE_REVOKED, COURSE_PASSING_STATUS_UPDATED, type EventHeaders } from './events.js';
import { syncLearnerFromLms } from './lms-sync.js';

interface UserData {
  id: number;
  is_active: boolean;
  pii: { username: string; email: string; name: string };
}

interface CertificateEvent {
  certificate: { user: UserData; course: { course_key: string }; mode: string; grade: string; current_status: string };
}

interface PassingStatusEvent {
  course_passing_status: { is_passing: boolean; user: UserData; course: { course_key?: string; ccx_course_key?: string } };
}

export interface HandlerContext {
  deps: IssuanceDeps;
  issuerId: string;
  headers: EventHeaders;
  /** When set (LMS_BASE_URL and client credentials), events fetch the learner's grades and completion from the LMS. */
  lms?: OpenEdxClient | undefined;
}

/** What handling an event did, for logs and tests. */
export interface HandlerResult {
  action: 'completion-recorded' | 'credentials-revoked' | 'ignored';
  issued?: string[];
  revoked?: string[];
  duplicate?: boolean;
}

export type EventHandler = (data: unknown, context: HandlerContext) => Promise<HandlerResult>;

function learnerOf(user: UserData): CompletionInput['learner'] {
  const { username, email, name } = user.pii;
  return {
    lmsUserId: String(user.id),
    ...(username ? { username } : {}),
    ...(name.trim() ? { name: name.trim() } : {}),
    ...(email ? { email } : {}),
  };
}

/** Open edX grades are fractions ("0.88"); accept percentages too. */
export function gradePercentOf(grade: string): number | undefined {
  const value = Number.parseFloat(grade);
  if (!Number.isFinite(value) || value < 0) return undefined;
  const percent = value <= 1 ? value * 100 : value;
  return Math.min(100, Math.round(percent * 100) / 100);
}

function completedAtOf(time: string): string | undefined {
  const date = new Date(time);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/**
 * Records what the event says; with an LMS client, what the LMS says instead
 * (grade, per-assignment-type grades, completion), under the event's id so a
 * redelivery records nothing twice. A failing LMS call fails the handling, and
 * the consumer retries the event: nothing is lost.
 */
async function record(context: HandlerContext, input: Omit<CompletionInput, 'sourceEventId' | 'completedAt'>): Promise<HandlerResult> {
  const completedAt = completedAtOf(context.headers.time);
  const { username } = input.learner;
  const fromEvent = () => recordCompletions(context.deps, 'event-bus', context.issuerId, [{ ...input, ...(completedAt ? { completedAt } : {}), sourceEventId: context.headers.id }]);
  let outcome: CompletionsOutcome;
  if (context.lms && username) {
    try {
      outcome = (
        await syncLearnerFromLms(context.deps, 'event-bus', context.issuerId, context.lms, {
          learner: { ...input.learner, username },
          courseId: input.courseId,
          sourceEventId: context.headers.id,
          ...(completedAt ? { completedAt } : {}),
          ...(input.enrollmentMode ? { enrollmentMode: input.enrollmentMode } : {}),
        })
      ).recorded;
    } catch (error) {
      // The LMS has no grade for the learner (not graded yet, unenrolled) or answers in a shape we cannot read:
      // asking again will not change that, so the event's own facts are recorded rather than dropped.
      if (!(error instanceof LmsRequestError) || (error.failure !== 'not-found' && error.failure !== 'rejected')) throw error;
      outcome = await fromEvent();
    }
  } else {
    outcome = await fromEvent();
  }
  return {
    action: 'completion-recorded',
    issued: outcome.issued.map((issued) => issued.credentialId),
    ...(outcome.revoked.length > 0 ? { revoked: outcome.revoked.map((revoked) => revoked.credentialId) } : {}),
    duplicate: outcome.duplicates.length > 0,
  };
}

const certificateCreated: EventHandler = (data, context) => {
  const { certificate } = data as CertificateEvent;
  const gradePercent = gradePercentOf(certificate.grade);
  return record(context, {
    learner: learnerOf(certificate.user),
    courseId: certificate.course.course_key,
    passed: certificate.current_status === 'downloadable',
    ...(gradePercent !== undefined ? { gradePercent } : {}),
    // The certificate's mode is the learner's enrollment mode when it was made (audit, verified, …).
    ...(certificate.mode ? { enrollmentMode: certificate.mode } : {}),
  });
};

const passingStatus: EventHandler = (data, context) => {
  const { course_passing_status: status } = data as PassingStatusEvent;
  const courseId = status.course.ccx_course_key ?? status.course.course_key;
  if (!courseId) throw new Error('passing status event without a course key');
  return record(context, { learner: learnerOf(status.user), courseId, passed: status.is_passing });
};

/** Revokes the learner's active credentials for the course's own achievements (not paths that contain it). */
const certificateRevoked: EventHandler = async (data, context) => {
  const { certificate } = data as CertificateEvent;
  const { deps, issuerId } = context;
  const courseId = certificate.course.course_key;
  const learner = await deps.store.learners.getByLmsUserId(issuerId, String(certificate.user.id));
  if (!learner) return { action: 'credentials-revoked', revoked: [] };
  const achievements = (await deps.store.achievements.touchedByCourse(issuerId, courseId)).filter(
    (achievement) => achievement.courseIds.length === 1 && achievement.courseIds[0] === courseId,
  );
  const revoked: string[] = [];
  for (const achievement of achievements) {
    const credential = await deps.store.credentials.findActive(achievement.id, learner.id);
    if (!credential) continue;
    await changeCredentialState(deps, 'event-bus', issuerId, credential.id, 'revoke', `Open edX certificate revoked (event ${context.headers.id})`);
    revoked.push(credential.id);
  }
  return { action: 'credentials-revoked', revoked };
};

export const EVENT_HANDLERS: Record<string, EventHandler> = {
  [CERTIFICATE_CREATED]: certificateCreated,
  // A regenerated certificate (new grade, name or status): recorded like a new one; the achievement's policy decides what follows.
  [CERTIFICATE_CHANGED]: certificateCreated,
  [CERTIFICATE_REVOKED]: certificateRevoked,
  [COURSE_PASSING_STATUS_UPDATED]: passingStatus,
  [CCX_COURSE_PASSING_STATUS_UPDATED]: passingStatus,
};
