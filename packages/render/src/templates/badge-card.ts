import { tierLabel } from '../i18n.js';
import { html } from '../html.js';
import { criteria, facts, logo, signatories } from './parts.js';
import type { CertificateTemplate } from './template.js';

/** A compact card with the badge image beside the details: suits skills badges more than diplomas. */
export const badgeCardTemplate: CertificateTemplate = {
  id: 'badge-card',
  label: 'Badge card',
  render: (input) => {
    const { certificate, t } = input;
    return html`<article class="certificate badge-card" aria-labelledby="achievement-name">
  <div class="badge">${input.badge}</div>
  <div class="details">
    ${logo(input)}
    <h1 id="achievement-name" class="achievement" data-field="achievement">${certificate.achievementName}</h1>
    ${certificate.tier ? html`<p class="tier">${t.tier}: ${tierLabel(certificate.tier, t)}</p>` : ''}
    <p>${t.awardedTo} <strong class="learner" data-field="learner">${certificate.learnerName}</strong></p>
    ${certificate.achievementDescription ? html`<p class="description">${certificate.achievementDescription}</p>` : ''}
    ${facts(input)}
    ${criteria(input)}
    ${signatories(certificate, t)}
  </div>
  <figure class="qr">${input.qr}<figcaption>${t.verifyAt} <a href="${certificate.credentialId}" dir="ltr">${certificate.credentialId}</a></figcaption></figure>
</article>`;
  },
  css: `
.badge-card { display: grid; grid-template-columns: 200px minmax(0, 1fr); gap: 1.5rem; max-width: 820px; margin: 0 auto; padding: 1.5rem;
  border-radius: 12px; border: 2px solid var(--primary); background: var(--background); }
.badge-card .badge svg, .badge-card .badge img { width: 100%; height: auto; }
.badge-card .achievement { margin-top: 0; color: var(--primary); overflow-wrap: break-word; }
.badge-card .criteria { margin-inline: 0; }
.badge-card .criteria h2 { font-size: 1rem; }
.badge-card .qr { grid-column: 1 / -1; }
/* A phone: one column, the badge above the details (a 200 px column left ~100 px for text). */
@media (max-width: 600px) {
  .badge-card { grid-template-columns: minmax(0, 1fr); padding: 1rem; gap: 1rem; }
  .badge-card .badge { max-width: 160px; margin: 0 auto; }
}
`,
};
