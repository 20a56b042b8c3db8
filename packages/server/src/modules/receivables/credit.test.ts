import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { buildTestApp, type TestApp } from '../../test/harness.js';
import { assertCreditAvailable, creditCheck, outstandingBalanceCents } from './credit.js';
import { insertContract, insertCreditOverride, insertCustomer, insertDirectOrder } from './test-fixtures.js';
import { AppError } from '../../platform/errors.js';

describe('R-AR-2 credit check (pure)', () => {
  it('R-AR-2 no limit set: any amount is fine', () => {
    expect(creditCheck({ limitCents: null, outstandingCents: 10_000_000, amountCents: 99_999_999 })).toEqual({ ok: true, overByCents: 0 });
  });
  it('R-AR-2 exactly at the limit is allowed', () => {
    expect(creditCheck({ limitCents: 100_000, outstandingCents: 60_000, amountCents: 40_000 })).toEqual({ ok: true, overByCents: 0 });
  });
  it('R-AR-2 one cent over the limit is blocked, by one cent', () => {
    expect(creditCheck({ limitCents: 100_000, outstandingCents: 60_000, amountCents: 40_001 })).toEqual({ ok: false, overByCents: 1 });
  });
  it('R-AR-2 a zero limit blocks any positive amount', () => {
    expect(creditCheck({ limitCents: 0, outstandingCents: 0, amountCents: 1 })).toEqual({ ok: false, overByCents: 1 });
  });
});

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

async function expectRule(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  const appError = error as AppError;
  expect(appError.status).toBe(422);
  expect(appError.details.rule).toBe('R-AR-2');
  return appError;
}

describe('R-AR-2 outstanding balance', () => {
  it('counts unpaid installments of signed/executing/completed contracts and open direct orders only', async () => {
    const customer = await insertCustomer(t.db, { ownerId: t.ids.rep! });
    await insertContract(t.db, {
      customerId: customer.id,
      ownerId: t.ids.rep!,
      status: 'signed',
      installments: [
        { dueOn: '2026-01-10', amountCents: 10_000, receivedCents: 3_000 },
        { dueOn: '2026-02-10', amountCents: 5_000, writtenOffCents: 1_000 },
      ],
    });
    await insertContract(t.db, {
      customerId: customer.id,
      ownerId: t.ids.rep!,
      status: 'executing',
      installments: [{ dueOn: '2026-03-10', amountCents: 2_000 }],
    });
    await insertContract(t.db, {
      customerId: customer.id,
      ownerId: t.ids.rep!,
      status: 'draft',
      installments: [{ dueOn: '2026-03-10', amountCents: 70_000 }],
    });
    await insertContract(t.db, {
      customerId: customer.id,
      ownerId: t.ids.rep!,
      status: 'terminated',
      installments: [{ dueOn: '2026-03-10', amountCents: 80_000 }],
    });
    await insertDirectOrder(t.db, { customerId: customer.id, ownerId: t.ids.rep!, amountCents: 400, status: 'shipped' });
    await insertDirectOrder(t.db, { customerId: customer.id, ownerId: t.ids.rep!, amountCents: 90_000, status: 'accepted' });
    await insertDirectOrder(t.db, { customerId: customer.id, ownerId: t.ids.rep!, amountCents: 90_000, status: 'cancelled' });
    expect(await outstandingBalanceCents(t.db, customer.id)).toBe(7_000 + 4_000 + 2_000 + 400);
  });
});

describe('R-AR-2 assertCreditAvailable', () => {
  it('passes within the limit and refuses over it with the numbers the UI needs', async () => {
    const customer = await insertCustomer(t.db, { ownerId: t.ids.rep!, creditLimitCents: 10_000 });
    await insertDirectOrder(t.db, { customerId: customer.id, ownerId: t.ids.rep!, amountCents: 6_000 });
    const ctx = await t.ctxAs('rep');
    await t.db.transaction((tx) => assertCreditAvailable(tx, ctx, { customerId: customer.id, amountCents: 4_000, usedBy: 'order:x' }));
    const error = await expectRule(
      t.db.transaction((tx) => assertCreditAvailable(tx, ctx, { customerId: customer.id, amountCents: 4_001, usedBy: 'order:x' })),
    );
    expect(error.details.data).toEqual({
      customerId: customer.id,
      limitCents: 10_000,
      outstandingCents: 6_000,
      amountCents: 4_001,
      overByCents: 1,
    });
  });

  it('locks the customer row: of two concurrent orders that each fit but not together, exactly one gets through', async () => {
    const customer = await insertCustomer(t.db, { ownerId: t.ids.rep!, creditLimitCents: 10_000 });
    const ctx = await t.ctxAs('rep');
    const placeOrder = () =>
      t.db.transaction(async (tx) => {
        await assertCreditAvailable(tx, ctx, { customerId: customer.id, amountCents: 6_000, usedBy: 'order' });
        // Hold the lock a moment so the other transaction is surely waiting on it.
        await tx.execute(sql`select pg_sleep(0.2)`);
        await insertDirectOrder(tx, { customerId: customer.id, ownerId: t.ids.rep!, amountCents: 6_000 });
      });
    const results = await Promise.allSettled([placeOrder(), placeOrder()]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect((rejected.reason as AppError).details.rule).toBe('R-AR-2');
    expect(await outstandingBalanceCents(t.db, customer.id)).toBe(6_000);
  });

  it('an approved override of this customer covering the amount lets the order through once, and is marked used', async () => {
    const customer = await insertCustomer(t.db, { ownerId: t.ids.rep!, creditLimitCents: 1_000 });
    const overrideId = await insertCreditOverride(t.db, {
      customerId: customer.id,
      requestedById: t.ids.rep!,
      amountCents: 5_000,
      status: 'approved',
    });
    const ctx = await t.ctxAs('rep');
    await t.db.transaction((tx) =>
      assertCreditAvailable(tx, ctx, { customerId: customer.id, amountCents: 5_000, creditOverrideId: overrideId, usedBy: 'order:DD-1' }),
    );
    const row = (
      await t.db.execute<{ status: string; used_by: string; used_at: string | null }>(
        sql`select status, used_by, used_at from credit_overrides where id = ${overrideId}`,
      )
    ).rows[0]!;
    expect(row).toMatchObject({ status: 'used', used_by: 'order:DD-1' });
    expect(row.used_at).not.toBeNull();
    // Used once: a second order cannot reuse it.
    await expectRule(
      t.db.transaction((tx) =>
        assertCreditAvailable(tx, ctx, { customerId: customer.id, amountCents: 5_000, creditOverrideId: overrideId, usedBy: 'order:DD-2' }),
      ),
    );
  });

  it('a pending, rejected, too small or other customer’s override is refused and left untouched', async () => {
    const customer = await insertCustomer(t.db, { ownerId: t.ids.rep!, creditLimitCents: 1_000 });
    const other = await insertCustomer(t.db, { ownerId: t.ids.rep!, creditLimitCents: 1_000 });
    const ctx = await t.ctxAs('rep');
    const cases = [
      await insertCreditOverride(t.db, { customerId: customer.id, requestedById: t.ids.rep!, amountCents: 5_000, status: 'pending' }),
      await insertCreditOverride(t.db, { customerId: customer.id, requestedById: t.ids.rep!, amountCents: 5_000, status: 'rejected' }),
      await insertCreditOverride(t.db, { customerId: customer.id, requestedById: t.ids.rep!, amountCents: 4_999, status: 'approved' }),
      await insertCreditOverride(t.db, { customerId: other.id, requestedById: t.ids.rep!, amountCents: 5_000, status: 'approved' }),
    ];
    for (const overrideId of cases) {
      await expectRule(
        t.db.transaction((tx) =>
          assertCreditAvailable(tx, ctx, { customerId: customer.id, amountCents: 5_000, creditOverrideId: overrideId, usedBy: 'order' }),
        ),
      );
    }
    const statuses = await t.db.execute<{ status: string }>(
      sql`select status from credit_overrides where id in (${sql.join(
        cases.map((c) => sql`${c}`),
        sql`, `,
      )}) order by created_at`,
    );
    expect(statuses.rows.map((r) => r.status).sort()).toEqual(['approved', 'approved', 'pending', 'rejected']);
  });
});

describe('issue 14 item 6: an override that cannot be presented is never committed', () => {
  it('an amount beyond safe integers is refused (400) and leaves the override list and the inbox working', async () => {
    const customer = await insertCustomer(t.db, { ownerId: t.ids.rep!, creditLimitCents: 10_000 });
    await insertDirectOrder(t.db, { customerId: customer.id, ownerId: t.ids.rep!, amountCents: 16_000 });
    const director = await t.loginAs('director');
    const response = await director.post('/api/v1/credit-overrides', {
      customerId: customer.id,
      amountCents: 9007199254740991,
      reason: '大单',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.field).toBe('body.amountCents');
    for (const who of ['finance', 'director', 'manager']) {
      const client = await t.loginAs(who);
      expect((await client.get('/api/v1/credit-overrides')).statusCode).toBe(200);
      expect((await client.get('/api/v1/approvals?box=inbox')).statusCode).toBe(200);
    }
  });

  it('called past validation, the service rolls back a row its response schema refuses', async () => {
    const customer = await insertCustomer(t.db, { ownerId: t.ids.rep!, creditLimitCents: 10_000 });
    await insertDirectOrder(t.db, { customerId: customer.id, ownerId: t.ids.rep!, amountCents: 16_000 });
    const ctx = await t.ctxAs('director');
    const { requestCreditOverride } = await import('./credit.service.js');
    await expect(
      requestCreditOverride(ctx, { customerId: customer.id, amountCents: 9007199254740991, reason: '大单' }),
    ).rejects.toBeInstanceOf(AppError);
    const rows = await t.db.execute(sql`select 1 from credit_overrides where customer_id = ${customer.id}`);
    expect(rows.rowCount).toBe(0);
  });
});
