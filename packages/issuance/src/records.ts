import type { Evaluation } from '@laurel/criteria';
import type { Achievement, AchievementKind, CompletionRecord, Credential, CredentialState, Learner, ShareLink } from '@laurel/store';
import { courseNamesOf, storedRules } from './achievements.js';
import { scoreChoiceOf, standingOf, type ScoreChoice } from './record-standing.js';
import { reportedGrade } from './reissue.js';
import { evaluateStored } from './evaluate-stored.js';
import { credentialUrl, type IssuanceDeps } from './deps.js';
import { NotFoundError } from './errors.js';

export interface RecordCredentialEntry {
  credentialId: string;
  url: string;
  achievementId: string;
  achievementName: string;
  /** The achievement's name per language, when its issuer gave some (for display; see achievementTranslationsSchema). */
  translations?: unknown;
  tier?: string;
  issuedOn: string;
  state: Exclude<CredentialState, 'revoked'>;
}

/** The state a held credential was issued under: its rules version, judged on what was known when it was issued. */
export interface RecordIssuedUnder {
  credentialId: string;
  issuedOn: string;
  rulesVersion: number | null;
  /** The grade the credential reports, when it reports one. */
  grade?: number;
  requirements: Evaluation['requirements'];
}

export interface RecordProgressEntry {
  achievementId: string;
  name: string;
  translations?: unknown;
  kind: AchievementKind;
  /** Held (a credential not revoked), or the rules are met now. */
  earned: boolean;
  /** Current progress: each requirement's best score (policy keep-first) or latest (the others); see `scores`. */
  requirements: Evaluation['requirements'];
  /** Whether current progress meets the rules; a held credential may stand without it (keep-first, or a grace period). */
  currentlyMet: boolean;
  scores: ScoreChoice;
  /** Present when the learner holds a credential of the achievement: what it was issued under. */
  issuedUnder?: RecordIssuedUnder;
}

/** A learner's record: what they hold and how far they are toward the rest. */
export interface LearnerRecord {
  learnerId: string;
  issuerId: string;
  learnerName: string;
  issuerName: string;
  /** Set when the record is limited to one path (a shared link's scope). */
  scope: { achievementId: string; name: string } | null;
  credentials: RecordCredentialEntry[];
  progress: RecordProgressEntry[];
  /** Names of the courses progress lines mention (from the LMS catalog, else the course's achievement), by course key. */
  courseNames: Record<string, string>;
}

/**
 * What a credential was issued under: the rules of its version (the current
 * ones when the version is unknown), judged on the records received by the
 * time it was issued. Shown next to current progress so that "earned" never
 * stands beside a requirement that contradicts it without saying when each was true.
 */
async function issuedUnder(deps: IssuanceDeps, achievement: Achievement, credential: Credential, records: CompletionRecord[], scores: ScoreChoice): Promise<RecordIssuedUnder> {
  const versions = credential.rulesVersion !== null && credential.rulesVersion !== achievement.rulesVersion ? await deps.store.achievements.ruleVersions(achievement.id) : [];
  const version = versions.find((candidate) => candidate.version === credential.rulesVersion);
  const asIssued = version ? { ...achievement, rules: version.rules } : achievement;
  const evaluation = evaluateStored(asIssued, standingOf(records, scores, credential.issuedAt));
  const grade = reportedGrade(credential.document);
  return {
    credentialId: credential.id,
    issuedOn: credential.issuedAt,
    rulesVersion: credential.rulesVersion,
    ...(grade !== undefined ? { grade } : {}),
    requirements: evaluation.requirements,
  };
}

/** A path and the course achievements that make it up: what sharing "one path" reveals. */
function achievementsInScope(all: Achievement[], pathId: string): Set<string> {
  const path = all.find((achievement) => achievement.id === pathId);
  if (!path) return new Set();
  const courses = new Set(path.courseIds);
  return new Set([path.id, ...all.filter((achievement) => achievement.kind === 'course' && courses.has(achievement.externalId)).map((achievement) => achievement.id)]);
}

/**
 * The record of one learner, whole or limited to one path. Achievements
 * appear when the learner holds one of their credentials or has a completion
 * record for one of their courses; revoked credentials never appear.
 */
export async function learnerRecord(deps: IssuanceDeps, learner: Learner, pathId: string | null = null): Promise<LearnerRecord> {
  const issuer = await deps.store.issuers.get(learner.issuerId);
  if (!issuer) throw new NotFoundError('issuer', learner.issuerId);
  const achievements = await deps.store.achievements.listForIssuer(learner.issuerId);
  const inScope = pathId ? achievementsInScope(achievements, pathId) : undefined;
  if (pathId && inScope?.size === 0) throw new NotFoundError('path', pathId);
  const visible = (achievementId: string) => !inScope || inScope.has(achievementId);

  const allRecords = await deps.store.completions.listForLearner(learner.id);
  const touchedCourses = new Set(allRecords.filter((record) => record.issuerId === learner.issuerId).map((record) => record.courseId));
  const records = allRecords.filter((record) => record.issuerId === learner.issuerId);
  const held = (await deps.store.credentials.listForLearner(learner.id)).filter((credential) => credential.state !== 'revoked' && visible(credential.achievementId));
  const byId = new Map(achievements.map((achievement) => [achievement.id, achievement]));

  const credentials = held.map((credential): RecordCredentialEntry => {
    const achievement = byId.get(credential.achievementId);
    return {
      credentialId: credential.id,
      url: credentialUrl(deps.urls, credential.id),
      achievementId: credential.achievementId,
      achievementName: achievement?.name ?? '',
      ...(achievement?.translations ? { translations: achievement.translations } : {}),
      ...(achievement?.tier ? { tier: achievement.tier } : {}),
      issuedOn: credential.issuedAt,
      state: credential.state as RecordCredentialEntry['state'],
    };
  });
  const inProgress = achievements
    .filter((achievement) => visible(achievement.id))
    .filter((achievement) => held.some((credential) => credential.achievementId === achievement.id) || achievement.courseIds.some((course) => touchedCourses.has(course)));
  const progress: RecordProgressEntry[] = [];
  for (const achievement of inProgress) {
    const scores = scoreChoiceOf(storedRules(achievement).laterRecords);
    const evaluation = evaluateStored(achievement, standingOf(records, scores));
    // The newest credential of the achievement the learner still holds.
    const credential = held.filter((candidate) => candidate.achievementId === achievement.id).sort((a, b) => b.issuedAt.localeCompare(a.issuedAt))[0];
    progress.push({
      achievementId: achievement.id,
      name: achievement.name,
      ...(achievement.translations ? { translations: achievement.translations } : {}),
      kind: achievement.kind,
      earned: credential !== undefined || evaluation.earned,
      requirements: evaluation.requirements,
      currentlyMet: evaluation.earned,
      scores,
      ...(credential ? { issuedUnder: await issuedUnder(deps, achievement, credential, records, scores) } : {}),
    });
  }
  const path = pathId ? byId.get(pathId) : undefined;
  const mentioned = new Set(progress.flatMap((entry) => entry.requirements.flatMap((requirement) => [requirement.courseId, ...(requirement.requirements ?? []).map((nested) => nested.courseId)])).filter((id): id is string => id !== undefined));
  const courseNames = Object.fromEntries(await courseNamesOf(deps.store, learner.issuerId, [...mentioned]));
  return {
    learnerId: learner.id,
    issuerId: learner.issuerId,
    learnerName: learner.name ?? learner.username ?? '',
    issuerName: issuer.name,
    scope: path ? { achievementId: path.id, name: path.name } : null,
    credentials,
    progress,
    courseNames,
  };
}

export function sharedRecordUrl(deps: Pick<IssuanceDeps, 'urls'>, token: string): string {
  return `${deps.urls.issuerBaseUrl.replace(/\/+$/, '')}/shared/${token}`;
}

/** The learner's share links, revoked ones included (their tokens are never shown again). */
export async function listShareLinks(deps: IssuanceDeps, learner: Learner): Promise<ShareLink[]> {
  return deps.store.shareLinks.listForLearner(learner.id);
}

/** A public link to the learner's whole record, or to one path of it. The URL is shown only now. Audited as `share-link.create`. */
export async function createShareLink(deps: IssuanceDeps, actor: string, learner: Learner, pathId: string | null): Promise<{ link: ShareLink; url: string }> {
  if (pathId) {
    const achievement = await deps.store.achievements.get(pathId);
    if (!achievement || achievement.issuerId !== learner.issuerId) throw new NotFoundError('path', pathId);
  }
  const { token, link } = await deps.store.transaction(async (tx) => {
    const created = await tx.shareLinks.create({ issuerId: learner.issuerId, learnerId: learner.id, achievementId: pathId });
    await tx.audit.record({ actor, action: 'share-link.create', targetType: 'share_link', targetId: created.link.id, issuerId: learner.issuerId, details: { learnerId: learner.id, pathId } });
    return created;
  });
  return { link, url: sharedRecordUrl(deps, token) };
}

/** Audited as `share-link.revoke`; NotFound for a link that is not the learner's. */
export async function revokeShareLink(deps: IssuanceDeps, actor: string, learner: Learner, linkId: string): Promise<void> {
  await deps.store.transaction(async (tx) => {
    if (!(await tx.shareLinks.revoke(linkId, learner.id))) throw new NotFoundError('share link', linkId);
    await tx.audit.record({ actor, action: 'share-link.revoke', targetType: 'share_link', targetId: linkId, issuerId: learner.issuerId, details: { learnerId: learner.id } });
  });
}

/** What a share link shows; an unknown or revoked link is simply not found. */
export async function sharedRecord(deps: IssuanceDeps, token: string): Promise<LearnerRecord> {
  const link = await deps.store.shareLinks.findByToken(token);
  const learner = link && (await deps.store.learners.get(link.learnerId));
  if (!link || !learner) throw new NotFoundError('shared record', 'given');
  return learnerRecord(deps, learner, link.achievementId);
}

export const SIGN_IN_LINK_TTL_MS = 15 * 60 * 1000;

/** A single-use sign-in link for a learner (sent by email by the LMS or the issuer), valid 15 minutes. Audited as `sign-in-link.create`. */
export async function createSignInLink(deps: IssuanceDeps, actor: string, learner: Learner): Promise<{ url: string; expiresAt: string }> {
  const expiresAt = new Date(deps.now().getTime() + SIGN_IN_LINK_TTL_MS);
  const { token } = await deps.store.transaction(async (tx) => {
    const created = await tx.signInLinks.create(learner.id, expiresAt);
    await tx.audit.record({ actor, action: 'sign-in-link.create', targetType: 'learner', targetId: learner.id, issuerId: learner.issuerId, details: { expiresAt: expiresAt.toISOString() } });
    return created;
  });
  return { url: `${deps.urls.issuerBaseUrl.replace(/\/+$/, '')}/records/sign-in?link=${token}`, expiresAt: expiresAt.toISOString() };
}

/** The learner a sign-in link is for, using it up; undefined when unknown, used or expired. */
export async function useSignInLink(deps: IssuanceDeps, token: string): Promise<Learner | undefined> {
  const learnerId = await deps.store.signInLinks.consume(token, deps.now());
  return learnerId ? deps.store.learners.get(learnerId) : undefined;
}
