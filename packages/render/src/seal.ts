import { html, type SafeHtml } from './html.js';
import { formatDateTime, type Locale, type Messages } from './i18n.js';

export type SealStatus = 'valid' | 'revoked' | 'suspended' | 'invalid' | 'unknown';

export interface Seal {
  status: SealStatus;
  /** When this verification ran (each view verifies afresh). */
  checkedAt: string;
}

const WORDS: Record<SealStatus, keyof Messages> = {
  valid: 'sealValid',
  revoked: 'sealRevoked',
  suspended: 'sealSuspended',
  invalid: 'sealInvalid',
  unknown: 'sealUnknown',
};

const ICONS: Record<SealStatus, string> = { valid: '✔', revoked: '✘', suspended: '⏸', invalid: '✘', unknown: '?' };

export function sealHtml(seal: Seal, t: Messages, locale: Locale): SafeHtml {
  return html`<section class="seal seal-${seal.status}" role="status" aria-live="polite" data-seal="${seal.status}">
  <span aria-hidden="true">${ICONS[seal.status]}</span>
  <span>${t[WORDS[seal.status]]} <small>(${t.checkedAt} <time datetime="${seal.checkedAt}">${formatDateTime(seal.checkedAt, locale)}</time>)</small></span>
</section>`;
}
