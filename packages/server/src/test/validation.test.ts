import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type Client, type TestApp } from './harness.js';

/** Malformed bodies, queries and parameters get 400 naming the field, and nothing is written. */
let t: TestApp;
let admin: Client;
beforeAll(async () => {
  t = await buildTestApp();
  admin = await t.loginAs('admin');
});
afterAll(() => t.close());

const cases: [string, () => Promise<{ statusCode: number; json: () => { error: { field?: string } } }>, string][] = [
  ['body: missing username', () => admin.post('/api/v1/users', { displayName: 'x', password: 'abcdefgh', roles: ['rep'], orgUnitId: '00000000-0000-4000-8000-000000000000' }), 'body.username'],
  ['body: unknown role', () => admin.post('/api/v1/users', { username: 'abc', displayName: 'x', password: 'abcdefgh', roles: ['king'], orgUnitId: '00000000-0000-4000-8000-000000000000' }), 'body.roles.0'],
  ['body: short password', () => admin.post('/api/v1/users', { username: 'abc', displayName: 'x', password: 'short', roles: ['rep'], orgUnitId: '00000000-0000-4000-8000-000000000000' }), 'body.password'],
  ['body: bad email', () => admin.post('/api/v1/users', { username: 'abc', displayName: 'x', password: 'abcdefgh', roles: ['rep'], orgUnitId: '00000000-0000-4000-8000-000000000000', email: 'nope' }), 'body.email'],
  ['body: unknown org unit', () => admin.post('/api/v1/users', { username: 'abc', displayName: 'x', password: 'abcdefgh', roles: ['rep'], orgUnitId: '00000000-0000-4000-8000-000000000000' }), 'body.orgUnitId'],
  ['body: missing version', () => admin.patch('/api/v1/users/00000000-0000-4000-8000-000000000000', { displayName: 'x' }), 'body.version'],
  ['params: not a uuid', () => admin.get('/api/v1/users/not-a-uuid'), 'params.id'],
  ['query: page 0', () => admin.get('/api/v1/users?page=0'), 'querystring.page'],
  ['query: pageSize too big', () => admin.get('/api/v1/users?pageSize=100000'), 'querystring.pageSize'],
  ['query: bad date', () => admin.get('/api/v1/audit?from=yesterday'), 'querystring.from'],
  ['body: delegation ends before it starts', () => admin.post('/api/v1/approval-delegations', { toUserId: '00000000-0000-4000-8000-000000000000', startsAt: '2026-12-02T00:00:00Z', endsAt: '2026-12-01T00:00:00Z' }), 'body.endsAt'],
  ['body: policy without steps', () => admin.post('/api/v1/approval-policies', { subjectType: 'x', name: 'x', steps: [] }), 'body.steps'],
  ['body: settings out of range', () => admin.patch('/api/v1/settings', { auditRetentionYears: 0 }), 'body.auditRetentionYears'],
];

describe('400 naming the field, nothing written', () => {
  it.each(cases)('%s', async (_name, attempt, field) => {
    const before = await t.snapshot();
    const response = await attempt();
    expect(response.statusCode).toBe(400);
    expect(response.json().error.field).toBe(field);
    expect(await t.snapshot()).toBe(before);
  });
  it('malformed JSON is a 400 on the body', async () => {
    const before = await t.snapshot();
    const response = await admin.request({ method: 'POST', url: '/api/v1/users', headers: { 'content-type': 'application/json' }, payload: '{"username":' });
    expect(response.statusCode).toBe(400);
    expect(await t.snapshot()).toBe(before);
  });
  it('an unknown route is a JSON 404', async () => {
    const response = await admin.get('/api/v1/nothing-here');
    expect(response.statusCode).toBe(404);
    expect(response.json().error.code).toBe('not_found');
  });
});
