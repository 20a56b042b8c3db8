import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { buildTestApp, type TestApp } from '../test/harness.js';
import { seedDemoExpenses } from './demo-expenses.js';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

describe('demo expenses (M7)', () => {
  it("seeds this year's budgets, ~200 claims in every state, some categories near their limit and one draft blocked over budget", async () => {
    const now = new Date();
    const result = await seedDemoExpenses(t.ownerDb, { now });
    expect(result.claims).toBe(201);
    const statuses = (await t.db.execute<{ status: string }>(sql`select distinct status from expense_claims order by status`)).rows.map(
      (r) => r.status,
    );
    expect(statuses).toEqual(['approved', 'draft', 'paid', 'rejected', 'returned', 'submitted']);
    const blocked = await t.db.execute(sql`select 1 from expense_claims where blocked is not null and status = 'draft'`);
    expect(blocked.rows).toHaveLength(1);

    const director = await t.loginAs('director');
    const budgets = (await director.get(`/api/v1/expense-budgets?year=${now.getUTCFullYear()}`)).json().items as {
      budgetCents: number;
      committedCents: number;
      spentCents: number;
    }[];
    const usage = budgets.map((b) => (b.committedCents + b.spentCents) / b.budgetCents);
    expect(usage.filter((u) => u >= 0.9 && u <= 1).length).toBeGreaterThanOrEqual(2);
    expect(usage.every((u) => u <= 1)).toBe(true);

    // The review queues work on the seeded requests: a supervisor and finance each have claims waiting.
    const supervisor = await t.loginAs('supervisor');
    const finance = await t.loginAs('finance');
    expect((await supervisor.get('/api/v1/expense-claims?box=review')).json().total).toBeGreaterThan(0);
    expect((await finance.get('/api/v1/expense-claims?box=review')).json().total).toBeGreaterThan(0);
    const rep = await t.loginAs('rep');
    const mine = (await rep.get('/api/v1/expense-claims?box=mine&pageSize=200')).json();
    const draft = mine.items.find((c: { title: string }) => c.title === '年终客户答谢会场地与餐饮');
    const detail = (await rep.get(`/api/v1/expense-claims/${draft.id}`)).json();
    expect(detail.blocked[0].overByCents).toBeGreaterThan(0);
    expect(detail.abilities.requestOverBudget).toBe(true);
    const analysis = await finance.get('/api/v1/expense-analysis?groupBy=category');
    expect(analysis.json().costPerResult.spentCents).toBeGreaterThan(0);
  });
});
