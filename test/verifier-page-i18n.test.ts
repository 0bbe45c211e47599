// The verifier's public verify page in every language Laurel writes certificates in:
// each catalogue (services/verifier/src/locales/*.ts) has every key of English with the
// same {placeholders}; the language comes from ?lang= or Accept-Language; Arabic is right
// to left; and a page in another language holds no English wording except the checks'
// technical details, which are marked lang="en".
import { LOCALES, type Locale } from '@laurel/render';
import { VERDICT_HEADINGS } from '@laurel/trust';
import { VERIFY_PAGE_CATALOG } from '@laurel/verifier-service';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestVerifier, FORGED_ACHIEVEMENT, signSelfProclaimedHarvard, type TestVerifier } from './support/verifier.js';

const en = VERIFY_PAGE_CATALOG.en;
type Key = keyof typeof en;
const keys = Object.keys(en) as Key[];
const others = LOCALES.filter((locale) => locale !== 'en');
const placeholders = (message: string) => [...message.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();

// Names and formats that stay as they are in every language.
const PROPER_NAMES = /Laurel|JSON|PDF|PNG|SVG|URL|VC-JWT|Data Integrity|Verifiable Credentials|410 Gone|https?/g;
// Words a language spells as English does (French "Signature", "Dates"; French and German "Format").
const SAME_AS_ENGLISH: Partial<Record<Locale, Key[]>> = { fr: ['checkProof', 'checkValidity', 'checkSchema'], de: ['checkSchema'] };
// Words French writes as English does, inside longer messages ("(source : …)").
const SAME_WORDS: Partial<Record<Locale, string[]>> = { fr: ['source'] };
const hasWords = (message: string) => /\p{L}/u.test(message.replace(/\{\w+\}/g, '').replace(PROPER_NAMES, ''));

describe('verify page catalogues', () => {
  it('covers the eight languages of certificates and records', () => {
    expect(Object.keys(VERIFY_PAGE_CATALOG).sort()).toEqual([...LOCALES].sort());
    expect(LOCALES).toEqual(expect.arrayContaining(['en', 'es', 'fr', 'de', 'pt', 'ar', 'zh', 'hi']));
  });

  it.each(others)('%s has every key of English, no other, each non-empty with the same {placeholders}', (locale) => {
    const catalogue = VERIFY_PAGE_CATALOG[locale];
    expect(Object.keys(catalogue).sort()).toEqual([...keys].sort());
    for (const key of keys) {
      expect(catalogue[key].trim(), `${locale}.${key} is empty`).not.toBe('');
      expect(placeholders(catalogue[key]), `${locale}.${key}`).toEqual(placeholders(en[key]));
    }
  });

  it.each(others)('%s translates every message that has words', (locale) => {
    const catalogue = VERIFY_PAGE_CATALOG[locale];
    const same = keys.filter((key) => hasWords(en[key]) && !SAME_AS_ENGLISH[locale]?.includes(key) && catalogue[key] === en[key]);
    expect(same).toEqual([]);
  });

  it('English says the verdicts in the words `laurel verify` prints', () => {
    expect([en.verdictTrusted, en.verdictUnrecognized, en.verdictInvalid, en.verdictIndeterminate]).toEqual([
      VERDICT_HEADINGS.trusted,
      VERDICT_HEADINGS['unrecognized-issuer'],
      VERDICT_HEADINGS.invalid,
      VERDICT_HEADINGS.indeterminate,
    ]);
  });
});

/** English wording a page in `locale` must not show: every English message cut at its placeholders and punctuation. */
function englishPhrases(locale: Locale): string[] {
  const allowed = new Set<Key>(['languageName', ...(SAME_AS_ENGLISH[locale] ?? [])]);
  return keys
    .filter((key) => !allowed.has(key))
    .flatMap((key) => en[key].split(/\{\w+\}|[():;,.—…“”"]/))
    .map((part) => part.replace(PROPER_NAMES, '').trim())
    .filter((part) => part.length >= 4 && !SAME_WORDS[locale]?.includes(part));
}

/** The page's words as a reader meets them: no markup, style, pasted input, language list, or text marked lang="en". */
function visibleText(page: string): string {
  return page
    .replace(/<style>[\s\S]*?<\/style>/g, '')
    .replace(/<textarea[\s\S]*?<\/textarea>/g, '')
    .replace(/<footer>[\s\S]*?<\/footer>/g, '')
    .replace(/<span lang="en" dir="ltr">[^<]*<\/span>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;/g, "'");
}

function expectNoEnglish(page: string, locale: Locale, values: string[]) {
  let text = visibleText(page);
  for (const value of values) text = text.split(value).join(' ');
  const leaked = englishPhrases(locale).filter((phrase) => new RegExp(`(?<!\\p{L})${phrase.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?!\\p{L})`, 'u').test(text));
  expect(leaked, `English in the ${locale} page`).toEqual([]);
}

/** A message as the page's markup carries it (hono escapes the apostrophe too). */
const escaped = (message: string) => message.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

describe('the verify page in each language', () => {
  let verifier: TestVerifier;
  let trustingVerifier: TestVerifier;
  let harvard: Awaited<ReturnType<typeof signSelfProclaimedHarvard>>;
  // What the credential itself says (names, DIDs, ids): shown as written, in any language.
  let values: string[];

  beforeAll(async () => {
    harvard = await signSelfProclaimedHarvard();
    verifier = createTestVerifier();
    trustingVerifier = createTestVerifier({ trustedIssuers: new Map([[harvard.did, { id: harvard.did, name: 'Harvard University' }]]) });
    const subject = harvard.credential.credentialSubject;
    values = [harvard.did, 'Harvard University', FORGED_ACHIEVEMENT, subject.name, subject.id, harvard.credential.validFrom, 'Summa cum laude', 'trusted issuers list'];
  });
  afterAll(async () => {
    await verifier?.close();
    await trustingVerifier?.close();
  });

  async function post(target: TestVerifier, path: string, credential: unknown, headers: Record<string, string> = {}) {
    const form = new FormData();
    form.set('credential', typeof credential === 'string' ? credential : JSON.stringify(credential));
    const response = await target.app.request(path, { method: 'POST', body: form, headers });
    return { status: response.status, page: await response.text() };
  }

  it('picks the language from ?lang= first, then Accept-Language, else English', async () => {
    const get = async (path: string, acceptLanguage?: string) =>
      (await verifier.app.request(path, acceptLanguage ? { headers: { 'accept-language': acceptLanguage } } : {})).text();
    expect(await get('/verify', 'de-CH, fr;q=0.8')).toContain('<html lang="de" dir="ltr">');
    expect(await get('/verify', 'ja, pt-BR;q=0.5')).toContain('<html lang="pt" dir="ltr">');
    expect(await get('/verify?lang=ar', 'de')).toContain('<html lang="ar" dir="rtl">');
    expect(await get('/verify?lang=tlh', 'zh-CN')).toContain('<html lang="zh" dir="ltr">');
    expect(await get('/verify', 'ja')).toContain('<html lang="en" dir="ltr">');
    // The form posts back in the language shown, and every language links to itself.
    const hindi = await get('/verify?lang=hi');
    expect(hindi).toContain('action="/verify?lang=hi"');
    for (const locale of LOCALES) expect(hindi).toContain(`<a href="/verify?lang=${locale}" lang="${locale}" hreflang="${locale}"`);
    expect(hindi).toContain(`aria-current="page">${VERIFY_PAGE_CATALOG.hi.languageName}</a>`);
  });

  it.each(LOCALES)('%s: the form, the three verdicts, a presentation and an input error, all in the language', async (locale) => {
    const t = VERIFY_PAGE_CATALOG[locale];
    const form = await (await verifier.app.request(`/verify?lang=${locale}`)).text();
    expect(form).toContain(`<html lang="${locale}" dir="${locale === 'ar' ? 'rtl' : 'ltr'}">`);
    for (const key of ['pageTitle', 'pasteLabel', 'fileLabel', 'urlLabel', 'verifyButton'] as const) expect(form).toContain(escaped(t[key]));

    const amber = await post(verifier, `/verify?lang=${locale}`, harvard.credential);
    expect(amber.status).toBe(200);
    expect(amber.page).toContain(`<title>${escaped(t.verdictUnrecognized)} ${t.pageTitle} – Laurel</title>`);
    expect(amber.page).toContain(`<span class="claim-mark">${t.claimMark}</span><q>Harvard University</q>`);
    expect(amber.page).toContain(escaped(t.whatItSaysNote));
    expect(amber.page).toContain(escaped(t.identityNotRecognised));

    const tampered = structuredClone(harvard.credential);
    tampered.credentialSubject.achievement.name = 'Doctor of Laws';
    const red = await post(verifier, `/verify?lang=${locale}`, tampered);
    expect(red.page).toContain(`${t.verdictInvalid} <span class="because">${escaped(t.reasonNotAuthentic)}</span>`);
    expect(red.page).toContain(escaped(t.whatItClaimsNote));

    const green = await post(trustingVerifier, `/verify?lang=${locale}`, harvard.credential);
    expect(green.page).toContain(`<title>${escaped(t.verdictTrusted)} ${t.pageTitle} – Laurel</title>`);
    expect(green.page).toContain(`<h3>${t.details}</h3>`);

    const presentation = await post(verifier, `/verify?lang=${locale}`, { '@context': ['https://www.w3.org/ns/credentials/v2'], type: ['VerifiablePresentation'], verifiableCredential: [harvard.credential, tampered] });
    expect(presentation.page).toContain(`<title>${escaped(t.presentationInvalid)} ${t.pageTitle} – Laurel</title>`);
    expect(presentation.page).toContain(escaped(t.presentationProofNote));

    const broken = await post(verifier, `/verify?lang=${locale}`, '{"not json');
    expect(broken.status).toBe(400);
    expect(broken.page).toContain(escaped(t.inputNotJson));

    for (const page of [form, amber.page, red.page, green.page, presentation.page, broken.page]) {
      if (locale !== 'en') expectNoEnglish(page, locale, [...values, 'Doctor of Laws']);
    }
    if (locale !== 'en') {
      // The checks' technical details stay English, marked so (screen readers switch voice), and said to be.
      expect(amber.page).toMatch(/<span lang="en" dir="ltr">[^<]+<\/span><\/li>/);
      expect(amber.page).toContain(escaped(t.technicalNote));
      expect(broken.page).toContain(`${t.inputDetail} <span lang="en" dir="ltr">That is not valid JSON.</span>`);
    }
  });

  it('chooses from Accept-Language when the form is posted without ?lang=', async () => {
    const { page } = await post(verifier, '/verify', harvard.credential, { 'accept-language': 'ar-EG,ar;q=0.9,en;q=0.5' });
    expect(page).toContain('<html lang="ar" dir="rtl">');
    expect(page).toContain(VERIFY_PAGE_CATALOG.ar.verdictUnrecognized);
  });
});
