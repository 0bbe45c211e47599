import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { completionInputSchema, getLearner, learnerPatchSchema, learnerProgress, recordCompletions, updateLearner, type IssuanceDeps } from '@laurel/issuance';
import { authorize, tenantOf, type AuthVariables } from '../auth.js';
import type { IssuedCredentialRef } from '@laurel/badge-platforms';
import { anyObject, errorResponses, idParam, json, security, signingUnavailableResponse } from './common.js';

const tags = ['Completions and learners'];

const completionsBody = z.union([
  z.strictObject({ issuerId: z.string().optional(), records: z.array(completionInputSchema).min(1).max(1000) }),
  completionInputSchema.extend({ issuerId: z.string().optional() }),
]);

/** `nudgeBadges` wakes the badge worker: new or revoked credentials may owe a badge change (new ones only when their achievement is mapped). */
export function registerCompletionRoutes(app: OpenAPIHono<{ Variables: AuthVariables }>, deps: IssuanceDeps & { nudgeBadges?: (issued?: readonly IssuedCredentialRef[]) => void }): void {
  app.openapi(
    createRoute({
      method: 'post', path: '/v1/completions', tags, security,
      summary: 'Report completion records; earned credentials are issued',
      description:
        'One record, or `{ records: [...] }` (up to 1,000). Each record is stored, every achievement it touches is evaluated, and what is newly earned is issued — once: repeating a `sourceEventId`, or earning the same achievement again, issues nothing new. The answer lists what was issued (`issued`, with `claimUrl` when the achievement has `autoOffer`), what was earned again but issued before (`existing`, with the same `claimUrl`, `claimState` open/claimed/expired and `claimExpiresAt`), and the progress on the rest. Each learner is one transaction, credentials, automatic offers and audit rows together: when some learners of a batch fail, the others still count and `failed` names the ones to send again (safe: records are idempotent); when every learner fails, the answer is the error.',
      request: { body: { required: true, content: { 'application/json': { schema: completionsBody } } } },
      responses: { 200: json(anyObject, 'Issued credentials and progress'), ...errorResponses, ...signingUnavailableResponse },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const { principal, issuerId } = tenantOf(c, 'issue', body.issuerId);
      const records = 'records' in body ? body.records : [(({ issuerId: _ignored, ...record }) => record)(body)];
      const outcome = await recordCompletions(deps, principal.actor, issuerId, records);
      if (outcome.issued.length > 0) deps.nudgeBadges?.(outcome.issued);
      return c.json(outcome, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get', path: '/v1/learners/{learnerId}/progress', tags, security, summary: "A learner's progress toward every achievement",
      request: { params: idParam('learnerId') }, responses: { 200: json(anyObject, 'Progress'), ...errorResponses },
    }),
    async (c) => {
      const { learnerId } = c.req.valid('param');
      const learner = await getLearner(deps, undefined, learnerId);
      authorize(c, 'read', learner.issuerId);
      return c.json(await learnerProgress(deps, learner.issuerId, learnerId), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'patch', path: '/v1/learners/{learnerId}', tags, security, summary: 'Update a learner; a new name re-issues their credentials',
      description: 'When the name changes, every active credential is issued again with the new name and the old one is revoked and linked as superseded.',
      request: { params: idParam('learnerId'), body: { required: true, content: { 'application/json': { schema: learnerPatchSchema } } } },
      responses: { 200: json(anyObject, 'The learner and any re-issued credentials'), ...errorResponses },
    }),
    async (c) => {
      const { learnerId } = c.req.valid('param');
      const learner = await getLearner(deps, undefined, learnerId);
      const principal = authorize(c, 'issue', learner.issuerId);
      const updated = await updateLearner(deps, principal.actor, learner.issuerId, learnerId, c.req.valid('json'));
      deps.nudgeBadges?.();
      return c.json(updated, 200);
    },
  );
}
