import { sql } from 'drizzle-orm';
import type { Database } from '../../platform/db/client.js';
import { notify, type NewNotification } from '../../platform/notifications/notifications.js';
import { getSettings } from '../../platform/settings/settings.js';
import { companyToday } from './aging.js';
import { receivableContractSql } from './receivables.queries.js';
import { getReceivablesSettings } from './receivables.settings.js';
import { jobOutcome, type JobOutcome } from '../../platform/jobs/scheduler.js';
import { message } from '@xiaoguan/shared';

/**
 * Overdue warnings (003 二.(一).4): when an open installment has been overdue for a configured number
 * of days (setting `overdueWarningDays`, default 1, 30, 60, 90; calendar days in the company zone) its
 * owner and the owner's manager are told — once per threshold. `warned_days` keeps the highest
 * threshold already sent; a run that finds an installment past several new thresholds (the job did not
 * run for a while) sends one warning for the highest. One statement claims the rows, so two processes
 * never warn twice.
 */
export async function sendOverdueWarnings(db: Database, now: Date): Promise<JobOutcome> {
  const [{ timeZone }, settings] = await Promise.all([getSettings(db), getReceivablesSettings(db, { fresh: true })]);
  const today = companyToday(now, timeZone);
  const thresholds = [...settings.overdueWarningDays].sort((a, b) => a - b);
  return db.transaction(async (tx) => {
    const warned = await tx.execute<{
      id: string;
      seq: number;
      threshold: number;
      days: number;
      outstanding: number;
      owner_id: string;
      manager_id: string | null;
      owner_name: string;
      contract_id: string;
      contract_number: string;
      customer_name: string;
    }>(sql`
      with due as (
        select i.id, max(t.days) as threshold
          from payment_installments i
          join contracts c on c.id = i.contract_id
          cross join unnest(${sql.param(thresholds)}::int[]) as t(days)
         where i.settled_on is null
           and ${receivableContractSql()}
           and i.due_on < ${today}::date
           and (${today}::date - i.due_on) >= t.days
           and t.days > i.warned_days
         group by i.id
      ),
      claimed as (
        update payment_installments i set warned_days = due.threshold
          from due where i.id = due.id and i.warned_days < due.threshold
        returning i.id, i.seq, i.warned_days as threshold, (${today}::date - i.due_on) as days,
                  (i.amount_cents - i.received_cents - i.written_off_cents) as outstanding, i.owner_id, i.contract_id
      )
      select claimed.*, ou.manager_id, ou.display_name as owner_name, c.number as contract_number, cu.name as customer_name
        from claimed
        join users ou on ou.id = claimed.owner_id
        join contracts c on c.id = claimed.contract_id
        join customers cu on cu.id = c.customer_id`);
    const notes: NewNotification[] = [];
    for (const row of warned.rows) {
      const title = `回款逾期 ${row.days} 天：${row.customer_name} ${row.contract_number} 第 ${row.seq} 期，未收 ¥${(Number(row.outstanding) / 100).toFixed(2)}`;
      const titleMessage = message('receivables.messages.overdueWarning', {
        days: row.days,
        customer: row.customer_name,
        contract: row.contract_number,
        seq: row.seq,
        outstanding: `¥${(Number(row.outstanding) / 100).toFixed(2)}`,
      });
      const bodyMessage = message('receivables.messages.overdueOwner', { owner: row.owner_name });
      const base = {
        kind: 'receivable.overdue',
        title,
        titleMessage,
        body: `负责人 ${row.owner_name}`,
        bodyMessage,
        link: `/contracts/${row.contract_id}`,
      };
      notes.push({ userId: row.owner_id, ...base });
      if (row.manager_id && row.manager_id !== row.owner_id) notes.push({ userId: row.manager_id, ...base });
    }
    await notify(tx, notes);
    return jobOutcome('overdueWarnings', { count: warned.rows.length }, `${warned.rows.length} installments warned`);
  });
}
