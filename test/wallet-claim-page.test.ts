// The learner's claim page in real headless Chromium: the QR codes and the
// deep link are there, and the QR decodes back to the offer URI.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AxeBuilder } from '@axe-core/playwright';
import jsQRModule from 'jsqr';
import { PNG } from 'pngjs';
import { freshDatabaseUrl, type FreshDatabase } from './support/databases.js';
import { launchBrowser, skipBrowserTests, type TestBrowser } from './support/browser.js';
import { startWalletTestIssuer, type WalletTestIssuer } from './support/wallet.js';

// jsqr is CommonJS with an ES-style default export; under NodeNext the function sits at .default.
const jsQR = ((jsQRModule as unknown as { default?: unknown }).default ?? jsQRModule) as unknown as (data: Uint8ClampedArray, width: number, height: number) => { data: string } | null;

function decodeQr(dataUrl: string): string | undefined {
  const png = PNG.sync.read(Buffer.from(dataUrl.replace(/^data:image\/png;base64,/, ''), 'base64'));
  return jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data;
}

describe.skipIf(skipBrowserTests)('claim page in Chromium', () => {
  let database: FreshDatabase;
  let issuer: WalletTestIssuer;
  let browser: TestBrowser;
  beforeAll(async () => {
    database = await freshDatabaseUrl('sqlite');
    issuer = await startWalletTestIssuer(database.url);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await issuer?.close();
    await database?.drop();
  });

  it('shows the credential, both QR codes and the deep link; the QR is the offer URI', async () => {
    const credentialId = await issuer.issueCredential();
    const offer = (await issuer.api('POST', `/v1/credentials/${credentialId}/offers`, { txCode: true })).body;
    const page = await browser.newPage();
    const response = await page.goto(offer.claimUrl);
    expect(response?.status()).toBe(200);
    expect(await page.locator('h1').textContent()).toContain('Wallets 101');
    expect(await page.locator('.summary').textContent()).toContain('Ada Lovelace');
    expect(await page.getByText('six-digit code').count()).toBe(1);
    for (const id of ['#qr-lcw', '#qr-oid4vci']) {
      const image = page.locator(id);
      expect(await image.isVisible()).toBe(true);
      expect(await image.evaluate((element) => (element as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(100);
      expect(await image.getAttribute('alt')).toMatch(/QR code/);
    }
    expect(await page.locator('#link-lcw').getAttribute('href')).toBe(offer.lcwDeepLink);
    expect(await page.locator('#link-oid4vci').getAttribute('href')).toBe(offer.credentialOfferUri);
    await browser.screenshot(page, 'wallet-claim-page');
    const { violations } = await new AxeBuilder({ page }).analyze();
    const serious = violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
    expect(serious, serious.map((violation) => `${violation.impact}: ${violation.id}`).join('\n')).toEqual([]);

    expect(decodeQr((await page.locator('#qr-oid4vci').getAttribute('src'))!)).toBe(offer.credentialOfferUri);
    expect(decodeQr((await page.locator('#qr-lcw').getAttribute('src'))!)).toBe(offer.lcwDeepLink);
    expect(decodeQr(offer.qr.oid4vci.png)).toBe(offer.credentialOfferUri);
    await page.close();
  });

  it('says so when the link was used, and 404s an unknown link', async () => {
    const credentialId = await issuer.issueCredential();
    const offer = (await issuer.api('POST', `/v1/credentials/${credentialId}/offers`, {})).body;
    const { ScriptedWallet } = await import('./support/wallet.js');
    await (await ScriptedWallet.create()).claimByVcApi(offer.exchangeUrl);
    const page = await browser.newPage();
    await page.goto(offer.claimUrl);
    expect(await page.locator('.notice').textContent()).toMatch(/already been added/);
    expect(await page.locator('#qr-lcw').count()).toBe(0);
    expect((await page.goto(`${issuer.url}/claim/not-a-token`))?.status()).toBe(404);
    await page.close();
  });
});
