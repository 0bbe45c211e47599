// Fonts are optional: a deployment without @laurel/pdf-fonts (PDF_FONTS_MODULE
// names a module that is not installed, exactly what an install that omits the
// package leaves) answers PDF requests with a 503 FONT_UNAVAILABLE problem,
// while the certificate page and the badge images still work.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unbakeCredential } from '@laurel/render';
import { freshDatabaseUrl, type FreshDatabase } from './support/databases.js';
import { createTestIssuer, type TestIssuer } from './support/issuer.js';
import { seedCertificates } from './support/certificates.js';

describe('certificates without the PDF fonts package', () => {
  let database: FreshDatabase;
  let issuer: TestIssuer;
  let credentialId: string;
  const get = (path: string, accept?: string) => issuer.app.request(path, accept ? { headers: { accept } } : {});

  beforeAll(async () => {
    database = await freshDatabaseUrl('sqlite');
    issuer = await createTestIssuer(database.url, undefined, { pdfFontsModule: '@laurel/pdf-fonts-not-installed' });
    credentialId = (await seedCertificates(issuer)).credentials['ada:cs101']!;
  });
  afterAll(async () => {
    await issuer.close();
    await database.drop();
  });

  it('answers the PDF with 503 FONT_UNAVAILABLE, a problem body that says what is missing', async () => {
    const response = await get(`/credentials/${credentialId}.pdf`);
    expect(response.status).toBe(503);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    const body = (await response.json()) as { code: string; detail: string; status: number };
    expect(body).toMatchObject({ code: 'FONT_UNAVAILABLE', status: 503 });
    expect(body.detail).toContain('@laurel/pdf-fonts-not-installed');
  });

  it('still serves the certificate page and the baked PNG and SVG badges', async () => {
    const page = await get(`/credentials/${credentialId}`, 'text/html');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Ada Lovelace');
    for (const format of ['png', 'svg']) {
      const image = await get(`/credentials/${credentialId}.${format}`);
      expect(image.status).toBe(200);
      expect(unbakeCredential(new Uint8Array(await image.arrayBuffer()))).toMatchObject({ credentialSubject: { name: 'Ada Lovelace' } });
    }
  });
});
