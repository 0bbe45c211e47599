/**
 * Percentages are compared as the learner reads them: rounded to two
 * decimals, half up, on the number as written (JavaScript's shortest
 * representation). So 79.995 and 79.99999999 from an LMS count as 80, and
 * 79.994999 as 79.99, which is below 80. There is no other tolerance, so
 * "at least 80%" means exactly what the progress list shows.
 *
 * Rounding the written decimal rather than `value * 100` keeps 79.995 and
 * 10.235 from rounding in opposite directions through binary noise; it never
 * decreases as the value grows, so raising a grade cannot lose a requirement.
 */
export function roundPercent(value: number): number {
  if (!Number.isFinite(value)) return value;
  const text = String(Math.abs(value));
  // Exponent notation only appears below 1e-6 or from 1e21 on, where binary rounding has nothing to distort.
  if (text.includes('e')) return Math.sign(value) * (Math.round(Math.abs(value) * 100) / 100);
  const [whole = '0', fraction = ''] = text.split('.');
  const digits = `${fraction}000`;
  const hundredths = Number(whole + digits.slice(0, 2)) + (digits[2]! >= '5' ? 1 : 0);
  const rounded = hundredths / 100;
  return value < 0 ? -rounded : rounded;
}

export function formatPercent(value: number): string {
  return `${roundPercent(value)}%`;
}

/** Thresholds are written by people; more than two decimals would be compared to values rounded to two. */
export function hasAtMostTwoDecimals(value: number): boolean {
  return roundPercent(value) === value;
}
