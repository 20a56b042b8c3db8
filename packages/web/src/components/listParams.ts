/**
 * Reading list parameters from the page URL and writing them back. A list keeps its filters, page
 * and sort in the URL so links, the back button and exports carry them; values that are not valid
 * are dropped (the server would answer 400) and defaults are left out of the URL.
 */

/** The value if it is one of `values`, else undefined. */
export function oneOf<T extends string>(values: readonly T[], value: string | null): T | undefined {
  return value !== null && (values as readonly string[]).includes(value) ? (value as T) : undefined;
}

/** A positive integer, else the fallback. */
export function positive(value: string | null, fallback: number): number {
  const number = Number(value);
  return Number.isInteger(number) && number > 0 ? number : fallback;
}

/** An amount in cents (a non-negative integer), else undefined. */
export function cents(value: string | null): number | undefined {
  const number = Number(value);
  return value !== null && value !== '' && Number.isSafeInteger(number) && number >= 0 ? number : undefined;
}

/** The value if it matches the pattern, else undefined. */
export function matching(pattern: RegExp, value: string | null): string | undefined {
  return value && pattern.test(value) ? value : undefined;
}

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 200;

/** Page (default 1) and page size (default 20, at most 200). */
export function pageOf(search: URLSearchParams): { page: number; pageSize: number } {
  return { page: positive(search.get('page'), 1), pageSize: Math.min(positive(search.get('pageSize'), DEFAULT_PAGE_SIZE), MAX_PAGE_SIZE) };
}

/** The URL query for list parameters: empty values, page 1, the default page size and the default sort are left out. */
export function listQuery(params: object, defaultSort?: string): URLSearchParams {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue;
    if (key === 'page' && value === 1) continue;
    if (key === 'pageSize' && value === DEFAULT_PAGE_SIZE) continue;
    if (key === 'sort' && value === defaultSort) continue;
    query.set(key, String(value));
  }
  return query;
}

/** How many of the filters are set (the search text `q` does not count: it is always in view). */
export function activeFilterCount<P extends object>(params: P, keys: readonly (keyof P)[]): number {
  return keys.filter((key) => key !== 'q' && params[key] !== undefined).length;
}

/** The filters that are set, for an API call or an export. */
export function setFilters<P extends object, K extends keyof P>(params: P, keys: readonly K[]): Partial<Pick<P, K>> {
  return Object.fromEntries(keys.map((key) => [key, params[key]]).filter(([, value]) => value !== undefined)) as Partial<Pick<P, K>>;
}
