import type { CertificateData } from '../certificate-data.js';
import { html, type SafeHtml } from '../html.js';
import { formatDate, formatPercent } from '../i18n.js';
import type { TemplateInput } from './template.js';
import { criteriaSentences } from '../criteria-sentences.js';

/** The facts every template lists: issuer, date, grade, id. */
export function facts({ certificate, locale, t }: TemplateInput): SafeHtml {
  return html`<dl class="facts">
  <div><dt>${t.issuedBy}</dt><dd>${certificate.issuerUrl ? html`<a href="${certificate.issuerUrl}">${certificate.issuerName}</a>` : certificate.issuerName}</dd></div>
  <div><dt>${t.issuedOn}</dt><dd><time datetime="${certificate.issuedOn}">${formatDate(certificate.issuedOn, locale)}</time></dd></div>
  ${certificate.grade ? html`<div><dt>${t.grade}</dt><dd>${formatPercent(certificate.grade, locale)}</dd></div>` : ''}
  <div><dt>${t.credentialId}</dt><dd class="credential-id" dir="ltr">${certificate.credentialId}</dd></div>
</dl>`;
}

export function signatories(certificate: CertificateData, t: TemplateInput['t']): SafeHtml {
  if (certificate.signatories.length === 0) return html``;
  return html`<ul class="signatories">${certificate.signatories.map(
    (signatory) => html`<li>
    ${signatory.signatureImageUrl ? html`<img class="signature" src="${signatory.signatureImageUrl}" alt="${t.signatureOf} ${signatory.name}">` : ''}
    <span class="signatory-name">${signatory.name}</span>
    ${signatory.title ? html`<span class="signatory-title">${signatory.title}</span>` : ''}
    ${signatory.organization ? html`<span class="signatory-org">${signatory.organization}</span>` : ''}
  </li>`,
  )}</ul>`;
}

export function logo({ theme, certificate, t }: TemplateInput): SafeHtml {
  return theme.logoUrl ? html`<img class="logo" src="${theme.logoUrl}" alt="${t.logoAlt} ${certificate.issuerName}">` : html``;
}

/** The criteria narrative, one sentence per line so it reads as a list of what was asked. */
export function criteria({ certificate, t }: TemplateInput): SafeHtml {
  if (!certificate.criteria) return html``;
  return html`<section class="criteria" aria-labelledby="criteria-heading" data-field="criteria">
  <h2 id="criteria-heading">${t.criteria}</h2>
  ${criteriaSentences(certificate.criteria).map((sentence) => html`<p>${sentence}</p>`)}
</section>`;
}

/** The achievement's own image (a data: or https URL, shown by the browser, never fetched by us). */
export function achievementImage({ certificate, t }: TemplateInput): SafeHtml {
  return certificate.imageUrl ? html`<img class="achievement-image" src="${certificate.imageUrl}" alt="${t.badgeAlt} ${certificate.achievementName}">` : html``;
}
