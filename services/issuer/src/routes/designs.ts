import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { DesignService } from '@laurel/asset-store';
import { certificatePreview, type IssuanceDeps } from '@laurel/issuance';
import { acceptLanguages, certificateFromCredential, pickLocale, renderDesignHtml, renderDesignPdf, signatoriesFrom, translateCertificate, type CertificateData } from '@laurel/render';
import { authorize, type AuthVariables } from '../auth.js';
import { assetPath } from './assets.js';
import { anyObject, errorResponses, idParam, json, security } from './common.js';
import { PAGE_HEADERS } from './negotiate.js';

const tags = ['Assets and designs'];

const designInput = z
  .object({
    name: z.string().openapi({ description: 'For people choosing a design.' }),
    design: anyObject.openapi({ description: 'A laurel-design/1 document (see docs/operators.md, "Certificate designs"); errors name the failing field, e.g. `design.pages[0].elements[2].font`.' }),
  })
  .openapi('CertificateDesignInput');

const designSchema = z
  .object({ id: z.string(), issuerId: z.string(), name: z.string(), design: anyObject, createdAt: z.string(), updatedAt: z.string() })
  .openapi('CertificateDesign');

const choiceInput = z.object({ designId: z.string().min(1).max(128).nullable().openapi({ description: 'null: back to the fallback (the issuer’s design, then the built-in templates).' }) }).openapi('CertificateDesignChoice');

/** Sample data for a design preview without an achievement: obviously not a credential. */
function sampleCertificate(name: string | undefined): CertificateData {
  return {
    credentialId: 'https://example.org/credentials/sample',
    learnerName: name ?? 'Alex Sample',
    achievementName: 'Sample achievement',
    achievementDescription: 'What the learner achieved, as the achievement describes it.',
    tier: 'Completion',
    issuerName: 'Sample issuer',
    issuedOn: '2026-01-15T00:00:00Z',
    signatories: [{ name: 'Sam Signer', title: 'Director' }],
  };
}

export function registerDesignRoutes(app: OpenAPIHono<{ Variables: AuthVariables }>, deps: IssuanceDeps, designs: DesignService): void {
  const issuerParam = idParam('issuerId');
  const designParam = issuerParam.extend(idParam('designId').shape);

  app.openapi(
    createRoute({
      method: 'post', path: '/v1/issuers/{issuerId}/designs', operationId: 'createCertificateDesign', tags, security, summary: 'Add a certificate design (laurel-design/1)',
      request: { params: issuerParam, body: { required: true, content: { 'application/json': { schema: designInput } } } },
      responses: { 201: json(designSchema, 'The stored design'), ...errorResponses },
    }),
    async (c) => {
      const { issuerId } = c.req.valid('param');
      authorize(c, 'admin', issuerId);
      return c.json(await designs.create(issuerId, c.req.valid('json')), 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get', path: '/v1/issuers/{issuerId}/designs', operationId: 'listCertificateDesigns', tags, security, summary: "The issuer's certificate designs, oldest first",
      request: { params: issuerParam },
      responses: { 200: json(z.object({ items: z.array(designSchema) }).openapi('CertificateDesignList'), 'The designs'), ...errorResponses },
    }),
    async (c) => {
      const { issuerId } = c.req.valid('param');
      authorize(c, 'read', issuerId);
      return c.json({ items: await designs.list(issuerId) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get', path: '/v1/issuers/{issuerId}/designs/{designId}', operationId: 'getCertificateDesign', tags, security, summary: 'A certificate design',
      request: { params: designParam }, responses: { 200: json(designSchema, 'The design'), ...errorResponses },
    }),
    async (c) => {
      const { issuerId, designId } = c.req.valid('param');
      authorize(c, 'read', issuerId);
      return c.json(await designs.get(issuerId, designId), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'put', path: '/v1/issuers/{issuerId}/designs/{designId}', operationId: 'updateCertificateDesign', tags, security, summary: 'Replace a certificate design',
      request: { params: designParam, body: { required: true, content: { 'application/json': { schema: designInput } } } },
      responses: { 200: json(designSchema, 'The updated design'), ...errorResponses },
    }),
    async (c) => {
      const { issuerId, designId } = c.req.valid('param');
      authorize(c, 'admin', issuerId);
      return c.json(await designs.update(issuerId, designId, c.req.valid('json')), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete', path: '/v1/issuers/{issuerId}/designs/{designId}', operationId: 'deleteCertificateDesign', tags, security,
      summary: 'Delete a certificate design (achievements that chose it fall back)',
      request: { params: designParam }, responses: { 204: { description: 'Deleted' }, ...errorResponses },
    }),
    async (c) => {
      const { issuerId, designId } = c.req.valid('param');
      authorize(c, 'admin', issuerId);
      await designs.remove(issuerId, designId);
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: 'put', path: '/v1/issuers/{issuerId}/certificate-design', operationId: 'chooseIssuerCertificateDesign', tags, security,
      summary: "Choose the design of the issuer's certificate PDFs",
      request: { params: issuerParam, body: { required: true, content: { 'application/json': { schema: choiceInput } } } },
      responses: { 200: json(choiceInput, 'The choice'), ...errorResponses },
    }),
    async (c) => {
      const { issuerId } = c.req.valid('param');
      authorize(c, 'admin', issuerId);
      const { designId } = c.req.valid('json');
      await designs.choose(issuerId, null, designId);
      return c.json({ designId }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'put', path: '/v1/issuers/{issuerId}/achievements/{achievementId}/certificate-design', operationId: 'chooseAchievementCertificateDesign', tags, security,
      summary: "Choose the design of one achievement's certificate PDFs (over the issuer's)",
      request: { params: issuerParam.extend(idParam('achievementId').shape), body: { required: true, content: { 'application/json': { schema: choiceInput } } } },
      responses: { 200: json(choiceInput, 'The choice'), ...errorResponses },
    }),
    async (c) => {
      const { issuerId, achievementId } = c.req.valid('param');
      authorize(c, 'admin', issuerId);
      const { designId } = c.req.valid('json');
      await designs.choose(issuerId, achievementId, designId);
      return c.json({ designId }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get', path: '/v1/issuers/{issuerId}/designs/{designId}/preview', operationId: 'previewCertificateDesign', tags, security,
      summary: 'A design drawn with sample data (or an achievement’s sample credential), as HTML or PDF',
      request: {
        params: designParam,
        query: z.object({
          format: z.enum(['html', 'pdf']).default('html'),
          achievementId: z.string().min(1).max(128).optional().openapi({ description: "Draw this achievement's sample credential instead of generic sample data." }),
          name: z.string().trim().min(1).max(100).optional().openapi({ description: 'Sample learner name.' }),
          lang: z.string().max(20).optional(),
        }),
      },
      responses: {
        200: { description: 'The rendering', content: { 'text/html': { schema: z.string() }, 'application/pdf': { schema: z.string().openapi({ format: 'binary' }) } } },
        ...errorResponses,
      },
    }),
    async (c) => {
      const { issuerId, designId } = c.req.valid('param');
      authorize(c, 'read', issuerId);
      const query = c.req.valid('query');
      const { design, assets } = await designs.withAssets(issuerId, designId);
      const locale = pickLocale(query.lang, ...acceptLanguages(c.req.header('accept-language')));
      let certificate = sampleCertificate(query.name);
      if (query.achievementId) {
        const sample = await certificatePreview(deps, issuerId, query.achievementId, { name: query.name });
        certificate = translateCertificate(certificateFromCredential(sample.document, signatoriesFrom(sample.achievement.signatories)), sample.achievement.translations, locale);
      }
      const headers = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };
      if (query.format === 'pdf') return c.body((await renderDesignPdf({ design, assets, certificate, locale })) as Uint8Array<ArrayBuffer>, 200, { 'content-type': 'application/pdf', ...headers });
      return c.body(renderDesignHtml({ design, certificate, locale, assetUrl: (id) => assetPath(issuerId, id) }), 200, { ...PAGE_HEADERS, ...headers });
    },
  );
}
