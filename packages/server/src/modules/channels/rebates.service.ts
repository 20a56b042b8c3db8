import { sql } from 'drizzle-orm';
import type { z } from 'zod';
import {
  message,
  type ChannelCockpit,
  type RebateProgramme,
  type RebateStatement,
  type rebateListQuerySchema,
  type rebateProgrammeInputSchema,
} from '@xiaoguan/shared';
import type { Ctx } from '../../platform/context.js';
import type { Executor, Tx } from '../../platform/db/client.js';
import { iso } from '../../platform/db/client.js';
import { AppError, conflict, notFound } from '../../platform/errors.js';
import { submitApproval } from '../../platform/approvals/approvals.engine.js';
import { notify } from '../../platform/notifications/notifications.js';
import { getSettings } from '../../platform/settings/settings.js';
import { datedFileName, streamExport, type StreamedExport } from '../../platform/export.js';
import { outsideTransaction } from '../../platform/db/transactions.js';
import { channelsAccess } from './channels.access.js';
import { partnerFigures } from './channel-figures.js';
import { computeRebate, quarterOf, quarterRange, type RebateThreshold } from './rebates.js';

export const REBATE_SUBJECT = 'channel.rebate';
const dayIn = (instant: Date, timeZone: string) => new Intl.DateTimeFormat('en-CA', { timeZone }).format(instant);

export async function listProgrammes(ctx: Ctx): Promise<RebateProgramme[]> {
  channelsAccess.require(ctx.actor, 'read');
  const rows = await ctx.db.execute<{
    id: string;
    name: string;
    tier: RebateProgramme['tier'];
    thresholds: RebateThreshold[];
    active: boolean;
  }>(
    sql`select id, name, tier, thresholds, active from rebate_programmes order by array_position(array['gold','silver','bronze'], tier), created_at desc`,
  );
  return rows.rows;
}

/** A new programme for a tier replaces the tier's active one (statements keep the programme they were computed with). */
export async function createProgramme(ctx: Ctx, input: z.infer<typeof rebateProgrammeInputSchema>): Promise<RebateProgramme[]> {
  channelsAccess.require(ctx.actor, 'manage');
  await ctx.db.transaction(async (tx) => {
    await tx.execute(sql`update rebate_programmes set active = false where tier = ${input.tier} and active`);
    const inserted = await tx.execute<{ id: string }>(
      sql`insert into rebate_programmes (name, tier, thresholds) values (${input.name}, ${input.tier}, ${JSON.stringify(input.thresholds)}::jsonb) returning id`,
    );
    await ctx.audit(tx, { action: 'create', entity: 'rebate_programmes', entityId: inserted.rows[0]!.id, summary: input.name });
  });
  return listProgrammes(ctx);
}

type StatementRow = {
  id: string;
  partner_id: string;
  partner_name: string;
  tier: RebateStatement['tier'];
  period: string;
  programme_name: string | null;
  orders_cents: number;
  collections_cents: number;
  threshold_cents: number | null;
  rate_bp: number;
  rebate_cents: number;
  status: RebateStatement['status'];
  channel_approved_at: Date | null;
  decided_at: Date | null;
  computed_at: Date;
  version: number;
};

const STATEMENT_SELECT = sql`
  select s.id, s.partner_id, p.name as partner_name, s.tier, s.period, rp.name as programme_name, s.orders_cents, s.collections_cents,
         s.threshold_cents, s.rate_bp, s.rebate_cents, s.status, s.channel_approved_at, s.decided_at, s.computed_at, s.version
    from rebate_statements s join channel_partners p on p.id = s.partner_id left join rebate_programmes rp on rp.id = s.programme_id`;

const presentStatement = (ctx: Ctx, row: StatementRow): RebateStatement => {
  const manage = channelsAccess.can(ctx.actor, 'manage');
  return {
    id: row.id,
    partnerId: row.partner_id,
    partnerName: row.partner_name,
    tier: row.tier,
    period: row.period,
    programmeName: row.programme_name,
    ordersCents: Number(row.orders_cents),
    collectionsCents: Number(row.collections_cents),
    thresholdCents: row.threshold_cents === null ? null : Number(row.threshold_cents),
    rateBp: row.rate_bp,
    rebateCents: Number(row.rebate_cents),
    status: row.status,
    channelApprovedAt: iso(row.channel_approved_at),
    decidedAt: iso(row.decided_at),
    computedAt: iso(row.computed_at)!,
    version: row.version,
    abilities: { approve: manage && (row.status === 'draft' || row.status === 'rejected') },
  };
};

/**
 * R-CHN-2: one statement per active partner for the quarter from its tier's active programme, its
 * attributed orders and the collections on them (`computeRebate`). Statements still in draft (or
 * rejected) are recomputed; submitted and approved ones are left as they are.
 */
export async function computeStatements(ctx: Ctx, period: string): Promise<RebateStatement[]> {
  channelsAccess.require(ctx.actor, 'manage');
  const { timeZone } = await getSettings(ctx.db);
  await ctx.db.transaction(async (tx) => {
    const [figures, partners, programmes] = await Promise.all([
      partnerFigures(tx, quarterRange(period), timeZone),
      tx.execute<{ id: string; tier: RebateStatement['tier'] }>(sql`select id, tier from channel_partners where status = 'active'`),
      tx.execute<{ id: string; tier: RebateStatement['tier']; thresholds: RebateThreshold[] }>(
        sql`select distinct on (tier) id, tier, thresholds from rebate_programmes where active order by tier, created_at desc`,
      ),
    ]);
    const byTier = new Map(programmes.rows.map((programme) => [programme.tier, programme]));
    const values = partners.rows.map((partner) => {
      const programme = byTier.get(partner.tier);
      const figure = figures.get(partner.id) ?? { ordersCents: 0, collectionsCents: 0, deals: 0 };
      const result = computeRebate(figure.ordersCents, figure.collectionsCents, programme?.thresholds ?? []);
      return sql`(${partner.id}::uuid, ${period}, ${partner.tier}, ${programme?.id ?? null}::uuid, ${figure.ordersCents}::bigint, ${figure.collectionsCents}::bigint,
                  ${result.thresholdCents}::bigint, ${result.rateBp}::int, ${result.rebateCents}::bigint, ${ctx.now.toISOString()}::timestamptz)`;
    });
    for (let i = 0; i < values.length; i += 500) {
      await tx.execute(sql`
        insert into rebate_statements (partner_id, period, tier, programme_id, orders_cents, collections_cents, threshold_cents, rate_bp, rebate_cents, computed_at)
        values ${sql.join(values.slice(i, i + 500), sql`, `)}
        on conflict (period, partner_id) do update set
          tier = excluded.tier, programme_id = excluded.programme_id, orders_cents = excluded.orders_cents,
          collections_cents = excluded.collections_cents, threshold_cents = excluded.threshold_cents, rate_bp = excluded.rate_bp,
          rebate_cents = excluded.rebate_cents, computed_at = excluded.computed_at, status = 'draft',
          channel_approved_at = null, channel_approved_by_id = null, updated_at = excluded.computed_at, version = rebate_statements.version + 1
        where rebate_statements.status in ('draft', 'rejected')`);
    }
    await ctx.audit(tx, {
      action: 'update',
      entity: 'rebate_statements',
      summary: `rebates ${period}: ${values.length} partners`,
      summaryMessage: message('audit.messages.rebatesComputed', { period, count: values.length }),
    });
  });
  return listStatements(ctx, { period });
}

export async function listStatements(ctx: Ctx, query: z.infer<typeof rebateListQuerySchema>): Promise<RebateStatement[]> {
  channelsAccess.require(ctx.actor, 'read');
  const filters = [sql`true`];
  if (query.period) filters.push(sql`s.period = ${query.period}`);
  if (query.partnerId) filters.push(sql`s.partner_id = ${query.partnerId}`);
  const rows = await ctx.db.execute<StatementRow>(
    sql`${STATEMENT_SELECT} where ${sql.join(filters, sql` and `)} order by s.period desc, s.rebate_cents desc, p.name limit 1000`,
  );
  return rows.rows.map((row) => presentStatement(ctx, row));
}

async function loadStatement(ctx: Ctx, executor: Executor, id: string, lock = false): Promise<StatementRow> {
  const rows = await executor.execute<StatementRow>(sql`${STATEMENT_SELECT} where s.id = ${id}${lock ? sql` for update of s` : sql``}`);
  if (!rows.rows[0]) throw notFound('rebate statement');
  return rows.rows[0];
}

export async function getStatement(ctx: Ctx, id: string): Promise<RebateStatement> {
  channelsAccess.require(ctx.actor, 'read');
  return presentStatement(ctx, await loadStatement(ctx, ctx.db, id));
}

/**
 * R-CHN-2 approval: the channel manager approves the statement, which sends it to finance through the
 * approval engine (subject `channel.rebate`); finance's decision completes it (`onRebateDecided`).
 */
export async function approveStatement(ctx: Ctx, id: string, version: number): Promise<RebateStatement> {
  channelsAccess.require(ctx.actor, 'manage');
  return ctx.db.transaction(async (tx) => {
    const row = await loadStatement(ctx, tx, id, true);
    if (row.version !== version) throw conflict();
    if (row.status !== 'draft' && row.status !== 'rejected') throw new AppError('conflict', `the statement is ${row.status}`);
    const amount = Number(row.rebate_cents);
    const yuan = (amount / 100).toFixed(2);
    const submitted = await submitApproval(tx, ctx, {
      subjectType: REBATE_SUBJECT,
      subjectId: id,
      title: `渠道返利：${row.partner_name} ${row.period}（¥${yuan}）`,
      titleMessage: message('channels.messages.rebateApproval', { partner: row.partner_name, period: row.period, amount: yuan }),
      details: { period: row.period, amountCents: amount, rateBp: row.rate_bp },
      amountCents: Math.max(0, amount),
    });
    const status = submitted.status === 'approved' ? 'approved' : 'submitted';
    await tx.execute(sql`
      update rebate_statements set status = ${status}, channel_approved_by_id = ${ctx.actor.id}, channel_approved_at = ${ctx.now.toISOString()}::timestamptz,
             approval_request_id = ${submitted.requestId}, decided_at = ${status === 'approved' ? ctx.now.toISOString() : null}::timestamptz,
             updated_at = ${ctx.now.toISOString()}::timestamptz, version = version + 1
       where id = ${id}`);
    await ctx.audit(tx, {
      action: 'approve',
      entity: 'rebate_statements',
      entityId: id,
      changes: { status: [row.status, status] },
      summaryMessage: message('audit.messages.rebateApprovedByChannel', { partner: row.partner_name, period: row.period }),
    });
    return presentStatement(ctx, await loadStatement(ctx, tx, id));
  });
}

export async function onRebateDecided(tx: Tx, ctx: Ctx, request: { subjectId: string; status: 'approved' | 'rejected' }): Promise<void> {
  const updated = await tx.execute<{ id: string; period: string; channel_approved_by_id: string | null; name: string }>(sql`
    update rebate_statements s set status = ${request.status}, decided_at = ${ctx.now.toISOString()}::timestamptz,
           updated_at = ${ctx.now.toISOString()}::timestamptz, version = s.version + 1
      from channel_partners p
     where s.id = ${request.subjectId} and s.status = 'submitted' and p.id = s.partner_id
    returning s.id, s.period, s.channel_approved_by_id, p.name`);
  const row = updated.rows[0];
  if (!row) return;
  await ctx.audit(tx, {
    action: request.status === 'approved' ? 'approve' : 'reject',
    entity: 'rebate_statements',
    entityId: row.id,
    changes: { status: ['submitted', request.status] },
  });
  if (row.channel_approved_by_id)
    await notify(tx, [
      {
        userId: row.channel_approved_by_id,
        kind: `channel.rebate.${request.status}`,
        title: `${row.name} ${row.period} 返利单${request.status === 'approved' ? '财务已批准' : '被财务驳回'}`,
        titleMessage: message(`channels.messages.rebate_${request.status}`, { partner: row.name, period: row.period }),
        link: `/channels/rebates?period=${row.period}`,
      },
    ]);
}

/** A quarter's statements as xlsx (all states, with the state in a column), audited. */
export async function exportStatements(ctx: Ctx, period: string): Promise<StreamedExport> {
  channelsAccess.require(ctx.actor, 'export');
  const statements = await listStatements(ctx, { period });
  const { timeZone } = await getSettings(ctx.db);
  const STATUS: Record<RebateStatement['status'], string> = {
    draft: '草稿',
    submitted: '待财务审批',
    approved: '已批准',
    rejected: '已驳回',
  };
  const TIER: Record<RebateStatement['tier'], string> = { gold: '金牌', silver: '银牌', bronze: '铜牌' };
  return streamExport(ctx.db, {
    format: 'xlsx',
    fileName: datedFileName(`渠道返利-${period}`, ctx.now, timeZone),
    sheetName: '渠道返利',
    columns: [
      { label: '期间', width: 10 },
      { label: '渠道伙伴', width: 24 },
      { label: '等级', width: 8 },
      { label: '返利方案', width: 20 },
      { label: '订单额（元）', money: true },
      { label: '回款额（元）', money: true },
      { label: '返利比例（%）' },
      { label: '返利（元）', money: true },
      { label: '状态', width: 12 },
    ],
    async count() {
      await outsideTransaction(() =>
        ctx.audit(ctx.db, {
          action: 'export',
          entity: 'rebate_statements',
          summary: `rebate statements ${period}: ${statements.length}, as xlsx`,
          summaryMessage: message('audit.messages.rebatesExported', { period, count: statements.length }),
        }),
      );
      return statements.length;
    },
    async rows(_tx, write) {
      for (const s of statements) {
        await write([
          s.period,
          s.partnerName,
          TIER[s.tier],
          s.programmeName,
          s.ordersCents / 100,
          s.collectionsCents / 100,
          s.rateBp / 100,
          s.rebateCents / 100,
          STATUS[s.status],
        ]);
      }
    },
  });
}

/** The channel role's cockpit card: partners by tier, registrations, conflicts, renewals and statements waiting, the quarter's top partners. */
export async function cockpit(ctx: Ctx, openConflicts: () => Promise<number>): Promise<ChannelCockpit> {
  channelsAccess.require(ctx.actor, 'read');
  const { timeZone } = await getSettings(ctx.db);
  const today = dayIn(ctx.now, timeZone);
  const period = quarterOf(today);
  const [counts, figures, names, conflicts] = await Promise.all([
    ctx.db.execute<{
      gold: number;
      silver: number;
      bronze: number;
      pending: number;
      active: number;
      renewals: number;
      statements: number;
    }>(sql`
      select (select count(*)::int from channel_partners where status = 'active' and tier = 'gold') as gold,
             (select count(*)::int from channel_partners where status = 'active' and tier = 'silver') as silver,
             (select count(*)::int from channel_partners where status = 'active' and tier = 'bronze') as bronze,
             (select count(*)::int from deal_registrations where status = 'pending') as pending,
             (select count(*)::int from deal_registrations where status = 'approved') as active,
             (select count(*)::int from channel_partners where status = 'active' and renewal_on <= ${today}::date + 30) as renewals,
             (select count(*)::int from rebate_statements where status = 'draft' and rebate_cents > 0) as statements`),
    partnerFigures(ctx.db, quarterRange(period), timeZone),
    ctx.db.execute<{ id: string; name: string }>(sql`select id, name from channel_partners`),
    openConflicts(),
  ]);
  const c = counts.rows[0]!;
  const nameOf = new Map(names.rows.map((row) => [row.id, row.name]));
  const top = [...figures]
    .map(([partnerId, figure]) => ({ partnerId, partnerName: nameOf.get(partnerId) ?? '', ordersCents: figure.ordersCents }))
    .sort((a, b) => b.ordersCents - a.ordersCents)
    .slice(0, 5);
  return {
    period,
    partners: { gold: c.gold, silver: c.silver, bronze: c.bronze },
    pendingRegistrations: c.pending,
    activeRegistrations: c.active,
    conflicts,
    renewalsDue: c.renewals,
    statementsToApprove: c.statements,
    ordersCents: [...figures.values()].reduce((sum, figure) => sum + figure.ordersCents, 0),
    top,
  };
}
