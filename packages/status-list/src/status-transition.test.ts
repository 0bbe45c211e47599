import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StatusListError } from './errors.js';
import { createStatusList, getStatusBit, setStatusBit } from './status-list.js';
import { nextStatus } from './status-transition.js';

function codeOf(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    if (error instanceof StatusListError) return error.code;
    throw error;
  }
  return 'NO_ERROR';
}

describe('nextStatus', () => {
  it('lets suspension be set and lifted', () => {
    expect(nextStatus({ purpose: 'suspension', current: false, requested: true })).toBe(true);
    expect(nextStatus({ purpose: 'suspension', current: true, requested: false })).toBe(false);
  });

  it('lets revocation be set but never lifted', () => {
    expect(nextStatus({ purpose: 'revocation', current: false, requested: true })).toBe(true);
    expect(nextStatus({ purpose: 'revocation', current: true, requested: true })).toBe(true);
    expect(codeOf(() => nextStatus({ purpose: 'revocation', current: true, requested: false }))).toBe('REVOCATION_IS_PERMANENT');
  });

  it('property: the result is the request, except that a set revocation stays set', () => {
    fc.assert(
      fc.property(fc.constantFrom('revocation' as const, 'suspension' as const), fc.boolean(), fc.boolean(), (purpose, current, requested) => {
        const forbidden = purpose === 'revocation' && current && !requested;
        if (forbidden) expect(codeOf(() => nextStatus({ purpose, current, requested }))).toBe('REVOCATION_IS_PERMANENT');
        else expect(nextStatus({ purpose, current, requested })).toBe(requested);
      }),
    );
  });

  it('guards a list update: a revoked bit stays set', () => {
    const revoked = setStatusBit(createStatusList(), 10, true);
    const attempt = () => setStatusBit(revoked, 10, nextStatus({ purpose: 'revocation', current: getStatusBit(revoked, 10), requested: false }));
    expect(codeOf(attempt)).toBe('REVOCATION_IS_PERMANENT');
    expect(getStatusBit(revoked, 10)).toBe(true);
  });

  it('refuses unknown purposes and non-boolean states', () => {
    expect(codeOf(() => nextStatus({ purpose: 'refresh' as never, current: false, requested: true }))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => nextStatus({ purpose: 'suspension', current: 'yes' as never, requested: true }))).toBe('INVALID_ARGUMENT');
  });
});
