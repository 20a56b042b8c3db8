import { sql } from 'drizzle-orm';
import type { EventPipelineItem } from '@xiaoguan/shared';
import type { Executor } from '../../platform/db/client.js';
import { iso } from '../../platform/db/client.js';
import { attributionDays } from './event-deals.service.js';

/**
 * Deals at the event beyond orders (issue 17 item 7): the opportunities, quotes and contracts of the
 * customers on the event's list that were attributed to it by hand — the record itself or what it
 * came from (a quote's opportunity; a contract's quote or opportunity), the rule orders follow too —
 * and, for records with no hand attribution anywhere, those an attendee (checked in, walk-ins too)
 * opened between the event's start and its end plus the attribution days — the window orders use —
 * each to one event: of several such events the latest wins. Lost opportunities, declined / expired
 * quotes and terminated contracts are left out. The events module owns this; the pipeline modules
 * stay unaware (read by table, no import of events).
 */
export async function attributedPipeline(db: Executor, eventId: string): Promise<EventPipelineItem[]> {
  const days = await attributionDays(db);
  const rows = await db.execute<{
    kind: EventPipelineItem['kind'];
    id: string;
    label: string;
    customer_id: string;
    customer_name: string;
    owner_name: string | null;
    created_at: Date | string;
    status: string;
    amount_cents: string;
    attribution: EventPipelineItem['attribution'];
  }>(sql`
    with listed as (
      select distinct ei.customer_id from event_invitations ei where ei.event_id = ${eventId}
    ), items as (
      select 'opportunity' as kind, o.id, o.name as label, o.customer_id, o.owner_id, o.created_at, o.stage as status, o.amount_cents,
             lo.event_id as manual_event
        from opportunities o
        left join event_pipeline_links lo on lo.kind = 'opportunity' and lo.record_id = o.id
       where o.customer_id in (select customer_id from listed) and o.stage <> 'lost'
      union all
      select 'quote', q.id, q.number || ' ' || q.title, q.customer_id, q.owner_id, q.created_at, q.status, q.total_cents,
             coalesce(lq.event_id, lo.event_id)
        from quotes q
        left join event_pipeline_links lq on lq.kind = 'quote' and lq.record_id = q.id
        left join event_pipeline_links lo on lo.kind = 'opportunity' and lo.record_id = q.opportunity_id
       where q.customer_id in (select customer_id from listed) and q.status not in ('declined', 'expired')
      union all
      select 'contract', c.id, c.number || ' ' || c.title, c.customer_id, c.owner_id, c.created_at, c.status, c.amount_cents,
             coalesce(lc.event_id, lq.event_id, lo.event_id)
        from contracts c
        left join event_pipeline_links lc on lc.kind = 'contract' and lc.record_id = c.id
        left join event_pipeline_links lq on lq.kind = 'quote' and lq.record_id = c.quote_id
        left join quotes cq on cq.id = c.quote_id
        left join event_pipeline_links lo on lo.kind = 'opportunity' and lo.record_id = coalesce(c.opportunity_id, cq.opportunity_id)
       where c.customer_id in (select customer_id from listed) and c.status <> 'terminated'
    ), auto as (
      select distinct on (i.kind, i.id) i.kind, i.id, e.id as event_id
        from items i
        join event_invitations ei on ei.customer_id = i.customer_id and ei.status = 'attended'
        join events e on e.id = ei.event_id and e.status <> 'cancelled'
       where i.manual_event is null
         and i.created_at >= e.starts_at and i.created_at < e.ends_at + make_interval(days => ${days})
       order by i.kind, i.id, e.starts_at desc, e.id
    ), owned as (
      select i.*, 'manual' as attribution from items i where i.manual_event = ${eventId}
      union all
      select i.*, 'auto' from items i join auto a on a.kind = i.kind and a.id = i.id where a.event_id = ${eventId}
    )
    select w.kind, w.id, w.label, w.customer_id, c.name as customer_name, u.display_name as owner_name, w.created_at, w.status,
           w.amount_cents, w.attribution
      from owned w join customers c on c.id = w.customer_id left join users u on u.id = w.owner_id
     order by w.created_at desc, w.id`);
  return rows.rows.map((r) => ({
    kind: r.kind,
    id: r.id,
    label: r.label,
    customerId: r.customer_id,
    customerName: r.customer_name,
    ownerName: r.owner_name,
    createdAt: iso(r.created_at)!,
    status: r.status,
    amountCents: Number(r.amount_cents),
    attribution: r.attribution,
  }));
}
