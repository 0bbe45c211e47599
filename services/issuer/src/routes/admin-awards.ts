import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { awardAchievement, IMPORT_COLUMNS, importAwardsCsv, manualAwardSchema, type IssuanceDeps } from '@laurel/issuance';
import { tenantOf, type AuthVariables } from '../auth.js';
import { errorResponses, json, security } from './common.js';
import { issuerQuery } from './pages.js';

const tags = ['Awards and imports'];

const awardOutcomeSchema = z
  .object({ issued: z.boolean(), credentialId: z.string(), url: z.string(), achievementId: z.string(), learnerId: z.string() })
  .openapi('AwardOutcome');

const importReportSchema = z
  .object({
    rows: z.number().int(),
    issued: z.number().int(),
    existing: z.number().int(),
    duplicate: z.number().int(),
    failed: z.number().int(),
    report: z.array(
      z.object({
        line: z.number().int(),
        rowKey: z.string().nullable(),
        outcome: z.enum(['issued', 'existing', 'duplicate', 'failed']),
        credentialId: z.string().optional(),
        errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
      }),
    ),
  })
  .openapi('ImportReport');

export function registerAwardRoutes(app: OpenAPIHono<{ Variables: AuthVariables }>, deps: IssuanceDeps & { nudgeBadges?: () => void }): void {
  app.openapi(
    createRoute({
      method: 'post', path: '/v1/awards', operationId: 'awardAchievement', tags, security,
      summary: 'Award an achievement without a completion record, with a reason',
      description: 'The reason is kept in the audit log with the `credential.issue` entry. A learner who already holds it gets that credential back (`issued: false`). Archived achievements and issuers refuse (409).',
      request: { query: issuerQuery, body: { required: true, content: { 'application/json': { schema: manualAwardSchema } } } },
      responses: { 201: json(awardOutcomeSchema, 'Issued'), 200: json(awardOutcomeSchema, 'Already held: that credential'), ...errorResponses },
    }),
    async (c) => {
      const { principal, issuerId } = tenantOf(c, 'issue', c.req.valid('query').issuerId);
      const outcome = await awardAchievement(deps, principal.actor, issuerId, c.req.valid('json'));
      if (outcome.issued) deps.nudgeBadges?.();
      return c.json(outcome, outcome.issued ? 201 : 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post', path: '/v1/imports', operationId: 'importAwardsCsv', tags, security,
      summary: 'Import awards from CSV (legacy certificates, offline results), with a per-row report',
      description: `Columns by header: ${IMPORT_COLUMNS.join(', ')} (row_key, achievement and lms_user_id required; achievement is an id or LMS id; issued_at an ISO date-time). Each row is one transaction: a bad row fails alone and the report says why. Importing a row_key again reports \`duplicate\` and issues nothing.`,
      request: { query: issuerQuery, body: { required: true, content: { 'text/csv': { schema: z.string() } } } },
      responses: { 200: json(importReportSchema, 'The per-row report'), ...errorResponses },
    }),
    async (c) => {
      const { principal, issuerId } = tenantOf(c, 'issue', c.req.valid('query').issuerId);
      const report = await importAwardsCsv(deps, principal.actor, issuerId, await c.req.text());
      if (report.issued > 0) deps.nudgeBadges?.();
      return c.json(report, 200);
    },
  );
}
