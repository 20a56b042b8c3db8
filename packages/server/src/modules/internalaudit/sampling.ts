import { sql, type SQL } from 'drizzle-orm';
import type { SampleRule } from '@xiaoguan/shared';
import type { Executor } from '../../platform/db/client.js';
import { DISCOUNT_SUBJECT, justUnderLimit } from '../quotes/index.js';

export interface SampleScope {
  periodFrom: string;
  periodTo: string;
  regionPath: string | null;
  timeZone: string;
}

export interface DrawnSample {
  recordKind: 'quote' | 'expense_claim';
  recordId: string;
  label: string;
  figures: Record<string, string | number | null>;
}

/** Owners inside the audited region (by org path), or everyone. */
const inRegion = (column: SQL, regionPath: string | null) =>
  regionPath
    ? sql`${column} in (select u.id from users u join org_units o on o.id = u.org_unit_id where o.path like ${`${regionPath}%`})`
    : sql`true`;

const inPeriod = (column: SQL, scope: SampleScope) =>
  sql`${column} >= (${scope.periodFrom}::date)::timestamp at time zone ${scope.timeZone}
    and ${column} < (${scope.periodTo}::date + 1)::timestamp at time zone ${scope.timeZone}`;

/** Tables at least this large (planner's estimate) are drawn from by page sampling first. */
const SAMPLE_FROM_ROWS = 50_000;
/** Page sampling reads about this many rows per record wanted, so a scope of a few % still fills the draw. */
const OVERSAMPLE = 250;

/**
 * A random draw of quotes in the scope, reproducible from `seed` (recorded in the audit log with the
 * draw): the candidates are ordered by a hash keyed with the seed and the first `count` taken. On a
 * large table the candidates come from `tablesample system` (every page equally likely, so every
 * quote in the scope is): a few hundred pages instead of every quote of the period. When the pages
 * drawn hold too few quotes of the scope (a narrow period or region), every quote of the scope is
 * ordered instead (the period through `quotes_created_idx`).
 */
async function randomQuoteIds(db: Executor, scope: SampleScope, count: number, seed: number, sampleFromRows: number): Promise<string[]> {
  const where = sql`q.status <> 'draft' and ${inPeriod(sql`q.created_at`, scope)} and ${inRegion(sql`q.owner_id`, scope.regionPath)}`;
  const key = sql`md5(${String(seed)} || q.id::text)`;
  const estimate = await db.execute<{ rows: number }>(sql`select reltuples::float8 as rows from pg_class where oid = 'quotes'::regclass`);
  const rows = Number(estimate.rows[0]?.rows ?? 0);
  if (rows >= sampleFromRows) {
    const percent = Math.min(100, (100 * count * OVERSAMPLE) / rows);
    const drawn = await db.execute<{ id: string }>(sql`
      select q.id from quotes q tablesample system (${percent}::float4) repeatable (${seed}::float8)
       where ${where} order by ${key} limit ${count}`);
    if (drawn.rows.length === count) return drawn.rows.map((row) => row.id);
  }
  const drawn = await db.execute<{ id: string }>(sql`select q.id from quotes q where ${where} order by ${key} limit ${count}`);
  return drawn.rows.map((row) => row.id);
}

/**
 * Quotes whose discount sits within `withinPct` % under an approval limit, newest first (at most
 * `count * 4` candidates). Each limit becomes a range on `discount_cents` or `discount_bp` (one cent /
 * basis point wide of the exact bound, `justUnderLimit` decides), so the indexes of migration 0060
 * find them.
 */
async function nearLimitQuoteIds(
  db: Executor,
  scope: SampleScope,
  count: number,
  amountLimits: number[],
  percentLimits: number[],
  withinPct: number,
) {
  const lower = (limit: number) => Math.floor((limit * (100 - withinPct)) / 100);
  const parts = [
    ...amountLimits.map((limit) => sql`(q.discount_cents >= ${lower(limit)} and q.discount_cents < ${limit})`),
    ...percentLimits.map((limit) => sql`(q.discount_bp >= ${Math.max(1, lower(limit))} and q.discount_bp < ${limit})`),
  ];
  const drawn = await db.execute<{ id: string }>(sql`
    select q.id from quotes q
     where q.status <> 'draft' and ${inPeriod(sql`q.created_at`, scope)} and ${inRegion(sql`q.owner_id`, scope.regionPath)}
       and q.discount_cents > 0 and (${sql.join(parts, sql` or `)})
     order by q.created_at desc, q.id limit ${count * 4}`);
  return drawn.rows.map((row) => row.id);
}

/**
 * Draws records for an audit (issue 21 item 8), read-only: at random (reproducible from `seed`), or by
 * rule — quotes whose discount sits within `withinPct` % under an approval limit of the matrix (the
 * quotes module's `justUnderLimit`, the same test its discount-cluster alert uses), or expense claims
 * with a line that has no invoice. The SQL narrows by the same arithmetic; `justUnderLimit` decides.
 */
export async function drawSample(
  db: Executor,
  rule: SampleRule,
  scope: SampleScope,
  count: number,
  withinPct: number,
  seed: number,
  /** Tests lower it to draw from a small table by page sampling too. */
  sampleFromRows = SAMPLE_FROM_ROWS,
): Promise<DrawnSample[]> {
  if (rule === 'random_quotes' || rule === 'quotes_near_limit') {
    let amountLimits: number[] = [];
    let percentLimits: number[] = [];
    let ids: string[];
    if (rule === 'quotes_near_limit') {
      const policies = await db.execute<{ min_amount_cents: number; min_percent: string | null }>(sql`
        select min_amount_cents, min_percent from approval_policies where subject_type = ${DISCOUNT_SUBJECT} and active`);
      amountLimits = [...new Set(policies.rows.map((row) => Number(row.min_amount_cents)).filter((limit) => limit > 0))];
      percentLimits = [
        ...new Set(policies.rows.filter((row) => row.min_percent !== null).map((row) => Math.round(Number(row.min_percent) * 100))),
      ];
      if (!amountLimits.length && !percentLimits.length) return [];
      ids = await nearLimitQuoteIds(db, scope, count, amountLimits, percentLimits, withinPct);
    } else {
      ids = await randomQuoteIds(db, scope, count, seed, sampleFromRows);
    }
    if (!ids.length) return [];
    const rows = await db.execute<{
      id: string;
      number: string;
      owner_name: string;
      total_cents: number;
      discount_cents: number;
      discount_bp: number;
      status: string;
    }>(sql`
      select q.id, q.number, u.display_name as owner_name, q.total_cents, q.discount_cents, q.discount_bp, q.status
        from quotes q join users u on u.id = q.owner_id
       where q.id = any(${sql.param(ids)}::uuid[])
       order by ${rule === 'random_quotes' ? sql`md5(${String(seed)} || q.id::text)` : sql`q.created_at desc, q.id`}`);
    const kept =
      rule === 'quotes_near_limit'
        ? rows.rows.filter(
            (q) =>
              amountLimits.some((limit) => justUnderLimit(Number(q.discount_cents), limit, withinPct)) ||
              percentLimits.some((limit) => justUnderLimit(q.discount_bp, limit, withinPct)),
          )
        : rows.rows;
    return kept.slice(0, count).map((q) => ({
      recordKind: 'quote',
      recordId: q.id,
      label: q.number,
      figures: {
        owner: q.owner_name,
        totalCents: Number(q.total_cents),
        discountCents: Number(q.discount_cents),
        discountBp: q.discount_bp,
        status: q.status,
      },
    }));
  }
  const noInvoice =
    rule === 'expenses_without_invoice'
      ? sql`exists (select 1 from expense_claim_lines l where l.claim_id = c.id and l.invoice_number is null
            and not exists (select 1 from expense_claim_files f where f.claim_id = c.id and f.line_id = l.id))`
      : sql`true`;
  const rows = await db.execute<{ id: string; number: string; claimant: string; total_cents: number; status: string }>(sql`
    select c.id, c.number, u.display_name as claimant, c.total_cents, c.status
      from expense_claims c join users u on u.id = c.claimant_id
     where c.status <> 'draft' and ${inPeriod(sql`coalesce(c.submitted_at, c.created_at)`, scope)}
       and ${inRegion(sql`c.claimant_id`, scope.regionPath)} and ${noInvoice}
     order by ${rule === 'random_expenses' ? sql`md5(${String(seed)} || c.id::text)` : sql`c.created_at desc, c.id`} limit ${count}`);
  return rows.rows.map((c) => ({
    recordKind: 'expense_claim',
    recordId: c.id,
    label: c.number,
    figures: { claimant: c.claimant, totalCents: Number(c.total_cents), status: c.status },
  }));
}
