// The message catalogues a translator edits (locales/*.ts): every locale has
// every key with the same {placeholders}, and every page renders in every
// locale with no English left in it.
import { describe, expect, it } from 'vitest';
import { certificateFromCredential } from './certificate-data.js';
import { renderCertificatePage, renderRevokedPage } from './certificate-page.js';
import { renderAchievementPage } from './achievement-page.js';
import { renderClaimPage } from './claim-page.js';
import { renderErrorPage } from './error-page.js';
import { formatDate, formatPercent, LOCALES, messages, pickLocale, textDirection, type Locale } from './i18n.js';
import { renderRecordPage } from './record-page.js';
import { TEMPLATES } from './templates/index.js';
import { resolveTheme } from './theme.js';

const en = messages('en');
const placeholders = (message: string) => [...message.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();
const others = LOCALES.filter((locale) => locale !== 'en');

// Words that are names in every language (brands, formats), so they may appear in English anywhere.
const PROPER_NAMES = /LinkedIn|Learner Credential Wallet|OpenID4VCI|VC-API|JSON|PDF|CSV|QR|Open Badges 3\.0|UTC/g;

/** The English messages that must not appear in a page of another locale (proper names removed; what is left is English wording). */
const englishPhrases = Object.values(en)
  .flatMap((message) => message.split(/\{\w+\}|[():]/))
  .map((part) => part.replace(PROPER_NAMES, '').trim())
  .filter((part) => part.length >= 4);

function expectNoEnglish(html: string, locale: Locale) {
  // The visible text and the attributes people hear (alt, aria-label, title); not the markup or CSS.
  const text = [...html.replace(/<style>[\s\S]*?<\/style>/g, '').matchAll(/>([^<]+)</g)].map((match) => match[1]).join(' ')
    + ' ' + [...html.matchAll(/(?:alt|aria-label|content)="([^"]*)"/g)].map((match) => match[1]).join(' ');
  // Whole words only: French "Progression" is not English "Progress".
  const leaked = englishPhrases.filter((phrase) => new RegExp(`(?<!\\p{L})${phrase.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?!\\p{L})`, 'u').test(text));
  expect(leaked, `English in the ${locale} page`).toEqual([]);
}

describe('message catalogues', () => {
  it('lists at least English, Spanish, French, German, Portuguese, Arabic, Chinese and Hindi', () => {
    expect(LOCALES).toEqual(expect.arrayContaining(['en', 'es', 'fr', 'de', 'pt', 'ar', 'zh', 'hi']));
  });

  it.each(others)('%s has every key of English, no other, and the same {placeholders} in each', (locale) => {
    const catalogue = messages(locale);
    expect(Object.keys(catalogue).sort()).toEqual(Object.keys(en).sort());
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(placeholders(catalogue[key]), `${locale}.${key}`).toEqual(placeholders(en[key]));
      expect(catalogue[key].trim(), `${locale}.${key} is empty`).not.toBe('');
    }
  });

  it.each(others)('%s translates every message (none is the English text left in place)', (locale) => {
    const catalogue = messages(locale);
    const untranslated = (Object.keys(en) as (keyof typeof en)[]).filter((key) => catalogue[key].replace(PROPER_NAMES, '').trim() === en[key].replace(PROPER_NAMES, '').trim());
    expect(untranslated).toEqual([]);
  });

  it('picks a locale from a region tag, and writes Arabic right to left', () => {
    expect(pickLocale('pt-BR')).toBe('pt');
    expect(pickLocale('zh-Hans-CN')).toBe('zh');
    expect(pickLocale('hi_IN')).toBe('hi');
    expect(pickLocale('constructor', 'de')).toBe('de');
    expect(textDirection('ar')).toBe('rtl');
    for (const locale of others.filter((locale) => locale !== 'ar')) expect(textDirection(locale)).toBe('ltr');
  });

  it('formats dates and grades with Intl for the locale', () => {
    expect(formatDate('2026-03-05T10:00:00Z', 'de')).toBe('5. März 2026');
    expect(formatDate('2026-03-05T10:00:00Z', 'zh')).toBe('2026年3月5日');
    expect(formatPercent('85.5', 'fr')).toMatch(/^85,5\s%$/u);
    expect(formatPercent('88', 'en')).toBe('88%');
    expect(formatPercent('Pass', 'es')).toBe('Pass');
  });
});

const credential = {
  id: 'https://issuer.test/credentials/abc',
  issuer: { id: 'did:key:z6Mk', name: 'Universidad Ejemplo' },
  validFrom: '2026-03-05T10:00:00Z',
  credentialSubject: { name: 'Amal Haddad', achievement: { name: 'Ciencia de Datos 101', description: 'Introducción', tag: ['Achievement'], criteria: { narrative: 'Completar al menos el 80% del curso.' } }, result: [{ value: '88' }] },
};
const certificate = certificateFromCredential(credential, [{ name: 'Ana Pérez', title: 'Decana' }]);
const links = { json: 'https://issuer.test/credentials/abc.json', pdf: 'https://issuer.test/credentials/abc.pdf', png: 'https://issuer.test/credentials/abc.png', svg: 'https://issuer.test/credentials/abc.svg', preview: 'https://issuer.test/credentials/abc/preview.png', wallet: 'https://issuer.test/claim' };
const theme = resolveTheme({});

describe.each(others)('pages in %s', (locale) => {
  const t = messages(locale);
  const dir = `dir="${locale === 'ar' ? 'rtl' : 'ltr'}"`;

  it.each(Object.keys(TEMPLATES))('the certificate page in the %s template', (templateId) => {
    const html = renderCertificatePage({ certificate, templateId, theme, locale, seal: { status: 'valid', checkedAt: '2026-03-06T00:00:00.000Z' }, links });
    expect(html).toContain(`<html lang="${locale}" ${dir}>`);
    expect(html).toContain(t.awardedTo);
    expect(html).toContain(`${t.tier}: ${t.tierAchievement}`);
    expect(html).toContain(formatDate(certificate.issuedOn, locale));
    expect(html).toContain(formatPercent('88', locale));
    expectNoEnglish(html, locale);
  });

  it.each([400, 401, 403, 404, 410, 500, 503])('the error page for %i', (status) => {
    const html = renderErrorPage({ status, ...(status === 401 ? { signInUrl: 'https://lms.test/sign-in' } : {}) }, locale);
    expect(html).toContain(`<html lang="${locale}" ${dir}>`);
    expectNoEnglish(html, locale);
  });

  it('the revoked, replaced, achievement, record and wallet claim pages', () => {
    const claim = { achievementName: 'Ciencia de Datos 101', issuerName: 'Universidad Ejemplo', learnerName: 'Amal Haddad', expiresAt: '2026-03-06T10:00:00Z', txCodeRequired: true, links: { lcwDeepLink: 'dccrequest://x', credentialOfferUri: 'openid-credential-offer://x', exchangeUrl: 'https://issuer.test/x' }, qr: { lcw: { png: 'data:image/png;base64,AA' }, oid4vci: { png: 'data:image/png;base64,AA' } }, locale };
    const pages = [
      ...(['open', 'claimed', 'expired'] as const).map((state) => renderClaimPage({ ...claim, state })),
      renderRevokedPage(locale),
      renderRevokedPage(locale, { replacedOn: '2026-04-01T00:00:00Z' }),
      renderAchievementPage({ achievement: { id: 'https://issuer.test/achievements/ds101', name: 'Ciencia de Datos 101', tag: ['Achievement'], creator: { name: 'Universidad Ejemplo' }, criteria: { narrative: 'Completar el curso.' } }, theme, locale, jsonUrl: 'https://issuer.test/achievements/ds101.json' }),
      renderRecordPage({
        locale,
        shared: false,
        csvUrl: 'https://issuer.test/record.csv',
        record: { learnerName: 'Amal Haddad', issuerName: 'Universidad Ejemplo', credentials: [{ url: links.json, achievementId: 'ds101', achievementName: 'Ciencia de Datos 101', issuedOn: '2026-03-05T10:00:00Z', state: 'active' }], progress: [{ achievementId: 'ml', name: 'Aprendizaje Automático', kind: 'course', earned: false, requirements: [{ description: 'Completion: 60% of 80% needed', met: false, kind: 'completion', required: 80, current: 60 }, { description: 'Passed: yes', met: true, kind: 'passed', required: true, current: true }] }] },
        sharing: { createAction: '/share', paths: [], links: [{ id: 'l1', scope: t.wholeRecord, createdAt: '2026-03-05T10:00:00Z' }], revokeAction: (id) => `/share/${id}/revoke` },
      }),
    ];
    for (const html of pages) {
      expect(html).toContain(`<html lang="${locale}" ${dir}>`);
      expectNoEnglish(html, locale);
    }
  });
});
