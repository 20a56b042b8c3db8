import { sql } from 'drizzle-orm';
import { message } from '@xiaoguan/shared';
import type { AlertRule } from '../../platform/alerts/index.js';
import { formatYuan } from '../../platform/pdf/pdf.js';
import { companyToday } from './aging.js';
import { receivableInstallmentSql } from './receivables.queries.js';

/**
 * R-RSK-1 `receivables.overdue`: an installment still owed more than `days` days after its due date
 * (R-AR-1's day count). One alert per installment while it is open; over 90 days it is critical.
 */
export const overdueReceivableRule: AlertRule = {
  key: 'receivables.overdue',
  defaults: { enabled: true, params: { days: 30 }, recipients: ['owner', 'manager', 'role:finance'] },
  async evaluate({ db, now, timeZone }, params) {
    const today = companyToday(now, timeZone);
    const days = Math.max(0, Math.floor(params.days ?? 30));
    const rows = await db.execute<{
      id: string;
      contract_id: string;
      number: string;
      seq: number;
      owner_id: string;
      customer_name: string;
      overdue_days: number;
      outstanding_cents: number;
    }>(sql`
      select i.id, i.contract_id, c.number, i.seq, i.owner_id, cu.name as customer_name,
             (${today}::date - i.due_on)::int as overdue_days,
             (i.amount_cents - i.received_cents - i.written_off_cents)::bigint as outstanding_cents
        from payment_installments i
        join contracts c on c.id = i.contract_id
        join customers cu on cu.id = i.customer_id
       where i.settled_on is null and i.amount_cents - i.received_cents - i.written_off_cents > 0
         and i.due_on < ${today}::date - ${days}::int and ${receivableInstallmentSql()}
       order by i.due_on, i.id`);
    return rows.rows.map((row) => {
      const outstanding = Number(row.outstanding_cents);
      const params = {
        contract: row.number,
        seq: row.seq,
        customer: row.customer_name,
        days: row.overdue_days,
        amount: formatYuan(outstanding),
      };
      return {
        subjectKey: `installment:${row.id}`,
        ownerId: row.owner_id,
        severity: row.overdue_days > 90 ? 'critical' : 'warning',
        message: message('receivables.alertRules.overdue.summary', params),
        text: `合同 ${row.number} 第 ${row.seq} 期（${row.customer_name}）逾期 ${row.overdue_days} 天，未收 ${params.amount}`,
        link: `/contracts/${row.contract_id}`,
        evidence: {
          contract: row.number,
          installment: row.seq,
          overdueDays: row.overdue_days,
          outstandingCents: outstanding,
          thresholdDays: days,
        },
      };
    });
  },
};
