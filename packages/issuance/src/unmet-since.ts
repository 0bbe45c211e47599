import { evaluateAchievement, type AchievementRules, type CompletionRecord as CriteriaRecord } from '@laurel/criteria';
import type { CompletionRecord } from '@laurel/store';
import { toCriteriaRecord } from './completions.js';

/**
 * Since when a learner's records have not met the rules: the time the record
 * that made them stop meeting them was received (replaying the history, oldest
 * first, latest record per course as the engine sees it). Undefined while the
 * latest records meet them. `history` is the learner's records, any order.
 */
export function unmetSince(rules: AchievementRules, courseIds: readonly string[], history: readonly CompletionRecord[]): string | undefined {
  const ordered = history.filter((record) => courseIds.includes(record.courseId)).sort((a, b) => a.receivedAt.localeCompare(b.receivedAt) || a.id.localeCompare(b.id));
  const latest = new Map<string, CriteriaRecord>();
  let since: string | undefined;
  for (const record of ordered) {
    latest.set(record.courseId, toCriteriaRecord(record));
    if (evaluateAchievement(rules, [...latest.values()]).earned) since = undefined;
    else since ??= record.receivedAt;
  }
  return since;
}
