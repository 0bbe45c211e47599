import type { GuardedFetcher } from '@laurel/guarded-fetch';
import { BadgePlatformError } from './errors.js';
import { call, idOf, isRecord, normalizeBaseUrl, sameOrigin } from './http.js';

export const CREDLY_PRODUCTION_URL = 'https://api.credly.com';
export const CREDLY_SANDBOX_URL = 'https://sandbox-api.credly.com';

export interface CredlyClientOptions {
  fetcher: GuardedFetcher;
  /** CREDLY_PRODUCTION_URL, CREDLY_SANDBOX_URL, or a test server. */
  baseUrl: string;
  organizationId: string;
  /** The organization's authorization token: HTTP Basic user name, empty password. */
  apiToken: string;
  /** Safety bound on template pages. Default 100. */
  maxPages?: number;
}

export interface CredlyBadgeInput {
  recipientEmail: string;
  firstName: string;
  lastName: string;
  badgeTemplateId: string;
  issuedAt: string;
  expiresAt?: string;
}

export interface CredlyBadgeTemplate {
  id: string;
  name: string;
  state: string;
}

export interface CredlyEvent {
  id: string;
  organizationId: string;
  eventType: string;
  occurredAt: string;
  data: unknown;
  /** Set on badge_template.* events: the template as the event recorded it. */
  badgeTemplate?: { id: string; name?: string; state?: string };
}

export interface CredlyClient {
  /** Issues a badge; a duplicate (422) is looked up and returned with alreadyIssued. */
  issueBadge(input: CredlyBadgeInput): Promise<{ id: string; alreadyIssued: boolean }>;
  findBadge(recipientEmail: string, badgeTemplateId: string): Promise<string | undefined>;
  /** Revokes a badge; one Credly already shows as revoked (its 422) comes back with alreadyRevoked. */
  revokeBadge(badgeId: string, reason: string): Promise<{ alreadyRevoked: boolean }>;
  listActiveTemplates(): Promise<CredlyBadgeTemplate[]>;
  /** Every template of the organization, whatever its state, across all pages. */
  listTemplates(): Promise<CredlyBadgeTemplate[]>;
  /** One template; undefined when Credly no longer has it (404). */
  getTemplate(templateId: string): Promise<CredlyBadgeTemplate | undefined>;
  getEvent(eventId: string): Promise<CredlyEvent>;
}

const PLATFORM = 'Credly';

export function createCredlyClient(options: CredlyClientOptions): CredlyClient {
  const base = normalizeBaseUrl(options.baseUrl);
  const org = encodeURIComponent(options.organizationId);
  const orgUrl = `${base}/v1/organizations/${org}`;
  const headers = { authorization: `Basic ${Buffer.from(`${options.apiToken}:`).toString('base64')}` };
  const maxPages = options.maxPages ?? 100;

  const findBadge = async (recipientEmail: string, badgeTemplateId: string): Promise<string | undefined> => {
    const filter = `recipient_email::${recipientEmail}|badge_template_id::${badgeTemplateId}`;
    const response = await call(options.fetcher, PLATFORM, 'badge lookup', {
      method: 'GET',
      url: `${orgUrl}/badges?filter=${encodeURIComponent(filter)}`,
      headers,
    });
    const data = isRecord(response.json) && Array.isArray(response.json.data) ? response.json.data : [];
    const active = data.filter(isRecord).find((badge) => badge.state !== 'revoked' && badge.state !== 'rejected') ?? data.find(isRecord);
    return isRecord(active) ? idOf(active.id) : undefined;
  };

  const badgeState = async (badgeId: string): Promise<string | undefined> => {
    const response = await call(options.fetcher, PLATFORM, 'badge lookup', { method: 'GET', url: `${orgUrl}/badges/${encodeURIComponent(badgeId)}`, headers });
    const data = isRecord(response.json) && isRecord(response.json.data) ? response.json.data : undefined;
    return typeof data?.state === 'string' ? data.state : undefined;
  };

  const templateOf = (entry: unknown): CredlyBadgeTemplate | undefined => {
    const id = isRecord(entry) ? idOf(entry.id) : undefined;
    return isRecord(entry) && id !== undefined ? { id, name: String(entry.name ?? ''), state: String(entry.state ?? '') } : undefined;
  };

  const listWhere = async (filter: string | undefined): Promise<CredlyBadgeTemplate[]> => {
    const templates: CredlyBadgeTemplate[] = [];
    const query = filter === undefined ? 'page=1' : `filter=${encodeURIComponent(filter)}&page=1`;
    let next: URL | undefined = new URL(`${orgUrl}/badge_templates?${query}`);
    for (let page = 0; next !== undefined && page < maxPages; page++) {
      const response = await call(options.fetcher, PLATFORM, 'badge template list', { method: 'GET', url: next, headers });
      const json = isRecord(response.json) ? response.json : {};
      for (const entry of Array.isArray(json.data) ? json.data : []) {
        const template = templateOf(entry);
        if (template) templates.push(template);
      }
      const link = isRecord(json.metadata) ? json.metadata.next_page_url : undefined;
      next = typeof link === 'string' && link.length > 0 ? sameOrigin(link, base) : undefined;
    }
    return templates;
  };

  return {
    async issueBadge(input) {
      const body: Record<string, unknown> = {
        recipient_email: input.recipientEmail,
        issued_to_first_name: input.firstName,
        issued_to_last_name: input.lastName,
        badge_template_id: input.badgeTemplateId,
        issued_at: input.issuedAt,
      };
      if (input.expiresAt !== undefined) body.expires_at = input.expiresAt;
      try {
        const response = await call(options.fetcher, PLATFORM, 'badge issue', { method: 'POST', url: `${orgUrl}/badges`, headers, body });
        const id = isRecord(response.json) && isRecord(response.json.data) ? idOf(response.json.data.id) : undefined;
        if (id === undefined) throw new BadgePlatformError('transient', 'Credly accepted the badge but its answer names no badge id');
        return { id, alreadyIssued: false };
      } catch (error) {
        if (!(error instanceof BadgePlatformError) || error.status !== 422) throw error;
        // Credly answers 422 when the recipient already holds a badge of the template.
        const existing = await findBadge(input.recipientEmail, input.badgeTemplateId);
        if (existing === undefined) throw error;
        return { id: existing, alreadyIssued: true };
      }
    },
    findBadge,
    async revokeBadge(badgeId, reason) {
      try {
        await call(options.fetcher, PLATFORM, 'badge revoke', {
          method: 'PUT',
          url: `${orgUrl}/badges/${encodeURIComponent(badgeId)}/revoke`,
          headers,
          body: { reason },
        });
        return { alreadyRevoked: false };
      } catch (error) {
        if (!(error instanceof BadgePlatformError) || error.status !== 422) throw error;
        // Credly refuses to revoke a revoked badge with a 422; the badge's own state
        // tells that apart from a 422 about the request, whatever the message's wording.
        if ((await badgeState(badgeId)) !== 'revoked') throw error;
        return { alreadyRevoked: true };
      }
    },
    listActiveTemplates: () => listWhere('state::active'),
    listTemplates: () => listWhere(undefined),
    async getTemplate(templateId) {
      try {
        const response = await call(options.fetcher, PLATFORM, 'badge template lookup', {
          method: 'GET',
          url: `${orgUrl}/badge_templates/${encodeURIComponent(templateId)}`,
          headers,
        });
        const template = templateOf(isRecord(response.json) ? response.json.data : undefined);
        if (!template) throw new BadgePlatformError('rejected', 'Credly answered the badge template lookup without a template');
        return template;
      } catch (error) {
        if (error instanceof BadgePlatformError && error.status === 404) return undefined;
        throw error;
      }
    },
    async getEvent(eventId) {
      const response = await call(options.fetcher, PLATFORM, 'event lookup', { method: 'GET', url: `${orgUrl}/events/${encodeURIComponent(eventId)}`, headers });
      const data = isRecord(response.json) && isRecord(response.json.data) ? response.json.data : undefined;
      const id = data ? idOf(data.id) : undefined;
      if (!data || id === undefined) throw new BadgePlatformError('rejected', 'Credly answered the event lookup without an event');
      const template = isRecord(data.badge_template) ? data.badge_template : undefined;
      const templateId = template ? idOf(template.id) : undefined;
      return {
        id,
        organizationId: String(data.organization_id ?? ''),
        eventType: String(data.event_type ?? ''),
        occurredAt: String(data.occurred_at ?? ''),
        data: data.data ?? data.badge_template ?? null,
        ...(template && templateId !== undefined
          ? {
              badgeTemplate: {
                id: templateId,
                ...(typeof template.name === 'string' ? { name: template.name } : {}),
                ...(typeof template.state === 'string' ? { state: template.state } : {}),
              },
            }
          : {}),
      };
    },
  };
}
