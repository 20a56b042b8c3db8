import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.js';
import { loadConfig } from './platform/config.js';
import { buildTestApp, type TestApp } from './test/harness.js';

let t: TestApp;
let app: FastifyInstance;
const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'xg-dist-'));
beforeAll(async () => {
  t = await buildTestApp();
  fs.mkdirSync(path.join(dist, 'assets'));
  fs.writeFileSync(path.join(dist, 'index.html'), '<!doctype html><div id="root"></div>');
  fs.writeFileSync(path.join(dist, 'assets', 'app.js'), 'console.log(1)');
  app = await buildApp({ config: { ...loadConfig({}), webDist: dist }, db: t.db, databaseMode: 'external', logger: false });
});
afterAll(async () => {
  await app.close();
  await t.close();
  fs.rmSync(dist, { recursive: true, force: true });
});

describe('serving the built web app', () => {
  it('serves assets, the SPA shell for client routes, and JSON 404s under /api', async () => {
    expect((await app.inject({ url: '/assets/app.js' })).body).toBe('console.log(1)');
    for (const url of ['/', '/org/users', '/approvals/123']) {
      const response = await app.inject({ url });
      expect(response.statusCode, url).toBe(200);
      expect(response.headers['content-type']).toContain('text/html');
    }
    expect((await app.inject({ url: '/api/v1/nothing' })).statusCode).toBe(401); // no session: routes are not probed
    const api = await app.inject({ url: '/api/nothing' });
    expect(api.statusCode).toBe(404);
    expect(api.json().error.code).toBe('not_found');
  });
});
