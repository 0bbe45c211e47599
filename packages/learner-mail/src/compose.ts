import type { EmailKind } from '@laurel/store';
import { escapeHtml, fill, formatDate } from '@laurel/render';
import { mailLocale, mailMessages } from './messages.js';

export interface MailContent {
  kind: EmailKind;
  learnerName: string | null;
  achievementName: string;
  issuerName: string;
  /** The credential's public page. */
  credentialUrl: string;
  /** Issue and re-issue mails: the wallet claim link and until when it works. */
  claim?: { url: string; expiresAt: string };
  /** Revocation mails: the reason recorded with the revocation. */
  reason?: string | null;
  /** Candidates for the language, most wanted first (the learner's, then the issuer's). */
  locales: (string | null | undefined)[];
}

export interface ComposedMail {
  subject: string;
  text: string;
  html: string;
  locale: string;
}

/** The mail as plain text and as simple HTML saying the same thing; values are escaped in the HTML. */
export function composeMail(content: MailContent): ComposedMail {
  const locale = mailLocale(content.locales);
  const m = mailMessages(locale);
  const values = { achievement: content.achievementName, issuer: content.issuerName, name: content.learnerName ?? '' };
  const subject = fill({ issued: m.issuedSubject, reissued: m.reissuedSubject, revoked: m.revokedSubject }[content.kind], values);
  const greeting = content.learnerName ? fill(m.greeting, values) : m.greetingNoName;
  const body = fill({ issued: m.issuedBody, reissued: m.reissuedBody, revoked: m.revokedBody }[content.kind], values);
  const reason = content.kind === 'revoked' && content.reason ? fill(m.revokedReason, { reason: content.reason }) : undefined;
  const claimIntro = content.claim ? fill(m.claimIntro, { date: formatDate(content.claim.expiresAt, locale) }) : undefined;
  const offersWallet = content.kind !== 'revoked';
  const signOff = fill(m.signOff, values);

  const text = [
    greeting,
    '',
    body,
    ...(reason ? ['', reason] : []),
    '',
    `${m.viewCredential}: ${content.credentialUrl}`,
    ...(content.claim && claimIntro ? ['', claimIntro, content.claim.url] : offersWallet ? ['', m.claimExpired] : []),
    '',
    signOff,
    '',
  ].join('\n');

  const e = escapeHtml;
  const html = [
    `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><title>${e(subject)}</title></head>`,
    '<body style="font-family:sans-serif;line-height:1.5;max-width:36em">',
    `<p>${e(greeting)}</p>`,
    `<p>${e(body)}</p>`,
    ...(reason ? [`<p>${e(reason)}</p>`] : []),
    `<p><a href="${e(content.credentialUrl)}">${e(m.viewCredential)}</a></p>`,
    ...(content.claim && claimIntro
      ? [`<p>${e(claimIntro)}</p>`, `<p><a href="${e(content.claim.url)}" style="display:inline-block;padding:.5em 1em;background:#1a4d8f;color:#fff;text-decoration:none;border-radius:4px">${e(m.claimButton)}</a></p>`]
      : offersWallet
        ? [`<p>${e(m.claimExpired)}</p>`]
        : []),
    `<p>${e(signOff)}</p>`,
    '</body></html>',
  ].join('\n');
  return { subject, text, html, locale };
}
