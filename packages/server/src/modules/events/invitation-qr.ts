import QRCode from 'qrcode';
import { and, eq, sql } from 'drizzle-orm';
import type { InvitationBadge } from '@xiaoguan/shared';
import type { Ctx } from '../../platform/context.js';
import type { Executor } from '../../platform/db/client.js';
import { iso } from '../../platform/db/client.js';
import { AppError, notFound } from '../../platform/errors.js';
import { users } from '../org/index.js';
import { customers } from '../customers/index.js';
import { eventInvitations, events } from './events.schema.js';
import { eventReadScope } from './events.service.js';
import { invitationScope } from './invitations.service.js';

/**
 * The check-in QR code of an invitation (issue 17 item 1): the code is the invitation's
 * `qr_token` — 128 random bits from gen_random_uuid, unguessable, one per invitation — and nothing
 * else, so a printed badge or a forwarded message reveals no customer data. Error correction M
 * survives a creased printout or a cracked phone screen.
 */
export function qrSvg(token: string): Promise<string> {
  return QRCode.toString(token, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
}

/** A printable / sendable invitation with its QR code, for those who may see the invitation (organisers, its caller). */
export async function getInvitationBadge(ctx: Ctx, invitationId: string): Promise<InvitationBadge> {
  const [row] = await ctx.db
    .select({ i: eventInvitations, e: events, customerName: customers.name, callerName: users.displayName })
    .from(eventInvitations)
    .innerJoin(events, eq(events.id, eventInvitations.eventId))
    .innerJoin(customers, eq(customers.id, eventInvitations.customerId))
    .leftJoin(users, eq(users.id, eventInvitations.callerId))
    .where(and(eq(eventInvitations.id, invitationId), eventReadScope(ctx), invitationScope(ctx)));
  if (!row) throw notFound('invitation');
  return {
    invitationId: row.i.id,
    eventId: row.e.id,
    eventTheme: row.e.theme,
    startsAt: iso(row.e.startsAt)!,
    endsAt: iso(row.e.endsAt)!,
    venue: row.e.venue,
    address: row.e.address,
    customerName: row.customerName,
    callerName: row.callerName,
    seat: row.i.seat,
    status: row.i.status,
    token: row.i.qrToken,
    qrSvg: await qrSvg(row.i.qrToken),
  };
}

/**
 * Why a scanned code matched no invitation of this event, in words the door staff can act on:
 * a code of another event (422, nothing else about it is told) or no such code at all (404).
 */
export async function unmatchedCheckIn(db: Executor, input: { token?: string | undefined }): Promise<AppError> {
  if (!input.token) return notFound('invitation');
  const other = await db.execute(sql`select 1 from event_invitations where qr_token = ${input.token}`);
  if (other.rows.length) return new AppError('rule', 'this check-in code is for another event', { field: 'token' });
  return new AppError('not_found', 'unknown check-in code: no invitation has it', { field: 'token' });
}
