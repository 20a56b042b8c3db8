import { sql } from 'drizzle-orm';
import {
  DEFAULT_HONOUR_RULES,
  honourWinner,
  incentiveSettingsSchema,
  message,
  type Honour,
  type HonourMetric,
  type IncentiveSettings,
  type Leaderboard,
  type RankedFigure,
} from '@xiaoguan/shared';
import type { Ctx } from '../../platform/context.js';
import type { Executor } from '../../platform/db/client.js';
import { iso } from '../../platform/db/client.js';
import { AppError, conflict, notFound } from '../../platform/errors.js';
import { notify } from '../../platform/notifications/notifications.js';
import { getModuleSettings, getSettings, saveModuleSettings } from '../../platform/settings/settings.js';
import { startOfCalendarDay } from '../../platform/time.js';
import { contracts } from '../contracts/index.js';
import { customers } from '../customers/index.js';
import { receipts } from '../receivables/index.js';
import { satisfactionScore } from '../service/index.js';
import { incentivesAccess } from './incentives.access.js';
import { STATEMENT_ROLES } from './commission.service.js';

/**
 * Honours (issue 19 item 5, seed 001 激励措施.3): per period, each award's rule (a metric and a
 * minimum, in settings) proposes the top person; a manager confirms; a leaderboard per metric; a
 * certificate. Figures are company-wide totals per person (a leaderboard is public inside the company).
 */
export const DEFAULT_INCENTIVE_SETTINGS: IncentiveSettings = { honourRules: DEFAULT_HONOUR_RULES };
export const getIncentiveSettings = (db: Executor, options?: { fresh?: boolean }) =>
  getModuleSettings(db, 'incentives', incentiveSettingsSchema, DEFAULT_INCENTIVE_SETTINGS, options);
export const saveIncentiveSettings = (db: Executor, value: IncentiveSettings) => saveModuleSettings(db, 'incentives', value);

/** Least answered surveys before a person's satisfaction counts (one customer cannot decide an award). */
export const MIN_SURVEYS_FOR_SERVICE_AWARD = 3;

/** A period `2026-03` or `2026-Q1` as inclusive days, and the period before it (same length). */
export function periodDays(period: string): { from: string; to: string; previous: string } {
  const [yearText, part] = period.split('-') as [string, string];
  const year = Number(yearText);
  const quarter = part.startsWith('Q');
  const firstMonth = quarter ? (Number(part.slice(1)) - 1) * 3 + 1 : Number(part);
  const months = quarter ? 3 : 1;
  const lastDay = new Date(Date.UTC(year, firstMonth - 1 + months, 0));
  const from = `${year}-${String(firstMonth).padStart(2, '0')}-01`;
  const to = lastDay.toISOString().slice(0, 10);
  let previous: string;
  if (quarter) {
    const q = Number(part.slice(1));
    previous = q === 1 ? `${year - 1}-Q4` : `${year}-Q${q - 1}`;
  } else {
    previous = firstMonth === 1 ? `${year - 1}-12` : `${year}-${String(firstMonth - 1).padStart(2, '0')}`;
  }
  return { from, to, previous };
}

const DAY_MS = 86_400_000;

/** Per person, the metric's figure in the period (cents, a count, a satisfaction score × 100, growth in basis points). */
export async function figuresFor(db: Executor, metric: HonourMetric, period: string, timeZone: string): Promise<RankedFigure[]> {
  const { from, to, previous } = periodDays(period);
  const people = await db.execute<{ id: string }>(
    sql`select id from users where not disabled and roles && ${sql.param([...STATEMENT_ROLES])}::text[]`,
  );
  const ids = new Set(people.rows.map((p) => p.id));
  const collectedBy = async (f: string, t: string) =>
    new Map(
      (
        await db.execute<{ owner_id: string; value: string | number }>(sql`
          select ${contracts.ownerId} as owner_id, sum(${receipts.amountCents})::bigint as value
            from ${receipts} join ${contracts} on ${contracts.id} = ${receipts.contractId}
           where ${receipts.receivedOn} between ${f}::date and ${t}::date group by ${contracts.ownerId}`)
      ).rows.map((r) => [r.owner_id, Number(r.value)]),
    );
  let values = new Map<string, number>();
  if (metric === 'collections') values = await collectedBy(from, to);
  else if (metric === 'bookings') {
    const rows = await db.execute<{ owner_id: string; value: string | number }>(sql`
      select ${contracts.ownerId} as owner_id, sum(${contracts.amountCents})::bigint as value from ${contracts}
       where ${contracts.signedOn} between ${from}::date and ${to}::date group by ${contracts.ownerId}`);
    values = new Map(rows.rows.map((r) => [r.owner_id, Number(r.value)]));
  } else if (metric === 'newCustomers') {
    const start = startOfCalendarDay(Date.parse(`${from}T00:00:00Z`), timeZone).toISOString();
    const end = startOfCalendarDay(Date.parse(`${to}T00:00:00Z`) + DAY_MS, timeZone).toISOString();
    const rows = await db.execute<{ owner_id: string; value: number }>(sql`
      select ${customers.ownerId} as owner_id, count(*)::int as value from ${customers}
       where ${customers.createdAt} >= ${start}::timestamptz and ${customers.createdAt} < ${end}::timestamptz and ${customers.ownerId} is not null
       group by ${customers.ownerId}`);
    values = new Map(rows.rows.map((r) => [r.owner_id, r.value]));
  } else if (metric === 'growth') {
    const prev = periodDays(previous);
    const [now, before] = await Promise.all([collectedBy(from, to), collectedBy(prev.from, prev.to)]);
    for (const [owner, amount] of now) {
      const base = before.get(owner) ?? 0;
      if (base > 0) values.set(owner, Math.round(((amount - base) * 10_000) / base));
    }
  } else {
    const start = startOfCalendarDay(Date.parse(`${from}T00:00:00Z`), timeZone);
    const end = startOfCalendarDay(Date.parse(`${to}T00:00:00Z`) + DAY_MS, timeZone);
    for (const id of ids) {
      const scores = await satisfactionScore(db, { from: start, to: end, ownerIds: [id] });
      if (scores.csatCount >= MIN_SURVEYS_FOR_SERVICE_AWARD && scores.csatAverage !== null)
        values.set(id, Math.round(scores.csatAverage * 100));
    }
  }
  return [...values].filter(([id]) => ids.has(id)).map(([userId, value]) => ({ userId, value }));
}

export async function leaderboard(ctx: Ctx, query: { period: string; metric: HonourMetric }): Promise<Leaderboard> {
  incentivesAccess.require(ctx.actor, 'leaderboard');
  const { timeZone } = await getSettings(ctx.db);
  const figures = (await figuresFor(ctx.db, query.metric, query.period, timeZone)).sort(
    (a, b) => b.value - a.value || a.userId.localeCompare(b.userId),
  );
  const top = figures.slice(0, 20);
  const names = top.length
    ? await ctx.db.execute<{ id: string; display_name: string; unit: string | null }>(sql`
        select u.id, u.display_name, ou.name as unit from users u left join org_units ou on ou.id = u.org_unit_id
         where u.id = any(${sql.param(top.map((f) => f.userId))}::uuid[])`)
    : { rows: [] };
  const byId = new Map(names.rows.map((n) => [n.id, n]));
  return {
    period: query.period,
    metric: query.metric,
    rows: top.map((f, i) => ({
      rank: i + 1,
      userId: f.userId,
      userName: byId.get(f.userId)?.display_name ?? '',
      orgUnitName: byId.get(f.userId)?.unit ?? null,
      value: f.value,
    })),
  };
}

type HonourRow = {
  id: string;
  period: string;
  award: Honour['award'];
  metric: Honour['metric'];
  user_id: string;
  user_name: string;
  org_unit_name: string | null;
  value: string | number;
  status: Honour['status'];
  confirmed_by_name: string | null;
  confirmed_at: string | null;
  version: number;
  may_confirm: boolean;
};

const HONOUR_SELECT = (ctx: Ctx) => sql`
  select h.*, u.display_name as user_name, ou.name as org_unit_name, cb.display_name as confirmed_by_name,
         coalesce(${incentivesAccess.where(ctx.actor, 'honour', sql`h.user_id`)}, false) as may_confirm
    from honours h join users u on u.id = h.user_id left join org_units ou on ou.id = u.org_unit_id
    left join users cb on cb.id = h.confirmed_by_id`;

const presentHonour = (row: HonourRow): Honour => ({
  id: row.id,
  period: row.period,
  award: row.award,
  metric: row.metric,
  userId: row.user_id,
  userName: row.user_name,
  orgUnitName: row.org_unit_name,
  value: Number(row.value),
  status: row.status,
  confirmedByName: row.confirmed_by_name,
  confirmedAt: iso(row.confirmed_at),
  version: row.version,
  abilities: { confirm: row.may_confirm && row.status === 'proposed', certificate: row.status === 'confirmed' },
});

/** Honours of a period; proposed ones are shown only to those who may confirm them. */
export async function listHonours(ctx: Ctx, period: string): Promise<Honour[]> {
  incentivesAccess.require(ctx.actor, 'leaderboard');
  const rows = await ctx.db.execute<HonourRow>(sql`${HONOUR_SELECT(ctx)}
    where h.period = ${period} and (h.status = 'confirmed' or ${incentivesAccess.where(ctx.actor, 'honour', sql`h.user_id`)}) order by h.award`);
  return rows.rows.map(presentHonour);
}

/** Applies each enabled rule to the period's figures: the winner is proposed (a confirmed honour stays). */
export async function proposeHonours(ctx: Ctx, period: string): Promise<Honour[]> {
  incentivesAccess.require(ctx.actor, 'honour');
  const [{ timeZone }, settings] = await Promise.all([getSettings(ctx.db), getIncentiveSettings(ctx.db)]);
  const winners: { award: string; metric: string; winner: RankedFigure }[] = [];
  for (const rule of settings.honourRules.filter((r) => r.enabled)) {
    const winner = honourWinner(rule, await figuresFor(ctx.db, rule.metric, period, timeZone));
    if (winner) winners.push({ award: rule.award, metric: rule.metric, winner });
  }
  await ctx.db.transaction(async (tx) => {
    for (const w of winners) {
      await tx.execute(sql`
        insert into honours as h (period, award, metric, user_id, value) values (${period}, ${w.award}, ${w.metric}, ${w.winner.userId}, ${w.winner.value})
        on conflict (period, award) do update set metric = excluded.metric, user_id = excluded.user_id, value = excluded.value, version = h.version + 1
         where h.status = 'proposed'`);
    }
    await ctx.audit(tx, {
      action: 'create',
      entity: 'honours',
      summary: `honours proposed for ${period}: ${winners.length}`,
      summaryMessage: message('audit.messages.honoursProposed', { period, count: winners.length }),
    });
  });
  return listHonours(ctx, period);
}

async function loadHonour(ctx: Ctx, executor: Executor, id: string): Promise<Honour> {
  const row = (
    await executor.execute<HonourRow>(sql`${HONOUR_SELECT(ctx)}
      where h.id = ${id} and (h.status = 'confirmed' or ${incentivesAccess.where(ctx.actor, 'honour', sql`h.user_id`)})`)
  ).rows[0];
  if (!row) throw notFound('honour');
  return presentHonour(row);
}

export async function getHonour(ctx: Ctx, id: string): Promise<Honour> {
  incentivesAccess.require(ctx.actor, 'leaderboard');
  return loadHonour(ctx, ctx.db, id);
}

/** A manager confirms a proposed honour for someone in their unit (the director anyone's). */
export async function confirmHonour(ctx: Ctx, id: string, input: { version: number }): Promise<Honour> {
  incentivesAccess.require(ctx.actor, 'honour');
  return ctx.db.transaction(async (tx) => {
    const row = (
      await tx.execute<{ status: string; version: number; user_id: string; period: string; award: string }>(sql`
        select h.status, h.version, h.user_id, h.period, h.award from honours h
         where h.id = ${id} and ${incentivesAccess.where(ctx.actor, 'honour', sql`h.user_id`)} for update`)
    ).rows[0];
    if (!row) throw notFound('honour');
    if (row.version !== input.version) throw conflict();
    if (row.status !== 'proposed') throw new AppError('conflict', 'the honour is already confirmed');
    await tx.execute(sql`
      update honours set status = 'confirmed', confirmed_by_id = ${ctx.actor.id}, confirmed_at = ${ctx.now.toISOString()}::timestamptz, version = version + 1
       where id = ${id}`);
    await ctx.audit(tx, {
      action: 'approve',
      entity: 'honours',
      entityId: id,
      changes: { status: ['proposed', 'confirmed'] },
      summaryMessage: message('audit.messages.honourConfirmed', { period: row.period, award: row.award }),
    });
    await notify(tx, [
      {
        userId: row.user_id,
        kind: 'incentives.honour',
        title: `荣誉：${row.period}`,
        titleMessage: message('incentives.messages.honourConfirmed', { period: row.period }),
        link: '/incentives/honours',
      },
    ]);
    return loadHonour(ctx, tx, id);
  });
}
