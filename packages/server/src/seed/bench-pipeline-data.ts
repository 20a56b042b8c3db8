import { sql } from 'drizzle-orm';
import type { Database } from '../platform/db/client.js';
import { ri } from './bench-data.js';
// The module's own file, not its index: the bench imports this outside the server's type augmentations.
import { rebuildOpportunityStageTotals } from '../modules/opportunities/stage-totals.js';
import { rebuildContractBookingsDaily } from '../modules/contracts/bookings-daily.js';
import { rebuildReceiptCollectionsDaily } from '../modules/receivables/collections-daily.js';
import { rebuildReceivableInstallmentsDaily } from '../modules/receivables/receivables-daily.js';
import { rebuildCustomerNewHourly } from '../modules/customers/new-customers-hourly.js';

/**
 * Pipeline bench data (npm run bench:pipeline) on top of buildBenchData's customers: 300,000
 * opportunities, 100,000 contracts with 3 installments each (some paid, some overdue), and
 * 250,000 orders with 4 lines each (1,000,000 order lines), owned by each customer's owner.
 * Set-based like bench-data.ts: one INSERT … SELECT FROM generate_series per table, the "random"
 * choices deterministic hashes of the row number. Not generated (not measured): stage history,
 * quotes. Receipts rows only with `receipts` (one per paid installment, equal to its received_cents),
 * as the cockpit and reports read collections from them.
 */
export interface PipelineBenchOptions {
  opportunities?: number;
  contracts?: number;
  orders?: number;
  linesPerOrder?: number;
  /** Contracts are signed and orders placed over this many days before today (default 720). */
  days?: number;
  /** Write a receipt row for every installment with money received (default false). */
  receipts?: boolean;
  log?: (message: string) => void;
}

export async function buildPipelineBenchData(db: Database, options: PipelineBenchOptions = {}) {
  const started = Date.now();
  const P = options.opportunities ?? 300_000;
  const K = options.contracts ?? 100_000;
  const O = options.orders ?? 250_000;
  const L = options.linesPerOrder ?? 4;
  const D = options.days ?? 720;
  const log = options.log ?? (() => undefined);
  const timings: Record<string, number> = {};
  let lap = Date.now();
  await db.transaction(async (tx) => {
    const run = async (name: string, text: string) => {
      await tx.execute(sql.raw(text));
      timings[name] = Date.now() - lap;
      log(`pipeline bench data: ${name} ${timings[name]} ms`);
      lap = Date.now();
    };
    await tx.execute(sql.raw(`set local work_mem = '256MB'`));
    // As in bench-data.ts: the rows reference only rows that exist, so per-row FK triggers are skipped when allowed.
    const superuser =
      (await tx.execute<{ s: boolean }>(sql`select rolsuper as s from pg_roles where rolname = current_user`)).rows[0]?.s ?? false;
    if (superuser) await tx.execute(sql.raw(`set local session_replication_role = replica`));
    await run(
      'numbered owned customers',
      `create temp table bench_owned on commit drop as
         select row_number() over (order by c.id) as n, c.id, c.owner_id, u.org_unit_id as team_id
           from customers c join users u on u.id = c.owner_id where c.merged_into_id is null;
       create index on bench_owned (n); analyze bench_owned;
       create temp table bench_products on commit drop as
         select row_number() over (order by code) as n, id, list_price_cents from products;`,
    );
    const owned = `(select count(*) from bench_owned)`;
    const productCount = `(select count(*) from bench_products)`;
    await run(
      `${P} opportunities`,
      `insert into opportunities (name, customer_id, owner_id, team_id, stage, rank, amount_cents, probability, expected_close_on, next_step, stage_changed_at, created_at, updated_at, closed_at, lost_reason)
       select '压测商机 ' || g, c.id, c.owner_id, c.team_id, s.stage, g, (10000 + ${ri('g', 201, 990_000)})::bigint * 100,
              s.prob, current_date + (${ri('g', 202, 240)} - 60), '推进下一步',
              now() - make_interval(days => ${ri('g', 203, 300)}), now() - make_interval(days => 300 + ${ri('g', 204, 60)}),
              now() - make_interval(days => ${ri('g', 203, 300)}),
              case when s.stage in ('won', 'lost') then now() - make_interval(days => ${ri('g', 203, 300)}) end,
              case when s.stage = 'lost' then 'price' end
         from generate_series(1, ${P}) g
         join bench_owned c on c.n = 1 + ${ri('g', 200, owned)}
         cross join lateral (select (array['lead','discovery','solution','negotiation','won','lost'])[1 + ${ri('g', 205, 6)}] as stage) s0
         cross join lateral (select s0.stage, (case s0.stage when 'lead' then 10 when 'discovery' then 25 when 'solution' then 50 when 'negotiation' then 75 when 'won' then 100 else 0 end) as prob) s`,
    );
    await run(
      `${K} contracts`,
      `insert into contracts (id, number, title, customer_id, owner_id, team_id, amount_cents, status, signed_on, starts_on, ends_on, created_at, updated_at)
       select gen_random_uuid(), 'HTB-' || lpad(g::text, 7, '0'), '压测合同 ' || g, c.id, c.owner_id, c.team_id,
              (3 * (10000 + ${ri('g', 301, 490_000)}))::bigint * 100,
              (array['signed','executing','executing','completed'])[1 + ${ri('g', 302, 4)}],
              current_date - ${ri('g', 303, D)}, current_date - ${ri('g', 303, D)}, current_date - ${ri('g', 303, D)} + 365, now(), now()
         from generate_series(1, ${K}) g
         join bench_owned c on c.n = 1 + ${ri('g', 300, owned)}`,
    );
    await run(
      `${K * 3} installments`,
      `insert into payment_installments (contract_id, customer_id, owner_id, seq, due_on, amount_cents, received_cents, settled_on)
       select k.id, k.customer_id, k.owner_id, s, k.signed_on + (s * 60 - 30), k.amount_cents / 3,
              case when k.signed_on + (s * 60 - 30) > current_date then 0
                   when ${ri(`hashtext(k.id::text) + s`, 310, 100)} < 80 then k.amount_cents / 3
                   when ${ri(`hashtext(k.id::text) + s`, 310, 100)} < 88 then k.amount_cents / 9
                   else 0 end,
              null
         from contracts k cross join generate_series(1, 3) s
        where k.number like 'HTB-%';
       update payment_installments set settled_on = due_on where received_cents = amount_cents and settled_on is null`,
    );
    await run(
      `${O} orders`,
      `insert into orders (id, number, customer_id, contract_id, owner_id, team_id, status, amount_cents, ordered_at, created_at, updated_at)
       select gen_random_uuid(), 'DDB-' || lpad(g::text, 7, '0'), c.id, null, c.owner_id, c.team_id,
              (array['pending','in_production','shipped','delivered','accepted','accepted','accepted'])[1 + ${ri('g', 402, 7)}],
              0, now() - make_interval(days => ${ri('g', 403, D)}), now(), now()
         from generate_series(1, ${O}) g
         join bench_owned c on c.n = 1 + ${ri('g', 400, owned)}`,
    );
    await run(
      `${O * L} order lines`,
      `insert into order_lines (order_id, line_no, product_id, quantity, unit_price_cents, line_total_cents)
       select o.id, l, p.id, q.q, p.list_price_cents, p.list_price_cents * q.q
         from orders o cross join generate_series(1, ${L}) l
         cross join lateral (select 1 + ${ri(`hashtext(o.id::text) + l`, 410, 20)} as q) q
         join bench_products p on p.n = 1 + ${ri(`hashtext(o.id::text) + l`, 411, productCount)}
        where o.number like 'DDB-%';
       update orders o set amount_cents = t.total from (select order_id, sum(line_total_cents) as total from order_lines group by order_id) t
        where t.order_id = o.id and o.number like 'DDB-%'`,
    );
    if (options.receipts)
      await run(
        'receipts',
        `insert into receipts (contract_id, installment_id, customer_id, amount_cents, received_on, method, reference, idempotency_key, recorded_by_id, created_at)
         select i.contract_id, i.id, i.customer_id, i.received_cents,
                least(current_date, i.due_on + (${ri(`hashtext(i.id::text)`, 320, 21)} - 10)),
                (array['bank_transfer','bank_transfer','bank_transfer','acceptance_bill','online'])[1 + ${ri(`hashtext(i.id::text)`, 321, 5)}],
                null, 'bench-' || i.id, i.owner_id, now()
           from payment_installments i join contracts k on k.id = i.contract_id
          where k.number like 'HTB-%' and i.received_cents > 0`,
      );
  });
  // The load ran with triggers off (replica role): the board's per-owner totals are rebuilt here.
  await rebuildOpportunityStageTotals(db);
  // … and the daily facts of bookings, collections and new customers (migration 0056).
  await rebuildContractBookingsDaily(db);
  await rebuildReceiptCollectionsDaily(db);
  await rebuildReceivableInstallmentsDaily(db);
  await rebuildCustomerNewHourly(db);
  for (const table of [
    'opportunities',
    'opportunity_stage_totals',
    'contract_bookings_daily',
    'receipt_collections_daily',
    'receivable_installments_daily',
    'customer_new_hourly',
    'contracts',
    'payment_installments',
    'receipts',
    'orders',
    'order_lines',
  ])
    await db.execute(sql.raw(`vacuum analyze ${table}`));
  timings['vacuum analyze'] = Date.now() - lap;
  return { opportunities: P, contracts: K, installments: K * 3, orders: O, orderLines: O * L, timings, ms: Date.now() - started };
}
