/**
 * Real headless Chromium for page tests: Debian's /usr/bin/chromium, driven by
 * playwright-core (which never downloads a browser of its own). Without
 * Chromium the page tests skip on a developer machine and fail under CI=true,
 * where .ci/run installs it.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { repoRoot } from './conformance.js';

export const CHROMIUM_PATH = process.env.LAUREL_CHROMIUM_PATH || '/usr/bin/chromium';
export const chromiumMissing = !existsSync(CHROMIUM_PATH);
const required = process.env.CI === 'true';

/** For `describe.skipIf`: skip without Chromium, except under CI=true, where launchBrowser then fails loudly. */
export const skipBrowserTests = chromiumMissing && !required;

/** Screenshots go here (gitignored). */
export const testOutputDir = path.join(repoRoot, 'test-output');

export interface TestBrowser {
  context: BrowserContext;
  newPage(): Promise<Page>;
  /** Saves a full-page screenshot as test-output/<name>.png and returns its path. */
  screenshot(page: Page, name: string): Promise<string>;
  close(): Promise<void>;
}

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // Tests may only reach this machine; the browser resolves no other name.
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1',
];

export async function launchBrowser(): Promise<TestBrowser> {
  if (chromiumMissing) {
    throw new Error(`Chromium is not installed at ${CHROMIUM_PATH} (apt-get install -y chromium); under CI=true the page tests require it.`);
  }
  // A fresh profile each time: nothing carried over between runs.
  const userDataDir = mkdtempSync(path.join(os.tmpdir(), 'laurel-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    args: ARGS,
    headless: true,
    viewport: { width: 1000, height: 900 },
  });
  mkdirSync(testOutputDir, { recursive: true });
  return {
    context,
    newPage: () => context.newPage(),
    async screenshot(page, name) {
      const file = path.join(testOutputDir, `${name}.png`);
      await page.screenshot({ path: file, fullPage: true });
      return file;
    },
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** Serves a fetch handler (a Hono app) on 127.0.0.1 with an OS-chosen port. */
export async function serveOnLoopback(fetch: (request: Request) => Response | Promise<Response>): Promise<{ url: string; close(): Promise<void> }> {
  const server = await new Promise<ServerType>((resolve) => {
    const running = serve({ fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(running));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
