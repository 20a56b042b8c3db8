import { sql } from 'drizzle-orm';
import { message } from '@xiaoguan/shared';
import type { AlertRule } from '../../platform/alerts/index.js';

/** The RFM window (rfm.ts): a customer with no order in the trailing year is dormant. */
const RFM_WINDOW_DAYS = 365;

export type ChurnParams = { days: number; repeatOrders: number; withinDays: number };

/**
 * R-RSK-1 churn risk of one customer, from its order history (the RFM seam `customer_orders`):
 * - `dormant`: its RFM segment moved to dormant — the last order left the 12-month window — within
 *   the last `withinDays` days;
 * - `silent`: a repeat buyer (at least `repeatOrders` orders) whose silence passed `days` days within
 *   the last `withinDays` days, and not yet dormant.
 * Only the change is news: a customer silent or dormant for longer was told of then (or before the
 * rule existed). A customer who never ordered is at no churn risk.
 */
export function churnRisk(input: { orders: number; daysSinceLastOrder: number | null }, params: ChurnParams): 'dormant' | 'silent' | null {
  const since = input.daysSinceLastOrder;
  if (since === null || input.orders === 0) return null;
  if (since > RFM_WINDOW_DAYS) return since <= RFM_WINDOW_DAYS + params.withinDays ? 'dormant' : null;
  return input.orders >= params.repeatOrders && since > params.days && since <= params.days + params.withinDays ? 'silent' : null;
}

/**
 * R-RSK-1 `customers.churnRisk`: customers moved to dormant, or repeat buyers gone silent. One alert
 * per customer and last order (a customer who orders again and then stops again is a new alert).
 */
export const churnRiskRule: AlertRule = {
  key: 'customers.churnRisk',
  defaults: { enabled: true, params: { days: 90, repeatOrders: 3, withinDays: 7 }, recipients: ['owner', 'manager'] },
  async evaluate({ db, now, timeZone }, raw) {
    const params: ChurnParams = {
      days: Math.max(1, Math.floor(raw.days ?? 90)),
      repeatOrders: Math.max(2, Math.floor(raw.repeatOrders ?? 3)),
      withinDays: Math.max(0, Math.floor(raw.withinDays ?? 7)),
    };
    // Only customers whose last order is old enough for either case (the rest are at no risk).
    const newest = Math.min(params.days, RFM_WINDOW_DAYS);
    const oldest = Math.max(params.days, RFM_WINDOW_DAYS) + params.withinDays;
    const rows = await db.execute<{
      id: string;
      name: string;
      owner_id: string | null;
      orders: number;
      last_day: string;
      since: number;
    }>(sql`
      with last_orders as (
        select o.customer_id, count(*)::int as orders, max(o.ordered_at) as last_at
          from customer_orders o
         group by o.customer_id
        having max(o.ordered_at) < ${now}::timestamptz - make_interval(days => ${newest})
           and max(o.ordered_at) >= ${now}::timestamptz - make_interval(days => ${oldest + 1})
      )
      select c.id, c.name, c.owner_id, l.orders,
             to_char(l.last_at at time zone ${timeZone}, 'YYYY-MM-DD') as last_day,
             ((${now}::timestamptz at time zone ${timeZone})::date - (l.last_at at time zone ${timeZone})::date)::int as since
        from last_orders l join customers c on c.id = l.customer_id
       where c.merged_into_id is null
       order by c.id`);
    return rows.rows.flatMap((row) => {
      const risk = churnRisk({ orders: row.orders, daysSinceLastOrder: row.since }, params);
      if (!risk) return [];
      const values = { customer: row.name, days: row.since, orders: row.orders };
      return [
        {
          subjectKey: `customer:${row.id}:${row.last_day}`,
          ownerId: row.owner_id,
          severity: risk === 'dormant' ? ('critical' as const) : ('warning' as const),
          message: message(`customers.alertRules.churnRisk.${risk}`, values),
          text:
            risk === 'dormant'
              ? `客户 ${row.name} 已转为沉睡：${row.since} 天无订单`
              : `复购客户 ${row.name}（${row.orders} 单）已 ${row.since} 天无订单`,
          link: `/customers/${row.id}`,
          evidence: { risk, orders: row.orders, lastOrderOn: row.last_day, daysSinceLastOrder: row.since, thresholdDays: params.days },
        },
      ];
    });
  },
};
