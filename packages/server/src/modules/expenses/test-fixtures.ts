import { expect } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Client, TestApp } from '../../test/harness.js';
import { multipartFile } from '../../test/multipart.js';

/** A tiny valid JPEG header: what a phone camera upload starts with. */
export const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('fake invoice photo')]);

export async function unitOf(t: TestApp, username: string): Promise<string> {
  return (await t.db.execute<{ org_unit_id: string }>(sql`select org_unit_id from users where username = ${username}`)).rows[0]!
    .org_unit_id;
}

/** An approved budget (created by `author`, approved by the director through the approval engine). */
export async function approvedBudget(
  t: TestApp,
  author: Client,
  director: Client,
  input: {
    category: string;
    orgUnitId: string;
    periodKind: 'month' | 'quarter' | 'year';
    periodStart: string;
    amountCents: number;
    overParentReason?: string;
  },
): Promise<string> {
  const created = await author.post('/api/v1/expense-budgets', input);
  expect(created.statusCode, created.body).toBe(201);
  const submitted = await author.post(`/api/v1/expense-budgets/${created.json().id}/submit`, { version: created.json().version });
  expect(submitted.statusCode, submitted.body).toBe(200);
  const requestId = submitted.json().approvalRequestId as string;
  const request = (await director.get(`/api/v1/approvals/${requestId}`)).json();
  const decided = await director.post(`/api/v1/approvals/${requestId}/decision`, { decision: 'approve', version: request.version });
  expect(decided.statusCode, decided.body).toBe(200);
  return created.json().id as string;
}

let invoiceSeq = 0;
/** A draft claim with one line and an invoice photo attached. */
export async function draftClaim(
  claimant: Client,
  line: { category: string; spentOn: string; amountCents: number; invoiceNumber?: string | null; customerId?: string },
  options: { attach?: boolean } = {},
) {
  const created = await claimant.post('/api/v1/expense-claims', {
    title: `${line.category} ${line.spentOn}`,
    lines: [
      {
        purpose: '拜访客户',
        ...line,
        invoiceNumber: line.invoiceNumber === undefined ? `INV${Date.now()}${++invoiceSeq}` : line.invoiceNumber,
      },
    ],
  });
  expect(created.statusCode, created.body).toBe(201);
  if (options.attach !== false) {
    const upload = await claimant.request({
      method: 'POST',
      url: `/api/v1/expense-claims/${created.json().id}/files`,
      ...multipartFile('invoice.jpg', JPEG),
    });
    expect(upload.statusCode, upload.body).toBe(201);
  }
  return (await claimant.get(`/api/v1/expense-claims/${created.json().id}`)).json() as { id: string; version: number; number: string };
}
