import type { Context } from 'hono';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { certificateRecord, credentialUrl, publicCredential, type CertificateRecord, type IssuanceDeps } from '@laurel/issuance';
import { problem, problemResponse } from '@laurel/http-kit';
import {
  acceptLanguages, badgePng, badgeSvg, bakePng, bakeSvg, certificateFromCredential, pickLocale, renderCertificatePage, renderCertificatePdf,
  renderRevokedPage, resolveTheme, signatoriesFrom, type Locale,
} from '@laurel/render';
import { PAGE_HEADERS, prefersHtml } from './negotiate.js';

const FILE = /^([A-Za-z0-9-]{1,128})(?:\.(json|pdf|png|svg))?$/;

/** The shown form of a credential: the achievement's template and theme, in the right language. */
function presentation(record: CertificateRecord, c: Context): { locale: Locale; theme: ReturnType<typeof resolveTheme> } {
  // The achievement's own theme, else the one its issuer set for all its achievements.
  const theme = resolveTheme(record.achievement.theme ?? record.issuer.theme, record.issuer.imageUrl);
  const locale = pickLocale(theme.locale, c.req.query('lang'), record.learner.locale, record.issuer.locale, ...acceptLanguages(c.req.header('accept-language')));
  return { locale, theme };
}

/** The achievement's own image when it is an inline PNG/SVG we can bake into; else our medal. */
function badgeImage(record: CertificateRecord, format: 'png' | 'svg', theme: ReturnType<typeof resolveTheme>): Buffer | string {
  const match = /^data:image\/(png|svg\+xml);base64,(.+)$/.exec(record.achievement.imageUrl ?? '');
  if (match?.[1] === 'png' && format === 'png') return Buffer.from(match[2]!, 'base64');
  if (match?.[1] === 'svg+xml' && format === 'svg') return Buffer.from(match[2]!, 'base64').toString('utf8');
  return format === 'png' ? badgePng(theme) : badgeSvg(record.achievement.name, theme, record.achievement.tier ?? undefined);
}

/**
 * A credential's public URL: the signed JSON for machines, the certificate
 * page for people (verified afresh on every view), and `.pdf`, `.png`,
 * `.svg` renderings that carry the signed credential inside them.
 */
export function registerCertificatePages(app: OpenAPIHono, deps: IssuanceDeps): void {
  // One route for every form: `{credentialId}` may end in .json, .pdf, .png or .svg.
  app.get('/credentials/:credentialId', async (c) => {
    const match = FILE.exec(c.req.param('credentialId'));
    if (!match) return problemResponse(c, problem(404, 'NOT_FOUND', 'No such credential.'));
    const [, id = '', extension] = match;
    const format = extension ?? (prefersHtml(c.req.header('accept')) ? 'html' : 'json');

    if (format === 'json') {
      const credential = await publicCredential(deps, id);
      if (!credential) return problemResponse(c, problem(404, 'NOT_FOUND', 'No such credential.'));
      if ('revoked' in credential) return problemResponse(c, problem(410, 'REVOKED', 'This credential was revoked by its issuer.'));
      const download: Record<string, string> = extension ? { 'content-disposition': `attachment; filename="credential-${id}.json"` } : {};
      return c.json(credential.document, 200, { 'content-type': 'application/ld+json', 'access-control-allow-origin': '*', ...download });
    }

    const record = await certificateRecord(deps, id);
    if ('revoked' in record) {
      if (format !== 'html') return problemResponse(c, problem(410, 'REVOKED', 'This credential was revoked by its issuer.'));
      return c.body(renderRevokedPage(pickLocale(...acceptLanguages(c.req.header('accept-language')))), 410, { ...PAGE_HEADERS, 'cache-control': 'no-store' });
    }
    const { locale, theme } = presentation(record, c);
    const certificate = certificateFromCredential(record.credential.document, signatoriesFrom(record.achievement.signatories));
    const base = credentialUrl(deps.urls, id);

    if (format === 'html') {
      const page = renderCertificatePage({
        certificate, locale, theme, templateId: record.achievement.template ?? record.issuer.defaultTemplate,
        seal: { status: record.status, checkedAt: record.checkedAt },
        // The claim flow (issue 6) answers /credentials/{id}/claim by sending the learner to /claim/{token}.
        links: { json: `${base}.json`, pdf: `${base}.pdf`, png: `${base}.png`, svg: `${base}.svg`, wallet: `${base}/claim` },
      });
      // The seal is live: never cache the page.
      return c.body(page, 200, { ...PAGE_HEADERS, 'cache-control': 'no-store' });
    }
    const disposition = (type: string) => ({ 'content-disposition': `inline; filename="certificate-${id}.${type}"`, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
    if (format === 'pdf') {
      const pdf = await renderCertificatePdf({ certificate, theme, locale, credential: record.credential.document });
      return c.body(pdf as Uint8Array<ArrayBuffer>, 200, { 'content-type': 'application/pdf', ...disposition('pdf') });
    }
    if (format === 'png') {
      return c.body(new Uint8Array(bakePng(badgeImage(record, 'png', theme) as Buffer, record.credential.document)), 200, { 'content-type': 'image/png', ...disposition('png') });
    }
    return c.body(bakeSvg(badgeImage(record, 'svg', theme) as string, record.credential.document), 200, {
      'content-type': 'image/svg+xml; charset=utf-8', 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'", ...disposition('svg'),
    });
  });
}
