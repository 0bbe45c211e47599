import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { LaurelError } from '@laurel/models';
import { describe, expect, it } from 'vitest';
import { requirePoppler, skipWithoutPoppler } from '../../../../test/support/poppler.js';
import type { CertificateData } from '../certificate-data.js';
import { readPdfAttachments } from '../pdf-attachments.js';
import { parseDesign, renderDesignHtml, renderDesignPdf } from './index.js';

const require = createRequire(import.meta.url);
const fontBytes = new Uint8Array(readFileSync(require.resolve('@fontsource/noto-sans-thai/files/noto-sans-thai-latin-400-normal.woff')));
const FONT_ID = 'a'.repeat(64);

const certificate: CertificateData = {
  credentialId: 'https://issuer.example/credentials/1',
  learnerName: 'Ada Lovelace สมชาย',
  achievementName: 'Analytical Engines',
  tier: 'Completion',
  issuerName: 'Example University',
  issuedOn: '2026-03-01T00:00:00Z',
  signatories: [{ name: 'Grace Hopper', title: 'Dean' }],
};

const design = {
  format: 'laurel-design/1',
  fonts: { brand: { asset: FONT_ID } },
  pages: [
    {
      background: '#fdf6e3',
      elements: [
        { type: 'rect', x: 20, y: 20, width: 801, height: 555, stroke: '#264653', strokeWidth: 3 },
        { type: 'text', x: 60, y: 80, width: 720, height: 60, text: '{{achievement.name}}', font: 'brand', size: 36, role: 'heading' },
        { type: 'text', x: 60, y: 180, width: 720, height: 50, text: 'Awarded to {{learner.name}}', size: 24 },
        { type: 'text', x: 60, y: 250, width: 720, height: 30, text: '{{tier}} · {{issuedOn}} · {{issuer.name}}', size: 14 },
        { type: 'qr', x: 700, y: 440, size: 100 },
      ],
    },
    { elements: [{ type: 'text', x: 60, y: 60, width: 700, height: 40, text: 'Signed by {{signatory.1.name}}, {{signatory.1.title}}', font: 'brand' }] },
  ],
};

function issues(input: unknown): { path: string; message: string }[] {
  try {
    parseDesign(input);
  } catch (error) {
    expect(error).toBeInstanceOf(LaurelError);
    expect((error as LaurelError).code).toBe('INVALID_INPUT');
    return (error as LaurelError).details.issues as { path: string; message: string }[];
  }
  throw new Error('expected INVALID_INPUT');
}

describe('certificate designs', () => {
  it('name the failing field of an invalid design', () => {
    const page = design.pages[0]!;
    const bad = (elements: unknown[]) => ({ ...design, pages: [{ ...page, elements }] });
    expect(issues(bad([{ type: 'text', x: 0, y: 0, width: 10, height: 10, text: '{{learner.password}}' }]))[0]?.path).toBe('pages[0].elements[0].text');
    expect(issues(bad([{ type: 'text', x: 0, y: 0, width: 10, height: 10, text: 'x', font: 'missing' }]))[0]?.path).toBe('pages[0].elements[0].font');
    expect(issues(bad([{ type: 'text', x: 800, y: 0, width: 100, height: 10, text: 'x' }]))[0]?.path).toBe('pages[0].elements[0].width');
    expect(issues(bad([{ type: 'script', x: 0, y: 0 }]))[0]?.path).toBe('pages[0].elements[0].type');
    expect(issues(bad([{ type: 'rect', x: 0, y: 0, width: 5, height: 5, fill: 'red' }]))[0]?.path).toBe('pages[0].elements[0].fill');
    expect(issues(bad([{ type: 'image', x: 0, y: 0, width: 5, height: 5, asset: 'https://evil.example/a.png' }]))[0]?.path).toBe('pages[0].elements[0].asset');
    expect(issues({ ...design, onload: 'x' })[0]?.message).toMatch(/onload/);
    expect(issues({ ...design, pages: [] })[0]?.path).toBe('pages');
  });

  it('render the same data to HTML, escaped, with the uploaded font as a same-origin @font-face', () => {
    const page = renderDesignHtml({ design: parseDesign(design), certificate: { ...certificate, learnerName: '<script>x</script>' }, locale: 'en', assetUrl: (id) => `/v1/issuers/i/assets/${id}` });
    expect(page).toContain(`src:url("/v1/issuers/i/assets/${FONT_ID}")`);
    expect(page).toContain('Awarded to &lt;script&gt;x&lt;/script&gt;');
    expect(page).not.toContain('<script>');
    expect(page).toContain('<h1');
    expect(page.match(/class="d-page"/g)).toHaveLength(2);
  });

  it.skipIf(skipWithoutPoppler)('render a multi-page PDF that embeds the uploaded font (subset), falls back for other scripts, and carries the credential', async () => {
    requirePoppler();
    const credential = { id: certificate.credentialId, type: ['VerifiableCredential'] };
    const pdf = await renderDesignPdf({ design: parseDesign(design), assets: new Map([[FONT_ID, { mediaType: 'font/woff', bytes: fontBytes }]]), certificate, locale: 'en', credential });
    const dir = mkdtempSync(path.join(os.tmpdir(), 'laurel-design-'));
    try {
      const file = path.join(dir, 'certificate.pdf');
      writeFileSync(file, pdf);
      const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' });
      expect(fonts).toMatch(/[A-Z]{6}\+NotoSansThai/);
      const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
      expect(text).toContain('Analytical Engines');
      expect(text).toContain('Awarded to Ada Lovelace สมชาย');
      expect(text).toContain('Completion');
      expect(text).toContain('Signed by Grace Hopper, Dean');
      expect(execFileSync('pdfinfo', [file], { encoding: 'utf8' })).toMatch(/Pages:\s+2/);
      expect(execFileSync('pdfinfo', ['-struct', file], { encoding: 'utf8' })).toMatch(/H1/);
      const [attachment] = await readPdfAttachments(pdf);
      expect(JSON.parse(Buffer.from(attachment!.bytes).toString('utf8'))).toEqual(credential);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
