import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatPercent, hasAtMostTwoDecimals, roundPercent } from './percent.js';

describe('percentages', () => {
  it.each([
    { value: 80, rounded: 80 },
    { value: 79.99999999, rounded: 80 },
    { value: 79.996, rounded: 80 },
    { value: 79.994, rounded: 79.99 },
    // Half up on the number as written, whatever its binary neighbour.
    { value: 79.995, rounded: 80 },
    { value: 10.235, rounded: 10.24 },
    { value: 1.005, rounded: 1.01 },
    { value: 79.994999, rounded: 79.99 },
    { value: 1e-7, rounded: 0 },
    { value: 99.999, rounded: 100 },
    { value: 0.004, rounded: 0 },
    { value: 100, rounded: 100 },
  ])('rounds $value to $rounded', ({ value, rounded }) => {
    expect(roundPercent(value)).toBe(rounded);
  });

  it('property: never decreases as the value grows, and lands within half a hundredth', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 100, noNaN: true }), fc.double({ min: 0, max: 100, noNaN: true }), (a, b) => {
        const [low, high] = a <= b ? [a, b] : [b, a];
        expect(roundPercent(low)).toBeLessThanOrEqual(roundPercent(high));
        expect(Math.abs(roundPercent(a) - a)).toBeLessThanOrEqual(0.005 + 1e-9);
        expect(hasAtMostTwoDecimals(roundPercent(a))).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('property: monotone across neighbouring doubles at every half-hundredth', () => {
    const view = new DataView(new ArrayBuffer(8));
    const ulpsAway = (x: number, ulps: number): number => {
      view.setFloat64(0, x);
      view.setBigUint64(0, view.getBigUint64(0) + BigInt(ulps));
      return view.getFloat64(0);
    };
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 9_999 }), fc.integer({ min: -3, max: 3 }), (k, offset) => {
        const x = ulpsAway((k + 0.5) / 100, offset);
        expect(roundPercent(x)).toBeLessThanOrEqual(roundPercent(ulpsAway(x, 1)));
      }),
      { numRuns: 2000 },
    );
  });

  it('formats without trailing zeros', () => {
    expect(formatPercent(72)).toBe('72%');
    expect(formatPercent(72.5)).toBe('72.5%');
    expect(formatPercent(66.666)).toBe('66.67%');
  });

  it.each([
    { value: 80, ok: true },
    { value: 0.29, ok: true },
    { value: 75.55, ok: true },
    { value: 75.555, ok: false },
    { value: 0.001, ok: false },
  ])('$value has at most two decimals: $ok', ({ value, ok }) => {
    expect(hasAtMostTwoDecimals(value)).toBe(ok);
  });
});
