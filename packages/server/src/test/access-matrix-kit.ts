import { expect } from 'vitest';
import type { TestApp } from './harness.js';

/**
 * What every R-SEC-1 access-matrix file shares: the demo roles (one user each, plus a second manager
 * and rep in another region) and the refusal check — refused with one of `statuses`, and no row of any
 * table changed.
 */
export const MATRIX_ROLES: readonly string[] = [
  'admin',
  'director',
  'manager',
  'manager2',
  'supervisor',
  'rep',
  'rep2',
  'key_account',
  'channel',
  'support',
  'ops',
  'finance',
  'auditor',
];

export async function expectRefusedUnchanged(
  t: TestApp,
  attempt: () => Promise<{ statusCode: number; body?: string }>,
  statuses = [403, 404],
): Promise<void> {
  const before = await t.snapshot();
  const response = await attempt();
  expect(statuses, response.body).toContain(response.statusCode);
  expect(await t.snapshot()).toBe(before);
}
