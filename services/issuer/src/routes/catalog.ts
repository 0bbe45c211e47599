import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { catalogDefaultsSchema, getCatalogDefaults, putCatalogDefaults, type IssuanceDeps } from '@laurel/issuance';
import { authorize, type AuthVariables } from '../auth.js';
import { errorResponses, idParam, json, security } from './common.js';

const tags = ['LMS course catalog'];

const storedDefaultsSchema = z
  .object({
    defaults: catalogDefaultsSchema,
    source: z.enum(['issuer', 'built-in']).openapi({ description: 'built-in: the issuer has set none; one achievement per course, earned on the LMS\'s passed flag' }),
    updatedAt: z.string().optional(),
    updatedBy: z.string().optional(),
  })
  .openapi('CatalogDefaults');

/** Per-issuer defaults of the catalog sync (`laurel lms catalog sync`, LMS_CATALOG_SYNC_INTERVAL_MS). */
export function registerCatalogRoutes(app: OpenAPIHono<{ Variables: AuthVariables }>, deps: IssuanceDeps): void {
  app.openapi(
    createRoute({
      method: 'get', path: '/v1/issuers/{issuerId}/catalog-defaults', operationId: 'getCatalogDefaults', tags, security,
      summary: 'What the catalog sync creates for a new LMS course (tiers with their rules, template, theme)',
      request: { params: idParam('issuerId') },
      responses: { 200: json(storedDefaultsSchema, 'The defaults in force'), ...errorResponses },
    }),
    async (c) => {
      const { issuerId } = c.req.valid('param');
      authorize(c, 'admin', issuerId);
      return c.json(await getCatalogDefaults(deps, issuerId), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'put', path: '/v1/issuers/{issuerId}/catalog-defaults', operationId: 'putCatalogDefaults', tags, security,
      summary: 'Set what the catalog sync creates for a new LMS course',
      description:
        'One achievement per tier for each course the LMS lists that has no achievement yet. `name` may hold `{course}`, the course\'s name in the LMS. ' +
        'Tier rules are checked like an achievement\'s (problems name `tiers[i].rules.<field>`). Courses synced before keep their achievements.',
      request: { params: idParam('issuerId'), body: { required: true, content: { 'application/json': { schema: catalogDefaultsSchema } } } },
      responses: { 200: json(storedDefaultsSchema, 'The defaults now in force'), ...errorResponses },
    }),
    async (c) => {
      const { issuerId } = c.req.valid('param');
      const principal = authorize(c, 'admin', issuerId);
      return c.json(await putCatalogDefaults(deps, principal.actor, issuerId, c.req.valid('json')), 200);
    },
  );
}
