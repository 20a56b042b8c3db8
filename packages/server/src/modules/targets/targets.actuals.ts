import type { CockpitLink, TargetMetric } from '@xiaoguan/shared';
import type { Ctx } from '../../platform/context.js';
import { startOfCalendarDay } from '../../platform/time.js';
import { contractsAccess, signedContractsByOwner } from '../contracts/index.js';
import { collectedByOwner, receivablesAccess } from '../receivables/index.js';
import { customersAccess, newCustomersByOwner } from '../customers/index.js';
import type { TargetTree } from './targets.tree.js';

/**
 * Actuals for targets (M4 attainment, M5 cockpit), only through the modules' metrics functions —
 * never their tables. Each figure is in the caller's read scope and has the list behind it.
 */
export interface Period {
  /** Company-zone days, inclusive. */
  from: string;
  to: string;
}

const DAY_MS = 86_400_000;
export const dayNumberOf = (date: string) => Date.parse(`${date}T00:00:00Z`);
export const dateOfDay = (day: number) => new Date(day).toISOString().slice(0, 10);

/** Whether the caller may read the module behind a metric at all. */
export function canReadMetric(ctx: Ctx, metric: TargetMetric): boolean {
  if (metric === 'bookings') return contractsAccess.can(ctx.actor, 'read');
  if (metric === 'collections') return receivablesAccess.can(ctx.actor, 'read');
  return customersAccess.can(ctx.actor, 'read');
}

/**
 * Per owner: the metric's actual in the period (cents for money, a count for new customers). With a
 * product line (bookings only): the contracts' lines in that product line.
 */
export async function actualsByOwner(
  ctx: Ctx,
  metric: TargetMetric,
  period: Period,
  timeZone: string,
  teamId?: string,
  productLineId?: string,
): Promise<Map<string, number>> {
  if (!canReadMetric(ctx, metric)) return new Map();
  const unit = teamId ? { teamId } : {};
  if (metric === 'bookings') {
    const line = productLineId ? { productLineId } : {};
    return new Map((await signedContractsByOwner(ctx, { ...period, ...unit, ...line })).map((row) => [row.ownerId, row.amountCents]));
  }
  if (metric === 'collections') {
    return new Map((await collectedByOwner(ctx, { ...period, ...unit })).map((row) => [row.ownerId, row.amountCents]));
  }
  const instants = periodInstants(period, timeZone);
  return new Map((await newCustomersByOwner(ctx, { ...instants, ...unit })).map((row) => [row.ownerId, row.count]));
}

export function periodInstants(period: Period, timeZone: string): { createdFrom: string; createdBefore: string } {
  return {
    createdFrom: startOfCalendarDay(dayNumberOf(period.from), timeZone).toISOString(),
    createdBefore: startOfCalendarDay(dayNumberOf(period.to) + DAY_MS, timeZone).toISOString(),
  };
}

/** The list behind a metric's figure for a period (optionally one owner, one unit: `teamId`, one product line). */
export function metricLink(
  metric: TargetMetric,
  period: Period,
  timeZone: string,
  ownerId?: string,
  teamId?: string,
  productLineId?: string,
): CockpitLink {
  const owner: Record<string, string> = {
    ...(ownerId ? { ownerId } : {}),
    ...(teamId ? { teamId } : {}),
    ...(productLineId && metric === 'bookings' ? { productLineId } : {}),
  };
  const link = (api: string, page: string, query: Record<string, string>): CockpitLink => ({
    api,
    query,
    page: `${page}?${new URLSearchParams(query).toString()}`,
  });
  if (metric === 'bookings') return link('/api/v1/contracts', '/contracts', { signedFrom: period.from, signedTo: period.to, ...owner });
  if (metric === 'collections') return link('/api/v1/receipts', '/receivables/receipts', { from: period.from, to: period.to, ...owner });
  return link('/api/v1/customers', '/customers', { ...periodInstants(period, timeZone), ...owner });
}

/** Sums owners' actuals onto the tree: a person's own, a unit's everyone whose unit is under it. */
export function actualsByNode(tree: TargetTree, byOwner: Map<string, number>): Map<string, number> {
  const result = new Map<string, number>();
  for (const node of tree.nodes) {
    if (node.kind === 'user') {
      result.set(node.id, byOwner.get(node.id) ?? 0);
      continue;
    }
    let sum = 0;
    for (const [ownerId, value] of byOwner) {
      if (tree.userUnitPath.get(ownerId)?.startsWith(node.path ?? '\u0000')) sum += value;
    }
    result.set(node.id, sum);
  }
  return result;
}

/** Run rate to the period's end: actual ÷ days elapsed × days in the period (a past period: the actual). */
export function projection(actual: number, period: Period, asOf: string): number {
  const total = (dayNumberOf(period.to) - dayNumberOf(period.from)) / DAY_MS + 1;
  const elapsed = Math.min(total, (dayNumberOf(asOf) - dayNumberOf(period.from)) / DAY_MS + 1);
  if (elapsed <= 0) return actual;
  return Math.round((actual / elapsed) * total);
}
