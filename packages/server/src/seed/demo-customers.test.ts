import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Tier } from '@xiaoguan/shared';
import { buildTestApp, type TestApp } from '../test/harness.js';
import { DEFAULT_CUSTOMER_SETTINGS } from '../modules/customers/customers.settings.js';
import { cadenceDueAt } from '../modules/customers/contact-cadence.js';
import { duplicateKeys } from '../modules/customers/normalize.js';
import { DEMO_CUSTOMER_COUNT, generate, unifiedSocialCreditCode } from './demo-customers.js';

/** The demo customers the test template (and a first start) carries: the rules hold on every row. */
let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

const TZ = 'Asia/Shanghai';

describe('demo customers', () => {
  it('generation is deterministic for a seed and a moment', () => {
    const owners = ['rep', 'rep2', 'rep_x'].map((username, i) => ({
      id: `00000000-0000-4000-8000-00000000000${i}`,
      username,
      roles: ['rep' as const],
      orgUnitId: null,
      unitName: '上海一组',
    }));
    const input = {
      count: 200,
      seed: 7,
      now: new Date('2026-03-04T05:06:07Z'),
      settings: DEFAULT_CUSTOMER_SETTINGS,
      timeZone: TZ,
      reps: owners,
      keyAccounts: [],
      channels: [],
    };
    expect(JSON.stringify(generate(input))).toBe(JSON.stringify(generate(input)));
    expect(generate({ ...input, seed: 8 }).customers[0]!.name).not.toBe(generate(input).customers[0]!.name);
  });

  it('tax ids are valid unified social credit codes', () => {
    // a published valid code: both check characters (organisation code and GB 32100-2015) recomputed
    expect(unifiedSocialCreditCode('350100', 'M000100Y')).toBe('91350100M000100Y43');
    expect(unifiedSocialCreditCode('310115', 'ABCDEFGH')).toMatch(/^91310115[0-9A-HJ-NPQRTUWXY]{10}$/);
  });

  it('every customer has its duplicate keys, its cadence due date per R-CUS-1, and a consistent lifecycle', async () => {
    const rows = (
      await t.db.execute<{
        name: string;
        phone: string | null;
        tax_id: string | null;
        name_key: string;
        phone_key: string | null;
        tax_id_key: string | null;
        tier: Tier;
        owner_id: string | null;
        last_qualifying_contact_at: string | null;
        assigned_at: string | null;
        created_at: string;
        cadence_due_at: string | null;
        status: string;
        orders: number;
        pooled_at: string | null;
        pool_reason: string | null;
      }>(sql`
        select name, phone, tax_id, name_key, phone_key, tax_id_key, tier, owner_id, last_qualifying_contact_at::text, assigned_at::text, created_at::text,
               cadence_due_at::text, status, pooled_at::text, pool_reason, (select count(*)::int from customer_orders o where o.customer_id = c.id) as orders
          from customers c`)
    ).rows;
    expect(rows.length).toBe(DEMO_CUSTOMER_COUNT);
    const at = (text: string | null) => (text === null ? null : new Date(text.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00')));
    for (const row of rows) {
      expect({ name_key: row.name_key, phone_key: row.phone_key, tax_id_key: row.tax_id_key }).toEqual(
        Object.fromEntries(
          Object.entries(duplicateKeys({ name: row.name, phone: row.phone, taxId: row.tax_id })).map(([k, v]) => [
            k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`),
            v,
          ]),
        ),
      );
      if (row.owner_id) {
        const due = cadenceDueAt(
          DEFAULT_CUSTOMER_SETTINGS.cadence,
          { tier: row.tier, lastQualifyingContactAt: at(row.last_qualifying_contact_at), anchorAt: at(row.assigned_at ?? row.created_at)! },
          TZ,
        );
        expect(at(row.cadence_due_at)?.getTime()).toBe(due.getTime());
      } else {
        expect(row.cadence_due_at).toBeNull();
        expect(row.pooled_at && row.pool_reason).toBeTruthy();
      }
      expect(['signed', 'repeat'].includes(row.status)).toBe(row.orders > 0);
    }
    const owned = rows.filter((r) => r.owner_id);
    const overdue = owned.filter((r) => at(r.cadence_due_at)!.getTime() <= Date.now()).length / owned.length;
    expect(overdue).toBeGreaterThan(0.1);
    expect(overdue).toBeLessThan(0.2);
    expect(rows.filter((r) => !r.owner_id).length / rows.length).toBeCloseTo(0.08, 1);
  });

  it('no owned customer is due back in the pool yet, and no reminder already due at seeding is left unsent', async () => {
    const [row] = (
      await t.db.execute<{ returnable: number; unsent: number; orphans: number }>(sql`
        select (select count(*)::int from customers where owner_id is not null
                   and coalesce(last_qualifying_contact_at, assigned_at, created_at)
                       < (((select min(created_at) from users) at time zone ${TZ})::date - case tier when 'A' then 30 when 'B' then 60 else 120 end)::timestamp at time zone ${TZ}) as returnable,
               -- reminders already due when the demo was seeded (users are created in the seed's own transaction,
               -- so their created_at precedes the seed's moment); reminders that fell due since are the job's to send
               (select count(*)::int from follow_up_tasks where done_at is null and reminded_at is null
                   and remind_at <= (select min(created_at) from users)) as unsent,
               (select count(*)::int from interactions i join customers c on c.id = i.customer_id where c.owner_id is not null and i.author_id <> c.owner_id) as orphans`)
    ).rows;
    expect(row).toEqual({ returnable: 0, unsent: 0, orphans: 0 });
  });

  it('issue 16: last contacts spread over the past year as real work would, not bunched on the seeding day', async () => {
    // Calendar days in the company zone (the demo's "today" is the day it was seeded).
    const spread = (
      await t.db.execute<{ today: number; week: number; month: number; year: number; total: number }>(sql`
        with d as (select (date_trunc('day', now() at time zone ${TZ}) at time zone ${TZ}) as today)
        select count(*) filter (where last_contact_at >= d.today)::int as today,
               count(*) filter (where last_contact_at < d.today and last_contact_at >= d.today - interval '7 days')::int as week,
               count(*) filter (where last_contact_at < d.today - interval '7 days' and last_contact_at >= d.today - interval '30 days')::int as month,
               count(*) filter (where last_contact_at < d.today - interval '30 days' and last_contact_at >= d.today - interval '365 days')::int as year,
               count(*)::int as total
          from customers, d`)
    ).rows[0]!;
    expect(spread.today / spread.total).toBeLessThan(0.03);
    expect(spread.week).toBeGreaterThan(spread.today);
    expect(spread.month).toBeGreaterThan(spread.today);
    expect(spread.year).toBeGreaterThan(spread.today);
  });

  it('the rep has a busy day: tasks due today, overdue tasks and customers past their cadence', async () => {
    const rep = await t.loginAs('rep');
    const day = (await rep.get('/api/v1/my-day')).json();
    expect(day.dueTasks.length).toBeGreaterThanOrEqual(5);
    expect(day.counts.overdueTasks).toBeGreaterThanOrEqual(3);
    expect(day.counts.overdueCustomers).toBeGreaterThanOrEqual(5);
    const list = (await rep.get('/api/v1/customers?pageSize=5')).json();
    expect(list.total).toBeGreaterThan(50);
  });
});
