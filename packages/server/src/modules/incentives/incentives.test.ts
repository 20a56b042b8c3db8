import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type Client, type TestApp } from '../../test/harness.js';
import { PLAN, insertDeal, insertTarget, insertWriteOff } from './test-fixtures.js';

/**
 * Incentives (issue 19 items 4–5) through the API: a month's commission run (R-COM-1 with a target
 * from targets, split credit, clawback), the statement approved by the supervisor then finance and
 * exported for payroll; honours proposed by the rules and confirmed. March 2031 is this file's month.
 */
let t: TestApp;
const c: Record<string, Client> = {};
let planId = '';

beforeAll(async () => {
  t = await buildTestApp();
  for (const who of ['rep', 'rep_sh1_2', 'supervisor', 'manager', 'director', 'finance', 'admin']) c[who] = await t.loginAs(who);
  // rep: target ¥100,000 a month; contract A ¥90,000 collected in March (10,000 of it later written off);
  // contract B ¥40,000 collected, split 50/50 with rep_sh1_2 (no target).
  await insertTarget(t, 2031, 'rep', 10_000_000);
  const a = await insertDeal(t, 'rep', {
    amountCents: 10_000_000,
    signedOn: '2031-02-10',
    receipts: [{ amountCents: 9_000_000, receivedOn: '2031-03-05' }],
  });
  const b = await insertDeal(t, 'rep', {
    amountCents: 4_000_000,
    signedOn: '2031-03-01',
    receipts: [{ amountCents: 4_000_000, receivedOn: '2031-03-31' }],
  });
  // Outside the month: not counted.
  await insertDeal(t, 'rep', {
    amountCents: 700_000,
    signedOn: '2031-03-01',
    receipts: [{ amountCents: 700_000, receivedOn: '2031-04-01' }],
  });
  await insertWriteOff(t, a, 1_000_000, '2031-03-20T10:00:00+08:00');
  const split = await c.finance!.put(`/api/v1/commission-splits/${b.id}`, {
    splits: [
      { userId: t.ids.rep, shareBp: 5_000 },
      { userId: t.ids.rep_sh1_2, shareBp: 5_000 },
    ],
  });
  expect(split.statusCode, split.body).toBe(200);
  const plan = await c.finance!.post('/api/v1/commission-plans', PLAN);
  expect(plan.statusCode, plan.body).toBe(201);
  planId = plan.json().id;
});
afterAll(() => t.close());

const statementOf = async (who: Client, username: string) => {
  const list = (await who.get('/api/v1/commission-statements?box=all&period=2031-03')).json().items as { id: string; userId: string }[];
  const found = list.find((s) => s.userId === t.ids[username]);
  return found ? (await who.get(`/api/v1/commission-statements/${found.id}`)).json() : null;
};

describe('R-COM-1 the monthly commission run', () => {
  it('R-COM-1 computes each person from collections, the target, split credit and clawback', async () => {
    const run = await c.finance!.post('/api/v1/commission-runs', { period: '2031-03', planId });
    expect(run.statusCode, run.body).toBe(200);
    expect(run.json().computed).toBeGreaterThan(2);
    const rep = await statementOf(c.finance!, 'rep');
    // base 90,000 + 20,000 = 110,000 of 100,000 → 110 %; marginal 80,000×2 % + 20,000×4 % + 10,000×6 % = 3,000;
    // clawback 10,000 × 6 % = 600 → ¥2,400.
    expect(rep).toMatchObject({
      baseCents: 11_000_000,
      targetCents: 10_000_000,
      attainmentBp: 11_000,
      grossCents: 300_000,
      writtenOffCents: 1_000_000,
      clawbackCents: 60_000,
      totalCents: 240_000,
      status: 'draft',
    });
    expect(
      rep.lines
        .filter((l: { kind: string }) => l.kind === 'deal')
        .map((l: { creditedCents: number }) => l.creditedCents)
        .sort(),
    ).toEqual([2_000_000, 9_000_000]);
    // rep_sh1_2 has no target: the first tier's 2 % on the half of contract B.
    expect(await statementOf(c.finance!, 'rep_sh1_2')).toMatchObject({ baseCents: 2_000_000, attainmentBp: null, totalCents: 40_000 });
  });

  it('refuses bad plans and split shares that do not add up, naming the field, writing nothing', async () => {
    const before = await t.snapshot();
    const bad = await c.finance!.post('/api/v1/commission-plans', { ...PLAN, tiers: [{ from: 10, rateBp: 100 }] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toMatch(/^body\.tiers/);
    const contract = (await statementOf(c.finance!, 'rep')).lines[0].contractId;
    const split = await c.finance!.put(`/api/v1/commission-splits/${contract}`, { splits: [{ userId: t.ids.rep, shareBp: 6_000 }] });
    expect(split.statusCode).toBe(400);
    expect(split.json().error.field).toMatch(/^body\.splits/);
    expect(await t.snapshot()).toBe(before);
  });
});

describe('commission statements: the person submits, the supervisor then finance approve, finance exports', () => {
  it('goes supervisor → finance → approved, then is in the payroll export and its PDF prints', async () => {
    const draft = await statementOf(c.rep!, 'rep');
    expect((await c.rep_sh1_2!.get(`/api/v1/commission-statements/${draft.id}`)).statusCode).toBe(404);
    const submitted = await c.rep!.post(`/api/v1/commission-statements/${draft.id}/submit`, { version: draft.version });
    expect(submitted.statusCode, submitted.body).toBe(200);
    expect(submitted.json()).toMatchObject({ status: 'submitted', stage: 'supervisor' });

    const queue = async (who: Client) =>
      ((await who.get('/api/v1/commission-statements?box=review')).json().items as { id: string }[]).map((s) => s.id);
    expect(await queue(c.supervisor!)).toContain(draft.id);
    expect(await queue(c.finance!)).not.toContain(draft.id);
    const early = await c.finance!.post(`/api/v1/commission-statements/${draft.id}/review`, {
      decision: 'approve',
      version: submitted.json().version,
    });
    expect([403, 404, 409]).toContain(early.statusCode);

    const bySupervisor = await c.supervisor!.post(`/api/v1/commission-statements/${draft.id}/review`, {
      decision: 'approve',
      version: submitted.json().version,
    });
    expect(bySupervisor.statusCode, bySupervisor.body).toBe(200);
    expect(bySupervisor.json()).toMatchObject({ status: 'submitted', stage: 'finance' });
    expect(await queue(c.finance!)).toContain(draft.id);
    const noReason = await c.finance!.post(`/api/v1/commission-statements/${draft.id}/review`, {
      decision: 'reject',
      version: bySupervisor.json().version,
    });
    expect(noReason.statusCode).toBe(400);
    const byFinance = await c.finance!.post(`/api/v1/commission-statements/${draft.id}/review`, {
      decision: 'approve',
      version: bySupervisor.json().version,
    });
    expect(byFinance.statusCode, byFinance.body).toBe(200);
    expect(byFinance.json()).toMatchObject({ status: 'approved', stage: null });

    // A second run leaves the approved statement as it was.
    const rerun = await c.finance!.post('/api/v1/commission-runs', { period: '2031-03', planId });
    expect(rerun.json().skipped).toBe(1);
    expect((await statementOf(c.rep!, 'rep')).status).toBe('approved');

    const exported = await c.finance!.get('/api/v1/commission-statements/export?period=2031-03');
    expect(exported.statusCode, exported.body).toBe(200);
    expect(exported.headers['x-total-count']).toBe('1');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(exported.rawPayload as unknown as ArrayBuffer);
    const rows = workbook.worksheets[0]!.getSheetValues().filter(Boolean) as unknown[][];
    expect(rows[1]).toEqual(expect.arrayContaining(['2031-03', 2_400]));

    const pdf = await c.rep!.get(`/api/v1/commission-statements/${draft.id}/pdf?lang=en-US`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.rawPayload.subarray(0, 4).toString()).toBe('%PDF');
  });
});

describe('honours: proposed by the rules, confirmed by a manager, a leaderboard and a certificate', () => {
  it('the top collector of the quarter is proposed, confirmed by the manager, and shown to everyone with a certificate', async () => {
    const proposed = await c.manager!.post('/api/v1/honours/propose', { period: '2031-Q1' });
    expect(proposed.statusCode, proposed.body).toBe(200);
    const champion = (proposed.json() as { award: string; userId: string; id: string; version: number; value: number }[]).find(
      (h) => h.award === 'salesChampion',
    )!;
    expect(champion).toMatchObject({ userId: t.ids.rep, value: 13_000_000, status: 'proposed' });
    // Not public until confirmed.
    expect((await c.rep!.get('/api/v1/honours?period=2031-Q1')).json()).toEqual([]);
    expect((await c.rep!.post(`/api/v1/honours/${champion.id}/confirm`, { version: champion.version })).statusCode).toBe(403);
    const confirmed = await c.manager!.post(`/api/v1/honours/${champion.id}/confirm`, { version: champion.version });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect((await c.rep!.get('/api/v1/honours?period=2031-Q1')).json().map((h: { id: string }) => h.id)).toEqual([champion.id]);
    const certificate = await c.rep!.get(`/api/v1/honours/${champion.id}/certificate`);
    expect(certificate.statusCode).toBe(200);
    expect(certificate.rawPayload.subarray(0, 4).toString()).toBe('%PDF');

    const board = (await c.rep!.get('/api/v1/leaderboard?period=2031-Q1&metric=collections')).json();
    expect(board.rows[0]).toMatchObject({ rank: 1, userId: t.ids.rep, value: 13_000_000 });
  });
});
