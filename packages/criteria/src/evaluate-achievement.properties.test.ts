import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateAchievement } from './evaluate-achievement.js';
import type { Requirement } from './requirement.js';
import { achievementRules, improved, latestRecords, recordHistory } from './testing/arbitraries.js';

function flatten(requirements: readonly Requirement[]): Requirement[] {
  return requirements.flatMap((requirement) => [requirement, ...flatten(requirement.requirements ?? [])]);
}

describe('evaluateAchievement properties', () => {
  it('is monotone: a learner who improves never loses the achievement, nor any requirement', () => {
    fc.assert(
      fc.property(
        achievementRules,
        latestRecords.chain((before) => fc.tuple(fc.constant(before), improved(before))),
        (rules, [before, after]) => {
          const earlier = evaluateAchievement(rules, before);
          const evaluatedLater = evaluateAchievement(rules, after);
          if (earlier.earned) expect(evaluatedLater.earned).toBe(true);
          const laterLines = flatten([...evaluatedLater.requirements, ...evaluatedLater.optional]);
          flatten([...earlier.requirements, ...earlier.optional]).forEach((line, index) => {
            const later = laterLines[index]!;
            expect([later.kind, later.courseId, later.assignmentType]).toEqual([line.kind, line.courseId, line.assignmentType]);
            if (line.met) expect(later.met).toBe(true);
          });
        },
      ),
      { numRuns: 500 },
    );
  });

  it('earned exactly when every top-level requirement is met, and every line is consistent', () => {
    fc.assert(
      fc.property(achievementRules, latestRecords, (rules, records) => {
        const evaluation = evaluateAchievement(rules, records);
        expect(evaluation.requirements.length).toBeGreaterThan(0);
        expect(evaluation.earned).toBe(evaluation.requirements.every((requirement) => requirement.met));
        for (const line of flatten([...evaluation.requirements, ...evaluation.optional])) {
          const nested = line.requirements ?? [];
          switch (line.kind) {
            case 'course':
              expect(nested.length).toBeGreaterThan(0);
              expect(line.met).toBe(nested.every((requirement) => requirement.met));
              expect(line.met).toBe(line.current === true);
              break;
            case 'coursesCompleted':
              expect(line.current).toBe(nested.filter((course) => course.met).length);
              expect(line.met).toBe((line.current as number) >= (line.required as number));
              break;
            case 'passed':
              expect(line.met).toBe(line.current === true);
              break;
            default:
              expect(line.met).toBe(line.current !== null && (line.current as number) >= (line.required as number));
          }
          expect(line.description).not.toBe('');
        }
      }),
      { numRuns: 500 },
    );
  });

  it('is deterministic and leaves its inputs alone', () => {
    fc.assert(
      fc.property(achievementRules, latestRecords, (rules, records) => {
        const before = structuredClone({ rules, records });
        const first = evaluateAchievement(rules, records);
        expect(evaluateAchievement(structuredClone(rules), structuredClone(records))).toEqual(first);
        expect({ rules, records }).toEqual(before);
      }),
    );
  });

  it('does not depend on record order, and only the latest record per course counts', () => {
    fc.assert(
      fc.property(
        achievementRules,
        recordHistory.chain(({ history, latest }) =>
          fc.tuple(fc.shuffledSubarray(history, { minLength: history.length, maxLength: history.length }), fc.constant(history), fc.constant(latest)),
        ),
        (rules, [shuffled, history, latest]) => {
          const expected = evaluateAchievement(rules, latest);
          expect(evaluateAchievement(rules, history)).toEqual(expected);
          expect(evaluateAchievement(rules, shuffled)).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });
});
