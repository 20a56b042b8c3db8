import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { buildTestApp, type Client, type TestApp } from '../../test/harness.js';
import { multipartFile } from '../../test/multipart.js';
import { approvedBudget, draftClaim, unitOf } from './test-fixtures.js';

/** Expenses (issue 19 items 6–9) through the API: budgets, claims R-EXP-1, R-EXP-2, analysis. */
let t: TestApp;
const c: Record<string, Client> = {};
let team = '';
let region = '';

beforeAll(async () => {
  t = await buildTestApp();
  for (const who of ['rep', 'rep_sh1_2', 'rep_sh1_3', 'supervisor', 'manager', 'director', 'finance']) c[who] = await t.loginAs(who);
  team = await unitOf(t, 'rep');
  region = await unitOf(t, 'manager');
});
afterAll(() => t.close());

const submit = async (who: Client, claim: { id: string }) => {
  const current = (await who.get(`/api/v1/expense-claims/${claim.id}`)).json();
  return who.post(`/api/v1/expense-claims/${claim.id}/submit`, { version: current.version });
};
const review = async (who: Client, claim: { id: string }, decision: 'approve' | 'return' | 'reject', comment?: string) => {
  const current = (await who.get(`/api/v1/expense-claims/${claim.id}`)).json();
  return who.post(`/api/v1/expense-claims/${claim.id}/review`, { decision, comment, version: current.version });
};

describe('R-EXP-1 claims: invoices, supervisor then finance, paid, history', () => {
  it('a claim with an invoice goes supervisor → finance → paid, each step in its history and the budget figures follow', async () => {
    const budgetId = await approvedBudget(t, c.manager!, c.director!, {
      category: '差旅',
      orgUnitId: team,
      periodKind: 'month',
      periodStart: '2026-01-01',
      amountCents: 500_000,
    });
    const claim = await draftClaim(c.rep!, { category: '差旅', spentOn: '2026-01-12', amountCents: 120_000 });
    const submitted = await submit(c.rep!, claim);
    expect(submitted.statusCode, submitted.body).toBe(200);
    expect(submitted.json()).toMatchObject({ status: 'submitted', stage: 'supervisor' });
    expect(submitted.json().lines[0].budgetId).toBe(budgetId);

    // The supervisor's queue holds it; finance's does not yet.
    const queue = (who: Client) =>
      who.get('/api/v1/expense-claims?box=review&pageSize=200').then((r) => r.json().items.map((i: { id: string }) => i.id));
    expect(await queue(c.supervisor!)).toContain(claim.id);
    expect(await queue(c.finance!)).not.toContain(claim.id);
    expect((await review(c.finance!, claim, 'approve')).statusCode).toBe(403);

    const bySupervisor = await review(c.supervisor!, claim, 'approve');
    expect(bySupervisor.statusCode, bySupervisor.body).toBe(200);
    expect(bySupervisor.json()).toMatchObject({ status: 'submitted', stage: 'finance' });
    expect(await queue(c.finance!)).toContain(claim.id);
    expect((await review(c.finance!, claim, 'reject')).statusCode).toBe(400); // a rejection needs its reason

    const byFinance = await review(c.finance!, claim, 'approve');
    expect(byFinance.json()).toMatchObject({ status: 'approved', stage: null });
    let budget = (await c.director!.get(`/api/v1/expense-budgets/${budgetId}`)).json();
    expect(budget).toMatchObject({ budgetCents: 500_000, committedCents: 120_000, spentCents: 0, remainingCents: 380_000 });

    const approved = (await c.finance!.get(`/api/v1/expense-claims/${claim.id}`)).json();
    const paid = await c.finance!.post(`/api/v1/expense-claims/${claim.id}/pay`, {
      paidOn: '2026-01-20',
      reference: 'ZF-0001',
      version: approved.version,
    });
    expect(paid.statusCode, paid.body).toBe(200);
    expect(paid.json()).toMatchObject({ status: 'paid', paidOn: '2026-01-20', paymentReference: 'ZF-0001' });
    budget = (await c.director!.get(`/api/v1/expense-budgets/${budgetId}`)).json();
    expect(budget).toMatchObject({ committedCents: 0, spentCents: 120_000, remainingCents: 380_000 });
    const actions = paid.json().history.map((h: { action: string }) => h.action);
    expect(actions).toEqual(['created', 'submitted', 'approved', 'approved', 'paid']);
    // The invoice photo is readable through the claim by the reviewers, not by another rep.
    const fileId = paid.json().files[0].id;
    expect((await c.supervisor!.get(`/api/v1/expense-claim-files/${fileId}`)).statusCode).toBe(200);
    expect((await c.rep_sh1_2!.get(`/api/v1/expense-claim-files/${fileId}`)).statusCode).toBe(404);
  });

  it('the supervisor returns a claim for changes with a reason; the claimant edits and resubmits; a rejection is final', async () => {
    await approvedBudget(t, c.manager!, c.director!, {
      category: '业务招待',
      orgUnitId: team,
      periodKind: 'quarter',
      periodStart: '2026-01-01',
      amountCents: 900_000,
    });
    const claim = await draftClaim(c.rep!, { category: '业务招待', spentOn: '2026-02-03', amountCents: 30_000 });
    expect((await submit(c.rep!, claim)).statusCode).toBe(200);
    expect((await review(c.supervisor!, claim, 'return')).statusCode).toBe(400);
    const returned = await review(c.supervisor!, claim, 'return', '请补充招待对象');
    expect(returned.statusCode, returned.body).toBe(200);
    expect(returned.json().status).toBe('returned');
    const mine = (await c.rep!.get(`/api/v1/expense-claims/${claim.id}`)).json();
    expect(mine.abilities.edit).toBe(true);
    const edited = await c.rep!.put(`/api/v1/expense-claims/${claim.id}`, {
      title: '招待某客户',
      version: mine.version,
      lines: [
        {
          category: '业务招待',
          spentOn: '2026-02-03',
          amountCents: 30_000,
          purpose: '招待张总（采购）',
          invoiceNumber: mine.lines[0].invoiceNumber,
        },
      ],
    });
    expect(edited.statusCode, edited.body).toBe(200);
    expect((await submit(c.rep!, claim)).json().status).toBe('submitted');
    const rejected = await review(c.supervisor!, claim, 'reject', '不符合招待标准');
    expect(rejected.json().status).toBe('rejected');
    expect(rejected.json().abilities.edit).toBe(false);
    expect(rejected.json().history.map((h: { action: string }) => h.action)).toEqual(
      expect.arrayContaining(['created', 'submitted', 'edited', 'resubmitted', 'rejected']),
    );
  });

  it('a claim without an invoice file is not submitted', async () => {
    const claim = await draftClaim(c.rep!, { category: '差旅', spentOn: '2026-01-13', amountCents: 100 }, { attach: false });
    const response = await submit(c.rep!, claim);
    expect(response.statusCode).toBe(422);
    expect(response.json().error.rule).toBe('R-EXP-1');
  });

  it('an invoice that is not a photo or PDF is refused', async () => {
    const claim = await draftClaim(c.rep!, { category: '差旅', spentOn: '2026-01-13', amountCents: 100 }, { attach: false });
    const upload = await c.rep!.request({
      method: 'POST',
      url: `/api/v1/expense-claims/${claim.id}/files`,
      ...multipartFile('x.exe', 'MZ...'),
    });
    expect(upload.statusCode).toBe(400);
  });

  it('a duplicate invoice number across all claims is refused, spaces and case aside, and under a race only one claim gets it', async () => {
    await draftClaim(c.rep!, { category: '差旅', spentOn: '2026-01-14', amountCents: 100, invoiceNumber: '0441-2026 7788' });
    const again = await c.rep_sh1_2!.post('/api/v1/expense-claims', {
      title: '重复发票',
      lines: [{ category: '差旅', spentOn: '2026-01-14', amountCents: 100, purpose: 'x', invoiceNumber: '044120267788' }],
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toMatchObject({ field: 'body.lines.0.invoiceNumber', rule: 'R-EXP-1' });
    const body = {
      title: '并发',
      lines: [{ category: '差旅', spentOn: '2026-01-14', amountCents: 100, purpose: 'x', invoiceNumber: 'RACE-0001' }],
    };
    const results = await Promise.all(
      [c.rep!, c.rep_sh1_2!, c.rep_sh1_3!, c.supervisor!].map((who) => who.post('/api/v1/expense-claims', body)),
    );
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409, 409, 409]);
    const rows = await t.db.execute(sql`select 1 from expense_claim_lines where invoice_key = 'RACE0001'`);
    expect(rows.rows).toHaveLength(1);
  });
});

describe('R-EXP-2 no spending over budget', () => {
  it('exactly the remaining amount passes; one cent more is blocked at submission with the figures', async () => {
    await approvedBudget(t, c.manager!, c.director!, {
      category: '市场推广',
      orgUnitId: team,
      periodKind: 'month',
      periodStart: '2026-03-01',
      amountCents: 100_000,
    });
    const first = await draftClaim(c.rep!, { category: '市场推广', spentOn: '2026-03-05', amountCents: 60_000 });
    expect((await submit(c.rep!, first)).statusCode).toBe(200);
    const over = await draftClaim(c.rep_sh1_2!, { category: '市场推广', spentOn: '2026-03-06', amountCents: 40_001 });
    const blocked = await submit(c.rep_sh1_2!, over);
    expect(blocked.statusCode).toBe(422);
    expect(blocked.json().error.rule).toBe('R-EXP-2');
    expect(blocked.json().error.data.lines[0]).toMatchObject({
      budgetCents: 100_000,
      committedCents: 60_000,
      spentCents: 0,
      requestCents: 40_001,
      remainingCents: 40_000,
      overByCents: 1,
    });
    const kept = (await c.rep_sh1_2!.get(`/api/v1/expense-claims/${over.id}`)).json();
    expect(kept).toMatchObject({ status: 'draft', abilities: { requestOverBudget: true } });
    expect(kept.blocked[0].overByCents).toBe(1);
    const exact = await draftClaim(c.rep_sh1_3!, { category: '市场推广', spentOn: '2026-03-07', amountCents: 40_000 });
    expect((await submit(c.rep_sh1_3!, exact)).statusCode).toBe(200);
  });

  it('a line with no budget at all is blocked; the director grants the over-budget approval and the claim goes through', async () => {
    const claim = await draftClaim(c.rep!, { category: '客户邀约', spentOn: '2026-05-10', amountCents: 25_000 });
    expect((await submit(c.rep!, claim)).statusCode).toBe(422);
    const current = (await c.rep!.get(`/api/v1/expense-claims/${claim.id}`)).json();
    const asked = await c.rep!.post(`/api/v1/expense-claims/${claim.id}/over-budget`, {
      reason: '重点客户邀约，预算未下达',
      version: current.version,
    });
    expect(asked.statusCode, asked.body).toBe(200);
    expect(asked.json().overBudgetStatus).toBe('pending');
    expect((await submit(c.rep!, claim)).statusCode).toBe(422); // not yet granted
    const request = (await c.director!.get(`/api/v1/approvals?box=inbox&pageSize=200`))
      .json()
      .items.find((r: { subjectId: string; subjectType: string }) => r.subjectId === claim.id && r.subjectType === 'expense.overBudget');
    expect(request.details.overByCents).toBe(25_000);
    const granted = await c.director!.post(`/api/v1/approvals/${request.id}/decision`, { decision: 'approve', version: request.version });
    expect(granted.statusCode, granted.body).toBe(200);
    const passed = await submit(c.rep!, claim);
    expect(passed.statusCode, passed.body).toBe(200);
    expect(passed.json()).toMatchObject({ status: 'submitted', overBudgetStatus: 'approved', blocked: null });
    expect(passed.json().history.map((h: { action: string }) => h.action)).toEqual(
      expect.arrayContaining(['blocked', 'overBudgetRequested', 'overBudget.approved', 'submitted']),
    );
  });

  it('concurrent claims that together would overspend: exactly one of the conflicting ones passes (the budget row is locked)', async () => {
    await approvedBudget(t, c.manager!, c.director!, {
      category: '会议营销',
      orgUnitId: team,
      periodKind: 'month',
      periodStart: '2026-04-01',
      amountCents: 100_000,
    });
    const claimants = [c.rep!, c.rep_sh1_2!, c.rep_sh1_3!, c.supervisor!];
    const drafts: { id: string; version: number }[] = [];
    for (const who of claimants) drafts.push(await draftClaim(who, { category: '会议营销', spentOn: '2026-04-08', amountCents: 60_000 }));
    const results = await Promise.all(
      claimants.map((who, i) => who.post(`/api/v1/expense-claims/${drafts[i]!.id}/submit`, { version: drafts[i]!.version })),
    );
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 422, 422, 422]);
    const committed = await t.db.execute<{ n: string }>(sql`
      select coalesce(sum(l.amount_cents), 0)::bigint as n from expense_claim_lines l join expense_claims c on c.id = l.claim_id
        join expense_budgets b on b.id = l.budget_id where b.category = '会议营销' and c.status in ('submitted', 'approved', 'paid')`);
    expect(Number(committed.rows[0]!.n)).toBe(60_000);
  });

  it('R-EXP-2 many concurrent claims on one budget: exactly as many as fit pass, the rest are blocked over budget (none fails on the lock)', async () => {
    await approvedBudget(t, c.manager!, c.director!, {
      category: '业务招待',
      orgUnitId: team,
      periodKind: 'month',
      periodStart: '2026-06-01',
      amountCents: 90_000,
    });
    const claimants = [c.rep!, c.rep_sh1_2!, c.rep_sh1_3!, c.supervisor!, c.rep!, c.rep_sh1_2!];
    const drafts: { id: string; version: number }[] = [];
    for (const who of claimants) drafts.push(await draftClaim(who, { category: '业务招待', spentOn: '2026-06-08', amountCents: 30_000 }));
    const results = await Promise.all(
      claimants.map((who, i) => who.post(`/api/v1/expense-claims/${drafts[i]!.id}/submit`, { version: drafts[i]!.version })),
    );
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 200, 200, 422, 422, 422]);
    const committed = await t.db.execute<{ n: string }>(sql`
      select coalesce(sum(l.amount_cents), 0)::bigint as n from expense_claim_lines l join expense_claims c on c.id = l.claim_id
        join expense_budgets b on b.id = l.budget_id where b.category = '业务招待' and c.status in ('submitted', 'approved', 'paid')`);
    expect(Number(committed.rows[0]!.n)).toBe(90_000);
  }, 60_000);
});

describe('budgets: roll-up under the parent unit, approval by leadership', () => {
  it("a team's budget over its region's is refused with the figures unless confirmed with a reason", async () => {
    await approvedBudget(t, c.manager!, c.director!, {
      category: '差旅',
      orgUnitId: region,
      periodKind: 'year',
      periodStart: '2027-01-01',
      amountCents: 1_000_000,
    });
    const refused = await c.manager!.post('/api/v1/expense-budgets', {
      category: '差旅',
      orgUnitId: team,
      periodKind: 'year',
      periodStart: '2027-06-30',
      amountCents: 1_000_001,
    });
    expect(refused.statusCode, refused.body).toBe(422);
    expect(refused.json().error).toMatchObject({ rule: 'EXP-ROLLUP', field: 'body.overParentReason' });
    expect(refused.json().error.data).toMatchObject({ parentCents: 1_000_000, childrenCents: 1_000_001, overByCents: 1 });
    const confirmed = await c.manager!.post('/api/v1/expense-budgets', {
      category: '差旅',
      orgUnitId: team,
      periodKind: 'year',
      periodStart: '2027-06-30',
      amountCents: 1_000_001,
      overParentReason: '新团队差旅集中在上半年',
    });
    expect(confirmed.statusCode, confirmed.body).toBe(201);
    expect(confirmed.json()).toMatchObject({
      periodStart: '2027-01-01',
      periodEnd: '2027-12-31',
      status: 'draft',
      overParentReason: '新团队差旅集中在上半年',
    });
  });

  it('a supervisor cannot create budgets; a manager only for units in their region', async () => {
    const body = { category: '差旅', orgUnitId: team, periodKind: 'month', periodStart: '2027-02-01', amountCents: 100 };
    expect((await c.supervisor!.post('/api/v1/expense-budgets', body)).statusCode).toBe(403);
    const other = await unitOf(t, 'rep2');
    const before = await t.snapshot();
    expect((await c.manager!.post('/api/v1/expense-budgets', { ...body, orgUnitId: other })).statusCode).toBe(404);
    expect(await t.snapshot()).toBe(before);
  });
});

describe('expense analysis', () => {
  it('spend per category vs budget, per month, and cost per result; xlsx export', async () => {
    const analysis = await c.finance!.get('/api/v1/expense-analysis?from=2026-01-01&to=2026-12-31&groupBy=category');
    expect(analysis.statusCode, analysis.body).toBe(200);
    const travel = analysis.json().rows.find((r: { key: string }) => r.key === '差旅');
    expect(travel).toMatchObject({ spentCents: 120_000, budgetCents: 500_000, claims: 1 });
    expect(analysis.json().months).toHaveLength(12);
    expect(analysis.json().costPerResult.spentCents).toBe(120_000);
    // A new customer is counted as the customer list counts it (one definition for targets and cost per result).
    const list = await c.finance!.get(
      `/api/v1/customers?createdFrom=${encodeURIComponent('2026-01-01T00:00:00+08:00')}&createdBefore=${encodeURIComponent('2027-01-01T00:00:00+08:00')}&pageSize=1`,
    );
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json().total).toBeGreaterThan(0);
    expect(analysis.json().costPerResult.newCustomers).toBe(list.json().total);
    const byPerson = await c.supervisor!.get('/api/v1/expense-analysis?from=2026-01-01&to=2026-12-31&groupBy=person');
    expect(byPerson.json().rows).toHaveLength(1);
    expect((await c.rep!.get('/api/v1/expense-analysis')).statusCode).toBe(403);
    const file = await c.finance!.get('/api/v1/expense-analysis/export?from=2026-01-01&to=2026-12-31&groupBy=category');
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toContain('spreadsheetml');
  });
});
