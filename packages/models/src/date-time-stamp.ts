import { z } from 'zod';
import { withJsonSchema } from './json-schema-registry.js';

/**
 * XML Schema 1.1 `dateTimeStamp`: a dateTime whose time zone is mandatory.
 * VC 2.0 requires it for validFrom/validUntil, and 1EdTech's DateTimeZ is the
 * same thing, so VC 1.1 dates use it too.
 */
export const DATE_TIME_STAMP_PATTERN =
  /^-?(?:[1-9][0-9]{3,}|0[0-9]{3})-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])T(?:(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\.[0-9]+)?|24:00:00(?:\.0+)?)(?:Z|[+-](?:(?:0[0-9]|1[0-3]):[0-5][0-9]|14:00))$/;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The pattern lets 2023-02-30 through; a JSON Schema pattern cannot know month lengths. */
function isCalendarDate(value: string): boolean {
  const match = /^(-?\d+)-(\d\d)-(\d\d)T/.exec(value);
  // Malformed values are the pattern's to report, once.
  if (!match || !DATE_TIME_STAMP_PATTERN.test(value)) return true;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const max = month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0);
  return day <= max;
}

export const dateTimeStampSchema = withJsonSchema(
  z
    .string()
    .regex(DATE_TIME_STAMP_PATTERN, {
      error: 'must be an XML Schema dateTimeStamp with a time zone, e.g. 2024-05-01T12:00:00Z',
    })
    .refine(isCalendarDate, { error: 'is not a calendar date' }),
  { id: 'DateTimeStamp' },
);

/** Milliseconds since the epoch, or undefined when the value cannot be compared. */
export function instantOf(value: unknown): number | undefined {
  if (typeof value !== 'string' || !DATE_TIME_STAMP_PATTERN.test(value)) return undefined;
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : time;
}
