import { sql } from 'drizzle-orm';
import { message } from '@xiaoguan/shared';
import type { AlertFinding, AlertRule } from '../../platform/alerts/index.js';
import type { Executor } from '../../platform/db/client.js';
import { interactions } from '../customers/index.js';
import { opportunities } from '../opportunities/index.js';
import { channelConflicts, type RegistrationFact } from './conflict.js';

export interface DirectConflict {
  registrationId: string;
  partnerName: string;
  customerId: string;
  customerName: string;
  protectedUntil: string;
  workerId: string;
  workerName: string;
  workDay: string;
}

/**
 * R-CHN-1 direct work on a protected customer: for each approved registration, the latest
 * interaction logged or opportunity opened on its customer since the approval (an opportunity the
 * partner's own deal — attributed to it — is not direct work), kept when `channelConflicts` finds the
 * work day inside the protection.
 */
export async function findDirectConflicts(db: Executor, timeZone: string): Promise<DirectConflict[]> {
  const rows = await db.execute<{
    id: string;
    partner_id: string;
    partner_name: string;
    customer_id: string;
    customer_name: string;
    protected_from: string;
    protected_until: string;
    worker_id: string | null;
    worker_name: string | null;
    work_day: string | null;
  }>(sql`
    select d.id, d.partner_id, p.name as partner_name, d.customer_id, c.name as customer_name,
           (d.decided_at at time zone ${timeZone})::date::text as protected_from, d.protected_until::text as protected_until,
           w.worker_id, u.display_name as worker_name, (w.at at time zone ${timeZone})::date::text as work_day
      from deal_registrations d
      join channel_partners p on p.id = d.partner_id
      join customers c on c.id = d.customer_id
      left join lateral (
        select worker_id, at from (
          select i.author_id as worker_id, i.occurred_at as at from ${interactions} i
           where i.customer_id = d.customer_id and i.occurred_at >= d.decided_at
          union all
          select o.owner_id, o.created_at from ${opportunities} o
           where o.customer_id = d.customer_id and o.created_at >= d.decided_at
             and not exists (select 1 from partner_deals pd where pd.opportunity_id = o.id and pd.partner_id = d.partner_id)
        ) work order by at desc limit 1
      ) w on true
      left join users u on u.id = w.worker_id
     where d.status = 'approved' and w.worker_id is not null`);
  return rows.rows.flatMap((row) => {
    const registration: RegistrationFact = {
      id: row.id,
      partnerId: row.partner_id,
      partnerName: row.partner_name,
      customerId: row.customer_id,
      status: 'approved',
      protectedFrom: row.protected_from,
      protectedUntil: row.protected_until,
    };
    const found = channelConflicts({
      worker: { kind: 'direct' },
      customerId: row.customer_id,
      customerRegionId: null,
      day: row.work_day!,
      registrations: [registration],
      territories: [],
    });
    return found.length
      ? [
          {
            registrationId: row.id,
            partnerName: row.partner_name,
            customerId: row.customer_id,
            customerName: row.customer_name,
            protectedUntil: row.protected_until,
            workerId: row.worker_id!,
            workerName: row.worker_name ?? '',
            workDay: row.work_day!,
          },
        ]
      : [];
  });
}

/**
 * R-RSK-1 rule `channels.conflict` (R-CHN-1): a direct rep worked a customer a partner holds under
 * protection. One alert per registration; to the rep who worked it, their manager and the channel role.
 */
export const channelConflictRule: AlertRule = {
  key: 'channels.conflict',
  defaults: { enabled: true, params: {}, recipients: ['owner', 'manager', 'role:channel'] },
  async evaluate({ db, timeZone }) {
    const conflicts = await findDirectConflicts(db, timeZone);
    return conflicts.map((c): AlertFinding => ({
      subjectKey: `registration:${c.registrationId}`,
      ownerId: c.workerId,
      severity: 'warning',
      message: message('channels.alertRules.conflict.summary', {
        customer: c.customerName,
        partner: c.partnerName,
        rep: c.workerName,
        until: c.protectedUntil,
      }),
      text: `${c.workerName} 跟进了渠道伙伴 ${c.partnerName} 报备保护中的客户 ${c.customerName}（保护期至 ${c.protectedUntil}）`,
      link: `/customers/${c.customerId}`,
      evidence: { partner: c.partnerName, protectedUntil: c.protectedUntil, workDay: c.workDay },
    }));
  },
};
