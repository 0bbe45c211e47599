import { isUniqueViolation } from '../driver-errors.js';
import { StoreError } from '../errors.js';
import type { CompletionRecordsTable } from '../schema.js';
import { fromFlag, fromJson, optionalTimestamp, toFlag, toJson, type Timestamp } from '../values.js';
import { latest, type RepositoryContext } from './context.js';
import { insertRows } from './insert-rows.js';

export interface CompletionRecord {
  id: string;
  issuerId: string;
  learnerId: string;
  courseId: string;
  completionPercent: number | null;
  gradePercent: number | null;
  passed: boolean;
  assignmentGrades: unknown;
  completedAt: Timestamp | null;
  /** The LMS event this record came from; a second delivery of it is a no-op. */
  sourceEventId: string;
  receivedAt: Timestamp;
  /** audit, verified, … as the LMS reported it; null when unknown. */
  enrollmentMode: string | null;
}

export interface NewCompletionRecord {
  issuerId: string;
  learnerId: string;
  courseId: string;
  completionPercent?: number | null;
  gradePercent?: number | null;
  passed: boolean;
  assignmentGrades?: unknown;
  completedAt?: Date | string | null;
  sourceEventId: string;
  enrollmentMode?: string | null;
}

export interface CompletionRepository {
  /** Idempotent per (issuer, sourceEventId): a redelivered event returns the stored record, inserted false. */
  insert(input: NewCompletionRecord): Promise<{ inserted: boolean; record: CompletionRecord }>;
  /** The most recently received record of each course, ordered by course id. */
  latestPerCourse(issuerId: string, learnerId: string): Promise<CompletionRecord[]>;
  /** Every learner's latest record per course, over the named courses only: learner id → records. */
  latestPerCourseByLearner(issuerId: string, courseIds: string[]): Promise<Map<string, CompletionRecord[]>>;
  /** All of a learner's records, newest first. */
  listForLearner(learnerId: string): Promise<CompletionRecord[]>;
}

function toRecord(row: CompletionRecordsTable): CompletionRecord {
  return { ...row, passed: fromFlag(row.passed), assignmentGrades: fromJson(row.assignmentGrades) };
}

export function createCompletionRepository(context: RepositoryContext): CompletionRepository {
  const { db } = context;

  return {
    async insert(input) {
      const row: CompletionRecordsTable = {
        id: context.newId(),
        issuerId: input.issuerId,
        learnerId: input.learnerId,
        courseId: input.courseId,
        completionPercent: input.completionPercent ?? null,
        gradePercent: input.gradePercent ?? null,
        passed: toFlag(input.passed),
        assignmentGrades: toJson(input.assignmentGrades ?? []),
        completedAt: optionalTimestamp(input.completedAt, 'completedAt'),
        sourceEventId: input.sourceEventId,
        receivedAt: context.now(),
        enrollmentMode: input.enrollmentMode ?? null,
      };
      try {
        await insertRows(db, 'completionRecords', [row]);
        return { inserted: true, record: toRecord(row) };
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        const existing = await latest(
          context,
          db
            .selectFrom('completionRecords')
            .selectAll()
            .where('issuerId', '=', input.issuerId)
            .where('sourceEventId', '=', input.sourceEventId),
        ).executeTakeFirst();
        // Only the (issuer, event) key can collide: ids are fresh UUIDs.
        if (existing === undefined) throw new StoreError('CONFLICT', 'Completion record collided but is not readable.', {}, { cause: error });
        return { inserted: false, record: toRecord(existing) };
      }
    },
    async latestPerCourse(issuerId, learnerId) {
      const rows = await db
        .selectFrom('completionRecords')
        .selectAll()
        .where('issuerId', '=', issuerId)
        .where('learnerId', '=', learnerId)
        .orderBy('courseId')
        .orderBy('receivedAt', 'desc')
        .orderBy('id', 'desc')
        .execute();
      const latestByCourse = new Map<string, CompletionRecordsTable>();
      for (const row of rows) if (!latestByCourse.has(row.courseId)) latestByCourse.set(row.courseId, row);
      return [...latestByCourse.values()].map(toRecord);
    },
    async latestPerCourseByLearner(issuerId, courseIds) {
      const byLearner = new Map<string, Map<string, CompletionRecordsTable>>();
      if (courseIds.length === 0) return new Map();
      const rows = await db
        .selectFrom('completionRecords')
        .selectAll()
        .where('issuerId', '=', issuerId)
        .where('courseId', 'in', courseIds)
        .orderBy('receivedAt', 'desc')
        .orderBy('id', 'desc')
        .execute();
      for (const row of rows) {
        const courses = byLearner.get(row.learnerId) ?? new Map<string, CompletionRecordsTable>();
        if (!courses.has(row.courseId)) courses.set(row.courseId, row);
        byLearner.set(row.learnerId, courses);
      }
      return new Map([...byLearner].map(([learnerId, courses]) => [learnerId, [...courses.values()].map(toRecord)]));
    },
    async listForLearner(learnerId) {
      const rows = await db.selectFrom('completionRecords').selectAll().where('learnerId', '=', learnerId).orderBy('receivedAt', 'desc').orderBy('id', 'desc').execute();
      return rows.map(toRecord);
    },
  };
}
