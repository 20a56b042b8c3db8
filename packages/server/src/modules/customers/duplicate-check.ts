import { and, inArray } from 'drizzle-orm';
import type { Duplicate } from '@xiaoguan/shared';
import type { Ctx } from '../../platform/context.js';
import { customers } from './customers.schema.js';
import { customersAccess } from './customers.access.js';
import { customerReadScope, findDuplicates } from './customers.service.js';

/** Duplicate checks per user and minute (POST /customers/duplicates): enough for typing a new customer, too few to sweep numbers. */
export const DUPLICATE_CHECKS_PER_MINUTE = 30;

/**
 * R-CUS-3 while typing a new customer: the likely duplicates company-wide (a rep must learn that a
 * number is already someone's customer before creating it again). Because the answer confirms that a
 * full phone number belongs to a customer the caller may not see (R-SEC-1), each such match is
 * written to the audit trail, so a rep probing numbers is visible to admins; the route is rate-limited.
 */
export async function checkDuplicates(
  ctx: Ctx,
  input: { name: string; phone?: string | null; taxId?: string | null; kind?: string },
  excludeId?: string,
): Promise<Duplicate[]> {
  customersAccess.require(ctx.actor, 'read');
  const duplicates = await findDuplicates(ctx.db, input, excludeId);
  const byPhone = duplicates.filter((duplicate) => duplicate.matchedOn.includes('phone'));
  if (!byPhone.length) return duplicates;
  const visible = await ctx.db
    .select({ id: customers.id })
    .from(customers)
    .where(
      and(
        inArray(
          customers.id,
          byPhone.map((duplicate) => duplicate.id),
        ),
        customerReadScope(ctx),
      ),
    );
  const seen = new Set(visible.map((row) => row.id));
  for (const duplicate of byPhone.filter((candidate) => !seen.has(candidate.id))) {
    await ctx.audit(ctx.db, {
      action: 'view',
      entity: 'customers',
      entityId: duplicate.id,
      summary: duplicate.name,
      changes: { duplicateCheck: [null, 'phone'] },
    });
  }
  return duplicates;
}
