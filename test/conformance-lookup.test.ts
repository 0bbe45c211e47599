import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { conformanceDir, repoRoot } from './support/conformance.js';

describe('conformance folder lookup', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  const missing = path.join(tmpdir(), 'laurel-no-such-conformance-dir');

  test('LAUREL_CONFORMANCE_DIR wins when it exists', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'laurel-conformance-'));
    try {
      vi.stubEnv('LAUREL_CONFORMANCE_DIR', dir);
      expect(conformanceDir()).toBe(dir);
    } finally {
      rmSync(dir, { recursive: true });
    }
  });

  test('a relative LAUREL_CONFORMANCE_DIR is taken from the repository root', () => {
    vi.stubEnv('LAUREL_CONFORMANCE_DIR', 'packages/models');
    expect(conformanceDir()).toBe(path.resolve(repoRoot, 'packages/models'));
  });

  test('missing folder outside CI: undefined, so tests can skip', () => {
    vi.stubEnv('LAUREL_CONFORMANCE_DIR', missing);
    vi.stubEnv('CI', '');
    expect(conformanceDir()).toBeUndefined();
  });

  test('missing folder on CI: fails loudly', () => {
    vi.stubEnv('LAUREL_CONFORMANCE_DIR', missing);
    vi.stubEnv('CI', 'true');
    expect(() => conformanceDir()).toThrow(/Conformance fixtures not found/);
  });

  test('defaults to ../shared/conformance next to the repository', () => {
    vi.stubEnv('LAUREL_CONFORMANCE_DIR', '');
    vi.stubEnv('CI', '');
    const expected = path.resolve(repoRoot, '../shared/conformance');
    const found = conformanceDir();
    expect(found === undefined || found === expected).toBe(true);
    if (found === undefined) expect(() => (vi.stubEnv('CI', 'true'), conformanceDir())).toThrow();
  });
});
