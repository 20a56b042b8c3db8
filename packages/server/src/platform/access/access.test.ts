import { describe, expect, it } from 'vitest';
import { PgDialect } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { defineAccess, seesOthers } from './access.js';
import { SYSTEM_ACTOR, type Actor } from './actor.js';

const access = defineAccess('things', ['read', 'write'] as const, {
  director: { read: 'all', write: 'all' },
  manager: { read: 'unit', write: 'unit' },
  rep: { read: 'own', write: 'own' },
  support: { read: 'supported' },
  auditor: { read: 'all' },
});
const actor = (roles: Actor['roles']): Actor => ({ ...SYSTEM_ACTOR, id: 'u1', roles, orgUnitPath: '/c/r/' });
const render = (q: ReturnType<typeof access.where>) => new PgDialect().sqlToQuery(q);

describe('R-SEC-1 row scope from roles', () => {
  it('the broadest scope of several roles wins; all short-circuits', () => {
    expect(access.scopes(actor(['rep', 'director']), 'read')).toEqual(['all']);
    expect(access.scopes(actor(['rep', 'manager']), 'read')).toEqual(['unit']);
    expect(access.scopes(actor(['rep', 'support']), 'read')).toEqual(['supported']);
  });
  it('a role with no grant has no access, and require() refuses', () => {
    expect(access.can(actor(['auditor']), 'write')).toBe(false);
    expect(() => access.require(actor(['auditor']), 'write')).toThrow(/not allowed/);
    expect(render(access.where(actor(['auditor']), 'write', sql`owner_id`)).sql).toBe('false');
  });
  it('own becomes owner = actor, unit becomes a subquery on the org path', () => {
    const own = render(access.where(actor(['rep']), 'read', sql`owner_id`));
    expect(own.sql).toBe('owner_id = $1');
    expect(own.params).toEqual(['u1']);
    const unit = render(access.where(actor(['manager']), 'read', sql`owner_id`));
    expect(unit.sql).toContain('so.path like $1');
    expect(unit.params).toEqual(['/c/r/%']);
  });
  it('with the unit members resolved, unit becomes an id list PostgreSQL can estimate', () => {
    const withIds = { ...actor(['manager']), unitUserIds: ['a', 'b'] };
    const query = render(access.where(withIds, 'read', sql`owner_id`));
    expect(query.sql).toBe('owner_id = any($1::uuid[])');
    expect(query.params).toEqual([['a', 'b']]);
  });
  it('permissions() lists every action for the menu', () => {
    expect(access.permissions(actor(['rep']))).toEqual({ 'things.read': true, 'things.write': true });
    expect(access.permissions(actor(['auditor']))).toEqual({ 'things.read': true, 'things.write': false });
  });
});

describe('seesOthers: the ability the web shows owner and team filters by', () => {
  it('is true where some role reaches others’ records (unit, supported, all), false for own or nothing', () => {
    expect(seesOthers(access, actor(['rep']), 'read')).toBe(false);
    expect(seesOthers(access, actor(['manager']), 'read')).toBe(true);
    expect(seesOthers(access, actor(['support']), 'read')).toBe(true);
    expect(seesOthers(access, actor(['rep', 'auditor']), 'read')).toBe(true);
    expect(seesOthers(access, actor(['support']), 'write')).toBe(false);
  });
});
