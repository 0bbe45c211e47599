import { readFile } from 'node:fs/promises';
import { detectBakedImageFormat, unbakeCredential, UnbakeError } from '@laurel/render';
import { LaurelError } from '@laurel/models';
import { UsageError } from './io.js';

/**
 * The credential baked into a PNG or SVG badge, or undefined when the file is
 * not such an image (then it is read as JSON). Standard input is always JSON.
 */
export async function readBakedCredential(file: string): Promise<Record<string, unknown> | undefined> {
  if (file === '-') return undefined;
  const bytes = await readFile(file).catch(() => undefined);
  if (!bytes || !detectBakedImageFormat(bytes)) return undefined;
  try {
    const credential = unbakeCredential(bytes);
    if (typeof credential === 'string') throw new UsageError(`${file} holds a VC-JWT; laurel verifies credentials with embedded proofs only.`);
    return credential;
  } catch (error) {
    // A corrupt chunk means the badge was altered: that is an invalid credential (exit 1), not a usage mistake.
    if (error instanceof UnbakeError && error.code === 'CORRUPT_IMAGE') throw new LaurelError('TAMPERED_BADGE', `${file}: ${error.message}`);
    if (error instanceof UnbakeError) throw new UsageError(`${file}: ${error.message}`);
    throw error;
  }
}
