import { sql } from 'drizzle-orm';
import { type FeedbackType, type ReportLanguage, type WeeklyContent } from '@xiaoguan/shared';
import type { Ctx } from '../../platform/context.js';
import { createPdf, formatYuan } from '../../platform/pdf/pdf.js';
import { getSettings } from '../../platform/settings/settings.js';
import {
  addReportSheet,
  MONEY_FORMAT,
  reportWorkbook,
  workbookBuffer,
  type ReportKind,
  type ReportRequest,
  type RenderedReport,
} from '../reports/index.js';
import { marketAccess, teamScope } from './market.access.js';
import { rollUpReports } from './weekly-report.js';

/**
 * R-MKT-1 delivered by the report scheduler (issue 21 item 2): the weekly market feedback report as a
 * kind of the reports module's `reportKinds` slot, so subscriptions, the archive, the in-app notice and
 * e-mail / WeCom / DingTalk work for it as for the sales report. Built as the subscriber: the teams
 * whose reports they may read (narrowed to the subscription's unit). A published report is shown with
 * the supervisor's notes; a draft only to those who may publish it (marked as a draft); a team with
 * neither is listed as not published. The totals roll up what is shown.
 */
export const marketReportKind: ReportKind = {
  key: 'market.weekly',
  periods: ['weekly'],
  canSubscribe: (actor) => marketAccess.can(actor, 'report'),
  render: renderMarketWeekly,
};

type TeamWeek = {
  teamName: string;
  status: 'published' | 'draft' | 'unpublished';
  summary: string;
  content: WeeklyContent | null;
};

/** The teams' reports of a week as `ctx.actor` may read them. */
export async function teamWeeks(ctx: Ctx, weekStart: string, unitId: string | null): Promise<{ teams: TeamWeek[]; scopeName: string }> {
  const unit = unitId
    ? (await ctx.db.execute<{ name: string; path: string }>(sql`select name, path from org_units where id = ${unitId}`)).rows[0]
    : undefined;
  const rows = await ctx.db.execute<{
    team_name: string;
    status: 'draft' | 'published' | null;
    summary: string | null;
    content: WeeklyContent | null;
    can_publish: boolean;
  }>(sql`
    select tu.name as team_name, r.status, r.summary, r.content,
           coalesce(${teamScope(ctx.actor, 'publish', sql`tu.id`, sql`tu.path`)}, false) as can_publish
      from org_units tu
      left join market_reports r on r.team_id = tu.id and r.week_start = ${weekStart}::date
     where tu.kind = 'team' and ${teamScope(ctx.actor, 'report', sql`tu.id`, sql`tu.path`)}
       ${unit ? sql`and tu.path like ${`${unit.path}%`}` : sql``}
     order by tu.path`);
  const teams = rows.rows.map((row): TeamWeek => {
    const shown = row.status === 'published' || (row.status === 'draft' && row.can_publish);
    return {
      teamName: row.team_name,
      status: shown ? row.status! : 'unpublished',
      summary: shown ? (row.summary ?? '') : '',
      content: shown ? row.content : null,
    };
  });
  let scopeName = unit?.name;
  if (!scopeName) {
    const companyWide = marketAccess.scopes(ctx.actor, 'report').includes('all');
    const own = ctx.actor.orgUnitId
      ? (await ctx.db.execute<{ name: string }>(sql`select name from org_units where id = ${ctx.actor.orgUnitId}`)).rows[0]?.name
      : undefined;
    scopeName = companyWide || !own ? (await getSettings(ctx.db)).companyName : own;
  }
  return { teams, scopeName };
}

async function renderMarketWeekly(ctx: Ctx, request: ReportRequest): Promise<RenderedReport> {
  const weekStart = request.range.from;
  const { teams, scopeName } = await teamWeeks(ctx, weekStart, request.unitId);
  const total = rollUpReports(
    weekStart,
    teams.flatMap((team) => (team.content ? [team.content] : [])),
  );
  const L = LABELS[request.language];
  const { companyName, timeZone } = await getSettings(ctx.db);
  const generated = new Intl.DateTimeFormat('sv-SE', { timeZone, dateStyle: 'short', timeStyle: 'short' }).format(ctx.now);
  const title = `${L.title} ${request.range.from} – ${request.range.to}`;
  const input = { title, scopeName, generated, teams, total, L };
  return { title, scopeName, xlsx: await marketXlsx(input), pdf: await marketPdf(input, companyName) };
}

const LABELS = {
  'zh-CN': {
    title: '市场反馈周报',
    scope: '范围',
    generatedAt: '生成时间',
    total: '合计',
    teams: '各团队',
    team: '团队',
    status: '状态',
    statuses: { published: '已发布', draft: '草稿（未发布）', unpublished: '未发布' },
    feedback: '本周反馈',
    lastWeek: '上周',
    negative: '负面',
    lostDeals: '本周丢单',
    lostAmount: '丢单金额（元）',
    notes: '主管点评',
    themes: '热点主题',
    type: '类型',
    competitor: '竞争对手',
    count: '次数',
    sample: '摘录',
    priceMoves: '竞品价格变动',
    product: '产品',
    previous: '原价（元）',
    current: '现价（元）',
    change: '变动',
    lostByCompetitor: '丢单（按竞争对手）',
    none: '无',
    noCompetitor: '未注明',
    types: { price: '价格', product: '产品', service: '服务', channel: '渠道', policy: '政策' } as Record<FeedbackType, string>,
    page: (n: number, of: number) => `第 ${n} / ${of} 页`,
  },
  'en-US': {
    title: 'Weekly market feedback report',
    scope: 'Scope',
    generatedAt: 'Generated',
    total: 'Total',
    teams: 'Teams',
    team: 'Team',
    status: 'Status',
    statuses: { published: 'Published', draft: 'Draft (not published)', unpublished: 'Not published' },
    feedback: 'Feedback this week',
    lastWeek: 'Last week',
    negative: 'Negative',
    lostDeals: 'Deals lost this week',
    lostAmount: 'Lost amount (CNY)',
    notes: 'Supervisor’s notes',
    themes: 'Top themes',
    type: 'Type',
    competitor: 'Competitor',
    count: 'Count',
    sample: 'Sample',
    priceMoves: 'Competitor price moves',
    product: 'Product',
    previous: 'Before (CNY)',
    current: 'Now (CNY)',
    change: 'Change',
    lostByCompetitor: 'Deals lost by competitor',
    none: 'None',
    noCompetitor: 'Not named',
    types: { price: 'Price', product: 'Product', service: 'Service', channel: 'Channel', policy: 'Policy' } as Record<FeedbackType, string>,
    page: (n: number, of: number) => `Page ${n} of ${of}`,
  },
} satisfies Record<ReportLanguage, unknown>;

type Labels = (typeof LABELS)[ReportLanguage];
interface RenderInput {
  title: string;
  scopeName: string;
  generated: string;
  teams: TeamWeek[];
  total: WeeklyContent;
  L: Labels;
}

const percent = (bp: number) => `${bp > 0 ? '+' : ''}${(bp / 100).toFixed(1)}%`;

/** The tables of the report, shared by the workbook and the PDF. */
function tables({ teams, total, L }: RenderInput) {
  const negative = (content: WeeklyContent | null) => content?.sentiment.negative ?? 0;
  return {
    teams: {
      head: [L.team, L.status, L.feedback, L.lastWeek, L.negative, L.lostDeals, L.lostAmount],
      rows: [
        ...teams.map((team) => [
          team.teamName,
          L.statuses[team.status],
          team.content?.feedback.thisWeek ?? 0,
          team.content?.feedback.lastWeek ?? 0,
          negative(team.content),
          team.content?.lostDeals.thisWeek ?? 0,
          (team.content?.lostDeals.amountCents ?? 0) / 100,
        ]),
        [
          L.total,
          '',
          total.feedback.thisWeek,
          total.feedback.lastWeek,
          total.sentiment.negative,
          total.lostDeals.thisWeek,
          total.lostDeals.amountCents / 100,
        ],
      ],
    },
    themes: {
      head: [L.type, L.competitor, L.count, L.negative, L.sample],
      rows: total.themes.map((theme) => [L.types[theme.type], theme.competitorName ?? '—', theme.count, theme.negative, theme.sample]),
    },
    prices: {
      head: [L.competitor, L.product, L.previous, L.current, L.change],
      rows: total.priceMoves.map((move) => [
        move.competitorName,
        move.product ?? '—',
        move.previousCents / 100,
        move.currentCents / 100,
        percent(move.changeBp),
      ]),
    },
    lost: {
      head: [L.competitor, L.lostDeals, L.lastWeek, L.lostAmount],
      rows: total.lostDeals.byCompetitor.map((row) => [
        row.competitorName || L.noCompetitor,
        row.thisWeek,
        row.lastWeek,
        row.amountCents / 100,
      ]),
    },
  };
}

async function marketXlsx(input: RenderInput): Promise<Buffer> {
  const { L } = input;
  const t = tables(input);
  const book = reportWorkbook();
  const sheet = (name: string, table: { head: string[]; rows: (string | number)[][] }, moneyColumns: number[]) =>
    addReportSheet(book, {
      name,
      title: input.title,
      titleSize: 13,
      info: [[`${L.scope}: ${input.scopeName}`, `${L.generatedAt}: ${input.generated}`]],
      head: table.head,
      rows: table.rows,
      formats: Object.fromEntries(moneyColumns.map((column) => [column - 1, MONEY_FORMAT])),
      widths: { first: 24, rest: 14 },
    });
  const teams = sheet(L.teams, t.teams, [7]);
  teams.addRow([]);
  teams.addRow([L.notes]).font = { bold: true };
  for (const team of input.teams.filter((team) => team.summary)) teams.addRow([team.teamName, team.summary]);
  sheet(L.themes, t.themes, []);
  sheet(L.priceMoves, t.prices, [3, 4]);
  sheet(L.lostByCompetitor, t.lost, [4]);
  return workbookBuffer(book);
}

async function marketPdf(input: RenderInput, companyName: string): Promise<Buffer> {
  const { L } = input;
  const t = tables(input);
  const cell = (value: string | number, money: boolean) =>
    typeof value === 'number' ? (money ? formatYuan(Math.round(value * 100)) : value.toLocaleString('en-US')) : value;
  const texts = [
    input.title,
    input.scopeName,
    input.generated,
    ...Object.values(L).filter((value): value is string => typeof value === 'string'),
    ...Object.values(L.statuses),
    ...Object.values(L.types),
    L.page(1, 1),
    ...input.teams.flatMap((team) => [team.teamName, team.summary]),
    ...Object.values(t).flatMap((table) => [...table.head, ...table.rows.flat().map(String)]),
  ];
  const { doc, done } = createPdf(texts, { Title: input.title, Author: companyName });
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const bottom = () => doc.page.height - doc.page.margins.bottom;
  const ensure = (height: number) => {
    if (doc.y + height > bottom()) doc.addPage();
  };
  const heading = (text: string) => {
    ensure(40);
    doc.moveDown(0.6).fontSize(13).fillColor('#111827').text(text, left);
    doc.moveDown(0.3);
  };
  const table = (data: { head: string[]; rows: (string | number)[][] }, shares: number[], moneyColumns: number[]) => {
    if (data.rows.length === 0) {
      doc.fontSize(9).fillColor('#6b7280').text(L.none, left);
      return;
    }
    const widths = shares.map((share) => share * width);
    const row = (cells: (string | number)[], bold: boolean) => {
      ensure(16);
      const y = doc.y;
      let x = left;
      doc.fontSize(8.5).fillColor(bold ? '#111827' : '#374151');
      cells.forEach((value, index) => {
        const text = String(cell(value, moneyColumns.includes(index + 1)));
        doc.text(text, x + 2, y, {
          width: widths[index]! - 4,
          height: 11,
          align: typeof value === 'number' ? 'right' : 'left',
          ellipsis: true,
        });
        x += widths[index]!;
      });
      doc
        .moveTo(left, y + 13)
        .lineTo(left + width, y + 13)
        .lineWidth(0.3)
        .strokeColor('#d1d5db')
        .stroke();
      doc.x = left;
      doc.y = y + 16;
    };
    row(data.head, true);
    for (const cells of data.rows) row(cells, false);
  };

  doc
    .fillColor('#111827')
    .fontSize(18)
    .text(input.title, left, doc.page.margins.top + 8);
  doc.moveDown(0.3).fontSize(10).fillColor('#6b7280');
  doc.text(`${L.scope}: ${input.scopeName}    ${L.generatedAt}: ${input.generated}`);
  heading(L.teams);
  table(t.teams, [0.22, 0.16, 0.11, 0.1, 0.1, 0.13, 0.18], [7]);
  const notes = input.teams.filter((team) => team.summary);
  if (notes.length > 0) {
    heading(L.notes);
    for (const team of notes) {
      ensure(30);
      doc.fontSize(9.5).fillColor('#111827').text(team.teamName, left);
      doc.fontSize(9).fillColor('#374151').text(team.summary, left, undefined, { width });
      doc.moveDown(0.4);
    }
  }
  heading(L.themes);
  table(t.themes, [0.12, 0.18, 0.08, 0.08, 0.54], []);
  heading(L.priceMoves);
  table(t.prices, [0.26, 0.26, 0.16, 0.16, 0.16], [3, 4]);
  heading(L.lostByCompetitor);
  table(t.lost, [0.4, 0.18, 0.18, 0.24], [4]);

  const range = doc.bufferedPageRange();
  for (let i = 0; i < range.count; i++) {
    doc.switchToPage(range.start + i);
    const margin = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.fontSize(7.5).fillColor('#6b7280');
    doc.text(`${input.title} · ${input.scopeName}`, left, 24, { width, lineBreak: false });
    doc.text(L.page(i + 1, range.count), left, doc.page.height - 36, { width, align: 'right', lineBreak: false });
    doc.page.margins.bottom = margin;
  }
  doc.end();
  return done;
}
