import { sql, type SQL } from 'drizzle-orm';
import type { FeedEntry, FeedPage, FeedQuery, FeedRecordKind, FeedType } from '@xiaoguan/shared';
import type { Ctx } from '../context.js';
import { iso } from '../db/client.js';
import { defineSlot } from '../manifest/index.js';
import { getSettings } from '../settings/settings.js';
import { startOfCalendarDay } from '../time.js';
import { badRequest } from '../errors.js';

/** Whose feed: a customer's (everything about the account) or one opportunity's (the deal). */
export type FeedSubject = { kind: 'customer'; id: string } | { kind: 'opportunity'; id: string; customerId: string };

/** The query as sources apply it: instants instead of company-local dates, the cursor parsed. */
export interface FeedWindow {
  types: readonly FeedType[] | null;
  actorId: string | null;
  /** Inclusive lower and exclusive upper bound. */
  from: Date | null;
  to: Date | null;
  before: { at: Date; id: string } | null;
  /** Each source returns at most this many entries (newest first); the merge keeps the first `limit - 1`. */
  limit: number;
}

/**
 * What a module declares to take part in the activity feed (contributed to `activityFeed` from its
 * manifest). `entries` returns the newest entries of `types` about the subject that the caller may
 * see: each source applies its own module's read scope (R-SEC-1) in SQL, so an entry about a record
 * the caller cannot open is never fetched. `feedWindowSql` applies the filters and the cursor.
 */
export interface FeedSource {
  readonly name: string;
  readonly types: readonly FeedType[];
  entries(ctx: Ctx, subject: FeedSubject, window: FeedWindow): Promise<FeedEntry[]>;
}

export const activityFeed = defineSlot<FeedSource>('activityFeed');

const CURSOR_SEPARATOR = '|';

export function feedCursor(entry: Pick<FeedEntry, 'at' | 'id'>): string {
  return `${entry.at}${CURSOR_SEPARATOR}${entry.id}`;
}

/** Newest first; entries at the same millisecond by id, the same order the SQL uses (`collate "C"`). */
export function compareFeedEntries(a: Pick<FeedEntry, 'at' | 'id'>, b: Pick<FeedEntry, 'at' | 'id'>): number {
  if (a.at !== b.at) return a.at < b.at ? 1 : -1;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

/**
 * The filters and the page boundary for one source's query: `at` (a timestamptz expression),
 * `entryId` (the text expression the entry's id is built with), `actor` (who did it). Times are
 * compared at millisecond precision, the precision of the cursor.
 */
export function feedWindowSql(window: FeedWindow, columns: { at: SQL; entryId: SQL; actor: SQL }): SQL {
  const at = sql`date_trunc('milliseconds', ${columns.at})`;
  const parts: SQL[] = [sql`${columns.at} is not null`];
  if (window.actorId) parts.push(sql`${columns.actor} = ${window.actorId}::uuid`);
  if (window.from) parts.push(sql`${columns.at} >= ${window.from.toISOString()}::timestamptz`);
  if (window.to) parts.push(sql`${columns.at} < ${window.to.toISOString()}::timestamptz`);
  if (window.before) {
    const beforeAt = sql`${window.before.at.toISOString()}::timestamptz`;
    parts.push(sql`(${at} < ${beforeAt} or (${at} = ${beforeAt} and (${columns.entryId}) collate "C" < ${window.before.id}))`);
  }
  return sql.join(parts, sql` and `);
}

/** Order and limit for one source's query, matching `compareFeedEntries`. */
export function feedOrderSql(window: FeedWindow, columns: { at: SQL; entryId: SQL }): SQL {
  return sql`order by date_trunc('milliseconds', ${columns.at}) desc, (${columns.entryId}) collate "C" desc limit ${window.limit}`;
}

/** Whether a source should run for this window's type filter; a source may serve several types. */
export function wants(window: FeedWindow, type: FeedType): boolean {
  return window.types === null || window.types.includes(type);
}

/** A row's timestamp as the feed's ISO text (ms precision, like the cursor). */
export function feedAt(value: Date | string): string {
  return iso(value)!;
}

function parseCursor(cursor: string): { at: Date; id: string } {
  const at = new Date(cursor.slice(0, cursor.indexOf(CURSOR_SEPARATOR)));
  if (Number.isNaN(at.getTime())) throw badRequest('querystring.before', 'not a feed cursor');
  return { at, id: cursor.slice(cursor.indexOf(CURSOR_SEPARATOR) + 1) };
}

function dayStart(date: string, timeZone: string): Date {
  return startOfCalendarDay(Date.parse(`${date}T00:00:00Z`), timeZone);
}

/**
 * One page of the subject's feed: every declared source asked in parallel for its newest entries
 * in the window, merged by time, `limit` kept; `nextCursor` continues below the last one shown.
 * The caller has checked that the subject itself is visible.
 */
export async function loadFeed(ctx: Ctx, subject: FeedSubject, query: FeedQuery): Promise<FeedPage> {
  const { timeZone } = await getSettings(ctx.db);
  if (query.from && query.to && query.from > query.to) throw badRequest('querystring.to', 'the end date is before the start date');
  const window: FeedWindow = {
    types: query.types && query.types.length > 0 ? query.types : null,
    actorId: query.actorId ?? null,
    from: query.from ? dayStart(query.from, timeZone) : null,
    // `to` is inclusive: up to the start of the next day.
    to: query.to ? dayStart(nextDay(query.to), timeZone) : null,
    before: query.before ? parseCursor(query.before) : null,
    limit: query.limit + 1,
  };
  const sources = activityFeed.values().filter((source) => source.types.some((type) => wants(window, type)));
  const batches = await Promise.all(sources.map((source) => source.entries(ctx, subject, window)));
  const merged = batches
    .flat()
    .filter((entry) => wants(window, entry.type))
    .sort(compareFeedEntries);
  const items = merged.slice(0, query.limit);
  const last = items[items.length - 1];
  return { items, nextCursor: merged.length > query.limit && last ? feedCursor(last) : null };
}

function nextDay(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

/** One kind of entry a source reads with SQL: where the rows come from and how each column is made. */
export interface FeedPart {
  type: FeedType;
  /** A constant event name, or an SQL text expression (e.g. from a status column). */
  event: string | SQL;
  /** timestamptz expression: when it happened. */
  at: SQL;
  /** Unique text expression, `<type>:<event>:<id>`. */
  entryId: SQL;
  /** uuid expression: who did it (null allowed). */
  actor: SQL;
  recordKind: FeedRecordKind;
  recordId: SQL;
  label: SQL;
  /** jsonb expression with the entry's params. */
  params?: SQL;
  /** Text a person wrote. */
  text?: SQL;
  /** FROM list (tables and joins), without the keyword. */
  from: SQL;
  /** Which rows: the subject and the module's read scope (R-SEC-1). */
  where: SQL;
}

interface FeedRow extends Record<string, unknown> {
  entry_id: string;
  type: FeedType;
  event: string;
  at: Date | string;
  actor_id: string | null;
  actor_name: string | null;
  record_kind: FeedRecordKind;
  record_id: string;
  label: string | null;
  params: Record<string, string | number | null> | null;
  text: string | null;
}

function partSql(window: FeedWindow, part: FeedPart): SQL {
  const columns = { at: part.at, entryId: part.entryId, actor: part.actor };
  const event = typeof part.event === 'string' ? sql`${part.event}::text` : part.event;
  return sql`(select (${part.entryId}) as entry_id, ${part.type}::text as type, ${event} as event, ${part.at} as at,
      (${part.actor}) as actor_id, feed_actor.display_name as actor_name, ${part.recordKind}::text as record_kind,
      (${part.recordId})::text as record_id, (${part.label})::text as label, ${part.params ?? sql`null::jsonb`} as params,
      ${part.text ?? sql`null::text`} as text
    from ${part.from} left join users feed_actor on feed_actor.id = (${part.actor})
    where (${part.where}) and ${feedWindowSql(window, columns)} ${feedOrderSql(window, columns)})`;
}

/** Runs a source's parts (those the window's type filter wants) as one query and shapes the entries. */
export async function runFeedParts(ctx: Ctx, window: FeedWindow, parts: readonly FeedPart[]): Promise<FeedEntry[]> {
  const wanted = parts.filter((part) => wants(window, part.type));
  if (wanted.length === 0) return [];
  const result = await ctx.db.execute<FeedRow>(
    sql.join(
      wanted.map((part) => partSql(window, part)),
      sql` union all `,
    ),
  );
  return result.rows.map((row) => ({
    id: row.entry_id,
    type: row.type,
    event: row.event,
    at: feedAt(row.at),
    actorId: row.actor_id,
    actorName: row.actor_name,
    record: { kind: row.record_kind, id: row.record_id, label: row.label ?? '' },
    params: row.params ?? {},
    text: row.text,
  }));
}

/**
 * Approval entries (R-APR-1) about a module's records: submitted, and decided (approved, rejected,
 * cancelled). `recordFrom`/`recordWhere` select the module's records the caller may read, aliased
 * so that `recordId` names the record's id; the approval request joins as `ar`.
 */
export function approvalFeedParts(spec: {
  subjectTypes: readonly string[];
  recordKind: FeedRecordKind;
  recordFrom: SQL;
  recordWhere: SQL;
  recordId: SQL;
  label: SQL;
}): FeedPart[] {
  const from = sql`${spec.recordFrom} join approval_requests ar on ar.subject_id = (${spec.recordId})::text and ar.subject_type in (${sql.join(
    spec.subjectTypes.map((type) => sql`${type}`),
    sql`, `,
  )})`;
  const params = sql`jsonb_build_object('subjectType', ar.subject_type, 'status', ar.status, 'amountCents', ar.amount_cents)`;
  return [
    {
      type: 'approval',
      event: 'submitted',
      at: sql`ar.created_at`,
      entryId: sql`'approval:submitted:' || ar.id::text`,
      actor: sql`ar.requester_id`,
      recordKind: spec.recordKind,
      recordId: spec.recordId,
      label: spec.label,
      params,
      from,
      where: spec.recordWhere,
    },
    {
      type: 'approval',
      event: sql`ar.status`,
      at: sql`ar.decided_at`,
      entryId: sql`'approval:decided:' || ar.id::text`,
      // Who decided: the last event on the request.
      actor: sql`(select e.actor_id from approval_events e where e.request_id = ar.id order by e.created_at desc limit 1)`,
      recordKind: spec.recordKind,
      recordId: spec.recordId,
      label: spec.label,
      params,
      text: sql`(select e.comment from approval_events e where e.request_id = ar.id order by e.created_at desc limit 1)`,
      from,
      where: spec.recordWhere,
    },
  ];
}
