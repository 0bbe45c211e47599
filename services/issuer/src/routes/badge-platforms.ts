import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import {
  configureBadgePlatform,
  disconnectBadgePlatform,
  getBadgePlatformAccount,
  listBadgeDeliveries,
  listBadgeTemplates,
  listAchievementBadges,
  listIssuerBadgeDeliveries,
  retryFailedBadgeDeliveries,
  mapAchievementToBadge,
  receiveCredlyWebhook,
  syncBadgeTemplates,
  type BadgeDeliveryDeps,
  type IssuedCredentialRef,
} from '@laurel/badge-platforms';
import type { Logger } from '@laurel/http-kit';
import { getAchievement, getCredential, getIssuer, type IssuanceDeps } from '@laurel/issuance';
import { LaurelError, webUrlSchema } from '@laurel/models';
import { authorize, type AuthVariables } from '../auth.js';
import { anyObject, errorResponses, idParam, json, security } from './common.js';

const tags = ['Badge platforms'];

export interface BadgeRouteDeps extends IssuanceDeps {
  logger: Logger;
  /** Present when the issuer may call badge platforms (it has a guarded fetcher). */
  badges?: BadgeDeliveryDeps;
  /** Wakes the badge worker after a change it should act on; given issued credentials, only for mapped achievements. */
  nudgeBadges?: (issued?: readonly IssuedCredentialRef[]) => void;
  /** FETCH_ALLOW_HTTP: platform base URLs may be plain http (local fakes, tests). */
  allowHttpPlatforms?: boolean;
}

const platformParam = z.object({
  platform: z.enum(['credly', 'accredible']).openapi({ param: { name: 'platform', in: 'path' }, description: 'credly or accredible' }),
});

const accountBody = z
  .strictObject({
    apiKey: z.string().min(8).max(500).describe('Credly: the organization authorization token. Accredible: the API key. Stored sealed; never returned.'),
    baseUrl: webUrlSchema.optional().describe('Defaults to the production API. Credly sandbox: https://sandbox-api.credly.com'),
    organizationId: z.string().min(1).max(128).optional().describe('Credly organization id (required for Credly)'),
  })
  .openapi('BadgePlatformAccountInput');

const mappingBody = z
  .strictObject({ remoteId: z.string().min(1).max(128).describe('Credly badge template id or Accredible group id') })
  .openapi('BadgeMappingInput');

function badgeDepsOf(deps: BadgeRouteDeps): BadgeDeliveryDeps {
  if (!deps.badges) throw new LaurelError('BADGE_PLATFORMS_DISABLED', 'This issuer runs without outbound access to badge platforms.');
  return deps.badges;
}

/** Accounts, achievement mappings, templates and delivery state: the authenticated API. */
export function registerBadgePlatformRoutes(app: OpenAPIHono<{ Variables: AuthVariables }>, deps: BadgeRouteDeps): void {
  const accountPath = '/v1/issuers/{issuerId}/badge-platforms/{platform}';
  const accountParams = idParam('issuerId').extend(platformParam.shape);

  app.openapi(
    createRoute({
      method: 'put', path: accountPath, tags, security, summary: 'Connect the issuer to Credly or Accredible',
      description: 'Stores the account; the API key is sealed like signing keys and never returned. Replaces an earlier account for the same platform.',
      request: { params: accountParams, body: { required: true, content: { 'application/json': { schema: accountBody } } } },
      responses: { 200: json(anyObject, 'The account (without its key)'), ...errorResponses },
    }),
    async (c) => {
      const { issuerId, platform } = c.req.valid('param');
      const principal = authorize(c, 'admin', issuerId);
      await getIssuer(deps.store, issuerId);
      const body = c.req.valid('json');
      if (platform === 'credly' && !body.organizationId) {
        throw new LaurelError('INVALID_INPUT', 'Credly needs an organization id.', { issues: [{ path: 'organizationId', message: 'required for Credly' }] });
      }
      // Refused here rather than at the first delivery: the key would travel in the clear.
      if (body.baseUrl?.startsWith('http:') && !deps.allowHttpPlatforms) {
        throw new LaurelError('INVALID_INPUT', 'A badge platform is reached over https only.', { issues: [{ path: 'baseUrl', message: 'must be an https URL (FETCH_ALLOW_HTTP=true allows http for local tests)' }] });
      }
      return c.json(await configureBadgePlatform(deps, principal.actor, { issuerId, platform, ...body }), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get', path: accountPath, tags, security, summary: 'The issuer’s account on a badge platform (without its key)',
      request: { params: accountParams }, responses: { 200: json(anyObject, 'The account'), ...errorResponses },
    }),
    async (c) => {
      const { issuerId, platform } = c.req.valid('param');
      authorize(c, 'read', issuerId);
      const account = await getBadgePlatformAccount(deps, issuerId, platform);
      if (!account) throw new LaurelError('NOT_FOUND', `The issuer has no ${platform} account.`);
      return c.json(account, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete', path: accountPath, tags, security, summary: 'Disconnect the issuer from the platform (its key is deleted)',
      description: 'Badges already on the platform stay. Deliveries still queued fail with “no account configured” until an account is connected again and they are retried.',
      request: { params: accountParams }, responses: { 204: { description: 'Disconnected' }, ...errorResponses },
    }),
    async (c) => {
      const { issuerId, platform } = c.req.valid('param');
      const principal = authorize(c, 'admin', issuerId);
      if (!(await disconnectBadgePlatform(deps, principal.actor, issuerId, platform))) throw new LaurelError('NOT_FOUND', `The issuer has no ${platform} account.`);
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: 'post', path: `${accountPath}/templates/sync`, tags, security, summary: 'Fetch the badge templates (Credly) or groups (Accredible) from the platform',
      request: { params: accountParams }, responses: { 200: json(z.array(anyObject), 'The templates, as stored now'), ...errorResponses },
    }),
    async (c) => {
      const { issuerId, platform } = c.req.valid('param');
      const principal = authorize(c, 'admin', issuerId);
      return c.json(await syncBadgeTemplates(badgeDepsOf(deps), principal.actor, issuerId, platform), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get', path: `${accountPath}/templates`, tags, security, summary: 'The badge templates or groups known from the last sync and webhooks',
      request: { params: accountParams }, responses: { 200: json(z.array(anyObject), 'Templates'), ...errorResponses },
    }),
    async (c) => {
      const { issuerId, platform } = c.req.valid('param');
      authorize(c, 'read', issuerId);
      return c.json(await listBadgeTemplates(deps, issuerId, platform), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get', path: `${accountPath}/deliveries`, tags, security, summary: 'The issuer’s badge deliveries on the platform, newest change first',
      description: 'With `state=failed`, what needs attention; each entry names its credential and the platform’s reason.',
      request: {
        params: accountParams,
        query: z.object({
          state: z.enum(['pending', 'delivered', 'failed']).optional(),
          limit: z.coerce.number().int().min(1).max(1000).default(100),
        }),
      },
      responses: { 200: json(z.array(anyObject), 'Deliveries'), ...errorResponses },
    }),
    async (c) => {
      const { issuerId, platform } = c.req.valid('param');
      authorize(c, 'read', issuerId);
      const { state, limit } = c.req.valid('query');
      return c.json(await listIssuerBadgeDeliveries(deps, issuerId, platform, { ...(state ? { state } : {}), limit }), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post', path: `${accountPath}/deliveries/retry`, tags, security, summary: 'Retry failed deliveries (after fixing the key or the template)',
      description: 'Requeues every failed delivery of the issuer on the platform, or only the named credential’s; the badge worker attempts them at once.',
      request: { params: accountParams, body: { required: false, content: { 'application/json': { schema: z.strictObject({ credentialId: z.string().min(1).max(128).optional() }) } } } },
      responses: { 200: json(z.object({ requeued: z.number().int() }), 'How many were requeued'), ...errorResponses },
    }),
    async (c) => {
      const { issuerId, platform } = c.req.valid('param');
      const principal = authorize(c, 'admin', issuerId);
      const body = c.req.header('content-length') === '0' || !c.req.header('content-type') ? {} : (c.req.valid('json') ?? {});
      const result = await retryFailedBadgeDeliveries(deps, principal.actor, issuerId, platform, body.credentialId);
      if (result.requeued > 0) deps.nudgeBadges?.();
      return c.json(result, 200);
    },
  );

  const mappingPath = '/v1/issuers/{issuerId}/achievements/{achievementId}/badges/{platform}';
  const mappingParams = idParam('issuerId').extend(idParam('achievementId').shape).extend(platformParam.shape);

  app.openapi(
    createRoute({
      method: 'get', path: '/v1/issuers/{issuerId}/achievements/{achievementId}/badges', tags, security, summary: 'What the achievement is also awarded as (per platform)',
      request: { params: idParam('issuerId').extend(idParam('achievementId').shape) },
      responses: { 200: json(z.array(anyObject), 'One entry per platform, with the template’s name and state when known'), ...errorResponses },
    }),
    async (c) => {
      const { issuerId, achievementId } = c.req.valid('param');
      authorize(c, 'read', issuerId);
      await getAchievement(deps, issuerId, achievementId);
      return c.json(await listAchievementBadges(deps, issuerId, achievementId), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'put', path: mappingPath, tags, security, summary: 'Also award the achievement as a Credly badge or Accredible credential',
      description: 'Credentials issued from now on, and active ones without a badge yet, are delivered by the badge worker; revocations follow.',
      request: { params: mappingParams, body: { required: true, content: { 'application/json': { schema: mappingBody } } } },
      responses: { 200: json(anyObject, 'The mapping'), ...errorResponses },
    }),
    async (c) => {
      const { issuerId, achievementId, platform } = c.req.valid('param');
      const principal = authorize(c, 'admin', issuerId);
      await getAchievement(deps, issuerId, achievementId);
      const { remoteId } = c.req.valid('json');
      await mapAchievementToBadge(deps, principal.actor, achievementId, platform, remoteId);
      deps.nudgeBadges?.();
      return c.json({ achievementId, platform, remoteId }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete', path: mappingPath, tags, security, summary: 'Stop awarding the achievement on the platform',
      description: 'Badges already delivered stay on the platform; revoking a credential still revokes its badge.',
      request: { params: mappingParams }, responses: { 204: { description: 'Removed' }, ...errorResponses },
    }),
    async (c) => {
      const { issuerId, achievementId, platform } = c.req.valid('param');
      const principal = authorize(c, 'admin', issuerId);
      await getAchievement(deps, issuerId, achievementId);
      await mapAchievementToBadge(deps, principal.actor, achievementId, platform, null);
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: 'get', path: '/v1/credentials/{credentialId}/badges', tags, security, summary: 'Delivery state of the credential’s badges (pending, delivered, failed with reason)',
      request: { params: idParam('credentialId') }, responses: { 200: json(z.array(anyObject), 'One entry per platform'), ...errorResponses },
    }),
    async (c) => {
      const { credentialId } = c.req.valid('param');
      const credential = await getCredential(deps.store, undefined, credentialId);
      authorize(c, 'read', credential.issuerId);
      return c.json(await listBadgeDeliveries(deps, credentialId), 200);
    },
  );
}

const credlyNotice = z
  .looseObject({
    id: z.string().min(1).max(200),
    organization_id: z.string().min(1).max(200),
    event_type: z.string().min(1).max(200),
    occurred_at: z.string().min(1).max(200),
  })
  .openapi('CredlyWebhookNotice');

const webhookAnswer = z.object({ accepted: z.boolean(), eventId: z.string().optional(), eventType: z.string().optional(), reason: z.string().optional() });

/**
 * Credly's template webhooks (public: Credly cannot authenticate). Credly does
 * not sign them, so each notice is confirmed by reading the event back from
 * Credly with the issuer's own token before anything changes.
 */
export function registerCredlyWebhook(app: OpenAPIHono, deps: BadgeRouteDeps): void {
  app.openapi(
    createRoute({
      method: 'post', path: '/webhooks/credly/{issuerId}', tags, summary: 'Credly badge-template webhook (set as the organization’s webhook URL)',
      description: 'Not signed by Credly: the event is read back from Credly’s API before it is acted on. Unconfirmed notices answer accepted: false.',
      request: { params: idParam('issuerId'), body: { required: true, content: { 'application/json': { schema: credlyNotice } } } },
      responses: { 200: json(webhookAnswer, 'Whether the notice was confirmed and applied'), ...errorResponses },
    }),
    async (c) => {
      const { issuerId } = c.req.valid('param');
      const result = await receiveCredlyWebhook(badgeDepsOf(deps), issuerId, c.req.valid('json'));
      if (!result.accepted) deps.logger.warn({ issuerId, reason: result.reason }, 'Credly webhook not accepted');
      return c.json(result.accepted ? { accepted: true, eventId: result.event.id, eventType: result.event.eventType } : { accepted: false, reason: result.reason }, 200);
    },
  );
}
