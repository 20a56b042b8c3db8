import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import { FAVOURITES_MAX, RECENT_ITEMS_KEPT, type RecordRef, type SearchHit, type SearchResult } from '@xiaoguan/shared';
import type { Ctx } from '../context.js';
import { iso } from '../db/client.js';
import { AppError, badRequest, notFound } from '../errors.js';
import { lookupQuery, searchableOf, searchables, searchBranch, type Searchable } from './searchables.js';
import { userFavourites, userRecentItems } from './search.schema.js';

interface HitRow extends Record<string, unknown> {
  type: string;
  id: string;
  title: string;
  subtitle: string | null;
  target_type: string | null;
  target_id: string | null;
  title_en: string | null;
}

function hitOf(row: HitRow): SearchHit {
  return {
    type: row.type,
    id: row.id,
    title: row.title,
    subtitle: row.subtitle,
    ...(row.title_en ? { titleEn: row.title_en } : {}),
    target: row.target_type && row.target_id ? { type: row.target_type, id: row.target_id } : null,
  };
}

/** The searchable types the actor may read at all, in module order. */
function readable(ctx: Ctx): Searchable[] {
  return searchables().filter((searchable) => searchable.can(ctx.actor));
}

/**
 * The one statement of a global search: each readable type's best `limit` matches, as a UNION ALL
 * of one branch per type (one round trip). Null when the query matches no field of any type.
 */
export function searchStatement(ctx: Ctx, q: string, limit: number): SQL | null {
  const branches = readable(ctx)
    .map((searchable) => searchBranch(ctx, searchable, q, limit))
    .filter((branch): branch is SQL => branch !== null);
  if (branches.length === 0) return null;
  return sql.join(branches, sql` union all `);
}

/** R-SRCH-1: records of every registered type matching `q`, grouped by type in module order, within the caller's access. */
export async function globalSearch(ctx: Ctx, q: string, limit: number): Promise<SearchResult> {
  const statement = searchStatement(ctx, q, limit);
  if (!statement) return { q, groups: [] };
  const result = await ctx.db.execute<HitRow>(statement);
  const groups = readable(ctx)
    .map((searchable) => ({ type: searchable.type, items: result.rows.filter((row) => row.type === searchable.type).map(hitOf) }))
    .filter((group) => group.items.length > 0);
  return { q, groups };
}

/** A type registered by some module, or 400 naming the field. */
function searchableFor(type: string, field: string, { favourite = false } = {}): Searchable {
  const searchable = searchableOf(type);
  if (!searchable || (favourite && !searchable.favourite)) throw badRequest(field, `unknown record type ${type}`);
  return searchable;
}

/** The record if the caller may see it now, else 404 (out of scope looks the same as absent). */
async function visibleRecord(ctx: Ctx, searchable: Searchable, id: string): Promise<SearchHit> {
  if (!searchable.can(ctx.actor)) throw notFound(searchable.type);
  const result = await ctx.db.execute<HitRow>(lookupQuery(ctx, searchable, [id]));
  const row = result.rows[0];
  if (!row) throw notFound(searchable.type);
  return hitOf(row);
}

/**
 * `refs` (newest first) reduced to the records the caller may still see, in the same order: a record
 * moved out of the caller's scope since it was opened or pinned is not shown (R-SEC-1).
 */
async function visibleOf(ctx: Ctx, refs: readonly { type: string; id: string; at: Date }[]): Promise<(SearchHit & { at: string })[]> {
  const byType = new Map<string, string[]>();
  for (const ref of refs) byType.set(ref.type, [...(byType.get(ref.type) ?? []), ref.id]);
  const found = new Map<string, SearchHit>();
  await Promise.all(
    [...byType].map(async ([type, ids]) => {
      const searchable = searchableOf(type);
      if (!searchable || !searchable.can(ctx.actor)) return;
      const result = await ctx.db.execute<HitRow>(lookupQuery(ctx, searchable, ids));
      for (const row of result.rows) found.set(`${type}:${row.id}`, hitOf(row));
    }),
  );
  return refs.flatMap((ref) => {
    const hit = found.get(`${ref.type}:${ref.id}`);
    return hit ? [{ ...hit, at: iso(ref.at)! }] : [];
  });
}

function favouriteTypes(): string[] {
  return searchables()
    .filter((searchable) => searchable.favourite)
    .map((searchable) => searchable.type);
}

/** Records that a record page was opened: the caller's recent items keep the last RECENT_ITEMS_KEPT. */
export async function recordVisit(ctx: Ctx, ref: RecordRef): Promise<void> {
  await visibleRecord(ctx, searchableFor(ref.type, 'body.type'), ref.id);
  const userId = ctx.actor.id;
  await ctx.db
    .insert(userRecentItems)
    .values({ userId, entityType: ref.type, entityId: ref.id, viewedAt: ctx.now })
    .onConflictDoUpdate({
      target: [userRecentItems.userId, userRecentItems.entityType, userRecentItems.entityId],
      set: { viewedAt: ctx.now },
    });
  await ctx.db.execute(sql`delete from ${userRecentItems} r where r.user_id = ${userId} and (r.entity_type, r.entity_id) not in
    (select k.entity_type, k.entity_id from ${userRecentItems} k where k.user_id = ${userId} order by k.viewed_at desc limit ${RECENT_ITEMS_KEPT})`);
}

export async function listRecent(ctx: Ctx) {
  const rows = await ctx.db
    .select()
    .from(userRecentItems)
    .where(eq(userRecentItems.userId, ctx.actor.id))
    .orderBy(desc(userRecentItems.viewedAt))
    .limit(RECENT_ITEMS_KEPT);
  return {
    items: await visibleOf(
      ctx,
      rows.map((row) => ({ type: row.entityType, id: row.entityId, at: row.viewedAt })),
    ),
    favouriteTypes: favouriteTypes(),
  };
}

export async function listFavourites(ctx: Ctx) {
  const rows = await ctx.db
    .select()
    .from(userFavourites)
    .where(eq(userFavourites.userId, ctx.actor.id))
    .orderBy(desc(userFavourites.createdAt))
    .limit(FAVOURITES_MAX);
  return {
    items: await visibleOf(
      ctx,
      rows.map((row) => ({ type: row.entityType, id: row.entityId, at: row.createdAt })),
    ),
    favouriteTypes: favouriteTypes(),
  };
}

/** Pins a record the caller can see; pinning it again changes nothing. */
export async function addFavourite(ctx: Ctx, ref: RecordRef): Promise<void> {
  await visibleRecord(ctx, searchableFor(ref.type, 'params.type', { favourite: true }), ref.id);
  const userId = ctx.actor.id;
  const [counted] = await ctx.db
    .execute<{ n: number }>(sql`select count(*)::int as n from ${userFavourites} where user_id = ${userId}`)
    .then((r) => r.rows);
  if ((counted?.n ?? 0) >= FAVOURITES_MAX)
    throw new AppError('validation', `at most ${FAVOURITES_MAX} favourites; unpin one first`, { field: 'params.id' });
  await ctx.db.insert(userFavourites).values({ userId, entityType: ref.type, entityId: ref.id, createdAt: ctx.now }).onConflictDoNothing();
}

export async function removeFavourite(ctx: Ctx, ref: RecordRef): Promise<void> {
  searchableFor(ref.type, 'params.type', { favourite: true });
  await ctx.db
    .delete(userFavourites)
    .where(and(eq(userFavourites.userId, ctx.actor.id), eq(userFavourites.entityType, ref.type), eq(userFavourites.entityId, ref.id)));
}
