import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Alert } from '@xiaoguan/shared';
import { buildTestApp, type Client, type TestApp } from '../../test/harness.js';
import { alertRules } from '../../platform/alerts/index.js';
import { targetAtRisk } from './alerts.rules.js';
import { sweepAlerts } from './alerts.service.js';

/**
 * Risk alerts (issue 18 item 5, R-RSK-1): rules contributed by the modules' manifests, raised once
 * by the sweep, told to the rule's recipients, read in the owner's scope, acknowledged and resolved.
 */
describe('R-RSK-1 rule boundaries (pure)', () => {
  it('R-RSK-1 targetAtRisk: run rate below P % of target with at most M days left', () => {
    expect(targetAtRisk({ projection: 79, target: 100, remainingDays: 10 }, 80, 10)).toBe(true);
    expect(targetAtRisk({ projection: 80, target: 100, remainingDays: 10 }, 80, 10)).toBe(false);
    expect(targetAtRisk({ projection: 10, target: 100, remainingDays: 11 }, 80, 10)).toBe(false);
    expect(targetAtRisk({ projection: 0, target: 0, remainingDays: 0 }, 80, 10)).toBe(false);
  });

  it('R-RSK-1 the registry holds the rules the modules declare in their manifests', () => {
    // buildTestApp (beforeAll below) registered the module list.
    expect(alertRules().map((rule) => rule.key)).toEqual(
      expect.arrayContaining(['receivables.overdue', 'quotes.discountCluster', 'targets.atRisk']),
    );
  });
});

let t: TestApp;
const c: Record<string, Client> = {};
const WHO = ['director', 'manager', 'supervisor', 'rep', 'rep2', 'finance', 'auditor', 'admin'];

beforeAll(async () => {
  t = await buildTestApp();
  for (const who of WHO) c[who] = await t.loginAs(who);
});
afterAll(() => t.close());

const alertsOf = async (who: string, query = 'status=all&pageSize=200') => {
  const response = await c[who]!.get(`/api/v1/alerts?${query}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as { items: Alert[]; total: number };
};
const countOf = async (rule: string, subjectKey: string) =>
  (
    await t.db.execute<{ n: number }>(
      sql`select count(*)::int as n from risk_alerts where rule_key = ${rule} and subject_key = ${subjectKey}`,
    )
  ).rows[0]!.n;
/** Rows written directly (tests may; the rules read their own modules' tables). */
async function insertCustomer(db: TestApp['db'], input: { ownerId: string }) {
  const name = `预警测试客户${crypto.randomBytes(4).toString('hex')}`;
  const result = await db.execute<{ id: string }>(sql`
    insert into customers (kind, name, name_key, owner_id, team_id, assigned_at, status)
    select 'organization', ${name}, ${name}, u.id, u.org_unit_id, now(), 'signed' from users u where u.id = ${input.ownerId}
    returning id`);
  return result.rows[0]!;
}

async function insertContract(
  db: TestApp['db'],
  input: { customerId: string; ownerId: string; installments: { dueOn: string; amountCents: number }[] },
) {
  const number = `HT-T-${crypto.randomBytes(5).toString('hex').toUpperCase()}`;
  const amount = input.installments.reduce((sum, i) => sum + i.amountCents, 0);
  const contract = await db.execute<{ id: string }>(sql`
    insert into contracts (number, title, customer_id, owner_id, team_id, amount_cents, status, signed_on)
    select ${number}, ${number}, ${input.customerId}, u.id, u.org_unit_id, ${amount}, 'signed', current_date from users u where u.id = ${input.ownerId}
    returning id`);
  const id = contract.rows[0]!.id;
  const installmentIds: string[] = [];
  for (const [index, installment] of input.installments.entries()) {
    const row = await db.execute<{ id: string }>(sql`
      insert into payment_installments (contract_id, customer_id, owner_id, seq, due_on, amount_cents)
      values (${id}, ${input.customerId}, ${input.ownerId}, ${index + 1}, ${installment.dueOn}, ${installment.amountCents})
      returning id`);
    installmentIds.push(row.rows[0]!.id);
  }
  return { id, installmentIds };
}

const notificationsFor = async (userId: string, link: string) =>
  (await t.db.execute<{ n: number }>(sql`select count(*)::int as n from notifications where user_id = ${userId} and link = ${link}`))
    .rows[0]!.n;

async function insertQuote(ownerId: string, customerId: string, discountCents: number) {
  const number = `BJ-T-${crypto.randomBytes(5).toString('hex').toUpperCase()}`;
  await t.db.execute(sql`
    insert into quotes (number, title, customer_id, owner_id, team_id, status, subtotal_cents, total_cents, discount_cents, discount_bp)
    select ${number}, ${number}, ${customerId}, u.id, u.org_unit_id, 'sent', 100000000, ${100_000_000 - discountCents}, ${discountCents}, ${Math.round(discountCents / 10_000)}
      from users u where u.id = ${ownerId}`);
}

describe('R-RSK-1 receivables.overdue', () => {
  it('R-RSK-1 an installment owed past N days raises one alert, told to owner, manager and finance, in the owner’s scope only', async () => {
    const customer = await insertCustomer(t.db, { ownerId: t.ids.rep! });
    const contract = await insertContract(t.db, {
      customerId: customer.id,
      ownerId: t.ids.rep!,
      installments: [
        { dueOn: '2020-01-10', amountCents: 12_345_00 },
        { dueOn: '2999-01-01', amountCents: 1_00 },
      ],
    });
    const subject = `installment:${contract.installmentIds[0]}`;
    await sweepAlerts(t.db, new Date());
    expect(await countOf('receivables.overdue', subject)).toBe(1);
    expect(await countOf('receivables.overdue', `installment:${contract.installmentIds[1]}`)).toBe(0);
    // A second sweep (or a second process) raises nothing new.
    const again = await sweepAlerts(t.db, new Date());
    expect(await countOf('receivables.overdue', subject)).toBe(1);
    expect(again.failed).toEqual([]);

    const repAlerts = await alertsOf('rep');
    const alert = repAlerts.items.find((item) => item.subjectKey === subject)!;
    expect(alert).toMatchObject({ ruleKey: 'receivables.overdue', status: 'open', severity: 'critical', ownerId: t.ids.rep });
    expect(alert.evidence.outstandingCents).toBe(12_345_00);
    expect(alert.link).toBe(`/contracts/${contract.id}`);
    expect(alert.summaryMessage.key).toBe('receivables.alertRules.overdue.summary');
    for (const who of ['rep', 'supervisor', 'finance']) expect(await notificationsFor(t.ids[who]!, `/alerts?id=${alert.id}`), who).toBe(1);
    expect(await notificationsFor(t.ids.rep2!, `/alerts?id=${alert.id}`)).toBe(0);
    for (const who of ['manager', 'director', 'auditor', 'finance'])
      expect(
        (await alertsOf(who)).items.some((item) => item.id === alert.id),
        who,
      ).toBe(true);
    expect((await alertsOf('rep2')).items.some((item) => item.id === alert.id)).toBe(false);
    expect((await c.rep2!.get(`/api/v1/alerts/${alert.id}`)).statusCode).toBe(404);
  });

  it('R-RSK-1 acknowledge then resolve with a comment; a stale version is 409; a resolved subject is not raised again', async () => {
    const customer = await insertCustomer(t.db, { ownerId: t.ids.rep! });
    const contract = await insertContract(t.db, {
      customerId: customer.id,
      ownerId: t.ids.rep!,
      installments: [{ dueOn: '2021-05-01', amountCents: 500_00 }],
    });
    await sweepAlerts(t.db, new Date());
    const alert = (await alertsOf('rep')).items.find((item) => item.subjectKey === `installment:${contract.installmentIds[0]}`)!;
    expect(alert.abilities).toEqual({ acknowledge: true, resolve: true });
    expect((await c.rep2!.post(`/api/v1/alerts/${alert.id}/acknowledge`, { version: alert.version })).statusCode).toBe(404);
    expect((await c.auditor!.post(`/api/v1/alerts/${alert.id}/acknowledge`, { version: alert.version })).statusCode).toBe(403);
    const acked = await c.rep!.post(`/api/v1/alerts/${alert.id}/acknowledge`, { version: alert.version, comment: '已联系客户' });
    expect(acked.statusCode, acked.body).toBe(200);
    expect(acked.json()).toMatchObject({ status: 'acknowledged', comment: '已联系客户', version: alert.version + 1 });
    expect((await c.rep!.post(`/api/v1/alerts/${alert.id}/resolve`, { version: alert.version, comment: 'x' })).statusCode).toBe(409);
    const noComment = await c.supervisor!.post(`/api/v1/alerts/${alert.id}/resolve`, { version: alert.version + 1 });
    expect(noComment.statusCode).toBe(400);
    expect(noComment.json().error.field).toBe('body.comment');
    const resolved = await c.supervisor!.post(`/api/v1/alerts/${alert.id}/resolve`, { version: alert.version + 1, comment: '已回款计划' });
    expect(resolved.statusCode, resolved.body).toBe(200);
    expect(resolved.json()).toMatchObject({ status: 'resolved', abilities: { acknowledge: false, resolve: false } });
    await sweepAlerts(t.db, new Date());
    expect(await countOf('receivables.overdue', `installment:${contract.installmentIds[0]}`)).toBe(1);
    const audit = await t.db.execute<{ n: number }>(
      sql`select count(*)::int as n from audit_log where entity = 'risk_alert' and entity_id = ${alert.id}`,
    );
    expect(audit.rows[0]!.n).toBe(2);
    expect((await alertsOf('rep', 'status=active&pageSize=200')).items.some((item) => item.id === alert.id)).toBe(false);
  });

  it('R-RSK-1 the threshold is the director’s setting: past it nothing, unknown parameters are 400, others may not set it', async () => {
    const customer = await insertCustomer(t.db, { ownerId: t.ids.rep2! });
    const due = new Date(Date.now() - 40 * 86_400_000).toISOString().slice(0, 10);
    const contract = await insertContract(t.db, {
      customerId: customer.id,
      ownerId: t.ids.rep2!,
      installments: [{ dueOn: due, amountCents: 800_00 }],
    });
    const body = { enabled: true, params: { days: 60 }, recipients: ['owner'], channels: ['inApp'] };
    expect((await c.rep!.put('/api/v1/alerts/rules/receivables.overdue', body)).statusCode).toBe(403);
    const bad = await c.director!.put('/api/v1/alerts/rules/receivables.overdue', { ...body, params: { weeks: 2 } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe('body.params.weeks');
    expect((await c.director!.put('/api/v1/alerts/rules/nothing.here', body)).statusCode).toBe(404);
    expect((await c.director!.put('/api/v1/alerts/rules/receivables.overdue', body)).statusCode).toBe(200);
    await sweepAlerts(t.db, new Date());
    expect(await countOf('receivables.overdue', `installment:${contract.installmentIds[0]}`)).toBe(0);
    const rules = (await c.director!.get('/api/v1/alerts/rules')).json();
    expect(rules.items.find((rule: { key: string }) => rule.key === 'receivables.overdue').params).toEqual({ days: 60 });
    expect((await c.admin!.put('/api/v1/alerts/rules/receivables.overdue', { ...body, params: { days: 30 } })).statusCode).toBe(200);
    await sweepAlerts(t.db, new Date());
    expect(await countOf('receivables.overdue', `installment:${contract.installmentIds[0]}`)).toBe(1);
  });
});

describe('R-RSK-1 quotes.discountCluster', () => {
  it('R-RSK-1 more than K quotes by one rep just under an approval limit in a month raise one alert for the rep', async () => {
    const customer = await insertCustomer(t.db, { ownerId: t.ids.rep2! });
    const monthLabel = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' })
      .format(new Date())
      .slice(0, 7);
    const subject = `${t.ids.rep2}:${monthLabel}`;
    // Just under the ¥50,000 limit of the demo matrix; one above it and one far below do not count.
    for (const cents of [4_800_000, 4_990_000, 4_760_000, 5_000_000, 1_000_000]) await insertQuote(t.ids.rep2!, customer.id, cents);
    await sweepAlerts(t.db, new Date());
    expect(await countOf('quotes.discountCluster', subject)).toBe(0);
    await insertQuote(t.ids.rep2!, customer.id, 4_999_999);
    await sweepAlerts(t.db, new Date());
    await sweepAlerts(t.db, new Date());
    expect(await countOf('quotes.discountCluster', subject)).toBe(1);
    const alert = (await alertsOf('director')).items.find((item) => item.subjectKey === subject)!;
    expect(alert.evidence).toMatchObject({ quotes: 4, thresholdCount: 3 });
    expect(alert.link).toBe(`/quotes?ownerId=${t.ids.rep2}`);
    expect(await notificationsFor(t.ids.director!, `/alerts?id=${alert.id}`)).toBe(1);
    expect((await alertsOf('rep')).items.some((item) => item.id === alert.id)).toBe(false);
  });
});

describe('R-RSK-1 targets.atRisk', () => {
  it('R-RSK-1 near the month’s end, a person whose run rate is under P % of the month’s target gets one alert', async () => {
    const today = new Date();
    const year = Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(today));
    const month = Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', month: 'numeric' }).format(today));
    // Noon, company time, three days before the month's last day.
    const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
    const late = new Date(Date.UTC(year, month - 1, lastDay - 3, 4));
    const plan = await t.ownerDb.execute<{ id: string }>(sql`
      insert into target_plans (year, metric, version, is_current)
      values (${year}, 'bookings', coalesce((select max(version) from target_plans where year = ${year} and metric = 'bookings'), 0) + 1, false)
      returning id`);
    const planId = plan.rows[0]!.id;
    const months = Array.from({ length: 12 }, (_, m) => (m === month - 1 ? 999_999_999_00 : 0));
    await t.ownerDb.execute(sql`
      insert into target_values (plan_id, node_id, node_kind, parent_id, months)
      values (${planId}, ${t.ids.rep}, 'user', null, ${`{${months.join(',')}}`}::bigint[])`);
    await t.ownerDb.execute(sql`update target_plans set is_current = (id = ${planId}) where year = ${year} and metric = 'bookings'`);
    const subject = `${t.ids.rep}:bookings:${year}-${String(month).padStart(2, '0')}`;
    await sweepAlerts(t.db, new Date(Date.UTC(year, month - 1, 1, 4)));
    expect(await countOf('targets.atRisk', subject), 'too early in the month').toBe(0);
    await sweepAlerts(t.db, late);
    await sweepAlerts(t.db, late);
    expect(await countOf('targets.atRisk', subject)).toBe(1);
    const alert = (await alertsOf('rep')).items.find((item) => item.subjectKey === subject)!;
    expect(alert).toMatchObject({ severity: 'critical', ownerId: t.ids.rep });
    expect(alert.evidence).toMatchObject({ targetCents: 999_999_999_00, remainingDays: 3 });
    expect(await countOf('targets.atRisk', `${t.ids.rep2}:bookings:${year}-${String(month).padStart(2, '0')}`)).toBe(0);
  });
});

describe('R-RSK-1 the cockpit card', () => {
  it('the cockpit’s alert count is the inbox total behind its link, per role', async () => {
    for (const who of ['director', 'manager', 'rep', 'rep2', 'finance']) {
      const cockpit = (await c[who]!.get('/api/v1/cockpit')).json();
      const inbox = await alertsOf(who, 'status=active&pageSize=1');
      expect(cockpit.alerts, who).toMatchObject({ count: inbox.total, link: { page: '/alerts' } });
    }
    expect((await c.admin!.get('/api/v1/cockpit')).json().alerts).toBeNull();
  });
});
