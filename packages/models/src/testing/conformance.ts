import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/*
 * Where tests find the shared conformance data (test vectors, 1EdTech samples
 * and schemas), which is read in place and never copied into the repository.
 * Any package's tests can import this file by relative path.
 */

/** The repository root, four levels up from packages/models/src/testing/. */
const repositoryRoot = fileURLToPath(new URL('../../../../', import.meta.url));

/**
 * `LAUREL_CONFORMANCE_DIR` (relative paths are taken from the repository
 * root), else `../shared/conformance` next to the repository. Undefined when
 * that folder does not exist.
 */
export function conformanceDir(): string | undefined {
  const configured = process.env.LAUREL_CONFORMANCE_DIR;
  const dir = path.resolve(repositoryRoot, configured !== undefined && configured !== '' ? configured : '../shared/conformance');
  return existsSync(dir) ? dir : undefined;
}

/**
 * The conformance folder, or undefined so the caller can skip (e.g.
 * `describe.skipIf(!dir)`) on a developer machine without it. On CI
 * (`CI=true`) a missing folder throws instead: a check that silently stops
 * running is worse than one that fails.
 */
export function requireConformance(): string | undefined {
  const dir = conformanceDir();
  if (dir === undefined && process.env.CI === 'true') {
    throw new Error(
      'Conformance data not found (required when CI=true): set LAUREL_CONFORMANCE_DIR ' +
        'or provide ../shared/conformance next to the repository',
    );
  }
  return dir;
}
