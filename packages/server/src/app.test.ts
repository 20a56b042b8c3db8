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
const HASHED = 'index-AbC123xy.js';
const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'xg-dist-'));
beforeAll(async () => {
  t = await buildTestApp();
  fs.mkdirSync(path.join(dist, 'assets'));
  fs.writeFileSync(path.join(dist, 'index.html'), '<!doctype html><div id="root"></div>');
  fs.writeFileSync(path.join(dist, 'survey.html'), '<!doctype html><title>survey</title><div id="root"></div>');
  fs.writeFileSync(path.join(dist, 'assets', 'app.js'), 'console.log(1)');
  // What the build leaves: a hashed asset with its precompressed twins (brotli and gzip, built once).
  fs.writeFileSync(path.join(dist, 'assets', HASHED), 'export const x = 1;');
  fs.writeFileSync(path.join(dist, 'assets', `${HASHED}.br`), 'BROTLI-BYTES');
  fs.writeFileSync(path.join(dist, 'assets', `${HASHED}.gz`), 'GZIP-BYTES');
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
    // The public survey page is its own entry, without the app's shell (issue 20 item 6).
    const survey = await app.inject({ url: '/s/AbCdEfGhIjKlMnOpQrStUv' });
    expect(survey.statusCode).toBe(200);
    expect(survey.headers['content-type']).toContain('text/html');
    expect(survey.headers['cache-control']).toBe('no-cache');
    expect(survey.body).toContain('<title>survey</title>');
    const api = await app.inject({ url: '/api/nothing' });
    expect(api.statusCode).toBe(404);
    expect(api.json().error.code).toBe('not_found');
  });
});

describe('deploys and caching of the built web app', () => {
  it('answers a missing asset with 404, not the SPA shell (an open tab after a deploy must notice)', async () => {
    for (const url of ['/assets/Customers-old1234.js', '/assets/gone.css', '/favicon-missing.svg']) {
      const response = await app.inject({ url });
      expect(response.statusCode, url).toBe(404);
      expect(response.headers['content-type'] ?? '', url).not.toContain('text/html');
      expect(response.headers['cache-control'], url).toBe('no-store');
    }
  });

  it('caches hashed assets for a year as immutable, and never caches index.html', async () => {
    const asset = await app.inject({ url: `/assets/${HASHED}` });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    for (const url of ['/', '/index.html', '/customers/123']) {
      const response = await app.inject({ url });
      expect(response.statusCode, url).toBe(200);
      expect(response.headers['content-type'], url).toContain('text/html');
      expect(response.headers['cache-control'], url).toBe('no-cache');
    }
  });

  it('sends the precompressed twin the browser accepts (brotli first, then gzip), identity otherwise', async () => {
    const br = await app.inject({ url: `/assets/${HASHED}`, headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.body).toBe('BROTLI-BYTES');
    expect(br.headers['vary']).toContain('accept-encoding');
    expect(br.headers['content-type']).toContain('javascript');
    const gzip = await app.inject({ url: `/assets/${HASHED}`, headers: { 'accept-encoding': 'gzip' } });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gzip.body).toBe('GZIP-BYTES');
    const plain = await app.inject({ url: `/assets/${HASHED}`, headers: { 'accept-encoding': 'identity' } });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe('export const x = 1;');
  });
});
