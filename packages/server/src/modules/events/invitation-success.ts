import { sql } from 'drizzle-orm';
import type { Executor } from '../../platform/db/client.js';

/** One person's invitation success in a period: invitations they made and how many of those guests attended. */
export interface InvitationSuccess {
  callerId: string;
  invited: number;
  attended: number;
  /** attended ÷ invited in percent (one decimal); null when the person invited nobody. */
  rate: number | null;
}

/**
 * Invitation success per caller (邀约成功率, a KPI input for performance — issue 19 item 1): the
 * invitations a person made (walk-ins are nobody's invitation) for events that started in
 * [from, to) and were not cancelled, and how many of those guests attended (R-EVT-2's "attended").
 * People without invitations are left out.
 */
export async function invitationSuccessByCaller(
  db: Executor,
  scope: { from: Date; to: Date; callerIds: readonly string[] },
): Promise<InvitationSuccess[]> {
  if (scope.callerIds.length === 0) return [];
  const result = await db.execute<{ caller_id: string; invited: number; attended: number }>(sql`
    select i.caller_id, count(*)::int as invited, count(*) filter (where i.status = 'attended')::int as attended
      from event_invitations i join events e on e.id = i.event_id
     where e.starts_at >= ${scope.from.toISOString()}::timestamptz and e.starts_at < ${scope.to.toISOString()}::timestamptz
       and e.status <> 'cancelled' and i.source <> 'walk_in'
       and i.caller_id = any(${sql.param([...scope.callerIds])}::uuid[])
     group by i.caller_id`);
  return result.rows.map((row) => ({
    callerId: row.caller_id,
    invited: row.invited,
    attended: row.attended,
    rate: row.invited > 0 ? Math.round((row.attended * 1000) / row.invited) / 10 : null,
  }));
}
