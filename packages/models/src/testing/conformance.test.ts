import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { conformanceDir, requireConformance } from './conformance.js';

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
      expect(requireConformance()).toBe(dir);
    } finally {
      rmSync(dir, { recursive: true });
    }
  });

  test('a relative LAUREL_CONFORMANCE_DIR is taken from the repository root', () => {
    vi.stubEnv('LAUREL_CONFORMANCE_DIR', 'packages/models');
    expect(conformanceDir()).toBe(path.resolve(import.meta.dirname, '../..'));
  });

  test('missing folder outside CI: undefined, so tests can skip', () => {
    vi.stubEnv('LAUREL_CONFORMANCE_DIR', missing);
    vi.stubEnv('CI', '');
    expect(conformanceDir()).toBeUndefined();
    expect(requireConformance()).toBeUndefined();
  });

  test('missing folder on CI: fails loudly', () => {
    vi.stubEnv('LAUREL_CONFORMANCE_DIR', missing);
    vi.stubEnv('CI', 'true');
    expect(() => requireConformance()).toThrow(/Conformance data not found/);
  });

  test('defaults to ../shared/conformance next to the repository', () => {
    vi.stubEnv('LAUREL_CONFORMANCE_DIR', '');
    const expected = path.resolve(import.meta.dirname, '../../../../../shared/conformance');
    const found = conformanceDir();
    expect(found === undefined || found === expected).toBe(true);
    if (found === undefined) expect(() => (vi.stubEnv('CI', 'true'), requireConformance())).toThrow();
  });
});
