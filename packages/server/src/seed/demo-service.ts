import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { ComplaintChannel, ComplaintPriority, ComplaintStatus, SlaLevel } from '@xiaoguan/shared';
import { COMPLAINT_CHANNELS, DEFAULT_COMPLAINT_CATEGORIES, SLA_LEVELS } from '@xiaoguan/shared';
import type { Executor } from '../platform/db/client.js';
import { counterKey } from '../platform/numbering/numbering.js';
import { insertRows } from './bulk-insert.js';
import { sfc32 } from './demo-customers.js';
import { complaintEvents, complaintPauses, complaints, surveyLinks, surveyTemplates } from '../modules/service/service.schema.js';
import { DEFAULT_SERVICE_SETTINGS } from '../modules/service/service.settings.js';
import { addBusinessMs, businessCalendar, slaClock } from '../modules/service/sla-clock.js';

const DAY = 86_400_000;
const MINUTE = 60_000;

const TITLES: Record<string, string[]> = {
  delivery_delay: ['到货比约定晚了一周', '物流信息长时间未更新', '分批发货未提前告知'],
  product_quality: ['收到的产品外包装破损', '设备运行时有异响', '滤芯使用不到一个月就失效'],
  after_sales: ['报修后两天无人上门', '售后电话一直占线', '安装师傅爽约'],
  billing: ['发票抬头开错', '多收了一笔运费', '对账单金额与合同不符'],
  attitude: ['客服回复态度生硬', '销售承诺的赠品未兑现'],
  other: ['希望增加夜间送货时段', '官网产品说明与实物不一致'],
};
const ROOT_CAUSES = [
  '仓库排班不足导致出库延迟',
  '包装供应商材料变更',
  '售后派单规则未覆盖郊区',
  '开票信息未与合同同步',
  '新员工培训不到位',
];
const ACTIONS = [
  '增加周末出库班次并每日复核',
  '更换包装材料并抽检',
  '调整派单规则，郊区由区域队列兜底',
  '开票前系统校验合同抬头',
  '补充服务规范培训并考核',
];
const COMMENTS = ['处理及时，谢谢', '问题解决了，但等得有点久', '希望以后不要再出现', '服务很专业', '还是不太满意'];

/**
 * Service-quality demo data (M9): ~300 complaints over the past year in every state — most closed
 * with root cause and corrective action, some resolved awaiting confirmation, in progress, waiting
 * on the customer or just logged — with first responses mostly within the R-SVC-1 two business
 * hours and some late (warnings, breaches, escalations in the timelines); three survey templates and
 * answered surveys after closed tickets, so the charts mean something. Deterministic for a seed and
 * a moment. Writes no notifications (they would be stale) and answers nothing today.
 */
export async function seedDemoService(
  db: Executor,
  options: { now?: Date; seed?: number; count?: number } = {},
): Promise<{ complaints: number; surveys: number }> {
  const now = options.now ?? new Date();
  const random = sfc32(options.seed ?? 20261207);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const calendar = businessCalendar(DEFAULT_SERVICE_SETTINGS, 'Asia/Shanghai');
  const target = DEFAULT_SERVICE_SETTINGS.firstResponseMinutes;
  const candidates = await db.execute<{ id: string; owner_id: string }>(sql`
    select c.id, c.owner_id from customers c join users o on o.id = c.owner_id
     where c.merged_into_id is null and 'rep' = any(o.roles) order by c.name_key, c.name, c.id limit 400`);
  if (!candidates.rows.length) return { complaints: 0, surveys: 0 };

  const templates = await db
    .insert(surveyTemplates)
    .values([
      {
        name: '投诉关闭满意度回访',
        trigger: 'ticket_closed',
        csat: true,
        nps: true,
        questions: [{ id: 'improve', text: '我们哪里可以做得更好？' }],
        script:
          '您好，我是您的客户经理。您前几天反映的问题已经处理完毕，想占用您一分钟了解您对处理结果是否满意，以及我们哪里可以做得更好。',
        createdAt: new Date(now.getTime() - 400 * DAY),
      },
      {
        name: '订单验收满意度调查',
        trigger: 'order_accepted',
        csat: true,
        nps: true,
        questions: [],
        createdAt: new Date(now.getTime() - 399 * DAY),
      },
      {
        name: '季度客户满意度调研',
        trigger: 'manual',
        csat: true,
        nps: true,
        questions: [{ id: 'needs', text: '未来半年您最关注哪些产品或服务？' }],
        createdAt: new Date(now.getTime() - 398 * DAY),
      },
      {
        // Periodic per tier (issue 20 item 6): A customers quarterly, B half-yearly; C not surveyed.
        name: '分级定期满意度回访',
        trigger: 'periodic',
        csat: true,
        nps: true,
        questions: [],
        tierMonths: { A: 3, B: 6 },
        script: '您好，我是您的客户经理，这是我们的定期满意度回访，只需两分钟：请问您对我们近期的产品和服务满意吗？',
        createdAt: new Date(now.getTime() - 397 * DAY),
      },
    ])
    .returning({ id: surveyTemplates.id });

  const count = options.count ?? 300;
  const rows: (typeof complaints.$inferInsert)[] = [];
  const events: (typeof complaintEvents.$inferInsert)[] = [];
  const pauses: (typeof complaintPauses.$inferInsert)[] = [];
  const links: (typeof surveyLinks.$inferInsert)[] = [];
  const sequences = new Map<number, number>();
  const openings = Array.from({ length: count }, (_, i) => {
    // Newest tickets are the open ones: every state shows, and no open ticket is a year old.
    const daysAgo = i < 12 ? random() * 2 : i < 40 ? 2 + random() * 20 : 20 + random() * 345;
    const day = new Date(now.getTime() - daysAgo * DAY);
    // Working-hours logging, a few at 17:30 (the end-of-day case R-SVC-1 is tested on).
    const local = new Date(day.getTime() + 8 * 3_600_000);
    local.setUTCHours(random() < 0.1 ? 17 : 9 + Math.floor(random() * 8), random() < 0.1 ? 30 : Math.floor(random() * 60), 0, 0);
    const openedAt = new Date(Math.min(local.getTime() - 8 * 3_600_000, now.getTime() - 10 * MINUTE));
    return { i, openedAt };
  });
  openings.sort((a, b) => a.openedAt.getTime() - b.openedAt.getTime());
  for (const { i, openedAt } of openings) {
    const customer = pick(candidates.rows);
    const category = pick(DEFAULT_COMPLAINT_CATEGORIES);
    const priority: ComplaintPriority = random() < 0.08 ? 'critical' : random() < 0.3 ? 'high' : random() < 0.85 ? 'normal' : 'low';
    const channel: ComplaintChannel = pick(COMPLAINT_CHANNELS);
    const status: ComplaintStatus = i < 6 ? 'open' : i < 9 ? 'waiting_customer' : i < 24 ? 'in_progress' : i < 40 ? 'resolved' : 'closed';
    const id = crypto.randomUUID();
    const year = new Date(openedAt.getTime() + 8 * 3_600_000).getUTCFullYear();
    const seq = (sequences.get(year) ?? 0) + 1;
    sequences.set(year, seq);
    const late = random() < 0.15;
    const responseMinutes = late ? 125 + Math.floor(random() * 200) : 5 + Math.floor(random() * 100);
    const responded = status !== 'open' && status !== 'waiting_customer';
    const respondedAt = responded ? addBusinessMs(calendar, openedAt, responseMinutes * MINUTE) : null;
    const effectiveRespondedAt = respondedAt && respondedAt.getTime() < now.getTime() ? respondedAt : null;
    const pauseFrom = status === 'waiting_customer' ? new Date(Math.min(openedAt.getTime() + 20 * MINUTE, now.getTime())) : null;
    const clock = slaClock(
      calendar,
      {
        openedAt,
        respondedAt: effectiveRespondedAt,
        pauses: pauseFrom ? [{ from: pauseFrom, to: null }] : [],
        targetMinutes: target,
        warnPercent: DEFAULT_SERVICE_SETTINGS.warnPercent,
      },
      effectiveRespondedAt ?? now,
    );
    const level = SLA_LEVELS.indexOf(clock.level);
    const actor = customer.owner_id;
    events.push({ complaintId: id, kind: 'created', at: openedAt, actorId: actor });
    const thresholds: [SlaLevel, number][] = [
      ['warning', (target * DEFAULT_SERVICE_SETTINGS.warnPercent) / 100],
      ['breached', target],
      ['escalated', target * 2],
    ];
    for (const [name, minutes] of thresholds) {
      if (SLA_LEVELS.indexOf(name) > level) break;
      const at = addBusinessMs(calendar, openedAt, minutes * MINUTE)!;
      events.push({ complaintId: id, kind: `sla_${name === 'breached' ? 'breached' : name}`, at, actorId: null });
    }
    if (pauseFrom) {
      pauses.push({ complaintId: id, fromAt: pauseFrom });
      events.push({ complaintId: id, kind: 'wait', note: '等客户提供订单批次号', at: pauseFrom, actorId: actor });
    }
    if (effectiveRespondedAt)
      events.push({ complaintId: id, kind: 'respond', note: '已致电客户了解情况', at: effectiveRespondedAt, actorId: actor });
    let resolvedAt: Date | null = null;
    let closedAt: Date | null = null;
    const cause = Math.floor(random() * ROOT_CAUSES.length);
    if ((status === 'resolved' || status === 'closed') && effectiveRespondedAt) {
      resolvedAt = new Date(Math.min(effectiveRespondedAt.getTime() + (2 + random() * 70) * 3_600_000, now.getTime() - MINUTE));
      events.push({ complaintId: id, kind: 'resolve', note: `${ROOT_CAUSES[cause]} / ${ACTIONS[cause]}`, at: resolvedAt, actorId: actor });
      if (status === 'closed') {
        closedAt = new Date(Math.min(resolvedAt.getTime() + (4 + random() * 60) * 3_600_000, now.getTime() - MINUTE));
        events.push({ complaintId: id, kind: 'confirm', at: closedAt, actorId: actor });
        events.push({ complaintId: id, kind: 'survey_sent', at: closedAt, actorId: actor });
        const answered = random() < 0.7 && closedAt.getTime() < now.getTime() - DAY;
        const happy = random();
        const answeredAt = answered ? new Date(Math.min(closedAt.getTime() + random() * 3 * DAY, now.getTime() - DAY)) : null;
        links.push({
          templateId: templates[0]!.id,
          token: `demo${id.replaceAll('-', '')}`,
          customerId: customer.id,
          ownerId: customer.owner_id,
          complaintId: id,
          sentAt: closedAt,
          expiresAt: new Date(closedAt.getTime() + DEFAULT_SERVICE_SETTINGS.surveyExpiryDays * DAY),
          answeredAt,
          csat: answered ? (happy < 0.1 ? 2 : happy < 0.25 ? 3 : happy < 0.6 ? 4 : 5) : null,
          nps: answered
            ? happy < 0.15
              ? 4 + Math.floor(random() * 3)
              : happy < 0.4
                ? 7 + Math.floor(random() * 2)
                : 9 + Math.floor(random() * 2)
            : null,
          answers: answered ? {} : null,
          comment: answered && random() < 0.5 ? pick(COMMENTS) : null,
        });
      }
    }
    const title = pick(TITLES[category]!);
    rows.push({
      id,
      number: `TS-${year}-${String(seq).padStart(6, '0')}`,
      title,
      category,
      priority,
      channel,
      description: `客户反映：${title}。`,
      customerId: customer.id,
      ownerId: customer.owner_id,
      status: resolvedAt ? status : status === 'waiting_customer' ? status : effectiveRespondedAt ? 'in_progress' : 'open',
      openedAt,
      firstResponseAt: effectiveRespondedAt,
      pausedSince: pauseFrom,
      slaLevel: level,
      slaNextAt: clock.nextLevelAt,
      rootCause: resolvedAt ? ROOT_CAUSES[cause]! : null,
      correctiveAction: resolvedAt ? ACTIONS[cause]! : null,
      resolution: resolvedAt ? '已与客户沟通并完成处理' : null,
      resolvedAt,
      closedAt,
      createdById: actor,
      createdAt: openedAt,
      updatedAt: closedAt ?? resolvedAt ?? effectiveRespondedAt ?? openedAt,
    });
  }
  await insertRows(db, complaints, rows);
  await insertRows(db, complaintEvents, events);
  await insertRows(db, complaintPauses, pauses);
  await insertRows(db, surveyLinks, links);
  for (const [year, seq] of sequences) {
    const key = counterKey('complaint', 'TS-{YYYY}-{SEQ:6}', year, 1);
    await db.execute(sql`insert into document_counters (key, last_value) values (${key}, ${seq})
      on conflict (key) do update set last_value = greatest(document_counters.last_value, excluded.last_value)`);
  }
  return { complaints: rows.length, surveys: links.length };
}
