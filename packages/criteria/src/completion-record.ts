import { InvalidInputError } from '@laurel/models';
import { z } from 'zod';
import { assignmentTypeKey } from './assignment-type.js';
import { isRecord, objectRule, type ReportIssue } from '@laurel/models';
import { issuesFromZod, parseOptions } from './validation-issues.js';

/**
 * A learner's standing in one course, as the LMS reports it. Every
 * percentage is 0–100. Grades given as fractions (0.8 for 80%) are a common
 * LMS-integration slip; they are not guessed at, they are simply low
 * percentages, so convert before calling. Absent values mean "no data yet".
 */
export interface CompletionRecord {
  readonly courseId: string;
  readonly completionPercent?: number;
  readonly gradePercent?: number;
  readonly passed?: boolean;
  /** Grade % per assignment type ("Homework", "Final Exam"), as in the course's grading policy. */
  readonly assignmentGrades?: Readonly<Record<string, number>>;
  /** ISO 8601 date-time with a zone; only used to pick the latest of several records for a course. */
  readonly completedAt?: string;
}

const PERCENT_RANGE = 'must be a percentage from 0 to 100';
const percentSchema = z.number().min(0, PERCENT_RANGE).max(100, PERCENT_RANGE);

function checkRecord(record: Record<string, unknown>, report: ReportIssue): void {
  if (!isRecord(record.assignmentGrades)) return;
  const first = new Map<string, string>();
  for (const name of Object.keys(record.assignmentGrades)) {
    const key = assignmentTypeKey(name);
    const earlier = first.get(key);
    if (earlier !== undefined) {
      report(['assignmentGrades', name], `names the same assignment type as "${earlier}" (names match ignoring case and surrounding spaces)`);
    } else {
      first.set(key, name);
    }
  }
}

/**
 * Unknown properties are rejected: a misspelt `grade: 0.8` would otherwise
 * be dropped and the learner shown "no data yet" instead of the caller an error.
 */
export const completionRecordSchema: z.ZodType<CompletionRecord> = z
  .strictObject({
    courseId: z.string().min(1, 'must not be empty'),
    completionPercent: percentSchema.optional(),
    gradePercent: percentSchema.optional(),
    passed: z.boolean().optional(),
    assignmentGrades: z.record(z.string().regex(/\S/, 'must not be blank'), percentSchema).optional(),
    completedAt: z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time with a time zone' }).optional(),
  })
  .check(objectRule(checkRecord));

const completionRecordsSchema = z.array(completionRecordSchema);

/** Validates a list of records; throws InvalidInputError (code INVALID_INPUT) listing every failing path. */
export function parseCompletionRecords(json: unknown): CompletionRecord[] {
  const result = completionRecordsSchema.safeParse(json, parseOptions);
  if (!result.success) throw new InvalidInputError(issuesFromZod(result.error), 'completion records');
  return result.data;
}
