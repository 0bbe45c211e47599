import { createDocumentLoader } from '@laurel/contexts';
import { createStatusChecker } from '@laurel/status-list';
import type { Achievement, Credential, Issuer, Learner } from '@laurel/store';
import { verifyCredential, type StatusChecker } from '@laurel/suites';
import { revocationListIssuerFromUrl, statusListIdFromUrl, type IssuanceDeps } from './deps.js';
import { NotFoundError } from './errors.js';
import { issuerDidDocument } from './issuers.js';
import { revocationList } from './revocation-lists.js';

/** What a live check of one of our credentials says, for a seal people read. */
export type LiveStatus = 'valid' | 'revoked' | 'suspended' | 'invalid' | 'unknown';

/** Everything a certificate page, PDF or baked image is drawn from. */
export interface CertificateRecord {
  credential: Credential;
  achievement: Achievement;
  issuer: Issuer;
  learner: Learner;
  status: LiveStatus;
  checkedAt: string;
}

/**
 * What a revoked credential's URL may say: that it was revoked, and, when the
 * issuer replaced it after a correction (a name change), when: never who or
 * what, and not which credential replaced it (that one names the learner anew).
 */
export interface RevokedCredential {
  revoked: true;
  /** When a corrected credential replaced this one (ISO date-time); absent for a plain revocation. */
  replacedOn?: string;
}

function revokedView(credential: Credential): RevokedCredential {
  return credential.supersededById && credential.revokedAt ? { revoked: true, replacedOn: new Date(credential.revokedAt).toISOString() } : { revoked: true };
}

/** A credential as served at its public URL: the signed document, or only that it was revoked; undefined when unknown. */
export async function publicCredential(deps: IssuanceDeps, credentialId: string): Promise<{ document: Record<string, unknown> } | RevokedCredential | undefined> {
  const credential = await deps.store.credentials.get(credentialId);
  if (!credential || isErased(credential)) return undefined;
  return credential.state === 'revoked' ? revokedView(credential) : { document: credential.document as Record<string, unknown> };
}

/** Its holder was erased: its public pages are gone (the credential still exists for revocation). */
function isErased(credential: Credential): boolean {
  return (credential.document as { laurelErased?: unknown } | null)?.laurelErased === true;
}

/**
 * Verification against our own signed status-list copies and our own did:web
 * documents, read from the store: checking one of our credentials never
 * leaves this process, yet runs the same checks an outside verifier does.
 */
export function localVerification(deps: IssuanceDeps): { checkStatus: StatusChecker; documentLoader: ReturnType<typeof createDocumentLoader> } {
  const prefix = `${deps.urls.issuerBaseUrl.replace(/\/+$/, '')}/issuers/`;
  const documentLoader = createDocumentLoader({
    fetchDidWebDocument: async (url) => {
      const slug = /^([^/]+)\/did\.json$/.exec(url.href.startsWith(prefix) ? url.href.slice(prefix.length) : '')?.[1];
      if (!slug) throw new Error(`${url.href} is not one of this issuer's DID documents.`);
      return issuerDidDocument(deps, decodeURIComponent(slug));
    },
  });
  const checkStatus = createStatusChecker({
    documentLoader,
    loadStatusList: async (url) => {
      const revocationIssuer = revocationListIssuerFromUrl(deps.urls, url);
      const revocations = revocationIssuer ? await revocationList(deps.store, deps.urls, revocationIssuer) : undefined;
      if (revocations) return revocations.document;
      const id = statusListIdFromUrl(deps.urls, url);
      const signed = id ? await deps.store.statusLists.signedCopy(id) : undefined;
      if (!signed?.document) throw new Error(`No signed copy of ${url} in this store.`);
      return signed.document;
    },
  });
  return { checkStatus, documentLoader };
}

/** Verifies a stored credential now: proof, dates, status bits, issuer, schema. */
export async function liveStatus(deps: IssuanceDeps, credential: Credential): Promise<LiveStatus> {
  const { checkStatus, documentLoader } = localVerification(deps);
  const result = await verifyCredential(credential.document, { checkStatus, documentLoader, now: deps.now() });
  const status = result.checks.status;
  if (status.code === 'REVOKED' || credential.state === 'revoked') return 'revoked';
  if (status.code === 'SUSPENDED' || credential.state === 'suspended') return 'suspended';
  if (result.verified) return 'valid';
  return Object.values(result.checks).some((check) => check.status === 'invalid') ? 'invalid' : 'unknown';
}

/**
 * A credential with what it is shown with. A revoked credential comes back
 * as a RevokedCredential only: its page must show nothing of what it said.
 */
export async function certificateRecord(deps: IssuanceDeps, credentialId: string): Promise<CertificateRecord | RevokedCredential> {
  const credential = await deps.store.credentials.get(credentialId);
  if (!credential || isErased(credential)) throw new NotFoundError('credential', credentialId);
  if (credential.state === 'revoked') return revokedView(credential);
  const [achievement, issuer, learner] = await Promise.all([
    deps.store.achievements.get(credential.achievementId),
    deps.store.issuers.get(credential.issuerId),
    deps.store.learners.get(credential.learnerId),
  ]);
  if (!achievement || !issuer || !learner) throw new NotFoundError('credential', credentialId);
  const status = await liveStatus(deps, credential);
  if (status === 'revoked') return { revoked: true };
  return { credential, achievement, issuer, learner, status, checkedAt: deps.now().toISOString() };
}
