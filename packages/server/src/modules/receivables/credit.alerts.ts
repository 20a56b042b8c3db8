import { sql } from 'drizzle-orm';
import { message } from '@xiaoguan/shared';
import type { AlertFinding, AlertRule } from '../../platform/alerts/index.js';
import { formatYuan } from '../../platform/pdf/pdf.js';
import { CLOSED_ORDER_STATUSES, RECEIVABLE_CONTRACT_STATUSES } from './credit.js';

const list = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(', '));

/**
 * R-RSK-1 credit exceeded: the outstanding balance (R-AR-2) above the credit limit by more than
 * `overPct` % of the limit (0: any amount over). A customer without a limit is never over it.
 */
export function creditExceeded(outstandingCents: number, limitCents: number | null, overPct: number): boolean {
  if (limitCents === null) return false;
  return outstandingCents * 100 > limitCents * (100 + overPct);
}

/**
 * R-RSK-1 `receivables.credit`: customers whose outstanding balance (R-AR-2, the same sums as
 * `outstandingBalanceCents`) is over their credit limit, and credit overrides still waiting for a
 * decision more than `pendingDays` days. One alert per customer and limit (a changed limit is a new
 * subject) and one per override.
 */
export const creditRiskRule: AlertRule = {
  key: 'receivables.credit',
  defaults: { enabled: true, params: { overPct: 0, pendingDays: 2 }, recipients: ['owner', 'manager', 'role:finance'] },
  async evaluate({ db, now }, params) {
    const overPct = Math.max(0, params.overPct ?? 0);
    const pendingDays = Math.max(0, Math.floor(params.pendingDays ?? 2));
    const over = await db.execute<{ id: string; name: string; owner_id: string | null; limit_cents: string; outstanding: string }>(sql`
      select cu.id, cu.name, cu.owner_id, cu.credit_limit_cents as limit_cents,
             coalesce(i.outstanding, 0) + coalesce(o.outstanding, 0) as outstanding
        from customers cu
        left join (select i.customer_id, sum(i.amount_cents - i.received_cents - i.written_off_cents) as outstanding
                     from payment_installments i join contracts c on c.id = i.contract_id
                    where c.status in (${list(RECEIVABLE_CONTRACT_STATUSES)})
                    group by i.customer_id) i on i.customer_id = cu.id
        left join (select o.customer_id, sum(o.amount_cents) as outstanding from orders o
                    where o.contract_id is null and o.status not in (${list(CLOSED_ORDER_STATUSES)})
                    group by o.customer_id) o on o.customer_id = cu.id
       where cu.credit_limit_cents is not null and cu.merged_into_id is null
       order by cu.id`);
    const findings: AlertFinding[] = [];
    for (const row of over.rows) {
      const limit = Number(row.limit_cents);
      const outstanding = Number(row.outstanding);
      if (!creditExceeded(outstanding, limit, overPct)) continue;
      const values = { customer: row.name, outstanding: formatYuan(outstanding), limit: formatYuan(limit) };
      findings.push({
        subjectKey: `customer:${row.id}:limit:${limit}`,
        ownerId: row.owner_id,
        severity: 'critical',
        message: message('receivables.alertRules.credit.exceeded', values),
        text: `客户 ${row.name} 未收余额 ${values.outstanding} 超过信用额度 ${values.limit}`,
        link: `/customers/${row.id}`,
        evidence: { outstandingCents: outstanding, limitCents: limit, overByCents: outstanding - limit, thresholdPct: overPct },
      });
    }
    const pending = await db.execute<{
      id: string;
      customer_id: string;
      name: string;
      owner_id: string | null;
      amount_cents: string;
      days: number;
    }>(sql`
      select co.id, co.customer_id, cu.name, cu.owner_id, co.amount_cents,
             floor(extract(epoch from (${now}::timestamptz - co.created_at)) / 86400)::int as days
        from credit_overrides co join customers cu on cu.id = co.customer_id
       where co.status = 'pending' and co.created_at <= ${now}::timestamptz - make_interval(days => ${pendingDays})
       order by co.created_at, co.id`);
    for (const row of pending.rows) {
      const values = { customer: row.name, amount: formatYuan(Number(row.amount_cents)), days: row.days };
      findings.push({
        subjectKey: `override:${row.id}`,
        ownerId: row.owner_id,
        severity: 'warning',
        message: message('receivables.alertRules.credit.overridePending', values),
        text: `客户 ${row.name} 的信用额度突破申请（${values.amount}）已待审批 ${row.days} 天`,
        link: `/customers/${row.customer_id}`,
        evidence: { amountCents: Number(row.amount_cents), pendingDays: row.days, thresholdDays: pendingDays },
      });
    }
    return findings;
  },
};
