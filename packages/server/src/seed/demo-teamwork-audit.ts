import { sql } from 'drizzle-orm';
import { MEETING_TEMPLATES } from '@xiaoguan/shared';
import type { Executor } from '../platform/db/client.js';
import { sfc32 } from './demo-customers.js';

const DAY = 86_400_000;
const MINUTES = [
  '本周回款进度低于计划，华东两家客户付款延迟，需主管协助催收。',
  '竞品在华南降价 8%，讨论应对口径：不跟进降价，强调售后与滤芯成本。',
  '新品净水器试点反馈良好，下周扩大到三个重点客户。',
  '商机阶段更新不及时，要求每周五前更新漏斗。',
  '大客户年度框架合同进入谈判，需要法务提前审核条款。',
];
const ITEMS = ['更新本周商机漏斗', '回访逾期付款客户', '整理竞品价格对比', '准备大客户方案', '提交拜访计划', '跟进样机试用反馈'];

/**
 * Demo team work and internal audit (issue 21): weekly meetings of every team over the last quarter
 * with minutes, decisions and action items in every state (done, open, overdue, dropped — the
 * earlier ones reviewed at the next meeting); a few escalations and handovers; two closed audits
 * with verified rectifications and one open audit with a late task. Plain inserts, a few hundred rows.
 */
export async function seedDemoTeamworkAudit(
  db: Executor,
  options: { now?: Date; seed?: number } = {},
): Promise<{ meetings: number; findings: number }> {
  const now = options.now ?? new Date();
  const random = sfc32(options.seed ?? 20261221);
  const teams = await db.execute<{ supervisor_id: string; unit_id: string; members: string[] }>(sql`
    select s.id as supervisor_id, s.org_unit_id as unit_id,
           array(select u.id from users u where u.org_unit_id = s.org_unit_id and u.id <> s.id and not u.disabled order by u.username) as members
      from users s where 'supervisor' = any(s.roles) and s.org_unit_id is not null and not s.disabled order by s.username limit 6`);
  let meetings = 0;
  for (const team of teams.rows) {
    if (!team.members.length) continue;
    let previousItems: { id: string; done: boolean }[] = [];
    for (let week = 12; week >= 1; week--) {
      // At 09:30 company time (Asia/Shanghai, 01:30 UTC) that day, not at whatever hour the demo was seeded.
      const startsAt = new Date(now.getTime() - week * 7 * DAY);
      startsAt.setUTCHours(1, 30, 0, 0);
      const agenda = MEETING_TEMPLATES.weekly.map((key) => ({ key, title: '' }));
      const created = await db.execute<{ id: string }>(sql`
        insert into team_meetings (kind, title, starts_at, unit_id, organiser_id, attendee_ids, series_key, agenda, minutes, decisions, held_at, created_at, updated_at)
        values ('weekly', ${`第 ${13 - week} 周销售例会`}, ${startsAt}, ${team.unit_id}, ${team.supervisor_id}, ${sql.param(team.members)}::uuid[],
                ${`weekly:${team.unit_id}`}, ${JSON.stringify(agenda)}::jsonb, ${MINUTES[week % MINUTES.length]!},
                ${JSON.stringify([{ text: '按会议口径执行，下周例会回顾' }])}::jsonb, ${new Date(startsAt.getTime() + 3_600_000)}, ${startsAt}, ${startsAt})
        returning id`);
      const meetingId = created.rows[0]!.id;
      meetings += 1;
      // Last meeting's items are reviewed here: the done ones noted, one open one dropped now and then.
      for (const item of previousItems) {
        const drop = !item.done && random() < 0.3;
        await db.execute(sql`
          update meeting_action_items set reviewed_at = ${startsAt}, reviewed_in_meeting_id = ${meetingId},
                 review_note = ${item.done ? '已完成' : drop ? '不再需要' : '继续跟进'}, dropped_at = ${drop ? startsAt : null}
           where id = ${item.id}`);
        if (drop)
          await db.execute(
            sql`update follow_up_tasks set done_at = ${startsAt} from meeting_action_items ai where ai.id = ${item.id} and follow_up_tasks.id = ai.task_id`,
          );
      }
      previousItems = [];
      for (let k = 0; k < 2; k++) {
        const owner = team.members[Math.floor(random() * team.members.length)]!;
        const title = ITEMS[Math.floor(random() * ITEMS.length)]!;
        // The latest meeting's second item is still ahead; the rest fall due within the week after their meeting.
        const dueAt =
          week === 1 && k === 1 ? new Date(now.getTime() + 3 * DAY) : new Date(startsAt.getTime() + (3 + Math.floor(random() * 5)) * DAY);
        // Older items mostly done; the latest weeks keep open and overdue ones.
        const done = week > 2 ? random() < 0.8 : week === 2 && k === 0;
        const task = await db.execute<{ id: string }>(sql`
          insert into follow_up_tasks (owner_id, title, link, due_at, done_at, created_at, updated_at)
          values (${owner}, ${title}, ${`/teamwork/meetings/${meetingId}`}, ${dueAt}, ${done ? new Date(dueAt.getTime() - DAY) : null}, ${startsAt}, ${startsAt})
          returning id`);
        const item = await db.execute<{ id: string }>(sql`
          insert into meeting_action_items (meeting_id, title, owner_id, due_at, task_id, created_at)
          values (${meetingId}, ${title}, ${owner}, ${dueAt}, ${task.rows[0]!.id}, ${startsAt}) returning id`);
        previousItems.push({ id: item.rows[0]!.id, done });
      }
    }
  }

  // Escalations: resolved ones, and one open at the manager's level.
  const reps = await db.execute<{ id: string; line_path: string }>(sql`
    select id, line_path from users where 'rep' = any(roles) and not disabled and username <> 'rep' order by username limit 4`);
  for (const [i, rep] of reps.rows.entries()) {
    const line = rep.line_path
      .split('/')
      .filter((id) => id && id !== rep.id)
      .reverse();
    if (!line.length) continue;
    const raised = new Date(now.getTime() - (10 - i * 2) * DAY);
    const open = i === 0 && line.length > 1;
    const escalation = await db.execute<{ id: string }>(sql`
      insert into escalations (category, title, details, raised_by_id, line_ids, level, assignee_id, level_started_at, status, resolution, resolved_at,
                               resolved_by_id, created_at, updated_at)
      values (${['customer_risk', 'pricing', 'delivery', 'internal'][i % 4]}, ${['客户拟更换供应商', '客户要求额外 10% 折扣', '交付延期两周', '报销流程卡住'][i % 4]},
              '需要上级协助决策', ${rep.id}, ${sql.param(line)}::uuid[], ${open ? 2 : 1}, ${open ? line[1]! : line[0]!},
              ${open ? new Date(now.getTime() - 6 * 3_600_000) : raised}, ${open ? 'open' : 'resolved'}, ${open ? null : '已协调处理'},
              ${open ? null : new Date(raised.getTime() + DAY)}, ${open ? null : line[0]!}, ${raised}, ${raised})
      returning id`);
    const id = escalation.rows[0]!.id;
    await db.execute(
      sql`insert into escalation_events (escalation_id, kind, level, actor_id, at) values (${id}, 'raised', 1, ${rep.id}, ${raised})`,
    );
    if (open)
      await db.execute(
        sql`insert into escalation_events (escalation_id, kind, level, at) values (${id}, 'escalated', 2, ${new Date(now.getTime() - 6 * 3_600_000)})`,
      );
    else
      await db.execute(sql`
        insert into escalation_events (escalation_id, kind, level, actor_id, note, at) values (${id}, 'resolved', 1, ${line[0]!}, '已协调处理', ${new Date(raised.getTime() + DAY)})`);
  }

  // Quotes clustered just under the ¥50,000 discount approval line this month: what the open discount audit samples.
  const owner = await db.execute<{ owner_id: string; customer_id: string }>(sql`
    select c.owner_id, c.id as customer_id from customers c join users u on u.id = c.owner_id
     where u.username = 'rep_hz_1' and c.merged_into_id is null order by c.id limit 1`);
  if (owner.rows[0]) {
    for (let k = 0; k < 4; k++) {
      const discount = 4_760_000 + k * 61_000;
      await db.execute(sql`
        insert into quotes (number, title, customer_id, owner_id, status, list_total_cents, subtotal_cents, total_cents, discount_cents, discount_bp, created_at, updated_at)
        values (${`Q-AUDIT-${k + 1}`}, '净水设备批量采购', ${owner.rows[0].customer_id}, ${owner.rows[0].owner_id}, 'sent', ${30_000_000}, ${30_000_000},
                ${30_000_000 - discount}, ${discount}, ${Math.round((discount * 10_000) / 30_000_000)}, ${new Date(now.getTime() - (k + 1) * DAY)},
                ${new Date(now.getTime() - (k + 1) * DAY)})
        on conflict do nothing`);
    }
  }

  // Internal audits: two closed (findings verified and closed), one open with a late task.
  const [auditor] = (await db.execute<{ id: string }>(sql`select id from users where 'auditor' = any(roles) order by username limit 1`))
    .rows;
  const units = await db.execute<{ unit_id: string; head_id: string }>(sql`
    select u.org_unit_id as unit_id, u.id as head_id from users u where 'supervisor' = any(u.roles) and u.org_unit_id is not null and username <> 'supervisor'
     order by u.username limit 3`);
  if (!auditor || !units.rows.length) return { meetings, findings: 0 };
  let findings = 0;
  const plans = [
    { title: '上半年折扣审批专项审计', process: 'discounts', months: 5, closed: true },
    { title: '第三季度费用报销审计', process: 'expenses', months: 2, closed: true },
    { title: '第四季度折扣与合同审计', process: 'discounts', months: 0, closed: false },
  ];
  for (const plan of plans) {
    const start = new Date(now.getTime() - (plan.months + 1) * 30 * DAY);
    const created = new Date(start.getTime() + 20 * DAY);
    const row = await db.execute<{ id: string }>(sql`
      insert into audit_plans (title, process, period_from, period_to, checklist, status, auditor_id, closed_at, created_at, updated_at)
      values (${plan.title}, ${plan.process}, ${start.toISOString().slice(0, 10)}, ${new Date(start.getTime() + 25 * DAY).toISOString().slice(0, 10)},
              ${JSON.stringify([
                { text: '是否按职责矩阵审批', done: true },
                { text: '是否存在拆单或压线折扣', done: plan.closed },
              ])}::jsonb, ${plan.closed ? 'closed' : 'fieldwork'}, ${auditor.id}, ${plan.closed ? new Date(created.getTime() + 30 * DAY) : null}, ${created}, ${created})
      returning id`);
    const planId = row.rows[0]!.id;
    for (const [u, unit] of units.rows.entries()) {
      if (!plan.closed && u > 1) break;
      const title = plan.process === 'expenses' ? '报销单缺少发票' : u === 0 ? '折扣集中在审批线下方' : '审批意见记录不完整';
      const found = await db.execute<{ id: string }>(sql`
        insert into audit_findings (plan_id, title, description, severity, unit_id, responsible_id, evidence, closed_at, close_note, created_at, updated_at)
        values (${planId}, ${title}, '抽样发现的问题，需责任单位整改并提交证据', ${['high', 'medium', 'low'][u % 3]}, ${unit.unit_id}, ${unit.head_id}, '[]'::jsonb,
                ${plan.closed ? new Date(created.getTime() + 25 * DAY) : null}, ${plan.closed ? '整改完成，验证通过' : null}, ${created}, ${created})
        returning id`);
      findings += 1;
      const late = !plan.closed && u === 0;
      const deadline = plan.closed
        ? new Date(created.getTime() + 14 * DAY)
        : late
          ? new Date(now.getTime() - 3 * DAY)
          : new Date(now.getTime() + 10 * DAY);
      const task = await db.execute<{ id: string }>(sql`
        insert into follow_up_tasks (owner_id, title, link, due_at, done_at, created_at, updated_at)
        values (${unit.head_id}, '整改并提交证据', ${`/internal-audit/findings/${found.rows[0]!.id}`}, ${deadline},
                ${plan.closed ? new Date(created.getTime() + 20 * DAY) : null}, ${created}, ${created}) returning id`);
      await db.execute(sql`
        insert into audit_rectifications (finding_id, title, owner_id, deadline, task_id, status, note, submitted_at, verified_at, verified_by_id, created_at, updated_at)
        values (${found.rows[0]!.id}, '整改并提交证据', ${unit.head_id}, ${deadline}, ${task.rows[0]!.id}, ${plan.closed ? 'accepted' : 'open'},
                ${plan.closed ? '已补齐审批记录并培训团队' : null}, ${plan.closed ? new Date(created.getTime() + 18 * DAY) : null},
                ${plan.closed ? new Date(created.getTime() + 20 * DAY) : null}, ${plan.closed ? auditor.id : null}, ${created}, ${created})`);
    }
  }
  return { meetings, findings };
}
