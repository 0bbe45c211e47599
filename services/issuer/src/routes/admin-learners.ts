import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { eraseLearner, getLearner, learnerOverview, listAchievements, queryAuditLog, searchLearners, type IssuanceDeps } from '@laurel/issuance';
import { authorize, reachOf, type AuthVariables } from '../auth.js';
import { errorResponses, idParam, json, security } from './common.js';
import { auditEntrySchema, erasureSchema, learnerOverviewSchema, learnerSchema } from './admin-schemas.js';
import { instant, issuerQuery, listedIssuer, pageQuery, pageRequest, pageSchema } from './pages.js';

const tags = ['Completions and learners'];

export function registerAdminLearnerRoutes(app: OpenAPIHono<{ Variables: AuthVariables }>, deps: IssuanceDeps): void {
  app.openapi(
    createRoute({
      method: 'get', path: '/v1/learners', operationId: 'searchLearners', tags, security,
      summary: "Search an issuer's learners (newest first by default)",
      description: '`q` matches name, email, LMS user id or username (contains, case-insensitive). A course-staff token sees only learners holding a credential of its courses.',
      request: { query: pageQuery.extend(issuerQuery.shape).extend({ q: z.string().max(200).optional() }) },
      responses: { 200: json(pageSchema(learnerSchema, 'LearnerPage'), 'A page of learners'), ...errorResponses },
    }),
    async (c) => {
      const query = c.req.valid('query');
      const issuerId = listedIssuer(c, query.issuerId);
      const achievementIds = await reachOf(c, 'read', issuerId, () => listAchievements(deps, issuerId));
      return c.json(await searchLearners(deps, { issuerId, q: query.q, achievementIds }, pageRequest(query)), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get', path: '/v1/learners/{learnerId}', operationId: 'getLearner', tags, security,
      summary: 'A learner with their completion records, credentials and progress',
      request: { params: idParam('learnerId') }, responses: { 200: json(learnerOverviewSchema, 'The learner'), ...errorResponses },
    }),
    async (c) => {
      const { learnerId } = c.req.valid('param');
      const learner = await getLearner(deps, undefined, learnerId);
      authorize(c, 'read', learner.issuerId);
      const overview = await learnerOverview(deps, learner.issuerId, learnerId);
      // The criteria engine's readonly requirement trees, as the plain JSON they are.
      return c.json({ ...overview, progress: overview.progress.map((entry) => ({ ...entry, requirements: entry.requirements as unknown })) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post', path: '/v1/learners/{learnerId}/erase', operationId: 'eraseLearner', tags, security,
      summary: "Erase a learner's personal data (GDPR/FERPA)",
      description:
        'Removes the profile, completion records, share and sign-in links, wallet DIDs and delivered copies, audit details naming the learner, and the personal parts of stored credential documents. The credentials stay (state and status entries), so they can still be revoked; their public pages answer 404. Cannot be undone.',
      request: { params: idParam('learnerId') }, responses: { 200: json(erasureSchema, 'What was erased'), ...errorResponses },
    }),
    async (c) => {
      const { learnerId } = c.req.valid('param');
      const learner = await getLearner(deps, undefined, learnerId);
      const principal = authorize(c, 'admin', learner.issuerId);
      return c.json(await eraseLearner(deps, principal.actor, learner.issuerId, learnerId), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get', path: '/v1/audit-log', operationId: 'queryAuditLog', tags: ['Audit log'], security,
      summary: 'Query the audit log by actor, action, target and time (newest first by default)',
      description: "An issuer's admin reads its issuer's entries; a global admin may omit issuerId to read every entry.",
      request: {
        query: pageQuery.extend(issuerQuery.shape).extend({
          actor: z.string().max(300).optional().openapi({ description: 'e.g. token:ci-bot, lms:jane, cli' }),
          action: z.string().max(100).optional().openapi({ description: 'e.g. credential.revoke' }),
          targetType: z.string().max(100).optional(),
          targetId: z.string().max(300).optional(),
          from: instant.optional().openapi({ type: 'string', format: 'date-time' }),
          to: instant.optional().openapi({ type: 'string', format: 'date-time' }),
        }),
      },
      responses: { 200: json(pageSchema(auditEntrySchema, 'AuditEntryPage'), 'A page of audit entries'), ...errorResponses },
    }),
    async (c) => {
      const query = c.req.valid('query');
      const principal = authorize(c, 'admin', query.issuerId);
      const issuerId = principal.issuerId ?? query.issuerId;
      const { actor, action, targetType, targetId, from, to } = query;
      return c.json(await queryAuditLog(deps, { issuerId, actor, action, targetType, targetId, from, to }, pageRequest(query)), 200);
    },
  );
}
