import { sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import type { Role, Scope } from '@xiaoguan/shared';
import type { Actor } from './actor.js';
import { forbidden } from '../errors.js';

/**
 * The shared access layer (R-SEC-1). A module declares, per role and action, the scope of
 * records the role may touch; the layer turns that into a SQL predicate that every query of
 * the module includes — rows outside the scope are never fetched.
 */
export type Policy<A extends string> = Partial<Record<Role, Partial<Record<A, Scope>>>>;

const RANK: Record<Scope, number> = { none: 0, own: 1, supported: 2, unit: 3, all: 4 };

export interface ModuleAccess<A extends string> {
  readonly module: string;
  readonly actions: readonly A[];
  /** The scopes the actor's roles grant for an action ('none' when no role grants it). */
  scopes(actor: Actor, action: A): Scope[];
  can(actor: Actor, action: A): boolean;
  /** Throws 403 unless some role grants the action at all. */
  require(actor: Actor, action: A): void;
  /** Row predicate: `ownerId` is the column holding the record's owner (a users.id). */
  where(actor: Actor, action: A, ownerId: SQLWrapper): SQL;
  /** `module.action` → allowed, for the web app's menu. */
  permissions(actor: Actor): Record<string, boolean>;
}

export function scopePredicate(actor: Actor, scope: Scope, ownerId: SQLWrapper): SQL {
  switch (scope) {
    case 'all':
      return sql`true`;
    case 'unit':
      if (!actor.orgUnitPath) return sql`${ownerId} = ${actor.id}`;
      if (actor.unitUserIds) return sql`${ownerId} = any(${sql.param(actor.unitUserIds)}::uuid[])`;
      return sql`${ownerId} in (select su.id from users su join org_units so on so.id = su.org_unit_id where so.path like ${`${actor.orgUnitPath}%`})`;
    case 'supported':
      return sql`(${ownerId} = ${actor.id} or ${ownerId} in (select sa.rep_user_id from support_assignments sa where sa.support_user_id = ${actor.id}))`;
    case 'own':
      return sql`${ownerId} = ${actor.id}`;
    case 'none':
      return sql`false`;
  }
}

export function defineAccess<A extends string>(module: string, actions: readonly A[], policy: Policy<A>): ModuleAccess<A> {
  const scopes = (actor: Actor, action: A): Scope[] => {
    const granted = new Set<Scope>();
    for (const role of actor.roles) {
      const scope = policy[role]?.[action];
      if (scope && scope !== 'none') granted.add(scope);
    }
    if (granted.has('all')) return ['all'];
    // 'unit' covers 'own'; 'supported' includes 'own'.
    if (granted.has('unit')) granted.delete('own');
    if (granted.has('supported')) granted.delete('own');
    return granted.size ? [...granted].sort((a, b) => RANK[b] - RANK[a]) : ['none'];
  };
  const can = (actor: Actor, action: A) => scopes(actor, action)[0] !== 'none';
  return {
    module,
    actions,
    scopes,
    can,
    require(actor, action) {
      if (!can(actor, action)) throw forbidden(`${module}.${action} is not allowed for your role`);
    },
    where(actor, action, ownerId) {
      const parts = scopes(actor, action).map((scope) => scopePredicate(actor, scope, ownerId));
      return parts.length === 1 ? parts[0]! : sql`(${sql.join(parts, sql` or `)})`;
    },
    permissions(actor) {
      return Object.fromEntries(actions.map((action) => [`${module}.${action}`, can(actor, action)]));
    },
  };
}

/** A predicate as a selectable boolean ability: NULL (e.g. no owner) counts as false. */
export function abilitySql(predicate: SQL): SQL<boolean> {
  return sql<boolean>`coalesce((${predicate}), false)`;
}

/**
 * Whether the actor's scope for an action reaches records other people own (unit, supported or
 * all), as opposed to only their own. The web shows owner and team filters and owner pickers by
 * this ability instead of re-deriving it from role names.
 */
export function seesOthers<A extends string>(access: ModuleAccess<A>, actor: Actor, action: A): boolean {
  return access.scopes(actor, action).some((scope) => scope !== 'own' && scope !== 'none');
}
