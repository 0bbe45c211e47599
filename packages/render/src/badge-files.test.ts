import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { badgeImagePng, badgeImageSvg, BADGE_PNG_SIZE } from './badge-files.js';
import { bakePng } from './bake-png.js';
import { bakeSvg } from './bake-svg.js';
import { certificateFromCredential } from './certificate-data.js';
import { unbakeCredential } from './unbake.js';
import { PREVIEW_HEIGHT, PREVIEW_WIDTH, renderPreviewPng } from './preview-image.js';
import { resolveTheme } from './theme.js';

const theme = resolveTheme({ primaryColor: '#1f3a5f', accentColor: '#8a5a00' });
const design = { name: 'Computer Science 101', tier: 'Achievement', issuerName: 'Example University' };
const credential = {
  id: 'https://issuer.test/credentials/abc', issuer: { name: 'Example University' }, validFrom: '2026-03-05T10:00:00Z',
  credentialSubject: { name: 'Ada Lovelace', achievement: { name: 'Computer Science 101', tag: ['Achievement'] } },
};

/** Opaque pixels by colour (pngjs decodes independently of the renderer). */
function colourCounts(png: Buffer): { width: number; height: number; counts: Map<string, number>; at(x: number, y: number): string } {
  const image = PNG.sync.read(png);
  const counts = new Map<string, number>();
  const key = (offset: number) => `${image.data[offset]},${image.data[offset + 1]},${image.data[offset + 2]}`;
  for (let offset = 0; offset < image.data.length; offset += 4) {
    if (image.data[offset + 3]! < 250) continue;
    counts.set(key(offset), (counts.get(key(offset)) ?? 0) + 1);
  }
  return { width: image.width, height: image.height, counts, at: (x, y) => key((y * image.width + x) * 4) };
}

const whiteShare = (counts: Map<string, number>) => (counts.get('255,255,255') ?? 0) / [...counts.values()].reduce((a, b) => a + b, 0);

describe('default badge (OB 3.0 §5.3 baking)', () => {
  it('is a designed image in the theme\'s colours, with lettering, not one flat colour', async () => {
    const png = await badgeImagePng({ design, theme });
    const { width, height, counts, at } = colourCounts(png);
    expect([width, height]).toEqual([BADGE_PNG_SIZE, BADGE_PNG_SIZE]);
    // Primary disc, accent rosette and white lettering each cover a real share of the image.
    const total = [...counts.values()].reduce((a, b) => a + b, 0);
    expect((counts.get('31,58,95') ?? 0) / total).toBeGreaterThan(0.2);
    expect((counts.get('138,90,0') ?? 0) / total).toBeGreaterThan(0.1);
    expect(whiteShare(counts)).toBeGreaterThan(0.02);
    expect(counts.size).toBeGreaterThan(50); // anti-aliased text and curves
    expect(at(256, 256)).not.toBe(at(20, 20));
    // The name is drawn: without it, the middle of the disc has far less white.
    const unnamed = colourCounts(await badgeImagePng({ design: { ...design, name: ' ' }, theme })).counts;
    expect(whiteShare(counts)).toBeGreaterThan(whiteShare(unnamed) * 1.3);
  });

  it('takes the theme\'s colours', async () => {
    const { counts } = colourCounts(await badgeImagePng({ design, theme: resolveTheme({ primaryColor: '#5a1f3a', accentColor: '#2f6b3a' }) }));
    expect(counts.get('31,58,95')).toBeUndefined();
    expect(counts.get('90,31,58')).toBeGreaterThan(10_000);
  });

  it('bakes and unbakes the credential as PNG and SVG', async () => {
    expect(unbakeCredential(bakePng(await badgeImagePng({ design, theme }), credential))).toEqual(credential);
    const svg = badgeImageSvg({ design, theme });
    expect(svg).toContain('>Computer</tspan><tspan x="128" y="130.5">Science 101</tspan>');
    expect(unbakeCredential(Buffer.from(bakeSvg(svg, credential)))).toEqual(credential);
    expect(svg).toContain('ACHIEVEMENT');
    expect(svg).toContain('EXAMPLE UNIVERSITY');
  });

  it('uses the issuer\'s upload: a PNG as is, an SVG rasterized, a raster wrapped as SVG', async () => {
    const upload = await badgeImagePng({ design, theme });
    const asPng = `data:image/png;base64,${upload.toString('base64')}`;
    expect((await badgeImagePng({ imageUrl: asPng, design, theme })).equals(upload)).toBe(true);
    expect(badgeImageSvg({ imageUrl: asPng, design, theme })).toContain(`<image href="${asPng}"`);

    const square = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="5" fill="#ff0000"/><rect y="5" width="10" height="5" fill="#0000ff"/></svg>';
    const svgUpload = `data:image/svg+xml;base64,${Buffer.from(square).toString('base64')}`;
    expect(badgeImageSvg({ imageUrl: svgUpload, design, theme })).toBe(square);
    const { counts } = colourCounts(await badgeImagePng({ imageUrl: svgUpload, design, theme }));
    expect(counts.get('255,0,0')).toBeGreaterThan(100_000);
    expect(counts.get('0,0,255')).toBeGreaterThan(100_000);
  });

  it('does not rasterize an uploaded SVG that links a file outside itself (the renderer would read this machine\'s disk)', async () => {
    const linking = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><image href="/etc/ssl/certs/logo.png" width="10" height="10"/></svg>';
    const png = await badgeImagePng({ imageUrl: `data:image/svg+xml;base64,${Buffer.from(linking).toString('base64')}`, design, theme });
    expect(colourCounts(png).counts.get('31,58,95')).toBeGreaterThan(10_000); // our design instead
  });
});

describe('Open Graph preview', () => {
  it('is a 1200×630 picture of the certificate', async () => {
    const { width, height, counts } = colourCounts(await renderPreviewPng(certificateFromCredential(credential), theme, 'en'));
    expect([width, height]).toEqual([PREVIEW_WIDTH, PREVIEW_HEIGHT]);
    expect(counts.get('31,58,95')).toBeGreaterThan(10_000); // the badge disc and the bands
    expect(counts.size).toBeGreaterThan(100);
  });
});
