import type { CertificateData } from '../certificate-data.js';
import { html, type SafeHtml } from '../html.js';
import { formatDate } from '../i18n.js';
import type { TemplateInput } from './template.js';

/** The facts every template lists: issuer, date, grade, id. */
export function facts({ certificate, locale, t }: TemplateInput): SafeHtml {
  return html`<dl class="facts">
  <div><dt>${t.issuedBy}</dt><dd>${certificate.issuerUrl ? html`<a href="${certificate.issuerUrl}">${certificate.issuerName}</a>` : certificate.issuerName}</dd></div>
  <div><dt>${t.issuedOn}</dt><dd><time datetime="${certificate.issuedOn}">${formatDate(certificate.issuedOn, locale)}</time></dd></div>
  ${certificate.grade ? html`<div><dt>${t.grade}</dt><dd>${certificate.grade}%</dd></div>` : ''}
  <div><dt>${t.credentialId}</dt><dd class="credential-id">${certificate.credentialId}</dd></div>
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
