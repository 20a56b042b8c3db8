import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../app.js';
import { loadConfig } from '../../platform/config.js';
import { createDatabase, type Database } from '../../platform/db/client.js';

/**
 * Issue 14, item 3, in process: with no database to reach, requests answer 503 "database
 * unavailable" (not 500) and /api/health says the database is down (the kill -9 runs are in
 * database-killed.test.ts).
 */
let app: FastifyInstance;
let db: Database;

function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

beforeAll(async () => {
  db = createDatabase(`postgres://xiaoguan:xiaoguan@127.0.0.1:${await closedPort()}/xiaoguan`, 2);
  app = await buildApp({ config: { ...loadConfig({}), webDist: null }, db, databaseMode: 'external', logger: false });
});
afterAll(async () => {
  await app?.close();
  await db?.$client.end();
});

describe('database unreachable', () => {
  it('health answers 503 database: down; a sign-in answers 503 "database unavailable"', async () => {
    const health = await app.inject({ url: '/api/health' });
    expect(health.statusCode).toBe(503);
    expect(health.json()).toMatchObject({ status: 'unavailable', database: 'down' });
    const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'admin', password: 'whatever1' } });
    expect(login.statusCode).toBe(503);
    expect(login.json().error).toMatchObject({ code: 'unavailable', message: 'database unavailable; try again in a moment' });
  });
});
