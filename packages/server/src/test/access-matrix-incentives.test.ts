import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type Client, type TestApp } from './harness.js';
import { PLAN, insertDeal } from '../modules/incentives/test-fixtures.js';

/**
 * R-SEC-1 access matrix: incentives (M6 commission and honours), every route. Its own file (and
 * database) beside access-matrix.test.ts, which names 'incentives' in MATRIX_SECTIONS. `rep` (上海一组)
 * and `rep2` (深圳组, another region) each get a statement for 2032-05. A person sees their own
 * statements, supervisors and managers their unit's, finance, the director and the auditor everyone's;
 * plans are for admin, ops, finance and the director; the run and the payroll export for finance and
 * the director; honours are confirmed by managers (their unit) and the director. Every refusal leaves
 * every table unchanged.
 */
let t: TestApp;
const c: Record<string, Client> = {};
const ROLES = [
  'admin',
  'director',
  'manager',
  'manager2',
  'supervisor',
  'rep',
  'rep2',
  'rep_sh1_2',
  'support',
  'ops',
  'finance',
  'auditor',
];
let planId = '';
let contractId = '';
const ids: Record<string, string> = {};

async function expectDenied(attempt: () => Promise<{ statusCode: number; body: string }>, statuses = [403, 404]) {
  const before = await t.snapshot();
  const response = await attempt();
  expect(statuses, `${response.statusCode} ${response.body}`).toContain(response.statusCode);
  expect(await t.snapshot()).toBe(before);
}

beforeAll(async () => {
  t = await buildTestApp();
  for (const who of ROLES) c[who] = await t.loginAs(who);
  contractId = (
    await insertDeal(t, 'rep', {
      amountCents: 5_000_000,
      signedOn: '2032-05-02',
      receipts: [{ amountCents: 5_000_000, receivedOn: '2032-05-03' }],
    })
  ).id;
  await insertDeal(t, 'rep2', {
    amountCents: 3_000_000,
    signedOn: '2032-05-02',
    receipts: [{ amountCents: 3_000_000, receivedOn: '2032-05-03' }],
  });
  planId = (await c.finance!.post('/api/v1/commission-plans', PLAN)).json().id;
  expect((await c.finance!.post('/api/v1/commission-runs', { period: '2032-05', planId })).statusCode).toBe(200);
  const all = (await c.finance!.get('/api/v1/commission-statements?box=all&period=2032-05')).json().items as {
    id: string;
    userId: string;
  }[];
  ids.A = all.find((s) => s.userId === t.ids.rep)!.id;
  ids.B = all.find((s) => s.userId === t.ids.rep2)!.id;
});
afterAll(() => t.close());

const seen = async (who: string) => {
  const response = await c[who]!.get('/api/v1/commission-statements?box=all&period=2032-05');
  if (response.statusCode !== 200) return response.statusCode;
  const items = response.json().items as { id: string }[];
  return [items.some((i) => i.id === ids.A) ? 'A' : null, items.some((i) => i.id === ids.B) ? 'B' : null].filter(Boolean);
};

describe('R-SEC-1 access matrix: incentives', () => {
  it('statements: own, the unit above, finance/director/auditor all; admin none', async () => {
    const expected: Record<string, unknown> = {
      admin: 403,
      director: ['A', 'B'],
      manager: ['A'],
      manager2: ['B'],
      supervisor: ['A'],
      rep: ['A'],
      rep2: ['B'],
      rep_sh1_2: [],
      support: [],
      ops: [],
      finance: ['A', 'B'],
      auditor: ['A', 'B'],
    };
    for (const who of ROLES) expect(await seen(who), who).toEqual(expected[who]);
    for (const who of ['rep_sh1_2', 'rep2', 'manager2', 'support', 'ops', 'admin']) {
      expect((await c[who]!.get(`/api/v1/commission-statements/${ids.A}`)).statusCode, who).toBe(404);
      expect((await c[who]!.get(`/api/v1/commission-statements/${ids.A}/pdf`)).statusCode, who).toBe(404);
    }
    for (const who of ['rep', 'supervisor', 'manager', 'finance', 'director', 'auditor']) {
      expect((await c[who]!.get(`/api/v1/commission-statements/${ids.A}`)).statusCode, who).toBe(200);
    }
  });

  it('plans and split credit: admin, ops, finance, director; the run: finance and director', async () => {
    for (const who of ['admin', 'ops', 'finance', 'director'])
      expect((await c[who]!.get('/api/v1/commission-plans')).statusCode, who).toBe(200);
    for (const who of ['rep', 'supervisor', 'manager', 'support', 'auditor']) {
      expect((await c[who]!.get('/api/v1/commission-plans')).statusCode, who).toBe(403);
      expect((await c[who]!.get(`/api/v1/commission-splits/${contractId}`)).statusCode, who).toBe(403);
      await expectDenied(() => c[who]!.post('/api/v1/commission-plans', PLAN));
      await expectDenied(() => c[who]!.put(`/api/v1/commission-plans/${planId}`, { ...PLAN, version: 1 }));
      await expectDenied(() => c[who]!.put(`/api/v1/commission-splits/${contractId}`, { splits: [] }));
    }
    for (const who of ['admin', 'ops', 'rep', 'supervisor', 'manager', 'auditor', 'support']) {
      await expectDenied(() => c[who]!.post('/api/v1/commission-runs', { period: '2032-05', planId }));
      await expectDenied(() => c[who]!.get('/api/v1/commission-statements/export?period=2032-05'));
    }
  });

  it('only the person submits; only the approver of the step reviews', async () => {
    const a = (await c.rep!.get(`/api/v1/commission-statements/${ids.A}`)).json();
    for (const who of ['supervisor', 'finance', 'director', 'rep_sh1_2', 'rep2', 'auditor', 'admin']) {
      await expectDenied(() => c[who]!.post(`/api/v1/commission-statements/${ids.A}/submit`, { version: a.version }));
    }
    const submitted = await c.rep!.post(`/api/v1/commission-statements/${ids.A}/submit`, { version: a.version });
    expect(submitted.statusCode, submitted.body).toBe(200);
    const version = submitted.json().version;
    for (const who of ['rep', 'rep_sh1_2', 'manager2', 'auditor', 'admin', 'ops', 'support']) {
      await expectDenied(() => c[who]!.post(`/api/v1/commission-statements/${ids.A}/review`, { decision: 'approve', version }));
    }
    // Finance sees it (company-wide) but the step is the supervisor's.
    await expectDenied(
      () => c.finance!.post(`/api/v1/commission-statements/${ids.A}/review`, { decision: 'approve', version }),
      [403, 404, 409],
    );
    expect((await c.supervisor!.post(`/api/v1/commission-statements/${ids.A}/review`, { decision: 'approve', version })).statusCode).toBe(
      200,
    );
  });

  it('honours: proposing and confirming for managers (their unit) and the director; the leaderboard for everyone signed in but admin', async () => {
    for (const who of ['rep', 'supervisor', 'finance', 'auditor', 'ops', 'admin']) {
      await expectDenied(() => c[who]!.post('/api/v1/honours/propose', { period: '2032-Q2' }));
    }
    const proposed = (await c.director!.post('/api/v1/honours/propose', { period: '2032-Q2' })).json() as {
      id: string;
      userId: string;
      version: number;
      award: string;
    }[];
    const champion = proposed.find((h) => h.award === 'salesChampion')!;
    expect(champion.userId).toBe(t.ids.rep);
    for (const who of ['manager2', 'rep', 'supervisor', 'finance']) {
      await expectDenied(() => c[who]!.post(`/api/v1/honours/${champion.id}/confirm`, { version: champion.version }));
      await expectDenied(() => c[who]!.get(`/api/v1/honours/${champion.id}/certificate`));
    }
    await expectDenied(() => c.rep!.put('/api/v1/incentive-settings', { honourRules: [] }));
    expect((await c.manager!.post(`/api/v1/honours/${champion.id}/confirm`, { version: champion.version })).statusCode).toBe(200);
    for (const who of ['rep2', 'finance', 'auditor', 'support']) {
      expect((await c[who]!.get(`/api/v1/honours/${champion.id}/certificate`)).statusCode, who).toBe(200);
      expect((await c[who]!.get('/api/v1/leaderboard?period=2032-Q2')).statusCode, who).toBe(200);
      expect((await c[who]!.get('/api/v1/honours?period=2032-Q2')).statusCode, who).toBe(200);
      expect((await c[who]!.get('/api/v1/incentive-settings')).statusCode, who).toBe(200);
    }
    expect((await c.admin!.get('/api/v1/leaderboard?period=2032-Q2')).statusCode).toBe(403);
  });
});
