import { sql } from 'drizzle-orm';
import { boolean, index, integer, pgTable, primaryKey, text, uniqueIndex, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { createdAt, id, timestamptz, updatedAt, version } from '../db/columns.js';

/** Company → regions/departments → teams. `path` is the chain of ids from the root: `/a/b/c/`. */
export const orgUnits = pgTable(
  'org_units',
  {
    id: id(),
    parentId: uuid('parent_id').references((): AnyPgColumn => orgUnits.id),
    name: text('name').notNull(),
    kind: text('kind', { enum: ['company', 'region', 'department', 'team'] }).notNull(),
    productLine: text('product_line'),
    path: text('path').notNull(),
    disabled: boolean('disabled').notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [index('org_units_path_idx').on(t.path.op('text_pattern_ops')), index('org_units_parent_idx').on(t.parentId)],
);

export const users = pgTable(
  'users',
  {
    id: id(),
    username: text('username').notNull(),
    displayName: text('display_name').notNull(),
    /** 工号, as HR and other systems' exports write it (issue 22: owners of imported customers); unique when set. */
    employeeNo: text('employee_no'),
    passwordHash: text('password_hash').notNull(),
    phone: text('phone'),
    email: text('email'),
    roles: text('roles')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    orgUnitId: uuid('org_unit_id').references(() => orgUnits.id),
    managerId: uuid('manager_id').references((): AnyPgColumn => users.id),
    /** Reporting line from the top: `/director/manager/supervisor/self/` (R-SEC-1 masking). */
    linePath: text('line_path').notNull(),
    disabled: boolean('disabled').notNull().default(false),
    locale: text('locale', { enum: ['zh-CN', 'en-US'] })
      .notNull()
      .default('zh-CN'),
    mustChangePassword: boolean('must_change_password').notNull().default(false),
    confidentialityAcknowledgedAt: timestamptz('confidentiality_acknowledged_at'),
    failedLogins: integer('failed_logins').notNull().default(0),
    lockedUntil: timestamptz('locked_until'),
    lastLoginAt: timestamptz('last_login_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [
    uniqueIndex('users_username_idx').on(sql`lower(${t.username})`),
    index('users_org_unit_idx').on(t.orgUnitId),
    index('users_manager_idx').on(t.managerId),
    index('users_line_path_idx').on(t.linePath.op('text_pattern_ops')),
  ],
);

/** Support staff (销售助理/跟单员) and the reps they serve. */
export const supportAssignments = pgTable(
  'support_assignments',
  {
    supportUserId: uuid('support_user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    repUserId: uuid('rep_user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.supportUserId, t.repUserId] })],
);
