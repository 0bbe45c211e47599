import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import {
  achievementPatchSchema,
  achievementRuleVersions,
  archiveAchievement,
  archiveIssuer,
  dryRunRules,
  getAchievement,
  issuerProfileSchema,
  listAchievements,
  searchAchievements,
  updateAchievement,
  updateIssuerProfile,
  type IssuanceDeps,
} from '@laurel/issuance';
import { authorize, authorizeAchievement, reachOf, type AuthVariables } from '../auth.js';
import { errorResponses, idParam, issuesUnder, json, security } from './common.js';
import { achievementSchema, dryRunSchema, issuerSchema, ruleVersionSchema } from './admin-schemas.js';
import { issuerQuery, listedIssuer, pageQuery, pageRequest, pageSchema } from './pages.js';

const tags = ['Issuers and achievements'];
const achievementParams = idParam('issuerId').extend(idParam('achievementId').shape);

export function registerAdminAchievementRoutes(app: OpenAPIHono<{ Variables: AuthVariables }>, deps: IssuanceDeps): void {
  app.openapi(
    createRoute({
      method: 'patch', path: '/v1/issuers/{issuerId}', operationId: 'updateIssuer', tags, security,
      summary: "Update an issuer's profile (name, url, email, description, logo, theme, default template, locale)",
      description: 'Credentials issued before keep the profile they were signed with. null clears an optional field.',
      request: { params: idParam('issuerId'), body: { required: true, content: { 'application/json': { schema: issuerProfileSchema } } } },
      responses: { 200: json(issuerSchema, 'The issuer'), ...errorResponses },
    }),
    async (c) => {
      const { issuerId } = c.req.valid('param');
      const principal = authorize(c, 'admin', issuerId);
      return c.json(await updateIssuerProfile(deps, principal.actor, issuerId, c.req.valid('json')), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post', path: '/v1/issuers/{issuerId}/archive', operationId: 'archiveIssuer', tags, security,
      summary: 'Archive an issuer: it issues nothing new; what it issued stays valid and revocable',
      request: { params: idParam('issuerId') }, responses: { 200: json(issuerSchema, 'The archived issuer'), ...errorResponses },
    }),
    async (c) => {
      const { issuerId } = c.req.valid('param');
      const principal = authorize(c, 'admin', issuerId);
      return c.json(await archiveIssuer(deps, principal.actor, issuerId), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get', path: '/v1/achievements', operationId: 'searchAchievements', tags, security,
      summary: "Search an issuer's achievements (oldest first by default)",
      description: 'A course-staff token sees only the achievements its limit covers.',
      request: {
        query: pageQuery.extend(issuerQuery.shape).extend({
          q: z.string().max(200).optional().openapi({ description: 'Contained in the name or the LMS id (case-insensitive).' }),
          kind: z.enum(['course', 'program']).optional(),
          archived: z.enum(['true', 'false']).optional().openapi({ description: 'Only archived (true) or only live (false) achievements.' }),
          sort: z.enum(['createdAt', 'name']).default('createdAt'),
        }),
      },
      responses: { 200: json(pageSchema(achievementSchema, 'AchievementPage'), 'A page of achievements'), ...errorResponses },
    }),
    async (c) => {
      const query = c.req.valid('query');
      const issuerId = listedIssuer(c, query.issuerId);
      const ids = await reachOf(c, 'read', issuerId, () => listAchievements(deps, issuerId));
      const filter = { issuerId, q: query.q, kind: query.kind, archived: query.archived === undefined ? undefined : query.archived === 'true', ids };
      return c.json(await searchAchievements(deps, filter, { ...pageRequest(query), sort: query.sort }), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'patch', path: '/v1/issuers/{issuerId}/achievements/{achievementId}', operationId: 'updateAchievement', tags, security,
      summary: 'Update an achievement; new rules become the next rules version',
      description:
        'New `rules` (or `reportGrade`, or `laterRecords`: keep-first, reissue-on-grade-change, revoke-when-unmet) are checked like at creation and stored as the next version: they decide evaluations from now on. Credentials already issued are untouched and each names the `rulesVersion` it was issued under. `externalId` and `kind` cannot change.',
      request: { params: achievementParams, body: { required: true, content: { 'application/json': { schema: achievementPatchSchema } } } },
      responses: { 200: json(achievementSchema, 'The achievement'), ...errorResponses },
    }),
    async (c) => {
      const { issuerId, achievementId } = c.req.valid('param');
      const principal = authorize(c, 'admin', issuerId);
      return c.json(await issuesUnder('rules', ['INVALID_RULES'], () => updateAchievement(deps, principal.actor, issuerId, achievementId, c.req.valid('json'))), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post', path: '/v1/issuers/{issuerId}/achievements/{achievementId}/archive', operationId: 'archiveAchievement', tags, security,
      summary: 'Archive an achievement: nothing new is issued for it; issued credentials are untouched',
      request: { params: achievementParams }, responses: { 200: json(achievementSchema, 'The archived achievement'), ...errorResponses },
    }),
    async (c) => {
      const { issuerId, achievementId } = c.req.valid('param');
      const principal = authorize(c, 'admin', issuerId);
      return c.json(await archiveAchievement(deps, principal.actor, issuerId, achievementId), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get', path: '/v1/issuers/{issuerId}/achievements/{achievementId}/rule-versions', operationId: 'listRuleVersions', tags, security,
      summary: "Every version of an achievement's rules, oldest first",
      request: { params: achievementParams }, responses: { 200: json(z.array(ruleVersionSchema), 'Rule versions'), ...errorResponses },
    }),
    async (c) => {
      const { issuerId, achievementId } = c.req.valid('param');
      authorizeAchievement(c, 'read', await getAchievement(deps, issuerId, achievementId));
      return c.json(await achievementRuleVersions(deps, issuerId, achievementId), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post', path: '/v1/issuers/{issuerId}/achievements/{achievementId}/dry-run', operationId: 'dryRunRules', tags, security,
      summary: 'If these rules were live, who would earn it now? (reads only)',
      description: 'Evaluates `rules` (default: the live ones) over the latest stored completion record per learner and course. Issues and changes nothing.',
      request: {
        params: achievementParams,
        body: { required: false, content: { 'application/json': { schema: z.strictObject({ rules: z.record(z.string(), z.unknown()).optional(), sampleSize: z.number().int().min(0).max(100).optional() }) } } },
      },
      responses: { 200: json(dryRunSchema, 'Counts and a sample of learners'), ...errorResponses },
    }),
    async (c) => {
      const { issuerId, achievementId } = c.req.valid('param');
      authorizeAchievement(c, 'read', await getAchievement(deps, issuerId, achievementId));
      const body = c.req.header('content-length') === '0' ? {} : (c.req.valid('json') ?? {});
      return c.json(await issuesUnder('rules', ['INVALID_RULES'], () => dryRunRules(deps, issuerId, achievementId, body)), 200);
    },
  );
}
