import { and, asc, eq, ilike, or, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type { ImportOwner, importOwnerQuerySchema } from '@xiaoguan/shared';
import type { Ctx } from '../../platform/context.js';
import { orgUnits, users } from '../org/index.js';
import { customersAccess } from './customers.access.js';

/**
 * The owner value picker of the import wizard (issue 22 item 3): the active users the caller may
 * import customers for — the same customers.import scope the validation checks every owner cell
 * against (R-SEC-1, inside the query) — found by username, display name or employee number.
 */
export async function listImportOwners(ctx: Ctx, query: z.infer<typeof importOwnerQuerySchema>): Promise<{ items: ImportOwner[] }> {
  customersAccess.require(ctx.actor, 'import');
  const filters: SQL[] = [eq(users.disabled, false), customersAccess.where(ctx.actor, 'import', users.id)];
  if (query.q) {
    const pattern = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    filters.push(or(ilike(users.username, pattern), ilike(users.displayName, pattern), ilike(users.employeeNo, pattern))!);
  }
  const rows = await ctx.db
    .select({
      id: users.id,
      username: users.username,
      displayName: users.displayName,
      employeeNo: users.employeeNo,
      orgUnitName: orgUnits.name,
    })
    .from(users)
    .leftJoin(orgUnits, eq(orgUnits.id, users.orgUnitId))
    .where(and(...filters))
    // an exact employee number or name first, then the caller, then by name
    .orderBy(
      sql`coalesce(lower(${users.employeeNo}) <> lower(${query.q ?? ''}) and ${users.displayName} <> ${query.q ?? ''}, true)`,
      sql`${users.id} <> ${ctx.actor.id}`,
      asc(users.displayName),
      asc(users.username),
    )
    .limit(query.limit);
  return { items: rows };
}
