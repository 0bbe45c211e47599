import { DEFAULT_LOCALE, pickLocale, type Locale } from '@laurel/render';

/**
 * Every string of a learner mail, per locale, in the way packages/render
 * keeps its catalogue: English is the fallback, and each locale must define
 * every key (the type says so). The locales are render's, so a learner gets
 * mail in the language of their certificate page.
 */
const en = {
  issuedSubject: 'You earned {achievement}',
  reissuedSubject: 'Your credential for {achievement} was corrected',
  revokedSubject: 'Your credential for {achievement} was revoked',
  greeting: 'Hello {name},',
  greetingNoName: 'Hello,',
  issuedBody: '{issuer} has issued you a verifiable credential for {achievement}.',
  reissuedBody: '{issuer} has issued your credential for {achievement} again after a correction (for example, a change of name). It replaces the earlier one, which is no longer valid.',
  revokedBody: '{issuer} has revoked your credential for {achievement}. It is no longer valid.',
  revokedReason: 'Reason given: {reason}',
  viewCredential: 'See your credential',
  claimIntro: 'Add it to your digital wallet with this link (it works until {date}):',
  claimButton: 'Add to wallet',
  claimExpired: 'To add it to a wallet, open your credential and ask your learning platform for a new wallet link.',
  signOff: '— {issuer}',
} as const;

export type MailMessageKey = keyof typeof en;
export type MailMessages = Record<MailMessageKey, string>;

const es: MailMessages = {
  issuedSubject: 'Ha obtenido {achievement}',
  reissuedSubject: 'Se ha corregido su credencial de {achievement}',
  revokedSubject: 'Se ha revocado su credencial de {achievement}',
  greeting: 'Hola, {name}:',
  greetingNoName: 'Hola:',
  issuedBody: '{issuer} le ha emitido una credencial verificable de {achievement}.',
  reissuedBody: '{issuer} ha vuelto a emitir su credencial de {achievement} tras una corrección (por ejemplo, un cambio de nombre). Sustituye a la anterior, que ya no es válida.',
  revokedBody: '{issuer} ha revocado su credencial de {achievement}. Ya no es válida.',
  revokedReason: 'Motivo indicado: {reason}',
  viewCredential: 'Ver su credencial',
  claimIntro: 'Añádala a su billetera digital con este enlace (válido hasta el {date}):',
  claimButton: 'Añadir a la billetera',
  claimExpired: 'Para añadirla a una billetera, abra su credencial y pida a su plataforma de aprendizaje un nuevo enlace.',
  signOff: '— {issuer}',
};

/** Mail is written in fewer languages than pages are shown in; a locale not here falls back as a whole. */
const CATALOG: Partial<Record<Locale, MailMessages>> = { en, es };

/** The first candidate (the learner's, then the issuer's) that mail is written in; English otherwise. */
export function mailLocale(candidates: readonly (string | null | undefined)[]): Locale {
  for (const candidate of candidates) {
    if (!candidate) continue;
    const locale = pickLocale(candidate);
    if (CATALOG[locale] && (locale !== DEFAULT_LOCALE || candidate.toLowerCase().startsWith(DEFAULT_LOCALE))) return locale;
  }
  return DEFAULT_LOCALE;
}

export function mailMessages(locale: Locale): MailMessages {
  return CATALOG[locale] ?? en;
}
