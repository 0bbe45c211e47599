import type { CertificateData } from './certificate-data.js';

/** An achievement's name and description in one language, as an issuer stored them (validated by @laurel/issuance). */
export interface AchievementTranslation {
  name?: string;
  description?: string;
}

type Json = Record<string, unknown>;
const object = (value: unknown): Json => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {});
const text = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value : undefined);

/**
 * The translation for a reader's locale from a map keyed by language tag:
 * the tag itself ("fr"), else the first regional form of it ("pt-BR" for
 * "pt"). Empty when there is none: the signed name is shown.
 */
export function achievementTranslation(translations: unknown, locale: string): AchievementTranslation {
  const map = object(translations);
  const base = locale.toLowerCase().split(/[-_]/)[0]!;
  const key = Object.keys(map).find((tag) => tag.toLowerCase() === locale.toLowerCase())
    ?? Object.keys(map).find((tag) => tag.toLowerCase().split('-')[0] === base);
  if (key === undefined) return {};
  const entry = object(map[key]);
  const name = text(entry.name);
  const description = text(entry.description);
  return { ...(name ? { name } : {}), ...(description ? { description } : {}) };
}

/**
 * A certificate as shown to a reader of `locale`: the achievement's name and
 * description from its translations when there is one. Display only: the
 * signed credential, the PDF's attachment and the badge keep the signed text.
 */
export function translateCertificate(certificate: CertificateData, translations: unknown, locale: string): CertificateData {
  const translation = achievementTranslation(translations, locale);
  return {
    ...certificate,
    ...(translation.name ? { achievementName: translation.name } : {}),
    ...(translation.description ? { achievementDescription: translation.description } : {}),
  };
}
