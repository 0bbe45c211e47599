import type { GuardedFetcher } from '@laurel/guarded-fetch';
import { BadgePlatformError } from './errors.js';
import { call, idOf, isRecord, normalizeBaseUrl } from './http.js';

export const ACCREDIBLE_PRODUCTION_URL = 'https://api.accredible.com';
export const ACCREDIBLE_EU_URL = 'https://eu.api.accredible.com';
export const ACCREDIBLE_SANDBOX_URL = 'https://sandbox.api.accredible.com';

export interface AccredibleClientOptions {
  fetcher: GuardedFetcher;
  baseUrl: string;
  apiKey: string;
  /** Safety bound on group pages. Default 100. */
  maxPages?: number;
  pageSize?: number;
}

export interface AccredibleCredentialInput {
  name: string;
  email: string;
  groupId: string;
  /** YYYY-MM-DD */
  issuedOn: string;
  expiredOn?: string;
}

export interface AccredibleGroup {
  id: string;
  name: string;
}

export interface AccredibleCredentialSummary {
  id: string;
  email: string;
  groupId: string;
  issuedOn: string;
  expiredOn: string | null;
}

export interface AccredibleClient {
  createCredential(input: AccredibleCredentialInput): Promise<{ id: string }>;
  /** The recipient's credentials in the group (optionally issued on that day), via the v2 search. */
  findCredentials(query: { email: string; groupId: string; issuedOn?: string }): Promise<AccredibleCredentialSummary[]>;
  /** Accredible has no revoke: the credential is expired as of `expiredOn` (YYYY-MM-DD). */
  expireCredential(credentialId: string, expiredOn: string): Promise<void>;
  listGroups(): Promise<AccredibleGroup[]>;
}

const PLATFORM = 'Accredible';

/** Group ids are numbers in Accredible's API; keep anything else as given. */
function groupIdValue(groupId: string): number | string {
  return /^\d{1,15}$/.test(groupId) ? Number(groupId) : groupId;
}

export function createAccredibleClient(options: AccredibleClientOptions): AccredibleClient {
  const base = normalizeBaseUrl(options.baseUrl);
  const headers = { authorization: `Token token=${options.apiKey}` };
  const maxPages = options.maxPages ?? 100;
  const pageSize = options.pageSize ?? 50;

  return {
    async createCredential(input) {
      const credential: Record<string, unknown> = {
        recipient: { name: input.name, email: input.email },
        group_id: groupIdValue(input.groupId),
        issued_on: input.issuedOn,
      };
      if (input.expiredOn !== undefined) credential.expired_on = input.expiredOn;
      const response = await call(options.fetcher, PLATFORM, 'credential create', { method: 'POST', url: `${base}/v1/credentials`, headers, body: { credential } });
      const id = isRecord(response.json) && isRecord(response.json.credential) ? idOf(response.json.credential.id) : undefined;
      if (id === undefined) throw new BadgePlatformError('transient', 'Accredible accepted the credential but its answer names no credential id');
      return { id };
    },
    async findCredentials(query) {
      const found: AccredibleCredentialSummary[] = [];
      // The published OpenAPI types the v2 search's `group.id` as a string (unlike v1's numeric group_id).
      const filter: Record<string, unknown> = { recipient_email: query.email, 'group.id': query.groupId };
      if (query.issuedOn !== undefined) filter.issued_on = query.issuedOn;
      for (let count = 0, from = 0; count < maxPages; count++) {
        const response = await call(options.fetcher, PLATFORM, 'credential search', {
          method: 'POST',
          url: `${base}/v2/credentials/search`,
          headers,
          body: { query: filter, page: { from, size: pageSize } },
        });
        const json = isRecord(response.json) ? response.json : {};
        const entries = Array.isArray(json.credentials) ? json.credentials : [];
        for (const entry of entries) {
          const id = isRecord(entry) ? idOf(entry.id) : undefined;
          if (!isRecord(entry) || id === undefined) continue;
          found.push({
            id,
            email: String(entry.recipient_email ?? ''),
            groupId: (isRecord(entry.group) ? idOf(entry.group.id) : undefined) ?? '',
            issuedOn: String(entry.issued_on ?? ''),
            expiredOn: typeof entry.expired_on === 'string' ? entry.expired_on : null,
          });
        }
        from += entries.length;
        const total = isRecord(json.meta) && typeof json.meta.count === 'number' ? json.meta.count : 0;
        if (entries.length === 0 || from >= total) break;
      }
      return found;
    },
    async expireCredential(credentialId, expiredOn) {
      await call(options.fetcher, PLATFORM, 'credential expiry', {
        method: 'PUT',
        url: `${base}/v1/credentials/${encodeURIComponent(credentialId)}`,
        headers,
        body: { credential: { expired_on: expiredOn } },
      });
    },
    async listGroups() {
      const groups: AccredibleGroup[] = [];
      let page: number | undefined = 1;
      for (let count = 0; page !== undefined && count < maxPages; count++) {
        const response = await call(options.fetcher, PLATFORM, 'group search', {
          method: 'POST',
          url: `${base}/v1/issuer/groups/search`,
          headers,
          body: { page, page_size: pageSize },
        });
        const json = isRecord(response.json) ? response.json : {};
        for (const entry of Array.isArray(json.groups) ? json.groups : []) {
          const id = isRecord(entry) ? idOf(entry.id) : undefined;
          if (isRecord(entry) && id !== undefined) groups.push({ id, name: String(entry.name ?? '') });
        }
        const next = isRecord(json.meta) ? json.meta.next_page : undefined;
        page = typeof next === 'number' && next > page ? next : undefined;
      }
      return groups;
    },
  };
}
