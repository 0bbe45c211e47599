import { randomUUID } from 'node:crypto';
import { createRevocationListEntry } from '@laurel/status-list';
import type { Achievement, Credential, Issuer, Learner, Repositories } from '@laurel/store';
import type { IssuerKey } from '@laurel/suites';
import { signingFor } from './external-keys.js';
import { buildAchievementCredential } from './build-credential.js';
import { revocationListUrl, type IssuanceDeps } from './deps.js';
import { courseNamesOf, storedRules } from './achievements.js';
import { allocateStatusEntries, whileWriting } from './status-allocation.js';
import { ConflictError } from './errors.js';

export interface IssueRequest {
  issuer: Issuer;
  key: IssuerKey;
  achievement: Achievement;
  learner: Learner;
  grade?: number;
  /** The credential this one replaces (re-issue after a name change). */
  supersedesId?: string;
  /** When it was earned, for legacy certificates imported later; default now. */
  issuedAt?: Date;
  /**
   * The learner row was created in this very transaction, so they hold no
   * credential yet: the lookup for one that would make this a repeat is skipped.
   */
  learnerIsNew?: boolean;
}

export interface IssueOutcome {
  inserted: boolean;
  credential: Credential;
  /** Status lists whose published copy must be (re-)signed after the transaction. */
  touchedStatusLists: string[];
}

/**
 * Issues one achievement credential inside the caller's transaction: status
 * indexes are allocated (in a secret order, never reused) for the VC 2.0
 * form, the VC 1.1 form points at its issuer's 1EdTech revocation list; the credential is
 * built, signed and stored. A second credential for the same learner and
 * achievement is refused by the store, so this is safe to call twice.
 */
export async function issueAchievementCredential(tx: Repositories, deps: IssuanceDeps, request: IssueRequest): Promise<IssueOutcome> {
  const { issuer, achievement, learner } = request;
  // A re-issue replaces what was issued before (a name change), so it is no new award.
  if (!request.supersedesId) {
    if (achievement.archivedAt !== null) throw new ConflictError(`Achievement ${achievement.id} is archived: it issues nothing new.`, { achievementId: achievement.id });
    if (issuer.archivedAt !== null) throw new ConflictError(`Issuer ${issuer.slug} is archived: it issues nothing new.`, { issuerId: issuer.id });
    if (learner.erasedAt !== null) throw new ConflictError(`Learner ${learner.id} was erased.`, { learnerId: learner.id });
    const existing = request.learnerIsNew ? undefined : await tx.credentials.findActive(achievement.id, learner.id);
    if (existing) return { inserted: false, credential: existing, touchedStatusLists: [] };
  }
  const credentialId = randomUUID();
  const { entries: credentialStatus, statusListIds: touchedStatusLists, written: allocationsWritten } =
    issuer.vcVersion === '1.1'
      ? // 1EdTech's draft-04 OB 3.0 schema (the VC 1.1 form's) allows one {id, type} status object: the issuer's revocation list.
        { entries: [createRevocationListEntry(revocationListUrl(deps.urls, issuer.id))], statusListIds: [], written: Promise.resolve() }
      : await allocateStatusEntries(tx, deps, {
          issuerId: issuer.id,
          format: 'BitstringStatusList',
          credentialId,
          ...(issuer.lifecycleStatus ? { lifecycle: { reference: issuer.lifecycleStatusReference } } : {}),
        });
  const issuedAt = request.issuedAt ?? deps.now();
  // The allocation rows went out above; the credential is built and signed while they travel.
  const document = await whileWriting(allocationsWritten, async () => {
    const { rules, reportGrade } = storedRules(achievement);
    const courseNames = rules.type === 'program' ? await courseNamesOf(tx, issuer.id, rules.courses.map((course) => course.courseId)) : undefined;
    const unsigned = buildAchievementCredential(deps.urls, {
      credentialId,
      issuer,
      achievement,
      rules,
      learner,
      issuedAt,
      credentialStatus,
      ...(courseNames ? { courseNames } : {}),
      ...(reportGrade && request.grade !== undefined ? { grade: request.grade } : {}),
    });
    // buildAchievementCredential has just held the VC 2.0 form to the OB 3.0 model (VC rules included): not
    // checked twice. The VC 1.1 form may gain a status context after that check, so signing checks it again.
    return signingFor(deps, request.key)(unsigned, { key: request.key, skipValidation: issuer.vcVersion !== '1.1' });
  });
  const { inserted, credential } = await tx.credentials.insertIssued({
    id: credentialId,
    issuerId: issuer.id,
    achievementId: achievement.id,
    learnerId: learner.id,
    document,
    format: issuer.vcVersion === '1.1' ? 'vc1' : 'vc2',
    issuedAt,
    supersedesId: request.supersedesId ?? null,
    rulesVersion: achievement.rulesVersion,
    attributes: [
      { name: 'achievement', value: achievement.externalId },
      ...(achievement.tier ? [{ name: 'tier', value: achievement.tier }] : []),
    ],
  });
  // Another transaction stored this credential first (the same completion
  // delivered twice): ours is never stored, so its indexes must not stay
  // allocated to it. Their slots stay spent, which costs two unused bits.
  if (!inserted) await tx.statusLists.deleteAllocations(credentialId);
  if (inserted && request.supersedesId) await tx.credentials.linkSupersession(request.supersedesId, credential.id);
  return { inserted, credential, touchedStatusLists };
}
