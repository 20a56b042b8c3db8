import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type Client, type TestApp } from './harness.js';
import { MATRIX_ROLES, expectRefusedUnchanged } from './access-matrix-kit.js';
import { deliverDueReports } from '../modules/reports/reports.delivery.js';

/**
 * R-SEC-1 access matrix: sales reports (issue 18 item 4), every route. Its own file (and database)
 * beside access-matrix.test.ts, which names 'reports' in MATRIX_SECTIONS. A report is the caller's
 * record access; subscriptions and archived deliveries belong to their user alone.
 */
let t: TestApp;
const clients: Record<string, Client> = {};
const ROLES = MATRIX_ROLES;
const NO_REPORTS = ['admin', 'support'];
const QUERY = 'period=monthly&date=2031-05-10';

const expectDenied = (attempt: () => Promise<{ statusCode: number; body?: string }>, statuses?: number[]) =>
  expectRefusedUnchanged(t, attempt, statuses);

beforeAll(async () => {
  t = await buildTestApp();
  for (const username of ROLES) clients[username] = await t.loginAs(username);
});
afterAll(() => t.close());

describe('R-SEC-1 access matrix: reports', () => {
  it('GET /reports/sales: the company, the unit or oneself, by record access; admin and support have none', async () => {
    for (const who of ROLES) {
      const response = await clients[who]!.get(`/api/v1/reports/sales?${QUERY}`);
      if (NO_REPORTS.includes(who)) {
        expect(response.statusCode, who).toBe(403);
        continue;
      }
      expect(response.statusCode, `${who} ${response.body}`).toBe(200);
      const kind = response.json().scope.kind;
      if (['director', 'ops', 'finance', 'auditor'].includes(who)) expect(kind, who).toBe('company');
      else if (['manager', 'manager2', 'supervisor'].includes(who)) expect(kind, who).toBe('unit');
      else expect(kind, who).toBe('self');
    }
  }, 120_000);

  it('GET /reports/sales with a unit outside the scope: 403, nothing written', async () => {
    const director = (await clients.director!.get(`/api/v1/reports/sales?${QUERY}`)).json();
    const manager = (await clients.manager!.get(`/api/v1/reports/sales?${QUERY}`)).json();
    const outside = director.units.find((unit: { id: string }) => !manager.units.some((own: { id: string }) => own.id === unit.id));
    await expectDenied(() => clients.manager!.get(`/api/v1/reports/sales?${QUERY}&unitId=${outside.id}`), [403]);
    await expectDenied(() => clients.rep!.get(`/api/v1/reports/sales?${QUERY}&unitId=${outside.id}`), [403]);
  });

  it('GET /reports/sales/export: whoever may read the report (audited); admin and support refused, nothing written', async () => {
    for (const who of ROLES) {
      const url = `/api/v1/reports/sales/export?${QUERY}&format=xlsx`;
      if (NO_REPORTS.includes(who)) await expectDenied(() => clients[who]!.get(url), [403]);
      else expect((await clients[who]!.get(url)).statusCode, who).toBe(200);
    }
  }, 120_000);

  it('subscriptions: the reading roles but the auditor subscribe; each sees and deletes only their own', async () => {
    const created: Record<string, string> = {};
    for (const who of ROLES) {
      const attempt = () => clients[who]!.post('/api/v1/reports/subscriptions', { period: 'weekly', channels: ['email'] });
      if ([...NO_REPORTS, 'auditor'].includes(who)) {
        await expectDenied(attempt, [403]);
        continue;
      }
      const response = await attempt();
      expect(response.statusCode, `${who} ${response.body}`).toBe(201);
      created[who] = response.json().id;
    }
    for (const who of ROLES) {
      const list = await clients[who]!.get('/api/v1/reports/subscriptions');
      if (NO_REPORTS.includes(who)) {
        expect(list.statusCode, who).toBe(403);
        continue;
      }
      expect(
        list.json().items.map((item: { id: string }) => item.id),
        who,
      ).toEqual(created[who] ? [created[who]] : []);
    }
    await expectDenied(() => clients.director!.delete(`/api/v1/reports/subscriptions/${created.rep}`), [404]);
    await expectDenied(() => clients.admin!.delete(`/api/v1/reports/subscriptions/${created.rep}`), [403]);
    expect((await clients.rep!.delete(`/api/v1/reports/subscriptions/${created.rep}`)).statusCode).toBe(204);
  });

  it('the archive and its files: only the subscriber’s own; another user’s entry is 404', async () => {
    await deliverDueReports(t.db, new Date('2031-06-03T02:00:00Z'));
    const mine = (await clients.manager!.get('/api/v1/reports/archive')).json().items as { id: string }[];
    expect(mine.length).toBe(1);
    for (const who of ROLES) {
      const list = await clients[who]!.get('/api/v1/reports/archive');
      if (NO_REPORTS.includes(who)) {
        expect(list.statusCode, who).toBe(403);
        continue;
      }
      const ids = list.json().items.map((item: { id: string }) => item.id);
      if (who !== 'manager') expect(ids, who).not.toContain(mine[0]!.id);
      const file = `/api/v1/reports/archive/${mine[0]!.id}/xlsx`;
      if (who === 'manager') expect((await clients[who]!.get(file)).statusCode).toBe(200);
      else await expectDenied(() => clients[who]!.get(file), [403, 404]);
    }
  }, 120_000);
});
