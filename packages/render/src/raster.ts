import type * as ResvgModule from '@resvg/resvg-js';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ResvgRenderOptions } from '@resvg/resvg-js';
import type { FontFace, FontSet } from '@laurel/pdf-fonts';
import { loadFontSet } from './pdf-fonts.js';
import { woffToSfnt } from './woff.js';

type Resvg = typeof ResvgModule;
let resvg: Promise<Resvg> | undefined;

/** resvg is a native module: loaded on the first image, so a service that never rasterizes never loads it. */
function loadResvg(): Promise<Resvg> {
  resvg ??= import('@resvg/resvg-js');
  return resvg;
}

const sfntFiles = new Map<string, string>();

/** A face's WOFF file unwrapped once per process into the temporary directory: resvg reads only TrueType/OpenType. */
function rasterFile(fonts: FontSet, face: FontFace): string {
  const file = fonts.file(face);
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
 * The Noto faces the text needs, in both weights: Noto Sans's Latin subset
 * always, and for every other character the face the PDF would use, so a
 * Latin badge never reads the CJK files.
 */
function fontFilesFor(fonts: FontSet, text: string): string[] {
  const faces = new Map<string, FontFace>();
  for (const weight of ['regular', 'bold'] as const) {
    const latin = fonts.faceFor(0x41, weight);
    if (latin) faces.set(latin.key, latin);
    for (const char of new Set(text)) {
      if (!/\S/u.test(char)) continue;
      const face = fonts.faceFor(char.codePointAt(0)!, weight);
      if (face) faces.set(face.key, face);
    }
  }
  return [...faces.values()].map((face) => rasterFile(fonts, face));
}

/** The text an SVG draws, for choosing fonts (tags and entities need no glyphs). */
function drawnText(svg: string): string {
  return svg.replace(/<[^>]*>/g, ' ').replace(/&[a-z#0-9]+;/gi, ' ');
}

/** The Noto font set when @laurel/pdf-fonts is installed; without it images are drawn with the system's fonts. */
export async function optionalFontSet(fontsModule: string | undefined): Promise<FontSet | undefined> {
  try {
    return await loadFontSet(fontsModule);
  } catch {
    return undefined;
  }
}

/**
 * An SVG of ours as PNG, `width` pixels wide, off the main thread. Fonts come
 * from the Noto packages of @laurel/pdf-fonts when installed, never from the
 * system, so the image is the same on every machine; a deployment without
 * that package (no PDFs) still draws badges, with the system's fonts. Images
 * the SVG links to outside data: URLs are not loaded. `fontsModule`: where
 * the fonts come from (PDF_FONTS_MODULE; default @laurel/pdf-fonts).
 */
export async function svgToPng(svg: string, width: number, fontsModule?: string): Promise<Buffer> {
  const [{ renderAsync }, fonts] = await Promise.all([loadResvg(), optionalFontSet(fontsModule)]);
  const options: ResvgRenderOptions = {
    fitTo: { mode: 'width', value: width },
    font: fonts
      ? { loadSystemFonts: false, fontFiles: fontFilesFor(fonts, drawnText(svg)), defaultFontFamily: 'Noto Sans', sansSerifFamily: 'Noto Sans' }
      : { loadSystemFonts: true },
    logLevel: 'off',
  };
  const image = await renderAsync(svg, options);
  return image.asPng();
}
