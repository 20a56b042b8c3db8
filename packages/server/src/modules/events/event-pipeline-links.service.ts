import { and, eq, sql, type SQL } from 'drizzle-orm';
import { message, type EventPipelineAttribute, type EventPipelineCandidate, type EventPipelineLink } from '@xiaoguan/shared';
import type { Ctx } from '../../platform/context.js';
import type { Tx } from '../../platform/db/client.js';
import { AppError, badRequest, conflict, notFound } from '../../platform/errors.js';
import { opportunities, opportunitiesAccess } from '../opportunities/index.js';
import { quotes, quotesAccess } from '../quotes/index.js';
import { contracts, contractsAccess } from '../contracts/index.js';
import { eventInvitations, eventPipelineLinks } from './events.schema.js';
import { loadEvent } from './events.service.js';

/**
 * Attributing opportunities, quotes and contracts to an event by hand (issue 17 item 7). Who may:
 * someone who may edit the record (its module's write scope) and see the event. The record's
 * customer must be on the event's list; a record belongs to one event (another event's is 409).
 * The figures follow in `attributedOrders` / `attributedPipeline`: a hand attribution takes the
 * record — and what comes of it — out of the automatic rule, so nothing counts twice.
 */

const KIND_LABELS = { opportunity: '商机', quote: '报价', contract: '合同' } as const;

/** The record, if the caller may edit it: its customer and a label for the audit trail. */
async function editableRecord(ctx: Ctx, tx: Tx, input: EventPipelineAttribute): Promise<{ customerId: string; label: string } | undefined> {
  if (input.kind === 'opportunity') {
    const [row] = await tx
      .select({ customerId: opportunities.customerId, label: opportunities.name })
      .from(opportunities)
      .where(and(eq(opportunities.id, input.recordId), opportunitiesAccess.where(ctx.actor, 'write', opportunities.ownerId)));
    return row;
  }
  if (input.kind === 'quote') {
    const [row] = await tx
      .select({ customerId: quotes.customerId, label: quotes.number })
      .from(quotes)
      .where(and(eq(quotes.id, input.recordId), quotesAccess.where(ctx.actor, 'write', quotes.ownerId)));
    return row;
  }
  const [row] = await tx
    .select({ customerId: contracts.customerId, label: contracts.number })
    .from(contracts)
    .where(and(eq(contracts.id, input.recordId), contractsAccess.where(ctx.actor, 'write', contracts.ownerId)));
  return row;
}

/** Attributes an opportunity, quote or contract to the event by hand; attributing it again to the same event changes nothing. */
export async function attributePipelineRecord(ctx: Ctx, eventId: string, input: EventPipelineAttribute): Promise<EventPipelineLink> {
  const { e } = await loadEvent(ctx, eventId);
  if (e.status === 'cancelled') throw new AppError('rule', 'a cancelled event takes no deals', { field: 'recordId' });
  return ctx.db.transaction(async (tx) => {
    const record = await editableRecord(ctx, tx, input);
    if (!record) throw badRequest('body.recordId', `no such ${input.kind} you may edit`);
    const [listed] = await tx
      .select({ id: eventInvitations.id })
      .from(eventInvitations)
      .where(and(eq(eventInvitations.eventId, eventId), eq(eventInvitations.customerId, record.customerId)))
      .limit(1);
    if (!listed) throw new AppError('rule', `the ${input.kind}’s customer is not on this event’s list`, { field: 'recordId' });
    const inserted = await tx
      .insert(eventPipelineLinks)
      .values({ eventId, kind: input.kind, recordId: input.recordId, attributedById: ctx.actor.id, createdAt: ctx.now })
      .onConflictDoNothing()
      .returning({ id: eventPipelineLinks.id });
    if (!inserted.length) {
      const [existing] = await tx
        .select({ eventId: eventPipelineLinks.eventId })
        .from(eventPipelineLinks)
        .where(and(eq(eventPipelineLinks.kind, input.kind), eq(eventPipelineLinks.recordId, input.recordId)));
      if (existing && existing.eventId !== eventId) throw conflict(`the ${input.kind} is attributed to another event`);
    } else {
      await ctx.audit(tx, {
        action: 'create',
        entity: 'event_pipeline_links',
        entityId: inserted[0]!.id,
        summary: `${input.kind} ${record.label} → event ${eventId}`,
        summaryMessage: message('audit.messages.eventPipelineAttributed', { kind: KIND_LABELS[input.kind], label: record.label }),
      });
    }
    return { eventId, kind: input.kind, recordId: input.recordId, attributed: true };
  });
}

/** Takes a hand attribution back (the automatic rule applies to the record again); the same people as attributing. */
export async function removePipelineAttribution(ctx: Ctx, eventId: string, input: EventPipelineAttribute): Promise<EventPipelineLink> {
  await loadEvent(ctx, eventId);
  return ctx.db.transaction(async (tx) => {
    const record = await editableRecord(ctx, tx, input);
    if (!record) throw notFound(input.kind);
    const removed = await tx
      .delete(eventPipelineLinks)
      .where(
        and(
          eq(eventPipelineLinks.eventId, eventId),
          eq(eventPipelineLinks.kind, input.kind),
          eq(eventPipelineLinks.recordId, input.recordId),
        ),
      )
      .returning({ id: eventPipelineLinks.id });
    if (!removed.length) throw notFound('attribution');
    await ctx.audit(tx, {
      action: 'delete',
      entity: 'event_pipeline_links',
      entityId: removed[0]!.id,
      summary: `${input.kind} ${record.label} ↛ event ${eventId}`,
      summaryMessage: message('audit.messages.eventPipelineDetached', { kind: KIND_LABELS[input.kind], label: record.label }),
    });
    return { eventId, kind: input.kind, recordId: input.recordId, attributed: false };
  });
}

/** What the caller may attribute to the event by hand: open records they may edit of customers on its list (at most 200, newest first). */
export async function pipelineCandidates(ctx: Ctx, eventId: string): Promise<EventPipelineCandidate[]> {
  await loadEvent(ctx, eventId);
  const listed = sql`(select customer_id from event_invitations where event_id = ${eventId})`;
  const scope = (where: SQL) => sql`(${where})`;
  const rows = await ctx.db.execute<{
    kind: EventPipelineCandidate['kind'];
    id: string;
    label: string;
    customer_name: string;
    amount_cents: string;
    attributed_event_id: string | null;
  }>(sql`
    select i.kind, i.id, i.label, c.name as customer_name, i.amount_cents, l.event_id as attributed_event_id
      from (
        select 'opportunity' as kind, opportunities.id, opportunities.name as label, opportunities.customer_id,
               opportunities.amount_cents, opportunities.created_at
          from opportunities
         where opportunities.customer_id in ${listed} and opportunities.stage <> 'lost'
           and ${scope(opportunitiesAccess.where(ctx.actor, 'write', opportunities.ownerId))}
        union all
        select 'quote', quotes.id, quotes.number || ' ' || quotes.title, quotes.customer_id, quotes.total_cents, quotes.created_at
          from quotes
         where quotes.customer_id in ${listed} and quotes.status not in ('declined', 'expired')
           and ${scope(quotesAccess.where(ctx.actor, 'write', quotes.ownerId))}
        union all
        select 'contract', contracts.id, contracts.number || ' ' || contracts.title, contracts.customer_id, contracts.amount_cents,
               contracts.created_at
          from contracts
         where contracts.customer_id in ${listed} and contracts.status <> 'terminated'
           and ${scope(contractsAccess.where(ctx.actor, 'write', contracts.ownerId))}
      ) i
      join customers c on c.id = i.customer_id
      left join event_pipeline_links l on l.kind = i.kind and l.record_id = i.id
     order by i.created_at desc, i.id
     limit 200`);
  return rows.rows.map((r) => ({
    kind: r.kind,
    id: r.id,
    label: r.label,
    customerName: r.customer_name,
    amountCents: Number(r.amount_cents),
    attributedHere: r.attributed_event_id === eventId,
    attributedElsewhere: r.attributed_event_id !== null && r.attributed_event_id !== eventId,
  }));
}
