import { z } from 'zod';

const color = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a #rrggbb colour');
// Only https and inline images: a theme never makes the page load from plain http or run script.
const imageUrl = z.string().max(200_000).refine((url) => /^https:\/\//.test(url) || /^data:image\/(png|jpeg|svg\+xml);base64,/.test(url), 'must be an https or data:image URL');

/**
 * What an issuer may style. Colours and fonts come from closed vocabularies,
 * so a theme cannot inject CSS; unknown keys are ignored (themes are stored
 * as free-form JSON on the achievement).
 */
export const themeSchema = z.object({
  primaryColor: color.optional(),
  accentColor: color.optional(),
  backgroundColor: color.optional(),
  textColor: color.optional(),
  font: z.enum(['serif', 'sans']).optional(),
  logoUrl: imageUrl.optional(),
  /** Pins the certificate's language (e.g. "es") regardless of the learner's. */
  locale: z.string().max(20).optional(),
});

export interface Theme {
  primaryColor: string;
  accentColor: string;
  backgroundColor: string;
  textColor: string;
  font: 'serif' | 'sans';
  logoUrl?: string;
  locale?: string;
}

/** Defaults chosen to pass WCAG AA contrast on each other. */
export const DEFAULT_THEME: Theme = {
  primaryColor: '#1f3a5f',
  accentColor: '#8a5a00',
  backgroundColor: '#fffdf7',
  textColor: '#1a1a1a',
  font: 'serif',
};

/** A stored theme made safe: invalid fields fall back to the defaults rather than breaking the page. */
export function resolveTheme(raw: unknown, fallbackLogoUrl?: string | null): Theme {
  const source = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  const theme: Theme = { ...DEFAULT_THEME };
  for (const [key, schema] of Object.entries(themeSchema.shape)) {
    const parsed = schema.safeParse(source[key]);
    if (parsed.success && parsed.data !== undefined) (theme as unknown as Record<string, unknown>)[key] = parsed.data;
  }
  if (!theme.logoUrl && fallbackLogoUrl) {
    const logo = imageUrl.safeParse(fallbackLogoUrl);
    if (logo.success) theme.logoUrl = logo.data;
  }
  return theme;
}

export const FONT_STACKS: Record<Theme['font'], string> = {
  serif: 'Georgia, "Times New Roman", serif',
  sans: 'system-ui, "Helvetica Neue", Arial, sans-serif',
};
