import type { CompletionRecord, Credential, Learner, LearnerSearch, Page, PageRequest } from '@laurel/store';
import type { IssuanceDeps } from './deps.js';
import type { AchievementProgress } from './completions.js';
import { getIssuer } from './issuers.js';
import { learnerProgress } from './learners.js';

export async function searchLearners(deps: Pick<IssuanceDeps, 'store'>, filter: LearnerSearch, page: PageRequest): Promise<Page<Learner>> {
  await getIssuer(deps.store, filter.issuerId);
  return deps.store.learners.search(filter, page);
}

export interface LearnerOverview {
  learner: Learner;
  completions: CompletionRecord[];
  /** Without their signed documents (fetch one credential for that). */
  credentials: Omit<Credential, 'document'>[];
  progress: AchievementProgress[];
}

/** A learner with their completion records, credentials and progress toward every achievement. */
export async function learnerOverview(deps: IssuanceDeps, issuerId: string, learnerId: string): Promise<LearnerOverview> {
  const { learner, achievements } = await learnerProgress(deps, issuerId, learnerId);
  const completions = await deps.store.completions.listForLearner(learnerId);
  const credentials = (await deps.store.credentials.listForLearner(learnerId)).map(({ document: _document, ...credential }) => credential);
  return { learner, completions, credentials, progress: achievements };
}
