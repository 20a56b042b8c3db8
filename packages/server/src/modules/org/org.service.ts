import { message } from '@xiaoguan/shared';
import { and, asc, count, eq, ilike, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { OrgUnit, User, UserCreate, UserUpdate } from '@xiaoguan/shared';
import { z } from 'zod';
import { orgUnitCreateSchema, orgUnitUpdateSchema, userListQuerySchema } from '@xiaoguan/shared';
import type { Ctx } from '../../platform/context.js';
import type { Executor } from '../../platform/db/client.js';
import { AppError, badRequest, conflict, notFound, ruleViolation } from '../../platform/errors.js';
import { diffChanges } from '../../platform/audit/audit.js';
import { hashPassword } from '../../platform/auth/password.js';
import { requirePasswordRule } from '../../platform/auth/password-rule.js';
import { deleteUserSessions } from '../../platform/auth/sessions.js';
import { announce } from '../../platform/db/cache-bus.js';
import { toCsv } from '../../platform/export.js';
import { orgUnits, supportAssignments, users } from '../../platform/identity/index.js';
import { orgUnitsAccess, usersAccess } from './org.access.js';
import { abilitySql } from '../../platform/access/index.js';
import { presentOrgUnit, presentUser, type UserRow } from './org.presenter.js';

const manager = alias(users, 'manager');

/** Names, units and reporting lines may have changed: once committed, every process's directory reloads. */
async function afterOrgWrite<T>(ctx: Ctx, write: Promise<T>): Promise<T> {
  const result = await write;
  await announce(ctx.db, 'directory');
  return result;
}

function userColumns(ctx: Ctx) {
  return {
    id: users.id,
    username: users.username,
    displayName: users.displayName,
    employeeNo: users.employeeNo,
    phone: users.phone,
    email: users.email,
    roles: users.roles,
    orgUnitId: users.orgUnitId,
    orgUnitName: orgUnits.name,
    managerId: users.managerId,
    managerName: manager.displayName,
    linePath: users.linePath,
    disabled: users.disabled,
    lockedUntil: users.lockedUntil,
    lastLoginAt: users.lastLoginAt,
    createdAt: users.createdAt,
    version: users.version,
    canUpdate: abilitySql(usersAccess.where(ctx.actor, 'write', users.id)),
    canResetPassword: abilitySql(usersAccess.where(ctx.actor, 'resetPassword', users.id)),
  };
}

function selectUsers(ctx: Ctx, executor: Executor = ctx.db) {
  return executor
    .select(userColumns(ctx))
    .from(users)
    .leftJoin(orgUnits, eq(orgUnits.id, users.orgUnitId))
    .leftJoin(manager, eq(manager.id, users.managerId));
}

/** Users in the caller's read scope, filtered and paged in SQL. */
export async function listUsers(ctx: Ctx, query: z.infer<typeof userListQuerySchema>) {
  usersAccess.require(ctx.actor, 'read');
  const filters: SQL[] = [usersAccess.where(ctx.actor, 'read', users.id)];
  if (!query.includeDisabled) filters.push(eq(users.disabled, false));
  if (query.orgUnitId) {
    filters.push(
      sql`${users.orgUnitId} in (select id from org_units where path like (select path from org_units where id = ${query.orgUnitId}) || '%')`,
    );
  }
  if (query.role) filters.push(sql`${query.role} = any(${users.roles})`);
  if (query.q) {
    const pattern = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    filters.push(or(ilike(users.username, pattern), ilike(users.displayName, pattern), ilike(users.employeeNo, pattern))!);
  }
  const where = and(...filters);
  const [rows, [{ total }]] = await Promise.all([
    selectUsers(ctx)
      .where(where)
      .orderBy(asc(orgUnits.path), asc(users.displayName))
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize),
    ctx.db.select({ total: count() }).from(users).leftJoin(orgUnits, eq(orgUnits.id, users.orgUnitId)).where(where),
  ]);
  return { items: rows.map((row) => presentUser(ctx.actor, row as UserRow, ctx.now)), total, page: query.page, pageSize: query.pageSize };
}

/** One user, or 404 when it does not exist or lies outside the caller's scope. */
export async function getUser(ctx: Ctx, id: string, executor: Executor = ctx.db): Promise<User> {
  usersAccess.require(ctx.actor, 'read');
  const [row] = await selectUsers(ctx, executor).where(and(eq(users.id, id), usersAccess.where(ctx.actor, 'read', users.id)));
  if (!row) throw notFound('user');
  return presentUser(ctx.actor, row as UserRow, ctx.now);
}

/** A user's detail page: someone else's unmasked contact details being viewed is logged (R-SEC-1). */
export async function viewUser(ctx: Ctx, id: string): Promise<User> {
  const user = await getUser(ctx, id);
  if (id !== ctx.actor.id && (user.phone || user.email) && !user.phone?.includes('*') && !user.email?.includes('*')) {
    await ctx.audit(ctx.db, {
      action: 'view',
      entity: 'users',
      entityId: id,
      summary: 'contact details',
      summaryMessage: message('audit.messages.userContactViewed'),
    });
  }
  return user;
}

/** CSV of the users in the caller's export scope (masked as on screen), logged in the audit trail. */
export async function exportUsers(ctx: Ctx, query: z.infer<typeof userListQuerySchema>): Promise<string> {
  usersAccess.require(ctx.actor, 'export');
  const filters: SQL[] = [usersAccess.where(ctx.actor, 'export', users.id)];
  if (!query.includeDisabled) filters.push(eq(users.disabled, false));
  if (query.role) filters.push(sql`${query.role} = any(${users.roles})`);
  const rows = await selectUsers(ctx)
    .where(and(...filters))
    .orderBy(asc(orgUnits.path), asc(users.displayName));
  const list = rows.map((row) => presentUser(ctx.actor, row as UserRow, ctx.now));
  await ctx.audit(ctx.db, {
    action: 'export',
    entity: 'users',
    summary: `${list.length} users`,
    summaryMessage: message('audit.messages.usersExported', { count: list.length }),
  });
  return toCsv(
    ['username', 'name', 'roles', 'unit', 'manager', 'phone', 'email', 'disabled', 'lastLoginAt'],
    list.map((u) => [
      u.username,
      u.displayName,
      u.roles,
      u.orgUnitName,
      u.managerName,
      u.phone,
      u.email,
      u.disabled ? 'yes' : 'no',
      u.lastLoginAt,
    ]),
  );
}

async function requireUnit(executor: Executor, id: string, field: string) {
  const [unit] = await executor.select().from(orgUnits).where(eq(orgUnits.id, id));
  if (!unit) throw badRequest(field, 'no such org unit');
  if (unit.disabled) throw badRequest(field, 'the org unit is disabled');
  return unit;
}

async function requireManager(executor: Executor, id: string, field: string) {
  const [row] = await executor
    .select({ id: users.id, linePath: users.linePath, disabled: users.disabled })
    .from(users)
    .where(eq(users.id, id));
  if (!row) throw badRequest(field, 'no such user');
  if (row.disabled) throw badRequest(field, 'the manager is disabled');
  return row;
}

/** Creates a user in a unit with a reporting line; audited in the same transaction. */
export async function createUser(ctx: Ctx, input: UserCreate): Promise<User> {
  usersAccess.require(ctx.actor, 'write');
  requirePasswordRule('body.password', input.password, input);
  const passwordHash = await hashPassword(input.password);
  return afterOrgWrite(
    ctx,
    ctx.db.transaction(async (tx) => {
      const [taken] = await tx
        .select({ id: users.id })
        .from(users)
        .where(sql`lower(${users.username}) = lower(${input.username})`);
      if (taken) throw new AppError('conflict', 'username already taken', { field: 'body.username' });
      if (input.employeeNo) await requireFreeEmployeeNo(tx, input.employeeNo, null);
      await requireUnit(tx, input.orgUnitId, 'body.orgUnitId');
      const boss = input.managerId ? await requireManager(tx, input.managerId, 'body.managerId') : null;
      const [created] = await tx
        .insert(users)
        .values({
          username: input.username,
          displayName: input.displayName,
          employeeNo: input.employeeNo ?? null,
          passwordHash,
          phone: input.phone ?? null,
          email: input.email ?? null,
          roles: input.roles,
          orgUnitId: input.orgUnitId,
          managerId: input.managerId ?? null,
          linePath: '/',
          mustChangePassword: true,
        })
        .returning();
      await tx
        .update(users)
        .set({ linePath: `${boss?.linePath ?? '/'}${created!.id}/` })
        .where(eq(users.id, created!.id));
      const { passwordHash: _omit, ...audited } = created!;
      await ctx.audit(tx, {
        action: 'create',
        entity: 'users',
        entityId: created!.id,
        changes: diffChanges(null, audited),
        summary: input.username,
      });
      return getUser(ctx, created!.id, tx);
    }),
  );
}

/** 工号 are unique (issue 22: an imported file names owners by them); 409 naming the field. */
async function requireFreeEmployeeNo(tx: Executor, employeeNo: string, self: string | null): Promise<void> {
  const [taken] = await tx
    .select({ id: users.id })
    .from(users)
    .where(sql`lower(${users.employeeNo}) = lower(${employeeNo})`);
  if (taken && taken.id !== self) throw new AppError('conflict', 'employee number already taken', { field: 'body.employeeNo' });
}

/** Updates a user under optimistic locking; moving the manager re-roots the whole reporting subtree. */
export async function updateUser(ctx: Ctx, id: string, input: UserUpdate): Promise<User> {
  usersAccess.require(ctx.actor, 'write');
  return afterOrgWrite(
    ctx,
    ctx.db.transaction(async (tx) => {
      const [before] = await tx
        .select()
        .from(users)
        .where(and(eq(users.id, id), usersAccess.where(ctx.actor, 'write', users.id)))
        .for('update');
      if (!before) throw notFound('user');
      if (before.version !== input.version) throw conflict();
      if (input.orgUnitId) await requireUnit(tx, input.orgUnitId, 'body.orgUnitId');
      if (input.employeeNo) await requireFreeEmployeeNo(tx, input.employeeNo, id);
      if (input.disabled && id === ctx.actor.id) throw badRequest('body.disabled', 'you cannot disable yourself');
      if (input.roles && id === ctx.actor.id && before.roles.includes('admin') && !input.roles.includes('admin')) {
        throw badRequest('body.roles', 'you cannot remove your own admin role');
      }
      let linePath = before.linePath;
      if (input.managerId !== undefined && input.managerId !== before.managerId) {
        let prefix = '/';
        if (input.managerId) {
          if (input.managerId === id) throw badRequest('body.managerId', 'a user cannot report to themselves');
          const boss = await requireManager(tx, input.managerId, 'body.managerId');
          if (boss.linePath.includes(`/${id}/`)) throw badRequest('body.managerId', 'that would make a reporting loop');
          prefix = boss.linePath;
        }
        linePath = `${prefix}${id}/`;
        await tx.execute(sql`update users set line_path = ${linePath} || substr(line_path, ${before.linePath.length + 1})
                              where line_path like ${`${before.linePath}%`}`);
      }
      const [after] = await tx
        .update(users)
        .set({
          displayName: input.displayName,
          employeeNo: input.employeeNo,
          phone: input.phone,
          email: input.email,
          roles: input.roles,
          orgUnitId: input.orgUnitId,
          managerId: input.managerId,
          disabled: input.disabled,
          linePath,
          updatedAt: ctx.now,
          version: sql`${users.version} + 1`,
        })
        .where(and(eq(users.id, id), eq(users.version, input.version)))
        .returning();
      if (!after) throw conflict();
      if (input.disabled) await deleteUserSessions(tx, id);
      // Roles, unit or reporting line may have changed: the next request reloads the session.
      await announce(tx, 'sessions', id);
      if (input.managerId !== undefined)
        for (const row of await tx
          .select({ id: users.id })
          .from(users)
          .where(sql`${users.linePath} like ${`${linePath}%`}`))
          await announce(tx, 'sessions', row.id);
      await ctx.audit(tx, {
        action: 'update',
        entity: 'users',
        entityId: id,
        changes: diffChanges(before, after),
        summary: before.username,
      });
      return getUser(ctx, id, tx);
    }),
  );
}

/** Admin sets a new password: the user must change it at next sign-in; their sessions end; a lockout is lifted. */
export async function resetPassword(ctx: Ctx, id: string, newPassword: string): Promise<void> {
  usersAccess.require(ctx.actor, 'resetPassword');
  const [target] = await ctx.db.select({ username: users.username, displayName: users.displayName }).from(users).where(eq(users.id, id));
  if (target) requirePasswordRule('body.newPassword', newPassword, target);
  const passwordHash = await hashPassword(newPassword);
  await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .update(users)
      .set({
        passwordHash,
        mustChangePassword: true,
        failedLogins: 0,
        lockedUntil: null,
        version: sql`${users.version} + 1`,
        updatedAt: ctx.now,
      })
      .where(and(eq(users.id, id), usersAccess.where(ctx.actor, 'resetPassword', users.id)))
      .returning({ username: users.username });
    if (!row) throw notFound('user');
    await deleteUserSessions(tx, id);
    await ctx.audit(tx, {
      action: 'update',
      entity: 'users',
      entityId: id,
      changes: { password: ['***', '***'] },
      summary: `password reset for ${row.username}`,
      summaryMessage: message('audit.messages.passwordReset', { username: row.username }),
    });
  });
}

/** The reps a support user serves (their `supported` scope). */
export async function getSupportAssignments(ctx: Ctx, supportUserId: string): Promise<string[]> {
  await getUser(ctx, supportUserId);
  const rows = await ctx.db
    .select({ repId: supportAssignments.repUserId })
    .from(supportAssignments)
    .where(eq(supportAssignments.supportUserId, supportUserId));
  return rows.map((row) => row.repId);
}

export async function setSupportAssignments(ctx: Ctx, supportUserId: string, repIds: string[]): Promise<string[]> {
  usersAccess.require(ctx.actor, 'write');
  return ctx.db.transaction(async (tx) => {
    const [support] = await tx.select({ roles: users.roles }).from(users).where(eq(users.id, supportUserId));
    if (!support) throw notFound('user');
    if (!support.roles.includes('support')) throw ruleViolation('R-SEC-1', 'only support staff serve reps');
    const unique = [...new Set(repIds)];
    if (unique.length) {
      const found = await tx
        .select({ id: users.id })
        .from(users)
        .where(sql`${users.id} in ${unique}`);
      if (found.length !== unique.length) throw badRequest('body.repIds', 'unknown user');
    }
    const before = await tx
      .select({ repId: supportAssignments.repUserId })
      .from(supportAssignments)
      .where(eq(supportAssignments.supportUserId, supportUserId));
    await tx.delete(supportAssignments).where(eq(supportAssignments.supportUserId, supportUserId));
    if (unique.length) await tx.insert(supportAssignments).values(unique.map((repUserId) => ({ supportUserId, repUserId })));
    await ctx.audit(tx, {
      action: 'update',
      entity: 'support_assignments',
      entityId: supportUserId,
      changes: { repIds: [before.map((b) => b.repId).sort(), [...unique].sort()] },
    });
    return unique;
  });
}

// ---------------------------------------------------------------- org units

export async function listOrgUnits(ctx: Ctx): Promise<OrgUnit[]> {
  orgUnitsAccess.require(ctx.actor, 'read');
  const rows = await ctx.db
    .select({
      id: orgUnits.id,
      parentId: orgUnits.parentId,
      name: orgUnits.name,
      kind: orgUnits.kind,
      productLine: orgUnits.productLine,
      disabled: orgUnits.disabled,
      version: orgUnits.version,
      memberCount: sql<number>`(select count(*)::int from users mu where mu.org_unit_id = "org_units"."id" and not mu.disabled)`,
    })
    .from(orgUnits)
    .orderBy(asc(orgUnits.path));
  const canWrite = orgUnitsAccess.can(ctx.actor, 'write');
  return rows.map((row) => presentOrgUnit(row, canWrite));
}

async function unitById(ctx: Ctx, executor: Executor, id: string): Promise<OrgUnit> {
  const units = await listOrgUnits({ ...ctx, db: executor as Ctx['db'] });
  const unit = units.find((u) => u.id === id);
  if (!unit) throw notFound('org unit');
  return unit;
}

export async function createOrgUnit(ctx: Ctx, input: z.infer<typeof orgUnitCreateSchema>): Promise<OrgUnit> {
  orgUnitsAccess.require(ctx.actor, 'write');
  return afterOrgWrite(
    ctx,
    ctx.db.transaction(async (tx) => {
      const parent = await requireUnit(tx, input.parentId, 'body.parentId');
      if (parent.kind === 'team') throw badRequest('body.parentId', 'a team cannot contain other units');
      const [created] = await tx
        .insert(orgUnits)
        .values({ parentId: parent.id, name: input.name, kind: input.kind, productLine: input.productLine ?? null, path: '/' })
        .returning();
      const path = `${parent.path}${created!.id}/`;
      await tx.update(orgUnits).set({ path }).where(eq(orgUnits.id, created!.id));
      await ctx.audit(tx, {
        action: 'create',
        entity: 'org_units',
        entityId: created!.id,
        changes: diffChanges(null, { ...created!, path }),
        summary: input.name,
      });
      return unitById(ctx, tx, created!.id);
    }),
  );
}

/** Renames, moves (re-pathing the subtree, so access scopes follow) or disables a unit. */
export async function updateOrgUnit(ctx: Ctx, id: string, input: z.infer<typeof orgUnitUpdateSchema>): Promise<OrgUnit> {
  orgUnitsAccess.require(ctx.actor, 'write');
  return afterOrgWrite(
    ctx,
    ctx.db.transaction(async (tx) => {
      const [before] = await tx.select().from(orgUnits).where(eq(orgUnits.id, id)).for('update');
      if (!before) throw notFound('org unit');
      if (before.version !== input.version) throw conflict();
      if (before.kind === 'company' && (input.parentId || input.disabled)) throw badRequest('body.parentId', 'the company is the root');
      let path = before.path;
      if (input.parentId && input.parentId !== before.parentId) {
        const parent = await requireUnit(tx, input.parentId, 'body.parentId');
        if (parent.path.startsWith(before.path)) throw badRequest('body.parentId', 'a unit cannot move under itself');
        if (parent.kind === 'team') throw badRequest('body.parentId', 'a team cannot contain other units');
        path = `${parent.path}${id}/`;
        await tx.execute(
          sql`update org_units set path = ${path} || substr(path, ${before.path.length + 1}) where path like ${`${before.path}%`}`,
        );
        await announce(tx, 'sessions'); // cached sessions carry the old unit paths
      }
      if (input.disabled) {
        const [{ active }] = await tx
          .select({ active: count() })
          .from(users)
          .where(and(eq(users.disabled, false), sql`${users.orgUnitId} in (select id from org_units where path like ${`${path}%`})`));
        if (active > 0) throw badRequest('body.disabled', `the unit still has ${active} active users; move them first`);
      }
      const [after] = await tx
        .update(orgUnits)
        .set({
          name: input.name,
          parentId: input.parentId,
          kind: input.kind,
          productLine: input.productLine,
          disabled: input.disabled,
          path,
          updatedAt: ctx.now,
          version: sql`${orgUnits.version} + 1`,
        })
        .where(and(eq(orgUnits.id, id), eq(orgUnits.version, input.version)))
        .returning();
      if (!after) throw conflict();
      await ctx.audit(tx, {
        action: 'update',
        entity: 'org_units',
        entityId: id,
        changes: diffChanges(before, after),
        summary: after.name,
      });
      return unitById(ctx, tx, id);
    }),
  );
}
