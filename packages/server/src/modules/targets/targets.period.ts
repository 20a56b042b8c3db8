import type { TargetMetric } from '@xiaoguan/shared';
import type { Ctx } from '../../platform/context.js';
import { targetsAccess } from './targets.access.js';
import { currentPlan } from './targets.service.js';
import { dayNumberOf, type Period } from './targets.actuals.js';

const DAY_MS = 86_400_000;

/**
 * A metric's target for any period (a week, a month, a quarter; across a year's end) per node of the
 * target tree (org unit id or person id): each month's target counts for the share of its days the
 * period covers, so whole months give exactly their targets; a product line's own plan when given. Null when the caller may not read targets.
 */
export async function periodTargets(
  ctx: Ctx,
  metric: TargetMetric,
  period: Period,
  productLineId: string | null = null,
): Promise<Map<string, number> | null> {
  if (!targetsAccess.can(ctx.actor, 'read')) return null;
  const shares = new Map<string, number>(); // `${year}-${month0}` → share of that month's days in the period
  for (let day = dayNumberOf(period.from); day <= dayNumberOf(period.to); day += DAY_MS) {
    const date = new Date(day);
    const year = date.getUTCFullYear();
    const month = date.getUTCMonth();
    const days = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
    const key = `${year}-${month}`;
    shares.set(key, (shares.get(key) ?? 0) + 1 / days);
  }
  const years = [...new Set([...shares.keys()].map((key) => Number(key.split('-')[0])))];
  const plans = await Promise.all(years.map(async (year) => [year, await currentPlan(ctx.db, year, metric, productLineId)] as const));
  const result = new Map<string, number>();
  for (const [year, plan] of plans) {
    if (!plan) continue;
    for (const [nodeId, months] of plan.values) {
      let value = 0;
      for (const [key, share] of shares) {
        const [y, m] = key.split('-').map(Number) as [number, number];
        if (y === year) value += (months[m] ?? 0) * share;
      }
      result.set(nodeId, (result.get(nodeId) ?? 0) + value);
    }
  }
  for (const [nodeId, value] of result) result.set(nodeId, Math.round(value));
  return result;
}
