// A credential's public URL in every form people use: the signed JSON, the
// certificate page (verified live), the PDF carrying the credential as an
// attachment, and badge images with the credential baked in.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { PDFDict, PDFDocument, PDFHexString, PDFName, PDFString } from 'pdf-lib';
import { PNG } from 'pngjs';
import { main, type CliIo } from '@laurel/cli';
import { readPdfAttachments, readPngChunks, unbakeCredential, writePngChunks } from '@laurel/render';
import { verifyCredential } from '@laurel/suites';
import { describeEachDatabase } from './support/databases.js';
import { createTestIssuer, type TestIssuer } from './support/issuer.js';
import { COURSES, LOGO_IMAGE, SIGNATURE_IMAGE, seedCertificates, type Seeded } from './support/certificates.js';
import { requirePoppler, skipWithoutPoppler } from './support/poppler.js';

const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

describeEachDatabase('certificate documents', (database) => {
  let issuer: TestIssuer;
  let seeded: Seeded;
  let credentialId: string;
  let document: Record<string, unknown>;
  const get = (path: string, accept?: string) => issuer.app.request(path, accept ? { headers: { accept } } : {});
  const verifies = async (credential: unknown) => (await verifyCredential(credential, { checkStatus: issuer.checkStatus })).verified;

  beforeAll(async () => {
    issuer = await createTestIssuer(database.url);
    seeded = await seedCertificates(issuer);
    credentialId = seeded.credentials['ada:cs101']!;
    document = (await issuer.call('GET', `/v1/credentials/${credentialId}`)).body.document;
  });
  afterAll(() => issuer.close());

  it('answers JSON to machines and a live-verified certificate page to browsers', async () => {
    const json = await get(`/credentials/${credentialId}`, 'application/ld+json');
    expect(json.headers.get('content-type')).toContain('application/ld+json');
    expect(await json.json()).toEqual(document);
    expect((await get(`/credentials/${credentialId}`)).headers.get('content-type')).toContain('application/ld+json');

    const page = await get(`/credentials/${credentialId}`, BROWSER_ACCEPT);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await page.text();
    expect(html).toContain('Ada Lovelace');
    expect(html).toContain('Computer Science 101');
    expect(html).toContain('data-seal="valid"');
    expect(html).toContain('Dr. Grace Hopper');
    expect(html).toContain(`<meta property="og:url" content="https://issuer.test/credentials/${credentialId}">`);
    const linkedIn = new URL(/href="(https:\/\/www\.linkedin\.com\/profile\/add\?[^"]+)"/.exec(html)![1]!.replaceAll('&amp;', '&'));
    expect(linkedIn.searchParams.get('certId')).toBe(`https://issuer.test/credentials/${credentialId}`);
    expect(linkedIn.searchParams.get('organizationName')).toBe('Example University');
  });

  it('shows the tier, the criteria as sentences, the logo and the signature on the page (OB 3.0 Achievement.tag, criteria.narrative)', async () => {
    const achievement = (document.credentialSubject as { achievement: { tag: string[]; criteria: { narrative: string } } }).achievement;
    expect(achievement.tag).toEqual(['Achievement']);
    expect(achievement.criteria.narrative).toBe('Complete at least 80% of the course. Score at least 80% in Final Exam.');
    const html = await (await get(`/credentials/${credentialId}`, BROWSER_ACCEPT)).text();
    expect(html).toContain('<p class="tier">Level: Achievement</p>');
    expect(html).toContain('<p>Complete at least 80% of the course.</p>');
    expect(html).toContain('<p>Score at least 80% in Final Exam.</p>');
    expect(html).toContain(`<img class="logo" src="${LOGO_IMAGE}"`);
    expect(html).toContain(`<img class="signature" src="${SIGNATURE_IMAGE}" alt="Signature of Dr. Grace Hopper">`);
  });

  it('names a learning path\'s courses by their names in its criteria', async () => {
    const records = [COURSES.cs101, COURSES.cs102].map((courseId) => ({
      learner: { lmsUserId: 'dee', name: 'Dee Path', locale: 'en' }, courseId, completionPercent: 100, gradePercent: 90,
      assignmentGrades: { 'Final Exam': 90 }, passed: true, sourceEventId: `dee-${courseId}`,
    }));
    const outcome = await issuer.call('POST', '/v1/completions', { issuerId: seeded.issuerId, records });
    const path = (outcome.body.issued as { credentialId: string; achievementId: string }[]).find((issued) => issued.achievementId === seeded.achievements.path)!;
    const credential = (await issuer.call('GET', `/v1/credentials/${path.credentialId}`)).body.document;
    expect(credential.credentialSubject.achievement.criteria.narrative).toBe('Complete all 2 required courses. In Computer Science 101, pass the course. In Computer Science 102, pass the course.');
  });

  it('resolves the credential\'s achievement.id: OB 3.0 Achievement JSON-LD for machines, its page for people', async () => {
    const { '@context': _context, creator, ...achievement } = (await (await get(new URL((document.credentialSubject as { achievement: { id: string } }).achievement.id).pathname, 'application/ld+json')).json()) as Record<string, any>;
    expect(achievement).toEqual((document.credentialSubject as { achievement: unknown }).achievement);
    expect(creator).toMatchObject({ id: (document.issuer as { id: string }).id, type: ['Profile'], name: 'Example University' });
    const path = new URL(achievement.id).pathname;
    expect((await get(`${path}.json`)).headers.get('content-disposition')).toMatch(/attachment/);

    const page = await get(path, BROWSER_ACCEPT);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<h1 id="achievement-name" data-field="achievement">Computer Science 101</h1>');
    expect(html).toContain('<p class="tier">Level: Achievement</p>');
    expect(html).toContain('<p>Score at least 80% in Final Exam.</p>');
    expect(html).toContain(`<img class="logo" src="${LOGO_IMAGE}" alt="Logo of Example University">`);
    expect(html).not.toContain('Ada Lovelace');
    const spanish = await (await issuer.app.request(path, { headers: { accept: BROWSER_ACCEPT, 'accept-language': 'es' } })).text();
    expect(spanish).toContain('<p>Obtener al menos 80% en Final Exam.</p>');
    expect((await get('/achievements/no-such-achievement', 'application/json')).status).toBe(404);
  });

  it('uses the achievement\'s template, theme and language', async () => {
    const html = await (await get(`/credentials/${seeded.credentials['bob:cs101']}`, BROWSER_ACCEPT)).text();
    expect(html).toContain('class="certificate classic"');
    expect(html).toContain('lang="en"');
    const spanish = await (await get(`/credentials/${credentialId}?lang=es`, BROWSER_ACCEPT)).text();
    expect(spanish).toContain('Verificada: firmada por el emisor');
  });

  it('serves a PDF whose text names the learner and URL and whose attachment is the verifying credential', async () => {
    const response = await get(`/credentials/${credentialId}.pdf`);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    const bytes = new Uint8Array(await response.arrayBuffer());
    const pdf = await PDFDocument.load(bytes);
    expect(pdf.getPageCount()).toBe(1);
    // Tagged: the catalog has a structure tree, MarkInfo Marked true and the document language.
    expect(pdf.catalog.lookup(PDFName.of('StructTreeRoot'), PDFDict).lookup(PDFName.of('K'))).toBeDefined();
    expect(String(pdf.catalog.lookup(PDFName.of('MarkInfo'), PDFDict).get(PDFName.of('Marked')))).toBe('true');
    expect(pdf.catalog.lookup(PDFName.of('Lang'), PDFString, PDFHexString).decodeText()).toBe('en');
    expect(pdf.getTitle()).toBe('Computer Science 101 — Ada Lovelace');
    // Every figure has alternate text (PDF/UA-minded).
    const figures = pdf.context.enumerateIndirectObjects().map(([, object]) => object).filter((object): object is PDFDict => object instanceof PDFDict && object.get(PDFName.of('S')) === PDFName.of('Figure'));
    expect(figures.map((figure) => figure.lookup(PDFName.of('Alt'), PDFString, PDFHexString).decodeText())).toEqual([
      'Logo of Example University', 'Signature of Dr. Grace Hopper', `QR code linking to this page: https://issuer.test/credentials/${credentialId}`,
    ]);
    const { width, height } = pdf.getPage(0).getSize();
    expect(width).toBeGreaterThan(height);
    const [attachment] = await readPdfAttachments(bytes);
    const attached = JSON.parse(new TextDecoder().decode(attachment!.bytes));
    expect(attached).toEqual(document);
    expect(await verifies(attached)).toBe(true);
  });

  it.skipIf(skipWithoutPoppler)('the PDF, read by poppler, names the learner and URL and renders', async () => {
    requirePoppler();
    const bytes = new Uint8Array(await (await get(`/credentials/${credentialId}.pdf`)).arrayBuffer());
    const dir = mkdtempSync(path.join(os.tmpdir(), 'laurel-pdf-'));
    const file = path.join(dir, 'certificate.pdf');
    writeFileSync(file, bytes);
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    expect(text).toContain('Ada Lovelace');
    expect(text).toContain(`https://issuer.test/credentials/${credentialId}`);
    expect(text).toContain('Level: Achievement');
    expect(text.replace(/\s+/g, ' ')).toContain('Complete at least 80% of the course. Score at least 80% in Final Exam.');
    expect(text).toContain('Dr. Grace Hopper');
    // The logo (96×32) and the signature (64×24), embedded from their inline PNGs.
    const images = execFileSync('pdfimages', ['-list', file], { encoding: 'utf8' }).split('\n').slice(2).filter(Boolean).map((line) => line.trim().split(/\s+/))
      // A PNG's alpha channel is its own "smask" entry; the images are the "image" rows.
      .filter((columns) => columns[2] === 'image').map((columns) => columns.slice(3, 5).join('×'));
    expect(images.sort()).toEqual(['64×24', '96×32']);
    // Tagged (PDF 32000-1 §14.8): a structure tree in reading order, the achievement as the heading, figures for logo, signature and QR.
    expect(execFileSync('pdfinfo', [file], { encoding: 'utf8' })).toMatch(/^Tagged:\s+yes$/m);
    const structure = execFileSync('pdfinfo', ['-struct-text', file], { encoding: 'utf8' });
    expect(structure).toMatch(/^Document\n/);
    expect(structure).toMatch(/H1 \(block\)\n\s+"Computer Science 101"/);
    expect(structure).toContain('"Dr. Grace Hopper Dean of Computing"'); // words kept apart across lines
    expect(structure.match(/^\s+Figure$/gm)).toHaveLength(3);
    const order = ['This certifies that', 'Ada Lovelace', 'Computer Science 101', 'Level: Achievement', 'Complete at least 80%', 'Dr. Grace Hopper', 'Verify at:'].map((text) => structure.indexOf(text));
    expect(order.every((at, index) => at > 0 && (index === 0 || at > order[index - 1]!))).toBe(true);
    execFileSync('pdftoppm', ['-png', '-r', '50', '-singlefile', file, path.join(dir, 'page')]);
    expect(existsSync(path.join(dir, 'page.png'))).toBe(true);
  });

  it.skipIf(skipWithoutPoppler)('prints learners\' names in other scripts in the PDF, in embedded subset fonts', async () => {
    requirePoppler();
    const learners = { li: '李小龙', alena: 'Алёна Шевченко', ngo: 'Ngô Bảo Châu', mohammed: 'محمد', minjun: '김민준', somchai: 'สมชาย ใจดี' };
    const records = Object.entries(learners).map(([lmsUserId, name]) => ({
      learner: { lmsUserId, name, locale: 'en' }, courseId: COURSES.cs101, completionPercent: 100, gradePercent: 88,
      assignmentGrades: { 'Final Exam': 90 }, passed: true, sourceEventId: `${lmsUserId}-unicode-pdf`,
    }));
    const outcome = await issuer.call('POST', '/v1/completions', { issuerId: seeded.issuerId, records });
    expect(outcome.status, JSON.stringify(outcome.body)).toBe(200);
    expect(outcome.body.issued).toHaveLength(records.length);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'laurel-pdf-names-'));
    for (const issued of outcome.body.issued as { credentialId: string; learnerId: string }[]) {
      const response = await get(`/credentials/${issued.credentialId}.pdf`);
      expect(response.status).toBe(200);
      const file = path.join(dir, `${issued.credentialId}.pdf`);
      writeFileSync(file, new Uint8Array(await response.arrayBuffer()));
      // poppler marks right-to-left text with bidi controls; the name is the letters between them.
      const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).replace(/[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '');
      const name = (await issuer.call('GET', `/v1/credentials/${issued.credentialId}`)).body.document.credentialSubject.name as string;
      expect(Object.values(learners)).toContain(name);
      expect(text).toContain(name);
      expect(text).not.toContain('?');
      const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' });
      expect(fonts).toMatch(/^[A-Z]{6}\+Noto\S+\s.*\syes\s+yes\s+yes\s/m);
    }
  });

  it('bakes the credential into PNG and SVG badges; an altered PNG chunk fails', async () => {
    for (const format of ['png', 'svg']) {
      const image = new Uint8Array(await (await get(`/credentials/${credentialId}.${format}`)).arrayBuffer());
      const baked = unbakeCredential(image);
      expect(baked).toEqual(document);
      expect(await verifies(baked)).toBe(true);
    }
    const png = Buffer.from(await (await get(`/credentials/${credentialId}.png`)).arrayBuffer());
    // Tampered without fixing the CRC: the chunk is refused.
    const corrupt = Buffer.from(png);
    const at = corrupt.indexOf('Ada Lovelace');
    corrupt.write('Eve', at, 'utf8');
    expect(() => unbakeCredential(corrupt)).toThrow(/CRC/);
    // Tampered with a recomputed CRC: it reads, but the proof fails.
    const chunks = readPngChunks(png).map((chunk) => chunk.type === 'iTXt' ? { ...chunk, data: Buffer.from(chunk.data.toString('utf8').replace('Ada Lovelace', 'Eve Lovelace'), 'utf8') } : chunk);
    const forged = unbakeCredential(writePngChunks(chunks));
    expect(await verifies(forged)).toBe(false);
  });

  it('serves a designed default badge (not one colour) and a 1200×630 Open Graph preview the page links', async () => {
    const badge = PNG.sync.read(Buffer.from(await (await get(`/credentials/${credentialId}.png`)).arrayBuffer()));
    const colours = new Set<number>();
    for (let offset = 0; offset < badge.data.length; offset += 4) if (badge.data[offset + 3] === 255) colours.add(badge.data.readUInt32BE(offset));
    expect(colours.size).toBeGreaterThan(50);

    const html = await (await get(`/credentials/${credentialId}`, BROWSER_ACCEPT)).text();
    const previewUrl = `https://issuer.test/credentials/${credentialId}/preview.png`;
    expect(html).toContain(`<meta property="og:image" content="${previewUrl}">`);
    const preview = await get(new URL(previewUrl).pathname);
    expect(preview.status).toBe(200);
    expect(preview.headers.get('content-type')).toBe('image/png');
    const image = PNG.sync.read(Buffer.from(await preview.arrayBuffer()));
    expect([image.width, image.height]).toEqual([1200, 630]);
    expect((await get('/credentials/no-such-credential/preview.png')).status).toBe(404);
  });

  it('lets `laurel verify` check a baked PNG, and refuses an altered one', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'laurel-badge-'));
    const png = Buffer.from(await (await get(`/credentials/${credentialId}.png`)).arrayBuffer());
    const lists: string[] = [];
    for (const entry of document.credentialStatus as { statusListCredential: string }[]) {
      const file = path.join(dir, `${lists.length}.json`);
      writeFileSync(file, JSON.stringify((await issuer.store.statusLists.signedCopy(entry.statusListCredential.split('/').pop()!))!.document));
      lists.push('--status-list', file);
    }
    const run = async (file: string) => {
      let out = '';
      const io: CliIo = { stdout: (text) => void (out += text), stderr: (text) => void (out += text), readStdin: async () => '' };
      return { code: await main(['verify', file, ...lists], io), out };
    };
    writeFileSync(path.join(dir, 'badge.png'), png);
    const good = await run(path.join(dir, 'badge.png'));
    expect(good.out).toContain('This credential is authentic');
    expect(good.code).toBe(0);
    const altered = Buffer.from(png);
    altered.write('Eve', altered.indexOf('Ada Lovelace'), 'utf8');
    writeFileSync(path.join(dir, 'altered.png'), altered);
    const bad = await run(path.join(dir, 'altered.png'));
    expect(bad.code).toBe(1);
    expect(bad.out).toContain('CRC');
  });

  it('after revocation: JSON is 410, the page says revoked and shows nothing else, no PDF', async () => {
    const bob = seeded.credentials['bob:cs101']!;
    expect((await issuer.call('POST', `/v1/credentials/${bob}/revoke`, { reason: 'test' })).status).toBe(200);
    expect((await get(`/credentials/${bob}`, 'application/json')).status).toBe(410);
    const page = await get(`/credentials/${bob}`, BROWSER_ACCEPT);
    expect(page.status).toBe(410);
    const html = await page.text();
    expect(html).toContain('data-seal="revoked"');
    expect(html).not.toMatch(/Bob Babbage|Computer Science|Example University/);
    expect((await get(`/credentials/${bob}.pdf`)).status).toBe(410);
    expect((await get(`/credentials/${bob}/preview.png`)).status).toBe(410);
  });
});
