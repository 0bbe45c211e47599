import { randomBytes } from 'node:crypto';
import { achievementTypeSchema, buildOpenBadgeCredential, type OpenBadgeCredentialInput } from '@laurel/models';
import { criteriaNarrative, type AchievementRules } from '@laurel/criteria';
import { CONTEXT_URLS } from '@laurel/contexts';
import type { Achievement, Issuer, Learner } from '@laurel/store';
import { achievementUrl, credentialUrl, timestamp, type PublicUrls } from './deps.js';

export interface CredentialParts {
  credentialId: string;
  issuer: Issuer;
  achievement: Achievement;
  rules: AchievementRules;
  learner: Learner;
  issuedAt: Date;
  /** Overall grade %, written as a result when the achievement reports grades. */
  grade?: number;
  credentialStatus: Record<string, unknown>[];
  /** Names of a program's courses by course id, so its criteria name courses as people know them. */
  courseNames?: ReadonlyMap<string, string>;
}

/** The language the criteria are written in: the achievement's pinned certificate language, else the reader's. */
function criteriaLanguage(achievement: Achievement, reader: string | null | undefined): string | null | undefined {
  const theme = achievement.theme as { locale?: unknown } | null;
  return typeof theme?.locale === 'string' ? theme.locale : reader;
}

/**
 * The achievement as credentials carry it and its id serves it: the
 * issuer's own narrative, else its rules written as sentences (courses by
 * name) in the pinned language, else the reader's.
 */
export function achievementInput(
  urls: PublicUrls,
  achievement: Achievement,
  rules: AchievementRules,
  options: { language?: string | null; courseNames?: ReadonlyMap<string, string>; gradeDescriptionId?: string } = {},
): NonNullable<OpenBadgeCredentialInput['achievement']> {
  const language = criteriaLanguage(achievement, options.language);
  return {
    id: achievementUrl(urls, achievement.id),
    name: achievement.name,
    description: achievement.description || achievement.name,
    criteria: {
      narrative:
        achievement.criteriaNarrative ||
        criteriaNarrative(rules, { ...(language ? { language } : {}), courseName: (courseId) => options.courseNames?.get(courseId) }) ||
        `Earned ${achievement.name}.`,
    },
    ...(achievement.achievementType ? { achievementType: achievementTypeSchema.parse(achievement.achievementType) } : {}),
    ...(achievement.imageUrl ? { image: achievement.imageUrl } : {}),
    ...(achievement.tier ? { tags: [achievement.tier] } : {}),
    ...(options.gradeDescriptionId ? { resultDescriptions: [{ id: options.gradeDescriptionId, name: 'Final grade', resultType: 'Percent' as const }] } : {}),
  };
}

/**
 * The unsigned Open Badges 3.0 credential for an earned achievement. Email
 * and LMS user id are written as salted hashes: the credential is public,
 * the learner's address should not be.
 */
export function buildAchievementCredential(urls: PublicUrls, parts: CredentialParts): Record<string, unknown> {
  const { issuer, achievement, learner } = parts;
  const achievementId = achievementUrl(urls, achievement.id);
  const gradeDescriptionId = `${achievementId}#grade`;
  const input: OpenBadgeCredentialInput = {
    id: credentialUrl(urls, parts.credentialId),
    issuer: {
      id: issuer.did,
      name: issuer.name,
      ...(issuer.url ? { url: issuer.url } : {}),
      ...(issuer.email ? { email: issuer.email } : {}),
      ...(issuer.imageUrl ? { image: issuer.imageUrl } : {}),
      ...(issuer.description ? { description: issuer.description } : {}),
    },
    achievement: achievementInput(urls, achievement, parts.rules, {
      language: learner.locale,
      ...(parts.courseNames ? { courseNames: parts.courseNames } : {}),
      ...(parts.grade !== undefined ? { gradeDescriptionId } : {}),
    }),
    recipient: {
      ...(learner.did ? { id: learner.did } : {}),
      ...(learner.name ? { name: learner.name } : {}),
      ...(learner.email ? { email: learner.email.toLowerCase() } : {}),
      lmsUserId: learner.lmsUserId,
      hashIdentifiers: true,
      salt: randomBytes(12).toString('base64url'),
    },
    validFrom: timestamp(parts.issuedAt),
    ...(parts.grade !== undefined ? { results: [{ resultDescription: gradeDescriptionId, value: String(parts.grade) }] } : {}),
    credentialStatus: parts.credentialStatus as OpenBadgeCredentialInput['credentialStatus'],
  };
  if (issuer.vcVersion !== '1.1') return buildOpenBadgeCredential(input);
  const credential = buildOpenBadgeCredential(input, { version: '1.1' });
  // VC 1.1's context does not define StatusList2021Entry; its own context must come along
  // (a 1EdTechRevocationList entry is defined by the OB extensions context already there).
  const statusList2021 = parts.credentialStatus.some((entry) => entry.type === 'StatusList2021Entry');
  return statusList2021 ? { ...credential, '@context': [...credential['@context'], CONTEXT_URLS.STATUS_LIST_2021_V1] } : credential;
}
