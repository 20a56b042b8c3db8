import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Executor } from '../../platform/db/client.js';

/**
 * Test-only builders: the receivables tests need customers, contracts and installments before the
 * contracts/orders modules create them, so these insert the rows directly.
 */
export async function insertCustomer(
  db: Executor,
  input: { ownerId: string; name?: string; creditLimitCents?: number | null },
): Promise<{ id: string; name: string; teamId: string | null }> {
  const name = input.name ?? `应收测试客户${crypto.randomBytes(4).toString('hex')}`;
  const result = await db.execute<{ id: string; team_id: string | null }>(sql`
    insert into customers (kind, name, name_key, owner_id, team_id, assigned_at, credit_limit_cents, status)
    select 'organization', ${name}, ${name.toLowerCase()}, u.id, u.org_unit_id, now(), ${input.creditLimitCents ?? null}, 'signed'
      from users u where u.id = ${input.ownerId}
    returning id, team_id`);
  const row = result.rows[0]!;
  return { id: row.id, name, teamId: row.team_id };
}

export interface InstallmentInput {
  dueOn: string;
  amountCents: number;
  receivedCents?: number;
  writtenOffCents?: number;
}

export async function insertContract(
  db: Executor,
  input: {
    customerId: string;
    ownerId: string;
    status?: 'draft' | 'in_approval' | 'signed' | 'executing' | 'completed' | 'terminated';
    number?: string;
    installments: InstallmentInput[];
  },
): Promise<{ id: string; number: string; installmentIds: string[] }> {
  const number = input.number ?? `HT-T-${crypto.randomBytes(5).toString('hex').toUpperCase()}`;
  const amount = input.installments.reduce((sum, i) => sum + i.amountCents, 0);
  const contract = await db.execute<{ id: string }>(sql`
    insert into contracts (number, title, customer_id, owner_id, team_id, amount_cents, status, signed_on)
    select ${number}, ${`合同 ${number}`}, ${input.customerId}, u.id, u.org_unit_id, ${amount}, ${input.status ?? 'signed'}, current_date
      from users u where u.id = ${input.ownerId}
    returning id`);
  const contractId = contract.rows[0]!.id;
  const installmentIds: string[] = [];
  for (const [index, installment] of input.installments.entries()) {
    const received = installment.receivedCents ?? 0;
    const writtenOff = installment.writtenOffCents ?? 0;
    const settled = received + writtenOff >= installment.amountCents;
    const row = await db.execute<{ id: string }>(sql`
      insert into payment_installments (contract_id, customer_id, owner_id, seq, due_on, amount_cents, received_cents, written_off_cents, settled_on)
      values (${contractId}, ${input.customerId}, ${input.ownerId}, ${index + 1}, ${installment.dueOn}, ${installment.amountCents},
              ${received}, ${writtenOff}, ${settled ? installment.dueOn : null})
      returning id`);
    installmentIds.push(row.rows[0]!.id);
  }
  return { id: contractId, number, installmentIds };
}

export async function insertDirectOrder(
  db: Executor,
  input: { customerId: string; ownerId: string; amountCents: number; status?: string },
): Promise<string> {
  const number = `DD-T-${crypto.randomBytes(5).toString('hex').toUpperCase()}`;
  const result = await db.execute<{ id: string }>(sql`
    insert into orders (number, customer_id, owner_id, status, amount_cents)
    values (${number}, ${input.customerId}, ${input.ownerId}, ${input.status ?? 'pending'}, ${input.amountCents})
    returning id`);
  return result.rows[0]!.id;
}

export async function insertCreditOverride(
  db: Executor,
  input: { customerId: string; requestedById: string; amountCents: number; status: 'pending' | 'approved' | 'rejected' | 'used' },
): Promise<string> {
  const result = await db.execute<{ id: string }>(sql`
    insert into credit_overrides (customer_id, amount_cents, outstanding_cents, limit_cents, reason, status, requested_by_id)
    values (${input.customerId}, ${input.amountCents}, 0, 0, 'test', ${input.status}, ${input.requestedById})
    returning id`);
  return result.rows[0]!.id;
}
