import type { DesignService } from '@laurel/asset-store';
import type { Context } from 'hono';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { certificateRecord, credentialUrl, publicCredential, type CertificateRecord, type IssuanceDeps, type RevokedCredential } from '@laurel/issuance';
import { problem, problemResponse } from '@laurel/http-kit';
import {
  acceptLanguages, badgeImagePng, badgeImageSvg, bakePng, bakeSvg, certificateFromCredential, pickLocale, renderCertificatePage, renderCertificatePdf, renderDesignPdf, loadFontSet, type PdfFontsDeps,
  renderPreviewPng, renderRevokedPage, resolveTheme, signatoriesFrom, translateCertificate, type BadgeSource, type CertificateData, type Locale, type Theme,
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

/** The achievement's uploaded image (inline PNG, JPEG or SVG), else our design from the signed name, tier and issuer. */
function badgeSource(record: CertificateRecord, certificate: CertificateData, theme: Theme): BadgeSource {
  return {
    imageUrl: record.achievement.imageUrl,
    design: { name: certificate.achievementName, ...(certificate.tier ? { tier: certificate.tier } : {}), issuerName: certificate.issuerName },
    theme,
  };
}

/** 410 for a revoked credential; one replaced after a correction says so (the code stays REVOKED: it is no longer valid either way). */
function goneProblem(revoked: RevokedCredential) {
  return revoked.replacedOn
    ? problem(410, 'REVOKED', `This credential was replaced by its issuer on ${revoked.replacedOn.slice(0, 10)} after a correction; the learner holds the corrected credential.`)
    : problem(410, 'REVOKED', 'This credential was revoked by its issuer.');
}

/**
 * A credential's public URL: the signed JSON for machines, the certificate
 * page for people (verified afresh on every view), and `.pdf`, `.png`,
 * `.svg` renderings that carry the signed credential inside them.
 */
export function registerCertificatePages(app: OpenAPIHono, deps: IssuanceDeps & PdfFontsDeps, designs?: DesignService): void {
  // One route for every form: `{credentialId}` may end in .json, .pdf, .png or .svg.
  app.get('/credentials/:credentialId', async (c) => {
    const match = FILE.exec(c.req.param('credentialId'));
    if (!match) return problemResponse(c, problem(404, 'NOT_FOUND', 'No such credential.'));
    const [, id = '', extension] = match;
    const format = extension ?? (prefersHtml(c.req.header('accept')) ? 'html' : 'json');

    if (format === 'json') {
      const credential = await publicCredential(deps, id);
      if (!credential) return problemResponse(c, problem(404, 'NOT_FOUND', 'No such credential.'));
      if ('revoked' in credential) return problemResponse(c, goneProblem(credential));
      const download: Record<string, string> = extension ? { 'content-disposition': `attachment; filename="credential-${id}.json"` } : {};
      return c.json(credential.document, 200, { 'content-type': 'application/ld+json', 'access-control-allow-origin': '*', ...download });
    }

    const record = await certificateRecord(deps, id);
    if ('revoked' in record) {
      if (format !== 'html') return problemResponse(c, goneProblem(record));
      const locale = pickLocale(c.req.query('lang'), ...acceptLanguages(c.req.header('accept-language')));
      return c.body(renderRevokedPage(locale, record.replacedOn ? { replacedOn: record.replacedOn } : {}), 410, { ...PAGE_HEADERS, 'cache-control': 'no-store' });
    }
    const { locale, theme } = presentation(record, c);
    const signed = certificateFromCredential(record.credential.document, signatoriesFrom(record.achievement.signatories));
    // Pages and PDFs show the achievement in the reader's language when the issuer translated it; badges keep the signed name.
    const certificate = translateCertificate(signed, record.achievement.translations, locale);
    const base = credentialUrl(deps.urls, id);

    if (format === 'html') {
      const page = renderCertificatePage({
        certificate, locale, theme, templateId: record.achievement.template ?? record.issuer.defaultTemplate,
        seal: { status: record.status, checkedAt: record.checkedAt },
        // The claim flow (issue 6) answers /credentials/{id}/claim by sending the learner to /claim/{token}.
        links: { json: `${base}.json`, pdf: `${base}.pdf`, png: `${base}.png`, svg: `${base}.svg`, preview: `${base}/preview.png`, wallet: `${base}/claim` },
      });
      // The seal is live: never cache the page.
      return c.body(page, 200, { ...PAGE_HEADERS, 'cache-control': 'no-store' });
    }
    const disposition = (type: string) => ({ 'content-disposition': `inline; filename="certificate-${id}.${type}"`, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
    if (format === 'pdf') {
      // The issuer's uploaded design for this achievement, when one is chosen (designs.ts); else the built-in layout.
      const chosen = await designs?.forAchievement(record.issuer.id, record.achievement.id);
      const pdf = chosen
        ? await renderDesignPdf({ ...chosen, certificate, locale, credential: record.credential.document })
        : await renderCertificatePdf({ certificate, theme, locale, credential: record.credential.document, fonts: await loadFontSet(deps.pdfFontsModule) });
      return c.body(pdf as Uint8Array<ArrayBuffer>, 200, { 'content-type': 'application/pdf', ...disposition('pdf') });
    }
    if (format === 'png') {
      return c.body(new Uint8Array(bakePng(await badgeImagePng(badgeSource(record, signed, theme), deps.pdfFontsModule), record.credential.document)), 200, { 'content-type': 'image/png', ...disposition('png') });
    }
    return c.body(bakeSvg(badgeImageSvg(badgeSource(record, signed, theme)), record.credential.document), 200, {
      'content-type': 'image/svg+xml; charset=utf-8', 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'", ...disposition('svg'),
    });
  });

  // The link preview (og:image): the certificate at a glance, without the credential inside (it is a picture, not a document).
  app.get('/credentials/:credentialId/preview.png', async (c) => {
    const id = c.req.param('credentialId');
    if (!/^[A-Za-z0-9-]{1,128}$/.test(id)) return problemResponse(c, problem(404, 'NOT_FOUND', 'No such credential.'));
    const record = await certificateRecord(deps, id);
    if ('revoked' in record) return problemResponse(c, goneProblem(record));
    const { locale, theme } = presentation(record, c);
    const certificate = translateCertificate(certificateFromCredential(record.credential.document, signatoriesFrom(record.achievement.signatories)), record.achievement.translations, locale);
    const png = await renderPreviewPng(certificate, theme, locale, record.achievement.imageUrl ?? undefined, deps.pdfFontsModule);
    // Crawlers fetch it once per share; a short cache spares re-rendering, and revocation shows within minutes.
    return c.body(new Uint8Array(png), 200, { 'content-type': 'image/png', 'cache-control': 'public, max-age=300', 'x-content-type-options': 'nosniff' });
  });
}
