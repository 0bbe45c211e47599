import type { FontSet } from '@laurel/pdf-fonts';
import { LaurelError } from '@laurel/models';

/** The package that provides PDF fonts; optional, so a deployment that never draws a PDF does not install ~20 MB of fonts. */
export const PDF_FONTS_MODULE = '@laurel/pdf-fonts';

/**
 * The fonts a PDF needs are not installed (`FONT_UNAVAILABLE`, answered 503:
 * pages and badge images still work) or a font file is not a font
 * (`FONT_UNREADABLE`).
 */
export class PdfFontError extends LaurelError {
  constructor(code: 'FONT_UNAVAILABLE' | 'FONT_UNREADABLE', message: string, options?: ErrorOptions) {
    super(code, message, {}, options);
  }
}

/** Where a service finds PDF fonts (PDF_FONTS_MODULE); the default is @laurel/pdf-fonts. */
export interface PdfFontsDeps {
  pdfFontsModule?: string;
}

/** What a fonts module exports: `fontSet()`, the FontSet shared by the process. */
interface FontsModule {
  fontSet(): FontSet;
}

const loaded = new Map<string, Promise<FontSet>>();
let lastLoaded: FontSet | undefined;

/**
 * The font set once a loadFontSet() has resolved in this process, else
 * undefined: for synchronous drawing (badge outlines) that can do without.
 */
export function loadedFontSet(): FontSet | undefined {
  return lastLoaded;
}

/**
 * The font set, imported on first use from `specifier` (a package name or a
 * file URL of a module exporting `fontSet()`, the same contract as
 * @laurel/pdf-fonts). Rejects with PdfFontError FONT_UNAVAILABLE when the
 * module is not installed; a failure is not remembered, so installing the
 * package and retrying works without a restart of the import cache's owner.
 */
export function loadFontSet(specifier: string = PDF_FONTS_MODULE): Promise<FontSet> {
  let fonts = loaded.get(specifier);
  if (!fonts) {
    fonts = (import(specifier) as Promise<Partial<FontsModule>>).then(
      (module) => {
        if (typeof module.fontSet !== 'function') throw new PdfFontError('FONT_UNAVAILABLE', `${specifier} does not export fontSet().`);
        lastLoaded = module.fontSet();
        return lastLoaded;
      },
      (cause: unknown) => {
        throw new PdfFontError('FONT_UNAVAILABLE', `PDFs need the fonts package ${specifier}, which is not installed.`, { cause });
      },
    );
    fonts.catch(() => loaded.delete(specifier));
    loaded.set(specifier, fonts);
  }
  return fonts;
}
