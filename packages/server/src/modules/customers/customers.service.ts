import { and, asc, desc, eq, getTableColumns, inArray, isNull, ne, or, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { customerListPageSchema, type Customer, type CustomerCreate, type CustomerListPage, type CustomerListQuery, type CustomerUpdate, type Duplicate, type Tier } from '@xiaoguan/shared';
import type { Ctx } from '../../platform/context.js';
import type { Executor, Tx } from '../../platform/db/client.js';
import { AppError, badRequest, conflict, forbidden, notFound } from '../../platform/errors.js';
import { escapeLike } from '../../platform/db/like.js';
import { diffChanges } from '../../platform/audit/audit.js';
import { getSettings } from '../../platform/settings/settings.js';
import { getDirectory, users } from '../org/index.js';
import { customerRfm, customers, customerStatusHistory } from './customers.schema.js';
import { customersAccess } from './customers.access.js';
import { matchUnmasked } from '../../platform/access/masking.js';
import { presentCustomer, presentCustomerListItem, type CustomerListRow, type CustomerRecord } from './customers.presenter.js';
import { CountCache } from '../../platform/db/count-cache.js';
import { PageCache, type PageScope } from '../../platform/db/page-cache.js';
import { responseWriter } from '../../platform/http/serializer.js';
import { addDays, calendarDay, startOfCalendarDay } from '../../platform/time.js';
import type { Actor } from '../../platform/access/index.js';
import { parsePgTimestamp, prerendered, RenderedStatements, withGenericPlans } from '../../platform/db/client.js';
import { cadenceDueAt } from './contact-cadence.js';
import { duplicateKeys } from './normalize.js';
import { getCustomerSettings } from './customers.settings.js';

const owner = alias(users, 'owner');

/** Pool customers are visible to whoever may claim them, and to roles that read everything. */
function poolVisible(ctx: Ctx): boolean {
  return customersAccess.can(ctx.actor, 'claim') || customersAccess.scopes(ctx.actor, 'read')[0] === 'all';
}

/** R-SEC-1 read predicate for customers: own scope, or the pool for those who may see it. */
export function customerReadScope(ctx: Ctx): SQL {
  const scoped = customersAccess.where(ctx.actor, 'read', customers.ownerId);
  return and(isNull(customers.mergedIntoId), poolVisible(ctx) ? or(scoped, isNull(customers.ownerId))! : scoped)!;
}

// The hot read path (lists, detail) as one SQL text: Drizzle's select builder costs ~0.5 ms per
// query to assemble 50+ columns and joins; the same query from a template costs ~25 µs (measured).
const CUSTOMER_COLUMN_LIST = sql.raw(
  Object.entries(getTableColumns(customers))
    .map(([key, column]) => `"customers"."${column.name}" as "${key}"`)
    .join(', ') +
    // R-CUS-2 values from customer_rfm (joined by RFM_JOIN); a customer without a row has no orders.
    `, "customer_rfm"."last_order_at" as "rfmLastOrderAt", coalesce("customer_rfm"."frequency", 0) as "rfmFrequency",
       coalesce("customer_rfm"."monetary_cents", 0) as "rfmMonetaryCents", "customer_rfm"."r" as "rfmR", "customer_rfm"."f" as "rfmF",
       "customer_rfm"."m" as "rfmM", "customer_rfm"."segment" as "segment", "customer_rfm"."loyalty_level" as "loyaltyLevel"`,
);

/**
 * A customer's values (customer_rfm: segment, amount, scores) beside it. PostgreSQL drops the join
 * where nothing of customer_rfm is used (its key is unique), so a sort or select may always add it.
 */
export const RFM_JOIN = sql`left join customer_rfm on customer_rfm.customer_id = "customers"."id"`;
/**
 * The same as an index probe per customer, for a search's matches sorted by amount: PostgreSQL cannot
 * tell how many matches there are (it guesses hundreds) and hashes the whole of customer_rfm to join
 * them. Measured for a director's 德新 (114 matches, 50,760 values): joined before choosing the page,
 * 6–7 ms in the database; the page chosen first and its 50 values joined, 0.7–1.1 ms.
 */
const RFM_PROBE = sql`left join lateral (select * from customer_rfm where customer_rfm.customer_id = "customers"."id" offset 0) customer_rfm on true`;

// Raw results carry timestamptz as PostgreSQL text; the record type (and the services) use Dates.
const TIMESTAMP_KEYS = [
  ...Object.entries(getTableColumns(customers))
    .filter(([, column]) => column.columnType === 'PgTimestamp')
    .map(([key]) => key as keyof CustomerRecord),
  'rfmLastOrderAt' as const,
];

/** The caller's abilities on each row (R-SEC-1 scopes), computed in the query: `_canUpdate`, `_canReveal`, `_canAssign`. */
function abilityColumns(ctx: Ctx): SQL {
  const write = customersAccess.where(ctx.actor, 'write', customers.ownerId);
  const reveal = customersAccess.where(ctx.actor, 'reveal', customers.ownerId);
  const assign = customersAccess.where(ctx.actor, 'assign', customers.ownerId);
  return sql`coalesce((${write}), false) as "_canUpdate",
           coalesce((${reveal}) or ("customers"."owner_id" is null and ${customersAccess.can(ctx.actor, 'reveal')}), false) as "_canReveal",
           coalesce((${assign}) or ("customers"."owner_id" is null and ${customersAccess.can(ctx.actor, 'assign')}), false) as "_canAssign"`;
}

/** Customers with owner, team and the caller's abilities, as `{ customer, ownerName, … }` rows. */
export async function queryCustomers(ctx: Ctx, where: SQL, executor: Executor = ctx.db): Promise<Selected[]> {
  const result = await executor.execute<CustomerRecord & { _ownerName: string | null; _ownerLinePath: string | null; _teamName: string | null; _canUpdate: boolean; _canReveal: boolean; _canAssign: boolean }>(sql`
    select ${CUSTOMER_COLUMN_LIST}, owner_u.display_name as "_ownerName", owner_u.line_path as "_ownerLinePath", team_u.name as "_teamName",
           ${abilityColumns(ctx)}
      from customers
      ${RFM_JOIN}
      left join users owner_u on owner_u.id = "customers"."owner_id"
      left join org_units team_u on team_u.id = "customers"."team_id"
     where ${where}`);
  return result.rows.map((row) => {
    for (const key of TIMESTAMP_KEYS) {
      const value = row[key];
      if (typeof value === 'string') (row as Record<string, unknown>)[key] = parsePgTimestamp(value);
    }
    return {
    customer: row,
    ownerName: row._ownerName,
    ownerLinePath: row._ownerLinePath,
    teamName: row._teamName,
    canUpdate: row._canUpdate,
    canReveal: row._canReveal,
    canAssign: row._canAssign,
    };
  });
}

export interface Selected {
  customer: CustomerRecord;
  ownerName: string | null;
  ownerLinePath: string | null;
  teamName: string | null;
  canUpdate: boolean;
  canReveal: boolean;
  canAssign: boolean;
}

/** Totals above this are reported as capped: counting 100,000 rows on every page view costs more than the page. */
export const COUNT_CAP = 2_000;

export async function cappedCount(executor: Executor, from: SQL, where: SQL): Promise<{ total: number; capped: boolean }> {
  const result = await executor.execute<{ n: number }>(sql`select count(*)::int as n from (select 1 from ${from} where ${where} limit ${COUNT_CAP + 1}) t`);
  const n = result.rows[0]!.n;
  return { total: Math.min(n, COUNT_CAP), capped: n > COUNT_CAP };
}

let rfmRunCache: { at: number; value: string | null } | null = null;
/** When RFM last ran (cached a few seconds, like settings). */
async function rfmComputedAt(db: Executor): Promise<string | null> {
  if (rfmRunCache && Date.now() - rfmRunCache.at < 5_000) return rfmRunCache.value;
  const result = await db.execute<{ value: string }>(sql`select value #>> '{}' as value from settings where key = 'customers.rfmComputedAt'`);
  rfmRunCache = { at: Date.now(), value: result.rows[0]?.value ?? null };
  return rfmRunCache.value;
}

export async function presenter(ctx: Ctx) {
  const [settings, platform, rfmRun] = await Promise.all([getCustomerSettings(ctx.db), getSettings(ctx.db), rfmComputedAt(ctx.db)]);
  const canClaim = customersAccess.can(ctx.actor, 'claim');
  return (row: Selected, revealed = false): Customer =>
    presentCustomer(ctx.actor, row.customer, { ownerName: row.ownerName, ownerLinePath: row.ownerLinePath, teamName: row.teamName, canUpdate: row.canUpdate, canReveal: row.canReveal, canAssign: row.canAssign, canClaim }, ctx.now, settings.cadence, platform.timeZone, revealed, rfmRun);
}

/** Each sort ends on the id, in the sort's direction, so pages are stable and one index walk serves them. */
export const SORTS: Record<CustomerListQuery['sort'], SQL[]> = {
  name: [asc(customers.name), asc(customers.id)],
  '-name': [desc(customers.name), desc(customers.id)],
  createdAt: [asc(customers.createdAt), asc(customers.id)],
  '-createdAt': [desc(customers.createdAt), desc(customers.id)],
  updatedAt: [asc(customers.updatedAt), asc(customers.id)],
  '-updatedAt': [desc(customers.updatedAt), desc(customers.id)],
  lastContactAt: [sql`${customers.lastContactAt} asc nulls first`, asc(customers.id)],
  '-lastContactAt': [sql`${customers.lastContactAt} desc nulls last`, desc(customers.id)],
  dueAt: [sql`${customers.cadenceDueAt} asc nulls last`, asc(customers.id)],
  '-dueAt': [sql`${customers.cadenceDueAt} desc nulls last`, desc(customers.id)],
  // customer_rfm is joined wherever these sorts are used (RFM_JOIN); no row = no orders.
  monetary: [sql`coalesce(${customerRfm.monetaryCents}, 0) asc`, asc(customers.id)],
  '-monetary': [sql`coalesce(${customerRfm.monetaryCents}, 0) desc`, desc(customers.id)],
};


/** How a search term is matched (customerFilters), and so what shape its SQL has. */
function searchShape(q: string) {
  return {
    // Two characters: the name's bigram index (migration 0009) — pg_trgm cannot serve them.
    bigrams: [...q].length === 2,
    // Tax ids are Latin letters and digits: search them only for such a query (an ILIKE on an
    // unindexed column in the OR would turn every search into a full scan).
    taxId: /^[0-9A-Za-z]{4,}$/.test(q),
    phone: q.replace(/\D/g, '').length >= 3,
  };
}

/**
 * The request values of customerFilters, under the names its SQL binds them by. A statement kept by
 * its shape (RenderedStatements) has these as placeholders and everything else of the query, and
 * the caller, in its key.
 */
function filterValues(ctx: Ctx, query: Partial<CustomerListQuery>): Record<string, unknown> {
  const q = query.q;
  return {
    tier: query.tier,
    segment: query.segment,
    status: query.status,
    kind: query.kind,
    ownerId: query.ownerId,
    teamId: query.teamId,
    tag: query.tag,
    now: ctx.now,
    q,
    qPattern: q ? `%${escapeLike(q)}%` : undefined,
    qDigits: q ? `%${q.replace(/\D/g, '')}%` : undefined,
  };
}
const BOUND_FIELDS = ['tier', 'segment', 'status', 'kind', 'ownerId', 'teamId', 'tag', 'q'] as const;

/** Filters shared by the list, the pool and the export, applied inside the query; `placeholders`: the request values as sql.placeholder (filterValues). */
export function customerFilters(ctx: Ctx, query: Partial<CustomerListQuery>, { pool = false, scopeAsFilter = false, placeholders = false } = {}): SQL[] {
  const values = placeholders ? null : filterValues(ctx, query);
  const bind = (name: string) => (values ? values[name] : sql.placeholder(name));
  // Keep each shape index-friendly: the owned list is the role's scope alone (an `or owner_id is null`
  // there stops PostgreSQL using the owner index); the pool is `owner_id is null` alone.
  const filters: SQL[] = [isNull(customers.mergedIntoId)];
  if (pool) {
    if (!poolVisible(ctx)) filters.push(sql`false`);
    filters.push(isNull(customers.ownerId));
  } else {
    const scope = customersAccess.where(ctx.actor, 'read', customers.ownerId);
    // scopeAsFilter: checked on each row found by another index (see listCustomers' search), never
    // an index scan of its own.
    filters.push(scopeAsFilter ? sql`coalesce((${scope}), false)` : scope, sql`${customers.ownerId} is not null`);
  }
  if (query.tier) filters.push(sql`${customers.tier} = ${bind('tier')}`);
  if (query.segment) filters.push(sql`exists (select 1 from customer_rfm v where v.customer_id = ${customers.id} and v.segment = ${bind('segment')})`);
  if (query.status) filters.push(sql`${customers.status} = ${bind('status')}`);
  if (query.kind) filters.push(sql`${customers.kind} = ${bind('kind')}`);
  if (query.ownerId) filters.push(sql`${customers.ownerId} = ${bind('ownerId')}`);
  if (query.teamId) filters.push(sql`${customers.teamId} in (select id from org_units where path like (select path from org_units where id = ${bind('teamId')}) || '%')`);
  if (query.poolWarning !== undefined) filters.push(query.poolWarning ? sql`${customers.poolWarnedAt} is not null` : sql`${customers.poolWarnedAt} is null`);
  if (query.tag) filters.push(sql`${customers.tags} @> array[${bind('tag')}]::text[]`);
  if (query.overdue !== undefined) filters.push(query.overdue ? sql`${customers.cadenceDueAt} <= ${bind('now')}` : sql`(${customers.cadenceDueAt} > ${bind('now')} or ${customers.cadenceDueAt} is null)`);
  if (query.q) {
    // Chinese substring search: ILIKE served by pg_trgm GIN indexes on name and phone.
    const shape = searchShape(query.q);
    const pattern = bind('qPattern');
    const parts = [shape.bigrams ? sql`xg_bigrams(${customers.name}) @> array[lower(${bind('q')})]` : sql`${customers.name} ilike ${pattern}`];
    if (shape.taxId) parts.push(sql`${customers.taxId} ilike ${pattern}`);
    if (shape.phone) parts.push(matchUnmasked(ctx.actor, customers.ownerId, sql`${customers.phone} ilike ${bind('qDigits')}`));
    filters.push(or(...parts)!);
  }
  return filters;
}

// The list's columns: what CustomerListItem shows, nothing of the profile's long text.
const LIST_FIELDS = {
  id: customers.id,
  kind: customers.kind,
  name: customers.name,
  tier: customers.tier,
  status: customers.status,
  source: customers.source,
  tags: customers.tags,
  phone: customers.phone,
  industry: customers.industry,
  occupation: customers.occupation,
  ownerId: customers.ownerId,
  teamId: customers.teamId,
  version: customers.version,
  segment: customerRfm.segment,
  monetaryCents: customerRfm.monetaryCents,
  lastContactAt: customers.lastContactAt,
  dueAt: customers.cadenceDueAt,
  createdAt: customers.createdAt,
} satisfies Partial<Record<keyof CustomerListRow, AnyColumn>>;
const LIST_COLUMNS = prerendered(
  sql.join(
    [
      ...Object.entries(LIST_FIELDS).map(([key, column]) => sql`${column} as ${sql.identifier(key)}`),
      sql`(coalesce(${customers.email}, '') <> '' or coalesce(${customers.wechat}, '') <> '') as "hasOtherContacts"`,
    ],
    sql`, `,
  ),
);

/** What a page's customers (and a search's matches) carry before their values are joined: the list's columns and every sort's. */
const PAGE_COLUMNS = prerendered(
  sql.join(
    [
      ...new Set([
        ...Object.values(LIST_FIELDS).filter((column) => column.table === customers),
        customers.updatedAt,
        customers.email,
        customers.wechat,
      ]),
    ].map((column) => sql`"customers".${sql.identifier(column.name)}`),
    sql`, `,
  ),
);

/** List and search statements as text, by shape (platform/db/client.ts). */
const listStatements = new RenderedStatements();

/** Totals of list filters, reused until a statement writes customers (migration 0011); per database. */
const customerCounts = new WeakMap<Executor, CountCache>();
const countsFor = (db: Executor) => customerCounts.get(db) ?? customerCounts.set(db, new CountCache()).get(db)!;
const TABLE_VERSION = sql`(select last_value::text from customers_changes)`;

/**
 * A page of customers in the caller's scope: filtered, sorted and paged in SQL, with its (capped)
 * total in the same round trip — counted again only when customers changed since the last count of
 * the same filter.
 */
export async function listCustomers(ctx: Ctx, query: CustomerListQuery, { pool = false } = {}): Promise<CustomerListPage> {
  customersAccess.require(ctx.actor, pool ? 'claim' : 'read');
  const counts = countsFor(ctx.db);
  // What decides the filter (who asks, the pool, the filters; the clock for the overdue filter), not its SQL.
  const { sort: _sort, page: _page, pageSize: _pageSize, ...filters } = query;
  const countKey = JSON.stringify([actorKey(ctx.actor), pool, filters, query.overdue === undefined ? null : ctx.now]);
  const known = counts.known(countKey);
  const values = { ...filterValues(ctx, query), known: known?.version ?? null };
  // The statement's text is kept by its shape: the caller (scope, abilities), the pool, the sort and
  // page, which filters are set and how the term is matched; the request's values are filled in.
  const shape = `${actorKey(ctx.actor)}\u0000${pool}\u0000${JSON.stringify({ ...query, ...Object.fromEntries(BOUND_FIELDS.map((field) => [field, query[field] === undefined ? undefined : 1])), q: query.q ? searchShape(query.q) : undefined })}`;
  // Prepared (planned once per connection and shape), except a search over more than the caller's own
  // customers: there how many rows the term matches decides the plan ("有限公司" matches half the
  // table, "宏康" fifty rows), so it is planned for its own term. A rep's search reads at most their
  // own few hundred customers, and one cached plan suits every term (measured: a rep's 2-character
  // search went from 860 to 1,486 requests/s). Limit and offset are literals (validated integers)
  // so a cached plan knows it reads one page — a parameter there makes PostgreSQL plan for a tenth
  // of the table.
  const ownOnly = customersAccess.scopes(ctx.actor, 'read').every((scope) => scope === 'own');
  const wideSearch = Boolean(query.q) && !(ownOnly && !pool);
  type Row = CustomerListRow & { _version: string; _total: number | null; _canUpdate: boolean; _canReveal: boolean; _canAssign: boolean };
  // The page is chosen first and the values of its customers joined to it: only a sort by amount
  // needs customer_rfm to choose the page.
  const orderBy = sql`order by ${sql.join(SORTS[query.sort], sql`, `)}`;
  const order = sql`${orderBy} limit ${sql.raw(String(query.pageSize))} offset ${sql.raw(String((query.page - 1) * query.pageSize))}`;
  const byValue = query.sort === 'monetary' || query.sort === '-monetary';
  const [settings, platform] = await Promise.all([getCustomerSettings(ctx.db), getSettings(ctx.db)]);
  let rows: Row[] | null = null;
  let counted: { total: number; capped: boolean } | null = null;
  if (wideSearch) {
    // A search over many owners first takes its matches in any order, up to the count cap, then sorts
    // them. PostgreSQL cannot estimate how many rows a substring matches (a 3-character ILIKE is
    // always "1 %"), and when it guesses many it walks the sort's index hoping to meet 50 matches
    // soon: for a term that matches 3 customers that walk reads all 100,000 (measured: 273 ms, where
    // the trigram index answers in under 1 ms). Only a term matching more than the cap falls back
    // to that walk, which then does meet its matches soon.
    //
    // Prepared, and the hits carry only the columns the page shows and sorts by. It runs on
    // connections that always take the prepared statement's generic plan (withGenericPlans): with
    // plan_cache_mode=auto PostgreSQL planned every execution for its term, because a rare term's
    // own plan looks cheaper than the generic one. pgbench on a director's 2-character search:
    // 2,409 tps unprepared with whole rows, 3,753 prepared and narrow, 5,797 with the generic plan.
    // Under 50 connections PostgreSQL's CPU per search fell by 30 % (2 characters) to 55 % (3
    // characters). The generic plan (a bitmap scan of the name's index, stopped at the cap) takes
    // 9–16 ms for a term in half the names against 7 ms with its own, and such a term goes on to
    // the sorted walk below anyway.
    //
    // The caller's scope is checked on each match rather than read from the owner index: for a
    // supervisor (87 owners, 15,430 customers) PostgreSQL otherwise builds the scope's whole bitmap
    // to AND with the term's ~100 matches (pgbench: 0.95 ms a search, 0.14 ms checked per match; a
    // term in half the names, which goes on to the walk below anyway, 7 → 19 ms).
    const fenced = await withGenericPlans(ctx.db).execute<Row>(
      listStatements.statement(`search\u0000${shape}`, () => {
        const hitsWhere = and(...customerFilters(ctx, query, { pool, scopeAsFilter: true, placeholders: true }))!;
        return sql`
    with hits as materialized (select ${PAGE_COLUMNS} from customers where ${hitsWhere} limit ${sql.raw(String(COUNT_CAP + 1))})
    select ${LIST_COLUMNS},
           ${abilityColumns(ctx)},
           ${TABLE_VERSION} as "_version",
           (select count(*)::int from hits) as "_total"
      from (select ${PAGE_COLUMNS} from hits as customers ${byValue ? RFM_PROBE : sql``} ${order}) as customers
      ${RFM_JOIN}
     ${orderBy}`;
      }, values),
    );
    const n = fenced.rows[0]?._total ?? (query.page > 1 ? null : 0);
    if (n !== null && n <= COUNT_CAP) [rows, counted] = [fenced.rows, { total: n, capped: false }];
  }
  if (!rows) {
    const result = await ctx.db.execute<Row>(
      listStatements.statement(`list\u0000${shape}`, () => {
        const planning = wideSearch ? sql.raw('/* no-prepare */ ') : sql``;
        const where = and(...customerFilters(ctx, query, { pool, placeholders: true }))!;
        return sql`
    ${planning}select ${LIST_COLUMNS},
           ${abilityColumns(ctx)},
           ${TABLE_VERSION} as "_version",
           case when ${TABLE_VERSION} = ${sql.placeholder('known')}::text then null
                else (select count(*)::int from (select 1 from customers where ${where} limit ${COUNT_CAP + 1}) counted) end as "_total"
      from (select ${PAGE_COLUMNS} from customers ${RFM_JOIN} where ${where} ${order}) as customers
      ${RFM_JOIN}
     ${orderBy}`;
      }, values),
    );
    rows = result.rows;
  }
  if (counted) {
    // the search's matches were counted with its page
  } else if (rows.length === 0) {
    counted = query.page > 1 ? await cappedCount(ctx.db, sql`customers`, and(...customerFilters(ctx, query, { pool }))!) : { total: 0, capped: false };
  } else if (rows[0]!._total === null && known) {
    counted = known;
  } else {
    const n = rows[0]!._total ?? 0;
    counted = { total: Math.min(n, COUNT_CAP), capped: n > COUNT_CAP };
    counts.set(countKey, rows[0]!._version, counted);
  }
  // Owner and team names from the process's directory rather than two joins per row (org/directory.ts).
  const directory = await getDirectory(ctx.db, { userIds: rows.map((row) => row.ownerId), unitIds: rows.map((row) => row.teamId) });
  const canClaim = customersAccess.can(ctx.actor, 'claim');
  const items = rows.map((row) => {
    const owner = directory.user(row.ownerId);
    const meta = { ownerName: owner?.displayName ?? null, ownerLinePath: owner?.linePath ?? null, teamName: directory.unitName(row.teamId), canUpdate: row._canUpdate, canReveal: row._canReveal, canAssign: row._canAssign, canClaim };
    return presentCustomerListItem(ctx.actor, row, meta, ctx.now, settings.cadence, platform.timeZone);
  });
  return { items, total: counted.total, capped: counted.capped, page: query.page, pageSize: query.pageSize };
}

/** Whole list pages, kept while customers are unchanged (platform/db/page-cache.ts); per database. */
const customerPages = new WeakMap<Executor, PageCache>();
const pagesFor = (db: Executor) =>
  customerPages.get(db) ?? customerPages.set(db, new PageCache({ sequence: 'customers_changes', lockKey: 7867001011n, changeLog: 'customers_change_log' })).get(db)!;
const serializeListPage = responseWriter(customerListPageSchema);

// Who asks decides a page: their scope (role, unit and its users), abilities and reporting line (masking).
const actorKeys = new WeakMap<Actor, string>();
const actorKey = (actor: Actor) =>
  actorKeys.get(actor) ?? actorKeys.set(actor, JSON.stringify([actor.id, actor.roles, actor.orgUnitId, actor.orgUnitPath, actor.linePath, actor.unitUserIds ?? null])).get(actor)!;

/**
 * The list page as the JSON body the route sends: a kept body when customers have not changed since
 * it was made for the same caller and query, otherwise `listCustomers`, serialized (and kept when
 * that is safe). Measured on 100,000 customers: see the module README.
 */
export async function listCustomersBody(ctx: Ctx, query: CustomerListQuery, { pool = false } = {}): Promise<Buffer> {
  customersAccess.require(ctx.actor, pool ? 'claim' : 'read');
  // The overdue filter compares with the current instant: its rows change with the clock alone.
  if (query.overdue !== undefined) return Buffer.from(serializeListPage(await listCustomers(ctx, query, { pool })));
  const cache = pagesFor(ctx.db);
  const key = `${pool ? 'pool' : 'list'}\u0000${actorKey(ctx.actor)}\u0000${JSON.stringify(query)}`;
  const now = ctx.now.getTime();
  // A write to customers outside these owners leaves the page as it is: the pool's page shows only
  // unowned customers; the list, those of the caller's read scope.
  const owners = pool ? [] : customersAccess.owners(ctx.actor, 'read');
  const scope: PageScope = owners === null ? 'all' : { owners, pool };
  const make = async () => {
    const [page, platform] = await Promise.all([listCustomers(ctx, query, { pool }), getSettings(ctx.db)]);
    return { body: Buffer.from(serializeListPage(page)), expiresAt: pageExpiry(page, ctx.now, platform.timeZone) };
  };
  return cache.serve(ctx.db, key, now, make, scope);
}

/**
 * Deletes change-log rows older than an hour (migration 0014). Kept pages live seconds; a row is read
 * only by pages kept after its change counter value was taken, so seconds after it was written.
 */
export async function pruneCustomerChangeLog(db: Executor): Promise<number> {
  const result = await db.execute(sql`delete from customers_change_log where at < clock_timestamp() - interval '1 hour'`);
  return result.rowCount ?? 0;
}

/**
 * R-CUS-1 as a list shows it changes with the clock alone: a customer falls due at the start of a
 * company-zone day, and its days overdue count up at each. A page reads the same until the next of
 * those instants.
 */
export function pageExpiry(page: CustomerListPage, now: Date, timeZone: string): number {
  let expiresAt = startOfCalendarDay(addDays(calendarDay(now, timeZone), 1), timeZone).getTime();
  for (const item of page.items) {
    const dueAt = item.cadence.dueAt === null ? NaN : Date.parse(item.cadence.dueAt);
    if (dueAt > now.getTime() && dueAt < expiresAt) expiresAt = dueAt;
  }
  return expiresAt;
}

export async function loadCustomerRow(ctx: Ctx, id: string, executor: Executor = ctx.db): Promise<Selected> {
  customersAccess.require(ctx.actor, 'read');
  const [row] = await queryCustomers(ctx, and(eq(customers.id, id), customerReadScope(ctx))!, executor);
  if (!row) throw notFound('customer');
  return row;
}

export async function getCustomer(ctx: Ctx, id: string, executor: Executor = ctx.db): Promise<Customer> {
  const [row, present] = await Promise.all([loadCustomerRow(ctx, id, executor), presenter(ctx)]);
  return present(row);
}

/** Several customers by id, in the given order, each checked against the caller's scope (one query). */
export async function getCustomers(ctx: Ctx, ids: string[]): Promise<Customer[]> {
  if (!ids.length) return [];
  const [rows, present] = await Promise.all([queryCustomers(ctx, and(inArray(customers.id, ids), customerReadScope(ctx))!), presenter(ctx)]);
  const byId = new Map(rows.map((row) => [row.customer.id, present(row)]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** R-SEC-1: the unmasked contact details, for a caller allowed to reveal them; the reveal is audited. */
export async function revealCustomer(ctx: Ctx, id: string): Promise<Customer> {
  const row = await loadCustomerRow(ctx, id);
  if (!row.canReveal) throw forbidden('revealing contact details is not allowed for your role');
  await ctx.audit(ctx.db, { action: 'reveal', entity: 'customers', entityId: id, summary: row.customer.name });
  return (await presenter(ctx))(row, true);
}

/** R-CUS-3 duplicates: same phone, same organisation name or tax id, after normalisation. */
export async function findDuplicates(executor: Executor, input: { name: string; phone?: string | null; taxId?: string | null; kind?: string }, excludeId?: string): Promise<Duplicate[]> {
  const keys = duplicateKeys(input);
  const matches: SQL[] = [];
  if (keys.phoneKey) matches.push(eq(customers.phoneKey, keys.phoneKey));
  if (keys.taxIdKey) matches.push(eq(customers.taxIdKey, keys.taxIdKey));
  // Names identify organisations; two people may share a name.
  if (input.kind !== 'person') matches.push(and(eq(customers.nameKey, keys.nameKey), eq(customers.kind, 'organization'))!);
  if (!matches.length) return [];
  const rows = await executor
    .select({ id: customers.id, name: customers.name, ownerName: owner.displayName, ownerId: customers.ownerId, nameKey: customers.nameKey, phoneKey: customers.phoneKey, taxIdKey: customers.taxIdKey, kind: customers.kind })
    .from(customers)
    .leftJoin(owner, eq(owner.id, customers.ownerId))
    .where(and(or(...matches), isNull(customers.mergedIntoId), excludeId ? ne(customers.id, excludeId) : undefined))
    .limit(20);
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    ownerName: row.ownerName,
    inPool: row.ownerId === null,
    matchedOn: [
      ...(keys.phoneKey && row.phoneKey === keys.phoneKey ? (['phone'] as const) : []),
      ...(row.kind === 'organization' && input.kind !== 'person' && row.nameKey === keys.nameKey ? (['name'] as const) : []),
      ...(keys.taxIdKey && row.taxIdKey === keys.taxIdKey ? (['taxId'] as const) : []),
    ],
  }));
}

export class DuplicateError extends AppError {
  constructor(readonly duplicates: Duplicate[]) {
    super('conflict', `possible duplicate of ${duplicates.map((d) => d.name).join(', ')}`, { rule: 'R-CUS-3', field: 'body.name', data: { duplicates } });
  }
}

/** R-CUS-1: when the next qualifying contact is due, or null in the pool. */
export async function computeDueAt(ctx: Ctx, customer: { ownerId: string | null; tier: Tier; lastQualifyingContactAt: Date | null; assignedAt: Date | null; createdAt: Date }): Promise<Date | null> {
  if (!customer.ownerId) return null;
  const [settings, platform] = await Promise.all([getCustomerSettings(ctx.db), getSettings(ctx.db)]);
  return cadenceDueAt(settings.cadence, { tier: customer.tier, lastQualifyingContactAt: customer.lastQualifyingContactAt, anchorAt: customer.assignedAt ?? customer.createdAt }, platform.timeZone);
}

async function ownerTeam(executor: Executor, ownerId: string): Promise<string | null> {
  const [row] = await executor.select({ orgUnitId: users.orgUnitId, disabled: users.disabled }).from(users).where(eq(users.id, ownerId));
  if (!row || row.disabled) throw badRequest('body.ownerId', 'no such active user');
  return row.orgUnitId;
}

/** Checks the caller may give a customer to `ownerId`: themself, or someone in their assign scope. */
async function checkOwner(ctx: Ctx, executor: Executor, ownerId: string): Promise<void> {
  if (ownerId === ctx.actor.id) return;
  customersAccess.require(ctx.actor, 'assign');
  const [row] = await executor.select({ id: users.id }).from(users).where(and(eq(users.id, ownerId), customersAccess.where(ctx.actor, 'assign', users.id)));
  if (!row) throw badRequest('body.ownerId', 'that user is outside your team');
}

export async function recordStatus(tx: Tx, ctx: Ctx, customerId: string, from: string | null, to: string): Promise<void> {
  await tx.insert(customerStatusHistory).values({ customerId, fromStatus: from, toStatus: to, at: ctx.now, actorId: ctx.actor.id });
}

/** Creates a customer (owned, or into the pool), refusing likely duplicates unless told to go ahead. */
export async function createCustomer(ctx: Ctx, input: CustomerCreate): Promise<Customer> {
  customersAccess.require(ctx.actor, 'write');
  return ctx.db.transaction(async (tx) => {
    const ownerId = input.ownerId === undefined ? ctx.actor.id : input.ownerId;
    if (ownerId) await checkOwner(ctx, tx, ownerId);
    else customersAccess.require(ctx.actor, 'assign');
    if (!input.ignoreDuplicates) {
      const duplicates = await findDuplicates(tx, input);
      if (duplicates.length) throw new DuplicateError(duplicates);
    }
    const { ignoreDuplicates: _ignore, ownerId: _owner, ...fields } = input;
    const teamId = ownerId ? await ownerTeam(tx, ownerId) : null;
    const [created] = await tx
      .insert(customers)
      .values({
        ...fields,
        ...duplicateKeys(input),
        ownerId,
        teamId,
        assignedAt: ownerId ? ctx.now : null,
        pooledAt: ownerId ? null : ctx.now,
        statusChangedAt: ctx.now,
        createdById: ctx.actor.id,
        createdAt: ctx.now,
        updatedAt: ctx.now,
      })
      .returning();
    const dueAt = await computeDueAt(ctx, created!);
    if (dueAt) await tx.update(customers).set({ cadenceDueAt: dueAt }).where(eq(customers.id, created!.id));
    await recordStatus(tx, ctx, created!.id, null, created!.status);
    await ctx.audit(tx, { action: 'create', entity: 'customers', entityId: created!.id, changes: diffChanges(null, fields), summary: created!.name });
    return getCustomer(ctx, created!.id, tx);
  });
}

/** Updates a customer under optimistic locking; status changes are dated in the history. */
export async function updateCustomer(ctx: Ctx, id: string, input: CustomerUpdate): Promise<Customer> {
  customersAccess.require(ctx.actor, 'write');
  return ctx.db.transaction((tx) => updateCustomerInTx(tx, ctx, id, input));
}

export async function updateCustomerInTx(tx: Tx, ctx: Ctx, id: string, input: Partial<CustomerUpdate> & { version: number }): Promise<Customer> {
  {
    const [before] = await tx
      .select()
      .from(customers)
      .where(and(eq(customers.id, id), isNull(customers.mergedIntoId), customersAccess.where(ctx.actor, 'write', customers.ownerId)))
      .for('update');
    if (!before) throw notFound('customer');
    if (before.version !== input.version) throw conflict();
    const { version: _v, ignoreDuplicates, ...fields } = input;
    const merged = { ...before, ...Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) } as typeof before;
    if (!ignoreDuplicates && (fields.name !== undefined || fields.phone !== undefined || fields.taxId !== undefined)) {
      const duplicates = await findDuplicates(tx, merged, id);
      if (duplicates.length) throw new DuplicateError(duplicates);
    }
    const statusChanged = fields.status !== undefined && fields.status !== before.status;
    const dueAt = fields.tier !== undefined && fields.tier !== before.tier ? await computeDueAt(ctx, merged) : before.cadenceDueAt;
    const [after] = await tx
      .update(customers)
      .set({
        ...fields,
        ...duplicateKeys(merged),
        statusChangedAt: statusChanged ? ctx.now : before.statusChangedAt,
        cadenceDueAt: dueAt,
        updatedAt: ctx.now,
        version: sql`${customers.version} + 1`,
      })
      .where(and(eq(customers.id, id), eq(customers.version, input.version)))
      .returning();
    if (!after) throw conflict();
    if (statusChanged) await recordStatus(tx, ctx, id, before.status, after.status);
    await ctx.audit(tx, { action: 'update', entity: 'customers', entityId: id, changes: diffChanges(before, after), summary: after.name });
    return getCustomer(ctx, id, tx);
  }
}

/**
 * Moves a customer's lifecycle status for a deal made in another module (a signed contract, a
 * direct order), dated in the status history and audited in the caller's transaction. The caller
 * has checked access to its own record; a customer already at `status` is left alone.
 */
export async function setLifecycleStatus(tx: Tx, ctx: Ctx, customerId: string, status: Customer['status']): Promise<void> {
  const [before] = await tx.select({ status: customers.status, name: customers.name }).from(customers).where(eq(customers.id, customerId)).for('update');
  if (!before || before.status === status) return;
  await tx.update(customers).set({ status, statusChangedAt: ctx.now, updatedAt: ctx.now, version: sql`${customers.version} + 1` }).where(eq(customers.id, customerId));
  await recordStatus(tx, ctx, customerId, before.status, status);
  await ctx.audit(tx, { action: 'update', entity: 'customers', entityId: customerId, changes: { status: [before.status, status] }, summary: before.name });
}
