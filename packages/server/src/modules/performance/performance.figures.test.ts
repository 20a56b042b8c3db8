import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { DEFAULT_REP_TEMPLATE, type KpiItem } from '@xiaoguan/shared';
import { buildTestApp, type TestApp } from '../../test/harness.js';
import { makeCtx } from '../../platform/context.js';
import { SYSTEM_ACTOR } from '../../platform/access/actor.js';
import { getSettings } from '../../platform/settings/settings.js';
import { startOfCalendarDay } from '../../platform/time.js';
import { receivablesSummary } from '../receivables/index.js';
import { complaintRate, satisfactionScore } from '../service/index.js';
import { computeFigures, type Period } from './performance.figures.js';
import { buildPipelineBenchData } from '../../seed/bench-pipeline-data.js';

/**
 * A KPI run asks each metric source for all its people in one grouped statement (issue 19 speed).
 * Here the grouped figures are held against the per-person answers of the same sources
 * (receivablesSummary / complaintRate / satisfactionScore with one owner), person by person, on the
 * demo company plus generated write-offs and survey answers spread over the people and the year.
 */
let t: TestApp;
let people: string[];

const base = DEFAULT_REP_TEMPLATE.items[0]!;
const ITEMS: KpiItem[] = [
  ...DEFAULT_REP_TEMPLATE.items,
  { ...base, key: 'dso', source: 'dso' },
  { ...base, key: 'bad_debt', source: 'bad_debt_rate' },
  { ...base, key: 'complaints', source: 'complaint_rate' },
  { ...base, key: 'csat', source: 'satisfaction' },
];

const PERIODS: Period[] = [
  { from: '2026-01-01', to: '2026-03-31' },
  { from: '2026-04-01', to: '2026-06-30' },
  { from: '2026-07-01', to: '2026-09-30' },
  { from: '2026-10-01', to: '2026-12-31' },
  { from: '2026-09-01', to: '2026-09-30' },
  { from: '2026-01-01', to: '2026-12-31' },
];

beforeAll(async () => {
  t = await buildTestApp();
  // Generated on top of the demo customers: contracts with installments and orders over the last two
  // years (the pipeline bench generator, small), a receipt for each paid installment, approved
  // write-offs on a random fifth of the installments (decided across the year, some after a period's
  // end), complaints, and answered survey links for random customers.
  await buildPipelineBenchData(t.ownerDb, { opportunities: 300, contracts: 1_500, orders: 3_000, linesPerOrder: 1 });
  await t.ownerDb.transaction(async (tx) => {
    await tx.execute(sql`select setseed(0.19)`);
    await tx.execute(sql`
    insert into receipts (contract_id, installment_id, customer_id, amount_cents, received_on, method, idempotency_key, recorded_by_id)
    select i.contract_id, i.id, i.customer_id, i.received_cents, i.due_on + (random() * 60 - 20)::int, 'transfer', md5(i.id::text), i.owner_id
      from payment_installments i where i.received_cents > 0`);
    await tx.execute(sql`
    insert into complaints (number, title, category, channel, description, customer_id, owner_id, opened_at)
    select 'GEN-' || row_number() over (), '生成', 'quality', 'phone', '生成', c.id, c.owner_id,
           timestamptz '2026-01-01 00:00+08' + random() * interval '350 days'
      from customers c where c.owner_id is not null and random() < 0.05`);
    await tx.execute(sql`
    insert into write_offs (installment_id, contract_id, amount_cents, reason, status, requested_by_id, decided_at)
    select i.id, i.contract_id, greatest(1, (i.amount_cents * random() * 0.5)::bigint), 'generated', 'approved', i.owner_id,
           timestamptz '2026-01-01 00:00+08' + random() * interval '360 days'
      from payment_installments i where random() < 0.2`);
    await tx.execute(
      sql`insert into survey_templates (name, trigger) select '生成', 'manual' where not exists (select 1 from survey_templates)`,
    );
    await tx.execute(sql`
    insert into survey_links (template_id, token, customer_id, owner_id, sent_at, expires_at, answered_at, csat, nps)
    select (select id from survey_templates limit 1), md5(random()::text), c.id, c.owner_id, s.at, s.at + interval '30 days',
           s.at + interval '2 days', 1 + floor(random() * 5)::int, floor(random() * 11)::int
      from customers c
      cross join lateral (select timestamptz '2026-01-01 00:00+08' + random() * interval '350 days' as at) s
     where c.owner_id is not null and random() < 0.3`);
  });
  const rows = await t.db.execute<{ id: string }>(sql`select id from users where not disabled order by username`);
  people = rows.rows.map((row) => row.id);
});
afterAll(() => t.close());

describe('KPI figures: every source grouped by owner in one statement (issue 19 speed)', () => {
  it('R-KPI-1 each person’s DSO, bad-debt rate, complaint rate and satisfaction equal the per-person figures of the same source', async () => {
    const ctx = makeCtx(t.db, SYSTEM_ACTOR);
    const facts = makeCtx(t.db, { ...SYSTEM_ACTOR, roles: ['director'] });
    const { timeZone } = await getSettings(t.db);
    const seen = { dso: 0, badDebt: 0, complaints: 0, csat: 0 };
    for (const period of PERIODS) {
      const grouped = await computeFigures(ctx, ITEMS, people, period);
      const from = startOfCalendarDay(Date.parse(`${period.from}T00:00:00Z`), timeZone);
      const to = startOfCalendarDay(Date.parse(`${period.to}T00:00:00Z`) + 86_400_000, timeZone);
      for (const personId of people) {
        const summary = await receivablesSummary(facts, { ...period, ownerId: personId });
        const complaints = await complaintRate(t.db, { from, to, ownerIds: [personId] });
        const survey = await satisfactionScore(t.db, { from, to, ownerIds: [personId] });
        const badDebt = summary.badDebtRate === null ? null : Math.round(summary.badDebtRate * 1000) / 10;
        const expected = {
          dso: summary.dsoDays,
          bad_debt: badDebt,
          complaints: [complaints.rate, complaints.complaints],
          csat: [survey.csat, survey.csatCount],
          customer:
            survey.csatAverage === null
              ? null
              : { score: Math.round(((survey.csatAverage - 1) / 4) * 100 * 10) / 10, answers: survey.csatCount },
        };
        const person = grouped.get(personId)!;
        const figure = (key: string) => person.figures.find((f) => f.key === key)!;
        const actual = {
          dso: figure('dso').value,
          bad_debt: figure('bad_debt').value,
          complaints: [figure('complaints').value, figure('complaints').count],
          csat: [figure('csat').value, figure('csat').count],
          customer: person.customer,
        };
        expect(actual, `${period.from}..${period.to} person ${personId}`).toEqual(expected);
        if (summary.dsoDays !== null) seen.dso++;
        if ((summary.badDebtRate ?? 0) > 0) seen.badDebt++;
        if (complaints.complaints > 0) seen.complaints++;
        if (survey.csatCount > 0) seen.csat++;
      }
    }
    // The comparison covered real figures for many people, not only empty ones.
    expect(seen.dso).toBeGreaterThan(20);
    expect(seen.badDebt).toBeGreaterThan(10);
    expect(seen.complaints).toBeGreaterThan(5);
    expect(seen.csat).toBeGreaterThan(20);
  }, 300_000);
});
