import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { buildTestApp, type TestApp } from '../test/harness.js';
import { sweepAlerts } from '../modules/targets/index.js';
import { seedDemoPipeline, type DemoPipelineResult } from './demo-pipeline.js';

/** The pipeline demo data (first start of a demo install): the money adds up everywhere. */
let t: TestApp;
let result: DemoPipelineResult;
let ordersBefore: number;
beforeAll(async () => {
  t = await buildTestApp();
  ordersBefore = (await t.db.execute<{ n: number }>(sql`select count(*)::int as n from customer_orders`)).rows[0]!.n;
  result = await seedDemoPipeline(t.db);
});
afterAll(() => t.close());

const one = async <T extends Record<string, unknown>>(query: ReturnType<typeof sql>) => (await t.db.execute<T>(query)).rows[0]!;

describe('demo pipeline to cash', () => {
  it('issue 16: contracts name the seller from company settings, not "本公司"', async () => {
    const templates = (await t.db.execute<{ body: string }>(sql`select body from contract_templates`)).rows;
    expect(templates.length).toBeGreaterThan(0);
    for (const { body } of templates) expect(body).not.toContain('本公司');
    const seeded = await one<{ body: string }>(sql`select body from contracts where body is not null order by number limit 1`);
    expect(seeded.body).not.toContain('本公司');
    expect(seeded.body).toContain('乙方（卖方）：示例科技有限公司');
    expect(seeded.body).toContain('统一社会信用代码：91330106MA2H3K5X7Q');
    expect(seeded.body).toContain('开户银行：招商银行杭州分行营业部');
  });

  it('issue 16: receipts and invoices are recorded by finance users, not by sales reps', async () => {
    const byRole = await one<{ receipts: number; not_finance: number; invoices_not_finance: number }>(sql`
      select (select count(*)::int from receipts) as receipts,
             (select count(*)::int from receipts r join users u on u.id = r.recorded_by_id where not ('finance' = any(u.roles))) as not_finance,
             (select count(*)::int from invoices i join users u on u.id = i.created_by_id where not ('finance' = any(u.roles))) as invoices_not_finance`);
    expect(byRole.receipts).toBeGreaterThan(0);
    expect(byRole).toMatchObject({ not_finance: 0, invoices_not_finance: 0 });
  });

  it('has the catalogue, about 3,000 opportunities and 1,500 contracts', () => {
    expect(result.products).toBe(12);
    expect(result.contracts).toBe(1500);
    expect(result.opportunities).toBe(3000);
    expect(result.quotes).toBeGreaterThan(1500);
  });

  it('every payment plan adds up to its contract, and nothing is received twice', async () => {
    const bad = await one<{ plans: number; overpaid: number; receipts: number }>(sql`
      select (select count(*)::int from contracts c
               where c.amount_cents <> (select sum(amount_cents) from payment_installments i where i.contract_id = c.id)) as plans,
             (select count(*)::int from payment_installments where received_cents + written_off_cents > amount_cents) as overpaid,
             (select count(*)::int from payment_installments i
               where i.received_cents <> coalesce((select sum(amount_cents) from receipts r where r.installment_id = i.id), 0)) as receipts`);
    expect(bad).toEqual({ plans: 0, overpaid: 0, receipts: 0 });
  });

  it('some installments are overdue, across more than one aging bucket', async () => {
    const buckets = await one<{ d1_30: number; d31_plus: number }>(sql`
      select count(*) filter (where current_date - due_on between 1 and 30)::int as d1_30,
             count(*) filter (where current_date - due_on > 30)::int as d31_plus
        from payment_installments where received_cents + written_off_cents < amount_cents and due_on < current_date`);
    expect(buckets.d1_30).toBeGreaterThan(0);
    expect(buckets.d31_plus).toBeGreaterThan(0);
  });

  it('each sale stays one RFM row, now pointing at its contract or direct order', async () => {
    const rows = await one<{ total: number; contracts: number; orders: number; dangling: number }>(sql`
      select count(*)::int as total,
             count(*) filter (where source = 'pipeline' and source_id like 'contract:%')::int as contracts,
             count(*) filter (where source = 'pipeline' and source_id like 'order:%')::int as orders,
             count(*) filter (where source = 'pipeline' and not exists (select 1 from contracts c where 'contract:' || c.id = source_id)
                                               and not exists (select 1 from orders o where 'order:' || o.id = source_id))::int as dangling
        from customer_orders`);
    expect(rows.total).toBe(ordersBefore);
    expect(rows.contracts).toBe(1500);
    expect(rows.orders).toBe(result.orders - 1500);
    expect(rows.dangling).toBe(0);
  });

  it('numbers are unique and new documents continue after the demo ones', async () => {
    const max = await one<{ number: string; last: number }>(sql`
      select c.number, (select last_value from document_counters where key = 'contract:' || substr(c.number, 4, 4)) as last
        from contracts c order by c.number desc limit 1`);
    expect(Number(max.number.slice(-6))).toBe(max.last);
    const dupes = await one<{ n: number }>(sql`select count(*)::int - count(distinct number)::int as n from contracts`);
    expect(dupes.n).toBe(0);
  });

  it('every won opportunity has a contract and a full stage history; open ones in negotiation have a quote', async () => {
    const rows = await one<{ won: number; wonWithoutContract: number; shortHistory: number; negotiationWithoutQuote: number }>(sql`
      select count(*) filter (where stage = 'won')::int as "won",
             count(*) filter (where stage = 'won' and not exists (select 1 from contracts c where c.opportunity_id = o.id))::int as "wonWithoutContract",
             count(*) filter (where stage = 'won' and (select count(*) from opportunity_stage_history h where h.opportunity_id = o.id) <> 5)::int as "shortHistory",
             count(*) filter (where stage = 'negotiation' and not exists (select 1 from quotes q where q.opportunity_id = o.id))::int as "negotiationWithoutQuote"
        from opportunities o`);
    expect(rows).toEqual({ won: 1500, wonWithoutContract: 0, shortHistory: 0, negotiationWithoutQuote: 0 });
  });

  it('some customers are over their credit limit (R-AR-2 demo)', async () => {
    const over = await one<{ n: number }>(sql`
      select count(*)::int as n from customers c
       where c.credit_limit_cents is not null
         and c.credit_limit_cents < (select coalesce(sum(amount_cents - received_cents - written_off_cents), 0) from payment_installments i where i.customer_id = c.id)`);
    expect(over.n).toBeGreaterThan(0);
  });

  it('every screen’s API answers for the demo rows (they satisfy the response schemas)', async () => {
    const director = await t.loginAs('director');
    for (const url of [
      '/api/v1/opportunities',
      '/api/v1/quotes',
      '/api/v1/contracts',
      '/api/v1/orders',
      '/api/v1/receipts',
      '/api/v1/products',
    ]) {
      const list = await director.get(`${url}?pageSize=100`);
      expect(list.statusCode, `${url}: ${list.body.slice(0, 300)}`).toBe(200);
      const items = list.json().items as { id: string }[];
      expect(items.length, url).toBeGreaterThan(0);
      for (const item of items.slice(0, 20)) {
        const detail = await director.get(`${url}/${item.id}`);
        expect(detail.statusCode, `${url}/${item.id}: ${detail.body.slice(0, 300)}`).toBe(200);
      }
    }
    for (const url of [
      '/api/v1/opportunities/board',
      '/api/v1/opportunities/funnel',
      '/api/v1/opportunities/forecast',
      '/api/v1/receivables/aging?groupBy=customer',
      '/api/v1/receivables/overdue',
      '/api/v1/receivables/summary',
    ]) {
      const response = await director.get(url);
      expect(response.statusCode, `${url}: ${response.body.slice(0, 300)}`).toBe(200);
    }
    const quote = (await director.get('/api/v1/quotes?pageSize=1&status=accepted')).json().items[0] as { id: string };
    expect((await director.get(`/api/v1/quotes/${quote.id}`)).json().authority.needsApproval).toBe(false);
  });

  it('every seeded quote’s revision history answers, and a snapshot stored in the old seed’s shape still presents', async () => {
    const director = await t.loginAs('director');
    const quotes = (await director.get('/api/v1/quotes?pageSize=20')).json().items as { id: string }[];
    for (const { id } of quotes) {
      const history = await director.get(`/api/v1/quotes/${id}/revisions`);
      expect(history.statusCode, history.body.slice(0, 300)).toBe(200);
      expect(history.json()[0].lines[0].productName).not.toBe('');
    }
    // The shape earlier seeds wrote (no names, prices or line totals) must not break the history.
    const id = quotes[0]!.id;
    await t.db.execute(
      sql`update quote_revisions set snapshot = jsonb_build_object('lines', jsonb_build_array(jsonb_build_object('productId', snapshot->'lines'->0->'productId', 'quantity', 2, 'lineDiscountCents', 0)), 'totalDiscountCents', 0, 'totalCents', 100) where quote_id = ${id}`,
    );
    const history = await director.get(`/api/v1/quotes/${id}/revisions`);
    expect(history.statusCode, history.body.slice(0, 300)).toBe(200);
    expect(history.json()[0]).toMatchObject({ totalCents: 100, discountCents: 0, lines: [{ quantity: 2, lineDiscountCents: 0 }] });
    expect(history.json()[0].lines[0].productName).not.toBe('');
  });

  it('R-RSK-1 a first sweep with the default thresholds raises tens of alerts, not hundreds (a believable first look)', async () => {
    await sweepAlerts(t.db, new Date());
    const rows = (await t.db.execute<{ rule_key: string; n: number }>(sql`select rule_key, count(*)::int as n from risk_alerts group by 1`))
      .rows;
    const total = rows.reduce((sum, row) => sum + row.n, 0);
    // Before: 379 overdue installments, 200 stalled opportunities, 100 churn risks — 740 in all.
    expect(total, JSON.stringify(rows)).toBeLessThan(100);
    const of = (key: string) => rows.find((row) => row.rule_key === key)?.n ?? 0;
    for (const key of ['receivables.overdue', 'opportunities.stalled', 'customers.churnRisk']) {
      expect(of(key), key).toBeGreaterThan(0);
      expect(of(key), key).toBeLessThan(40);
    }
  }, 120_000);
});
