import { COUNT_CAP, cappedCount, literalCount } from '../../platform/db/capped-count.js';
import { and, asc, desc, eq, getTableColumns, ilike, inArray, isNull, ne, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import {
  type Customer,
  type CustomerCreate,
  type CustomerListPage,
  type CustomerListQuery,
  type CustomerUpdate,
  type Duplicate,
  type Tier,
} from '@xiaoguan/shared';
import type { Ctx } from '../../platform/context.js';
import type { Executor, Tx } from '../../platform/db/client.js';
import { AppError, badRequest, conflict, forbidden, notFound } from '../../platform/errors.js';
import { escapeLike } from '../../platform/db/like.js';
import { diffChanges } from '../../platform/audit/audit.js';
import { staleVersion } from '../../platform/audit/stale-version.js';
import { getSettings } from '../../platform/settings/settings.js';
import { getDirectory, users } from '../org/index.js';
import { customerRfm, customers, customerStatusHistory } from './customers.schema.js';
import { customersAccess } from './customers.access.js';
import { abilitySql } from '../../platform/access/index.js';
import { matchUnmasked } from '../../platform/access/masking.js';
import { presentCustomer, presentCustomerListItem, type CustomerRecord } from './customers.presenter.js';
import { nextFollowUps, withNextFollowUps } from './customer-next-follow-up.js';
import { parsePgTimestamp } from '../../platform/db/client.js';
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

// The whole customer (detail, export) as one SQL text: Drizzle's select builder would assemble its
// 50+ columns and joins anew on every query, a template does it once.
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
  const result = await executor.execute<
    CustomerRecord & {
      _ownerName: string | null;
      _ownerLinePath: string | null;
      _teamName: string | null;
      _canUpdate: boolean;
      _canReveal: boolean;
      _canAssign: boolean;
    }
  >(sql`
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
export { COUNT_CAP, cappedCount } from '../../platform/db/capped-count.js';

let rfmRunCache: { at: number; value: string | null } | null = null;
/** When RFM last ran (cached a few seconds, like settings). */
async function rfmComputedAt(db: Executor): Promise<string | null> {
  if (rfmRunCache && Date.now() - rfmRunCache.at < 5_000) return rfmRunCache.value;
  const result = await db.execute<{ value: string }>(
    sql`select value #>> '{}' as value from settings where key = 'customers.rfmComputedAt'`,
  );
  rfmRunCache = { at: Date.now(), value: result.rows[0]?.value ?? null };
  return rfmRunCache.value;
}

export async function presenter(ctx: Ctx) {
  const [settings, platform, rfmRun] = await Promise.all([getCustomerSettings(ctx.db), getSettings(ctx.db), rfmComputedAt(ctx.db)]);
  const canClaim = customersAccess.can(ctx.actor, 'claim');
  return (row: Selected, revealed = false): Customer =>
    presentCustomer(
      ctx.actor,
      row.customer,
      {
        ownerName: row.ownerName,
        ownerLinePath: row.ownerLinePath,
        teamName: row.teamName,
        canUpdate: row.canUpdate,
        canReveal: row.canReveal,
        canAssign: row.canAssign,
        canClaim,
      },
      ctx.now,
      settings.cadence,
      platform.timeZone,
      revealed,
      rfmRun,
    );
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

/** Filters shared by the list, the pool and the export, applied inside the query. */
export function customerFilters(ctx: Ctx, query: Partial<CustomerListQuery>, { pool = false, scopeAsFilter = false } = {}): SQL[] {
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
  if (query.tier) filters.push(eq(customers.tier, query.tier));
  if (query.segment)
    filters.push(sql`exists (select 1 from customer_rfm v where v.customer_id = ${customers.id} and v.segment = ${query.segment})`);
  if (query.status) filters.push(eq(customers.status, query.status));
  if (query.kind) filters.push(eq(customers.kind, query.kind));
  if (query.ownerId) filters.push(eq(customers.ownerId, query.ownerId));
  if (query.teamId)
    filters.push(
      sql`${customers.teamId} in (select id from org_units where path like (select path from org_units where id = ${query.teamId}) || '%')`,
    );
  if (query.poolWarning !== undefined)
    filters.push(query.poolWarning ? sql`${customers.poolWarnedAt} is not null` : sql`${customers.poolWarnedAt} is null`);
  if (query.tag) filters.push(sql`${customers.tags} @> array[${query.tag}]::text[]`);
  if (query.createdFrom) filters.push(sql`${customers.createdAt} >= ${query.createdFrom}`);
  if (query.createdBefore) filters.push(sql`${customers.createdAt} < ${query.createdBefore}`);
  if (query.overdue !== undefined)
    filters.push(
      query.overdue
        ? sql`${customers.cadenceDueAt} <= ${ctx.now}`
        : sql`(${customers.cadenceDueAt} > ${ctx.now} or ${customers.cadenceDueAt} is null)`,
    );
  if (query.q) {
    // Chinese substring search: ILIKE served by pg_trgm GIN indexes on name and phone.
    const pattern = `%${escapeLike(query.q)}%`;
    const digits = query.q.replace(/\D/g, '');
    // Two characters: the name's bigram index (migration 0009) — pg_trgm cannot serve them.
    const parts = [
      [...query.q].length === 2 ? sql`xg_bigrams(${customers.name}) @> array[lower(${query.q})]` : ilike(customers.name, pattern),
    ];
    // Tax ids are Latin letters and digits: search them only for such a query (an ILIKE on an
    // unindexed column in the OR would turn every search into a full scan).
    if (/^[0-9A-Za-z]{4,}$/.test(query.q)) parts.push(ilike(customers.taxId, pattern));
    // R-SEC-1: a phone matches only where the caller sees it unmasked.
    if (digits.length >= 3) parts.push(matchUnmasked(ctx.actor, customers.ownerId, ilike(customers.phone, `%${digits}%`)));
    filters.push(or(...parts)!);
  }
  return filters;
}

/** What a page's customers carry before their values are joined: the list's columns and every sort's. */
const PAGE_FIELDS = {
  id: customers.id,
  kind: customers.kind,
  name: customers.name,
  tier: customers.tier,
  status: customers.status,
  source: customers.source,
  tags: customers.tags,
  phone: customers.phone,
  email: customers.email,
  wechat: customers.wechat,
  industry: customers.industry,
  occupation: customers.occupation,
  ownerId: customers.ownerId,
  teamId: customers.teamId,
  version: customers.version,
  lastContactAt: customers.lastContactAt,
  cadenceDueAt: customers.cadenceDueAt,
  createdAt: customers.createdAt,
  updatedAt: customers.updatedAt,
};

/** A list row (CustomerListRow): what the list shows, the customer's values and the caller's abilities on it. */
function listFields(ctx: Ctx) {
  const { email: _email, wechat: _wechat, cadenceDueAt, updatedAt: _updatedAt, ...shown } = PAGE_FIELDS;
  const scoped = (action: 'write' | 'reveal' | 'assign') => customersAccess.where(ctx.actor, action, customers.ownerId);
  // A pool customer (no owner) is revealed or assigned by whoever may do so at all.
  const unowned = (action: 'reveal' | 'assign') => sql`(${customers.ownerId} is null and ${customersAccess.can(ctx.actor, action)})`;
  return {
    ...shown,
    dueAt: cadenceDueAt,
    hasOtherContacts: sql<boolean>`(coalesce(${customers.email}, '') <> '' or coalesce(${customers.wechat}, '') <> '')`,
    segment: customerRfm.segment,
    monetaryCents: customerRfm.monetaryCents,
    canUpdate: abilitySql(scoped('write')),
    canReveal: abilitySql(sql`(${scoped('reveal')}) or ${unowned('reveal')}`),
    canAssign: abilitySql(sql`(${scoped('assign')}) or ${unowned('assign')}`),
  };
}

/**
 * A page of customers in the caller's scope: filtered, sorted and paged in SQL, with its total
 * counted up to COUNT_CAP. The page is chosen first and the values (customer_rfm) of its 50
 * customers joined to it; only a sort by amount needs them to choose the page. Each step is named
 * `customers`, so the sorts and the access predicates, written against the table, apply to it.
 */
export async function listCustomers(ctx: Ctx, query: CustomerListQuery, { pool = false } = {}): Promise<CustomerListPage> {
  customersAccess.require(ctx.actor, pool ? 'claim' : 'read');
  // A search over more than the caller's own customers takes its matches first, in any order, up to
  // the cap, and sorts those. PostgreSQL cannot estimate how many rows a substring matches (every
  // 3-character ILIKE is "1 %"); guessing many, it walks the sort's index hoping to meet 50 matches
  // soon, and for a rare term reads every customer. There the caller's scope is checked on each match
  // rather than read from the owner index, which for a supervisor is thousands of customers to
  // intersect with a few matches. A term matching more than the cap is paged by the walk, which
  // then does meet its matches soon.
  const ownOnly = !pool && customersAccess.scopes(ctx.actor, 'read').every((scope) => scope === 'own');
  const matchesFirst = Boolean(query.q) && !ownOnly;
  const where = and(...customerFilters(ctx, query, { pool, scopeAsFilter: matchesFirst }))!;
  const valuesJoin = eq(customerRfm.customerId, customers.id);
  const walk = () => ctx.db.select(PAGE_FIELDS).from(customers).leftJoin(customerRfm, valuesJoin).where(where).$dynamic();
  const firstMatches = () => {
    const matches = ctx.db
      .select(PAGE_FIELDS)
      .from(customers)
      .where(where)
      .limit(literalCount(COUNT_CAP + 1))
      .as('customers');
    return ctx.db.select(PAGE_FIELDS).from(matches).leftJoin(customerRfm, valuesJoin).$dynamic();
  };
  const pageOf = (candidates: ReturnType<typeof walk> | ReturnType<typeof firstMatches>) => {
    const page = candidates
      .orderBy(...SORTS[query.sort])
      .limit(literalCount(query.pageSize))
      .offset(literalCount((query.page - 1) * query.pageSize))
      .as('customers');
    return ctx.db
      .select(listFields(ctx))
      .from(page)
      .leftJoin(customerRfm, valuesJoin)
      .orderBy(...SORTS[query.sort]);
  };
  const [counted, firstTry, settings, platform] = await Promise.all([
    cappedCount(ctx.db, sql`from ${customers} where ${where}`),
    pageOf(matchesFirst ? firstMatches() : walk()),
    getCustomerSettings(ctx.db),
    getSettings(ctx.db),
  ]);
  const rows = matchesFirst && counted.capped ? await pageOf(walk()) : firstTry;
  // Owner and team names from the process's directory rather than two joins per row (org/directory.ts).
  const directory = await getDirectory(ctx.db, { userIds: rows.map((row) => row.ownerId), unitIds: rows.map((row) => row.teamId) });
  const canClaim = customersAccess.can(ctx.actor, 'claim');
  const items = rows.map((row) => {
    const owner = directory.user(row.ownerId);
    const meta = {
      ownerName: owner?.displayName ?? null,
      ownerLinePath: owner?.linePath ?? null,
      teamName: directory.unitName(row.teamId),
      canUpdate: row.canUpdate,
      canReveal: row.canReveal,
      canAssign: row.canAssign,
      canClaim,
    };
    return presentCustomerListItem(ctx.actor, row, meta, ctx.now, settings.cadence, platform.timeZone);
  });
  return {
    items: pool ? items : await withNextFollowUps(ctx.db, items),
    total: counted.total,
    capped: counted.capped,
    page: query.page,
    pageSize: query.pageSize,
  };
}

export async function loadCustomerRow(ctx: Ctx, id: string, executor: Executor = ctx.db): Promise<Selected> {
  customersAccess.require(ctx.actor, 'read');
  const [row] = await queryCustomers(ctx, and(eq(customers.id, id), customerReadScope(ctx))!, executor);
  if (!row) throw notFound('customer');
  return row;
}

export async function getCustomer(ctx: Ctx, id: string, executor: Executor = ctx.db): Promise<Customer> {
  const [row, present, next] = await Promise.all([loadCustomerRow(ctx, id, executor), presenter(ctx), nextFollowUps(executor, [id])]);
  return { ...present(row), nextFollowUp: next.get(id) ?? null };
}

/** Several customers by id, in the given order, each checked against the caller's scope (one query). */
export async function getCustomers(ctx: Ctx, ids: string[]): Promise<Customer[]> {
  if (!ids.length) return [];
  const [rows, present] = await Promise.all([
    queryCustomers(ctx, and(inArray(customers.id, ids), customerReadScope(ctx))!),
    presenter(ctx),
  ]);
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
export async function findDuplicates(
  executor: Executor,
  input: { name: string; phone?: string | null; taxId?: string | null; kind?: string },
  excludeId?: string,
): Promise<Duplicate[]> {
  const keys = duplicateKeys(input);
  const matches: SQL[] = [];
  if (keys.phoneKey) matches.push(eq(customers.phoneKey, keys.phoneKey));
  if (keys.taxIdKey) matches.push(eq(customers.taxIdKey, keys.taxIdKey));
  // Names identify organisations; two people may share a name.
  if (input.kind !== 'person') matches.push(and(eq(customers.nameKey, keys.nameKey), eq(customers.kind, 'organization'))!);
  if (!matches.length) return [];
  const rows = await executor
    .select({
      id: customers.id,
      name: customers.name,
      ownerName: owner.displayName,
      ownerId: customers.ownerId,
      nameKey: customers.nameKey,
      phoneKey: customers.phoneKey,
      taxIdKey: customers.taxIdKey,
      kind: customers.kind,
    })
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
    super('conflict', `possible duplicate of ${duplicates.map((d) => d.name).join(', ')}`, {
      rule: 'R-CUS-3',
      field: 'body.name',
      data: { duplicates },
    });
  }
}

/** R-CUS-1: when the next qualifying contact is due, or null in the pool. */
export async function computeDueAt(
  ctx: Ctx,
  customer: { ownerId: string | null; tier: Tier; lastQualifyingContactAt: Date | null; assignedAt: Date | null; createdAt: Date },
): Promise<Date | null> {
  if (!customer.ownerId) return null;
  const [settings, platform] = await Promise.all([getCustomerSettings(ctx.db), getSettings(ctx.db)]);
  return cadenceDueAt(
    settings.cadence,
    { tier: customer.tier, lastQualifyingContactAt: customer.lastQualifyingContactAt, anchorAt: customer.assignedAt ?? customer.createdAt },
    platform.timeZone,
  );
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
  const [row] = await executor
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.id, ownerId), customersAccess.where(ctx.actor, 'assign', users.id)));
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
    await ctx.audit(tx, {
      action: 'create',
      entity: 'customers',
      entityId: created!.id,
      changes: diffChanges(null, fields),
      summary: created!.name,
    });
    return getCustomer(ctx, created!.id, tx);
  });
}

/** Updates a customer under optimistic locking; status changes are dated in the history. */
export async function updateCustomer(ctx: Ctx, id: string, input: CustomerUpdate): Promise<Customer> {
  customersAccess.require(ctx.actor, 'write');
  return ctx.db.transaction((tx) => updateCustomerInTx(tx, ctx, id, input));
}

export async function updateCustomerInTx(
  tx: Tx,
  ctx: Ctx,
  id: string,
  input: Partial<CustomerUpdate> & { version: number },
): Promise<Customer> {
  {
    const [before] = await tx
      .select()
      .from(customers)
      .where(and(eq(customers.id, id), isNull(customers.mergedIntoId), customersAccess.where(ctx.actor, 'write', customers.ownerId)))
      .for('update');
    if (!before) throw notFound('customer');
    if (before.version !== input.version) throw await staleVersion(tx, 'customers', id);
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
  const [before] = await tx
    .select({ status: customers.status, name: customers.name })
    .from(customers)
    .where(eq(customers.id, customerId))
    .for('update');
  if (!before || before.status === status) return;
  await tx
    .update(customers)
    .set({ status, statusChangedAt: ctx.now, updatedAt: ctx.now, version: sql`${customers.version} + 1` })
    .where(eq(customers.id, customerId));
  await recordStatus(tx, ctx, customerId, before.status, status);
  await ctx.audit(tx, {
    action: 'update',
    entity: 'customers',
    entityId: customerId,
    changes: { status: [before.status, status] },
    summary: before.name,
  });
}
