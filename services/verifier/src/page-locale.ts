/**
 * The verify page's language: its message catalogues (locales/*.ts, one file a
 * translator edits per language, English the reference) and how a request
 * picks one — `?lang=` first (the page's language links), then Accept-Language,
 * then English. The languages are the ones certificates and records are written
 * in (@laurel/render's LOCALES), so a verifier reads in the learner's language.
 */
import type { Context } from 'hono';
import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import { acceptLanguages, pickLocale, textDirection, type Locale } from '@laurel/render';
import { ar } from './locales/ar.js';
import { de } from './locales/de.js';
import { en, type VerifyPageMessages } from './locales/en.js';
import { es } from './locales/es.js';
import { fr } from './locales/fr.js';
import { hi } from './locales/hi.js';
import { pt } from './locales/pt.js';
import { zh } from './locales/zh.js';

export type { VerifyPageMessageKey, VerifyPageMessages } from './locales/en.js';

export const VERIFY_PAGE_CATALOG: Record<Locale, VerifyPageMessages> = { en, es, fr, de, pt, ar, zh, hi };

export interface PageLocale {
  locale: Locale;
  dir: 'ltr' | 'rtl';
  t: VerifyPageMessages;
}

export function pageLocale(locale: Locale): PageLocale {
  return { locale, dir: textDirection(locale), t: VERIFY_PAGE_CATALOG[locale] };
}

/** The request's language: an explicit `?lang=` wins over the browser's Accept-Language. */
export function requestLocale(c: Context): PageLocale {
  return pageLocale(pickLocale(c.req.query('lang'), ...acceptLanguages(c.req.header('accept-language'))));
}

type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

/**
 * A message with its {placeholders} filled by markup or text: the message's own words are
 * escaped, string values too, markup values (a DID's span, a claim's mark) kept as they are.
 */
export function phrase(message: string, values: Record<string, Html | string | number>): Html {
  const parts = message.split(/\{(\w+)\}/);
  return html`${parts.map((part, index) => (index % 2 === 0 ? part : (values[part] ?? `{${part}}`)))}`;
}
