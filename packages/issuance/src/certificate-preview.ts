import type { Achievement, Issuer, Learner } from '@laurel/store';
import { buildAchievementCredential } from './build-credential.js';
import type { IssuanceDeps } from './deps.js';
import { getAchievement, storedRules } from './achievements.js';
import { getIssuer } from './issuers.js';

export interface PreviewSample {
  /** The learner's name shown; default "Alex Sample". */
  name?: string | undefined;
  /** A grade, shown when the achievement reports grades; default 92. */
  grade?: number | undefined;
}

export interface CertificatePreview {
  issuer: Issuer;
  achievement: Achievement;
  /**
   * The credential as it would be issued now, but unsigned and without status
   * entries: a preview can never pass for a credential.
   */
  document: Record<string, unknown>;
}

const SAMPLE_NAME = 'Alex Sample';
const SAMPLE_GRADE = 92;

/** What a certificate of the achievement will look like, with sample data, before anyone earns it. Writes nothing. */
export async function certificatePreview(deps: Pick<IssuanceDeps, 'store' | 'urls' | 'now'>, issuerId: string, achievementId: string, sample: PreviewSample = {}): Promise<CertificatePreview> {
  const issuer = await getIssuer(deps.store, issuerId);
  const achievement = await getAchievement(deps, issuerId, achievementId);
  const now = deps.now();
  const learner: Learner = {
    id: 'preview',
    issuerId,
    lmsUserId: 'preview',
    username: null,
    name: sample.name ?? SAMPLE_NAME,
    email: null,
    did: null,
    locale: issuer.locale,
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
    erasedAt: null,
  };
  const { rules, reportGrade } = storedRules(achievement);
  const document = buildAchievementCredential(deps.urls, {
    credentialId: `preview-${achievement.id}`,
    issuer,
    achievement,
    rules,
    learner,
    issuedAt: now,
    credentialStatus: [],
    ...(reportGrade ? { grade: sample.grade ?? SAMPLE_GRADE } : {}),
  });
  return { issuer, achievement, document };
}
