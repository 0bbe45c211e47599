import { readFile } from 'node:fs/promises';
import type { GuardedFetcher } from '@laurel/guarded-fetch';
import { LaurelError } from '@laurel/models';
import { CredentialInputError, readCredentialInput, readCredentialUrl, type UrlInput } from '@laurel/render';
import { UsageError, type CliIo } from './io.js';

const URL_INPUT = /^https?:\/\//i;

async function bytesOf(io: CliIo, source: string): Promise<Uint8Array> {
  if (source === '-') return io.readStdinBytes ? io.readStdinBytes() : Buffer.from(await io.readStdin(), 'utf8');
  try {
    return await readFile(source);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(code === 'ENOENT' ? `No such file: ${source}` : `Cannot read ${source}: ${(error as Error).message}`);
  }
}

/**
 * What `laurel verify` was given: a file (JSON, a baked PNG or SVG badge, a
 * PDF certificate), "-" for standard input (any of those), or an http(s)
 * URL fetched through the guarded fetcher. What cannot be read is a usage
 * error naming the input, except a badge altered after baking: that is an
 * invalid credential (exit 1), not a mistake in how laurel was called.
 */
export async function readVerificationInput(io: CliIo, source: string, fetcher: () => GuardedFetcher): Promise<UrlInput> {
  const where = source === '-' ? 'standard input' : source;
  try {
    if (URL_INPUT.test(source)) {
      const guarded = fetcher();
      try {
        return await readCredentialUrl(source, async (url, accept) => {
          const answer = await guarded.fetchBytes(url, { accept });
          return { url: answer.url, status: answer.status, contentType: answer.headers['content-type'] ?? '', bytes: answer.body };
        });
      } finally {
        await guarded.close();
      }
    }
    return await readCredentialInput(await bytesOf(io, source), { fileName: source });
  } catch (error) {
    if (error instanceof CredentialInputError && error.code === 'TAMPERED_IMAGE') throw new LaurelError('TAMPERED_BADGE', `${where}: ${error.message}`);
    if (error instanceof CredentialInputError) throw new UsageError(`${where}: ${error.message}`);
    throw error;
  }
}
