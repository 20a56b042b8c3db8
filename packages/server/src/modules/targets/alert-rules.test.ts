import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sql } from 'drizzle-orm';
import { buildTestApp, type Client, type TestApp } from '../../test/harness.js';
import { alertRules } from '../../platform/alerts/index.js';
import {
  createDingtalkSender,
  createLogSender,
  createWecomSender,
  deliverDueMessages,
  dingtalkSign,
} from '../../platform/notifications/senders/index.js';
import { sweepAlerts } from './alerts.service.js';

/**
 * R-RSK-1, the rules the other modules declare in their manifests (issue 18 item 5): churn risk,
 * bookings drop, credit, budget overrun, stalled opportunities — each on hand-built rows, raised
 * once by the sweep in its owner's scope with its evidence; and the group-robot channels.
 */
// Each sweep runs every rule over the whole demo company: slow on a busy machine.
vi.setConfig({ testTimeout: 120_000 });

let t: TestApp;
const c: Record<string, Client> = {};

beforeAll(async () => {
  t = await buildTestApp();
  for (const who of ['director', 'manager', 'supervisor', 'rep', 'rep2', 'finance']) c[who] = await t.loginAs(who);
});
afterAll(() => t.close());

/** Rows written directly (tests may; the rules read their own modules' tables). */
async function insertCustomer(db: TestApp['db'], input: { ownerId: string; name?: string; creditLimitCents?: number | null }) {
  const name = input.name ?? `预警规则客户${crypto.randomBytes(4).toString('hex')}`;
  const result = await db.execute<{ id: string }>(sql`
    insert into customers (kind, name, name_key, owner_id, team_id, assigned_at, credit_limit_cents, status)
    select 'organization', ${name}, ${name}, u.id, u.org_unit_id, now(), ${input.creditLimitCents ?? null}, 'signed' from users u where u.id = ${input.ownerId}
    returning id`);
  return { id: result.rows[0]!.id, name };
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
  for (const [index, installment] of input.installments.entries()) {
    await db.execute(sql`
      insert into payment_installments (contract_id, customer_id, owner_id, seq, due_on, amount_cents)
      values (${id}, ${input.customerId}, ${input.ownerId}, ${index + 1}, ${installment.dueOn}, ${installment.amountCents})`);
  }
  return { id };
}

async function insertCreditOverride(
  db: TestApp['db'],
  input: { customerId: string; requestedById: string; amountCents: number; status: 'pending' },
): Promise<string> {
  const result = await db.execute<{ id: string }>(sql`
    insert into credit_overrides (customer_id, amount_cents, outstanding_cents, limit_cents, reason, status, requested_by_id)
    values (${input.customerId}, ${input.amountCents}, 0, 0, 'test', ${input.status}, ${input.requestedById})
    returning id`);
  return result.rows[0]!.id;
}

type AlertRow = {
  id: string;
  subject_key: string;
  owner_id: string | null;
  severity: string;
  link: string;
  evidence: Record<string, unknown>;
};
const alertsOf = async (rule: string, subjectLike: string) =>
  (
    await t.db.execute<AlertRow>(
      sql`select id, subject_key, owner_id, severity, link, evidence from risk_alerts where rule_key = ${rule} and subject_key like ${subjectLike} order by subject_key`,
    )
  ).rows;
const daysAgo = (now: Date, days: number) => new Date(now.getTime() - days * 86_400_000);
const notified = async (userId: string, alertId: string) =>
  (
    await t.db.execute<{ n: number }>(
      sql`select count(*)::int as n from notifications where user_id = ${userId} and link = ${`/alerts?id=${alertId}`}`,
    )
  ).rows[0]!.n;

it('R-RSK-1 every module’s rule is in the registry, declared by its own manifest', () => {
  expect(alertRules().map((rule) => rule.key)).toEqual(
    expect.arrayContaining([
      'customers.churnRisk',
      'contracts.bookingsDrop',
      'receivables.credit',
      'expenses.budgetOverrun',
      'opportunities.stalled',
    ]),
  );
});

describe('R-RSK-1 customers.churnRisk', () => {
  it('R-RSK-1 a repeat buyer silent past N days and a customer just turned dormant raise one alert each; others none', async () => {
    const now = new Date();
    const orders = async (customerId: string, days: number[]) => {
      for (const d of days)
        await t.db.execute(sql`insert into customer_orders (customer_id, ordered_at, amount_cents, source, source_id)
                               values (${customerId}, ${daysAgo(now, d)}, 100000, 'test', ${crypto.randomUUID()})`);
    };
    const silent = await insertCustomer(t.db, { ownerId: t.ids.rep! });
    // Inside the default week of catch-up (withinDays 7): 95 days silent (threshold 90), dormant for 5 days.
    await orders(silent.id, [300, 200, 95]);
    const twoOrders = await insertCustomer(t.db, { ownerId: t.ids.rep! });
    await orders(twoOrders.id, [200, 95]);
    const recent = await insertCustomer(t.db, { ownerId: t.ids.rep! });
    await orders(recent.id, [300, 200, 60]);
    const dormant = await insertCustomer(t.db, { ownerId: t.ids.rep2! });
    await orders(dormant.id, [370]);
    const longDormant = await insertCustomer(t.db, { ownerId: t.ids.rep2! });
    await orders(longDormant.id, [500]);

    await sweepAlerts(t.db, now);
    await sweepAlerts(t.db, now);
    const [silentAlert] = await alertsOf('customers.churnRisk', `customer:${silent.id}:%`);
    expect(silentAlert).toMatchObject({ owner_id: t.ids.rep, severity: 'warning', link: `/customers/${silent.id}` });
    expect(silentAlert!.evidence).toMatchObject({ risk: 'silent', orders: 3, daysSinceLastOrder: 95, thresholdDays: 90 });
    expect(await alertsOf('customers.churnRisk', `customer:${silent.id}:%`)).toHaveLength(1);
    const [dormantAlert] = await alertsOf('customers.churnRisk', `customer:${dormant.id}:%`);
    expect(dormantAlert).toMatchObject({ owner_id: t.ids.rep2, severity: 'critical' });
    expect(dormantAlert!.evidence).toMatchObject({ risk: 'dormant', daysSinceLastOrder: 370 });
    for (const quiet of [twoOrders, recent, longDormant])
      expect(await alertsOf('customers.churnRisk', `customer:${quiet.id}:%`)).toEqual([]);
    // Told to the owner and the owner's manager (the defaults), not to others.
    expect(await notified(t.ids.rep!, silentAlert!.id)).toBe(1);
    expect(await notified(t.ids.supervisor!, silentAlert!.id)).toBe(1);
    expect(await notified(t.ids.rep2!, silentAlert!.id)).toBe(0);

    // The director's threshold: 120 days of silence; a new silent customer at 100 days raises nothing.
    const body = {
      enabled: true,
      params: { days: 120, repeatOrders: 3, withinDays: 30 },
      recipients: ['owner'],
      channels: ['inApp'],
    };
    expect((await c.director!.put('/api/v1/alerts/rules/customers.churnRisk', body)).statusCode).toBe(200);
    const later = await insertCustomer(t.db, { ownerId: t.ids.rep! });
    await orders(later.id, [300, 200, 100]);
    await sweepAlerts(t.db, now);
    expect(await alertsOf('customers.churnRisk', `customer:${later.id}:%`)).toEqual([]);
  });
});

describe('R-RSK-1 contracts.bookingsDrop', () => {
  it('R-RSK-1 last week more than X % under the trailing 4-week average raises one alert for the rep and one for the region', async () => {
    // Wednesday 2031-03-12 (company time): last week is 03-03..03-09, the trailing weeks start 02-03 … 02-24.
    const now = new Date('2031-03-12T04:00:00Z');
    const sign = async (ownerId: string, signedOn: string, amountCents: number) => {
      const customer = await insertCustomer(t.db, { ownerId });
      const contract = await insertContract(t.db, {
        customerId: customer.id,
        ownerId,
        installments: [{ dueOn: '2031-12-31', amountCents }],
      });
      await t.db.execute(sql`update contracts set signed_on = ${signedOn} where id = ${contract.id}`);
    };
    for (const week of ['2031-02-03', '2031-02-10', '2031-02-17', '2031-02-24']) {
      await sign(t.ids.rep!, week, 100_000_00);
      await sign(t.ids.rep2!, week, 100_000_00);
    }
    await sign(t.ids.rep!, '2031-03-05', 50_000_00); // −50 %: past 30 %
    await sign(t.ids.rep2!, '2031-03-09', 80_000_00); // −20 %: within 30 %
    await sweepAlerts(t.db, now);
    await sweepAlerts(t.db, now);
    const [repAlert, ...more] = await alertsOf('contracts.bookingsDrop', `rep:${t.ids.rep}:2031-03-03`);
    expect(more).toEqual([]);
    expect(repAlert).toMatchObject({
      owner_id: t.ids.rep,
      link: `/contracts?signedFrom=2031-03-03&signedTo=2031-03-09&ownerId=${t.ids.rep}`,
    });
    expect(repAlert!.evidence).toMatchObject({ lastWeekCents: 50_000_00, averageCents: 100_000_00, dropPct: 50, thresholdPct: 30 });
    expect(await alertsOf('contracts.bookingsDrop', `rep:${t.ids.rep2}:%`)).toEqual([]);
    const regions = await t.db.execute<{ id: string; username: string }>(sql`
      select r.id, u.username from users u join org_units ou on ou.id = u.org_unit_id
        join org_units r on r.kind = 'region' and ou.path like r.path || '%' where u.username in ('rep', 'rep2')`);
    const regionOf = (username: string) => regions.rows.find((row) => row.username === username)!.id;
    const [regionAlert] = await alertsOf('contracts.bookingsDrop', `region:${regionOf('rep')}:2031-03-03`);
    // The region's alert is its manager's (rep's region is `manager`'s).
    expect(regionAlert).toMatchObject({ owner_id: t.ids.manager });
    expect(await alertsOf('contracts.bookingsDrop', `region:${regionOf('rep2')}:%`)).toEqual([]);
    // In scope: the manager of the region sees it, the other region's rep does not.
    expect((await c.manager!.get(`/api/v1/alerts/${regionAlert!.id}`)).statusCode).toBe(200);
    expect((await c.rep2!.get(`/api/v1/alerts/${regionAlert!.id}`)).statusCode).toBe(404);
  });
});

describe('R-RSK-1 receivables.credit', () => {
  it('R-RSK-1 a balance over the credit limit and an override pending past N days raise one alert each', async () => {
    const now = new Date();
    const over = await insertCustomer(t.db, { ownerId: t.ids.rep!, creditLimitCents: 1_000_00 });
    await insertContract(t.db, {
      customerId: over.id,
      ownerId: t.ids.rep!,
      installments: [{ dueOn: '2099-01-01', amountCents: 1_000_01 }],
    });
    const atLimit = await insertCustomer(t.db, { ownerId: t.ids.rep!, creditLimitCents: 1_000_00 });
    await insertContract(t.db, {
      customerId: atLimit.id,
      ownerId: t.ids.rep!,
      installments: [{ dueOn: '2099-01-01', amountCents: 1_000_00 }],
    });
    const waiting = await insertCustomer(t.db, { ownerId: t.ids.rep2!, creditLimitCents: 10_000_00 });
    const oldOverride = await insertCreditOverride(t.db, {
      customerId: waiting.id,
      requestedById: t.ids.rep2!,
      amountCents: 500_00,
      status: 'pending',
    });
    await t.db.execute(sql`update credit_overrides set created_at = ${daysAgo(now, 3)} where id = ${oldOverride}`);
    const newOverride = await insertCreditOverride(t.db, {
      customerId: waiting.id,
      requestedById: t.ids.rep2!,
      amountCents: 600_00,
      status: 'pending',
    });
    await sweepAlerts(t.db, now);
    await sweepAlerts(t.db, now);
    const [overAlert, ...more] = await alertsOf('receivables.credit', `customer:${over.id}:%`);
    expect(more).toEqual([]);
    expect(overAlert).toMatchObject({ owner_id: t.ids.rep, severity: 'critical', link: `/customers/${over.id}` });
    expect(overAlert!.evidence).toMatchObject({ outstandingCents: 1_000_01, limitCents: 1_000_00, overByCents: 1 });
    expect(await notified(t.ids.finance!, overAlert!.id)).toBe(1);
    expect(await alertsOf('receivables.credit', `customer:${atLimit.id}:%`)).toEqual([]);
    expect(await alertsOf('receivables.credit', `override:${oldOverride}`)).toHaveLength(1);
    expect(await alertsOf('receivables.credit', `override:${newOverride}`)).toEqual([]);
  });
});

describe('R-RSK-1 expenses.budgetOverrun', () => {
  it('R-RSK-1 an approved budget past 100 % and an over-budget approval pending raise one alert each, for the unit’s head', async () => {
    const now = new Date();
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(now);
    const unit = (await t.db.execute<{ id: string }>(sql`select org_unit_id as id from users where id = ${t.ids.supervisor}`)).rows[0]!.id;
    const budget = async (category: string, amountCents: number) =>
      (
        await t.db.execute<{ id: string }>(sql`
          insert into expense_budgets (category, org_unit_id, period_kind, period_start, period_end, amount_cents, status)
          values (${category}, ${unit}, 'year', ${`${today.slice(0, 4)}-01-01`}, ${`${today.slice(0, 4)}-12-31`}, ${amountCents}, 'approved')
          returning id`)
      ).rows[0]!.id;
    const claim = async (budgetId: string | null, amountCents: number, overBudget: 'none' | 'pending') => {
      const number = `BX-T-${crypto.randomBytes(4).toString('hex')}`;
      const id = (
        await t.db.execute<{ id: string }>(sql`
          insert into expense_claims (number, title, claimant_id, org_unit_id, status, total_cents, submitted_at, over_budget_status, over_budget_cents)
          values (${number}, ${number}, ${t.ids.rep}, ${unit}, 'submitted', ${amountCents}, ${now}, ${overBudget}, ${overBudget === 'pending' ? 100_00 : null})
          returning id`)
      ).rows[0]!.id;
      await t.db.execute(sql`insert into expense_claim_lines (claim_id, line_no, category, spent_on, amount_cents, purpose, budget_id)
                             values (${id}, 1, '差旅', ${today}, ${amountCents}, 'test', ${budgetId})`);
      return id;
    };
    const overrun = await budget('预警超支', 1_000_00);
    await claim(overrun, 1_200_00, 'none');
    const half = await budget('预警一半', 1_000_00);
    await claim(half, 500_00, 'none');
    const pendingClaim = await claim(null, 300_00, 'pending');
    await sweepAlerts(t.db, now);
    await sweepAlerts(t.db, now);
    const [budgetAlert, ...more] = await alertsOf('expenses.budgetOverrun', `budget:${overrun}`);
    expect(more).toEqual([]);
    expect(budgetAlert).toMatchObject({ owner_id: t.ids.supervisor, severity: 'critical', link: '/expenses/budgets' });
    expect(budgetAlert!.evidence).toMatchObject({ budgetCents: 1_000_00, usedCents: 1_200_00, usedPct: 120, thresholdPct: 100 });
    expect(await notified(t.ids.director!, budgetAlert!.id)).toBe(1);
    expect(await alertsOf('expenses.budgetOverrun', `budget:${half}`)).toEqual([]);
    const [claimAlert] = await alertsOf('expenses.budgetOverrun', `claim:${pendingClaim}:overBudget`);
    expect(claimAlert).toMatchObject({ owner_id: t.ids.rep, link: `/expenses/claims/${pendingClaim}` });
  });
});

describe('R-RSK-1 opportunities.stalled', () => {
  it('R-RSK-1 an open opportunity N days past its stage’s norm raises one alert; within the norm, or closed, none', async () => {
    const now = new Date();
    const customer = await insertCustomer(t.db, { ownerId: t.ids.rep! });
    const opportunity = async (stage: string, daysInStage: number) =>
      (
        await t.db.execute<{ id: string }>(sql`
          insert into opportunities (name, customer_id, owner_id, team_id, stage, stage_changed_at, closed_at)
          select ${`停滞测试 ${stage} ${daysInStage}`}, ${customer.id}, u.id, u.org_unit_id, ${stage}, ${daysAgo(now, daysInStage)},
                 ${stage === 'won' ? now : null}
            from users u where u.id = ${t.ids.rep}
          returning id`)
      ).rows[0]!.id;
    // Defaults: negotiation's norm 30 days + 7 days' grace; lead's 14 + 7.
    const stuck = await opportunity('negotiation', 40);
    const leadWithin = await opportunity('lead', 21);
    const won = await opportunity('won', 200);
    await sweepAlerts(t.db, now);
    await sweepAlerts(t.db, now);
    const [alert, ...more] = await alertsOf('opportunities.stalled', `opportunity:${stuck}:%`);
    expect(more).toEqual([]);
    expect(alert).toMatchObject({ owner_id: t.ids.rep, severity: 'warning', link: `/opportunities/${stuck}` });
    expect(alert!.evidence).toMatchObject({ stage: 'negotiation', daysInStage: 40, normDays: 30, graceDays: 7 });
    expect(await alertsOf('opportunities.stalled', `opportunity:${leadWithin}:%`)).toEqual([]);
    expect(await alertsOf('opportunities.stalled', `opportunity:${won}:%`)).toEqual([]);
  });
});

describe('R-RSK-1 group-robot channels', () => {
  it('a rule set to WeCom and DingTalk sends each new alert once to each group robot (signed for DingTalk), through the outbox', async () => {
    const received: { url: string; body: { msgtype: string; text: { content: string } } }[] = [];
    const server = http.createServer((request, response) => {
      let data = '';
      request.on('data', (chunk: Buffer) => (data += chunk.toString('utf8')));
      request.on('end', () => {
        received.push({ url: request.url ?? '', body: JSON.parse(data) });
        response.setHeader('content-type', 'application/json');
        response.end(JSON.stringify({ errcode: 0, errmsg: 'ok' }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const body = {
        enabled: true,
        params: { overPct: 0, pendingDays: 2 },
        recipients: ['owner'],
        channels: ['inApp', 'wecom', 'dingtalk'],
      };
      const saved = await c.director!.put('/api/v1/alerts/rules/receivables.credit', body);
      expect(saved.statusCode, saved.body).toBe(200);
      expect(saved.json().channels).toEqual(['inApp', 'wecom', 'dingtalk']);
      const customer = await insertCustomer(t.db, {
        ownerId: t.ids.rep!,
        name: `机器人预警客户${crypto.randomBytes(3).toString('hex')}`,
        creditLimitCents: 1_00,
      });
      await insertContract(t.db, {
        customerId: customer.id,
        ownerId: t.ids.rep!,
        installments: [{ dueOn: '2099-01-01', amountCents: 2_00 }],
      });
      await sweepAlerts(t.db, new Date());
      await sweepAlerts(t.db, new Date());
      const [alert] = await alertsOf('receivables.credit', `customer:${customer.id}:%`);
      const log = createLogSender();
      const senders = {
        email: log,
        sms: log,
        wecom: createWecomSender({ url: `${base}/cgi-bin/webhook/send?key=test-key` }),
        dingtalk: createDingtalkSender({ url: `${base}/robot/send?access_token=test-token`, secret: 'SEC-test' }),
      };
      // Deliver until the outbox holds nothing due (other tests' e-mails go to the log sender).
      while ((await deliverDueMessages(t.db, new Date(), senders)).sent > 0);
      const mine = received.filter((request) => request.body.text.content.includes(customer.name));
      expect(mine.map((request) => new URL(request.url, base).pathname).sort()).toEqual(['/cgi-bin/webhook/send', '/robot/send']);
      for (const request of mine) {
        expect(request.body.msgtype).toBe('text');
        expect(request.body.text.content).toContain(`/alerts?id=${alert!.id}`);
      }
      const ding = new URL(mine.find((request) => request.url.startsWith('/robot/send'))!.url, base);
      const timestamp = Number(ding.searchParams.get('timestamp'));
      expect(ding.searchParams.get('sign')).toBe(dingtalkSign(timestamp, 'SEC-test'));
      // A third sweep and delivery send nothing again.
      await sweepAlerts(t.db, new Date());
      while ((await deliverDueMessages(t.db, new Date(), senders)).sent > 0);
      expect(received.filter((request) => request.body.text.content.includes(customer.name))).toHaveLength(2);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
