// A certificate PDF in each locale prints its own words (not English), read
// back the way a reader gets them: poppler's pdftotext. Arabic, Chinese and
// Hindi need the Noto Naskh Arabic, Noto Sans SC and Noto Sans (Devanagari) faces.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { requirePoppler, skipWithoutPoppler } from '../../../test/support/poppler.js';
import { certificateFromCredential } from './certificate-data.js';
import { formatDate, LOCALES, messages, type Locale } from './i18n.js';
import { renderCertificatePdf } from './pdf.js';
import { resolveTheme } from './theme.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'laurel-locale-pdf-'));

// A learner and achievement named in the locale's own script, so the PDF has to print that script twice over.
const NAMED: Partial<Record<Locale, { learner: string; achievement: string }>> = {
  ar: { learner: 'ليلى حداد', achievement: 'مقدمة في علم البيانات' },
  zh: { learner: '王小明', achievement: '数据科学导论' },
  hi: { learner: 'प्रिया शर्मा', achievement: 'डेटा विज्ञान का परिचय' },
};

async function pdfText(locale: Locale): Promise<string> {
  const named = NAMED[locale] ?? { learner: 'Ada Lovelace', achievement: 'Data Science 101' };
  const credential = {
    id: 'https://issuer.test/credentials/abc',
    issuer: { id: 'did:key:z6Mk', name: 'Example University' },
    validFrom: '2026-03-05T10:00:00Z',
    credentialSubject: { name: named.learner, achievement: { name: named.achievement, tag: ['Completion'] }, result: [{ value: '88' }] },
  };
  const bytes = await renderCertificatePdf({ certificate: certificateFromCredential(credential), theme: resolveTheme({}), locale, credential });
  const file = path.join(dir, `${locale}.pdf`);
  writeFileSync(file, bytes);
  // poppler wraps right-to-left text in bidi marks; the letters between them are what count.
  return execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '').replace(/\s+/g, ' ');
}

describe.skipIf(skipWithoutPoppler)('certificate PDF in every locale', () => {
  beforeAll(requirePoppler);

  it.each(['ar', 'zh', 'hi'] as const)('prints %s text (names, the certificate\'s own words and the date) that pdftotext reads back', async (locale) => {
    const t = messages(locale);
    const text = await pdfText(locale);
    expect(text).toContain(NAMED[locale]!.learner);
    expect(text).toContain(NAMED[locale]!.achievement);
    expect(text).toContain(t.certificateOf);
    expect(text).toContain(t.tierCompletion);
    // pdftotext regroups numbers inside right-to-left lines its own way, so for Arabic the date's parts are looked for.
    if (locale === 'ar') expect(text).toMatch(/مارس[\s\S]*2026|2026[\s\S]*مارس/);
    else expect(text).toContain(formatDate('2026-03-05T10:00:00Z', locale));
  });

  it.each(LOCALES.filter((locale) => locale !== 'en'))('%s has no English label left', async (locale) => {
    const t = messages(locale);
    const en = messages('en');
    const text = await pdfText(locale);
    expect(text).toContain(t.issuedBy);
    for (const key of ['certificateOf', 'awardedTo', 'hasEarned', 'issuedBy', 'issuedOn', 'grade', 'tier', 'tierCompletion', 'verifyAt'] as const) expect(text).not.toContain(en[key]);
  });
});
