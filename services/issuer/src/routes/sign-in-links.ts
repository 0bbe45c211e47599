import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { createSignInLink, getLearner, type IssuanceDeps } from '@laurel/issuance';
import { authorize, type AuthVariables } from '../auth.js';
import { errorResponses, idParam, json, security } from './common.js';

/** For the LMS or issuer: a single-use link that signs a learner in to their record (to send by email). */
export function registerSignInLinkRoutes(app: OpenAPIHono<{ Variables: AuthVariables }>, deps: IssuanceDeps): void {
  app.openapi(
    createRoute({
      method: 'post', path: '/v1/learners/{learnerId}/sign-in-links', tags: ['Completions and learners'], security,
      summary: 'A single-use sign-in link to the learner\'s record (valid 15 minutes)',
      request: { params: idParam('learnerId'), body: { required: false, content: { 'application/json': { schema: z.strictObject({}) } } } },
      responses: { 201: json(z.object({ url: z.string(), expiresAt: z.string() }), 'The link, shown once'), ...errorResponses },
    }),
    async (c) => {
      const { learnerId } = c.req.valid('param');
      const learner = await getLearner(deps, undefined, learnerId);
      const principal = authorize(c, 'issue', learner.issuerId);
      return c.json(await createSignInLink(deps, principal.actor, learner), 201);
    },
  );
}
