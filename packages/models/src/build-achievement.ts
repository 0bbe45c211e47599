import { OB_V3P0_CONTEXT_URL, OB_V3P0_EXTENSIONS_CONTEXT_URL, VC_V2_CONTEXT_URL } from './context-urls.js';
import { achievementObject } from './build-open-badge-credential.js';
import { InvalidInputError } from './invalid-input-error.js';
import { achievementInputSchema, type AchievementInput } from './open-badge-credential-input.js';
import { issuesFromZod, parseOptions } from './validation-issue.js';

/** Who defines the achievement (OB 3.0 Achievement.creator, a Profile). */
export interface AchievementCreator {
  id: string;
  name: string;
  url?: string;
}

/**
 * An OB 3.0 Achievement as a JSON-LD document of its own: what its `id`
 * dereferences to. The same object, member for member, as inside the
 * credentials built from the same input, plus `creator` and the contexts.
 */
export function buildAchievement(input: AchievementInput, creator?: AchievementCreator): Record<string, unknown> {
  const parsed = achievementInputSchema.safeParse(input, parseOptions);
  if (!parsed.success) throw new InvalidInputError(issuesFromZod(parsed.error), 'Open Badges achievement input');
  return {
    '@context': [VC_V2_CONTEXT_URL, OB_V3P0_CONTEXT_URL, OB_V3P0_EXTENSIONS_CONTEXT_URL],
    ...achievementObject(parsed.data),
    ...(creator ? { creator: { id: creator.id, type: ['Profile'], name: creator.name, ...(creator.url ? { url: creator.url } : {}) } } : {}),
  };
}
