import { z } from 'zod';

/** BCP 47 language tag, checked for shape only. */
const LANGUAGE_TAG_PATTERN = /^[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*$/;

/** A VC 2.0 language value object: `{ "@value", "@language"?, "@direction"? }`. */
export const languageValueSchema = z.strictObject({
  '@value': z.string(),
  '@language': z.string().regex(LANGUAGE_TAG_PATTERN, { error: 'must be a BCP 47 language tag' }).optional(),
  '@direction': z.enum(['ltr', 'rtl']).optional(),
});

/** `name` / `description` in VC 2.0: a string, a language value object, or several of them. */
export const languageTextSchema = z.union([z.string(), languageValueSchema, z.array(languageValueSchema).min(1)]);

export type LanguageValue = z.infer<typeof languageValueSchema>;
export type LanguageText = z.infer<typeof languageTextSchema>;
