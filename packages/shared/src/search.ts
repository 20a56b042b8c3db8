import { z } from 'zod';

/** A record type registered for global search, recent items and favourites by a module manifest (`searchables`). */
export const searchTypeSchema = z.string().regex(/^[a-z][a-zA-Z]{1,30}$/);

/** One record found: what the header shows, and where it opens (`target`, when that is another record, e.g. a contact's customer). */
export const searchHitSchema = z.object({
  type: z.string(),
  id: z.uuid(),
  title: z.string(),
  /** The title in English where the record has one (a product): the web shows it to an en-US reader. */
  titleEn: z.string().optional(),
  subtitle: z.string().nullable(),
  target: z.object({ type: z.string(), id: z.uuid() }).nullable(),
});
export type SearchHit = z.infer<typeof searchHitSchema>;

export const SEARCH_QUERY_MAX = 100;
export const searchQuerySchema = z.object({
  q: z.string().trim().max(SEARCH_QUERY_MAX),
  /** Hits per type, at most. */
  limit: z.coerce.number().int().min(1).max(10).default(5),
});
export type SearchQuery = z.infer<typeof searchQuerySchema>;

export const searchResultSchema = z.object({
  q: z.string(),
  groups: z.array(z.object({ type: z.string(), items: z.array(searchHitSchema) })),
});
export type SearchResult = z.infer<typeof searchResultSchema>;

export const recordRefSchema = z.object({ type: searchTypeSchema, id: z.uuid() });
export type RecordRef = z.infer<typeof recordRefSchema>;

/** Recent items or favourites, newest first, only those the caller may still see. */
export const recordShortcutListSchema = z.object({
  items: z.array(searchHitSchema.extend({ at: z.string() })),
  /** The types that can be pinned (declared `favourite: true`). */
  favouriteTypes: z.array(z.string()),
});
export type RecordShortcutList = z.infer<typeof recordShortcutListSchema>;

/** How many recent items are kept per user, and how many favourites a user may pin. */
export const RECENT_ITEMS_KEPT = 20;
export const FAVOURITES_MAX = 100;
