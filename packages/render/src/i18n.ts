/**
 * Every string a certificate, record or PDF shows, per locale. English is
 * the fallback for a missing locale; a locale must define every key (the
 * type says so), so a new string cannot be forgotten in one language.
 */
const en = {
  certificateOf: 'Certificate of achievement',
  awardedTo: 'This certifies that',
  hasEarned: 'has successfully earned',
  issuedBy: 'Issued by',
  issuedOn: 'Issued on',
  grade: 'Grade',
  tier: 'Level',
  credentialId: 'Credential ID',
  verifyAt: 'Verify at',
  sealValid: 'Verified: signed by the issuer and not revoked',
  sealRevoked: 'Revoked by the issuer',
  sealSuspended: 'Suspended by the issuer',
  sealInvalid: 'This credential could not be verified',
  sealUnknown: 'The status could not be checked right now',
  checkedAt: 'Checked',
  actions: 'Share and download',
  addToLinkedIn: 'Add to LinkedIn profile',
  downloadJson: 'Download credential (JSON)',
  downloadPdf: 'Download PDF',
  downloadBadge: 'Download badge image',
  addToWallet: 'Add to wallet',
  qrLabel: 'QR code linking to this page',
  revokedTitle: 'Credential revoked',
  revokedBody: 'The issuer has revoked this credential. It is no longer valid.',
  recordTitle: 'Learning record',
  sharedRecordTitle: 'Shared learning record',
  credentials: 'Credentials',
  progress: 'Progress',
  earned: 'Earned',
  inProgress: 'In progress',
  noCredentials: 'No credentials yet.',
  shareLinks: 'Share links',
  wholeRecord: 'Whole record',
  whatToShare: 'What to share',
  createShareLink: 'Create share link',
  revokeShareLink: 'Revoke',
  newShareLink: 'New share link (copy it now: it is shown only once)',
  noShareLinks: 'Nothing is shared.',
  downloadCsv: 'Download as CSV',
  view: 'View',
  badgeAlt: 'Badge for',
  logoAlt: 'Logo of',
  signatureOf: 'Signature of',
  criteria: 'What was required',
  replacedTitle: 'Credential replaced',
  sealReplaced: 'Replaced by the issuer after a correction',
  replacedBody: 'The issuer replaced this credential on {date} after a correction (for example, a change of name). This version is no longer valid; the learner holds the corrected one.',
  revokedNextStep: 'If someone shared this link as proof of a qualification, ask them for a current link.',
  errorNotFoundTitle: 'Nothing here',
  errorNotFoundNext: 'Check that the link was copied whole. If someone shared it with you, ask them for a new one.',
  errorSignInTitle: 'Please sign in',
  errorSignInNext: 'Sign in through your learning platform and you will come back here. Sign-in links sent by email work once, for 15 minutes: ask for a new one if this one has expired.',
  errorSignInNoUrl: 'Open your learner record from your learning platform (it signs you in), then try again. Sign-in links sent by email work once, for 15 minutes: ask for a new one if this one has expired.',
  signIn: 'Sign in',
  walletSignInTitle: 'Sign in to add this credential to your wallet',
  errorForbiddenTitle: 'This belongs to another learner',
  errorForbiddenNext: 'You are signed in as someone else. If this is yours, sign in again from your own account on your learning platform.',
  errorGoneTitle: 'No longer available',
  errorGoneNext: 'This link has expired or was withdrawn. Ask whoever sent it for a new one.',
  errorUnavailableTitle: 'Temporarily unavailable',
  errorUnavailableNext: 'Nothing is lost. Please try again in a few minutes.',
  errorTitle: 'Something went wrong',
  errorNext: 'Please try again later. If it keeps happening, tell the organisation that issued your credential.',
  errorDetails: 'Details',
  achievementKicker: 'Achievement',
  awardedBy: 'Awarded by',
  achievementAbout: 'This page describes an achievement. Each person who earns it receives their own credential, at its own link, that anyone can verify.',
  achievementJson: 'Definition as Open Badges 3.0 JSON',
} as const;

export type MessageKey = keyof typeof en;
export type Messages = Record<MessageKey, string>;

const es: Messages = {
  certificateOf: 'Certificado de logro',
  awardedTo: 'Se certifica que',
  hasEarned: 'ha obtenido con éxito',
  issuedBy: 'Emitido por',
  issuedOn: 'Emitido el',
  grade: 'Calificación',
  tier: 'Nivel',
  credentialId: 'ID de la credencial',
  verifyAt: 'Verificar en',
  sealValid: 'Verificada: firmada por el emisor y no revocada',
  sealRevoked: 'Revocada por el emisor',
  sealSuspended: 'Suspendida por el emisor',
  sealInvalid: 'No se pudo verificar esta credencial',
  sealUnknown: 'No se pudo comprobar el estado en este momento',
  checkedAt: 'Comprobada',
  actions: 'Compartir y descargar',
  addToLinkedIn: 'Añadir al perfil de LinkedIn',
  downloadJson: 'Descargar credencial (JSON)',
  downloadPdf: 'Descargar PDF',
  downloadBadge: 'Descargar imagen de la insignia',
  addToWallet: 'Añadir a la billetera',
  qrLabel: 'Código QR que enlaza a esta página',
  revokedTitle: 'Credencial revocada',
  revokedBody: 'El emisor ha revocado esta credencial. Ya no es válida.',
  recordTitle: 'Expediente de aprendizaje',
  sharedRecordTitle: 'Expediente de aprendizaje compartido',
  credentials: 'Credenciales',
  progress: 'Progreso',
  earned: 'Obtenida',
  inProgress: 'En curso',
  noCredentials: 'Aún no hay credenciales.',
  shareLinks: 'Enlaces para compartir',
  wholeRecord: 'Expediente completo',
  whatToShare: 'Qué compartir',
  createShareLink: 'Crear enlace para compartir',
  revokeShareLink: 'Revocar',
  newShareLink: 'Nuevo enlace (cópielo ahora: solo se muestra una vez)',
  noShareLinks: 'No se comparte nada.',
  downloadCsv: 'Descargar como CSV',
  view: 'Ver',
  badgeAlt: 'Insignia de',
  logoAlt: 'Logotipo de',
  signatureOf: 'Firma de',
  criteria: 'Qué se exigió',
  replacedTitle: 'Credencial reemplazada',
  sealReplaced: 'Reemplazada por el emisor tras una corrección',
  replacedBody: 'El emisor reemplazó esta credencial el {date} tras una corrección (por ejemplo, un cambio de nombre). Esta versión ya no es válida; la persona titular tiene la corregida.',
  revokedNextStep: 'Si alguien compartió este enlace como prueba de una titulación, pídale un enlace actual.',
  errorNotFoundTitle: 'Aquí no hay nada',
  errorNotFoundNext: 'Compruebe que copió el enlace completo. Si alguien se lo compartió, pídale uno nuevo.',
  errorSignInTitle: 'Inicie sesión',
  errorSignInNext: 'Inicie sesión a través de su plataforma de aprendizaje y volverá aquí. Los enlaces de acceso enviados por correo sirven una vez, durante 15 minutos: pida uno nuevo si este ha caducado.',
  errorSignInNoUrl: 'Abra su expediente desde su plataforma de aprendizaje (así inicia sesión) y vuelva a intentarlo. Los enlaces de acceso enviados por correo sirven una vez, durante 15 minutos: pida uno nuevo si este ha caducado.',
  signIn: 'Iniciar sesión',
  walletSignInTitle: 'Inicie sesión para añadir esta credencial a su billetera',
  errorForbiddenTitle: 'Esto pertenece a otra persona',
  errorForbiddenNext: 'Ha iniciado sesión como otra persona. Si es suyo, vuelva a iniciar sesión con su propia cuenta de la plataforma de aprendizaje.',
  errorGoneTitle: 'Ya no está disponible',
  errorGoneNext: 'Este enlace caducó o fue retirado. Pida uno nuevo a quien se lo envió.',
  errorUnavailableTitle: 'No disponible por el momento',
  errorUnavailableNext: 'No se ha perdido nada. Vuelva a intentarlo en unos minutos.',
  errorTitle: 'Algo salió mal',
  errorNext: 'Vuelva a intentarlo más tarde. Si sigue ocurriendo, avise a la organización que emitió su credencial.',
  errorDetails: 'Detalles',
  achievementKicker: 'Logro',
  awardedBy: 'Otorgado por',
  achievementAbout: 'Esta página describe un logro. Cada persona que lo obtiene recibe su propia credencial, en su propio enlace, que cualquiera puede verificar.',
  achievementJson: 'Definición en JSON de Open Badges 3.0',
};

const CATALOG = { en, es } as const satisfies Record<string, Messages>;

export type Locale = keyof typeof CATALOG;
export const LOCALES = Object.keys(CATALOG) as Locale[];
export const DEFAULT_LOCALE: Locale = 'en';

/** The first supported locale among the candidates ("es-MX" counts as "es"); English otherwise. */
export function pickLocale(...candidates: (string | null | undefined)[]): Locale {
  for (const candidate of candidates) {
    const base = candidate?.trim().toLowerCase().split(/[-_]/)[0];
    if (base && (LOCALES as string[]).includes(base)) return base as Locale;
  }
  return DEFAULT_LOCALE;
}

/** Locales from an Accept-Language header, most preferred first. */
export function acceptLanguages(header: string | undefined): string[] {
  if (!header) return [];
  return header
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((param) => /^q=([\d.]+)$/.exec(param.trim())?.[1]).find(Boolean);
      return { tag: tag.trim(), q: q === undefined ? 1 : Number(q) };
    })
    .filter((entry) => entry.tag && entry.q > 0)
    .sort((a, b) => b.q - a.q)
    .map((entry) => entry.tag);
}

export function messages(locale: Locale): Messages {
  return CATALOG[locale];
}

/** A message with its {placeholders} filled in (values are plain text; pages escape them). */
export function fill(message: string, values: Record<string, string>): string {
  return message.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}

/** A date as the locale writes it, in UTC so a page never shows a different day than the PDF. */
export function formatDate(iso: string, locale: Locale): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' }).format(date);
}
