import { it } from 'vitest';
import { AxeBuilder } from '@axe-core/playwright';
import { launchBrowser, serveOnLoopback } from './support/browser.js';
import { createIssuingFixture, createTestVerifier } from './support/verifier.js';

it('scratch', async () => {
  const fx = await createIssuingFixture();
  const v = createTestVerifier({ store: fx.issuer.store });
  const server = await serveOnLoopback(v.app.fetch);
  const browser = await launchBrowser();
  const page = await browser.newPage();
  const cred = await fx.issue();
  await page.goto(`${server.url}/verify`);
  let r = await new AxeBuilder({ page }).analyze();
  console.log('empty', JSON.stringify(r.violations.map((x) => [x.id, x.impact, x.nodes.length, x.nodes[0]?.html.slice(0,100)])));
  await page.fill('#credential', JSON.stringify(cred, null, 2));
  await Promise.all([page.waitForURL('**/verify'), page.click('button[type=submit]')]);
  await page.waitForLoadState();
  console.log((await page.locator('main').innerText()).slice(0, 1500));
  r = await new AxeBuilder({ page }).analyze();
  console.log('result', JSON.stringify(r.violations.map((x) => [x.id, x.impact, x.nodes.length, x.nodes[0]?.html.slice(0,100), x.nodes[0]?.failureSummary])));
  await browser.screenshot(page, 'scratch');
  await browser.close(); await server.close(); await v.close(); await fx.close();
}, 60000);
