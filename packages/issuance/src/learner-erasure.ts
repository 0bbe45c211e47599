import type { ErasedTraces, Learner } from '@laurel/store';
import type { IssuanceDeps } from './deps.js';
import { getLearner } from './learners.js';

/**
 * What is kept of a credential whose holder was erased: what was awarded, by
 * whom, when, and its status entries (so it can still be revoked and
 * verifiers still read its status), but nothing about the person, and no
 * proof (the redacted copy is no longer what was signed).
 */
export function redactedCredential(document: unknown): Record<string, unknown> {
  const { proof: _proof, credentialSubject, ...rest } = (document ?? {}) as Record<string, unknown>;
  const subject = (credentialSubject ?? {}) as Record<string, unknown>;
  return { ...rest, credentialSubject: { type: subject.type, achievement: subject.achievement }, laurelErased: true };
}

/**
 * Erases a learner's personal data (GDPR art. 17, FERPA): profile fields,
 * completion records, links, wallet DIDs and copies, audit details naming
 * them, and the personal parts of every stored credential document. The
 * credentials themselves stay, with their state and status entries, so they
 * can still be revoked; their public pages answer 404 from now on. The
 * `learner.erase` audit row names the learner id only. Erasing twice is no error.
 */
export async function eraseLearner(deps: IssuanceDeps, actor: string, issuerId: string, learnerId: string): Promise<{ learner: Learner; erased: ErasedTraces & { credentials: number } }> {
  const current = await getLearner(deps, issuerId, learnerId);
  const personal = [current.lmsUserId, current.username, current.name, current.email, current.email?.toLowerCase(), current.did].filter((value): value is string => typeof value === 'string');
  return deps.store.transaction(async (tx) => {
    const credentials = await tx.credentials.listForLearner(learnerId);
    for (const credential of credentials) await tx.credentials.replaceDocument(credential.id, redactedCredential(credential.document));
    const traces = await tx.erasure.eraseLearnerTraces(learnerId, personal);
    const learner = current.erasedAt !== null ? current : await tx.learners.erase(learnerId, `erased:${learnerId}`);
    const erased = { ...traces, credentials: credentials.length };
    await tx.audit.record({ actor, action: 'learner.erase', targetType: 'learner', targetId: learnerId, issuerId, details: erased });
    return { learner, erased };
  });
}
