import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../test/harness.js';
import { AppError } from '../../platform/errors.js';
import { customerInScope } from './customer-in-scope.js';

let t: TestApp;
const customerOf: Record<string, string> = {};

beforeAll(async () => {
  t = await buildTestApp();
  for (const username of ['rep', 'rep2']) {
    const response = await (
      await t.loginAs(username)
    ).post('/api/v1/customers', { kind: 'organization', name: `范围测试客户-${username}`, ignoreDuplicates: true });
    expect(response.statusCode, response.body).toBe(201);
    customerOf[username] = response.json().id;
  }
});
afterAll(() => t.close());

const fieldOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'no error',
    (error: unknown) => (error instanceof AppError ? `${error.status} ${error.details.field}` : String(error)),
  );

describe('customerInScope (R-SEC-1: the customer a record is for)', () => {
  it('answers the customer the caller may read, with its owner', async () => {
    const ctx = await t.ctxAs('rep');
    expect(await customerInScope(ctx, ctx.db, customerOf.rep!)).toMatchObject({
      id: customerOf.rep,
      name: '范围测试客户-rep',
      ownerId: t.ids.rep,
    });
    const director = await t.ctxAs('director');
    expect((await customerInScope(director, director.db, customerOf.rep2!)).ownerId).toBe(t.ids.rep2);
  });

  it('another rep’s customer and an unknown one both answer 400 on the field', async () => {
    const ctx = await t.ctxAs('rep');
    expect(await fieldOf(customerInScope(ctx, ctx.db, customerOf.rep2!))).toBe('400 body.customerId');
    expect(await fieldOf(customerInScope(ctx, ctx.db, '00000000-0000-4000-8000-000000000000', 'query.customerId'))).toBe(
      '400 query.customerId',
    );
  });
});
