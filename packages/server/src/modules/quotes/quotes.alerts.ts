import { sql } from 'drizzle-orm';
import { message } from '@xiaoguan/shared';
import type { AlertRule } from '../../platform/alerts/index.js';
import { DISCOUNT_SUBJECT } from './discount-authority.js';

/**
 * R-RSK-1: whether a discount sits just under an approval limit — at most `withinPct` % of the
 * limit below it (a limit of ¥50,000 and 5 %: ¥47,500 up to ¥49,999.99). At or above the limit it
 * needs approval (R-QUO-1), so it is not "just under".
 */
export function justUnderLimit(value: number, limit: number, withinPct: number): boolean {
  if (limit <= 0) return false;
  return value < limit && value * 100 >= limit * (100 - withinPct);
}

/**
 * R-RSK-1 `quotes.discountCluster`: more than `count` quotes by one rep in a calendar month whose
 * discount is just under a limit of the approval matrix (`quote.discount`, by amount or percent) —
 * the pattern of splitting or shaving discounts to stay out of approval. Drafts are not counted;
 * one alert per rep and month.
 */
export const discountClusterRule: AlertRule = {
  key: 'quotes.discountCluster',
  defaults: { enabled: true, params: { count: 3, withinPct: 5 }, recipients: ['manager', 'role:director'] },
  async evaluate({ db, now, timeZone }, params) {
    const count = Math.max(0, Math.floor(params.count ?? 3));
    const withinPct = Math.min(100, Math.max(0, params.withinPct ?? 5));
    const policies = await db.execute<{ min_amount_cents: number; min_percent: string | null }>(sql`
      select min_amount_cents, min_percent from approval_policies where subject_type = ${DISCOUNT_SUBJECT} and active`);
    const amountLimits = [...new Set(policies.rows.map((row) => Number(row.min_amount_cents)).filter((limit) => limit > 0))];
    const percentLimits = [...new Set(policies.rows.filter((row) => row.min_percent !== null).map((row) => Number(row.min_percent)))];
    if (amountLimits.length === 0 && percentLimits.length === 0) return [];
    const month = sql`date_trunc('month', ${now}::timestamptz at time zone ${timeZone})`;
    const quotes = await db.execute<{ id: string; owner_id: string; owner_name: string; discount_cents: number; discount_bp: number }>(sql`
      select q.id, q.owner_id, u.display_name as owner_name, q.discount_cents, q.discount_bp
        from quotes q join users u on u.id = q.owner_id
       where q.status <> 'draft' and q.discount_cents > 0
         and q.created_at >= (${month}) at time zone ${timeZone}
         and q.created_at < (${month} + interval '1 month') at time zone ${timeZone}`);
    const byOwner = new Map<string, { name: string; ids: string[] }>();
    for (const quote of quotes.rows) {
      const under =
        amountLimits.some((limit) => justUnderLimit(Number(quote.discount_cents), limit, withinPct)) ||
        percentLimits.some((limit) => justUnderLimit(quote.discount_bp, Math.round(limit * 100), withinPct));
      if (!under) continue;
      const entry = byOwner.get(quote.owner_id) ?? { name: quote.owner_name, ids: [] };
      entry.ids.push(quote.id);
      byOwner.set(quote.owner_id, entry);
    }
    const monthLabel = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit' }).format(now).slice(0, 7);
    return [...byOwner]
      .filter(([, entry]) => entry.ids.length > count)
      .map(([ownerId, entry]) => ({
        subjectKey: `${ownerId}:${monthLabel}`,
        ownerId,
        severity: 'warning' as const,
        message: message('quotes.alertRules.discountCluster.summary', {
          rep: entry.name,
          month: monthLabel,
          count: entry.ids.length,
          within: withinPct,
        }),
        text: `${entry.name} 在 ${monthLabel} 有 ${entry.ids.length} 张报价的折扣刚好低于审批线（${withinPct}% 以内）`,
        link: `/quotes?ownerId=${ownerId}`,
        evidence: { month: monthLabel, quotes: entry.ids.length, thresholdCount: count, withinPct },
      }));
  },
};
