import type { BadgePlatform, BadgeTemplate, BadgeTemplateState } from '@laurel/store';
import { accredibleClientFor, credlyClientFor, openAccount, PLATFORM_NAMES } from './accounts.js';
import type { CredlyBadgeTemplate } from './credly.js';
import { verifyCredlyWebhook, type CredlyWebhookResult } from './credly-webhooks.js';
import type { BadgeDeliveryDeps, BadgePlatformDeps } from './deps.js';

const KNOWN_STATES: ReadonlySet<string> = new Set<BadgeTemplateState>(['active', 'archived', 'draft', 'deleted']);

/**
 * Credly's states as they are. A state Credly may add later counts as draft:
 * neither refused nor assumed to be live.
 */
function stateOf(state: string): BadgeTemplateState {
  return KNOWN_STATES.has(state) ? (state as BadgeTemplateState) : 'draft';
}

/** Why nothing may be awarded as this template (archived or deleted on the platform); undefined when it may, or is unknown. */
export function templateRefusal(template: BadgeTemplate | undefined): string | undefined {
  if (!template || (template.state !== 'archived' && template.state !== 'deleted')) return undefined;
  const kind = template.platform === 'credly' ? 'badge template' : 'group';
  const name = template.name ? `"${template.name}" (${template.remoteId})` : template.remoteId;
  return `The ${PLATFORM_NAMES[template.platform]} ${kind} ${name} is ${template.state}`;
}

/**
 * Reads the issuer's templates live from the platform (every page of Credly's
 * badge templates, whatever their state; Accredible's groups), records them,
 * and returns them. Templates the platform no longer lists are left as they
 * were: a listing cut short by the page bound must not mark live ones deleted.
 * What was recorded commits with its `badge-templates.sync` audit row.
 */
export async function syncBadgeTemplates(deps: BadgePlatformDeps, actor: string, issuerId: string, platform: BadgePlatform): Promise<BadgeTemplate[]> {
  const opened = await openAccount(deps, issuerId, platform);
  const live: CredlyBadgeTemplate[] =
    platform === 'credly'
      ? await credlyClientFor(deps, opened).listTemplates()
      : // Accredible groups have no lifecycle state: a listed group is usable.
        (await accredibleClientFor(deps, opened).listGroups()).map((group) => ({ ...group, state: 'active' }));
  return deps.store.transaction(async (tx) => {
    const stored: BadgeTemplate[] = [];
    for (const template of live) {
      stored.push(await tx.badgePlatforms.upsertTemplate({ issuerId, platform, remoteId: template.id, name: template.name, state: stateOf(template.state) }));
    }
    await tx.audit.record({ actor, action: 'badge-templates.sync', targetType: 'badge_platform', targetId: platform, issuerId, details: { templates: stored.length } });
    return stored;
  });
}

/** The issuer's templates as last learned from a sync or a webhook. */
export function listBadgeTemplates(deps: Pick<BadgeDeliveryDeps, 'store'>, issuerId: string, platform: BadgePlatform): Promise<BadgeTemplate[]> {
  return deps.store.badgePlatforms.listTemplates(issuerId, platform);
}

/**
 * Handles a webhook body Credly POSTed for the issuer. The notice is only
 * trusted once Credly's events API confirms it (verifyCredlyWebhook); then the
 * template's current state is read from Credly rather than taken from the
 * event, because Credly retries webhooks for days and an old event must not
 * undo a newer change. Malformed bodies throw InvalidInputError; platform
 * failures propagate, so the caller can answer 5xx and Credly retries.
 */
export async function receiveCredlyWebhook(deps: BadgePlatformDeps, issuerId: string, body: unknown): Promise<CredlyWebhookResult> {
  const opened = await openAccount(deps, issuerId, 'credly');
  const client = credlyClientFor(deps, opened);
  const result = await verifyCredlyWebhook(client, opened.account.organizationId ?? '', body);
  if (!result.accepted) return result;
  const named = result.event.badgeTemplate;
  if (!named) return { accepted: false, reason: 'Credly confirms the event but it names no badge template' };
  const repo = deps.store.badgePlatforms;
  const live = result.event.eventType === 'badge_template.deleted' ? undefined : await client.getTemplate(named.id);
  const template = live
    ? await repo.upsertTemplate({ issuerId, platform: 'credly', remoteId: live.id, name: live.name, state: stateOf(live.state) })
    : // Deleted, or gone from Credly by the time we asked: keep the last name known.
      await repo.upsertTemplate({
        issuerId,
        platform: 'credly',
        remoteId: named.id,
        name: named.name ?? (await repo.getTemplate(issuerId, 'credly', named.id))?.name ?? '',
        state: 'deleted',
      });
  return { ...result, template };
}
