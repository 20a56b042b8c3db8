import { and, eq, type SQL, type SQLWrapper } from 'drizzle-orm';
import type { Actor } from '../../platform/access/index.js';
import type { Executor } from '../../platform/db/client.js';
import { badRequest } from '../../platform/errors.js';
import { users } from '../../platform/identity/index.js';

/**
 * The owner of a new record (a direct order, a contract): the one requested, else the customer's
 * owner, else the caller — the first that is an active user within the caller's `write` scope of
 * the module (R-SEC-1). 400 on `body.ownerId` when none is.
 */
export async function resolveOwner(
  executor: Executor,
  access: { where(actor: Actor, action: 'write', ownerId: SQLWrapper): SQL },
  actor: Actor,
  requested: string | undefined,
  customerOwnerId: string | null,
): Promise<{ id: string; teamId: string | null }> {
  const candidates = requested ? [requested] : [customerOwnerId, actor.id].filter((id): id is string => Boolean(id));
  for (const candidate of candidates) {
    const [user] = await executor
      .select({ id: users.id, teamId: users.orgUnitId })
      .from(users)
      .where(and(eq(users.id, candidate), eq(users.disabled, false), access.where(actor, 'write', users.id)));
    if (user) return user;
  }
  throw badRequest('body.ownerId', 'the owner must be an active user in your scope');
}
