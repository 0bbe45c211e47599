// Everything a person holds, verified by the page and by `laurel verify`: the
// baked PNG and SVG badges and the certificate PDF Laurel's issuer serves, a
// presentation Laurel signs, and a credential URL that answers 410 Gone
// ("revoked by the issuer"). The page is driven in Chromium as well. The
// verifier trusts the seeded issuer (a trusted-issuers list), so a credential
// read from any of these forms and fully checked gets the green verdict.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main, type CliIo } from '@laurel/cli';
import { buildPresentation } from '@laurel/models';
import { badgeImagePng, DEFAULT_THEME } from '@laurel/render';

/** A badge with no credential baked in. */
const plainBadge = () => badgeImagePng({ design: { name: 'Plain' }, theme: DEFAULT_THEME });
import { generateIssuerKey, signPresentation } from '@laurel/suites';
import { launchBrowser, serveOnLoopback, skipBrowserTests, type TestBrowser } from './support/browser.js';
import { seedCertificates, type Seeded } from './support/certificates.js';
import { freshDatabaseUrl, type FreshDatabase } from './support/databases.js';
import { createTestIssuer, type TestIssuer } from './support/issuer.js';
import { createTestVerifier, type TestVerifier } from './support/verifier.js';

const FORMS = [
  { file: 'badge.png', type: 'image/png' },
  { file: 'badge.svg', type: 'image/svg+xml' },
  { file: 'certificate.pdf', type: 'application/pdf' },
] as const;

let database: FreshDatabase;
let issuer: TestIssuer;
let seeded: Seeded;
let issuerServer: Awaited<ReturnType<typeof serveOnLoopback>>;
let verifier: TestVerifier;
let dir: string;
/** --status-list arguments for the CLI: the issuer's signed lists, as files. */
const statusListArgs: string[] = [];
/** The URL of a revoked credential: the issuer answers 410 Gone. */
let revokedUrl: string;
const files: Record<string, Buffer> = {};

// What the page says for a Laurel credential, checked and from the trusted seeded issuer.
const TRUSTED = 'This credential is authentic and its issuer is recognised.';
const ISSUED_BY = "Issued by Example University (source: this verifier's list of trusted issuers).";

beforeAll(async () => {
  database = await freshDatabaseUrl('sqlite');
  issuer = await createTestIssuer(database.url);
  seeded = await seedCertificates(issuer);
  issuerServer = await serveOnLoopback(issuer.app.fetch);
  const documents = await Promise.all(['ada:cs101', 'ada:art'].map(async (key) => (await issuer.call('GET', `/v1/credentials/${seeded.credentials[key]}`)).body.document));
  const did = documents[0].issuer.id as string;
  // The verifier reads the issuer's lists from its store, may reach the issuer on loopback for URLs, and trusts its DID.
  verifier = createTestVerifier({
    store: issuer.store,
    fetch: { allowHttp: true, allowLoopback: true, timeoutMs: 5000 },
    trustedIssuers: new Map([[did, { id: did, name: 'Example University' }]]),
  });
  dir = mkdtempSync(path.join(os.tmpdir(), 'laurel-inputs-'));

  const ada = seeded.credentials['ada:cs101']!;
  for (const { file } of FORMS) {
    const response = await issuer.app.request(`/credentials/${ada}.${file.split('.').pop()}`);
    expect(response.status, file).toBe(200);
    files[file] = Buffer.from(await response.arrayBuffer());
    writeFileSync(path.join(dir, file), files[file]);
  }
  const holder = await generateIssuerKey();
  const presentation = await signPresentation(buildPresentation({ holder: holder.controller, verifiableCredential: documents }) as Record<string, unknown>, { key: holder, challenge: 'exported-by-a-wallet' });
  files['presentation.json'] = Buffer.from(JSON.stringify(presentation, null, 2));
  writeFileSync(path.join(dir, 'presentation.json'), files['presentation.json']);

  for (const entry of documents[0].credentialStatus as { statusListCredential: string }[]) {
    const file = path.join(dir, `list-${statusListArgs.length}.json`);
    writeFileSync(file, JSON.stringify((await issuer.store.statusLists.signedCopy(entry.statusListCredential.split('/').pop()!))!.document));
    statusListArgs.push('--status-list', file);
  }
  const bob = seeded.credentials['bob:cs101']!;
  expect((await issuer.call('POST', `/v1/credentials/${bob}/revoke`, { reason: 'test' })).status).toBe(200);
  revokedUrl = `${issuerServer.url}/credentials/${bob}`;
}, 60_000);

afterAll(async () => {
  await verifier?.close();
  await issuerServer?.close();
  await issuer?.close();
  await database?.drop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function upload(name: string, bytes: Buffer, type: string): Promise<{ status: number; page: string }> {
  const form = new FormData();
  form.set('credential', '');
  form.set('file', new Blob([new Uint8Array(bytes)], { type }), name);
  form.set('url', '');
  const response = await verifier.app.request('/verify', { method: 'POST', body: form });
  return { status: response.status, page: await response.text() };
}

describe('the verify page reads every form (multipart upload, URL)', () => {
  it.each(FORMS)('an uploaded $file issued by Laurel: valid', async ({ file, type }) => {
    const { status, page } = await upload(file, files[file]!, type);
    expect(status).toBe(200);
    expect(page).toContain(`${TRUSTED} <span class="because">${ISSUED_BY.replace("'", '&#39;')}</span>`);
    expect(page).toContain('<dd data-field="achievement">Computer Science 101</dd>');
  });

  it('an uploaded presentation: each credential reported', async () => {
    const { status, page } = await upload('presentation.json', files['presentation.json']!, 'application/json');
    expect(status).toBe(200);
    expect(page).toContain('This presentation holds 2 credentials: 2 authentic from a recognised issuer.');
    // The title leads with the verdict, as for a single credential.
    expect(page).toContain('<title>Every credential in this presentation is authentic and from a recognised issuer. Verify a credential – Laurel</title>');
    expect(page).toContain(`Credential 1 of 2: ${TRUSTED}`);
    expect(page).toContain(`Credential 2 of 2: ${TRUSTED}`);
    expect(page).toContain('<dd data-field="achievement">Computer Science 101</dd>');
    expect(page).toContain('<dd data-field="achievement">Art History</dd>');
  });

  it('VC Data Model 2.0 §4.13: a presentation whose holder is an object without an id is reported as breaking the data model, and the page says NOT valid', async () => {
    const presentation = { ...JSON.parse(files['presentation.json']!.toString('utf8')), holder: { name: 'Pat' } };
    const { status, page } = await upload('presentation.json', Buffer.from(JSON.stringify(presentation)), 'application/json');
    expect(status).toBe(200);
    expect(page).toContain('<title>This presentation, or a credential in it, is NOT valid. Verify a credential');
    expect(page).toContain('The presentation itself does not follow the Verifiable Credentials data model: holder.id');
    expect(page).toContain('class="verdict invalid"');
    // Its credentials are still each reported.
    expect(page).toContain(`Credential 1 of 2: ${TRUSTED}`);
  });

  it('a URL answering 410: revoked by the issuer, not an HTTP error', async () => {
    for (const response of [
      await verifier.app.request(`/verify?url=${encodeURIComponent(revokedUrl)}`),
      await verifier.app.request('/verify', { method: 'POST', body: new URLSearchParams({ url: revokedUrl }) }),
    ]) {
      const page = await response.text();
      expect(response.status).toBe(200);
      expect(page).toContain('This credential is NOT valid.');
      expect(page).toContain('<title>This credential is NOT valid. Verify a credential');
      expect(page).toContain(`It has been revoked by the issuer: ${revokedUrl} answers “410 Gone”.`);
    }
  });

  it('a credential URL that is live: fetched and verified', async () => {
    const live = `${issuerServer.url}/credentials/${seeded.credentials['ada:cs101']}`;
    const page = await (await verifier.app.request(`/verify?url=${encodeURIComponent(live)}`)).text();
    expect(page).toContain(`${TRUSTED} <span class="because">${ISSUED_BY.replace("'", '&#39;')}</span>`);
    expect(page).toContain('<dd data-field="achievement">Computer Science 101</dd>');
  });

  it('says what it could not read', async () => {
    const empty = await upload('plain.png', await plainBadge(), 'image/png');
    expect(empty.status).toBe(400);
    expect(empty.page).toContain('The PNG image has no baked Open Badges credential.');
    const altered = Buffer.from(files['badge.png']!);
    altered.write('Eve', altered.indexOf('Ada Lovelace'), 'utf8');
    const tampered = await upload('badge.png', altered, 'image/png');
    expect(tampered.status).toBe(400);
    expect(tampered.page).toMatch(/The PNG badge was altered after it was baked: .*CRC/);
    const photo = await upload('photo.jpg', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]), 'image/jpeg');
    expect(photo.page).toContain('&quot;photo.jpg&quot; is not JSON, a PNG or SVG badge, or a PDF');
  });

  it('/openapi.json documents every route the verifier serves', async () => {
    const document = (await (await verifier.app.request('/openapi.json')).json()) as { paths: Record<string, Record<string, unknown>> };
    const documented = Object.entries(document.paths).flatMap(([route, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${route}`));
    const served = verifier.app.routes
      .filter((route) => route.method !== 'ALL' && route.path !== '/openapi.json')
      .map((route) => `${route.method} ${route.path.replace(/:([^/]+)/g, '{$1}')}`);
    expect(served).toEqual(expect.arrayContaining(['GET /verify', 'POST /verify', 'GET /status-lists/{id}', 'GET /health']));
    expect([...new Set(served)].sort()).toEqual([...new Set(documented)].sort());
  });
});

describe('laurel verify reads every form (file, -, URL)', () => {
  async function laurel(args: string[], stdin: Uint8Array = new Uint8Array()) {
    let out = '';
    const io: CliIo = {
      stdout: (text) => void (out += text),
      stderr: (text) => void (out += text),
      readStdin: async () => Buffer.from(stdin).toString('utf8'),
      readStdinBytes: async () => stdin,
    };
    return { code: await main(args, io), out };
  }

  it.each(FORMS)('$file issued by Laurel: valid, exit 0', async ({ file }) => {
    const result = await laurel(['verify', path.join(dir, file), ...statusListArgs]);
    expect(result.out).toContain('This credential is authentic');
    expect(result.code).toBe(0);
  });

  it('a PDF on standard input', async () => {
    const result = await laurel(['verify', '-', ...statusListArgs], files['certificate.pdf']);
    expect(result.out).toContain('This credential is authentic');
    expect(result.code).toBe(0);
  });

  it('a presentation: each credential, exit 0 only when all are valid', async () => {
    const result = await laurel(['verify', path.join(dir, 'presentation.json'), ...statusListArgs]);
    expect(result.out).toContain('A presentation holding 2 credentials');
    expect(result.out.match(/This credential is authentic/g)).toHaveLength(2);
    expect(result.code).toBe(0);
    // Without the status lists, neither credential's status can be checked: exit 2.
    const unchecked = await laurel(['verify', path.join(dir, 'presentation.json')]);
    expect(unchecked.out.match(/could not be fully checked/g)).toHaveLength(2);
    expect(unchecked.code).toBe(2);
  });

  it('a URL answering 410: revoked by the issuer, exit 1', async () => {
    vi.stubEnv('FETCH_ALLOW_HTTP', 'true');
    vi.stubEnv('FETCH_ALLOW_LOOPBACK', 'true');
    try {
      const result = await laurel(['verify', revokedUrl]);
      expect(result.out).toContain(`This credential is NOT valid. It was revoked by the issuer: ${revokedUrl} answers 410 Gone.`);
      expect(result.code).toBe(1);
      const json = await laurel(['verify', revokedUrl, '--json']);
      expect(JSON.parse(json.out)).toEqual({ verified: false, verdict: 'invalid', revoked: true, url: revokedUrl });
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('says what it could not read: usage (exit 2), or an altered badge (exit 1)', async () => {
    writeFileSync(path.join(dir, 'plain.png'), await plainBadge());
    const plain = await laurel(['verify', path.join(dir, 'plain.png')]);
    expect(plain.out).toContain('no baked Open Badges credential');
    expect(plain.code).toBe(2);
    const altered = Buffer.from(files['badge.png']!);
    altered.write('Eve', altered.indexOf('Ada Lovelace'), 'utf8');
    const tampered = await laurel(['verify', '-'], altered);
    expect(tampered.out).toMatch(/standard input: The PNG badge was altered after it was baked: .*CRC/);
    expect(tampered.code).toBe(1);
  });
});

describe.skipIf(skipBrowserTests)('the verify page in Chromium: files and URLs', () => {
  let server: Awaited<ReturnType<typeof serveOnLoopback>>;
  let browser: TestBrowser;
  let page: Page;
  beforeAll(async () => {
    server = await serveOnLoopback(verifier.app.fetch);
    browser = await launchBrowser();
    page = await browser.newPage();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function expectAccessible() {
    const { violations } = await new AxeBuilder({ page }).analyze();
    expect(violations.map((violation) => `${violation.impact}: ${violation.id}`)).toEqual([]);
  }

  async function submit() {
    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Verify' }).click()]);
  }

  it.each([...FORMS.map(({ file }) => file), 'presentation.json'])('chooses %s and reads the verdict', async (file) => {
    await page.goto(`${server.url}/verify`);
    await page.getByLabel(/choose a file/).setInputFiles(path.join(dir, file));
    await submit();
    const verdict = await page.getByRole('heading', { level: 2 }).textContent();
    if (file === 'presentation.json') {
      expect(verdict).toBe('This presentation holds 2 credentials: 2 authentic from a recognised issuer.');
      await expect(page.getByRole('heading', { level: 3 }).allTextContents()).resolves.toEqual([1, 2].map((n) => `Credential ${n} of 2: ${TRUSTED} ${ISSUED_BY}`));
      // Each credential's details nest under its own heading, one level down.
      await expect(page.getByRole('heading', { level: 4 }).allTextContents()).resolves.toEqual(['Details', 'Details']);
    } else {
      expect(verdict).toBe(`${TRUSTED} ${ISSUED_BY}`);
      await expect(page.locator('dd[data-field="achievement"]').textContent()).resolves.toBe('Computer Science 101');
    }
    // Focus starts on the verdict (autofocus; the page runs no script).
    await expect(page.evaluate('document.activeElement?.id')).resolves.toBe('result-heading');
    await browser.screenshot(page, `verify-page-${file.replace('.', '-')}`);
    await expectAccessible();
  });

  it('a URL answering 410 shows "revoked by the issuer"', async () => {
    await page.goto(`${server.url}/verify`);
    await page.getByLabel(/give its URL/).fill(revokedUrl);
    await submit();
    const verdict = await page.getByRole('heading', { level: 2 }).textContent();
    expect(verdict).toContain('This credential is NOT valid.');
    expect(verdict).toContain('revoked by the issuer');
    await browser.screenshot(page, 'verify-page-revoked-url');
    await expectAccessible();
  });
});
