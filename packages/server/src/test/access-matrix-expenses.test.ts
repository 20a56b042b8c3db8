import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type Client, type TestApp } from './harness.js';
import { expectRefusedUnchanged } from './access-matrix-kit.js';
import { multipartFile } from './multipart.js';
import { approvedBudget, draftClaim, JPEG, unitOf } from '../modules/expenses/test-fixtures.js';

/**
 * R-SEC-1 access matrix: expenses (M7), every route. Its own file (and database) beside
 * access-matrix.test.ts, which names 'expenses' in MATRIX_SECTIONS. `rep` (team 上海一组) owns claim A;
 * `rep2` (深圳组, another region) owns claim B. A person sees their own claims, supervisors and
 * managers their unit's, finance, the director and the auditor everyone's. Every refusal leaves every
 * table unchanged.
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
let claimA = { id: '', version: 0, number: '' };
let claimB = { id: '', version: 0, number: '' };
let budgetId = '';
let team = '';

/** Refused, and no row of any table changed. */
const expectDenied = (attempt: () => Promise<{ statusCode: number; body?: string }>, statuses?: number[]) =>
  expectRefusedUnchanged(t, attempt, statuses);

beforeAll(async () => {
  t = await buildTestApp();
  for (const who of ROLES) c[who] = await t.loginAs(who);
  team = await unitOf(t, 'rep');
  budgetId = await approvedBudget(t, c.manager!, c.director!, {
    category: '差旅',
    orgUnitId: team,
    periodKind: 'year',
    periodStart: '2026-01-01',
    amountCents: 10_000_000,
  });
  claimA = await draftClaim(c.rep!, { category: '差旅', spentOn: '2026-02-02', amountCents: 10_000 });
  claimB = await draftClaim(c.rep2!, { category: '差旅', spentOn: '2026-02-02', amountCents: 10_000 });
});
afterAll(() => t.close());

const numbers = async (who: string, box: string) => {
  const response = await c[who]!.get(`/api/v1/expense-claims?box=${box}&pageSize=200`);
  if (response.statusCode !== 200) return response.statusCode;
  const items = response.json().items as { id: string }[];
  return [items.some((i) => i.id === claimA.id) ? 'A' : null, items.some((i) => i.id === claimB.id) ? 'B' : null].filter(Boolean);
};

describe('R-SEC-1 access matrix: expenses', () => {
  it('claims: own, the unit above, finance/director/auditor all; admin none', async () => {
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
    for (const who of ROLES) expect(await numbers(who, 'all'), who).toEqual(expected[who]);
    for (const who of ['rep_sh1_2', 'rep2', 'manager2', 'support', 'ops']) {
      expect((await c[who]!.get(`/api/v1/expense-claims/${claimA.id}`)).statusCode, who).toBe(404);
    }
    const fileId = (await c.rep!.get(`/api/v1/expense-claims/${claimA.id}`)).json().files[0].id;
    for (const who of ['rep_sh1_2', 'rep2', 'manager2', 'support']) {
      expect((await c[who]!.get(`/api/v1/expense-claim-files/${fileId}`)).statusCode, who).toBe(404);
    }
    expect((await c.finance!.get(`/api/v1/expense-claim-files/${fileId}`)).statusCode).toBe(200);
  });

  it('only the claimant edits, attaches, deletes files, submits and asks for over-budget approval', async () => {
    const a = (await c.rep!.get(`/api/v1/expense-claims/${claimA.id}`)).json();
    const body = { title: '改', version: a.version, lines: [{ category: '差旅', spentOn: '2026-02-02', amountCents: 1, purpose: 'x' }] };
    for (const who of ['supervisor', 'finance', 'director', 'rep_sh1_2', 'manager2', 'auditor', 'admin']) {
      await expectDenied(() => c[who]!.put(`/api/v1/expense-claims/${claimA.id}`, body));
      await expectDenied(() => c[who]!.post(`/api/v1/expense-claims/${claimA.id}/submit`, { version: a.version }));
      await expectDenied(() => c[who]!.post(`/api/v1/expense-claims/${claimA.id}/over-budget`, { reason: '理由理由', version: a.version }));
      await expectDenied(() =>
        c[who]!.request({ method: 'POST', url: `/api/v1/expense-claims/${claimA.id}/files`, ...multipartFile('i.jpg', JPEG) }),
      );
      await expectDenied(() => c[who]!.delete(`/api/v1/expense-claim-files/${a.files[0].id}`));
    }
    for (const who of ['auditor', 'admin']) {
      await expectDenied(() => c[who]!.post('/api/v1/expense-claims', { title: 'x', lines: body.lines }));
    }
  });

  it('review: the supervisor of the line, then finance; nobody else; pay: finance only', async () => {
    const submitted = await c.rep!.post(`/api/v1/expense-claims/${claimA.id}/submit`, {
      version: (await c.rep!.get(`/api/v1/expense-claims/${claimA.id}`)).json().version,
    });
    expect(submitted.statusCode, submitted.body).toBe(200);
    const version = submitted.json().version;
    for (const who of ['rep', 'rep_sh1_2', 'manager2', 'finance', 'auditor', 'admin', 'ops']) {
      await expectDenied(() => c[who]!.post(`/api/v1/expense-claims/${claimA.id}/review`, { decision: 'approve', version }));
    }
    expect((await c.supervisor!.post(`/api/v1/expense-claims/${claimA.id}/review`, { decision: 'approve', version })).statusCode).toBe(200);
    const next = (await c.finance!.get(`/api/v1/expense-claims/${claimA.id}`)).json().version;
    for (const who of ['supervisor', 'rep', 'manager', 'auditor']) {
      await expectDenied(() => c[who]!.post(`/api/v1/expense-claims/${claimA.id}/review`, { decision: 'approve', version: next }));
    }
    expect((await c.finance!.post(`/api/v1/expense-claims/${claimA.id}/review`, { decision: 'approve', version: next })).statusCode).toBe(
      200,
    );
    const approved = (await c.finance!.get(`/api/v1/expense-claims/${claimA.id}`)).json().version;
    for (const who of ['rep', 'supervisor', 'manager', 'director', 'auditor']) {
      await expectDenied(() =>
        c[who]!.post(`/api/v1/expense-claims/${claimA.id}/pay`, { paidOn: '2026-02-10', reference: 'R1', version: approved }),
      );
    }
  });

  it('budgets: director/finance all, a manager in the region; supervisors and reps neither read the grid nor write', async () => {
    const body = { category: '差旅', orgUnitId: team, periodKind: 'month', periodStart: '2027-01-01', amountCents: 100 };
    for (const who of ['rep', 'supervisor', 'auditor', 'admin', 'ops', 'manager2']) {
      await expectDenied(() => c[who]!.post('/api/v1/expense-budgets', body));
    }
    const budget = (await c.director!.get(`/api/v1/expense-budgets/${budgetId}`)).json();
    for (const who of ['rep', 'supervisor', 'auditor', 'manager2', 'ops']) {
      await expectDenied(() => c[who]!.patch(`/api/v1/expense-budgets/${budgetId}`, { amountCents: 5, version: budget.version }));
      await expectDenied(() => c[who]!.post(`/api/v1/expense-budgets/${budgetId}/submit`, { version: budget.version }));
    }
    for (const who of ['rep', 'ops', 'support', 'admin']) expect((await c[who]!.get('/api/v1/expense-budgets')).statusCode, who).toBe(403);
    expect((await c.manager2!.get(`/api/v1/expense-budgets/${budgetId}`)).statusCode).toBe(404);
    const seen = async (who: string) =>
      (await c[who]!.get('/api/v1/expense-budgets')).json().items.some((b: { id: string }) => b.id === budgetId);
    for (const who of ['director', 'finance', 'auditor', 'manager', 'supervisor']) expect(await seen(who), who).toBe(true);
    expect(await seen('manager2')).toBe(false);
  });

  it('analysis and export: finance, director, auditor all; manager and supervisor their unit; others refused', async () => {
    for (const who of ['rep', 'support', 'ops', 'admin']) {
      expect((await c[who]!.get('/api/v1/expense-analysis')).statusCode, who).toBe(403);
    }
    for (const who of ['rep', 'supervisor', 'auditor']) {
      await expectDenied(() => c[who]!.get('/api/v1/expense-analysis/export'), [403]);
    }
    expect((await c.manager!.get('/api/v1/expense-analysis/export')).statusCode).toBe(200);
  });

  it('settings: anyone signed in reads them; director, finance and admin change them', async () => {
    const current = (await c.rep!.get('/api/v1/expense-settings')).json();
    for (const who of ['rep', 'manager', 'supervisor', 'auditor'])
      await expectDenied(() => c[who]!.put('/api/v1/expense-settings', current));
    expect((await c.admin!.put('/api/v1/expense-settings', current)).statusCode).toBe(200);
  });
});
