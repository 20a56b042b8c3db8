import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { TestApp } from '../../test/harness.js';

/** Rows written directly for the incentives tests (tests may; the module reads them through the other modules' exported tables). */
export async function insertDeal(
  t: TestApp,
  ownerUsername: string,
  input: { amountCents: number; signedOn: string; receipts?: { amountCents: number; receivedOn: string }[] },
): Promise<{ id: string; installmentId: string; customerId: string }> {
  const ownerId = t.ids[ownerUsername]!;
  const name = `激励客户-${crypto.randomBytes(4).toString('hex')}`;
  const customer = await t.db.execute<{ id: string }>(sql`
    insert into customers (kind, name, name_key, owner_id, team_id, assigned_at, status)
    select 'organization', ${name}, ${name}, u.id, u.org_unit_id, now(), 'signed' from users u where u.id = ${ownerId} returning id`);
  const customerId = customer.rows[0]!.id;
  const number = `HT-I-${crypto.randomBytes(5).toString('hex').toUpperCase()}`;
  const contract = await t.db.execute<{ id: string }>(sql`
    insert into contracts (number, title, customer_id, owner_id, team_id, amount_cents, status, signed_on)
    select ${number}, ${number}, ${customerId}, u.id, u.org_unit_id, ${input.amountCents}, 'signed', ${input.signedOn}::date from users u where u.id = ${ownerId}
    returning id`);
  const id = contract.rows[0]!.id;
  const installment = await t.db.execute<{ id: string }>(sql`
    insert into payment_installments (contract_id, customer_id, owner_id, seq, due_on, amount_cents, received_cents, written_off_cents)
    values (${id}, ${customerId}, ${ownerId}, 1, ${input.signedOn}::date, ${input.amountCents}, 0, 0) returning id`);
  const installmentId = installment.rows[0]!.id;
  for (const receipt of input.receipts ?? []) {
    await t.db.execute(sql`
      insert into receipts (contract_id, installment_id, customer_id, amount_cents, received_on, method, idempotency_key, recorded_by_id)
      values (${id}, ${installmentId}, ${customerId}, ${receipt.amountCents}, ${receipt.receivedOn}::date, 'bank_transfer', ${crypto.randomUUID()}, ${t.ids.finance})`);
  }
  return { id, installmentId, customerId };
}

export async function insertWriteOff(t: TestApp, deal: { id: string; installmentId: string }, amountCents: number, decidedAt: string) {
  await t.db.execute(sql`
    insert into write_offs (installment_id, contract_id, amount_cents, reason, status, requested_by_id, decided_at)
    values (${deal.installmentId}, ${deal.id}, ${amountCents}, '客户破产', 'approved', ${t.ids.finance}, ${decidedAt}::timestamptz)`);
}

/** A current collections target for one person: `monthCents` in every month of the year. */
export async function insertTarget(t: TestApp, year: number, username: string, monthCents: number, metric = 'collections') {
  const plan = await t.ownerDb.execute<{ id: string }>(sql`
    insert into target_plans (year, metric, version, is_current) values (${year}, ${metric}, 1, true) returning id`);
  const months = `{${Array.from({ length: 12 }, () => monthCents).join(',')}}`;
  await t.ownerDb.execute(sql`
    insert into target_values (plan_id, node_id, node_kind, parent_id, months) values (${plan.rows[0]!.id}, ${t.ids[username]!}, 'user', null, ${months}::bigint[])`);
}

export const PLAN = {
  name: '销售阶梯提成',
  tierBasis: 'attainment',
  method: 'marginal',
  base: 'collections',
  tiers: [
    { from: 0, rateBp: 200 },
    { from: 80, rateBp: 400 },
    { from: 100, rateBp: 600 },
  ],
  capCents: null,
  clawbackRateBp: 600,
} as const;
