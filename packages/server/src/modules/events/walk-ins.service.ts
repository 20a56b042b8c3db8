import { message } from '@xiaoguan/shared';
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { CheckInResult, Role } from '@xiaoguan/shared';
import type { z } from 'zod';
import type { walkInSchema } from '@xiaoguan/shared';
import type { Ctx } from '../../platform/context.js';
import { makeCtx } from '../../platform/context.js';
import type { Actor } from '../../platform/access/index.js';
import type { Executor } from '../../platform/db/client.js';
import { AppError, badRequest, notFound } from '../../platform/errors.js';
import { createCustomer, customers, findDuplicates } from '../customers/index.js';
import { eventInvitations, events } from './events.schema.js';
import { eventsAccess } from './events.access.js';
import { assertCanAddInvitation } from './event-rules.js';
import { checkIn } from './invitations.service.js';

async function loadOrganiser(executor: Executor, userId: string): Promise<Actor> {
  const result = await executor.execute<{
    id: string;
    username: string;
    display_name: string;
    roles: Role[];
    org_unit_id: string | null;
    path: string | null;
    line_path: string;
  }>(sql`
    select u.id, u.username, u.display_name, u.roles, u.org_unit_id, o.path, u.line_path
      from users u left join org_units o on o.id = u.org_unit_id where u.id = ${userId} and not u.disabled`);
  const row = result.rows[0];
  if (!row) throw new AppError('rule', 'the event’s organiser is no longer active; ask an administrator');
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    roles: row.roles,
    orgUnitId: row.org_unit_id,
    orgUnitPath: row.path,
    linePath: row.line_path,
  };
}

/**
 * Registers a walk-in on site and checks them in (issue 17 item 6). R-CUS-3: the phone is matched
 * against existing customers through the customers module's normaliser — a match answers 409 with
 * the candidates (name and owner only), and the staff send again with the chosen `customerId`. A new
 * person becomes a customer of the event's organiser, created under the organiser's authority (check-in
 * staff need not own customers) while the audit names the staff member who registered them. The
 * invitation has source walk-in; a person already invited is simply checked in.
 */
export async function registerWalkIn(ctx: Ctx, eventId: string, input: z.infer<typeof walkInSchema>): Promise<CheckInResult> {
  eventsAccess.require(ctx.actor, 'checkin');
  const [event] = await ctx.db
    .select()
    .from(events)
    .where(and(eq(events.id, eventId), eventsAccess.where(ctx.actor, 'checkin', events.organiserId)));
  if (!event) throw notFound('event');
  assertCanAddInvitation(event.status, 'walk_in');
  const invitationId = await ctx.db.transaction(async (tx) => {
    let customerId = input.customerId ?? null;
    if (customerId) {
      const [found] = await tx
        .select({ id: customers.id })
        .from(customers)
        .where(and(eq(customers.id, customerId), isNull(customers.mergedIntoId)));
      if (!found) throw badRequest('body.customerId', 'no such customer');
    } else {
      const duplicates = await findDuplicates(tx, { name: input.name, phone: input.phone, kind: 'person' });
      if (duplicates.length) {
        throw new AppError('conflict', `possible duplicate of ${duplicates.map((d) => d.name).join(', ')}`, {
          rule: 'R-CUS-3',
          field: 'body.phone',
          data: { duplicates: duplicates.map((d) => ({ id: d.id, name: d.name, ownerName: d.ownerName, matchedOn: d.matchedOn })) },
        });
      }
      const organiser = await loadOrganiser(tx, event.organiserId);
      const organiserCtx: Ctx = { ...makeCtx(ctx.db, organiser, { now: ctx.now }), audit: ctx.audit };
      const created = await createCustomer(organiserCtx, {
        kind: 'person',
        name: input.name,
        phone: input.phone,
        gender: input.gender ?? null,
        tier: 'C',
        status: 'lead',
        source: 'conference',
        tags: [],
        interests: [],
        ownerId: organiser.id,
        ignoreDuplicates: true,
      });
      customerId = created.id;
    }
    const [inserted] = await tx
      .insert(eventInvitations)
      .values({
        eventId,
        customerId,
        callerId: event.organiserId,
        channel: 'phone',
        source: 'walk_in',
        status: 'pending',
        statusAt: ctx.now,
        qrToken: sql`replace(gen_random_uuid()::text, '-', '')`,
        createdAt: ctx.now,
        updatedAt: ctx.now,
      })
      .onConflictDoNothing()
      .returning({ id: eventInvitations.id });
    if (inserted) {
      await ctx.audit(tx, {
        action: 'create',
        entity: 'event_invitations',
        entityId: inserted.id,
        summary: `walk-in ${input.name}`,
        summaryMessage: message('audit.messages.walkIn', { name: input.name }),
      });
      return inserted.id;
    }
    const [existing] = await tx
      .select({ id: eventInvitations.id })
      .from(eventInvitations)
      .where(and(eq(eventInvitations.eventId, eventId), eq(eventInvitations.customerId, customerId)));
    return existing!.id;
  });
  return checkIn(ctx, eventId, { invitationId, seat: input.seat ?? null });
}
