import { InvalidInputError } from '@laurel/models';
import type { BadgeTemplate } from '@laurel/store';
import type { CredlyClient, CredlyEvent } from './credly.js';
import { BadgePlatformError } from './errors.js';
import { isRecord } from './http.js';

/**
 * What Credly POSTs to an organization's webhook_url: only a notice
 * (event id, organization, type, time). Credly does not sign webhooks, so the
 * notice is trusted only after the event is read back from Credly's API with
 * the organization's own token.
 */
export interface CredlyWebhookNotice {
  id: string;
  organizationId: string;
  eventType: string;
  occurredAt: string;
}

export type CredlyWebhookResult =
  /** `template`: what receiveCredlyWebhook recorded for the event's template. */
  | { accepted: true; event: CredlyEvent; template?: BadgeTemplate }
  | { accepted: false; reason: string };

export function parseCredlyWebhook(body: unknown): CredlyWebhookNotice {
  const issues: { path: string; message: string }[] = [];
  const text = (name: string): string => {
    const value = isRecord(body) ? body[name] : undefined;
    if (typeof value !== 'string' || value.length === 0 || value.length > 200) {
      issues.push({ path: name, message: 'must be a non-empty string' });
      return '';
    }
    return value;
  };
  const notice = { id: text('id'), organizationId: text('organization_id'), eventType: text('event_type'), occurredAt: text('occurred_at') };
  if (issues.length > 0) throw new InvalidInputError(issues, 'Credly webhook');
  return notice;
}

/**
 * Checks a webhook body: well formed, for our organization, a badge template
 * event, and confirmed by Credly's events API. Throws InvalidInputError on a
 * malformed body. An event Credly does not know (404) is not accepted, since
 * no retry can change that; other platform errors propagate (answer 5xx so
 * Credly retries).
 */
export async function verifyCredlyWebhook(client: CredlyClient, organizationId: string, body: unknown): Promise<CredlyWebhookResult> {
  const notice = parseCredlyWebhook(body);
  if (notice.organizationId !== organizationId) return { accepted: false, reason: 'the webhook is for another organization' };
  if (!notice.eventType.startsWith('badge_template.')) return { accepted: false, reason: `not a badge template event: ${notice.eventType}` };
  let event: CredlyEvent;
  try {
    event = await client.getEvent(notice.id);
  } catch (error) {
    if (error instanceof BadgePlatformError && error.status === 404) return { accepted: false, reason: 'Credly knows no such event' };
    throw error;
  }
  if (event.id !== notice.id || event.organizationId !== organizationId || event.eventType !== notice.eventType) {
    return { accepted: false, reason: 'Credly does not confirm this event' };
  }
  return { accepted: true, event };
}
