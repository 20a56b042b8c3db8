import { sql } from 'drizzle-orm';
import type { Executor } from '../platform/db/client.js';
import { sfc32 } from './demo-customers.js';
import { generateWeeklyReports } from '../modules/market/market-reports.service.js';
import { mondayOf, shiftDay } from '../modules/market/weekly-report.js';
import { computeRebate, previousQuarter, quarterOf, quarterRange } from '../modules/channels/rebates.js';
import { partnerFigures } from '../modules/channels/channel-figures.js';

/** The names the demo pipeline uses for competitors on its opportunities, so lost deals link to the records. */
const COMPETITORS = [
  { name: '用友', strengths: '品牌知名度高，渠道覆盖广', weaknesses: '实施周期长，价格偏高', product: 'YS 云', base: 16_800_000 },
  { name: '金蝶', strengths: '云产品成熟，中小企业份额大', weaknesses: '大客户定制能力一般', product: '星空', base: 12_800_000 },
  { name: '鼎捷', strengths: '制造业行业经验', weaknesses: '区域服务网点少', product: 'T100', base: 15_000_000 },
  { name: '浪潮', strengths: '政企关系与本地化', weaknesses: '产品更新慢', product: 'GS Cloud', base: 14_500_000 },
  { name: '本地服务商', strengths: '价格低，响应快', weaknesses: '资质与持续服务能力弱', product: '定制开发', base: 6_000_000 },
];
const TEXTS: Record<string, string[]> = {
  price: ['客户反映对手报价低 10% 左右', '对手给出年付八折优惠', '客户认为我们的实施费偏高', '对手免费赠送一年运维'],
  product: ['客户关注移动端审批功能', '对手新版本上线了智能报表', '客户希望支持多组织合并报表', '试用后客户对界面评价很好'],
  service: ['上线培训安排得很及时，客户满意', '客户抱怨售后响应慢', '实施顾问专业度获得认可', '客户希望有驻场支持'],
  channel: ['当地代理商在主动接触该客户', '客户更愿意通过本地服务商采购', '经销商报价与直销不一致'],
  policy: ['客户所在园区有数字化补贴', '信创政策要求国产化替代', '客户预算审批收紧'],
};
const TYPES = ['price', 'price', 'product', 'service', 'channel', 'policy'] as const;
const PARTNER_NAMES = [
  '华东智联科技',
  '申城信息系统',
  '杭州云帆软件',
  '苏州数维科技',
  '宁波启航信息',
  '南京博远数据',
  '深圳前海数科',
  '广州粤信科技',
  '东莞智造软件',
  '佛山明德信息',
  '北京中关数联',
  '天津渤海信息',
  '河北冀云科技',
  '成都天府软件',
  '重庆两江数智',
  '武汉光谷信息',
  '长沙湘软科技',
  '西安古城数科',
  '青岛海联信息',
  '厦门鹭岛软件',
];

/**
 * Demo market intelligence and channels (issue 21): a year of market feedback from every team with
 * the weekly reports (published, the last week a draft), five competitors with share estimates, 20
 * partners in three tiers with contacts, tier history and registrations (one of them in conflict: the
 * customer's rep called after the approval), attributed orders, and rebate statements for the last
 * quarter (approved) and the current one (computed).
 */
export async function seedDemoMarketChannels(
  db: Executor,
  options: { now?: Date; seed?: number } = {},
): Promise<{ feedback: number; partners: number }> {
  const now = options.now ?? new Date();
  const random = sfc32(options.seed ?? 20261207);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(now);
  const reps = await db.execute<{ id: string; team_id: string }>(sql`
    select u.id, u.org_unit_id as team_id from users u join org_units o on o.id = u.org_unit_id
     where o.kind = 'team' and 'rep' = any(u.roles) and not u.disabled order by u.username`);
  if (!reps.rows.length) return { feedback: 0, partners: 0 };
  const manager = (await db.execute<{ id: string }>(sql`select id from users where 'manager' = any(roles) order by username limit 1`))
    .rows[0]!.id;
  const channelUser =
    (await db.execute<{ id: string }>(sql`select id from users where 'channel' = any(roles) order by username limit 1`)).rows[0]?.id ??
    manager;
  const regions = (await db.execute<{ id: string }>(sql`select id from org_units where kind = 'region' order by path`)).rows.map(
    (r) => r.id,
  );

  // Competitors and their share estimates per region.
  const competitors: { id: string; name: string; product: string; base: number }[] = [];
  for (const c of COMPETITORS) {
    const row = await db.execute<{ id: string }>(sql`
      insert into competitors (name, strengths, weaknesses, products)
      values (${c.name}, ${c.strengths}, ${c.weaknesses}, ${JSON.stringify([{ name: c.product, note: '' }])}::jsonb) returning id`);
    competitors.push({ id: row.rows[0]!.id, name: c.name, product: c.product, base: c.base });
  }
  const shares = competitors.flatMap((c) =>
    regions.map(
      (region) =>
        sql`(${c.id}::uuid, ${region}::uuid, ${Math.round(500 + random() * 2000)}, ${shiftDay(today, -30)}::date, ${manager}::uuid)`,
    ),
  );
  if (shares.length)
    await db.execute(
      sql`insert into competitor_shares (competitor_id, region_id, share_bp, as_of, recorded_by_id) values ${sql.join(shares, sql`, `)}`,
    );

  // A year of feedback: 2–5 observations per team and week; prices drift and step.
  const thisMonday = mondayOf(today);
  const firstMonday = shiftDay(thisMonday, -52 * 7);
  const teams = [...new Set(reps.rows.map((r) => r.team_id))];
  const rows: ReturnType<typeof sql>[] = [];
  const price = new Map(competitors.map((c) => [c.id, c.base]));
  for (let week = 0; week <= 52; week++) {
    const monday = shiftDay(firstMonday, week * 7);
    for (const c of competitors) if (random() < 0.12) price.set(c.id, Math.round((price.get(c.id)! * (0.9 + random() * 0.15)) / 100) * 100);
    for (const team of teams) {
      const teamReps = reps.rows.filter((r) => r.team_id === team);
      const count = 2 + Math.floor(random() * 4);
      for (let i = 0; i < count; i++) {
        const day = shiftDay(monday, Math.floor(random() * 5));
        if (day > today) continue;
        const type = pick(TYPES);
        const competitor = type === 'price' || random() < 0.5 ? pick(competitors) : null;
        const withPrice = type === 'price' && competitor !== null;
        const sentiment = type === 'price' ? (random() < 0.7 ? 'negative' : 'neutral') : pick(['positive', 'neutral', 'negative'] as const);
        rows.push(sql`(${pick(teamReps).id}::uuid, ${team}::uuid, ${competitor ? 'competitor' : 'region'}, ${type}, ${competitor ? null : pick(regions)}::uuid,
          ${competitor?.id ?? null}::uuid, ${withPrice ? competitor!.product : null}, ${withPrice ? price.get(competitor!.id)! : null}::bigint,
          ${sentiment}, ${pick(TEXTS[type]!)}, ${`${day}T${String(9 + Math.floor(random() * 9)).padStart(2, '0')}:00:00+08:00`}::timestamptz)`);
      }
    }
  }
  for (let i = 0; i < rows.length; i += 500)
    await db.execute(sql`
      insert into market_feedback (author_id, team_id, subject, type, region_id, competitor_id, competitor_product, competitor_price_cents, sentiment, text, observed_at)
      values ${sql.join(rows.slice(i, i + 500), sql`, `)}`);

  // The weekly reports: every past week generated; all but last week published by the team's supervisor.
  for (let week = 0; week < 52; week++) {
    await generateWeeklyReports(db, now, { weekStart: shiftDay(firstMonday, week * 7), notify: false });
  }
  const lastWeek = shiftDay(thisMonday, -7);
  await db.execute(sql`
    update market_reports r set status = 'published', summary = '本周价格类反馈集中，建议针对主要竞品准备对比材料；服务类反馈整体正面。',
           published_at = (r.week_start + 7)::timestamp at time zone 'Asia/Shanghai' + interval '10 hours',
           published_by_id = (select u.id from users u where u.org_unit_id = r.team_id and 'supervisor' = any(u.roles) order by u.username limit 1),
           version = version + 1
     where r.week_start < ${lastWeek}::date`);

  // Partners: 4 gold, 6 silver, 10 bronze; the first two gold ones exclusive in a region.
  const partnerIds: { id: string; tier: 'gold' | 'silver' | 'bronze'; regionId: string }[] = [];
  for (const [index, name] of PARTNER_NAMES.entries()) {
    const tier = index < 4 ? 'gold' : index < 10 ? 'silver' : 'bronze';
    const regionId = regions[index % regions.length]!;
    const row = await db.execute<{ id: string }>(sql`
      insert into channel_partners (name, kind, tier, region_ids, exclusive, product_lines, contract_terms, contract_start, contract_end,
                                    profile, qualification_status, checklist, renewal_on, created_by_id)
      values (${name}, ${pick(['agent', 'distributor', 'reseller'] as const)}, ${tier}, array[${regionId}]::uuid[], ${index < 2},
              array['ERP', '财务云']::text[], '年度代理协议：季度返利，区域内报备保护 90 天', ${shiftDay(today, -400)}::date, ${shiftDay(today, 330 - index * 20)}::date,
              ${`${name}，专注区域中型制造与商贸企业信息化`}, ${index < 17 ? 'approved' : 'none'},
              ${JSON.stringify([
                { item: '营业执照', done: index < 17 },
                { item: '授权书', done: index < 17 },
                { item: '售后能力', done: index < 17 },
              ])}::jsonb,
              ${index < 17 ? shiftDay(today, 20 + index * 15) : null}::date, ${channelUser})
      returning id`);
    const id = row.rows[0]!.id;
    partnerIds.push({ id, tier, regionId });
    const contact = await db.execute<{ id: string; name: string }>(
      sql`insert into partner_contacts (partner_id, name, title, phone) values (${id}, ${`${name.slice(0, 2)}经理`}, '总经理', ${`1390000${String(1000 + index)}`}) returning id, name`,
    );
    // Partner training records (issue 21 item 3): the gold and silver partners' managers hold the product certificate.
    if (tier !== 'bronze')
      await db.execute(sql`
        insert into partner_trainings (partner_id, contact_id, trainee_name, course, trained_on, certificate, certificate_until, recorded_by_id)
        values (${id}, ${contact.rows[0]!.id}, ${contact.rows[0]!.name}, '渠道产品与安装认证', ${shiftDay(today, -120)}::date, '渠道产品认证',
                ${shiftDay(today, 245)}::date, ${channelUser})`);
    await db.execute(sql`
      insert into partner_tier_history (partner_id, from_tier, to_tier, reason, changed_by_id, changed_at)
      values (${id}, null, ${tier === 'gold' ? 'silver' : tier}, 'onboarding', ${channelUser}, ${shiftDay(today, -400)}::date),
             ${tier === 'gold' ? sql`(${id}, 'silver', 'gold', ${`${previousQuarter(quarterOf(today))} 贡献达标`}, ${channelUser}, ${shiftDay(today, -100)}::date)` : sql`(${id}, ${tier}, ${tier}, '年度复核', ${channelUser}, ${shiftDay(today, -100)}::date)`}`);
  }

  // Attributed orders: recent orders of customers in each partner's region.
  const orders = await db.execute<{ id: string; region_id: string }>(sql`
    select o.id, r.id as region_id from orders o join customers c on c.id = o.customer_id join org_units tu on tu.id = c.team_id
      join org_units r on r.kind = 'region' and tu.path like r.path || '%'
     where o.status <> 'cancelled' and o.ordered_at >= ${shiftDay(today, -200)}::date order by o.ordered_at, o.id`);
  const deals = orders.rows
    .filter(() => random() < 0.35)
    .map((order) => {
      const inRegion = partnerIds.filter((p) => p.regionId === order.region_id);
      const partner = inRegion.length ? pick(inRegion) : pick(partnerIds);
      return sql`(${partner.id}::uuid, ${order.id}::uuid, ${channelUser}::uuid)`;
    });
  for (let i = 0; i < deals.length; i += 500)
    await db.execute(
      sql`insert into partner_deals (partner_id, order_id, created_by_id) values ${sql.join(deals.slice(i, i + 500), sql`, `)} on conflict do nothing`,
    );

  // Registrations: protected, expired and pending; one protected customer then called by its rep (the conflict).
  const prospects = await db.execute<{ id: string; owner_id: string | null; region_id: string }>(sql`
    select c.id, c.owner_id, r.id as region_id from customers c join org_units tu on tu.id = c.team_id
      join org_units r on r.kind = 'region' and tu.path like r.path || '%'
     where c.status in ('lead', 'intent') and c.merged_into_id is null
     order by exists (select 1 from interactions i where i.customer_id = c.id and i.occurred_at > ${shiftDay(today, -60)}::date)
           or exists (select 1 from opportunities o where o.customer_id = c.id and o.created_at > ${shiftDay(today, -60)}::date), c.name
     limit 40`);
  let conflictMade = false;
  for (const [index, prospect] of prospects.rows.slice(0, 18).entries()) {
    const partner = partnerIds.find((p) => p.regionId === prospect.region_id) ?? partnerIds[index % partnerIds.length]!;
    const kind = index % 3; // 0 protected, 1 expired, 2 pending
    const decidedDay = kind === 0 ? shiftDay(today, -10 - index) : kind === 1 ? shiftDay(today, -150) : null;
    const status = kind === 0 ? 'approved' : kind === 1 ? 'expired' : 'pending';
    await db.execute(sql`
      insert into deal_registrations (partner_id, customer_id, status, note, expected_cents, registered_by_id, registered_at, decided_by_id, decided_at, protected_until)
      values (${partner.id}, ${prospect.id}, ${status}, '客户有年内上线计划，伙伴已完成首次拜访', ${(5 + index) * 1_000_000}, ${channelUser},
              ${`${shiftDay(decidedDay ?? today, -3)}T10:00:00+08:00`}::timestamptz, ${decidedDay ? channelUser : null}::uuid,
              ${decidedDay ? `${decidedDay}T15:00:00+08:00` : null}::timestamptz, ${decidedDay ? shiftDay(decidedDay, 89) : null}::date)`);
    if (kind === 0 && !conflictMade && prospect.owner_id) {
      await db.execute(sql`
        insert into interactions (customer_id, type, occurred_at, outcome, notes, author_id)
        values (${prospect.id}, 'call', ${`${shiftDay(today, -2)}T11:00:00+08:00`}::timestamptz, null, '电话回访，客户提到代理商也在跟进', ${prospect.owner_id})`);
      conflictMade = true;
    }
  }

  // Rebate programmes per tier and statements: last quarter approved (channel manager, then finance), this quarter computed.
  const programmes = {
    gold: [
      { fromCents: 50_000_000, rateBp: 200 },
      { fromCents: 150_000_000, rateBp: 300 },
      { fromCents: 300_000_000, rateBp: 450 },
    ],
    silver: [
      { fromCents: 30_000_000, rateBp: 150 },
      { fromCents: 100_000_000, rateBp: 250 },
    ],
    bronze: [{ fromCents: 10_000_000, rateBp: 100 }],
  } as const;
  const programmeIds = new Map<string, string>();
  for (const [tier, thresholds] of Object.entries(programmes)) {
    const row = await db.execute<{ id: string }>(sql`
      insert into rebate_programmes (name, tier, thresholds) values (${`${{ gold: '金牌', silver: '银牌', bronze: '铜牌' }[tier]}季度返利`}, ${tier}, ${JSON.stringify(thresholds)}::jsonb) returning id`);
    programmeIds.set(tier, row.rows[0]!.id);
  }
  const finance =
    (await db.execute<{ id: string }>(sql`select id from users where 'finance' = any(roles) order by username limit 1`)).rows[0]?.id ??
    null;
  for (const period of [previousQuarter(quarterOf(today)), quarterOf(today)]) {
    const figures = await partnerFigures(db, quarterRange(period), 'Asia/Shanghai');
    const done = period !== quarterOf(today);
    const values = partnerIds.map((partner) => {
      const figure = figures.get(partner.id) ?? { ordersCents: 0, collectionsCents: 0, deals: 0 };
      const result = computeRebate(figure.ordersCents, figure.collectionsCents, programmes[partner.tier]);
      return sql`(${partner.id}::uuid, ${period}, ${partner.tier}, ${programmeIds.get(partner.tier)!}::uuid, ${figure.ordersCents}::bigint, ${figure.collectionsCents}::bigint,
        ${result.thresholdCents}::bigint, ${result.rateBp}::int, ${result.rebateCents}::bigint, ${done ? 'approved' : 'draft'},
        ${done ? channelUser : null}::uuid, ${done ? now.toISOString() : null}::timestamptz, ${done && finance ? now.toISOString() : null}::timestamptz)`;
    });
    await db.execute(sql`
      insert into rebate_statements (partner_id, period, tier, programme_id, orders_cents, collections_cents, threshold_cents, rate_bp, rebate_cents, status,
                                     channel_approved_by_id, channel_approved_at, decided_at)
      values ${sql.join(values, sql`, `)}`);
  }
  return { feedback: rows.length, partners: partnerIds.length };
}
