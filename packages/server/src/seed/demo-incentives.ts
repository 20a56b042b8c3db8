import { sql } from 'drizzle-orm';
import { DEFAULT_HONOUR_RULES, honourWinner } from '@xiaoguan/shared';
import type { Executor } from '../platform/db/client.js';
import { statementRows, upsertStatements } from '../modules/incentives/commission.service.js';
import { figuresFor } from '../modules/incentives/honours.service.js';

const TIME_ZONE = 'Asia/Shanghai';

/**
 * Incentives demo data (M6, issue 19 items 4–5): the default tiered plan (seed 001 激励措施.1 — 0–80 %
 * → 2 %, 80–100 % → 4 %, > 100 % → 6 %, marginal, on collections), last month's statements computed
 * from the demo pipeline (about half approved by supervisor and finance, the rest to confirm), and last
 * quarter's honours confirmed by the director. Deterministic for a moment.
 */
export async function seedDemoIncentives(db: Executor, options: { now?: Date } = {}) {
  const now = options.now ?? new Date();
  const plan = (
    await db.execute<{ id: string }>(sql`
      insert into commission_plans (name, tier_basis, method, base, tiers, cap_cents, clawback_rate_bp)
      values ('销售阶梯提成（按回款）', 'attainment', 'marginal', 'collections',
              '[{"from":0,"rateBp":200},{"from":80,"rateBp":400},{"from":100,"rateBp":600}]'::jsonb, 5000000, 600)
      returning id`)
  ).rows[0]!;
  const last = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  const period = `${last.getUTCFullYear()}-${String(last.getUTCMonth() + 1).padStart(2, '0')}`;
  const values = await statementRows(
    db,
    {
      id: plan.id,
      base: 'collections',
      tierBasis: 'attainment',
      method: 'marginal',
      tiers: [
        { from: 0, rateBp: 200 },
        { from: 80, rateBp: 400 },
        { from: 100, rateBp: 600 },
      ],
      capCents: 5_000_000,
      clawbackRateBp: 600,
    },
    period,
    TIME_ZONE,
  );
  await upsertStatements(db, values, now);
  // Every other person's statement (by name) went through both approvals.
  await db.execute(sql`
    update commission_statements cs set status = 'approved', decided_at = ${now.toISOString()}::timestamptz
      from (select s.id, row_number() over (order by u.username) as k from commission_statements s join users u on u.id = s.user_id
             where s.period = ${period}) o
     where o.id = cs.id and o.k % 2 = 0`);

  const quarterIndex = Math.floor(now.getUTCMonth() / 3);
  const quarter = quarterIndex === 0 ? `${now.getUTCFullYear() - 1}-Q4` : `${now.getUTCFullYear()}-Q${quarterIndex}`;
  const director = (await db.execute<{ id: string }>(sql`select id from users where 'director' = any(roles) order by username limit 1`))
    .rows[0];
  for (const rule of DEFAULT_HONOUR_RULES) {
    const winner = honourWinner(rule, await figuresFor(db, rule.metric, quarter, TIME_ZONE));
    if (!winner) continue;
    await db.execute(sql`
      insert into honours (period, award, metric, user_id, value, status, confirmed_by_id, confirmed_at)
      values (${quarter}, ${rule.award}, ${rule.metric}, ${winner.userId}, ${winner.value}, 'confirmed', ${director?.id ?? null}, ${now.toISOString()}::timestamptz)`);
  }
}
