import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { FeedEntry, FeedPage } from '@xiaoguan/shared';
import { buildTestApp, type Client, type TestApp } from '../../test/harness.js';
import { compareFeedEntries } from './feed.js';

let t: TestApp;
let rep: Client;
let director: Client;
let customerId: string;
let dealId: string;
let otherDealId: string;
const hours = (n: number) => new Date(Date.now() - n * 3_600_000).toISOString();

async function feedOf(client: Client, url: string): Promise<FeedPage> {
  const response = await client.get(url);
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

beforeAll(async () => {
  t = await buildTestApp();
  rep = await t.loginAs('rep');
  director = await t.loginAs('director');
  const customer = await rep.post('/api/v1/customers', { kind: 'organization', name: '动态测试客户', ignoreDuplicates: true });
  expect(customer.statusCode, customer.body).toBe(201);
  customerId = customer.json().id;

  const logged = await rep.post(`/api/v1/customers/${customerId}/interactions`, {
    type: 'visit',
    occurredAt: hours(30),
    notes: '上门拜访，客户关心实施周期',
  });
  expect(logged.statusCode, logged.body).toBe(201);
  const task = await rep.post('/api/v1/tasks', { customerId, title: '发送方案', dueAt: hours(-24) });
  expect(task.statusCode, task.body).toBe(201);

  const deal = await rep.post('/api/v1/opportunities', { name: '动态测试商机', customerId, amountCents: 5_000_000 });
  expect(deal.statusCode, deal.body).toBe(201);
  dealId = deal.json().id;
  const moved = await rep.patch(`/api/v1/opportunities/${dealId}/move`, { stage: 'discovery', version: deal.json().version });
  expect(moved.statusCode, moved.body).toBe(200);
  const onDeal = await rep.post(`/api/v1/customers/${customerId}/interactions`, {
    type: 'call',
    occurredAt: hours(2),
    notes: '电话确认报价范围',
    opportunityId: dealId,
  });
  expect(onDeal.statusCode, onDeal.body).toBe(201);

  // A quote with a discount approval on the rep's deal.
  const quote = await t.ownerDb.execute<{ id: string }>(sql`
    insert into quotes (number, title, customer_id, opportunity_id, owner_id, status, total_cents, created_at)
    values ('Q-FEED-1', '动态测试报价', ${customerId}, ${dealId}, ${rep.userId}, 'pending_approval', 4800000, ${hours(1)}) returning id`);
  const quoteId = quote.rows[0]!.id;
  await t.ownerDb.execute(sql`
    insert into approval_requests (subject_type, subject_id, title, status, requester_id, owner_id, created_at)
    values ('quote.discount', ${quoteId}, 'Q-FEED-1', 'pending', ${rep.userId}, ${rep.userId}, ${hours(1)})`);

  // Someone outside the rep's reach works the same account: the rep must not see that deal or its quote.
  const stranger = t.ids['rep_bj_1']!;
  const other = await t.ownerDb.execute<{ id: string }>(sql`
    insert into opportunities (name, customer_id, owner_id, stage) values ('别人的商机', ${customerId}, ${stranger}, 'lead') returning id`);
  otherDealId = other.rows[0]!.id;
  await t.ownerDb.execute(sql`
    insert into opportunity_stage_history (opportunity_id, from_stage, to_stage, at, actor_id) values (${otherDealId}, null, 'lead', ${hours(3)}, ${stranger})`);
  await t.ownerDb.execute(sql`
    insert into quotes (number, title, customer_id, opportunity_id, owner_id, status, created_at)
    values ('Q-FEED-SECRET', '别人的报价', ${customerId}, ${otherDealId}, ${stranger}, 'draft', ${hours(3)})`);
});
afterAll(() => t.close());

describe('activity feed: one timeline per customer and per opportunity', () => {
  it('merges interactions, tasks, stage changes, quotes and approvals of a customer, newest first, each linking to its record', async () => {
    const feed = await feedOf(rep, `/api/v1/customers/${customerId}/feed`);
    const kinds = new Set(feed.items.map((entry) => `${entry.type}:${entry.event}`));
    for (const kind of [
      'interaction:logged',
      'task:created',
      'stage:created',
      'stage:stage_changed',
      'quote:created',
      'approval:submitted',
    ])
      expect(kinds, kind).toContain(kind);
    expect([...feed.items].sort(compareFeedEntries)).toEqual(feed.items);
    const visit = feed.items.find((entry) => entry.type === 'interaction' && entry.params.channel === 'visit')!;
    expect(visit.text).toBe('上门拜访，客户关心实施周期');
    expect(visit.actorName).toBeTruthy();
    const quote = feed.items.find((entry) => entry.type === 'quote')!;
    expect(quote.record).toEqual({ kind: 'quote', id: expect.any(String), label: 'Q-FEED-1' });
    const stage = feed.items.find((entry) => entry.event === 'stage_changed')!;
    expect(stage.record.kind).toBe('opportunity');
    expect(stage.params).toMatchObject({ fromStage: 'lead', toStage: 'discovery' });
  });

  it('R-SEC-1: an entry about a record the caller cannot open is not shown; the director sees it', async () => {
    const repFeed = await feedOf(rep, `/api/v1/customers/${customerId}/feed?limit=100`);
    expect(repFeed.items.some((entry) => entry.record.id === otherDealId)).toBe(false);
    expect(repFeed.items.some((entry) => entry.record.label === 'Q-FEED-SECRET')).toBe(false);
    const directorFeed = await feedOf(director, `/api/v1/customers/${customerId}/feed?limit=100`);
    expect(directorFeed.items.some((entry) => entry.record.id === otherDealId)).toBe(true);
    expect(directorFeed.items.some((entry) => entry.record.label === 'Q-FEED-SECRET')).toBe(true);
    // …and the deal's own feed is out of reach altogether.
    expect((await rep.get(`/api/v1/opportunities/${otherDealId}/feed`)).statusCode).toBe(404);
  });

  it('an opportunity feed shows that deal only: its stages, its quote and the call logged on its page', async () => {
    const feed = await feedOf(rep, `/api/v1/opportunities/${dealId}/feed`);
    const kinds = feed.items.map((entry) => `${entry.type}:${entry.event}`);
    expect(kinds).toContain('interaction:logged');
    expect(kinds).toContain('quote:created');
    expect(kinds).toContain('stage:stage_changed');
    expect(feed.items.filter((entry) => entry.type === 'interaction').map((entry) => entry.text)).toEqual(['电话确认报价范围']);
    expect(kinds).not.toContain('task:created');
  });

  it('filters by type, by who and by date, and pages without gaps or repeats', async () => {
    const quotesOnly = await feedOf(rep, `/api/v1/customers/${customerId}/feed?types=quote,approval`);
    expect(new Set(quotesOnly.items.map((entry) => entry.type))).toEqual(new Set(['quote', 'approval']));
    const byDirector = await feedOf(director, `/api/v1/customers/${customerId}/feed?actorId=${t.ids['rep_bj_1']}`);
    expect(byDirector.items.length).toBeGreaterThan(0);
    expect(byDirector.items.every((entry) => entry.actorId === t.ids['rep_bj_1'])).toBe(true);
    const longAgo = await feedOf(rep, `/api/v1/customers/${customerId}/feed?from=2020-01-01&to=2020-12-31`);
    expect(longAgo.items).toEqual([]);

    const all = await feedOf(director, `/api/v1/customers/${customerId}/feed?limit=100`);
    const paged: FeedEntry[] = [];
    let cursor: string | null = null;
    do {
      const page: FeedPage = await feedOf(
        director,
        `/api/v1/customers/${customerId}/feed?limit=2${cursor ? `&before=${encodeURIComponent(cursor)}` : ''}`,
      );
      expect(page.items.length).toBeLessThanOrEqual(2);
      paged.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    expect(paged.map((entry) => entry.id)).toEqual(all.items.map((entry) => entry.id));
  });

  it('refuses what it cannot answer: an unknown type names the field, a customer out of scope is 404, a deal of another customer is refused', async () => {
    const badType = await rep.get(`/api/v1/customers/${customerId}/feed?types=quote,gossip`);
    expect(badType.statusCode).toBe(400);
    expect(badType.json().error.field).toMatch(/^querystring\.types/);
    const reversed = await rep.get(`/api/v1/customers/${customerId}/feed?from=2026-02-01&to=2026-01-01`);
    expect(reversed.statusCode).toBe(400);
    expect(reversed.json().error.field).toBe('querystring.to');
    const others = await t.ownerDb.execute<{ id: string }>(sql`select id from customers where owner_id = ${t.ids['rep_bj_1']} limit 1`);
    expect((await rep.get(`/api/v1/customers/${others.rows[0]!.id}/feed`)).statusCode).toBe(404);
    const otherCustomer = await rep.post('/api/v1/customers', { kind: 'organization', name: '另一个动态客户', ignoreDuplicates: true });
    const wrongDeal = await rep.post(`/api/v1/customers/${otherCustomer.json().id}/interactions`, {
      type: 'call',
      occurredAt: hours(1),
      opportunityId: dealId,
    });
    expect(wrongDeal.statusCode).toBe(400);
    expect(wrongDeal.json().error.field).toBe('body.opportunityId');
  });
});
