import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Alert } from '@xiaoguan/shared';
import { buildTestApp, type Client, type TestApp } from './harness.js';
import { expectRefusedUnchanged } from './access-matrix-kit.js';
import { insertContract, insertCustomer } from '../modules/receivables/test-fixtures.js';
import { sweepAlerts } from '../modules/targets/index.js';

/**
 * R-SEC-1 access matrix: risk alerts (R-RSK-1), every route. Its own file (and database) beside
 * access-matrix.test.ts, which names 'alerts' in MATRIX_SECTIONS. Overdue installments of reps in
 * different teams and regions raise alerts; each role lists exactly its owners' alerts, handles only
 * those, only the director and admin set rules, and every refusal leaves every table unchanged.
 */
let t: TestApp;
const clients: Record<string, Client> = {};
const ROLES = [
  'admin',
  'director',
  'manager',
  'supervisor',
  'rep',
  'rep2',
  'key_account',
  'channel',
  'support',
  'ops',
  'finance',
  'auditor',
];
const RULE_BODY = { enabled: true, params: { days: 30 }, recipients: ['owner', 'manager', 'role:finance'], channels: ['inApp'] };

/** Refused, and no row of any table changed. */
const expectDenied = (attempt: () => Promise<{ statusCode: number; body?: string }>, statuses?: number[]) =>
  expectRefusedUnchanged(t, attempt, statuses);

const listOf = async (who: string) => {
  const response = await clients[who]!.get('/api/v1/alerts?status=all&pageSize=200');
  expect(response.statusCode, `${who} ${response.body}`).toBe(200);
  return response.json() as { items: Alert[]; total: number };
};

/** Owners of alerts a unit-scoped role may see: everyone under the role's org unit. */
async function ownersUnder(username: string): Promise<Set<string>> {
  const rows = await t.db.execute<{ id: string }>(sql`
    select u.id from users u join org_units o on o.id = u.org_unit_id
     where o.path like (select mo.path from users m join org_units mo on mo.id = m.org_unit_id where m.username = ${username}) || '%'`);
  return new Set(rows.rows.map((row) => row.id));
}

let repAlert: Alert;

beforeAll(async () => {
  t = await buildTestApp();
  for (const username of ROLES) clients[username] = await t.loginAs(username);
  for (const owner of ['rep', 'rep2', 'rep_hz_1', 'key_account']) {
    const customer = await insertCustomer(t.db, { ownerId: t.ids[owner]! });
    await insertContract(t.db, {
      customerId: customer.id,
      ownerId: t.ids[owner]!,
      installments: [{ dueOn: '2020-02-02', amountCents: 900_00 }],
    });
  }
  await sweepAlerts(t.db, new Date());
  repAlert = (await listOf('rep')).items.find((item) => item.ownerId === t.ids.rep)!;
});
afterAll(() => t.close());

describe('R-SEC-1 access matrix: alerts', () => {
  it('GET /alerts: the company, the unit’s owners, one’s own (support: the supported reps), or 403', async () => {
    const all = (await t.db.execute<{ n: number }>(sql`select count(*)::int as n from risk_alerts`)).rows[0]!.n;
    expect(all).toBeGreaterThanOrEqual(4);
    for (const who of ['director', 'ops', 'finance', 'auditor']) expect((await listOf(who)).total, who).toBe(all);
    for (const who of ['rep', 'rep2', 'key_account', 'channel']) {
      const list = await listOf(who);
      expect(
        list.items.every((item) => item.ownerId === t.ids[who]),
        who,
      ).toBe(true);
    }
    expect((await listOf('rep')).total).toBeGreaterThanOrEqual(1);
    for (const who of ['manager', 'supervisor']) {
      const under = await ownersUnder(who);
      const list = await listOf(who);
      expect(
        list.items.every((item) => item.ownerId !== null && under.has(item.ownerId)),
        who,
      ).toBe(true);
      expect(
        list.items.some((item) => item.ownerId === t.ids.rep),
        who,
      ).toBe(true);
      expect(
        list.items.some((item) => item.ownerId === t.ids.rep2),
        who,
      ).toBe(false);
    }
    const supported = await t.db.execute<{ id: string }>(
      sql`select rep_user_id as id from support_assignments where support_user_id = ${t.ids.support} union select ${t.ids.support}::uuid`,
    );
    const supportOwners = new Set(supported.rows.map((row) => row.id));
    expect((await listOf('support')).items.every((item) => item.ownerId !== null && supportOwners.has(item.ownerId))).toBe(true);
    expect((await clients.admin!.get('/api/v1/alerts')).statusCode).toBe(403);
  });

  it('GET /alerts/:id: in scope 200, out of scope 404', async () => {
    for (const who of ['director', 'manager', 'supervisor', 'rep', 'finance', 'auditor', 'ops'])
      expect((await clients[who]!.get(`/api/v1/alerts/${repAlert.id}`)).statusCode, who).toBe(200);
    for (const who of ['rep2', 'key_account', 'channel'])
      expect((await clients[who]!.get(`/api/v1/alerts/${repAlert.id}`)).statusCode, who).toBe(404);
    expect((await clients.admin!.get(`/api/v1/alerts/${repAlert.id}`)).statusCode).toBe(403);
  });

  it('POST /alerts/:id/acknowledge and /resolve: only roles that handle, only in scope; refusals change nothing', async () => {
    for (const who of ['admin', 'auditor', 'ops', 'support'])
      await expectDenied(() => clients[who]!.post(`/api/v1/alerts/${repAlert.id}/acknowledge`, { version: repAlert.version }), [403]);
    for (const who of ['rep2', 'key_account', 'channel']) {
      await expectDenied(() => clients[who]!.post(`/api/v1/alerts/${repAlert.id}/acknowledge`, { version: repAlert.version }), [404]);
      await expectDenied(
        () => clients[who]!.post(`/api/v1/alerts/${repAlert.id}/resolve`, { version: repAlert.version, comment: 'x' }),
        [404],
      );
    }
    const acked = await clients.manager!.post(`/api/v1/alerts/${repAlert.id}/acknowledge`, { version: repAlert.version });
    expect(acked.statusCode, acked.body).toBe(200);
    const resolved = await clients.finance!.post(`/api/v1/alerts/${repAlert.id}/resolve`, {
      version: repAlert.version + 1,
      comment: '已催收',
    });
    expect(resolved.statusCode, resolved.body).toBe(200);
  });

  it('GET /alerts/rules: everyone who reads alerts and admin; PUT /alerts/rules/:key: the director and admin only', async () => {
    for (const who of ROLES) {
      const response = await clients[who]!.get('/api/v1/alerts/rules');
      expect(response.statusCode, who).toBe(200);
      expect(response.json().canConfigure, who).toBe(who === 'director' || who === 'admin');
    }
    for (const who of ROLES.filter((role) => role !== 'director' && role !== 'admin'))
      await expectDenied(() => clients[who]!.put('/api/v1/alerts/rules/receivables.overdue', RULE_BODY), [403]);
    for (const who of ['director', 'admin'])
      expect((await clients[who]!.put('/api/v1/alerts/rules/receivables.overdue', RULE_BODY)).statusCode, who).toBe(200);
  });
});
