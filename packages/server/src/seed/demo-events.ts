import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { InvitationStatus } from '@xiaoguan/shared';
import type { Executor } from '../platform/db/client.js';
import { insertRows } from './bulk-insert.js';
import { sfc32 } from './demo-customers.js';
import { eventInvitations, events, eventStatusHistory } from '../modules/events/events.schema.js';
import { DEFAULT_EVENT_SETTINGS } from '../modules/events/events.settings.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;

/**
 * Conference-marketing demo data (M3): twelve past events of the first region's manager over the last
 * year, with invitation outcomes, decline reasons and check-ins, and two upcoming events still inviting.
 * Touches only the events tables (no interactions), so customer figures stay as they were.
 * Deterministic for a seed and a moment: customers are taken by name order, outcomes by sfc32.
 */
export async function seedDemoEvents(
  db: Executor,
  options: { now?: Date; seed?: number } = {},
): Promise<{ events: number; invitations: number }> {
  const now = options.now ?? new Date();
  const random = sfc32(options.seed ?? 20261206);
  const people = await db.execute<{ manager: string; unit: string | null; support: string }>(sql`
    select m.id as manager, m.org_unit_id as unit, s.id as support
      from users m, users s where m.username = 'manager' and s.username = 'support'`);
  const who = people.rows[0];
  if (!who) return { events: 0, invitations: 0 };
  // Customers the manager's reps own, in name order: each event invites the next 30.
  const candidates = await db.execute<{ id: string; owner_id: string }>(sql`
    select c.id, c.owner_id from customers c
      join users o on o.id = c.owner_id
      join org_units u on u.id = o.org_unit_id
     where u.path like (select path || '%' from org_units where id = ${who.unit}) and c.merged_into_id is null and 'rep' = any(o.roles)
     order by c.name_key, c.name, c.tier
     limit 150`);
  const plans = [
    { type: DEFAULT_EVENT_SETTINGS.eventTypes[1]!, theme: '春季健康养生专题讲座', venue: '锦江饭店 三楼宴会厅', daysAgo: 120 },
    { type: DEFAULT_EVENT_SETTINGS.eventTypes[0]!, theme: '新品发布会：智能净水系列', venue: '国际会议中心 B 厅', daysAgo: 90 },
    { type: DEFAULT_EVENT_SETTINGS.eventTypes[2]!, theme: '年中客户答谢会', venue: '和平饭店 和平厅', daysAgo: 60 },
    { type: DEFAULT_EVENT_SETTINGS.eventTypes[3]!, theme: '经销商产品培训日', venue: '公司总部 培训中心', daysAgo: 30 },
    { type: DEFAULT_EVENT_SETTINGS.eventTypes[1]!, theme: '秋冬季节健康讲座', venue: '锦江饭店 三楼宴会厅', daysAgo: -12 },
    // The rest of the year (issue 17 item 11: twelve past events, two upcoming), added after the first
    // five so their data stays as it was; invitations wrap round the same customers.
    { type: DEFAULT_EVENT_SETTINGS.eventTypes[0]!, theme: '新品发布会：空气净化系列', venue: '国际会议中心 A 厅', daysAgo: 150 },
    { type: DEFAULT_EVENT_SETTINGS.eventTypes[1]!, theme: '冬季养生与慢病管理讲座', venue: '锦江饭店 三楼宴会厅', daysAgo: 180 },
    { type: DEFAULT_EVENT_SETTINGS.eventTypes[2]!, theme: '新春客户答谢会', venue: '和平饭店 和平厅', daysAgo: 210 },
    { type: DEFAULT_EVENT_SETTINGS.eventTypes[3]!, theme: '门店店长培训日', venue: '公司总部 培训中心', daysAgo: 240 },
    { type: DEFAULT_EVENT_SETTINGS.eventTypes[1]!, theme: '秋季健康饮水讲座', venue: '静安香格里拉 宴会厅', daysAgo: 270 },
    { type: DEFAULT_EVENT_SETTINGS.eventTypes[0]!, theme: '年度新品品鉴会', venue: '国际会议中心 B 厅', daysAgo: 300 },
    { type: DEFAULT_EVENT_SETTINGS.eventTypes[2]!, theme: '中秋客户答谢会', venue: '和平饭店 和平厅', daysAgo: 330 },
    { type: DEFAULT_EVENT_SETTINGS.eventTypes[1]!, theme: '夏季健康生活讲座', venue: '锦江饭店 三楼宴会厅', daysAgo: 360 },
    { type: DEFAULT_EVENT_SETTINGS.eventTypes[2]!, theme: '岁末客户答谢会', venue: '和平饭店 和平厅', daysAgo: -26 },
  ];
  const invitationRows: (typeof eventInvitations.$inferInsert)[] = [];
  const historyRows: (typeof eventStatusHistory.$inferInsert)[] = [];
  const reasons = DEFAULT_EVENT_SETTINGS.declineReasons;
  for (const [index, plan] of plans.entries()) {
    const day = new Date(now.getTime() - plan.daysAgo * DAY);
    // 14:00–17:00 Shanghai time (06:00–09:00 UTC) on that day.
    const startsAt = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), 6));
    const endsAt = new Date(startsAt.getTime() + 3 * HOUR);
    const past = plan.daysAgo > 0;
    const status = past ? 'closed' : 'inviting';
    const [event] = await db
      .insert(events)
      .values({
        type: plan.type,
        theme: plan.theme,
        description: '邀请老客户及意向客户参加，专家分享与现场优惠。',
        targetProfile: '45 岁以上、关注健康的意向及签约客户',
        agenda: [
          { time: '13:30', title: '签到入场' },
          { time: '14:00', title: '开场致辞', speaker: '销售经理' },
          { time: '14:20', title: '专家分享', speaker: '张教授' },
          { time: '15:30', title: '产品体验与答疑' },
          { time: '16:30', title: '现场优惠与签约' },
        ],
        speakers: [{ name: '张教授', bio: '营养与健康管理专家，从业二十年。' }],
        venue: plan.venue,
        address: '上海市',
        capacity: 60,
        startsAt,
        endsAt,
        organiserId: who.manager,
        orgUnitId: who.unit,
        status,
        statusAt: past ? endsAt : new Date(now.getTime() - 2 * DAY),
        createdById: who.manager,
        createdAt: new Date(startsAt.getTime() - 30 * DAY),
        updatedAt: past ? endsAt : now,
      })
      .returning({ id: events.id });
    const eventId = event!.id;
    const steps: [string | null, string, Date][] = past
      ? [
          [null, 'draft', new Date(startsAt.getTime() - 30 * DAY)],
          ['draft', 'inviting', new Date(startsAt.getTime() - 21 * DAY)],
          ['inviting', 'ready', new Date(startsAt.getTime() - 1 * DAY)],
          ['ready', 'running', startsAt],
          ['running', 'closed', endsAt],
        ]
      : [
          [null, 'draft', new Date(now.getTime() - 5 * DAY)],
          ['draft', 'inviting', new Date(now.getTime() - 2 * DAY)],
        ];
    for (const [from, to, at] of steps) historyRows.push({ eventId, fromStatus: from, toStatus: to, at, actorId: who.manager });

    const start = candidates.rows.length ? (index * 30) % candidates.rows.length : 0;
    const invited = [...candidates.rows.slice(start), ...candidates.rows.slice(0, start)].slice(0, 30);
    for (const [n, customer] of invited.entries()) {
      const roll = random();
      const created = new Date(startsAt.getTime() - 20 * DAY);
      const row: typeof eventInvitations.$inferInsert = {
        eventId,
        customerId: customer.id,
        callerId: customer.owner_id,
        channel: 'phone',
        source: 'plan',
        qrToken: crypto.createHash('md5').update(`${eventId}:${customer.id}`).digest('hex'),
        createdAt: created,
        updatedAt: created,
        statusAt: created,
        attempts: 0,
      };
      let status: InvitationStatus = 'pending';
      if (past || n < 18) {
        if (roll < 0.62) {
          status = 'accepted';
          row.acceptedAt = new Date(created.getTime() + 3 * DAY);
          row.lastOutcome = 'accepted';
          row.attempts = 1 + Math.floor(random() * 2);
          if (past && random() < 0.75) row.confirmedAt = new Date(startsAt.getTime() - DAY + 2 * HOUR);
          if (past) status = random() < (row.confirmedAt ? 0.85 : 0.5) ? 'attended' : 'no_show';
        } else if (roll < 0.85) {
          status = 'declined';
          row.lastOutcome = 'declined';
          row.attempts = 1;
          row.declineReason = reasons[Math.floor(random() * reasons.length)]!;
        } else {
          row.lastOutcome = 'no_answer';
          row.attempts = 2;
        }
      }
      row.status = status;
      if (status !== 'pending') row.statusAt = status === 'attended' ? startsAt : new Date(created.getTime() + 3 * DAY);
      if (status === 'attended') {
        row.checkedInAt = new Date(startsAt.getTime() - 40 * 60_000 + Math.floor(random() * 50) * 60_000);
        row.checkedInById = who.support;
        row.seat = `${String.fromCharCode(65 + Math.floor(n / 10))}-${(n % 10) + 1}`;
      }
      invitationRows.push(row);
    }
  }
  await insertRows(db, eventStatusHistory, historyRows);
  await insertRows(db, eventInvitations, invitationRows);
  return { events: plans.length, invitations: invitationRows.length };
}
