// Issuers' uploaded images and fonts, and certificate designs that place them:
// through the issuer API, out to the credential's PDF (pdffonts must list the
// uploaded font) and the preview page (served under a policy that lets
// same-origin fonts load); and the same API over an S3-compatible store.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { PNG } from 'pngjs';
import { createAssetService, createS3ObjectStore } from '@laurel/asset-store';
import { createGuardedFetcher } from '@laurel/guarded-fetch';
import { readPdfAttachments } from '@laurel/render';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachDatabase, freshDatabaseUrl } from './support/databases.js';
import { createTestIssuer, type TestIssuer } from './support/issuer.js';
import { seedCertificates, type Seeded } from './support/certificates.js';
import { requirePoppler, skipWithoutPoppler } from './support/poppler.js';
import { startFakeS3 } from './support/fake-s3.js';

const require = createRequire(import.meta.url);
const FONT = readFileSync(require.resolve('@fontsource/noto-sans-thai/files/noto-sans-thai-latin-400-normal.woff'));
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

function logoPng(): Buffer {
  const image = new PNG({ width: 40, height: 20 });
  for (let index = 0; index < image.data.length; index += 4) image.data.set([30, 90, 160, 255], index);
  return PNG.sync.write(image);
}

async function upload(issuer: TestIssuer, issuerId: string, bytes: Uint8Array, contentType: string, name?: string) {
  const response = await issuer.app.request(`/v1/issuers/${issuerId}/assets${name ? `?name=${encodeURIComponent(name)}` : ''}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${issuer.adminToken}`, 'content-type': contentType },
    body: bytes,
  });
  return { status: response.status, body: (await response.json()) as any };
}

function designWith(fontId: string, logoId: string) {
  return {
    format: 'laurel-design/1',
    fonts: { brand: { asset: fontId } },
    pages: [
      {
        elements: [
          { type: 'image', x: 40, y: 30, width: 120, height: 60, asset: logoId, alt: 'Logo of {{issuer.name}}' },
          { type: 'text', x: 60, y: 120, width: 720, height: 60, text: '{{achievement.name}}', font: 'brand', size: 34, role: 'heading' },
          { type: 'text', x: 60, y: 200, width: 720, height: 50, text: 'Awarded to {{learner.name}}', font: 'brand', size: 24 },
          { type: 'qr', x: 700, y: 450, size: 100 },
        ],
      },
      { elements: [{ type: 'text', x: 60, y: 60, width: 700, height: 60, text: '{{achievement.criteria}}', size: 12, align: 'left' }] },
    ],
  };
}

describeEachDatabase('assets and certificate designs through the issuer API', (database) => {
  let issuer: TestIssuer;
  let seeded: Seeded;

  beforeAll(async () => {
    issuer = await createTestIssuer(database.url);
    seeded = await seedCertificates(issuer);
  });
  afterAll(() => issuer.close());

  it('upload images and fonts once, serve them publicly and cacheably, and refuse what is unsafe or unknown, naming the field', async () => {
    const { issuerId } = seeded;
    const font = await upload(issuer, issuerId, FONT, 'font/woff', 'brand.woff2');
    expect(font.status).toBe(201);
    expect(font.body).toMatchObject({ id: sha256(FONT), kind: 'font', mediaType: 'font/woff', fontFamily: 'Noto Sans Thai', storage: 'database', name: 'brand.woff2' });
    expect((await upload(issuer, issuerId, FONT, 'application/octet-stream')).status).toBe(200);
    const served = await issuer.app.request(font.body.url);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('font/woff');
    expect(served.headers.get('cache-control')).toContain('immutable');
    expect(Buffer.from(await served.arrayBuffer()).equals(FONT)).toBe(true);
    expect((await issuer.app.request(font.body.url, { headers: { 'if-none-match': `"${font.body.id}"` } })).status).toBe(304);

    const unsafe = await upload(issuer, issuerId, new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'), 'image/svg+xml');
    expect([unsafe.status, unsafe.body.code]).toEqual([400, 'ASSET_UNSAFE']);
    const html = await upload(issuer, issuerId, new TextEncoder().encode('<html></html>'), 'text/html');
    expect([html.status, html.body.code]).toEqual([415, 'ASSET_TYPE_UNSUPPORTED']);
    expect(html.body.detail).toContain('Content-Type');
    const list = await issuer.call('GET', `/v1/issuers/${issuerId}/assets`);
    expect(list.body.items.map((asset: { id: string }) => asset.id)).toEqual([font.body.id]);
    const anonymous = await issuer.call('GET', `/v1/issuers/${issuerId}/assets`, undefined, '');
    expect(anonymous.status).toBe(401);
  });

  it.skipIf(skipWithoutPoppler)("print an achievement's certificate PDF in the chosen design, with the uploaded font embedded", async () => {
    requirePoppler();
    const { issuerId } = seeded;
    const font = (await upload(issuer, issuerId, FONT, 'font/woff')).body;
    const logo = (await upload(issuer, issuerId, logoPng(), 'image/png', 'logo.png')).body;
    const invalid = await issuer.call('POST', `/v1/issuers/${issuerId}/designs`, { name: 'Broken', design: { ...designWith(font.id, logo.id), fonts: { brand: { asset: logo.id } } } });
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors).toEqual([expect.objectContaining({ path: 'design.fonts.brand.asset' })]);
    const unknownField = await issuer.call('POST', `/v1/issuers/${issuerId}/designs`, { name: 'Broken', design: { ...designWith(font.id, logo.id), pages: [{ elements: [{ type: 'text', x: 0, y: 0, width: 10, height: 10, text: '{{learner.email}}' }] }] } });
    expect(unknownField.body.errors[0].path).toBe('design.pages[0].elements[0].text');
    const created = await issuer.call('POST', `/v1/issuers/${issuerId}/designs`, { name: 'House style', design: designWith(font.id, logo.id) });
    expect(created.status).toBe(201);
    const choice = await issuer.call('PUT', `/v1/issuers/${issuerId}/achievements/${seeded.achievements.cs101}/certificate-design`, { designId: created.body.id });
    expect(choice.status).toBe(200);
    // The font is placed by a design: it stays.
    expect((await issuer.call('DELETE', `/v1/issuers/${issuerId}/assets/${font.id}`)).body.code).toBe('ASSET_IN_USE');

    const credentialId = seeded.credentials['ada:cs101']!;
    const pdf = new Uint8Array(await (await issuer.app.request(`/credentials/${credentialId}.pdf`)).arrayBuffer());
    const dir = mkdtempSync(path.join(os.tmpdir(), 'laurel-design-api-'));
    try {
      const file = path.join(dir, 'certificate.pdf');
      writeFileSync(file, pdf);
      expect(execFileSync('pdffonts', [file], { encoding: 'utf8' })).toMatch(/[A-Z]{6}\+NotoSansThai/);
      expect(execFileSync('pdfimages', ['-list', file], { encoding: 'utf8' }).split('\n').filter((line) => /^\s+\d+\s+\d+\s+image/.test(line)).length).toBeGreaterThanOrEqual(1);
      const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
      expect(text).toContain('Awarded to');
      expect(execFileSync('pdfinfo', [file], { encoding: 'utf8' })).toMatch(/Pages:\s+2/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const [attachment] = await readPdfAttachments(pdf);
    expect(JSON.parse(Buffer.from(attachment!.bytes).toString('utf8')).id).toContain(credentialId);

    // Another achievement keeps the built-in layout (no design chosen for it or the issuer).
    const other = new Uint8Array(await (await issuer.app.request(`/credentials/${seeded.credentials['ada:cs102'] ?? Object.values(seeded.credentials).find((id) => id !== credentialId)!}.pdf`)).arrayBuffer());
    expect(Buffer.from(other).toString('latin1')).not.toContain('NotoSansThai');

    const preview = await issuer.app.request(`/v1/issuers/${issuerId}/designs/${created.body.id}/preview?achievementId=${seeded.achievements.cs101}`, { headers: { authorization: `Bearer ${issuer.adminToken}` } });
    expect(preview.status).toBe(200);
    expect(preview.headers.get('content-security-policy')).toContain("font-src 'self'");
    expect(await preview.text()).toContain(`/v1/issuers/${issuerId}/assets/${font.id}`);
    const previewPdf = await issuer.app.request(`/v1/issuers/${issuerId}/designs/${created.body.id}/preview?format=pdf`, { headers: { authorization: `Bearer ${issuer.adminToken}` } });
    expect(previewPdf.headers.get('content-type')).toBe('application/pdf');

    expect((await issuer.call('DELETE', `/v1/issuers/${issuerId}/designs/${created.body.id}`)).status).toBe(204);
    expect((await issuer.call('DELETE', `/v1/issuers/${issuerId}/assets/${font.id}`)).status).toBe(200);
    expect((await issuer.app.request(font.url)).status).toBe(404);
  });
});

describe('assets in an S3-compatible store', () => {
  const credentials = { bucket: 'laurel', region: 'eu-west-1', accessKeyId: 'AKIDTEST', secretAccessKey: 'secret-for-tests' };

  it('keep the bytes in the bucket, only the metadata in the database, and answer 502 when the store fails', async () => {
    const s3 = await startFakeS3(credentials);
    const fetcher = createGuardedFetcher({ allowHttp: true, allowLoopback: true, maxBytes: 9 * 1024 * 1024 });
    const database = await freshDatabaseUrl('sqlite');
    const issuer = await createTestIssuer(database.url, undefined, {
      assets: (store) => createAssetService({ store, storage: 's3', objectStore: createS3ObjectStore({ endpoint: s3.url, ...credentials }, fetcher) }),
    });
    try {
      const { issuerId } = await seedCertificates(issuer);
      const logo = logoPng();
      const uploaded = await upload(issuer, issuerId, logo, 'image/png');
      expect(uploaded.body.storage).toBe('s3');
      expect(s3.objects.get(`assets/${issuerId}/${sha256(logo)}`)?.bytes.equals(logo)).toBe(true);
      expect((await issuer.store.assets.readBytes(issuerId, uploaded.body.id))).toBeUndefined();
      expect(Buffer.from(await (await issuer.app.request(uploaded.body.url)).arrayBuffer()).equals(logo)).toBe(true);
      expect(s3.requests.every((request) => request.signature === 'valid')).toBe(true);
      expect((await issuer.call('DELETE', `/v1/issuers/${issuerId}/assets/${uploaded.body.id}`)).status).toBe(200);
      expect(s3.objects.size).toBe(0);
      await s3.close();
      const failed = await upload(issuer, issuerId, logo, 'image/png');
      expect([failed.status, failed.body.code]).toEqual([502, 'ASSET_STORE_FAILED']);
      expect(await issuer.store.assets.list(issuerId)).toEqual([]);
    } finally {
      await issuer.close();
      await fetcher.close();
      await s3.close().catch(() => undefined);
      await database.drop();
    }
  });

  // A delete and an upload of the same bytes share one object key. Whichever way they interleave,
  // the asset ends up either gone (row and bytes) or whole; never a row whose bytes were deleted.
  describe('a delete and an upload of the same bytes that overlap', () => {
    async function setUp() {
      const s3 = await startFakeS3(credentials);
      const fetcher = createGuardedFetcher({ allowHttp: true, allowLoopback: true, maxBytes: 9 * 1024 * 1024 });
      const database = await freshDatabaseUrl('sqlite');
      const issuer = await createTestIssuer(database.url, undefined, {
        assets: (store) => createAssetService({ store, storage: 's3', objectStore: createS3ObjectStore({ endpoint: s3.url, ...credentials }, fetcher) }),
      });
      const { issuerId } = await seedCertificates(issuer);
      const logo = logoPng();
      const first = await upload(issuer, issuerId, logo, 'image/png');
      expect(first.status).toBe(201);
      const key = `assets/${issuerId}/${sha256(logo)}`;
      const remove = () => issuer.call('DELETE', `/v1/issuers/${issuerId}/assets/${first.body.id}`);
      /** The asset is listed and its public URL serves exactly its bytes. */
      const whole = async () => {
        expect((await issuer.store.assets.list(issuerId)).map((asset) => asset.id)).toEqual([first.body.id]);
        expect(s3.objects.get(key)?.bytes.equals(logo)).toBe(true);
        const served = await issuer.app.request(first.body.url);
        expect(served.status).toBe(200);
        expect(Buffer.from(await served.arrayBuffer()).equals(logo)).toBe(true);
      };
      const close = async () => {
        await issuer.close();
        await fetcher.close();
        await s3.close();
        await database.drop();
      };
      return { s3, issuer, issuerId, logo, key, remove, whole, close };
    }

    it('the upload runs whole while the delete waits to remove the object: the delete puts the bytes back', async () => {
      const { s3, issuer, issuerId, logo, key, remove, whole, close } = await setUp();
      try {
        const deletion = s3.hold('DELETE', key, 'before');
        const removing = remove();
        await deletion.reached; // its row is gone, its object not yet
        const again = await upload(issuer, issuerId, logo, 'image/png');
        expect(again.status).toBe(201);
        deletion.release();
        expect((await removing).status).toBe(200);
        await whole();
      } finally {
        await close();
      }
    });

    it('the delete runs whole between the upload storing the bytes and writing its row: the upload stores them again', async () => {
      const { s3, issuer, issuerId, logo, key, remove, whole, close } = await setUp();
      try {
        const deletion = s3.hold('DELETE', key, 'before');
        const removing = remove();
        await deletion.reached;
        const stored = s3.hold('PUT', key, 'after');
        const uploading = upload(issuer, issuerId, logo, 'image/png');
        await stored.reached; // the bytes are in the bucket; the row is not written yet
        deletion.release();
        expect((await removing).status).toBe(200);
        expect(s3.objects.has(key)).toBe(false);
        stored.release();
        expect((await uploading).status).toBe(201);
        await whole();
      } finally {
        await close();
      }
    });
  });
});
