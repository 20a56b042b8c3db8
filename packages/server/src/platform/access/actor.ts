import type { Role } from '@xiaoguan/shared';

/** Who is acting: loaded once per request from the session. */
export interface Actor {
  id: string;
  username: string;
  displayName: string;
  roles: Role[];
  orgUnitId: string | null;
  /** `/company/region/team/` of the actor's unit; the `unit` scope is everything under it. */
  orgUnitPath: string | null;
  /** The actor's own reporting line, `/director/manager/…/self/`. */
  linePath: string;
  /**
   * The users under the actor's org unit, resolved when the session loads. With it the `unit` scope
   * is `owner_id = any(ids)`, which PostgreSQL estimates correctly; without it, a subquery on paths.
   */
  unitUserIds?: string[];
}

/** The actor for work the system does by itself (jobs, seeding). */
export const SYSTEM_ACTOR: Actor = {
  id: '00000000-0000-0000-0000-000000000000',
  username: 'system',
  displayName: 'system',
  roles: [],
  orgUnitId: null,
  orgUnitPath: null,
  linePath: '/',
};

export function hasRole(actor: Actor, ...roles: Role[]): boolean {
  return actor.roles.some((role) => roles.includes(role));
}
