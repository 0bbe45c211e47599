import type { ClaimLinks } from './urls.js';

export interface ClaimPageView {
  achievementName: string;
  issuerName: string;
  learnerName: string | undefined;
  expiresAt: string;
  state: 'open' | 'claimed' | 'expired';
  txCodeRequired: boolean;
  links: ClaimLinks;
  qr: { lcw: { svg: string; png: string }; oid4vci: { svg: string; png: string } };
}

const escape = (text: string) => text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/**
 * The learner's claim page: what the credential is, and, in plain words, how
 * to put it in a wallet: scan a QR code with the phone, or tap a button on
 * the phone itself. Plain HTML and CSS, no script, readable by screen readers.
 */
export function renderClaimPage(view: ClaimPageView): string {
  const title = `Claim your credential: ${view.achievementName}`;
  const { links, qr } = view;
  const body =
    view.state === 'claimed'
      ? '<p class="notice">This credential has already been added to a wallet. Each claim link works once.</p>'
      : view.state === 'expired'
        ? '<p class="notice">This claim link has expired. Ask your institution for a new one.</p>'
        : `
<p>Keep this credential in a digital wallet on your phone. It proves the achievement to anyone, without them having to contact ${escape(view.issuerName)}. The link works once, until ${escape(new Date(view.expiresAt).toUTCString())}.</p>
<div class="ways">
  <section aria-labelledby="lcw-title">
    <h2 id="lcw-title">Learner Credential Wallet</h2>
    <ol>
      <li>Install the Learner Credential Wallet app.</li>
      <li>On a computer: open the app and scan this code. On your phone: tap the button.</li>
    </ol>
    <img class="qr" id="qr-lcw" src="${qr.lcw.png}" width="240" height="240" alt="QR code that opens the Learner Credential Wallet to claim this credential">
    <p><a class="button" id="link-lcw" href="${escape(links.lcwDeepLink)}">Open in Learner Credential Wallet</a></p>
  </section>
  <section aria-labelledby="oid4vci-title">
    <h2 id="oid4vci-title">Other wallets (OpenID4VCI)</h2>
    <ol>
      <li>Open your wallet app and choose to scan or add a credential.</li>
      <li>Scan this code, or on your phone tap the button.</li>
      ${view.txCodeRequired ? '<li>When the wallet asks for a code, type the six-digit code you were sent with this link.</li>' : ''}
    </ol>
    <img class="qr" id="qr-oid4vci" src="${qr.oid4vci.png}" width="240" height="240" alt="QR code with the credential offer for OpenID4VCI wallets">
    <p><a class="button" id="link-oid4vci" href="${escape(links.credentialOfferUri)}">Open in my wallet</a></p>
  </section>
</div>
<details><summary>Links for developers</summary><dl>
  <dt>VC-API exchange</dt><dd><code>${escape(links.exchangeUrl)}</code></dd>
  <dt>Learner Credential Wallet deep link</dt><dd><code id="deep-link">${escape(links.lcwDeepLink)}</code></dd>
</dl></details>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${escape(title)}</title>
<style>
body{font-family:system-ui,sans-serif;max-width:60rem;margin:0 auto;padding:1.5rem;color:#1a1a1a;line-height:1.5}
h1{font-size:1.6rem}.ways{display:flex;flex-wrap:wrap;gap:2rem}.ways section{flex:1 1 18rem;border:1px solid #bbb;border-radius:.5rem;padding:1rem}
.qr{display:block;margin:.5rem 0;image-rendering:pixelated}.button{display:inline-block;background:#1f4e3d;color:#fff;padding:.6rem 1rem;border-radius:.4rem;text-decoration:none}
.button:focus{outline:3px solid #e0a100;outline-offset:2px}.notice{font-size:1.2rem;padding:1rem;background:#f4f0e0;border-radius:.4rem}code{word-break:break-all}
</style></head>
<body><main>
<h1>${escape(title)}</h1>
<p class="summary"><strong>${escape(view.achievementName)}</strong>, issued by <strong>${escape(view.issuerName)}</strong>${view.learnerName ? ` to <strong>${escape(view.learnerName)}</strong>` : ''}.</p>
${body}
</main></body></html>`;
}
