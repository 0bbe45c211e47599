// Pages in every locale, in real headless Chromium: Arabic right to left with
// a layout that mirrors, nothing wider than a phone in any language, and no
// serious accessibility violations. Screenshots land in test-output/.
import { AxeBuilder } from '@axe-core/playwright';
import {
  LOCALES, certificateFromCredential, encodeRgbaPng, renderAchievementPage, renderClaimPage, renderCertificatePage, renderErrorPage, renderRecordPage, renderRevokedPage, resolveTheme, type Locale,
} from '@laurel/render';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, serveOnLoopback, skipBrowserTests, type TestBrowser } from './support/browser.js';

// Long words and a long id on purpose: they are what pushes a phone layout sideways.
const credential = {
  id: 'https://issuer.test/credentials/0f8fad5b-d9cb-469f-a165-70867728950e',
  issuer: { id: 'did:key:z6Mk', name: 'جامعة المثال للتعليم المستمر' },
  validFrom: '2026-03-05T10:00:00Z',
  credentialSubject: {
    name: 'ليلى عبد الرحمن الحداد',
    achievement: { name: 'مقدمة في علم البيانات والتعلم الآلي', description: 'مقرر تمهيدي', tag: ['Achievement'], criteria: { narrative: 'إكمال 80% على الأقل من المقرر. الحصول على 70% على الأقل في الاختبار النهائي.' } },
    result: [{ value: '88' }],
  },
};
const certificate = certificateFromCredential(credential, [{ name: 'د. أحمد يوسف', title: 'العميد' }, { name: 'Ana Pérez', title: 'Rectora' }]);
const links = { json: '/c.json', pdf: '/c.pdf', png: '/c.png', svg: '/c.svg', preview: '/c/preview.png', wallet: '/claim' };
const theme = resolveTheme({});
const qrPng = `data:image/png;base64,${encodeRgbaPng(2, 2, new Uint8Array(16).fill(0)).toString('base64')}`;

function pages(locale: Locale): Record<string, string> {
  return {
    'certificate-classic': renderCertificatePage({ certificate, templateId: 'classic', theme, locale, seal: { status: 'valid', checkedAt: '2026-03-06T00:00:00.000Z' }, links }),
    'certificate-badge-card': renderCertificatePage({ certificate, templateId: 'badge-card', theme, locale, seal: { status: 'valid', checkedAt: '2026-03-06T00:00:00.000Z' }, links }),
    'record': renderRecordPage({
      locale,
      shared: false,
      csvUrl: '/record.csv',
      record: {
        learnerName: certificate.learnerName,
        issuerName: certificate.issuerName,
        credentials: [{ url: credential.id, achievementId: 'ds', achievementName: certificate.achievementName, tier: 'Achievement', issuedOn: '2026-03-05T10:00:00Z', state: 'active' }],
        progress: [{ achievementId: 'ml', name: 'التعلم العميق', kind: 'course', earned: false, requirements: [{ description: 'إكمال 80% على الأقل من المقرر', met: false }] }],
      },
      sharing: { createAction: '/share', paths: [{ id: 'p', name: 'مسار البيانات' }], links: [], revokeAction: (id) => `/share/${id}/revoke` },
    }),
    'achievement': renderAchievementPage({ achievement: { id: 'https://issuer.test/achievements/ds', name: certificate.achievementName, tag: ['Achievement'], creator: { name: certificate.issuerName }, criteria: { narrative: certificate.criteria } }, theme, locale, jsonUrl: '/a.json' }),
    'replaced': renderRevokedPage(locale, { replacedOn: '2026-04-01T00:00:00Z' }),
    'wallet-claim': renderClaimPage({
      achievementName: certificate.achievementName, issuerName: certificate.issuerName, learnerName: certificate.learnerName, expiresAt: '2026-03-06T10:00:00Z', state: 'open', txCodeRequired: true, locale,
      links: { lcwDeepLink: 'dccrequest://request?request_url=https%3A%2F%2Fissuer.test%2Fworkflows%2Fclaim%2Fexchanges%2F0f8fad5b-d9cb-469f-a165-70867728950e', credentialOfferUri: 'openid-credential-offer://?credential_offer_uri=https%3A%2F%2Fissuer.test%2Foffers%2F0f8fad5b', exchangeUrl: 'https://issuer.test/workflows/claim/exchanges/0f8fad5b-d9cb-469f-a165-70867728950e' },
      qr: { lcw: { png: qrPng }, oid4vci: { png: qrPng } },
    }),
    'error-401': renderErrorPage({ status: 401, signInUrl: 'https://lms.test/sign-in?return_to=%2Fclaim' }, locale),
  };
}

let browser: TestBrowser;

async function expectAccessible(page: Page) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const summary = violations.map((violation) => `${violation.impact}: ${violation.id} (${violation.nodes.map((node) => node.html.slice(0, 80)).join(' | ')})`);
  expect(violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical'), summary.join('\n')).toEqual([]);
}

const overflow = (page: Page) => page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');

describe.skipIf(skipBrowserTests)('pages in every locale in Chromium', () => {
  let server: Awaited<ReturnType<typeof serveOnLoopback>>;
  let page: Page;

  beforeAll(async () => {
    server = await serveOnLoopback((request) => {
      const [, locale, name] = new URL(request.url).pathname.split('/') as [string, Locale, string];
      const body = (LOCALES as string[]).includes(locale) ? pages(locale)[name] : undefined;
      return body ? new Response(body, { headers: { 'content-type': 'text/html; charset=utf-8' } }) : new Response('not found', { status: 404 });
    });
    browser = await launchBrowser();
    page = await browser.newPage();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it.each(Object.keys(pages('ar')))('Arabic %s: right to left, fits 1280 and 375 px, accessible', async (name) => {
    await page.goto(`${server.url}/ar/${name}`);
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    expect(await page.evaluate<string>('getComputedStyle(document.body).direction')).toBe('rtl');
    for (const width of [1280, 375]) {
      await page.setViewportSize({ width, height: 900 });
      expect(await overflow(page), `${name} scrolls sideways at ${width} px`).toBeLessThanOrEqual(0);
      await browser.screenshot(page, `i18n-ar-${name}-${width}`);
    }
    await page.setViewportSize({ width: 1280, height: 900 });
    await expectAccessible(page);
  });

  it('mirrors the two-column layouts in Arabic: the badge column is on the right', async () => {
    await page.setViewportSize({ width: 1280, height: 900 });
    for (const [locale, badgeOnRight] of [['ar', true], ['en', false]] as const) {
      for (const name of ['certificate-badge-card', 'achievement']) {
        await page.goto(`${server.url}/${locale}/${name}`);
        const badge = (await page.locator('.badge').first().boundingBox())!;
        const details = (await page.locator('.details').first().boundingBox())!;
        expect(badge.x > details.x, `${locale} ${name}`).toBe(badgeOnRight);
      }
    }
  });

  it.each(LOCALES.filter((locale) => locale !== 'ar'))('%s pages are left to right and fit a 375 px phone', async (locale) => {
    await page.setViewportSize({ width: 375, height: 900 });
    for (const name of Object.keys(pages(locale))) {
      await page.goto(`${server.url}/${locale}/${name}`);
      expect(await page.locator('html').getAttribute('dir')).toBe('ltr');
      expect(await overflow(page), `${locale} ${name} scrolls sideways at 375 px`).toBeLessThanOrEqual(0);
    }
  });
});
