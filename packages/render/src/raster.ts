import type * as ResvgModule from '@resvg/resvg-js';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ResvgRenderOptions } from '@resvg/resvg-js';
import { UNICODE_FACES, faceFile, loadFace, type FontWeight } from './pdf-fonts.js';
import { woffToSfnt } from './woff.js';

type Resvg = typeof ResvgModule;
let resvg: Promise<Resvg> | undefined;

/** resvg is a native module: loaded on the first image, so a service that never rasterizes never loads it. */
function loadResvg(): Promise<Resvg> {
  resvg ??= import('@resvg/resvg-js');
  return resvg;
}

const sfntFiles = new Map<string, string>();

/**
 * A face's file as resvg can read it: TTF/OTF as installed; a WOFF (Thai,
 * from Fontsource) unwrapped once per process into the temporary directory.
 */
function rasterFile(face: number, weight: FontWeight): string {
  const file = faceFile(face, weight);
  if (!file.endsWith('.woff')) return file;
  let sfnt = sfntFiles.get(file);
  if (!sfnt) {
    const dir = path.join(os.tmpdir(), `laurel-fonts-${process.pid}`);
    mkdirSync(dir, { recursive: true });
    sfnt = path.join(dir, `${path.basename(file, '.woff')}.ttf`);
    writeFileSync(sfnt, woffToSfnt(readFileSync(file)));
    sfntFiles.set(file, sfnt);
  }
  return sfnt;
}

/**
 * The Noto faces the text needs: Noto Sans always (it covers Latin, Greek,
 * Cyrillic and Devanagari), each later face of the fallback chain only when a
 * character needs it, so a Latin badge never reads the 8 MB CJK files.
 */
function fontFilesFor(text: string): string[] {
  const files = [rasterFile(0, 'regular'), rasterFile(0, 'bold')];
  const missing = [...new Set(text)].filter((char) => /\S/u.test(char) && !loadFace(0, 'regular').font.hasGlyphForCodePoint(char.codePointAt(0)!));
  for (let face = 1; face < UNICODE_FACES.length && missing.length > 0; face += 1) {
    const font = loadFace(face, 'regular').font;
    const covered = missing.filter((char) => font.hasGlyphForCodePoint(char.codePointAt(0)!));
    if (covered.length === 0) continue;
    files.push(rasterFile(face, 'regular'), rasterFile(face, 'bold'));
    for (const char of covered) missing.splice(missing.indexOf(char), 1);
  }
  return files;
}

/** The text an SVG draws, for choosing fonts (tags and entities need no glyphs). */
function drawnText(svg: string): string {
  return svg.replace(/<[^>]*>/g, ' ').replace(/&[a-z#0-9]+;/gi, ' ');
}

/**
 * An SVG of ours as PNG, `width` pixels wide, off the main thread. Fonts come
 * from the Noto packages in node_modules, never from the system, so the image
 * is the same on every machine; images the SVG links to outside data: URLs are
 * not loaded.
 */
export async function svgToPng(svg: string, width: number): Promise<Buffer> {
  const { renderAsync } = await loadResvg();
  const options: ResvgRenderOptions = {
    fitTo: { mode: 'width', value: width },
    font: { loadSystemFonts: false, fontFiles: fontFilesFor(drawnText(svg)), defaultFontFamily: 'Noto Sans', sansSerifFamily: 'Noto Sans' },
    logLevel: 'off',
  };
  const image = await renderAsync(svg, options);
  return image.asPng();
}
