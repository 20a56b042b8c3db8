import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../harness.js';

/**
 * Issue 14, item 9: a race on a unique key answered 500 (the error handler read `error.code`, but
 * Drizzle wraps pg's error in `cause`). Twenty creates of one product-line code at once: one 201,
 * the rest 409.
 */
let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => {
  await t?.close();
});

describe('races on unique keys', () => {
  it('20 concurrent creates of one product-line code: one 201, nineteen 409, no 500', async () => {
    const director = await t.loginAs('director');
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) => director.post('/api/v1/product-lines', { code: 'RACE-1', name: `竞态产品线 ${i}` })),
    );
    const counts: Record<number, number> = {};
    for (const response of responses) counts[response.statusCode] = (counts[response.statusCode] ?? 0) + 1;
    expect(counts).toEqual({ 201: 1, 409: 19 });
    for (const response of responses.filter((r) => r.statusCode === 409)) expect(response.json().error.code).toBe('conflict');
  });
});
