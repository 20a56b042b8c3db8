import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Executor } from '../../platform/db/client.js';

/** Test-only: a customer owned by `ownerId`, inserted directly (the events tests need many, quickly). */
export async function insertCustomer(db: Executor, input: { ownerId: string; name?: string }): Promise<{ id: string; name: string }> {
  const name = input.name ?? `会议测试客户${crypto.randomBytes(4).toString('hex')}`;
  const result = await db.execute<{ id: string }>(sql`
    insert into customers (kind, name, name_key, owner_id, team_id, assigned_at, status)
    select 'organization', ${name}, ${name.toLowerCase()}, u.id, u.org_unit_id, now(), 'intent'
      from users u where u.id = ${input.ownerId}
    returning id`);
  return { id: result.rows[0]!.id, name };
}
