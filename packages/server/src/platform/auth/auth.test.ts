import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { buildTestApp, type TestApp } from '../../test/harness.js';
import { clearSessionCache, loadSession } from './sessions.js';
import { onAnnounce } from '../db/cache-bus.js';

let watching: (() => void) | null = null;
onAnnounce('session', () => watching?.());

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

const login = (username: string, password: string) =>
  t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });

describe('sign-in and sessions', () => {
  it('a wrong password is refused with 401 naming the field; no session cookie is set', async () => {
    const response = await login('rep', 'wrong-password');
    expect(response.statusCode).toBe(401);
    expect(response.json().error).toMatchObject({ code: 'unauthenticated', field: 'body.password' });
    expect(response.cookies.find((c) => c.name === 'xg_session')).toBeUndefined();
  });

  it('a good login sets an httpOnly SameSite session cookie and a readable CSRF cookie', async () => {
    const response = await login('rep', 'demo1234');
    expect(response.statusCode).toBe(200);
    const session = response.cookies.find((c) => c.name === 'xg_session')!;
    const csrf = response.cookies.find((c) => c.name === 'xg_csrf')!;
    expect(session.httpOnly).toBe(true);
    expect(session.sameSite).toBe('Lax');
    expect(csrf.httpOnly).toBeFalsy();
    expect(response.json()).toMatchObject({ username: 'rep', csrfToken: csrf.value, demo: true });
    // only a hash of the token is stored
    const rows = await t.db.execute<{ id: string }>(sql`select id from sessions`);
    expect(rows.rows.map((r) => r.id)).not.toContain(session.value);
  });

  it('R-SEC-1: until the confidentiality agreement is acknowledged, business routes answer 403', async () => {
    const client = await t.loginAs('rep2', { acknowledge: false });
    const before = await client.get('/api/v1/users');
    expect(before.statusCode).toBe(403);
    expect(before.json().error.rule).toBe('R-SEC-1');
    const ack = await client.post('/api/v1/auth/acknowledge-confidentiality');
    expect(ack.json().confidentialityAcknowledgedAt).not.toBeNull();
    expect((await client.get('/api/v1/users')).statusCode).toBe(200);
    const audit = await t.db.execute(sql`select 1 from audit_log where action = 'acknowledge' and entity_id = ${t.ids.rep2}`);
    expect(audit.rowCount).toBe(1);
  });

  it('a write without the CSRF header is refused and changes nothing', async () => {
    const client = await t.loginAs('admin');
    const before = await t.snapshot();
    const response = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/users/${t.ids.rep}`,
      headers: { cookie: client.cookie },
      payload: { version: 1, displayName: 'hacked' },
    });
    expect(response.statusCode).toBe(403);
    expect(response.json().error.field).toBe('headers.x-csrf-token');
    expect(await t.snapshot()).toBe(before);
  });

  it('no session → 401; logout ends the session', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/auth/me' })).statusCode).toBe(401);
    const client = await t.loginAs('ops');
    expect((await client.get('/api/v1/auth/me')).statusCode).toBe(200);
    expect((await client.post('/api/v1/auth/logout')).statusCode).toBe(200);
    expect((await client.get('/api/v1/auth/me')).statusCode).toBe(401);
  });

  it('signing in as someone else in the same browser ends the session whose cookie came with the sign-in', async () => {
    const first = await t.loginAs('rep');
    expect((await first.get('/api/v1/auth/me')).json().username).toBe('rep');
    const again = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { cookie: first.cookie },
      payload: { username: 'rep2', password: 'demo1234' },
    });
    expect(again.statusCode).toBe(200);
    expect(again.json().username).toBe('rep2');
    clearSessionCache(); // as another server process, which never cached it, would see it
    expect((await first.get('/api/v1/auth/me')).statusCode).toBe(401);
    const token = /xg_session=([^;]+)/.exec(first.cookie)![1]!;
    const left = await t.db.execute(
      sql`select 1 from sessions where id = ${crypto.createHash('sha256').update(token).digest('base64url')}`,
    );
    expect(left.rowCount).toBe(0);
    const second = again.cookies.find((c) => c.name === 'xg_session')!;
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: `xg_session=${second.value}` } })).json().username,
    ).toBe('rep2');
  });

  it('sign-out: a process that reloads the session when the sign-out is announced finds it already gone', async () => {
    const client = await t.loginAs('supervisor');
    const token = /xg_session=([^;]+)/.exec(client.cookie)![1]!;
    // Another worker: the announcement drops its cached entry and a request arrives at that instant.
    let reloaded: Promise<unknown> | null = null;
    watching = () => {
      reloaded = loadSession(t.db, token, new Date());
    };
    expect((await client.post('/api/v1/auth/logout')).statusCode).toBe(200);
    watching = null;
    expect(reloaded).not.toBeNull();
    expect(await reloaded).toBeNull();
    expect((await client.get('/api/v1/auth/me')).statusCode).toBe(401);
  });

  it('an idle session expires', async () => {
    const client = await t.loginAs('finance');
    await t.db.execute(sql`update sessions set last_seen_at = now() - interval '1 day'`);
    clearSessionCache(); // as if the per-process cache's few seconds had passed
    expect((await client.get('/api/v1/auth/me')).statusCode).toBe(401);
  });

  it('repeated failures lock the account for a while (423), even with the right password', async () => {
    for (let i = 0; i < 5; i++) expect((await login('channel', 'nope-nope')).statusCode).toBe(401);
    const locked = await login('channel', 'demo1234');
    expect(locked.statusCode).toBe(423);
    expect(locked.json().error.code).toBe('locked');
    await t.db.execute(sql`update users set locked_until = now() - interval '1 minute' where username = 'channel'`);
    expect((await login('channel', 'demo1234')).statusCode).toBe(200);
  });

  it('a disabled user cannot sign in', async () => {
    await t.db.execute(sql`update users set disabled = true where username = 'finance2'`);
    expect((await login('finance2', 'demo1234')).statusCode).toBe(401);
  });

  it('change own password: the old one stops working, other sessions end', async () => {
    const other = await t.loginAs('key_account');
    const client = await t.loginAs('key_account');
    const wrong = await client.post('/api/v1/auth/change-password', { currentPassword: 'bad', newPassword: 'new-password-1' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.field).toBe('body.currentPassword');
    const ok = await client.post('/api/v1/auth/change-password', { currentPassword: 'demo1234', newPassword: 'new-password-1' });
    expect(ok.statusCode).toBe(200);
    expect((await other.get('/api/v1/auth/me')).statusCode).toBe(401);
    expect((await client.get('/api/v1/auth/me')).statusCode).toBe(200);
    expect((await login('key_account', 'demo1234')).statusCode).toBe(401);
    expect((await login('key_account', 'new-password-1')).statusCode).toBe(200);
  });

  it('security headers are set and the session id never appears in a URL', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(response.headers['x-frame-options']).toBeDefined();
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
    expect(response.json()).toMatchObject({ status: 'ok' });
  });

  it('the OpenAPI document lists the routes', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/v1/auth/login', '/api/v1/users', '/api/v1/approvals/{id}/decision']),
    );
  });
});
