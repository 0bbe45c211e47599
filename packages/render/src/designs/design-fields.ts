import type { CertificateData } from '../certificate-data.js';
import { criteriaSentences } from '../criteria-sentences.js';
import { formatDate, formatPercent, messages, tierLabel, type Locale } from '../i18n.js';

/** Every placeholder a design may use; each is text from the credential (or its translation). */
export const PLACEHOLDERS = [
  'learner.name',
  'achievement.name',
  'achievement.description',
  'achievement.criteria',
  'tier',
  'issuedOn',
  'issuer.name',
  'grade',
  'credential.id',
  'signatory.1.name',
  'signatory.1.title',
  'signatory.2.name',
  'signatory.2.title',
] as const;

export type Placeholder = (typeof PLACEHOLDERS)[number];

/** The value of each placeholder for one certificate; absent data is the empty string. */
export function designFields(certificate: CertificateData, locale: Locale): Record<Placeholder, string> {
  const t = messages(locale);
  const signatory = (index: number) => certificate.signatories[index];
  return {
    'learner.name': certificate.learnerName,
    'achievement.name': certificate.achievementName,
    'achievement.description': certificate.achievementDescription ?? '',
    'achievement.criteria': certificate.criteria ? criteriaSentences(certificate.criteria).join(' ') : '',
    tier: certificate.tier ? tierLabel(certificate.tier, t) : '',
    issuedOn: formatDate(certificate.issuedOn, locale),
    'issuer.name': certificate.issuerName,
    grade: certificate.grade ? formatPercent(certificate.grade, locale) : '',
    'credential.id': certificate.credentialId,
    'signatory.1.name': signatory(0)?.name ?? '',
    'signatory.1.title': signatory(0)?.title ?? '',
    'signatory.2.name': signatory(1)?.name ?? '',
    'signatory.2.title': signatory(1)?.title ?? '',
  };
}

/** Fills {{placeholders}} with plain text: values are never parsed again, so a name cannot inject anything. */
export function fillPlaceholders(text: string, fields: Record<Placeholder, string>): string {
  return text.replace(/\{\{\s*([^}]*?)\s*\}\}/g, (_, name: string) => fields[name as Placeholder] ?? '').replace(/\s+/g, ' ').trim();
}
