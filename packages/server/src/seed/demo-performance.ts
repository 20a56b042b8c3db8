import { sql } from 'drizzle-orm';
import { DEFAULT_REP_TEMPLATE } from '@xiaoguan/shared';
import type { Database, Executor } from '../platform/db/client.js';
import { makeCtx } from '../platform/context.js';
import { SYSTEM_ACTOR } from '../platform/access/actor.js';
import { sfc32 } from './demo-customers.js';
import { computeFigures } from '../modules/performance/performance.figures.js';
import { cyclePeriod, rescore } from '../modules/performance/reviews.service.js';

const STRENGTHS = ['新客户开发积极，拜访量稳定', '客户关系维护到位，复购率高', '产品知识扎实，方案讲解清晰', '团队协作好，乐于分享经验'];
const GAPS = ['回款跟进不够及时，账期偏长', '大客户谈判技巧有待提升', '新客户转化率偏低', '拜访记录不够完整'];
const ACTIONS = ['每周复盘逾期回款并电话跟进', '参加大客户谈判技巧培训', '每月至少开发 3 家新客户', '拜访后 24 小时内录入跟进记录'];

/**
 * Performance demo data (M6, issue 19): the default rep template (seed 001 绩效考核指标) and the two
 * quarters before the current one, closed, one review per rep with figures computed from the demo
 * data as of each quarter's end, the supervisor's and two peers' ratings, feedback with an
 * improvement action, most acknowledged, and one pending appeal (the rep `rep` on DSO) for the
 * manager to decide. Deterministic for a seed and moment.
 */
export async function seedDemoPerformance(db: Executor, options: { now?: Date; seed?: number } = {}) {
  const now = options.now ?? new Date();
  const random = sfc32(options.seed ?? 20261219);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  const between = (low: number, high: number) => Math.round(low + random() * (high - low));
  // The seed runs in one transaction; the metrics functions only read through it.
  const ctx = makeCtx(db as Database, SYSTEM_ACTOR, { now });
  const t = DEFAULT_REP_TEMPLATE;
  const template = await db.execute<{ id: string }>(sql`
    insert into kpi_templates (name, role, cycle_kind, items, rater_weights)
    values (${t.name}, ${t.role}, ${t.cycleKind}, ${JSON.stringify(t.items)}::jsonb, ${JSON.stringify(t.raterWeights)}::jsonb) returning id`);
  const templateId = template.rows[0]!.id;
  const reps = await db.execute<{ id: string; username: string; manager_id: string | null; org_unit_id: string | null }>(
    sql`select id, username, manager_id, org_unit_id from users where 'rep' = any(roles) and not disabled order by username`,
  );
  // Skill by person, so a rep's quarters look alike (and some are A twice: promotion readiness).
  const skill = new Map(reps.rows.map((rep) => [rep.id, random()]));
  let reviews = 0;
  for (const monthsBack of [6, 3]) {
    const date = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - monthsBack, 15)).toISOString().slice(0, 10);
    const period = cyclePeriod('quarter', date);
    const closedAt = new Date(Date.parse(`${period.to}T00:00:00Z`) + 5 * 86_400_000);
    const cycle = await db.execute<{ id: string }>(sql`
      insert into review_cycles (template_id, kind, period_from, period_to, status, closed_at, created_at)
      values (${templateId}, 'quarter', ${period.from}, ${period.to}, 'open', null, ${period.from}) returning id`);
    const cycleId = cycle.rows[0]!.id;
    const figures = await computeFigures(
      ctx,
      t.items,
      reps.rows.map((rep) => rep.id),
      period,
    );
    for (const rep of reps.rows) {
      const person = figures.get(rep.id)!;
      const created = await db.execute<{ id: string }>(sql`
        insert into performance_reviews (cycle_id, person_id, supervisor_id, figures, customer_score, computed_at, created_at)
        values (${cycleId}, ${rep.id}, ${rep.manager_id}, ${JSON.stringify(person.figures)}::jsonb,
                ${person.customer ? JSON.stringify(person.customer) : null}::jsonb, ${closedAt}, ${period.from}) returning id`);
      const reviewId = created.rows[0]!.id;
      reviews++;
      const level = skill.get(rep.id)!;
      const score = () => Math.min(100, Math.max(40, between(55, 80) + Math.round(level * 25)));
      if (rep.manager_id) {
        await db.execute(sql`
          insert into review_raters (review_id, rater_id, kind, scores, comment, submitted_at)
          values (${reviewId}, ${rep.manager_id}, 'supervisor', ${JSON.stringify({ teamwork: score(), skills: score() })}::jsonb, null, ${closedAt})`);
      }
      const peers = reps.rows.filter((other) => other.org_unit_id === rep.org_unit_id && other.id !== rep.id).slice(0, 2);
      for (const peer of peers) {
        await db.execute(sql`
          insert into review_raters (review_id, rater_id, kind, scores, submitted_at)
          values (${reviewId}, ${peer.id}, 'peer', ${JSON.stringify({ teamwork: score(), skills: score() })}::jsonb, ${closedAt})`);
      }
      await rescore(db, reviewId);
      const acknowledged = random() < 0.75 || rep.username === 'rep';
      await db.execute(sql`
        update performance_reviews set status = 'closed', strengths = ${pick(STRENGTHS)}, gaps = ${pick(GAPS)},
               feedback_at = ${closedAt}, feedback_by_id = ${rep.manager_id},
               acknowledged_at = ${acknowledged ? new Date(closedAt.getTime() + 86_400_000) : null},
               person_comment = ${acknowledged && random() < 0.3 ? '认可考核结果，会按计划改进' : null}, updated_at = ${closedAt}
         where id = ${reviewId}`);
      if (rep.manager_id) {
        await db.execute(sql`
          insert into review_actions (review_id, action, owner_id, due_on, created_at)
          values (${reviewId}, ${pick(ACTIONS)}, ${rep.id}, ${new Date(closedAt.getTime() + 60 * 86_400_000).toISOString().slice(0, 10)}, ${closedAt})`);
      }
      if (rep.username === 'rep' && monthsBack === 3) {
        await db.execute(sql`
          insert into review_appeals (review_id, item_key, reason, created_at)
          values (${reviewId}, 'dso', '本季度两家大客户按合同约定 90 天账期付款，回款周期不应按常规标准计分', ${new Date(closedAt.getTime() + 2 * 86_400_000)})`);
      }
    }
    await db.execute(sql`update review_cycles set status = 'closed', closed_at = ${closedAt}, version = 2 where id = ${cycleId}`);
  }
  return { reviews };
}
