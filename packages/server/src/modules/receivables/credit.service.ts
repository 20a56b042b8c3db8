import { sql, type SQL } from 'drizzle-orm';
import { creditOverrideSchema, message, type CreditOverride, type CreditOverrideInput, type CustomerCredit } from '@xiaoguan/shared';
import type { Ctx } from '../../platform/context.js';
import type { Executor, Tx } from '../../platform/db/client.js';
import { iso } from '../../platform/db/client.js';
import { badRequest, conflict, notFound } from '../../platform/errors.js';
import { presentable } from '../../platform/http/present.js';
import { submitApproval } from '../../platform/approvals/approvals.engine.js';
import { notify } from '../../platform/notifications/notifications.js';
import { customerReadScope } from '../customers/index.js';
import { receivablesAccess } from './receivables.access.js';
import { creditCheck, outstandingBalanceCents } from './credit.js';
import { cappedCount } from './receivables.queries.js';

const yuan = (cents: number) => `¥${(cents / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

// ——— credit limits (R-AR-2) ———

/** A customer's credit limit, outstanding balance and what is left, for callers who read its receivables. */
export async function getCustomerCredit(ctx: Ctx, customerId: string, executor: Executor = ctx.db): Promise<CustomerCredit> {
  receivablesAccess.require(ctx.actor, 'read');
  const row = (
    await executor.execute<{ id: string; name: string; credit_limit_cents: number | null; version: number; can_edit: boolean }>(sql`
      select cu.id, cu.name, cu.credit_limit_cents, cu.version,
             coalesce((${receivablesAccess.where(ctx.actor, 'credit', sql`cu.owner_id`)}), false) as can_edit
        from customers cu
       where cu.id = ${customerId} and cu.merged_into_id is null and ${receivablesAccess.where(ctx.actor, 'read', sql`cu.owner_id`)}`)
  ).rows[0];
  if (!row) throw notFound('customer');
  const outstandingCents = await outstandingBalanceCents(executor, customerId);
  return {
    customerId: row.id,
    customerName: row.name,
    creditLimitCents: row.credit_limit_cents,
    outstandingCents,
    availableCents: row.credit_limit_cents === null ? null : row.credit_limit_cents - outstandingCents,
    version: row.version,
    abilities: { edit: row.can_edit, requestOverride: row.credit_limit_cents !== null },
  };
}

/** R-AR-2: finance or the director sets (or clears, with null) a customer's credit limit; optimistic version; audited. */
export async function setCreditLimit(
  ctx: Ctx,
  customerId: string,
  input: { creditLimitCents: number | null; version?: number },
): Promise<CustomerCredit> {
  receivablesAccess.require(ctx.actor, 'credit');
  return ctx.db.transaction(async (tx) => {
    const before = (
      await tx.execute<{ id: string; name: string; credit_limit_cents: number | null; version: number }>(sql`
        select id, name, credit_limit_cents, version from customers cu
         where cu.id = ${customerId} and cu.merged_into_id is null and ${receivablesAccess.where(ctx.actor, 'credit', sql`cu.owner_id`)}
           for update`)
    ).rows[0];
    if (!before) throw notFound('customer');
    if (input.version !== undefined && input.version !== before.version) throw conflict();
    await tx.execute(sql`
      update customers set credit_limit_cents = ${input.creditLimitCents}, updated_at = ${ctx.now.toISOString()}::timestamptz, version = version + 1
       where id = ${customerId}`);
    await ctx.audit(tx, {
      action: 'update',
      entity: 'customers',
      entityId: customerId,
      changes: { creditLimitCents: [before.credit_limit_cents, input.creditLimitCents] },
      summary: `${before.name}: credit limit ${before.credit_limit_cents === null ? '—' : yuan(before.credit_limit_cents)} → ${input.creditLimitCents === null ? '—' : yuan(input.creditLimitCents)}`,
      summaryMessage: message('audit.messages.creditLimitChanged', {
        name: before.name,
        before: before.credit_limit_cents === null ? '—' : yuan(before.credit_limit_cents),
        after: input.creditLimitCents === null ? '—' : yuan(input.creditLimitCents),
      }),
    });
    return getCustomerCredit(ctx, customerId, tx);
  });
}

// ——— credit overrides (R-AR-2 approvals) ———

type OverrideRow = {
  id: string;
  customer_id: string;
  customer_name: string;
  amount_cents: number;
  outstanding_cents: number;
  limit_cents: number;
  reason: string;
  status: CreditOverride['status'];
  approval_request_id: string | null;
  requested_by_id: string;
  requested_by_name: string;
  used_by: string | null;
  used_at: string | null;
  created_at: string;
};

const OVERRIDE_SELECT = sql`
  select co.id, co.customer_id, cu.name as customer_name, co.amount_cents, co.outstanding_cents, co.limit_cents, co.reason, co.status,
         co.approval_request_id, co.requested_by_id, rb.display_name as requested_by_name, co.used_by, co.used_at, co.created_at
    from credit_overrides co
    join customers cu on cu.id = co.customer_id
    join users rb on rb.id = co.requested_by_id`;

function presentOverride(row: OverrideRow): CreditOverride {
  return {
    id: row.id,
    customerId: row.customer_id,
    customerName: row.customer_name,
    amountCents: row.amount_cents,
    outstandingCents: row.outstanding_cents,
    limitCents: row.limit_cents,
    overByCents: Math.max(0, row.outstanding_cents + row.amount_cents - row.limit_cents),
    reason: row.reason,
    status: row.status,
    approvalRequestId: row.approval_request_id,
    requestedById: row.requested_by_id,
    requestedByName: row.requested_by_name,
    usedBy: row.used_by,
    usedAt: iso(row.used_at),
    createdAt: iso(row.created_at)!,
  };
}

async function loadOverride(executor: Executor, id: string): Promise<CreditOverride> {
  const row = (await executor.execute<OverrideRow>(sql`${OVERRIDE_SELECT} where co.id = ${id}`)).rows[0];
  if (!row) throw notFound('credit override');
  return presentOverride(row);
}

/**
 * R-AR-2: whoever can read the customer (its rep) asks to exceed the credit limit by a given order or
 * contract amount. The limit and outstanding balance are snapshotted for the approver and the request
 * goes through the approval engine (`credit.override`, amount = the over-by amount). Refused with 400
 * when the customer has no limit or the amount fits under it (nothing to override).
 */
export async function requestCreditOverride(ctx: Ctx, input: CreditOverrideInput): Promise<CreditOverride> {
  return ctx.db.transaction(async (tx) => {
    const customer = (
      await tx.execute<{ id: string; name: string; owner_id: string | null; credit_limit_cents: number | null }>(sql`
        select customers.id, customers.name, customers.owner_id, customers.credit_limit_cents from customers
         where customers.id = ${input.customerId} and ${customerReadScope(ctx)}`)
    ).rows[0];
    if (!customer) throw notFound('customer');
    if (customer.credit_limit_cents === null)
      throw badRequest('body.customerId', 'this customer has no credit limit; no override is needed');
    const outstandingCents = await outstandingBalanceCents(tx, customer.id);
    const check = creditCheck({ limitCents: customer.credit_limit_cents, outstandingCents, amountCents: input.amountCents });
    if (check.ok) throw badRequest('body.amountCents', 'this amount fits within the credit limit; no override is needed');
    const inserted = await tx.execute<{ id: string }>(sql`
      insert into credit_overrides (customer_id, amount_cents, outstanding_cents, limit_cents, reason, status, requested_by_id, created_at, updated_at)
      values (${customer.id}, ${input.amountCents}, ${outstandingCents}, ${customer.credit_limit_cents}, ${input.reason}, 'pending', ${ctx.actor.id},
              ${ctx.now.toISOString()}::timestamptz, ${ctx.now.toISOString()}::timestamptz)
      returning id`);
    const id = inserted.rows[0]!.id;
    const submitted = await submitApproval(tx, ctx, {
      subjectType: 'credit.override',
      subjectId: id,
      title: `超信用额度：${customer.name}（超出 ${yuan(check.overByCents)}）`,
      titleMessage: message('receivables.messages.creditOverrideApproval', { customer: customer.name, over: yuan(check.overByCents) }),
      details: {
        customerName: customer.name,
        limitCents: customer.credit_limit_cents,
        outstandingCents,
        requestedCents: input.amountCents,
        overByCents: check.overByCents,
        reason: input.reason,
      },
      amountCents: check.overByCents,
      ownerId: customer.owner_id ?? ctx.actor.id,
    });
    await tx.execute(sql`
      update credit_overrides set status = ${submitted.status === 'approved' ? 'approved' : 'pending'}, approval_request_id = ${submitted.requestId}
       where id = ${id}`);
    await ctx.audit(tx, {
      action: 'create',
      entity: 'credit_override',
      entityId: id,
      changes: {
        amountCents: [null, input.amountCents],
        outstandingCents: [null, outstandingCents],
        limitCents: [null, customer.credit_limit_cents],
      },
      summary: `${customer.name}: over by ${yuan(check.overByCents)} — ${input.reason}`,
      summaryMessage: message('audit.messages.creditOverrideRequested', {
        name: customer.name,
        over: yuan(check.overByCents),
        reason: input.reason,
      }),
    });
    return presentable(creditOverrideSchema, await loadOverride(tx, id));
  });
}

/** Approval engine callback for `credit.override`: the override becomes approved (usable once) or rejected; the requester hears. */
export async function onCreditOverrideDecided(
  tx: Tx,
  ctx: Ctx,
  request: { subjectId: string; status: 'approved' | 'rejected' },
): Promise<void> {
  const updated = await tx.execute<{ id: string; customer_id: string; requested_by_id: string; amount_cents: number }>(sql`
    update credit_overrides set status = ${request.status}, updated_at = ${ctx.now.toISOString()}::timestamptz, version = version + 1
     where id = ${request.subjectId} and status = 'pending'
    returning id, customer_id, requested_by_id, amount_cents`);
  const row = updated.rows[0];
  if (!row) return;
  const override = await loadOverride(tx, row.id);
  await ctx.audit(tx, {
    action: request.status === 'approved' ? 'approve' : 'reject',
    entity: 'credit_override',
    entityId: row.id,
    changes: { status: ['pending', request.status] },
    summary: override.customerName,
  });
  await notify(tx, [
    {
      userId: row.requested_by_id,
      kind: `credit.override.${request.status}`,
      title:
        request.status === 'approved'
          ? `超信用额度已批准：${override.customerName}（${yuan(row.amount_cents)}）`
          : `超信用额度被驳回：${override.customerName}`,
      titleMessage:
        request.status === 'approved'
          ? message('receivables.messages.creditOverrideApproved', { customer: override.customerName, amount: yuan(row.amount_cents) })
          : message('receivables.messages.creditOverrideRejected', { customer: override.customerName }),
      link: `/customers/${row.customer_id}`,
    },
  ]);
}

/** Overrides the caller asked for, or of customers whose receivables they read; by customer, status, mine. */
export async function listCreditOverrides(
  ctx: Ctx,
  query: { customerId?: string; mine?: boolean; status?: CreditOverride['status']; page: number; pageSize: number },
) {
  const filters: SQL[] = [sql`(co.requested_by_id = ${ctx.actor.id} or ${receivablesAccess.where(ctx.actor, 'read', sql`cu.owner_id`)})`];
  if (query.customerId) filters.push(sql`co.customer_id = ${query.customerId}`);
  if (query.mine) filters.push(sql`co.requested_by_id = ${ctx.actor.id}`);
  if (query.status) filters.push(sql`co.status = ${query.status}`);
  const where = sql.join(filters, sql` and `);
  const [rows, counted] = await Promise.all([
    ctx.db.execute<OverrideRow>(
      sql`${OVERRIDE_SELECT} where ${where} order by co.created_at desc, co.id limit ${query.pageSize} offset ${(query.page - 1) * query.pageSize}`,
    ),
    cappedCount(ctx.db, sql`from credit_overrides co join customers cu on cu.id = co.customer_id where ${where}`),
  ]);
  return { items: rows.rows.map(presentOverride), ...counted, page: query.page, pageSize: query.pageSize };
}
