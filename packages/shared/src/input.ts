import { z } from 'zod';

/**
 * Shared input types: every value a client sends is bounded here once, so nothing a request
 * carries can reach SQL or a presenter in a shape PostgreSQL or JSON refuses (issue 14 items 6, 8, 13).
 */

/** Money inputs: integer cents up to 10^13 (100 billion yuan) either way, so sums of them stay exact. */
export const MAX_MONEY_CENTS = 10_000_000_000_000;
export const moneySchema = z.number().int().min(-MAX_MONEY_CENTS).max(MAX_MONEY_CENTS);

/** PostgreSQL int4, the type of versions and counts. */
export const MAX_INT4 = 2_147_483_647;

/**
 * Characters no text field may hold: NUL and the C0/DEL controls except tab, newline and carriage
 * return (PostgreSQL text cannot store NUL; controls garble exports), and UTF-16 surrogates without
 * their pair (not encodable as UTF-8).
 */
// eslint-disable-next-line no-control-regex
const UNSAFE_TEXT = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const LINE_BREAKS = /[\t\n\r]/;

export function isSafeText(value: string): boolean {
  return !UNSAFE_TEXT.test(value);
}

export const UNSAFE_TEXT_MESSAGE = 'contains a control character, NUL or an unpaired surrogate';

/**
 * The first string anywhere in `value` (objects, arrays, keys included) that is not safe text, as
 * a path of keys/indices; null when all are. Depth-bounded: deeper input is reported at the limit.
 */
export function findUnsafeText(value: unknown, path: (string | number)[] = [], depth = 0): (string | number)[] | null {
  if (typeof value === 'string') return isSafeText(value) ? null : path;
  if (value === null || typeof value !== 'object') return null;
  if (depth > 64) return path;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findUnsafeText(value[i], [...path, i], depth + 1);
      if (found) return found;
    }
    return null;
  }
  for (const [key, item] of Object.entries(value)) {
    if (!isSafeText(key)) return [...path, key];
    const found = findUnsafeText(item, [...path, key], depth + 1);
    if (found) return found;
  }
  return null;
}

/** Any text a client sends: no NUL, controls (except tab/newline/CR) or unpaired surrogates. */
export const textSchema = z.string().refine(isSafeText, UNSAFE_TEXT_MESSAGE);

/** A single-line name (customer, contact, product …): trimmed, safe text and no tab or line break. */
export const nameTextSchema = z
  .string()
  .trim()
  .refine(isSafeText, UNSAFE_TEXT_MESSAGE)
  .refine((value) => !LINE_BREAKS.test(value), 'must be one line (no tab or line break)');

/** Years PostgreSQL and the business accept (PostgreSQL has no year 0; nothing here predates 1900). */
const MIN_YEAR = 1900;
const MAX_YEAR = 9999;
const yearOf = (value: string) => Number(value.slice(0, 4));
const inYears = (value: string) => yearOf(value) >= MIN_YEAR && yearOf(value) <= MAX_YEAR;

/** A calendar date `YYYY-MM-DD` (a real day of a real month), years 1900–9999. */
export const dateSchema = z.iso.date().refine(inYears, `year must be between ${MIN_YEAR} and ${MAX_YEAR}`);

/** An instant with offset (ISO 8601), years 1900–9999. */
export const dateTimeSchema = z.iso.datetime({ offset: true }).refine(inYears, `year must be between ${MIN_YEAR} and ${MAX_YEAR}`);

/**
 * A boolean in a query string: only `true`/`false` (and 1/0, yes/no …) — not JavaScript truthiness,
 * where `?unread=false` would read as true.
 */
// Documented as a boolean: a generated client passes `true` and its query serializer sends "true".
export const queryBooleanSchema = z.stringbool().meta({ type: 'boolean' });

let zones: Set<string> | null = null;
/** An IANA time zone this runtime knows (`Intl.supportedValuesOf('timeZone')`, plus UTC). */
export function isKnownTimeZone(value: string): boolean {
  zones ??= new Set([...Intl.supportedValuesOf('timeZone'), 'UTC', 'Etc/UTC']);
  return zones.has(value);
}
export const timeZoneSchema = z.string().min(1).max(64).refine(isKnownTimeZone, 'not a known IANA time zone (e.g. Asia/Shanghai)');

/** A moment in a response: ISO 8601 in UTC as the server writes it; documented as `date-time` for generated clients. */
export const timestampSchema = z.iso.datetime({ offset: true });
