import { html, type SafeHtml } from './html.js';
import { fill, formatDateTime, messages, type Locale } from './i18n.js';
import { page } from './layout.js';

export interface ClaimPageInput {
  achievementName: string;
  issuerName: string;
  learnerName: string | undefined;
  expiresAt: string;
  state: 'open' | 'claimed' | 'expired';
  txCodeRequired: boolean;
  links: { lcwDeepLink: string; credentialOfferUri: string; exchangeUrl: string };
  /** QR codes as PNG data: URLs. */
  qr: { lcw: { png: string }; oid4vci: { png: string } };
  locale: Locale;
}

const CSS = `
.ways { display: flex; flex-wrap: wrap; gap: 2rem; }
.ways section { flex: 1 1 18rem; min-width: 0; border: 1px solid #bbb; border-radius: .5rem; padding: 1rem; background: #fff; }
.qr-code { display: block; margin: .5rem 0; image-rendering: pixelated; max-width: 100%; height: auto; }
.notice { font-size: 1.2rem; padding: 1rem; background: #f4f0e0; border-radius: .4rem; }
code { word-break: break-all; }
`;

/** A message with {placeholders} filled by values shown in bold (escaped here: the message is ours, the values are not). */
function withBold(message: string, values: Record<string, string>): SafeHtml {
  const parts = message.split(/(\{\w+\})/);
  return html`${parts.map((part) => {
    const name = /^\{(\w+)\}$/.exec(part)?.[1];
    return name !== undefined && values[name] !== undefined ? html`<strong>${values[name]}</strong>` : part;
  })}`;
}

/**
 * The learner's claim page: what the credential is and, in plain words in
 * their language, how to put it in a wallet: scan a QR code with the phone,
 * or tap a button on the phone itself. No script; readable by screen readers.
 */
export function renderClaimPage(input: ClaimPageInput): string {
  const t = messages(input.locale);
  const { links, qr } = input;
  const title = fill(t.claimTitle, { achievement: input.achievementName });
  const names = { achievement: input.achievementName, issuer: input.issuerName, ...(input.learnerName ? { learner: input.learnerName } : {}) };
  const body = input.state === 'claimed'
    ? html`<p class="notice">${t.claimClaimed}</p>`
    : input.state === 'expired'
      ? html`<p class="notice">${t.claimExpired}</p>`
      : html`<p>${fill(t.claimIntro, { issuer: input.issuerName, expires: formatDateTime(input.expiresAt, input.locale) })}</p>
<div class="ways">
  <section aria-labelledby="lcw-title">
    <h2 id="lcw-title">Learner Credential Wallet</h2>
    <ol>
      <li>${t.claimLcwStep1}</li>
      <li>${t.claimLcwStep2}</li>
    </ol>
    <img class="qr-code" id="qr-lcw" src="${qr.lcw.png}" width="240" height="240" alt="${t.claimLcwQrAlt}">
    <p><a class="button" id="link-lcw" href="${links.lcwDeepLink}">${t.claimLcwButton}</a></p>
  </section>
  <section aria-labelledby="oid4vci-title">
    <h2 id="oid4vci-title">${t.claimOtherTitle}</h2>
    <ol>
      <li>${t.claimOtherStep1}</li>
      <li>${t.claimOtherStep2}</li>
      ${input.txCodeRequired ? html`<li>${t.claimTxCode}</li>` : ''}
    </ol>
    <img class="qr-code" id="qr-oid4vci" src="${qr.oid4vci.png}" width="240" height="240" alt="${t.claimOtherQrAlt}">
    <p><a class="button" id="link-oid4vci" href="${links.credentialOfferUri}">${t.claimOtherButton}</a></p>
  </section>
</div>
<details><summary>${t.claimDeveloperLinks}</summary><dl>
  <dt>${t.claimExchange}</dt><dd><code dir="ltr">${links.exchangeUrl}</code></dd>
  <dt>${t.claimDeepLink}</dt><dd><code id="deep-link" dir="ltr">${links.lcwDeepLink}</code></dd>
</dl></details>`;
  return page({
    head: { title, noindex: true },
    locale: input.locale,
    css: CSS,
    body: html`<h1>${title}</h1>
<p class="summary">${withBold(input.learnerName ? t.claimSummaryTo : t.claimSummary, names)}</p>
${body}`,
  });
}
