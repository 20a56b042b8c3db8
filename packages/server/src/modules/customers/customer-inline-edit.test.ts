import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type Client, type TestApp } from '../../test/harness.js';

// Issue 16, inline edit: owner and next follow-up, edited in place on the customer list and page,
// through the same routes (assign, task update) with their version check, access and audit.
let t: TestApp;
let rep: Client;
let rep2: Client;
let supervisor: Client;
beforeAll(async () => {
  t = await buildTestApp();
  rep = await t.loginAs('rep');
  rep2 = await t.loginAs('rep2');
  supervisor = await t.loginAs('supervisor');
});
afterAll(() => t.close());

let counter = 0;
async function create(client: Client): Promise<{ id: string; version: number; name: string }> {
  counter++;
  const response = await client.post('/api/v1/customers', { kind: 'organization', name: `行内编辑测试客户${counter}号有限公司` });
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

describe('next follow-up on the list and the customer page', () => {
  it('the list and the page show each customer’s earliest open follow-up, and moving it moves that task', async () => {
    const customer = await create(rep);
    expect((await rep.get(`/api/v1/customers/${customer.id}`)).json().nextFollowUp).toBeNull();
    const later = await rep.post('/api/v1/tasks', { customerId: customer.id, title: '回访', dueAt: inDays(5) });
    const sooner = await rep.post('/api/v1/tasks', { customerId: customer.id, title: '电话', dueAt: inDays(2) });
    expect(later.statusCode, later.body).toBe(201);
    const page = await rep.get(`/api/v1/customers/${customer.id}`);
    expect(page.json().nextFollowUp).toMatchObject({ taskId: sooner.json().id, version: sooner.json().version });
    const list = await rep.get(`/api/v1/customers?q=${encodeURIComponent(customer.name)}`);
    expect(list.json().items[0].nextFollowUp.taskId).toBe(sooner.json().id);

    const moved = await rep.patch(`/api/v1/tasks/${sooner.json().id}`, { version: sooner.json().version, dueAt: inDays(9) });
    expect(moved.statusCode, moved.body).toBe(200);
    expect((await rep.get(`/api/v1/customers/${customer.id}`)).json().nextFollowUp.taskId).toBe(later.json().id);
  });

  it('a concurrent edit of the follow-up is a 409 naming who changed it and when', async () => {
    const customer = await create(rep);
    const task = (await rep.post('/api/v1/tasks', { customerId: customer.id, title: '回访', dueAt: inDays(3) })).json();
    expect((await rep.patch(`/api/v1/tasks/${task.id}`, { version: task.version, dueAt: inDays(4) })).statusCode).toBe(200);
    const stale = await rep.patch(`/api/v1/tasks/${task.id}`, { version: task.version, dueAt: inDays(6) });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.data.changedBy).toEqual(expect.any(String));
    expect(stale.json().error.data.changedAt).toEqual(expect.any(String));
  });

  it('another rep cannot move a follow-up on a customer they may not edit', async () => {
    const customer = await create(rep);
    const task = (await rep.post('/api/v1/tasks', { customerId: customer.id, title: '回访', dueAt: inDays(3) })).json();
    const before = await t.snapshot();
    const other = await rep2.patch(`/api/v1/tasks/${task.id}`, { version: task.version, dueAt: inDays(4) });
    expect(other.statusCode).toBe(404);
    expect(await t.snapshot()).toBe(before);
  });
});

describe('owner edited in place', () => {
  it('a concurrent reassignment is a 409 naming who changed the customer and when', async () => {
    const customer = await create(rep);
    const first = await supervisor.post(`/api/v1/customers/${customer.id}/assign`, { ownerId: t.ids.rep_sh1_2, version: customer.version });
    expect(first.statusCode, first.body).toBe(200);
    const stale = await supervisor.post(`/api/v1/customers/${customer.id}/assign`, { ownerId: t.ids.rep, version: customer.version });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.data).toMatchObject({ changedBy: expect.any(String), changedAt: expect.any(String) });
  });
});
