import { badgeSvg } from './badge-image.js';
import type { CertificateData } from './certificate-data.js';
import { html, trusted, type SafeHtml } from './html.js';
import { fill, formatDate, messages, tierLabel, type Locale } from './i18n.js';
import { page } from './layout.js';
import { linkedInAddToProfileUrl } from './linkedin.js';
import { PREVIEW_HEIGHT, PREVIEW_WIDTH } from './preview-image.js';
import { qrSvg } from './qr.js';
import { sealHtml, type Seal } from './seal.js';
import { templateFor } from './templates/index.js';
import type { Theme } from './theme.js';

export interface CertificateLinks {
  json: string;
  pdf: string;
  png: string;
  svg: string;
  /** The Open Graph preview image (PREVIEW_WIDTH × PREVIEW_HEIGHT PNG). */
  preview: string;
  /** The wallet claim page, when the credential can be claimed. */
  wallet?: string;
}

export interface CertificatePageInput {
  certificate: CertificateData;
  templateId?: string | null;
  theme: Theme;
  locale: Locale;
  seal: Seal;
  links: CertificateLinks;
}

/** The badge a template shows: the achievement's image when it has one, else our medal. */
function badgeMarkup(input: CertificatePageInput): SafeHtml {
  const { certificate, theme, locale } = input;
  const alt = `${messages(locale).badgeAlt} ${certificate.achievementName}`;
  return certificate.imageUrl ? html`<img src="${certificate.imageUrl}" alt="${alt}">` : trusted(badgeSvg({ name: certificate.achievementName, ...(certificate.tier ? { tier: tierLabel(certificate.tier, messages(locale)) } : {}), issuerName: certificate.issuerName }, theme));
}

/** The public certificate page: themed template, live seal, QR code, share and download links. */
export function renderCertificatePage(input: CertificatePageInput): string {
  const { certificate, theme, locale, links } = input;
  const t = messages(locale);
  const template = templateFor(input.templateId);
  const pageUrl = certificate.credentialId;
  const body = html`${sealHtml(input.seal, t, locale)}
${template.render({ certificate, theme, locale, t, qr: trusted(qrSvg(pageUrl, { label: t.qrLabel })), badge: badgeMarkup(input) })}
<nav class="actions" aria-label="${t.actions}">
  <h2>${t.actions}</h2>
  <ul>
    <li><a href="${linkedInAddToProfileUrl(certificate, pageUrl)}" rel="noopener">${t.addToLinkedIn}</a></li>
    <li><a href="${links.pdf}" download>${t.downloadPdf}</a></li>
    <li><a href="${links.json}" download>${t.downloadJson}</a></li>
    <li><a href="${links.png}" download>${t.downloadBadge} (PNG)</a></li>
    <li><a href="${links.svg}" download>${t.downloadBadge} (SVG)</a></li>
    ${links.wallet ? html`<li><a href="${links.wallet}">${t.addToWallet}</a></li>` : ''}
  </ul>
</nav>`;
  const who = certificate.learnerName ? `${certificate.learnerName} — ` : '';
  return page({
    head: {
      title: `${who}${certificate.achievementName}`,
      description: `${certificate.achievementName}${certificate.tier ? ` (${tierLabel(certificate.tier, t)})` : ''} · ${certificate.issuerName}`,
      openGraph: { url: pageUrl, image: { url: links.preview, width: PREVIEW_WIDTH, height: PREVIEW_HEIGHT, alt: `${who}${certificate.achievementName} · ${certificate.issuerName}` } },
    },
    locale,
    theme,
    css: template.css,
    body,
  });
}

/**
 * What a revoked credential's URL shows: that it was revoked, and nothing of
 * what it said. One replaced after a correction says so, and when, so the
 * old link does not read as fraud.
 */
export function renderRevokedPage(locale: Locale, options: { replacedOn?: string } = {}): string {
  const t = messages(locale);
  const replaced = options.replacedOn !== undefined;
  const title = replaced ? t.replacedTitle : t.revokedTitle;
  return page({
    head: { title, noindex: true },
    locale,
    body: html`<section class="seal ${replaced ? 'seal-replaced' : 'seal-revoked'}" role="status" data-seal="${replaced ? 'replaced' : 'revoked'}"><span aria-hidden="true">${replaced ? '↻' : '✘'}</span><span>${replaced ? t.sealReplaced : t.sealRevoked}</span></section>
<h1>${title}</h1>
<p>${replaced ? fill(t.replacedBody, { date: formatDate(options.replacedOn!, locale) }) : t.revokedBody}</p>
<p>${t.revokedNextStep}</p>`,
  });
}
