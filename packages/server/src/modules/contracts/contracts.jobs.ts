import { sql } from 'drizzle-orm';
import { jobOutcome, type JobOutcome, type ScheduledJob } from '../../platform/jobs/scheduler.js';
import type { Database } from '../../platform/db/client.js';
import { notify } from '../../platform/notifications/notifications.js';
import { systemCtx } from '../../platform/context.js';
import { getContractSettings } from './contracts.settings.js';
import { completeContractIfFulfilled, zoneDate } from './contracts.service.js';
import { message } from '@xiaoguan/shared';

/**
 * Expiry and renewal reminders (续约提醒): a signed or executing contract ending within N days
 * (setting, default 30) notifies its owner and the nearest manager up the owner's reporting line —
 * once per contract (`renewal_reminded_at`, claimed in the same statement that picks the contracts).
 */
export async function sendRenewalReminders(db: Database, now: Date): Promise<JobOutcome> {
  const [{ renewalReminderDays }, today] = await Promise.all([getContractSettings(db, { fresh: true }), zoneDate(db, now)]);
  return db.transaction(async (tx) => {
    const due = await tx.execute<{
      id: string;
      number: string;
      title: string;
      ends_on: string;
      owner_id: string;
      manager_id: string | null;
    }>(sql`
      update contracts c set renewal_reminded_at = ${now}
        from users o
       where o.id = c.owner_id and c.status in ('signed', 'executing') and c.renewal_reminded_at is null
         and c.ends_on between ${today}::date and ${today}::date + ${renewalReminderDays}::int
      returning c.id, c.number, c.title, c.ends_on::text, c.owner_id,
        coalesce((select m.id from users m where 'manager' = any(m.roles) and m.id <> o.id and o.line_path like '%/' || m.id || '/%'
                   order by length(m.line_path) desc limit 1), o.manager_id) as manager_id`);
    await notify(
      tx,
      due.rows.flatMap((row) =>
        [...new Set([row.owner_id, row.manager_id].filter((id): id is string => Boolean(id)))].map((userId) => ({
          userId,
          kind: 'contracts.expiring',
          title: `${row.number} ${row.title}`,
          body: `到期日 ${row.ends_on}`,
          bodyMessage: message('contracts.messages.endsOn', { date: row.ends_on }),
          link: `/contracts/${row.id}`,
        })),
      ),
    );
    return jobOutcome('renewalReminders', { count: due.rows.length }, `${due.rows.length} renewal reminders`);
  });
}

/**
 * CON-DONE sweep: receipts are recorded by the receivables module, which contracts depend on (not the
 * other way round); so a contract whose orders are all accepted is completed here once its plan is settled.
 */
export async function completeFulfilledContracts(db: Database, now: Date): Promise<JobOutcome> {
  const candidates = await db.execute<{ id: string }>(sql`
    select c.id from contracts c
     where c.status in ('signed', 'executing')
       and exists (select 1 from orders o where o.contract_id = c.id and o.status <> 'cancelled')
       and not exists (select 1 from orders o where o.contract_id = c.id and o.status not in ('accepted', 'cancelled'))
       and (select coalesce(sum(i.received_cents + i.written_off_cents), 0) from payment_installments i where i.contract_id = c.id) >= c.amount_cents`);
  const ctx = { ...systemCtx(db), now };
  let completed = 0;
  for (const { id } of candidates.rows) if (await db.transaction((tx) => completeContractIfFulfilled(tx, ctx, id))) completed++;
  return jobOutcome('contractsCompleted', { count: completed }, `${completed} contracts completed`);
}

/** The contracts module's scheduled work (times in the company zone). */
export const contractsJobs: ScheduledJob[] = [
  { name: 'contracts.renewal-reminders', cron: '0 8 * * *', run: sendRenewalReminders },
  { name: 'contracts.complete-fulfilled', cron: '30 * * * *', run: completeFulfilledContracts },
];
