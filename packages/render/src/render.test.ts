import { describe, expect, it } from 'vitest';
import { certificateFromCredential, signatoriesFrom } from './certificate-data.js';
import { renderCertificatePage, renderRevokedPage } from './certificate-page.js';
import { acceptLanguages, pickLocale } from './i18n.js';
import { linkedInAddToProfileUrl } from './linkedin.js';
import { renderCertificatePdf } from './pdf.js';
import { readPdfAttachments } from './pdf-attachments.js';
import { recordCsv } from './record-csv.js';
import { resolveTheme } from './theme.js';

const credential = {
  id: 'https://issuer.test/credentials/abc',
  issuer: { id: 'did:key:z6Mk', name: 'Example <University>' },
  validFrom: '2026-03-05T10:00:00Z',
  credentialSubject: { name: 'Zoë <script>alert(1)</script>', achievement: { name: 'Data Science 101', description: 'Data', tag: ['Honors'], criteria: { narrative: 'Complete at least 90% of the course. In Final Exam, score at least 80%.' } }, result: [{ value: '88' }] },
};
const certificate = certificateFromCredential(credential, signatoriesFrom([{ name: 'Dr. Ana Pérez', title: 'Dean' }, { nope: true }]));
const links = { json: 'j', pdf: 'p', png: 'https://issuer.test/credentials/abc.png', svg: 's', preview: 'https://issuer.test/credentials/abc/preview.png' };

describe('certificate page', () => {
  it('escapes every credential value and shows the learner, achievement, seal and Open Graph tags', () => {
    const page = renderCertificatePage({ certificate, theme: resolveTheme({ primaryColor: 'red;}body{', font: 'sans' }), locale: 'en', seal: { status: 'valid', checkedAt: '2026-03-06T00:00:00.000Z' }, links });
    expect(page).not.toContain('<script>');
    expect(page).toContain('Zoë &lt;script&gt;');
    expect(page).toContain('data-seal="valid"');
    expect(page).toContain('<meta property="og:image" content="https://issuer.test/credentials/abc/preview.png">');
    expect(page).toContain('<meta property="og:image:width" content="1200">');
    expect(page).toContain('<meta name="twitter:card" content="summary_large_image">');
    expect(page).toContain('--primary: #1f3a5f'); // the invalid colour fell back to the default
    expect(page).toContain('Dr. Ana Pérez');
  });

  it('shows the tier from achievement.tag (OB 3.0 Achievement.tag) and the criteria one sentence per paragraph', () => {
    expect(certificate.tier).toBe('Honors');
    for (const templateId of ['classic', 'badge-card']) {
      const page = renderCertificatePage({ certificate, templateId, theme: resolveTheme({}), locale: 'en', seal: { status: 'valid', checkedAt: '2026-03-06T00:00:00.000Z' }, links });
      expect(page).toContain('<p class="tier">Level: Honors</p>');
      expect(page).toContain('<p>Complete at least 90% of the course.</p>');
      expect(page).toContain('<p>In Final Exam, score at least 80%.</p>');
    }
  });

  it('speaks Spanish when asked, and the revoked page shows nothing of the credential', () => {
    expect(pickLocale(undefined, ...acceptLanguages('fr;q=0.9, es-MX, en;q=0.8'))).toBe('es');
    const page = renderCertificatePage({ certificate, templateId: 'badge-card', theme: resolveTheme({}), locale: 'es', seal: { status: 'suspended', checkedAt: '2026-03-06T00:00:00.000Z' }, links });
    expect(page).toContain('<html lang="es" dir="ltr">');
    expect(page).toContain('Suspendida por el emisor');
    expect(page).toContain('5 de marzo de 2026');
    expect(renderRevokedPage('en')).not.toMatch(/Data Science|Zoë/);
  });

  it('builds the LinkedIn add-to-profile link', () => {
    const url = new URL(linkedInAddToProfileUrl(certificate, credential.id));
    expect(Object.fromEntries(url.searchParams)).toEqual({
      startTask: 'CERTIFICATION_NAME', name: 'Data Science 101 (Honors)', organizationName: 'Example <University>', issueYear: '2026', issueMonth: '3', certUrl: credential.id, certId: credential.id,
    });
  });
});

describe('certificate PDF', () => {
  it('attaches the credential byte-for-byte as JSON', async () => {
    const input = { certificate, theme: resolveTheme({}), locale: 'en' as const, credential };
    const bytes = await renderCertificatePdf(input);
    const [attachment, ...rest] = await readPdfAttachments(bytes);
    expect(rest).toEqual([]);
    expect(attachment!.name).toBe('credential.json');
    expect(JSON.parse(new TextDecoder().decode(attachment!.bytes))).toEqual(credential);
  });
});

describe('record CSV', () => {
  it('neutralises formulas and quotes cells', () => {
    const csv = recordCsv({
      learnerName: 'x', issuerName: 'y',
      credentials: [{ url: 'https://u/1', achievementId: 'a', achievementName: '=HYPERLINK("evil")', issuedOn: '2026-01-01', state: 'active' }],
      progress: [{ achievementId: 'a', name: '=HYPERLINK("evil")', kind: 'course', earned: true, requirements: [{ description: 'Final Exam: 84% of 80% needed', met: true }] }],
    });
    expect(csv.split('\r\n')[1]).toBe(`"'=HYPERLINK(""evil"")","course","","yes","2026-01-01","https://u/1","active","✔ Final Exam: 84% of 80% needed"`);
  });
});
