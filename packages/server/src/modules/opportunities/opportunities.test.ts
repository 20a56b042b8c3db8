import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { OpportunityDetail } from '@xiaoguan/shared';
import { buildTestApp, type Client, type TestApp } from '../../test/harness.js';
import { createOpportunity, moveOpportunity, stageHistory, updateOpportunity } from './opportunities.service.js';
import { averageDaysPerStage, forecast, funnelConversion, weightedPipeline, winRate } from './opportunities.metrics.js';

let t: TestApp;
let rep: Client;
let supervisor: Client;
let productA: string;
let productB: string;
const customerOf: Record<string, string> = {};

beforeAll(async () => {
  t = await buildTestApp();
  rep = await t.loginAs('rep');
  supervisor = await t.loginAs('supervisor');
  const inserted = await t.db.execute<{ id: string }>(sql`
    insert into products (code, name, unit, list_price_cents, floor_price_cents)
    values ('OPP-T-1', '测试软件许可', '套', 1000000, 800000), ('OPP-T-2', '实施服务', '人天', 300000, 250000) returning id`);
  [productA, productB] = inserted.rows.map((row) => row.id) as [string, string];
  for (const username of ['rep', 'rep2', 'rep_hz_1', 'rep_sh1_2', 'rep_bj_1']) {
    const client = username === 'rep' ? rep : await t.loginAs(username);
    const response = await client.post('/api/v1/customers', {
      kind: 'organization',
      name: `商机测试客户-${username}`,
      ignoreDuplicates: true,
    });
    expect(response.statusCode, response.body).toBe(201);
    customerOf[username] = response.json().id;
  }
});
afterAll(() => t.close());

let counter = 0;
async function create(client: Client, body: Record<string, unknown> = {}, customer = customerOf.rep!): Promise<OpportunityDetail> {
  counter++;
  const response = await client.post('/api/v1/opportunities', { name: `测试商机${counter}`, customerId: customer, ...body });
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

let quoteNumber = 0;
async function insertQuote(opportunity: OpportunityDetail, status: string) {
  quoteNumber++;
  await t.db.execute(sql`
    insert into quotes (number, title, customer_id, opportunity_id, owner_id, status)
    values (${`Q-TEST-${quoteNumber}`}, '测试报价', ${opportunity.customerId}, ${opportunity.id}, ${opportunity.ownerId}, ${status})`);
}

const historyOf = async (client: Client, id: string) =>
  (await client.get(`/api/v1/opportunities/${id}/history`)).json() as { fromStage: string | null; toStage: string; actorName: string }[];

describe('opportunities: create, read, update', () => {
  it('a rep creates an opportunity for a customer they may read: owner, team, stage probability, products, history and audit', async () => {
    const created = await create(rep, {
      amountCents: 1_300_000,
      products: [
        { productId: productA, quantity: 1, amountCents: 1_000_000 },
        { productId: productB, quantity: 1, amountCents: 300_000 },
      ],
      competitors: ['竞品甲'],
      source: 'referral',
    });
    expect(created).toMatchObject({
      ownerId: t.ids.rep,
      teamName: '上海一组',
      stage: 'lead',
      probability: 10,
      weightedCents: 130_000,
      customerName: '商机测试客户-rep',
      closedAt: null,
      abilities: { update: true, move: true },
    });
    expect(created.products.map((line) => line.productCode)).toEqual(['OPP-T-1', 'OPP-T-2']);
    expect(await historyOf(rep, created.id)).toMatchObject([{ fromStage: null, toStage: 'lead', actorName: expect.any(String) }]);
    const audit = await t.db.execute<{ action: string }>(
      sql`select action from audit_log where entity = 'opportunities' and entity_id = ${created.id}`,
    );
    expect(audit.rows.map((row) => row.action)).toEqual(['create']);
  });

  it('the customer must be one the caller may read; the owner must be in the caller’s team (400 naming the field)', async () => {
    const before = await t.snapshot();
    const foreign = await rep.post('/api/v1/opportunities', { name: 'x', customerId: customerOf.rep2 });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().error.field).toBe('body.customerId');
    const owner = await rep.post('/api/v1/opportunities', { name: 'x', customerId: customerOf.rep, ownerId: t.ids.rep_sh1_2 });
    expect(owner.json().error.field).toBe('body.ownerId');
    const product = await rep.post('/api/v1/opportunities', {
      name: 'x',
      customerId: customerOf.rep,
      products: [{ productId: '00000000-0000-4000-8000-000000000000', quantity: 1, amountCents: 1 }],
    });
    expect(product.json().error.field).toBe('body.products.0.productId');
    expect(await t.snapshot()).toBe(before);
    // A supervisor may give the opportunity to someone in the team: the team follows the owner.
    const assigned = await create(supervisor, { ownerId: t.ids.rep_sh1_2 }, customerOf.rep_sh1_2);
    expect(assigned).toMatchObject({ ownerId: t.ids.rep_sh1_2, teamName: '上海一组' });
  });

  it('a stale version is a 409 for an edit and for a kanban move, and nothing is written', async () => {
    const created = await create(rep);
    expect((await rep.patch(`/api/v1/opportunities/${created.id}`, { version: created.version, nextStep: '电话回访' })).statusCode).toBe(
      200,
    );
    const before = await t.snapshot();
    expect((await rep.patch(`/api/v1/opportunities/${created.id}`, { version: created.version, nextStep: '覆盖' })).statusCode).toBe(409);
    expect((await rep.patch(`/api/v1/opportunities/${created.id}/move`, { version: created.version, stage: 'discovery' })).statusCode).toBe(
      409,
    );
    expect(await t.snapshot()).toBe(before);
  });

  it('probability follows the stage on a stage change, and may be overridden on an edit', async () => {
    const created = await create(rep);
    const moved = (await rep.patch(`/api/v1/opportunities/${created.id}`, { version: created.version, stage: 'discovery' })).json();
    expect(moved.probability).toBe(25);
    const overridden = (await rep.patch(`/api/v1/opportunities/${created.id}`, { version: moved.version, probability: 40 })).json();
    expect(overridden.probability).toBe(40);
    const both = (
      await rep.patch(`/api/v1/opportunities/${created.id}`, { version: overridden.version, stage: 'lead', probability: 15 })
    ).json();
    expect(both).toMatchObject({ stage: 'lead', probability: 15 });
  });

  it('products are replaced as a set; the change is in the audit trail', async () => {
    const created = await create(rep, { products: [{ productId: productA, quantity: 2, amountCents: 2_000_000 }] });
    const updated = (
      await rep.patch(`/api/v1/opportunities/${created.id}`, {
        version: created.version,
        products: [{ productId: productB, quantity: 5, amountCents: 1_500_000 }],
      })
    ).json();
    expect(updated.products).toMatchObject([{ productCode: 'OPP-T-2', quantity: 5, amountCents: 1_500_000 }]);
    const audit = await t.db.execute<{ changes: Record<string, unknown> }>(
      sql`select changes from audit_log where entity = 'opportunities' and entity_id = ${created.id} and action = 'update'`,
    );
    expect(audit.rows[0]!.changes.products).toBeDefined();
  });

  it('the customer page lists the customer’s opportunities', async () => {
    const mine = await create(rep, {}, customerOf.rep);
    const list = (await rep.get(`/api/v1/opportunities?customerId=${customerOf.rep}&pageSize=200`)).json();
    expect(list.items.map((o: { id: string }) => o.id)).toContain(mine.id);
    expect(list.items.every((o: { customerId: string }) => o.customerId === customerOf.rep)).toBe(true);
  });

  it('list filters: stage, amount range, expected close range, search by name or customer name', async () => {
    const special = await create(rep, {
      name: '西湖数据中台项目',
      amountCents: 8_800_000,
      expectedCloseOn: '2031-06-15',
      stage: 'discovery',
    });
    const query = (params: string) =>
      rep.get(`/api/v1/opportunities?pageSize=200&${params}`).then((r) => r.json().items.map((o: { id: string }) => o.id) as string[]);
    expect(await query(`q=${encodeURIComponent('数据中台')}`)).toEqual([special.id]);
    expect(await query(`q=${encodeURIComponent('商机测试客户-rep')}`)).toContain(special.id);
    expect(await query('stage=discovery&amountMin=8800000&amountMax=8800000')).toEqual([special.id]);
    expect(await query('closeFrom=2031-06-01&closeTo=2031-06-30')).toEqual([special.id]);
    expect(await query('closeMonth=2031-06')).toEqual([special.id]);
    expect(await query('stage=lead&q=' + encodeURIComponent('数据中台'))).toEqual([]);
    const sorted = (await rep.get('/api/v1/opportunities?sort=-amount&pageSize=1')).json();
    expect(sorted.items[0].id).toBe(special.id);
  });
});

describe('OPP-GATE enforced on every stage change', () => {
  it('OPP-GATE a form change into solution without amount and close date → 422 naming what is missing; nothing written', async () => {
    const created = await create(rep);
    const before = await t.snapshot();
    const refused = await rep.patch(`/api/v1/opportunities/${created.id}`, { version: created.version, stage: 'solution' });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error).toMatchObject({
      rule: 'OPP-GATE',
      field: 'body.stage',
      data: { stage: 'solution', missing: ['amount', 'expectedCloseOn'] },
    });
    expect(await t.snapshot()).toBe(before);
    // The same edit with the amount and the date in it passes (the gate sees the opportunity as it will be).
    const allowed = await rep.patch(`/api/v1/opportunities/${created.id}`, {
      version: created.version,
      stage: 'solution',
      amountCents: 500_000,
      expectedCloseOn: '2026-12-20',
    });
    expect(allowed.statusCode, allowed.body).toBe(200);
    expect(allowed.json()).toMatchObject({ stage: 'solution', probability: 50 });
  });

  it('OPP-GATE the quote gate: a kanban move into negotiation needs a live quote (rejected, declined, expired do not count)', async () => {
    const created = await create(rep, { stage: 'solution', amountCents: 900_000, expectedCloseOn: '2026-12-31' });
    expect(created.gates.negotiation).toEqual(['quote']);
    const refused = await rep.patch(`/api/v1/opportunities/${created.id}/move`, { version: created.version, stage: 'negotiation' });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error.data.missing).toEqual(['quote']);
    for (const status of ['rejected', 'declined', 'expired']) await insertQuote(created, status);
    expect(
      (await rep.patch(`/api/v1/opportunities/${created.id}/move`, { version: created.version, stage: 'negotiation' })).statusCode,
    ).toBe(422);
    await insertQuote(created, 'draft');
    const detail = (await rep.get(`/api/v1/opportunities/${created.id}`)).json();
    expect(detail).toMatchObject({ liveQuoteCount: 1, gates: { negotiation: [] } });
    const moved = await rep.patch(`/api/v1/opportunities/${created.id}/move`, { version: created.version, stage: 'negotiation' });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json()).toMatchObject({ stage: 'negotiation', probability: 75 });
  });

  it('OPP-GATE creating straight into a later stage passes every gate on the way; moving back needs nothing', async () => {
    const refused = await rep.post('/api/v1/opportunities', {
      name: '直接谈判',
      customerId: customerOf.rep,
      stage: 'negotiation',
      amountCents: 100,
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error.data.missing).toEqual(['expectedCloseOn', 'quote']);
    const created = await create(rep, { stage: 'solution', amountCents: 100, expectedCloseOn: '2026-11-30' });
    const back = await rep.patch(`/api/v1/opportunities/${created.id}/move`, { version: created.version, stage: 'lead' });
    expect(back.statusCode).toBe(200);
  });

  it('OPP-GATE gates come from the settings: an admin adds `products` and `nextStep` to discovery', async () => {
    const admin = await t.loginAs('admin');
    const settings = (await admin.get('/api/v1/opportunity-settings')).json();
    const saved = await admin.put('/api/v1/opportunity-settings', {
      ...settings,
      gates: { ...settings.gates, discovery: ['products', 'nextStep'] },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    try {
      const created = await create(rep);
      expect(created.gates.discovery).toEqual(['products', 'nextStep']);
      const refused = await rep.patch(`/api/v1/opportunities/${created.id}/move`, { version: created.version, stage: 'discovery' });
      expect(refused.json().error.data.missing).toEqual(['products', 'nextStep']);
      const ok = await rep.patch(`/api/v1/opportunities/${created.id}`, {
        version: created.version,
        stage: 'discovery',
        nextStep: '需求调研',
        products: [{ productId: productA, quantity: 1, amountCents: 1 }],
      });
      expect(ok.statusCode, ok.body).toBe(200);
    } finally {
      await admin.put('/api/v1/opportunity-settings', settings);
    }
  });
});

describe('won, lost and reopening', () => {
  it('won sets closed_at and 100 %; lost needs a configured reason; reopening clears both; every change is in the history', async () => {
    const created = await create(rep, { amountCents: 300_000 });
    const won = await rep.patch(`/api/v1/opportunities/${created.id}/move`, { version: created.version, stage: 'won' });
    // lead → won passes solution (close date) and negotiation (quote).
    expect(won.json().error.data.missing).toEqual(['expectedCloseOn', 'quote']);
    await insertQuote(created, 'accepted');
    const withDate = (
      await rep.patch(`/api/v1/opportunities/${created.id}`, { version: created.version, expectedCloseOn: '2026-10-01' })
    ).json();
    const closed = (await rep.patch(`/api/v1/opportunities/${withDate.id}/move`, { version: withDate.version, stage: 'won' })).json();
    expect(closed).toMatchObject({ stage: 'won', probability: 100 });
    expect(closed.closedAt).not.toBeNull();

    const before = await t.snapshot();
    const noReason = await rep.patch(`/api/v1/opportunities/${closed.id}/move`, { version: closed.version, stage: 'lost' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.field).toBe('body.lostReason');
    const badReason = await rep.patch(`/api/v1/opportunities/${closed.id}`, {
      version: closed.version,
      stage: 'lost',
      lostReason: 'bad_luck',
    });
    expect(badReason.json().error.field).toBe('body.lostReason');
    expect(await t.snapshot()).toBe(before);

    const lost = (
      await rep.patch(`/api/v1/opportunities/${closed.id}`, {
        version: closed.version,
        stage: 'lost',
        lostReason: 'competitor',
        lostNote: '对手降价 20%',
      })
    ).json();
    expect(lost).toMatchObject({ stage: 'lost', probability: 0, lostReason: 'competitor', lostNote: '对手降价 20%' });
    expect(lost.closedAt).not.toBeNull();

    const reopened = (await rep.patch(`/api/v1/opportunities/${lost.id}/move`, { version: lost.version, stage: 'discovery' })).json();
    expect(reopened).toMatchObject({ stage: 'discovery', closedAt: null, lostReason: null, lostNote: null, probability: 25 });
    expect((await historyOf(rep, created.id)).map((h) => `${h.fromStage}→${h.toStage}`)).toEqual([
      'null→lead',
      'lead→won',
      'won→lost',
      'lost→discovery',
    ]);
  });

  it('the stage history gives the days spent in each stage, the current one until now', async () => {
    const ctx0 = await t.ctxAs('rep', new Date('2026-03-01T02:00:00Z'));
    const created = await createOpportunity(ctx0, {
      name: '时间线商机',
      customerId: customerOf.rep!,
      stage: 'lead',
      amountCents: 100,
      products: [],
      competitors: [],
    });
    const ctx1 = await t.ctxAs('rep', new Date('2026-03-04T14:00:00Z'));
    const moved = await moveOpportunity(ctx1, created.id, { stage: 'discovery', version: created.version });
    const ctx2 = await t.ctxAs('rep', new Date('2026-03-10T02:00:00Z'));
    const history = await stageHistory(ctx2, moved.id);
    expect(history.map((h) => [h.toStage, h.days, h.current])).toEqual([
      ['lead', 3.5, false],
      ['discovery', 5.5, true],
    ]);
  });
});

describe('kanban board', () => {
  const board = async (client: Client, params = '') =>
    (await client.get(`/api/v1/opportunities/board?ownerId=${t.ids.rep_hz_1}${params}`)).json();

  it('columns carry count, Σ amount and Σ weighted; cards in column order; a drop above another card orders it there', async () => {
    const hz = await t.loginAs('rep_hz_1');
    const customer = customerOf.rep_hz_1!;
    const first = await create(hz, { name: '看板一', amountCents: 100_000 }, customer);
    const second = await create(hz, { name: '看板二', amountCents: 200_000 }, customer);
    const third = await create(hz, { name: '看板三', amountCents: 300_001 }, customer);
    let lead = (await board(hz)).columns.find((c: { stage: string }) => c.stage === 'lead');
    // Newest on top.
    expect(lead.cards.map((card: { name: string }) => card.name)).toEqual(['看板三', '看板二', '看板一']);
    expect(lead).toMatchObject({ count: 3, amountCents: 600_001, weightedCents: 60_000, probability: 10 });

    // Drag 看板一 above 看板二, then 看板三 to the bottom.
    expect(
      (await hz.patch(`/api/v1/opportunities/${first.id}/move`, { stage: 'lead', beforeId: second.id, version: first.version })).statusCode,
    ).toBe(200);
    expect((await hz.patch(`/api/v1/opportunities/${third.id}/move`, { stage: 'lead', version: third.version })).statusCode).toBe(200);
    lead = (await board(hz)).columns.find((c: { stage: string }) => c.stage === 'lead');
    expect(lead.cards.map((card: { name: string }) => card.name)).toEqual(['看板一', '看板二', '看板三']);

    // Across columns, above a card there.
    const target = await create(hz, { name: '看板四', stage: 'discovery' }, customer);
    const fresh = (await hz.get(`/api/v1/opportunities/${second.id}`)).json();
    expect(
      (await hz.patch(`/api/v1/opportunities/${second.id}/move`, { stage: 'discovery', beforeId: target.id, version: fresh.version }))
        .statusCode,
    ).toBe(200);
    const columns = (await board(hz)).columns;
    expect(columns.find((c: { stage: string }) => c.stage === 'discovery').cards.map((card: { name: string }) => card.name)).toEqual([
      '看板二',
      '看板四',
    ]);
    expect(columns.find((c: { stage: string }) => c.stage === 'lead').count).toBe(2);
    // A drop above a card of another column is refused.
    const refused = await hz.patch(`/api/v1/opportunities/${first.id}/move`, {
      stage: 'lead',
      beforeId: target.id,
      version: (await hz.get(`/api/v1/opportunities/${first.id}`)).json().version,
    });
    expect(refused.json().error.field).toBe('body.beforeId');
  });

  it('load more: one column from an offset; hasMore until the end', async () => {
    const hz = await t.loginAs('rep_hz_1');
    const page1 = await board(hz, '&limit=1');
    const lead = page1.columns.find((c: { stage: string }) => c.stage === 'lead');
    expect(lead.cards).toHaveLength(1);
    expect(lead.hasMore).toBe(true);
    const page2 = await board(hz, '&limit=1&stage=lead&offset=1');
    expect(page2.columns).toHaveLength(1);
    expect(page2.columns[0].cards[0].name).not.toBe(lead.cards[0].name);
    expect(page2.columns[0].hasMore).toBe(false);
  });

  it('many drops in one spot renumber the column and keep the order', async () => {
    const gz = await t.loginAs('rep_bj_1');
    const customer = customerOf.rep_bj_1!;
    const a = await create(gz, { name: '锚点A', stage: 'solution', amountCents: 1, expectedCloseOn: '2026-12-01' }, customer);
    await create(gz, { name: '锚点B', stage: 'solution', amountCents: 1, expectedCloseOn: '2026-12-01' }, customer);
    // B is above A; drop 12 new cards, each right above A (between B and A).
    const names: string[] = [];
    for (let i = 0; i < 12; i++) {
      const card = await create(gz, { name: `插入${i}`, stage: 'solution', amountCents: 1, expectedCloseOn: '2026-12-01' }, customer);
      const moved = await gz.patch(`/api/v1/opportunities/${card.id}/move`, { stage: 'solution', beforeId: a.id, version: card.version });
      expect(moved.statusCode, moved.body).toBe(200);
      names.push(`插入${i}`);
    }
    const column = (await gz.get(`/api/v1/opportunities/board?ownerId=${t.ids.rep_bj_1}&stage=solution&limit=50`)).json().columns[0];
    expect(column.cards.map((card: { name: string }) => card.name)).toEqual(['锚点B', ...names, '锚点A']);
  });
});

describe('analytics on controlled timestamps', () => {
  const at = (day: string) => new Date(`${day}T04:00:00Z`); // noon in Shanghai
  const owner = 'rep_sh1_2';

  beforeAll(async () => {
    const customerId = customerOf[owner]!;
    const as = (day: string) => t.ctxAs(owner, at(day));
    const make = async (day: string, name: string, extra: Record<string, unknown> = {}) =>
      createOpportunity(await as(day), {
        name,
        customerId,
        stage: 'lead',
        amountCents: 1_000_000,
        products: [],
        competitors: [],
        ...extra,
      });
    const move = async (day: string, o: OpportunityDetail, stage: OpportunityDetail['stage'], extra: Record<string, unknown> = {}) =>
      updateOpportunity(await as(day), o.id, { version: o.version, stage, ...extra });
    // A: lead 1 → discovery 3 → solution 8 → negotiation 10 → won 20 (January 2025)
    let a = await make('2025-01-01', '漏斗A', { expectedCloseOn: '2025-01-31' });
    a = await move('2025-01-03', a, 'discovery');
    a = await move('2025-01-08', a, 'solution');
    await insertQuote(a, 'sent');
    a = await move('2025-01-10', a, 'negotiation');
    await move('2025-01-20', a, 'won');
    // B: lead 2 → discovery 4 → lost 6
    const b = await make('2025-01-02', '漏斗B');
    await move('2025-01-06', await move('2025-01-04', b, 'discovery'), 'lost', { lostReason: 'price' });
    // C: lead 5 → solution 9 (skips discovery); D: lead 6
    const c = await make('2025-01-05', '漏斗C', { expectedCloseOn: '2025-02-15', amountCents: 2_000_000 });
    await move('2025-01-09', c, 'solution');
    await make('2025-01-06', '漏斗D', { amountCents: 500_000 });
  });

  it('funnel conversion: of those that reached stage N in the period, the share that later went further (skipping counts as passing)', async () => {
    const ctx = await t.ctxAs(owner, at('2025-02-01'));
    const stages = await funnelConversion(ctx, { from: '2025-01-01', to: '2025-01-31', ownerId: t.ids[owner] });
    expect(stages).toEqual([
      { stage: 'lead', reached: 4, advanced: 3, conversion: 0.75 },
      { stage: 'discovery', reached: 3, advanced: 2, conversion: 0.6667 },
      { stage: 'solution', reached: 2, advanced: 1, conversion: 0.5 },
      { stage: 'negotiation', reached: 1, advanced: 1, conversion: 1 },
      { stage: 'won', reached: 1, advanced: 0, conversion: null },
    ]);
    // A later period counts only what first reached each stage inside it.
    const late = await funnelConversion(ctx, { from: '2025-01-06', to: '2025-01-31', ownerId: t.ids[owner] });
    expect(late.map((s) => [s.stage, s.reached, s.advanced])).toEqual([
      ['lead', 1, 0],
      ['discovery', 1, 1],
      ['solution', 2, 1],
      ['negotiation', 1, 1],
      ['won', 1, 0],
    ]);
  });

  it('average days per stage from the history timestamps (finished stays that began in the period)', async () => {
    const ctx = await t.ctxAs(owner, at('2025-02-01'));
    const days = await averageDaysPerStage(ctx, { from: '2025-01-01', to: '2025-01-31', ownerId: t.ids[owner] });
    expect(days).toEqual([
      { stage: 'lead', averageDays: 2.7, stays: 3 },
      { stage: 'discovery', averageDays: 3.5, stays: 2 },
      { stage: 'solution', averageDays: 2, stays: 1 },
      { stage: 'negotiation', averageDays: 10, stays: 1 },
    ]);
  });

  it('win rate, sales cycle and weighted pipeline', async () => {
    const ctx = await t.ctxAs(owner, at('2025-02-01'));
    expect(await winRate(ctx, { from: '2025-01-01', to: '2025-01-31', ownerId: t.ids[owner] })).toEqual({
      won: 1,
      lost: 1,
      winRate: 0.5,
      averageCycleDays: 19,
    });
    expect(await winRate(ctx, { from: '2025-01-07', to: '2025-01-31', ownerId: t.ids[owner] })).toMatchObject({
      won: 1,
      lost: 0,
      winRate: 1,
    });
    // Open: C (solution, 50 % of 20,000) and D (lead, 10 % of 5,000), plus the other tests' opportunities of this rep.
    const pipeline = await weightedPipeline(ctx, { ownerId: t.ids[owner] });
    const others = await t.db.execute<{ n: number; amount: number; weighted: string }>(sql`
      select count(*)::int as n, coalesce(sum(amount_cents), 0)::bigint as amount, coalesce(round(sum(amount_cents::numeric * probability) / 100), 0)::text as weighted
        from opportunities where owner_id = ${t.ids[owner]!} and closed_at is null and name not like '漏斗%'`);
    const row = others.rows[0]!;
    expect(pipeline).toEqual({
      count: 2 + row.n,
      amountCents: 2_500_000 + Number(row.amount),
      weightedCents: 1_050_000 + Number(row.weighted),
    });
  });

  it('the rep’s own scope: another rep sees none of it; the supervisor sees it', async () => {
    const other = await t.ctxAs('rep', at('2025-02-01'));
    expect((await funnelConversion(other, { from: '2025-01-01', to: '2025-01-31', ownerId: t.ids[owner] }))[0]!.reached).toBe(0);
    const boss = await t.ctxAs('supervisor', at('2025-02-01'));
    expect((await funnelConversion(boss, { from: '2025-01-01', to: '2025-01-31', ownerId: t.ids[owner] }))[0]!.reached).toBe(4);
  });

  it('the funnel route answers with defaults and all figures', async () => {
    const response = await supervisor.get(`/api/v1/opportunities/funnel?from=2025-01-01&to=2025-01-31&ownerId=${t.ids[owner]}`);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ from: '2025-01-01', to: '2025-01-31', won: 1, lost: 1, winRate: 0.5, averageCycleDays: 19 });
    const defaults = (await supervisor.get('/api/v1/opportunities/funnel')).json();
    expect(defaults.stages).toHaveLength(5);
  });
});

describe('forecast by expected close month', () => {
  it('committed = won + negotiation, best case = committed + solution stage (never below commit), per rep and per team; lost is out', async () => {
    const as = (username: string, day: string) => t.ctxAs(username, new Date(`${day}T04:00:00Z`));
    const customer = customerOf.rep_hz_1!;
    const hz = 'rep_hz_1';
    let won = await createOpportunity(await as(hz, '2030-03-01'), {
      name: '预测赢单',
      customerId: customer,
      stage: 'solution',
      amountCents: 10_000_000,
      expectedCloseOn: '2030-02-28',
      products: [],
      competitors: [],
    });
    await insertQuote(won, 'accepted');
    won = await moveOpportunity(await as(hz, '2030-03-05'), won.id, { stage: 'won', version: won.version });
    let negotiation = await createOpportunity(await as(hz, '2030-03-01'), {
      name: '预测谈判',
      customerId: customer,
      stage: 'solution',
      amountCents: 5_000_000,
      expectedCloseOn: '2030-03-15',
      products: [],
      competitors: [],
    });
    await insertQuote(negotiation, 'sent');
    negotiation = await moveOpportunity(await as(hz, '2030-03-02'), negotiation.id, { stage: 'negotiation', version: negotiation.version });
    await createOpportunity(await as(hz, '2030-03-01'), {
      name: '预测方案',
      customerId: customer,
      stage: 'solution',
      amountCents: 2_000_001,
      expectedCloseOn: '2030-03-20',
      products: [],
      competitors: [],
    });
    const lost = await createOpportunity(await as(hz, '2030-03-01'), {
      name: '预测输单',
      customerId: customer,
      stage: 'lead',
      amountCents: 9_000_000,
      expectedCloseOn: '2030-03-20',
      products: [],
      competitors: [],
    });
    await moveOpportunity(await as(hz, '2030-03-03'), lost.id, { stage: 'lost', version: lost.version, lostReason: 'budget_cancelled' });
    await createOpportunity(await as('rep', '2030-03-01'), {
      name: '预测四月',
      customerId: customerOf.rep!,
      stage: 'discovery',
      amountCents: 1_000_000,
      expectedCloseOn: '2030-04-02',
      products: [],
      competitors: [],
    });

    const manager = await as('manager', '2030-03-10');
    const byRep = await forecast(manager, { fromMonth: '2030-03', months: 2, groupBy: 'owner' });
    expect(byRep.months).toEqual(['2030-03', '2030-04']);
    const march = byRep.rows.filter((row) => row.month === '2030-03');
    expect(march).toEqual([
      {
        month: '2030-03',
        groupId: t.ids[hz],
        groupName: expect.any(String),
        wonCents: 10_000_000,
        committedCents: 15_000_000,
        // Issue 16: best case = commit + the solution-stage deal (was won + weighted pipeline, below commit).
        bestCaseCents: 15_000_000 + 2_000_001,
        pipelineCents: 7_000_001,
        count: 3,
      },
    ]);
    expect(byRep.rows.find((row) => row.month === '2030-04')).toMatchObject({
      groupId: t.ids.rep,
      wonCents: 0,
      committedCents: 0,
      bestCaseCents: 0,
      pipelineCents: 1_000_000,
    });
    const byTeam = await forecast(manager, { fromMonth: '2030-03', months: 2, groupBy: 'team' });
    expect(byTeam.rows.map((row) => [row.month, row.groupName])).toEqual([
      ['2030-03', '杭州组'],
      ['2030-04', '上海一组'],
    ]);
    expect(byTeam.totals).toEqual([
      { month: '2030-03', wonCents: 10_000_000, committedCents: 15_000_000, bestCaseCents: 17_000_001, pipelineCents: 7_000_001, count: 3 },
      { month: '2030-04', wonCents: 0, committedCents: 0, bestCaseCents: 0, pipelineCents: 1_000_000, count: 1 },
    ]);
    // Outside the manager's region: nothing of it shows for manager2.
    const other = await forecast(await as('manager2', '2030-03-10'), { fromMonth: '2030-03', months: 2, groupBy: 'owner' });
    expect(other.rows).toEqual([]);
    const route = await rep.get('/api/v1/opportunities/forecast?fromMonth=2030-03&months=2&groupBy=team');
    expect(route.statusCode, route.body).toBe(200);
    expect(route.json().rows.map((row: { groupName: string }) => row.groupName)).toEqual(['上海一组']);
  });
});

describe('board totals kept by the trigger', () => {
  it('after creates, edits, moves, wins, losses and reopenings, the per-owner totals equal a recount of the open opportunities', async () => {
    const live = async () =>
      (
        await t.db.execute<{ k: string }>(sql`
          select owner_id || ':' || stage || ':' || count(*) || ':' || sum(amount_cents) || ':' || sum(amount_cents::numeric * probability) as k
            from opportunities where closed_at is null group by owner_id, stage order by 1`)
      ).rows.map((r) => r.k);
    const kept = async () =>
      (
        await t.db.execute<{ k: string }>(sql`
          select owner_id || ':' || stage || ':' || open_count || ':' || amount_cents || ':' || weighted_cents as k
            from opportunity_stage_totals where open_count <> 0 order by 1`)
      ).rows.map((r) => r.k);
    // Everything the earlier tests did (creates, moves, wins, losses, reopenings) is already in both.
    expect(await kept()).toEqual(await live());
    const made = await create(rep, { name: '合计校验', amountCents: 123_456, expectedCloseOn: '2026-12-31' });
    const edited = (
      await rep.patch(`/api/v1/opportunities/${made.id}`, { version: made.version, amountCents: 200_000, probability: 33 })
    ).json();
    await rep.patch(`/api/v1/opportunities/${made.id}/move`, { stage: 'lost', lostReason: 'price', version: edited.version });
    expect(await kept()).toEqual(await live());
    // The board's open columns read these totals: the same counts a live count gives.
    const board = (await supervisor.get('/api/v1/opportunities/board')).json();
    const counts = await t.db.execute<{ stage: string; n: number }>(sql`
      select o.stage, count(*)::int as n from opportunities o join users u on u.id = o.owner_id
       where o.closed_at is null and u.line_path like (select line_path from users where username = 'supervisor') || '%'
       group by o.stage`);
    for (const row of counts.rows) expect(board.columns.find((c: { stage: string }) => c.stage === row.stage).count, row.stage).toBe(row.n);
  });
});
