import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import { buildApp } from '../../app.js';
import { loadConfig } from '../config.js';
import { buildTestApp, type TestApp } from '../../test/harness.js';
import { DEMO_PASSWORD } from '../../seed/demo-company.js';

/**
 * Sign-in lockout under parallel guessing: the failure count lives in the database and is taken
 * atomically before a password is checked, so two server processes (two apps over one database
 * here, each with its own in-memory rate limit) together check at most `loginMaxFailures` guesses.
 */
let t: TestApp;
let second: FastifyInstance;
let dataDir: string;
beforeAll(async () => {
  t = await buildTestApp();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'xg-test-data-'));
  second = await buildApp({
    config: { ...loadConfig({}), dataDir, webDist: null, logLevel: 'silent' },
    db: t.db,
    databaseMode: 'external',
    logger: false,
  });
  await second.ready();
});
afterAll(async () => {
  await second.close();
  await t.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

// Each guess from its own address, as a distributed guesser would: the per-address rate limit never applies.
const login = (app: FastifyInstance, n: number, username: string, password: string) =>
  app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    remoteAddress: `10.0.${Math.floor(n / 200)}.${(n % 200) + 1}`,
    payload: { username, password },
  });

describe('login lockout under parallel guessing', () => {
  it('25 parallel wrong guesses over two processes: at most 5 passwords are checked, the rest answer 423; then the right password is refused too', async () => {
    const responses = await Promise.all(Array.from({ length: 25 }, (_, n) => login(n % 2 ? second : t.app, n, 'rep2', `wrong-guess-${n}`)));
    const statuses = responses.map((response) => response.statusCode);
    // 401 = the password was checked and was wrong; 423 = refused before any check.
    const checked = statuses.filter((status) => status === 401).length;
    console.info(`lockout: 25 parallel wrong guesses → ${checked} checked, ${statuses.filter((s) => s === 423).length} refused as locked`);
    expect(statuses.every((status) => status === 401 || status === 423)).toBe(true);
    expect(checked).toBeLessThanOrEqual(5);
    expect(checked).toBeGreaterThan(0);
    const failures = await t.db.execute(sql`select 1 from audit_log where action = 'login_failed' and entity_id = ${t.ids.rep2}`);
    expect(failures.rowCount).toBe(checked);
    const right = await login(t.app, 100, 'rep2', DEMO_PASSWORD);
    expect(right.statusCode).toBe(423);
    expect(right.json().error.code).toBe('locked');
    expect(right.cookies.find((c) => c.name === 'xg_session')).toBeUndefined();
  });

  it('sequential failures still lock at the fifth; when the lock has passed the right password works and the count starts again', async () => {
    for (let n = 0; n < 4; n++) expect((await login(t.app, 200 + n, 'channel', 'nope-nope')).statusCode).toBe(401);
    const fifth = await login(second, 210, 'channel', 'nope-nope');
    expect(fifth.statusCode).toBe(401);
    expect((await login(t.app, 211, 'channel', DEMO_PASSWORD)).statusCode).toBe(423);
    await t.db.execute(sql`update users set locked_until = now() - interval '1 minute' where username = 'channel'`);
    expect((await login(t.app, 212, 'channel', 'nope-nope')).statusCode).toBe(401);
    expect((await login(second, 213, 'channel', DEMO_PASSWORD)).statusCode).toBe(200);
    // A success clears the count: four more failures do not lock.
    for (let n = 0; n < 4; n++) expect((await login(t.app, 220 + n, 'channel', 'nope-nope')).statusCode).toBe(401);
    expect((await login(t.app, 230, 'channel', DEMO_PASSWORD)).statusCode).toBe(200);
  });

  it('an unknown user name answers 401 like a wrong password, without locking anything', async () => {
    const responses = await Promise.all(Array.from({ length: 8 }, (_, n) => login(t.app, 300 + n, 'nobody-here', 'x')));
    expect(responses.map((r) => r.statusCode)).toEqual(Array(8).fill(401));
  });
});
