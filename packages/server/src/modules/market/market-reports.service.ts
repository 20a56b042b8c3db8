import { sql } from 'drizzle-orm';
import type { z } from 'zod';
import {
  message,
  type MarketReport,
  type MarketRollup,
  type WeeklyContent,
  type marketReportGenerateSchema,
  type marketReportListQuerySchema,
  type marketReportUpdateSchema,
} from '@xiaoguan/shared';
import type { Ctx } from '../../platform/context.js';
import type { Executor } from '../../platform/db/client.js';
import { iso } from '../../platform/db/client.js';
import { AppError, badRequest, conflict, notFound } from '../../platform/errors.js';
import { notify } from '../../platform/notifications/notifications.js';
import { getSettings } from '../../platform/settings/settings.js';
import { marketAccess, teamScope } from './market.access.js';
import {
  buildWeeklyReport,
  mondayOf,
  rollUpReports,
  shiftDay,
  type FeedbackFact,
  type LostDealFact,
  type PriceFact,
} from './weekly-report.js';

/** The company calendar day of an instant. */
const dayIn = (instant: Date, timeZone: string) => new Intl.DateTimeFormat('en-CA', { timeZone }).format(instant);

/** The last complete week (Monday) before `now`: the week the Monday job reports on. */
export function lastCompleteWeek(now: Date, timeZone: string): string {
  return mondayOf(shiftDay(dayIn(now, timeZone), -7));
}

/**
 * R-MKT-1: generates (or regenerates, while still a draft) the weekly report of each team for the
 * week starting `weekStart`, from the team's feedback, its lost deals and the price observations its
 * reps logged. A published report is never overwritten. Runs as the Monday job (the scheduler's lease
 * runs it once across processes; the unique (team, week) row makes a second run a no-op on published
 * ones) and on a supervisor's request. Returns the number of reports written.
 */
export async function generateWeeklyReports(
  db: Executor,
  now: Date,
  options: { weekStart?: string; teamIds?: string[]; notify?: boolean } = {},
): Promise<{ weekStart: string; reports: number }> {
  const { timeZone } = await getSettings(db);
  const weekStart = options.weekStart ? mondayOf(options.weekStart) : lastCompleteWeek(now, timeZone);
  const teamFilter = options.teamIds ? sql`and u.id = any(${sql.param(options.teamIds)}::uuid[])` : sql``;
  const teams = await db.execute<{ id: string; name: string }>(
    sql`select u.id, u.name from org_units u where u.kind = 'team' ${teamFilter} order by u.path`,
  );
  if (teams.rows.length === 0) return { weekStart, reports: 0 };
  const teamIds = teams.rows.map((team) => team.id);
  const { feedback, lost, prices } = await loadWeeklyFacts(db, teamIds, weekStart, timeZone);
  const byTeam = <T extends { team_id: string }>(rows: T[]) => {
    const map = new Map<string, T[]>();
    for (const row of rows) {
      const list = map.get(row.team_id);
      if (list) list.push(row);
      else map.set(row.team_id, [row]);
    }
    return map;
  };
  const feedbackByTeam = byTeam(feedback.rows);
  const lostByTeam = byTeam(lost.rows);
  const pricesByTeam = byTeam(prices.rows);
  let written = 0;
  for (const team of teams.rows) {
    const content = buildWeeklyReport({
      weekStart,
      feedback: (feedbackByTeam.get(team.id) ?? []).map((row): FeedbackFact => ({
        day: row.day,
        type: row.type,
        sentiment: row.sentiment,
        competitorId: row.competitor_id,
        competitorName: row.competitor_name,
        text: row.text,
      })),
      lostDeals: (lostByTeam.get(team.id) ?? []).map((row): LostDealFact => ({
        day: row.day,
        competitorName: row.competitor_name,
        amountCents: Number(row.amount_cents),
      })),
      prices: (pricesByTeam.get(team.id) ?? []).map((row): PriceFact => ({
        day: row.day,
        competitorId: row.competitor_id,
        competitorName: row.competitor_name,
        product: row.product,
        priceCents: Number(row.price),
      })),
    });
    const result = await db.execute<{ id: string; inserted: boolean }>(sql`
      insert into market_reports (team_id, week_start, content, generated_at)
      values (${team.id}, ${weekStart}, ${JSON.stringify(content)}::jsonb, ${now.toISOString()}::timestamptz)
      on conflict (team_id, week_start) do update
        set content = excluded.content, generated_at = excluded.generated_at, updated_at = excluded.generated_at, version = market_reports.version + 1
        where market_reports.status = 'draft'
      returning id, (xmax = 0) as inserted`);
    const row = result.rows[0];
    if (!row) continue;
    written += 1;
    if (row.inserted && options.notify !== false) {
      const supervisors = await db.execute<{ id: string }>(sql`
        select id from users where org_unit_id = ${team.id} and 'supervisor' = any(roles) and not disabled`);
      await notify(
        db,
        supervisors.rows.map((supervisor) => ({
          userId: supervisor.id,
          kind: 'market.report.generated',
          title: `${team.name} ${weekStart} 市场反馈周报已生成，请审阅发布`,
          titleMessage: message('market.messages.reportGenerated', { team: team.name, week: weekStart }),
          link: `/market/reports/${row.id}`,
        })),
      );
    }
  }
  return { weekStart, reports: written };
}

/**
 * The facts behind R-MKT-1 for the teams' week starting `weekStart`: their feedback of this and the
 * last week, the deals they lost in those weeks, and the competitor prices they observed in the year
 * up to the week's end — three statements for all the teams (the weekly bench times them alone).
 */
export async function loadWeeklyFacts(db: Executor, teamIds: string[], weekStart: string, timeZone: string) {
  const end = shiftDay(weekStart, 7);
  const previous = shiftDay(weekStart, -7);
  const yearBefore = shiftDay(weekStart, -365);
  const local = (column: string) => sql.raw(`(${column} at time zone '${timeZone.replace(/'/g, "''")}')::date`);
  const [feedback, lost, prices] = await Promise.all([
    db.execute<{
      team_id: string;
      day: string;
      type: FeedbackFact['type'];
      sentiment: FeedbackFact['sentiment'];
      competitor_id: string | null;
      competitor_name: string | null;
      text: string;
    }>(sql`
      select f.team_id, ${local('f.observed_at')}::text as day, f.type, f.sentiment, f.competitor_id, co.name as competitor_name, f.text
        from market_feedback f left join competitors co on co.id = f.competitor_id
       where f.team_id = any(${sql.param(teamIds)}::uuid[])
         and ${local('f.observed_at')} >= ${previous}::date and ${local('f.observed_at')} < ${end}::date`),
    db.execute<{ team_id: string; day: string; competitor_name: string; amount_cents: number }>(sql`
      select o.team_id, ${local('o.closed_at')}::text as day,
             case when o.lost_reason = 'competitor' and cardinality(o.competitors) > 0 then o.competitors[1] else '' end as competitor_name,
             o.amount_cents
        from opportunities o
       where o.stage = 'lost' and o.team_id = any(${sql.param(teamIds)}::uuid[]) and o.closed_at is not null
         and ${local('o.closed_at')} >= ${previous}::date and ${local('o.closed_at')} < ${end}::date`),
    db.execute<{ team_id: string; day: string; competitor_id: string; competitor_name: string; product: string | null; price: number }>(sql`
      select f.team_id, ${local('f.observed_at')}::text as day, f.competitor_id, co.name as competitor_name,
             f.competitor_product as product, f.competitor_price_cents as price
        from market_feedback f join competitors co on co.id = f.competitor_id
       where f.team_id = any(${sql.param(teamIds)}::uuid[]) and f.competitor_price_cents is not null
         and ${local('f.observed_at')} >= ${yearBefore}::date and ${local('f.observed_at')} < ${end}::date
       order by f.observed_at`),
  ]);
  return { feedback, lost, prices };
}

type ReportRow = {
  id: string;
  team_id: string;
  team_name: string;
  team_path: string;
  week_start: string;
  status: MarketReport['status'];
  summary: string;
  content: WeeklyContent;
  generated_at: Date;
  published_at: Date | null;
  published_by_name: string | null;
  version: number;
  can_publish: boolean;
};

const reportSelect = (ctx: Ctx) => sql`
  select r.id, r.team_id, tu.name as team_name, tu.path as team_path, r.week_start::text as week_start, r.status, r.summary, r.content,
         r.generated_at, r.published_at, pu.display_name as published_by_name, r.version,
         coalesce(${teamScope(ctx.actor, 'publish', sql`r.team_id`, sql`tu.path`)}, false) as can_publish
    from market_reports r join org_units tu on tu.id = r.team_id left join users pu on pu.id = r.published_by_id`;

/**
 * Reports the caller may read: the teams under their unit (a rep: their own team). Drafts are the
 * editors' (who may publish); everyone else reads published ones only.
 */
const readable = (ctx: Ctx) =>
  sql`${teamScope(ctx.actor, 'report', sql`r.team_id`, sql`tu.path`)} and (r.status = 'published' or ${teamScope(ctx.actor, 'publish', sql`r.team_id`, sql`tu.path`)})`;

const presentReport = (row: ReportRow): MarketReport => ({
  id: row.id,
  teamId: row.team_id,
  teamName: row.team_name,
  weekStart: row.week_start,
  status: row.status,
  summary: row.summary,
  content: row.content,
  generatedAt: iso(row.generated_at)!,
  publishedAt: iso(row.published_at),
  publishedByName: row.published_by_name,
  version: row.version,
  abilities: { update: row.can_publish && row.status === 'draft', publish: row.can_publish && row.status === 'draft' },
});

/** The archive: newest week first, searchable by words in the summary or the generated content. */
export async function listReports(ctx: Ctx, query: z.infer<typeof marketReportListQuerySchema>): Promise<MarketReport[]> {
  marketAccess.require(ctx.actor, 'report');
  const filters = [readable(ctx)];
  if (query.teamId) filters.push(sql`r.team_id = ${query.teamId}`);
  if (query.status) filters.push(sql`r.status = ${query.status}`);
  if (query.q) {
    const like = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    filters.push(sql`(r.summary ilike ${like} or r.content::text ilike ${like} or tu.name ilike ${like})`);
  }
  const rows = await ctx.db.execute<ReportRow>(
    sql`${reportSelect(ctx)} where ${sql.join(filters, sql` and `)} order by r.week_start desc, tu.path limit ${query.limit}`,
  );
  return rows.rows.map(presentReport);
}

async function loadReport(ctx: Ctx, executor: Executor, id: string, lock = false): Promise<ReportRow> {
  const rows = await executor.execute<ReportRow>(
    sql`${reportSelect(ctx)} where r.id = ${id} and ${readable(ctx)}${lock ? sql` for update of r` : sql``}`,
  );
  if (!rows.rows[0]) throw notFound('market report');
  return rows.rows[0];
}

export async function getReport(ctx: Ctx, id: string): Promise<MarketReport> {
  marketAccess.require(ctx.actor, 'report');
  return presentReport(await loadReport(ctx, ctx.db, id));
}

async function editable(ctx: Ctx, executor: Executor, id: string, version: number): Promise<ReportRow> {
  marketAccess.require(ctx.actor, 'publish');
  const row = await loadReport(ctx, executor, id, true);
  if (!row.can_publish) throw notFound('market report');
  if (row.version !== version) throw conflict();
  if (row.status !== 'draft') throw new AppError('conflict', 'the report is published');
  return row;
}

/** The supervisor's words on top of the generated figures. */
export async function updateReport(ctx: Ctx, id: string, input: z.infer<typeof marketReportUpdateSchema>): Promise<MarketReport> {
  return ctx.db.transaction(async (tx) => {
    const row = await editable(ctx, tx, id, input.version);
    await tx.execute(
      sql`update market_reports set summary = ${input.summary}, updated_at = ${ctx.now.toISOString()}::timestamptz, version = version + 1 where id = ${id}`,
    );
    await ctx.audit(tx, { action: 'update', entity: 'market_reports', entityId: id, summary: `${row.team_name} ${row.week_start}` });
    return presentReport(await loadReport(ctx, tx, id));
  });
}

/**
 * Publishes a report: the team and the line above see it (R-MKT-1 rolled up to the manager), and
 * they are told in-app. `deliverPublishedReport` is the seam the report scheduler calls to send it further.
 */
export async function publishReport(ctx: Ctx, id: string, version: number): Promise<MarketReport> {
  return ctx.db.transaction(async (tx) => {
    const row = await editable(ctx, tx, id, version);
    await tx.execute(sql`
      update market_reports set status = 'published', published_at = ${ctx.now.toISOString()}::timestamptz, published_by_id = ${ctx.actor.id},
             updated_at = ${ctx.now.toISOString()}::timestamptz, version = version + 1
       where id = ${id}`);
    await ctx.audit(tx, {
      action: 'update',
      entity: 'market_reports',
      entityId: id,
      changes: { status: ['draft', 'published'] },
      summaryMessage: message('audit.messages.marketReportPublished', { team: row.team_name, week: row.week_start }),
    });
    await deliverPublishedReport(tx, id);
    return presentReport(await loadReport(ctx, tx, id));
  });
}

/**
 * Delivery seam for the report scheduler (issue 21 item 2): who a published report goes to — the
 * team's members and everyone up the line of the team's unit with `market.report` over it (the
 * managers of the region, the director) — and the in-app notification to each. A scheduler that
 * also e-mails or pushes reports calls `reportRecipients` for the list and may replace the notify.
 */
export async function reportRecipients(db: Executor, reportId: string): Promise<{ userId: string; teamName: string; weekStart: string }[]> {
  const rows = await db.execute<{ user_id: string; team_name: string; week_start: string }>(sql`
    select distinct u.id as user_id, tu.name as team_name, r.week_start::text as week_start
      from market_reports r join org_units tu on tu.id = r.team_id
      join users u on not u.disabled
      join org_units uu on uu.id = u.org_unit_id
     where r.id = ${reportId}
       and (u.org_unit_id = r.team_id
            or (tu.path like uu.path || '%' and (('manager' = any(u.roles)) or ('supervisor' = any(u.roles))))
            or 'director' = any(u.roles))`);
  return rows.rows.map((row) => ({ userId: row.user_id, teamName: row.team_name, weekStart: row.week_start }));
}

export async function deliverPublishedReport(db: Executor, reportId: string): Promise<number> {
  const recipients = await reportRecipients(db, reportId);
  await notify(
    db,
    recipients.map((recipient) => ({
      userId: recipient.userId,
      kind: 'market.report.published',
      title: `${recipient.teamName} ${recipient.weekStart} 市场反馈周报已发布`,
      titleMessage: message('market.messages.reportPublished', { team: recipient.teamName, week: recipient.weekStart }),
      link: `/market/reports/${reportId}`,
    })),
  );
  return recipients.length;
}

/** A supervisor (re)generates their teams' drafts for a week (default: the last complete week). */
export async function generateForCaller(ctx: Ctx, input: z.infer<typeof marketReportGenerateSchema>): Promise<MarketReport[]> {
  marketAccess.require(ctx.actor, 'publish');
  const teams = await ctx.db.execute<{ id: string }>(sql`
    select tu.id from org_units tu where tu.kind = 'team' and ${teamScope(ctx.actor, 'publish', sql`tu.id`, sql`tu.path`)}
    ${input.teamId ? sql`and tu.id = ${input.teamId}` : sql``}`);
  if (teams.rows.length === 0) throw badRequest('body.teamId', 'no team of yours');
  const { weekStart } = await ctx.db.transaction((tx) =>
    generateWeeklyReports(tx, ctx.now, {
      ...(input.weekStart ? { weekStart: input.weekStart } : {}),
      teamIds: teams.rows.map((t) => t.id),
    }),
  );
  return listReports(ctx, { limit: 200 }).then((reports) =>
    reports.filter((report) => report.weekStart === weekStart && teams.rows.some((team) => team.id === report.teamId)),
  );
}

/** The manager's roll-up of a week: each team under their unit with its report's state, and the published ones summed. */
export async function rollup(ctx: Ctx, query: { weekStart?: string | undefined }): Promise<MarketRollup> {
  marketAccess.require(ctx.actor, 'report');
  const { timeZone } = await getSettings(ctx.db);
  const weekStart = query.weekStart ? mondayOf(query.weekStart) : lastCompleteWeek(ctx.now, timeZone);
  const rows = await ctx.db.execute<{
    team_id: string;
    team_name: string;
    id: string | null;
    status: 'draft' | 'published' | null;
    content: WeeklyContent | null;
    summary: string | null;
  }>(sql`
    select tu.id as team_id, tu.name as team_name, r.id, r.status, r.content, r.summary
      from org_units tu
      left join market_reports r on r.team_id = tu.id and r.week_start = ${weekStart}
     where tu.kind = 'team' and ${teamScope(ctx.actor, 'report', sql`tu.id`, sql`tu.path`)}
     order by tu.path`);
  const published = rows.rows.filter((row) => row.status === 'published' && row.content);
  return {
    weekStart,
    teams: rows.rows.map((row) => {
      const visible = row.status === 'published';
      return {
        reportId: visible ? row.id : null,
        teamId: row.team_id,
        teamName: row.team_name,
        status: row.status ?? 'missing',
        feedback: visible ? row.content!.feedback.thisWeek : 0,
        lostDeals: visible ? row.content!.lostDeals.thisWeek : 0,
        summary: visible ? (row.summary ?? '') : '',
      };
    }),
    content: rollUpReports(
      weekStart,
      published.map((row) => row.content!),
    ),
  };
}
