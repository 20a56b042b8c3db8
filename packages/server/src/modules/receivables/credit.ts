import { message } from '@xiaoguan/shared';
import { sql } from 'drizzle-orm';
import type { Executor, Tx } from '../../platform/db/client.js';
import type { Ctx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import type { contracts } from '../contracts/index.js';

type ContractStatus = (typeof contracts.$inferSelect)['status'];
/** Contract statuses whose unpaid installments are receivables: the outstanding balance (R-AR-2) and aging (R-AR-1). */
export const RECEIVABLE_CONTRACT_STATUSES = ['signed', 'executing', 'completed'] as const satisfies readonly ContractStatus[];
/** The other statuses. Reports filter with `NOT EXISTS (contract in these)`: few rows to hash, not every contract. */
export const NOT_RECEIVABLE_CONTRACT_STATUSES = ['draft', 'in_approval', 'terminated'] as const satisfies readonly ContractStatus[];
// Compile-time check that the two lists together cover every contract status.
type Uncovered = Exclude<ContractStatus, (typeof RECEIVABLE_CONTRACT_STATUSES)[number] | (typeof NOT_RECEIVABLE_CONTRACT_STATUSES)[number]>;
export const CONTRACT_STATUSES_COVERED: [Uncovered] extends [never] ? true : never = true;
/** Direct-order statuses that no longer count towards the balance (accepted ones are billed, cancelled ones never will be). */
export const CLOSED_ORDER_STATUSES = ['accepted', 'cancelled'] as const;
const list = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(', '));

/**
 * R-AR-2: a new order/contract of `amountCents` is allowed when outstanding + amount ≤ limit.
 * A null limit means the customer has no credit limit.
 */
export function creditCheck(input: { limitCents: number | null; outstandingCents: number; amountCents: number }): {
  ok: boolean;
  overByCents: number;
} {
  if (input.limitCents === null) return { ok: true, overByCents: 0 };
  const overByCents = input.outstandingCents + input.amountCents - input.limitCents;
  return overByCents > 0 ? { ok: false, overByCents } : { ok: true, overByCents: 0 };
}

/**
 * R-AR-2 outstanding balance: Σ (amount − received − written off) of the installments of the customer's
 * signed/executing/completed contracts + Σ amount of direct orders (no contract) not yet accepted or cancelled.
 */
export async function outstandingBalanceCents(db: Executor, customerId: string): Promise<number> {
  const result = await db.execute<{ outstanding: string | number | null }>(sql`
    select
      coalesce((select sum(i.amount_cents - i.received_cents - i.written_off_cents)
                  from payment_installments i
                  join contracts c on c.id = i.contract_id
                 where i.customer_id = ${customerId}
                   and c.status in (${list(RECEIVABLE_CONTRACT_STATUSES)})), 0)
    + coalesce((select sum(o.amount_cents)
                  from orders o
                 where o.customer_id = ${customerId}
                   and o.contract_id is null
                   and o.status not in (${list(CLOSED_ORDER_STATUSES)})), 0) as outstanding`);
  return Number(result.rows[0]?.outstanding ?? 0);
}

function creditBlocked(message: string, data: Record<string, unknown>): AppError {
  return new AppError('rule', message, { rule: 'R-AR-2', data });
}

/**
 * R-AR-2 gate for a new order/contract in the caller's transaction: locks the customer row (so two
 * concurrent orders cannot both slip under the limit), then refuses with 422 R-AR-2 when the amount
 * would push the balance over the limit — unless `creditOverrideId` names an approved, unused override
 * of this customer covering at least `amountCents`, which is then marked used by `usedBy`.
 */
export async function assertCreditAvailable(
  tx: Tx,
  ctx: Ctx,
  input: { customerId: string; amountCents: number; creditOverrideId?: string | null; usedBy: string },
): Promise<void> {
  const locked = await tx.execute<{ credit_limit_cents: string | number | null }>(
    sql`select credit_limit_cents from customers where id = ${input.customerId} for update`,
  );
  const row = locked.rows[0];
  if (!row) throw new AppError('not_found', 'customer not found');
  const limitCents = row.credit_limit_cents === null ? null : Number(row.credit_limit_cents);
  if (limitCents === null) return;
  const outstandingCents = await outstandingBalanceCents(tx, input.customerId);
  const check = creditCheck({ limitCents, outstandingCents, amountCents: input.amountCents });
  if (check.ok) return;
  const data = {
    customerId: input.customerId,
    limitCents,
    outstandingCents,
    amountCents: input.amountCents,
    overByCents: check.overByCents,
  };
  if (!input.creditOverrideId) {
    throw creditBlocked('this amount would exceed the customer’s credit limit; request a credit override', data);
  }
  const used = await tx.execute<{ id: string }>(sql`
    update credit_overrides
       set status = 'used', used_by = ${input.usedBy}, used_at = ${ctx.now.toISOString()}::timestamptz,
           updated_at = now(), version = version + 1
     where id = ${input.creditOverrideId}
       and customer_id = ${input.customerId}
       and status = 'approved'
       and amount_cents >= ${input.amountCents}
    returning id`);
  if (used.rows.length === 0) {
    throw creditBlocked('the credit override is not an approved, unused override of this customer covering this amount', {
      ...data,
      creditOverrideId: input.creditOverrideId,
    });
  }
  await ctx.audit(tx, {
    action: 'update',
    entity: 'credit_override',
    entityId: input.creditOverrideId,
    changes: { status: ['approved', 'used'], usedBy: [null, input.usedBy] },
    summary: `credit override used by ${input.usedBy}`,
    summaryMessage: message('audit.messages.creditOverrideUsed', { usedBy: input.usedBy }),
  });
}
