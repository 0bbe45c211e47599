import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import * as fontkit from 'fontkit';
import { NOTO_FAMILIES, fileName, type FamilySpec, type FontStyle, type FontWeight } from './catalogue.js';
import { FontError } from './font-error.js';
import { fontRuns, type FontRun } from './font-runs.js';
import { inRanges, parseUnicodeRange, type Ranges } from './unicode-ranges.js';

/** One font file: a family's subset in one weight. */
export interface FontFace {
  /** Unique and stable (`noto-sans-thai-thai-700`): usable as a PDFKit font name. */
  readonly key: string;
  readonly family: string;
  readonly subset: string;
  readonly weight: FontWeight;
  readonly style: FontStyle;
  readonly packageName: string;
}

interface Entry {
  face: FontFace;
  spec: FamilySpec;
  /** What the subset declares it covers; undefined when Fontsource lists no range for it (the CJK one-file subsets). */
  ranges: Ranges | undefined;
}

interface Loaded {
  file: string;
  bytes: Buffer;
  font: fontkit.Font;
}

/**
 * The font lookup for PDF (and raster) renderers: which face draws a
 * character, in which file, parsed once per process. Faces are tried in the
 * catalogue's order; a face's declared Unicode range spares opening files
 * that cannot have the character, and its cmap has the last word.
 */
export class FontSet {
  private readonly chains = new Map<string, Entry[]>();
  private readonly loaded = new Map<string, Loaded>();
  private readonly packageDirs = new Map<string, string>();
  private readonly requireFrom: NodeJS.Require;

  constructor(
    private readonly families: readonly FamilySpec[] = NOTO_FAMILIES,
    resolveFrom: string = import.meta.url,
  ) {
    this.requireFrom = createRequire(resolveFrom);
  }

  /** The faces tried for a weight and style, in order. */
  chain(weight: FontWeight, style: FontStyle = 'sans'): readonly FontFace[] {
    return this.entries(weight, style).map((entry) => entry.face);
  }

  /** The first face of the chain whose font has the character, if any. */
  faceFor(codePoint: number, weight: FontWeight, style: FontStyle = 'sans'): FontFace | undefined {
    for (const entry of this.entries(weight, style)) {
      if (entry.ranges && !inRanges(entry.ranges, codePoint)) continue;
      if (this.load(entry).font.hasGlyphForCodePoint(codePoint)) return entry.face;
    }
    return undefined;
  }

  /** Whether this face's font has the character (spaces and punctuation often are in several). */
  covers(face: FontFace, codePoint: number): boolean {
    return this.font(face).hasGlyphForCodePoint(codePoint);
  }

  /** One line split into runs, each in the face that covers it, in drawing order (see font-runs.ts). */
  runs(text: string, weight: FontWeight, style: FontStyle = 'sans'): FontRun[] {
    return fontRuns(this, text, weight, style);
  }

  /** The face's WOFF bytes (PDFKit's registerFont takes them as they are). */
  bytes(face: FontFace): Buffer {
    return this.load(this.entryOf(face)).bytes;
  }

  /** The face parsed by fontkit (for widths, coverage and shaping). */
  font(face: FontFace): fontkit.Font {
    return this.load(this.entryOf(face)).font;
  }

  /** The face's file on disk (for renderers that read files, such as resvg after unwrapping WOFF). */
  file(face: FontFace): string {
    return this.load(this.entryOf(face)).file;
  }

  private entryOf(face: FontFace): Entry {
    const entry = this.entries(face.weight, face.style).find((candidate) => candidate.face.key === face.key);
    if (!entry) throw new FontError('FONT_UNAVAILABLE', `${face.key} is not a face of this font set.`);
    return entry;
  }

  private entries(weight: FontWeight, style: FontStyle): Entry[] {
    const id = `${style}:${weight}`;
    let chain = this.chains.get(id);
    if (!chain) {
      chain = this.families
        .filter((spec) => spec.style === 'sans' || spec.style === style)
        .flatMap((spec) => {
          const declared = this.declaredRanges(spec);
          return spec.subsets.map((subset) => ({
            spec,
            face: { key: `${spec.id}-${subset}-${weight === 'bold' ? 700 : 400}`, family: spec.family, subset, weight, style: spec.style, packageName: spec.packageName },
            ranges: declared[subset],
          }));
        });
      this.chains.set(id, chain);
    }
    return chain;
  }

  private packageDir(spec: FamilySpec): string {
    let dir = this.packageDirs.get(spec.packageName);
    if (!dir) {
      try {
        dir = path.dirname(this.requireFrom.resolve(`${spec.packageName}/package.json`));
      } catch (cause) {
        throw new FontError('FONT_UNAVAILABLE', `The font package ${spec.packageName} is not installed.`, { package: spec.packageName }, { cause });
      }
      this.packageDirs.set(spec.packageName, dir);
    }
    return dir;
  }

  /** Fontsource's unicode.json: the range each subset file covers. */
  private declaredRanges(spec: FamilySpec): Record<string, Ranges> {
    let json: Record<string, string>;
    try {
      json = JSON.parse(readFileSync(path.join(this.packageDir(spec), 'unicode.json'), 'utf8')) as Record<string, string>;
    } catch (cause) {
      if (cause instanceof FontError) throw cause;
      return {};
    }
    return Object.fromEntries(Object.entries(json).map(([subset, ranges]) => [subset, parseUnicodeRange(ranges)]));
  }

  private load(entry: Entry): Loaded {
    const cached = this.loaded.get(entry.face.key);
    if (cached) return cached;
    const file = path.join(this.packageDir(entry.spec), 'files', fileName(entry.spec, entry.face.subset, entry.face.weight));
    let bytes: Buffer;
    try {
      bytes = readFileSync(file);
    } catch (cause) {
      throw new FontError('FONT_UNAVAILABLE', `${path.basename(file)} is missing from ${entry.spec.packageName}.`, { package: entry.spec.packageName }, { cause });
    }
    const loaded = { file, bytes, font: parseFont(bytes, path.basename(file)) };
    this.loaded.set(entry.face.key, loaded);
    return loaded;
  }
}

/** One font from TTF, OTF, WOFF or WOFF2 bytes, or a typed error. */
export function parseFont(bytes: Uint8Array, name: string): fontkit.Font {
  let font: fontkit.Font | fontkit.FontCollection;
  try {
    font = fontkit.create(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } catch (cause) {
    throw new FontError('FONT_UNREADABLE', `${name} is not a font fontkit can read.`, { file: name }, { cause });
  }
  if ('fonts' in font) throw new FontError('FONT_UNREADABLE', `${name} is a font collection, not one font.`, { file: name });
  return font;
}

let shared: FontSet | undefined;

/** The Noto font set, shared by every document of the process (font files are immutable). */
export function notoFontSet(): FontSet {
  shared ??= new FontSet();
  return shared;
}
