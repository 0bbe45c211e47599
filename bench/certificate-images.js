// What a baked badge PNG and a link preview cost against the certificate PDF
// of the same credential, measured in the same run: all three are rendered
// on every download, so the images should cost no more than the PDF does.
import { badgeImagePng, bakePng, certificateFromCredential, DEFAULT_THEME, renderCertificatePdf, renderPreviewPng } from '@laurel/render';
import { compareOpsPerSecond, ratioLine } from './measure.js';

const credential = {
  id: 'https://issuer.example/credentials/3f1e2d4c-aaaa-bbbb-cccc-1234567890ab',
  issuer: { id: 'did:key:z6Mk', name: 'Example University' },
  validFrom: '2026-03-05T10:00:00Z',
  credentialSubject: { name: 'Ada Lovelace', achievement: { name: 'Computer Science 101', tag: ['Achievement'], criteria: { narrative: 'Complete at least 80% of the course. Score at least 80% in Final Exam.' } } },
};

export async function benchCertificateImages({ seconds }) {
  const certificate = certificateFromCredential(credential);
  const design = { name: certificate.achievementName, tier: certificate.tier, issuerName: certificate.issuerName };
  const pdf = () => renderCertificatePdf({ certificate, theme: DEFAULT_THEME, locale: 'en', credential });
  const badge = async () => bakePng(await badgeImagePng({ design, theme: DEFAULT_THEME }), credential);
  const preview = () => renderPreviewPng(certificate, DEFAULT_THEME, 'en');
  const [badgeRate, pdfRate] = await compareOpsPerSecond(badge, pdf, { seconds });
  const [previewRate, pdfRate2] = await compareOpsPerSecond(preview, pdf, { seconds });
  return [
    ratioLine('baked default badge PNG (512 px)', badgeRate, pdfRate, 'certificate PDF'),
    ratioLine('Open Graph preview PNG (1200×630)', previewRate, pdfRate2, 'certificate PDF'),
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const line of await benchCertificateImages({ seconds: Number(process.env.BENCH_SECONDS ?? 3) })) console.log(line);
  process.exit(0);
}
