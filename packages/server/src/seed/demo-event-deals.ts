import { sql } from 'drizzle-orm';
import type { Executor } from '../platform/db/client.js';

/**
 * Deals at the demo events (issue 17 item 3): for each closed demo event, up to three orders its
 * attendees placed after it are attributed to it by hand (the demo pipeline's order dates do not
 * follow the events, so the automatic window would find few), and the upcoming event gets an event
 * offer (10 % off for its attendees on its days). Run after the pipeline and the events.
 */
export async function seedDemoEventDeals(db: Executor): Promise<{ deals: number; offers: number }> {
  const deals = await db.execute(sql`
    insert into event_deals (event_id, order_id, created_at)
    select event_id, order_id, now() from (
      select distinct on (o.id) e.id as event_id, o.id as order_id, e.starts_at,
             row_number() over (partition by e.id order by o.ordered_at, o.id) as n
        from events e
        join event_invitations ei on ei.event_id = e.id and ei.status = 'attended'
        join orders o on o.customer_id = ei.customer_id and o.ordered_at >= e.starts_at and o.status <> 'cancelled'
       where e.status = 'closed'
       order by o.id, e.starts_at desc
    ) picked
    where n <= 3
    on conflict (order_id) do nothing`);
  const offers = await db.execute(sql`
    insert into promotions (name, kind, event_id, starts_on, ends_on, percent_off_bp)
    select '会场专享九折', 'event', e.id, (e.starts_at at time zone 'Asia/Shanghai')::date, (e.ends_at at time zone 'Asia/Shanghai')::date, 1000
      from events e where e.status in ('draft', 'inviting', 'ready')`);
  return { deals: deals.rowCount ?? 0, offers: offers.rowCount ?? 0 };
}
