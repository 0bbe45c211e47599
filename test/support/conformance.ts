import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/**
 * The shared conformance fixtures (spec test vectors, schemas, samples), read in
 * place: LAUREL_CONFORMANCE_DIR, or ../shared/conformance beside the repository.
 */
export function conformanceDir(): string | undefined {
  // A relative LAUREL_CONFORMANCE_DIR is taken from the repository root.
  const dir = path.resolve(repoRoot, process.env.LAUREL_CONFORMANCE_DIR || '../shared/conformance');
  if (existsSync(dir)) return dir;
  // In CI the fixtures are part of the contract: their absence is a failure, not a skip.
  if (process.env.CI === 'true') throw new Error(`Conformance fixtures not found at ${dir} (set LAUREL_CONFORMANCE_DIR).`);
  return undefined;
}

/** True when the fixtures are missing on a developer machine: use with describe.skipIf. */
export const conformanceMissing = conformanceDir() === undefined;

export async function readConformanceJson<T = Record<string, unknown>>(relativePath: string): Promise<T> {
  return JSON.parse(await readConformanceText(relativePath)) as T;
}

export async function readConformanceText(relativePath: string): Promise<string> {
  const dir = conformanceDir();
  if (!dir) throw new Error('Conformance fixtures are not available.');
  return readFile(path.join(dir, relativePath), 'utf8');
}
