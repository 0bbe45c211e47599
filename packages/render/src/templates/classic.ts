import { tierLabel } from '../i18n.js';
import { html } from '../html.js';
import { achievementImage, criteria, facts, logo, signatories } from './parts.js';
import type { CertificateTemplate } from './template.js';

/** A landscape certificate with a double border, as a framed paper certificate looks. */
export const classicTemplate: CertificateTemplate = {
  id: 'classic',
  label: 'Classic landscape certificate',
  render: (input) => {
    const { certificate, t } = input;
    return html`<article class="certificate classic" aria-labelledby="achievement-name">
  <header>${logo(input)}${achievementImage(input)}<p class="kicker">${t.certificateOf}</p></header>
  <p>${t.awardedTo}</p>
  <p class="learner" data-field="learner">${certificate.learnerName}</p>
  <p>${t.hasEarned}</p>
  <h1 id="achievement-name" class="achievement" data-field="achievement">${certificate.achievementName}</h1>
  ${certificate.tier ? html`<p class="tier">${t.tier}: ${tierLabel(certificate.tier, t)}</p>` : ''}
  ${certificate.achievementDescription ? html`<p class="description">${certificate.achievementDescription}</p>` : ''}
  ${facts(input)}
  ${criteria(input)}
  ${signatories(certificate, t)}
  <figure class="qr">${input.qr}<figcaption>${t.verifyAt} <a href="${certificate.credentialId}" dir="ltr">${certificate.credentialId}</a></figcaption></figure>
</article>`;
  },
  css: `
.classic { aspect-ratio: 1.414; max-width: 960px; margin: 0 auto; padding: 2.5rem 3rem; text-align: center;
  border: 6px double var(--primary); outline: 2px solid var(--accent); outline-offset: -14px; background: var(--background); }
.classic header { display: flex; flex-wrap: wrap; justify-content: center; align-items: center; gap: 1rem; }
.classic header .kicker { flex-basis: 100%; }
.classic .criteria h2 { font-size: 1rem; }
.classic .kicker { text-transform: uppercase; letter-spacing: .2em; color: var(--primary); font-weight: bold; }
.classic .learner { font-size: 2.4rem; margin: .3em 0; color: var(--primary); }
.classic .achievement { font-size: 2rem; margin: .3em 0; }
.classic .facts { display: flex; flex-wrap: wrap; justify-content: center; gap: .5rem 2rem; }
.classic .qr { position: relative; margin: 1rem auto 0; }
/* The inner outline sits 14 px inside the border: content keeps clear of both at every width. */
@media (max-width: 600px) {
  .classic { aspect-ratio: auto; padding: 1.75rem 1.25rem; }
  .classic .learner { font-size: 1.75rem; }
  .classic .achievement { font-size: 1.5rem; }
}
`,
};
