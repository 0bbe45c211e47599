import { randomUUID } from 'node:crypto';
import { EMAIL, FakeServer, isObject, type FakeReply } from './fake-server.js';

export interface FakeCredlyBadge {
  id: string;
  recipient_email: string;
  issued_to_first_name: string;
  issued_to_last_name: string;
  badge_template_id: string;
  issued_at: string;
  expires_at: string | null;
  state: 'accepted' | 'pending' | 'revoked';
  revocation_reason: string | null;
}

export interface FakeCredlyTemplate {
  id: string;
  name: string;
  state: 'active' | 'archived' | 'draft';
}

export interface FakeCredlyEvent {
  id: string;
  organization_id: string;
  event_type: string;
  occurred_at: string;
  /** Template events carry the template as it was when the event occurred. */
  badge_template?: { id: string; name?: string; state?: string };
}

/**
 * Credly's Web Service API as documented: HTTP Basic with the organization's
 * token as user name, JSON answers wrapped in `data` (+ `metadata` on lists),
 * 422 for a recipient who already holds the template's badge and for revoking
 * a badge that is already revoked. A deleted template is simply gone (404):
 * remove it from `templates`.
 */
export class FakeCredly extends FakeServer {
  readonly badges: FakeCredlyBadge[] = [];
  readonly events: FakeCredlyEvent[] = [];

  constructor(
    readonly organizationId: string,
    readonly token: string,
    readonly templates: FakeCredlyTemplate[],
    readonly perPage = 2,
  ) {
    super((request, url, headers) => this.handle(request.method, url, request.body, headers.authorization));
  }

  private handle(method: string, url: URL, body: unknown, authorization: string | undefined): FakeReply {
    const expected = `Basic ${Buffer.from(`${this.token}:`).toString('base64')}`;
    if (authorization !== expected) return { status: 401, body: { data: { message: 'You must be authenticated to perform this action' } } };
    const prefix = `/v1/organizations/${this.organizationId}`;
    if (!url.pathname.startsWith(`${prefix}/`)) return { status: 404, body: { data: { message: 'Not found' } } };
    const rest = url.pathname.slice(prefix.length);

    if (method === 'POST' && rest === '/badges') return this.issue(body);
    if (method === 'GET' && rest === '/badges') {
      const filters = new Map((url.searchParams.get('filter') ?? '').split('|').map((part) => part.split('::') as [string, string]));
      const found = this.badges.filter(
        (badge) =>
          (!filters.has('recipient_email') || badge.recipient_email.toLowerCase() === filters.get('recipient_email')?.toLowerCase()) &&
          (!filters.has('badge_template_id') || badge.badge_template_id === filters.get('badge_template_id')),
      );
      return { status: 200, body: { data: found, metadata: { count: found.length, current_page: 1, total_pages: 1, next_page_url: null } } };
    }
    const one = /^\/badges\/([^/]+)$/.exec(rest);
    if (method === 'GET' && one) {
      const badge = this.badges.find((candidate) => candidate.id === one[1]);
      return badge ? { status: 200, body: { data: badge } } : { status: 404, body: { data: { message: 'Badge not found' } } };
    }
    const revoke = /^\/badges\/([^/]+)\/revoke$/.exec(rest);
    if (method === 'PUT' && revoke) {
      const badge = this.badges.find((candidate) => candidate.id === revoke[1]);
      if (!badge) return { status: 404, body: { data: { message: 'Badge not found' } } };
      if (!isObject(body) || typeof body.reason !== 'string' || body.reason.length === 0) {
        return { status: 422, body: { data: { message: 'Reason can\'t be blank' } } };
      }
      if (badge.state === 'revoked') return { status: 422, body: { data: { message: 'Badge is already revoked' } } };
      badge.state = 'revoked';
      badge.revocation_reason = body.reason;
      return { status: 200, body: { data: badge } };
    }
    if (method === 'GET' && rest === '/badge_templates') {
      const stateFilter = /state::(\w+)/.exec(url.searchParams.get('filter') ?? '')?.[1];
      const matching = this.templates.filter((template) => !stateFilter || template.state === stateFilter);
      const page = Number(url.searchParams.get('page') ?? '1');
      const totalPages = Math.max(1, Math.ceil(matching.length / this.perPage));
      const nextQuery = new URLSearchParams(url.searchParams);
      nextQuery.set('page', String(page + 1));
      const next = page < totalPages ? `${this.url}${prefix}/badge_templates?${nextQuery.toString()}` : null;
      return {
        status: 200,
        body: {
          data: matching.slice((page - 1) * this.perPage, page * this.perPage),
          metadata: { count: matching.length, current_page: page, total_count: matching.length, total_pages: totalPages, per: this.perPage, next_page_url: next },
        },
      };
    }
    const template = /^\/badge_templates\/([^/]+)$/.exec(rest);
    if (method === 'GET' && template) {
      const found = this.templates.find((candidate) => candidate.id === template[1]);
      return found ? { status: 200, body: { data: found } } : { status: 404, body: { data: { message: 'Not found' } } };
    }
    const event = /^\/events\/([^/]+)$/.exec(rest);
    if (method === 'GET' && event) {
      const found = this.events.find((candidate) => candidate.id === event[1]);
      return found ? { status: 200, body: { data: found } } : { status: 404, body: { data: { message: 'Not found' } } };
    }
    return { status: 404, body: { data: { message: 'Not found' } } };
  }

  private issue(body: unknown): FakeReply {
    const errors: string[] = [];
    const text = (name: string) => {
      const value = isObject(body) ? body[name] : undefined;
      if (typeof value !== 'string' || value.length === 0) errors.push(`${name} can't be blank`);
      return typeof value === 'string' ? value : '';
    };
    const email = text('recipient_email');
    const first = text('issued_to_first_name');
    const last = text('issued_to_last_name');
    const templateId = text('badge_template_id');
    const issuedAt = text('issued_at');
    if (email && !EMAIL.test(email)) errors.push('recipient_email is invalid');
    if (issuedAt && Number.isNaN(Date.parse(issuedAt))) errors.push('issued_at is invalid');
    if (templateId && !this.templates.some((template) => template.id === templateId && template.state === 'active')) errors.push('badge_template_id is invalid');
    if (errors.length > 0) return { status: 422, body: { data: { message: errors.join(', ') } } };
    if (this.badges.some((badge) => badge.recipient_email.toLowerCase() === email.toLowerCase() && badge.badge_template_id === templateId && badge.state !== 'revoked')) {
      return { status: 422, body: { data: { message: 'User already has this badge' } } };
    }
    const expires = isObject(body) && typeof body.expires_at === 'string' ? body.expires_at : null;
    const badge: FakeCredlyBadge = {
      id: randomUUID(),
      recipient_email: email,
      issued_to_first_name: first,
      issued_to_last_name: last,
      badge_template_id: templateId,
      issued_at: issuedAt,
      expires_at: expires,
      state: 'pending',
      revocation_reason: null,
    };
    this.badges.push(badge);
    return { status: 201, body: { data: badge } };
  }
}
