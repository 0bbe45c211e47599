// An achievement's name and description in other languages: stored with the
// achievement, shown on its page, certificate page and PDF to readers of those
// languages, never signed (1EdTech's OB 3.0 schema types Achievement.name as a
// string, so the credential keeps the achievement's own name and stays valid).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readPdfAttachments } from '@laurel/render';
import { verifyCredential } from '@laurel/suites';
import { describeEachDatabase } from './support/databases.js';
import { createTestIssuer, type TestIssuer } from './support/issuer.js';
import { requirePoppler, skipWithoutPoppler } from './support/poppler.js';
import { learnerToken } from './support/certificates.js';

const BROWSER = 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.8';
const TRANSLATIONS = {
  fr: { name: 'Science des données 101', description: 'Une introduction aux données.' },
  ar: { name: 'علم البيانات 101' },
  'pt-BR': { name: 'Ciência de Dados 101' },
};

describeEachDatabase('achievement translations', (database) => {
  let issuer: TestIssuer;
  let issuerId: string;
  let achievementId: string;
  let credentialId: string;
  let learnerId: string;
  const page = (path: string, language?: string) => issuer.app.request(path, { headers: { accept: BROWSER, ...(language ? { 'accept-language': language } : {}) } });

  beforeAll(async () => {
    issuer = await createTestIssuer(database.url);
    issuerId = (await issuer.call('POST', '/v1/issuers', { slug: `t-${Math.random().toString(36).slice(2, 8)}`, name: 'Example University', didMethod: 'key' })).body.id;
    const created = await issuer.call('POST', `/v1/issuers/${issuerId}/achievements`, {
      externalId: 'course-v1:Org+DS101+2026', name: 'Data Science 101', description: 'An introduction to data.', translations: TRANSLATIONS, rules: { minCompletionPercent: 80 },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    achievementId = created.body.id;
    expect(created.body.translations).toEqual(TRANSLATIONS);
    const outcome = await issuer.call('POST', '/v1/completions', { issuerId, learner: { lmsUserId: 'ada', name: 'Ada Lovelace' }, courseId: 'course-v1:Org+DS101+2026', completionPercent: 95, sourceEventId: 'ada-ds101' });
    expect(outcome.status, JSON.stringify(outcome.body)).toBe(200);
    credentialId = outcome.body.issued[0].credentialId;
    learnerId = outcome.body.issued[0].learnerId;
  });
  afterAll(() => issuer.close());

  it('signs the achievement\'s own name and description, as strings, and the credential verifies', async () => {
    const { document } = (await issuer.call('GET', `/v1/credentials/${credentialId}`)).body;
    expect(document.credentialSubject.achievement.name).toBe('Data Science 101');
    expect(document.credentialSubject.achievement.description).toBe('An introduction to data.');
    expect(JSON.stringify(document)).not.toContain('Science des données');
    expect((await verifyCredential(document, { checkStatus: issuer.checkStatus })).verified).toBe(true);
  });

  it('shows the certificate page in the reader\'s language, with the translated name (a regional tag serves its language)', async () => {
    const french = await (await page(`/credentials/${credentialId}`, 'fr-CA,fr;q=0.9')).text();
    expect(french).toContain('<html lang="fr" dir="ltr">');
    expect(french).toContain('>Science des données 101</h1>');
    expect(french).toContain('Une introduction aux données.');
    const arabic = await (await page(`/credentials/${credentialId}?lang=ar`)).text();
    expect(arabic).toContain('<html lang="ar" dir="rtl">');
    expect(arabic).toContain('>علم البيانات 101</h1>');
    expect(arabic).toContain('An introduction to data.'); // no Arabic description: the defined one
    expect(await (await page(`/credentials/${credentialId}?lang=pt`)).text()).toContain('>Ciência de Dados 101</h1>');
    const german = await (await page(`/credentials/${credentialId}?lang=de`)).text();
    expect(german).toContain('>Data Science 101</h1>');
  });

  it.skipIf(skipWithoutPoppler)('prints the translated name in the PDF and attaches the signed credential unchanged', async () => {
    requirePoppler();
    const response = await issuer.app.request(`/credentials/${credentialId}.pdf?lang=fr`);
    expect(response.status).toBe(200);
    const bytes = new Uint8Array(await response.arrayBuffer());
    const [attachment] = await readPdfAttachments(bytes);
    expect(JSON.parse(new TextDecoder().decode(attachment!.bytes)).credentialSubject.achievement.name).toBe('Data Science 101');
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'laurel-translated-pdf-')), 'fr.pdf');
    writeFileSync(file, bytes);
    const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    expect(text).toContain('Science des données 101');
    expect(text).toContain('Certificat de réussite'.toUpperCase());
    expect(text).not.toContain('Data Science 101');
  });

  it('shows the achievement page translated while its JSON-LD keeps the defined name', async () => {
    const html = await (await page(`/achievements/${achievementId}`, 'fr')).text();
    expect(html).toContain('>Science des données 101</h1>');
    const json = (await (await issuer.app.request(`/achievements/${achievementId}.json`)).json()) as { name: string };
    expect(json.name).toBe('Data Science 101');
  });

  it('names the achievement in the reader\'s language on the learner record', async () => {
    const token = await learnerToken(issuerId, 'ada');
    const record = await issuer.app.request(`/records/${learnerId}?lang=fr`, { headers: { accept: BROWSER, authorization: `Bearer ${token}` } });
    expect(record.status).toBe(200);
    const html = await record.text();
    expect(html).toContain('<td>Science des données 101</td>');
    expect(html).not.toContain('Data Science 101');
  });

  it('updates and clears translations through the admin API', async () => {
    const patched = await issuer.call('PATCH', `/v1/issuers/${issuerId}/achievements/${achievementId}`, { translations: { es: { name: 'Ciencia de Datos 101' } } });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    expect(await (await page(`/credentials/${credentialId}?lang=es`)).text()).toContain('>Ciencia de Datos 101</h1>');
    expect(await (await page(`/credentials/${credentialId}?lang=fr`)).text()).toContain('>Data Science 101</h1>');
    expect((await issuer.call('PATCH', `/v1/issuers/${issuerId}/achievements/${achievementId}`, { translations: null })).body.translations).toBeNull();
  });

  it('refuses a malformed map with a problem naming the field, and writes nothing', async () => {
    const before = (await issuer.call('GET', `/v1/issuers/${issuerId}/achievements`)).body;
    for (const translations of [{ 'not a tag': { name: 'x' } }, { fr: {} }, { fr: { name: 'x', colour: 'red' } }, { fr: { name: '' } }]) {
      const response = await issuer.call('POST', `/v1/issuers/${issuerId}/achievements`, { externalId: 'course-v1:Org+BAD+2026', name: 'Bad', translations });
      expect(response.status, JSON.stringify(translations)).toBe(400);
      expect(JSON.stringify(response.body)).toContain('translations');
    }
    expect((await issuer.call('GET', `/v1/issuers/${issuerId}/achievements`)).body).toEqual(before);
  });
});
