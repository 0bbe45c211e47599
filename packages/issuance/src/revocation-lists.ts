import { createHash } from 'node:crypto';
import { createRevocationList, type RevocationList } from '@laurel/status-list';
import type { Store } from '@laurel/store';
import { credentialUrl, revocationListUrl, type PublicUrls } from './deps.js';

export interface ServedRevocationList {
  document: RevocationList;
  /** A strong ETag over the document's bytes: unchanged list, unchanged tag. */
  etag: string;
}

/**
 * An issuer's 1EdTech revocation list, read from the database on every call:
 * the revoked credentials its VC 1.1 Open Badges name by id, issued or signed
 * through the VC-API (1EdTech's draft-04 schema
 * leaves no room for an index). Nothing is signed or cached, so a revocation
 * shows the moment it commits; no outbox stage is owed. Undefined for an
 * unknown issuer.
 */
export async function revocationList(store: Pick<Store, 'issuers' | 'credentials' | 'revocationListEntries'>, urls: PublicUrls, issuerId: string): Promise<ServedRevocationList | undefined> {
  const issuer = await store.issuers.get(issuerId);
  if (!issuer) return undefined;
  // Laurel's credential ids are credentialUrl(id) (build-credential.ts): built here, so no document is read per request.
  const issued = (await store.credentials.revokedIds(issuer.id, 'vc1')).map((id) => credentialUrl(urls, id));
  // Credentials signed through the VC-API are not stored: the list keeps their ids.
  const revokedCredentialIds = [...issued, ...(await store.revocationListEntries.revokedIds(issuer.id))];
  const document = createRevocationList({ id: revocationListUrl(urls, issuer.id), issuer: issuer.did, revokedCredentialIds });
  const etag = `"${createHash('sha256').update(JSON.stringify(document)).digest('base64url')}"`;
  return { document, etag };
}
