import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { certificatePreview, type IssuanceDeps } from '@laurel/issuance';
import { badgeImagePng, badgeImageSvg, bakePng, bakeSvg, certificateFromCredential, pickLocale, renderCertificatePage, renderCertificatePdf, loadFontSet, type PdfFontsDeps, resolveTheme, signatoriesFrom, acceptLanguages, translateCertificate } from '@laurel/render';
import { authorize, type AuthVariables } from '../auth.js';
import { errorResponses, idParam, security } from './common.js';
import { PAGE_HEADERS } from './negotiate.js';


/**
 * Certificate preview: the page, PDF and badge image an achievement's
 * credential would have, drawn from an unsigned sample credential (no proof,
 * no status), so nothing shown can pass for a credential. The page's seal
 * says "could not check" for that reason.
 */
export function registerCertificatePreview(app: OpenAPIHono<{ Variables: AuthVariables }>, deps: IssuanceDeps & PdfFontsDeps): void {
  app.openapi(
    createRoute({
      method: 'get', path: '/v1/issuers/{issuerId}/achievements/{achievementId}/preview', operationId: 'previewCertificate', tags: ['Issuers and achievements'], security,
      summary: "Preview an achievement's certificate page, PDF or badge image with sample data",
      request: {
        params: idParam('issuerId').extend(idParam('achievementId').shape),
        query: z.object({
          format: z.enum(['html', 'pdf', 'png', 'svg']).default('html'),
          name: z.string().trim().min(1).max(100).optional().openapi({ description: 'Sample learner name (default "Alex Sample").' }),
          lang: z.string().max(20).optional(),
        }),
      },
      responses: {
        200: {
          description: 'The rendering',
          content: {
            'text/html': { schema: z.string() },
            'application/pdf': { schema: z.string().openapi({ format: 'binary' }) },
            'image/png': { schema: z.string().openapi({ format: 'binary' }) },
            'image/svg+xml': { schema: z.string() },
          },
        },
        ...errorResponses,
      },
    }),
    async (c) => {
      const { issuerId, achievementId } = c.req.valid('param');
      authorize(c, 'read', issuerId);
      return previewResponse(c, deps, issuerId, achievementId, c.req.valid('query'));
    },
  );
}

/** The preview in the format asked for; the caller has authorized reading the issuer's achievements (the API and the console both answer with it). */
export async function previewResponse(c: Context, deps: IssuanceDeps & PdfFontsDeps, issuerId: string, achievementId: string, query: { format: 'html' | 'pdf' | 'png' | 'svg'; name?: string | undefined; lang?: string | undefined }): Promise<Response> {
  const { issuer, achievement, document } = await certificatePreview(deps, issuerId, achievementId, { name: query.name });
  const theme = resolveTheme(achievement.theme ?? issuer.theme, issuer.imageUrl);
  const locale = pickLocale(theme.locale, query.lang, issuer.locale, ...acceptLanguages(c.req.header('accept-language')));
  const signed = certificateFromCredential(document, signatoriesFrom(achievement.signatories));
  // Translations are shown, never signed: the badge artwork keeps the signed name, as issued badges do.
  const certificate = translateCertificate(signed, achievement.translations, locale);
  const headers = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };
  if (query.format === 'pdf') return c.body((await renderCertificatePdf({ certificate, theme, locale, credential: document, fonts: await loadFontSet(deps.pdfFontsModule) })) as Uint8Array<ArrayBuffer>, 200, { 'content-type': 'application/pdf', ...headers });
  const badge = {
    imageUrl: achievement.imageUrl,
    design: { name: signed.achievementName, ...(signed.tier ? { tier: signed.tier } : {}), issuerName: signed.issuerName },
    theme,
  };
  if (query.format === 'png') return c.body(new Uint8Array(bakePng(await badgeImagePng(badge, deps.pdfFontsModule), document)), 200, { 'content-type': 'image/png', ...headers });
  if (query.format === 'svg') return c.body(bakeSvg(badgeImageSvg(badge), document), 200, { 'content-type': 'image/svg+xml; charset=utf-8', 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'", ...headers });
  const page = renderCertificatePage({
    certificate, locale, theme, templateId: achievement.template ?? issuer.defaultTemplate,
    seal: { status: 'unknown', checkedAt: deps.now().toISOString() },
    links: { json: '#', pdf: '#', png: '#', svg: '#', preview: '#', wallet: '#' },
  });
  return c.body(page, 200, { ...PAGE_HEADERS, ...headers });
}

