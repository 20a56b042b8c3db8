import { and, eq, isNotNull, isNull, sql } from 'drizzle-orm';
import { message, type Customer } from '@xiaoguan/shared';
import type { Ctx } from '../../platform/context.js';
import type { Database } from '../../platform/db/client.js';
import { staleVersion } from '../../platform/audit/stale-version.js';
import { badRequest, conflict, notFound, ruleViolation } from '../../platform/errors.js';
import { notify } from '../../platform/notifications/notifications.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { SYSTEM_ACTOR } from '../../platform/access/actor.js';
import { getSettings } from '../../platform/settings/settings.js';
import { users } from '../org/index.js';
import { customers } from './customers.schema.js';
import { customersAccess } from './customers.access.js';
import { computeDueAt, customerReadScope, getCustomer } from './customers.service.js';
import { getCustomerSettings } from './customers.settings.js';
import { addDays, calendarDay, startOfCalendarDay } from '../../platform/time.js';
import { jobOutcome, type JobOutcome } from '../../platform/jobs/scheduler.js';

/**
 * R-CUS-3 customer pool (客户资源库). Claims are one atomic UPDATE … WHERE owner_id IS NULL, so of
 * two reps claiming at once exactly one wins; the other gets 404 (the customer left the pool and
 * their scope), or 409 when they may still read it (a supervisor, say). The per-rep cap is checked
 * under an advisory lock on the claimant, so parallel claims by one rep cannot pass it either.
 */
export async function claimCustomer(ctx: Ctx, id: string, version: number): Promise<Customer> {
  customersAccess.require(ctx.actor, 'claim');
  const settings = await getCustomerSettings(ctx.db);
  return ctx.db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`claim:${ctx.actor.id}`}))`);
    const [{ owned }] = (
      await tx.execute<{ owned: number }>(
        sql`select count(*)::int as owned from customers where owner_id = ${ctx.actor.id} and merged_into_id is null`,
      )
    ).rows as [{ owned: number }];
    if (owned >= settings.poolClaimCap)
      throw ruleViolation('R-CUS-3', `you already own ${owned} customers, the most one person may hold (${settings.poolClaimCap})`);
    const [me] = await tx.select({ orgUnitId: users.orgUnitId }).from(users).where(eq(users.id, ctx.actor.id));
    const [claimed] = await tx
      .update(customers)
      .set({
        ownerId: ctx.actor.id,
        teamId: me?.orgUnitId ?? null,
        assignedAt: ctx.now,
        pooledAt: null,
        poolReason: null,
        poolWarnedAt: null,
        lastQualifyingContactAt: null,
        updatedAt: ctx.now,
        version: sql`${customers.version} + 1`,
      })
      .where(and(eq(customers.id, id), isNull(customers.ownerId), isNull(customers.mergedIntoId), eq(customers.version, version)))
      .returning();
    if (!claimed) {
      // R-SEC-1: what became of a customer that is not (or no longer) in the pool is told only to those
      // who may read it; to anyone else it is 404 like every id outside their scope, a lost race included.
      const [exists] = await tx
        .select({ ownerId: customers.ownerId })
        .from(customers)
        .where(and(eq(customers.id, id), customerReadScope(ctx)));
      if (!exists) throw notFound('customer');
      throw conflict(
        !exists.ownerId
          ? 'the customer changed; reload and try again'
          : exists.ownerId === ctx.actor.id
            ? 'you already own this customer'
            : 'someone else claimed this customer first',
      );
    }
    const dueAt = await computeDueAt(ctx, claimed);
    await tx.update(customers).set({ cadenceDueAt: dueAt }).where(eq(customers.id, id));
    await ctx.audit(tx, {
      action: 'update',
      entity: 'customers',
      entityId: id,
      changes: { ownerId: [null, ctx.actor.id] },
      summary: `claimed from pool: ${claimed.name}`,
      summaryMessage: message('audit.messages.customerClaimed', { name: claimed.name }),
    });
    return getCustomer(ctx, id, tx);
  });
}

/** The owner (or someone with write scope over them) releases a customer to the pool, with a reason. */
export async function releaseCustomer(ctx: Ctx, id: string, input: { reason: string; version: number }): Promise<Customer> {
  customersAccess.require(ctx.actor, 'write');
  return ctx.db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(customers)
      .where(
        and(
          eq(customers.id, id),
          isNull(customers.mergedIntoId),
          isNotNull(customers.ownerId),
          customersAccess.where(ctx.actor, 'write', customers.ownerId),
        ),
      )
      .for('update');
    if (!before) throw notFound('customer');
    if (before.version !== input.version) throw conflict();
    await tx
      .update(customers)
      .set({
        ownerId: null,
        pooledAt: ctx.now,
        poolReason: input.reason,
        cadenceDueAt: null,
        poolWarnedAt: null,
        updatedAt: ctx.now,
        version: sql`${customers.version} + 1`,
      })
      .where(eq(customers.id, id));
    await ctx.audit(tx, {
      action: 'update',
      entity: 'customers',
      entityId: id,
      changes: { ownerId: [before.ownerId, null], poolReason: [null, input.reason] },
      summary: `released to pool: ${before.name}`,
      summaryMessage: message('audit.messages.bulk.release', { name: before.name }),
    });
    return getCustomer(ctx, id, tx);
  });
}

/** A supervisor/manager hands a customer (owned in their scope, or from the pool) to someone in their scope. */
export async function assignCustomer(ctx: Ctx, id: string, input: { ownerId: string; version: number }): Promise<Customer> {
  customersAccess.require(ctx.actor, 'assign');
  return ctx.db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(customers)
      .where(
        and(
          eq(customers.id, id),
          isNull(customers.mergedIntoId),
          sql`(${customers.ownerId} is null or ${customersAccess.where(ctx.actor, 'assign', customers.ownerId)})`,
        ),
      )
      .for('update');
    if (!before) throw notFound('customer');
    if (before.version !== input.version) throw await staleVersion(tx, 'customers', id);
    const [target] = await tx
      .select({ id: users.id, orgUnitId: users.orgUnitId })
      .from(users)
      .where(and(eq(users.id, input.ownerId), eq(users.disabled, false), customersAccess.where(ctx.actor, 'assign', users.id)));
    if (!target) throw badRequest('body.ownerId', 'that user is outside your team');
    const [after] = await tx
      .update(customers)
      .set({
        ownerId: target.id,
        teamId: target.orgUnitId,
        assignedAt: ctx.now,
        pooledAt: null,
        poolReason: null,
        poolWarnedAt: null,
        updatedAt: ctx.now,
        version: sql`${customers.version} + 1`,
      })
      .where(eq(customers.id, id))
      .returning();
    await tx
      .update(customers)
      .set({ cadenceDueAt: await computeDueAt(ctx, after!) })
      .where(eq(customers.id, id));
    await notify(tx, [{ userId: target.id, kind: 'customers.assigned', title: after!.name, body: null, link: `/customers/${id}` }]);
    await ctx.audit(tx, {
      action: 'update',
      entity: 'customers',
      entityId: id,
      changes: { ownerId: [before.ownerId, target.id] },
      summary: `assigned: ${after!.name}`,
      summaryMessage: message('audit.messages.customerAssigned', { name: after!.name }),
    });
    return getCustomer(ctx, id, tx);
  });
}

/**
 * Scheduled: customers with no qualifying follow-up for the tier's N days return to the pool, with
 * notice to the owner; K days before, the owner is warned once.
 */
export async function returnNeglectedToPool(db: Database, now: Date): Promise<JobOutcome> {
  const [settings, platform] = await Promise.all([getCustomerSettings(db, { fresh: true }), getSettings(db, { fresh: true })]);
  const today = calendarDay(now, platform.timeZone);
  let returned = 0;
  let warned = 0;
  for (const tier of ['A', 'B', 'C'] as const) {
    const days = settings.poolReturnDays[tier];
    // last qualifying contact (or assignment) before this instant → return now
    const returnCutoff = startOfCalendarDay(addDays(today, -days), platform.timeZone);
    const warnCutoff = startOfCalendarDay(addDays(today, -(days - settings.poolWarningDays)), platform.timeZone);
    const anchor = sql`coalesce(${customers.lastQualifyingContactAt}, ${customers.assignedAt}, ${customers.createdAt})`;
    await db.transaction(async (tx) => {
      const reason = `${days} 天未跟进，退回公海`;
      const gone = (
        await tx.execute<{ id: string; name: string; owner_id: string }>(sql`
          with old as (
            select id, owner_id from customers
             where tier = ${tier} and owner_id is not null and merged_into_id is null
               and coalesce(last_qualifying_contact_at, assigned_at, created_at) < ${returnCutoff}
             for update)
          update customers c
             set owner_id = null, pooled_at = ${now}, pool_reason = ${reason}, cadence_due_at = null,
                 pool_warned_at = null, updated_at = ${now}, version = c.version + 1
            from old where c.id = old.id
          returning c.id, c.name, old.owner_id`)
      ).rows;
      await notify(
        tx,
        gone.map((row) => ({
          userId: row.owner_id,
          kind: 'customers.returned_to_pool',
          title: row.name,
          body: reason,
          bodyMessage: message('customers.messages.poolReturned', { days }),
          link: `/customers/pool`,
        })),
      );
      returned += gone.length;
      for (const row of gone) {
        await recordAudit(
          tx,
          { actor: SYSTEM_ACTOR },
          {
            action: 'update',
            entity: 'customers',
            entityId: row.id,
            summary: `returned to pool after ${days} days without follow-up`,
            summaryMessage: message('audit.messages.customerReturnedToPool', { days }),
          },
        );
      }
    });
    if (settings.poolWarningDays > 0) {
      const warn = await db
        .update(customers)
        .set({ poolWarnedAt: now })
        .where(
          and(
            eq(customers.tier, tier),
            isNotNull(customers.ownerId),
            isNull(customers.poolWarnedAt),
            isNull(customers.mergedIntoId),
            sql`${anchor} < ${warnCutoff}`,
          ),
        )
        .returning({ id: customers.id, name: customers.name, ownerId: customers.ownerId });
      warned += warn.length;
      await notify(
        db,
        warn.map((row) => ({
          userId: row.ownerId!,
          kind: 'customers.pool_warning',
          title: row.name,
          body: `${settings.poolWarningDays}`,
          bodyMessage: message('customers.messages.poolWarning', { days: settings.poolWarningDays }),
          link: `/customers/${row.id}`,
        })),
      );
    }
  }
  return jobOutcome('poolReturn', { returned, warned }, `${returned} returned to pool, ${warned} owners warned`);
}
