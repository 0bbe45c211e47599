/**
 * Every string a certificate, record, error page or PDF shows, per locale.
 * Each locale is its own file in locales/ (one object a translator edits);
 * English is the reference and the fallback for an unsupported locale. The
 * Messages type makes a locale define every key; locales.test.ts checks that
 * each keeps the same {placeholders}.
 */
import { ar } from './locales/ar.js';
import { de } from './locales/de.js';
import { en, type MessageKey, type Messages } from './locales/en.js';
import { es } from './locales/es.js';
import { fr } from './locales/fr.js';
import { hi } from './locales/hi.js';
import { pt } from './locales/pt.js';
import { zh } from './locales/zh.js';

export type { MessageKey, Messages } from './locales/en.js';

const CATALOG = { en, es, fr, de, pt, ar, zh, hi } as const satisfies Record<string, Messages>;

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

/**
 * A tier as readers of the locale say it. Tiers are free text chosen by the
 * issuer and signed as written; the two the Learning Credentials proposal
 * names (Completion, Achievement) are translated for display, others shown as issued.
 */
export function tierLabel(tier: string, t: Messages): string {
  const known: Record<string, MessageKey> = { completion: 'tierCompletion', achievement: 'tierAchievement' };
  const key = known[tier.trim().toLowerCase()];
  return key ? t[key] : tier;
}

/** Locales written right to left: their pages get dir="rtl". */
const RIGHT_TO_LEFT: ReadonlySet<Locale> = new Set<Locale>(['ar']);

export function textDirection(locale: Locale): 'ltr' | 'rtl' {
  return RIGHT_TO_LEFT.has(locale) ? 'rtl' : 'ltr';
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

/** A moment as the locale writes it, to the minute, in UTC (and saying so). */
export function formatDateTime(iso: string, locale: Locale): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }).format(date) + ' UTC';
}

/** A grade (a number as text, 0–100) as a percentage the locale writes ("85 %" in French, "٨٥٪" in Arabic); other text as it is. */
export function formatPercent(value: string, locale: Locale): string {
  const number = Number(value);
  if (value.trim() === '' || !Number.isFinite(number)) return value;
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 2 }).format(number / 100);
}
