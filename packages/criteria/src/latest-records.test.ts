import { InvalidInputError } from '@laurel/models';
import { describe, expect, it } from 'vitest';
import { latestRecordByCourse } from './latest-records.js';
import { COURSE, recordFor, thrownBy } from './testing/fixtures.js';

const OTHER = 'course-v1:Org+Other+2026';

describe('latestRecordByCourse', () => {
  it('keeps a lone record per course, with or without completedAt', () => {
    const a = recordFor({ gradePercent: 10 });
    const b = recordFor({ gradePercent: 20, completedAt: '2026-01-01T00:00:00Z' }, OTHER);
    expect(latestRecordByCourse([a, b])).toEqual(new Map([[COURSE, a], [OTHER, b]]));
  });

  it('picks the latest completedAt, whatever the order', () => {
    const old = recordFor({ gradePercent: 90, completedAt: '2026-01-01T00:00:00Z' });
    const newest = recordFor({ gradePercent: 30, completedAt: '2026-02-01T00:00:00Z' });
    expect(latestRecordByCourse([old, newest]).get(COURSE)).toBe(newest);
    expect(latestRecordByCourse([newest, old]).get(COURSE)).toBe(newest);
  });

  it('compares instants, not text, across time zones', () => {
    // 10:00 at +02:00 is 08:00Z, earlier than 09:00Z although it sorts later as text.
    const early = recordFor({ gradePercent: 1, completedAt: '2026-01-01T10:00:00+02:00' });
    const late = recordFor({ gradePercent: 2, completedAt: '2026-01-01T09:00:00Z' });
    expect(latestRecordByCourse([late, early]).get(COURSE)).toBe(late);
  });

  it('merges exact copies, even undated ones or ones listing grades in another order', () => {
    const a = recordFor({ gradePercent: 50, assignmentGrades: { Lab: 1, Homework: 2 } });
    const b = recordFor({ assignmentGrades: { Homework: 2, Lab: 1 }, gradePercent: 50 });
    expect(latestRecordByCourse([a, b]).get(COURSE)).toEqual(a);
  });

  it('refuses different records for one course when one has no completedAt', () => {
    const error = thrownBy(() =>
      latestRecordByCourse([
        recordFor({ gradePercent: 50, completedAt: '2026-01-01T00:00:00Z' }),
        recordFor({ gradePercent: 60 }),
        recordFor({ gradePercent: 70 }, OTHER),
      ]),
    );
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).code).toBe('INVALID_INPUT');
    expect((error as InvalidInputError).issues.map((issue) => issue.path)).toEqual(['[1].completedAt']);
  });

  it('refuses different records sharing the latest instant, listing each of them', () => {
    const error = thrownBy(() =>
      latestRecordByCourse([
        recordFor({ gradePercent: 50, completedAt: '2026-03-01T00:00:00Z' }),
        recordFor({ gradePercent: 10, completedAt: '2026-01-01T00:00:00Z' }),
        recordFor({ gradePercent: 60, completedAt: '2026-03-01T01:00:00+01:00' }),
      ]),
    ) as InvalidInputError;
    expect(error.issues.map((issue) => issue.path)).toEqual(['[0].completedAt', '[2].completedAt']);
    expect(error.issues[0]!.message).toContain('ties with [2]');
  });

  it('accepts a tie below the latest record', () => {
    const latest = recordFor({ gradePercent: 99, completedAt: '2026-04-01T00:00:00Z' });
    const records = [
      recordFor({ gradePercent: 50, completedAt: '2026-03-01T00:00:00Z' }),
      latest,
      recordFor({ gradePercent: 60, completedAt: '2026-03-01T00:00:00Z' }),
    ];
    expect(latestRecordByCourse(records).get(COURSE)).toBe(latest);
  });
});
