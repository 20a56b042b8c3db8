import { sql } from 'drizzle-orm';
import type { z } from 'zod';
import {
  message,
  type ChannelWarning,
  type Registration,
  type attributeDealSchema,
  type registrationDecisionSchema,
  type registrationInputSchema,
  type registrationListQuerySchema,
} from '@xiaoguan/shared';
import type { Ctx } from '../../platform/context.js';
import type { Executor } from '../../platform/db/client.js';
import { iso } from '../../platform/db/client.js';
import { AppError, badRequest, conflict, notFound, ruleViolation } from '../../platform/errors.js';
import { notify } from '../../platform/notifications/notifications.js';
import { getSettings } from '../../platform/settings/settings.js';
import { customerReadScope, customers } from '../customers/index.js';
import { opportunities, opportunityReadScope } from '../opportunities/index.js';
import { channelsAccess } from './channels.access.js';
import { channelConflicts, protectionEnd, type ChannelWorker, type RegistrationFact, type TerritoryFact } from './conflict.js';

/** R-CHN-1 protection when the channel manager does not give one (days, the approval day the first). */
export const DEFAULT_PROTECTION_DAYS = 90;

const dayIn = (instant: Date, timeZone: string) => new Intl.DateTimeFormat('en-CA', { timeZone }).format(instant);

type RegistrationRow = {
  id: string;
  partner_id: string;
  partner_name: string;
  customer_id: string;
  customer_name: string;
  status: Registration['status'];
  note: string;
  expected_cents: number;
  registered_at: Date;
  decided_at: Date | null;
  protected_until: string | null;
  warnings: string[];
  version: number;
};

const REGISTRATION_SELECT = sql`
  select d.id, d.partner_id, p.name as partner_name, d.customer_id, c.name as customer_name, d.status, d.note, d.expected_cents,
         d.registered_at, d.decided_at, d.protected_until::text as protected_until, d.warnings, d.version
    from deal_registrations d join channel_partners p on p.id = d.partner_id join customers c on c.id = d.customer_id`;

const present = (ctx: Ctx, row: RegistrationRow): Registration => ({
  id: row.id,
  partnerId: row.partner_id,
  partnerName: row.partner_name,
  customerId: row.customer_id,
  customerName: row.customer_name,
  status: row.status,
  note: row.note,
  expectedCents: Number(row.expected_cents),
  registeredAt: iso(row.registered_at)!,
  decidedAt: iso(row.decided_at),
  protectedUntil: row.protected_until,
  warnings: row.warnings,
  version: row.version,
  abilities: { decide: channelsAccess.can(ctx.actor, 'manage') && row.status === 'pending' },
});

export async function listRegistrations(ctx: Ctx, query: z.infer<typeof registrationListQuerySchema>): Promise<Registration[]> {
  channelsAccess.require(ctx.actor, 'read');
  const filters = [sql`true`];
  if (query.status) filters.push(sql`d.status = ${query.status}`);
  if (query.partnerId) filters.push(sql`d.partner_id = ${query.partnerId}`);
  const rows = await ctx.db.execute<RegistrationRow>(
    sql`${REGISTRATION_SELECT} where ${sql.join(filters, sql` and `)} order by d.status = 'pending' desc, d.registered_at desc limit 500`,
  );
  return rows.rows.map((row) => present(ctx, row));
}

async function loadRegistration(ctx: Ctx, executor: Executor, id: string, lock = false): Promise<RegistrationRow> {
  const rows = await executor.execute<RegistrationRow>(
    sql`${REGISTRATION_SELECT} where d.id = ${id}${lock ? sql` for update of d` : sql``}`,
  );
  if (!rows.rows[0]) throw notFound('registration');
  return rows.rows[0];
}

/** The region (org unit of kind region) above the customer's team, if any. */
const customerRegion = (customerId: string) => sql`(
  select r.id from customers c join org_units tu on tu.id = c.team_id join org_units r on r.kind = 'region' and tu.path like r.path || '%'
   where c.id = ${customerId} limit 1)`;

/** Everything R-CHN-1 looks at for one customer: its registrations and the exclusive territories. */
async function conflictFacts(
  executor: Executor,
  customerId: string,
  timeZone: string,
): Promise<{ regionId: string | null; registrations: RegistrationFact[]; territories: TerritoryFact[] }> {
  const [region, registrations, territories] = await Promise.all([
    executor.execute<{ id: string | null }>(sql`select ${customerRegion(customerId)} as id`),
    executor.execute<{
      id: string;
      partner_id: string;
      partner_name: string;
      status: RegistrationFact['status'];
      protected_from: string | null;
      protected_until: string | null;
    }>(sql`
      select d.id, d.partner_id, p.name as partner_name, d.status, (d.decided_at at time zone ${timeZone})::date::text as protected_from, d.protected_until::text as protected_until
        from deal_registrations d join channel_partners p on p.id = d.partner_id where d.customer_id = ${customerId}`),
    executor.execute<{ id: string; name: string; region_ids: string[] }>(
      sql`select id, name, region_ids from channel_partners where exclusive and status = 'active'`,
    ),
  ]);
  return {
    regionId: region.rows[0]?.id ?? null,
    registrations: registrations.rows.map((r) => ({
      id: r.id,
      partnerId: r.partner_id,
      partnerName: r.partner_name,
      customerId,
      status: r.status,
      protectedFrom: r.protected_from,
      protectedUntil: r.protected_until,
    })),
    territories: territories.rows.map((t) => ({ partnerId: t.id, partnerName: t.name, regionIds: t.region_ids, exclusive: true })),
  };
}

export async function conflictsFor(executor: Executor, worker: ChannelWorker, customerId: string, day: string, timeZone: string) {
  const facts = await conflictFacts(executor, customerId, timeZone);
  return {
    regionId: facts.regionId,
    conflicts: channelConflicts({
      worker,
      customerId,
      customerRegionId: facts.regionId,
      day,
      registrations: facts.registrations,
      territories: facts.territories,
    }),
  };
}

/**
 * A partner registers a prospect (entered by the channel manager for it). R-CHN-1: a customer another
 * partner holds under protection cannot be registered again (refused); another partner's exclusive
 * territory is a warning kept with the registration for the decision.
 */
export async function createRegistration(ctx: Ctx, input: z.infer<typeof registrationInputSchema>): Promise<Registration> {
  channelsAccess.require(ctx.actor, 'manage');
  const { timeZone } = await getSettings(ctx.db);
  const id = await ctx.db.transaction(async (tx) => {
    const partner = (
      await tx.execute<{ name: string; status: string }>(sql`select name, status from channel_partners where id = ${input.partnerId}`)
    ).rows[0];
    if (!partner) throw badRequest('body.partnerId', 'no such partner');
    if (partner.status !== 'active') throw badRequest('body.partnerId', 'the partner is not active');
    const customer = (await tx.execute(sql`select 1 from customers where id = ${input.customerId} and merged_into_id is null for update`))
      .rows[0];
    if (!customer) throw badRequest('body.customerId', 'no such customer');
    const open = await tx.execute(
      sql`select 1 from deal_registrations where partner_id = ${input.partnerId} and customer_id = ${input.customerId} and status in ('pending', 'approved')`,
    );
    if (open.rows.length) throw new AppError('conflict', 'this partner already has an open registration for the customer');
    const { conflicts } = await conflictsFor(
      tx,
      { kind: 'partner', partnerId: input.partnerId },
      input.customerId,
      dayIn(ctx.now, timeZone),
      timeZone,
    );
    const held = conflicts.find((c) => c.kind === 'registered');
    if (held)
      throw ruleViolation('R-CHN-1', `the customer is registered to ${held.partnerName} and protected until ${held.protectedUntil}`);
    const warnings = conflicts.map((c) => (c.kind === 'territory' ? `territory:${c.partnerName}` : `registered:${c.partnerName}`));
    const inserted = await tx.execute<{ id: string }>(sql`
      insert into deal_registrations (partner_id, customer_id, note, expected_cents, warnings, registered_by_id, registered_at)
      values (${input.partnerId}, ${input.customerId}, ${input.note}, ${input.expectedCents}, ${sql.param(warnings)}::text[], ${ctx.actor.id}, ${ctx.now.toISOString()}::timestamptz)
      returning id`);
    const id = inserted.rows[0]!.id;
    await ctx.audit(tx, {
      action: 'create',
      entity: 'deal_registrations',
      entityId: id,
      summaryMessage: message('audit.messages.dealRegistered', { partner: partner.name }),
    });
    return id;
  });
  return present(ctx, await loadRegistration(ctx, ctx.db, id));
}

/** The channel manager approves (protection from today for the given days) or rejects a pending registration. */
export async function decideRegistration(ctx: Ctx, id: string, input: z.infer<typeof registrationDecisionSchema>): Promise<Registration> {
  channelsAccess.require(ctx.actor, 'manage');
  const { timeZone } = await getSettings(ctx.db);
  return ctx.db.transaction(async (tx) => {
    const row = await loadRegistration(ctx, tx, id, true);
    if (row.version !== input.version) throw conflict();
    if (row.status !== 'pending') throw new AppError('conflict', `the registration is ${row.status}`);
    const today = dayIn(ctx.now, timeZone);
    if (input.decision === 'approve') {
      // Serialise approvals of one customer: two partners' registrations approved at once would both be protected.
      await tx.execute(sql`select 1 from customers where id = ${row.customer_id} for update`);
      const { conflicts } = await conflictsFor(tx, { kind: 'partner', partnerId: row.partner_id }, row.customer_id, today, timeZone);
      const held = conflicts.find((c) => c.kind === 'registered');
      if (held)
        throw ruleViolation('R-CHN-1', `the customer is registered to ${held.partnerName} and protected until ${held.protectedUntil}`);
    }
    const status = input.decision === 'approve' ? 'approved' : 'rejected';
    const until = input.decision === 'approve' ? protectionEnd(today, input.protectionDays ?? DEFAULT_PROTECTION_DAYS) : null;
    await tx.execute(sql`
      update deal_registrations set status = ${status}, decided_by_id = ${ctx.actor.id}, decided_at = ${ctx.now.toISOString()}::timestamptz,
             protected_until = ${until}::date, updated_at = ${ctx.now.toISOString()}::timestamptz, version = version + 1
       where id = ${id}`);
    await ctx.audit(tx, {
      action: input.decision === 'approve' ? 'approve' : 'reject',
      entity: 'deal_registrations',
      entityId: id,
      changes: { status: ['pending', status] },
    });
    if (input.decision === 'approve') {
      // The customer's owner learns that a partner holds the deal (R-CHN-1), before they work it.
      const owner = (await tx.execute<{ owner_id: string | null }>(sql`select owner_id from customers where id = ${row.customer_id}`))
        .rows[0];
      if (owner?.owner_id)
        await notify(tx, [
          {
            userId: owner.owner_id,
            kind: 'channel.registration.approved',
            title: `${row.customer_name} 已由渠道伙伴 ${row.partner_name} 报备，保护期至 ${until}`,
            titleMessage: message('channels.messages.registrationOnYourCustomer', {
              customer: row.customer_name,
              partner: row.partner_name,
              until: until!,
            }),
            link: `/customers/${row.customer_id}`,
          },
        ]);
    }
    return present(ctx, await loadRegistration(ctx, tx, id));
  });
}

/**
 * R-CHN-1 as the rep sees it on a customer they can read: the partners holding it under protection
 * today. Anyone who may read the customer may ask; others get 404 as for a customer they cannot see.
 */
export async function customerWarnings(ctx: Ctx, customerId: string): Promise<ChannelWarning[]> {
  const visible = await ctx.db.execute(sql`select 1 from ${customers} where ${customers.id} = ${customerId} and ${customerReadScope(ctx)}`);
  if (visible.rows.length === 0) throw notFound('customer');
  const { timeZone } = await getSettings(ctx.db);
  const { conflicts } = await conflictsFor(ctx.db, { kind: 'direct' }, customerId, dayIn(ctx.now, timeZone), timeZone);
  return conflicts.map((c) => ({
    kind: c.kind,
    partnerName: c.partnerName,
    protectedUntil: c.kind === 'registered' ? c.protectedUntil : null,
    regionName: null,
  }));
}

/**
 * R-CHN-1 on the opportunity page: the direct rep working this opportunity is warned about the partner
 * holding its customer under protection, as on the customer page. Follows the opportunity's own read
 * scope (404 outside it). An opportunity attributed to the registered partner is that partner's deal,
 * not a direct one: its registration is no conflict here.
 */
export async function opportunityWarnings(ctx: Ctx, opportunityId: string): Promise<ChannelWarning[]> {
  const visible = await ctx.db.execute<{ customer_id: string; partner_id: string | null }>(sql`
    select ${opportunities.customerId} as customer_id,
           (select pd.partner_id from partner_deals pd where pd.opportunity_id = ${opportunities.id}) as partner_id
      from ${opportunities} where ${opportunities.id} = ${opportunityId} and ${opportunityReadScope(ctx)}`);
  const row = visible.rows[0];
  if (!row) throw notFound('opportunity');
  const { timeZone } = await getSettings(ctx.db);
  const worker: ChannelWorker = row.partner_id ? { kind: 'partner', partnerId: row.partner_id } : { kind: 'direct' };
  const { conflicts } = await conflictsFor(ctx.db, worker, row.customer_id, dayIn(ctx.now, timeZone), timeZone);
  return conflicts
    .filter((c) => c.kind === 'registered')
    .map((c) => ({ kind: c.kind, partnerName: c.partnerName, protectedUntil: c.protectedUntil, regionName: null }));
}

/** Attributes an order or an opportunity to a partner (the link table channels owns; the deal's module is unchanged). */
export async function attributeDeal(ctx: Ctx, input: z.infer<typeof attributeDealSchema>): Promise<{ ok: true }> {
  channelsAccess.require(ctx.actor, 'manage');
  await ctx.db.transaction(async (tx) => {
    const partner = (await tx.execute(sql`select 1 from channel_partners where id = ${input.partnerId}`)).rows[0];
    if (!partner) throw badRequest('body.partnerId', 'no such partner');
    if (input.orderId) {
      const order = (await tx.execute(sql`select 1 from orders where id = ${input.orderId}`)).rows[0];
      if (!order) throw badRequest('body.orderId', 'no such order');
    }
    if (input.opportunityId) {
      const opportunity = (await tx.execute(sql`select 1 from opportunities where id = ${input.opportunityId}`)).rows[0];
      if (!opportunity) throw badRequest('body.opportunityId', 'no such opportunity');
    }
    const inserted = await tx.execute<{ id: string }>(sql`
      insert into partner_deals (partner_id, order_id, opportunity_id, created_by_id)
      values (${input.partnerId}, ${input.orderId}, ${input.opportunityId}, ${ctx.actor.id})
      on conflict do nothing returning id`);
    if (!inserted.rows[0]) throw new AppError('conflict', 'the deal is already attributed to a partner');
    await ctx.audit(tx, {
      action: 'create',
      entity: 'partner_deals',
      entityId: inserted.rows[0].id,
      summary: input.orderId ?? input.opportunityId ?? '',
    });
  });
  return { ok: true };
}

/** Approved registrations past their protection become expired (daily). */
export async function expireRegistrations(db: Executor, now: Date): Promise<number> {
  const { timeZone } = await getSettings(db);
  const updated = await db.execute(sql`
    update deal_registrations set status = 'expired', updated_at = ${now.toISOString()}::timestamptz, version = version + 1
     where status = 'approved' and protected_until < ${dayIn(now, timeZone)}::date returning id`);
  return updated.rows.length;
}
