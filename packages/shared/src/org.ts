import { z } from 'zod';
import { queryBooleanSchema, timestampSchema } from './input.js';
import { abilitiesSchema, pageOf, pageQuerySchema, versionSchema } from './common.js';
import { orgUnitKindSchema, roleSchema } from './roles.js';

export const orgUnitSchema = z.object({
  id: z.uuid(),
  parentId: z.uuid().nullable(),
  name: z.string(),
  kind: orgUnitKindSchema,
  /** Product line this unit sells, for managers by product line (optional). */
  productLine: z.string().nullable(),
  disabled: z.boolean(),
  memberCount: z.number().int(),
  version: versionSchema,
  abilities: abilitiesSchema,
});
export type OrgUnit = z.infer<typeof orgUnitSchema>;

export const orgUnitCreateSchema = z.object({
  parentId: z.uuid(),
  name: z.string().trim().min(1).max(100),
  kind: orgUnitKindSchema.exclude(['company']),
  productLine: z.string().trim().max(100).nullable().optional(),
});
export const orgUnitUpdateSchema = z.object({
  version: versionSchema,
  name: z.string().trim().min(1).max(100).optional(),
  parentId: z.uuid().optional(),
  kind: orgUnitKindSchema.exclude(['company']).optional(),
  productLine: z.string().trim().max(100).nullable().optional(),
  disabled: z.boolean().optional(),
});

export const userSchema = z.object({
  id: z.uuid(),
  username: z.string(),
  displayName: z.string(),
  /** 工号 (employee number), unique when set. */
  employeeNo: z.string().nullable(),
  /** Masked (`138****5678`) unless the caller is in this user's reporting line. */
  phone: z.string().nullable(),
  email: z.string().nullable(),
  roles: z.array(roleSchema),
  orgUnitId: z.uuid().nullable(),
  orgUnitName: z.string().nullable(),
  managerId: z.uuid().nullable(),
  managerName: z.string().nullable(),
  disabled: z.boolean(),
  locked: z.boolean(),
  lastLoginAt: timestampSchema.nullable(),
  createdAt: timestampSchema,
  version: versionSchema,
  abilities: abilitiesSchema,
});
export type User = z.infer<typeof userSchema>;
export const userPageSchema = pageOf(userSchema);

const username = z
  .string()
  .trim()
  .min(3)
  .max(64)
  .regex(/^[a-zA-Z0-9_.-]+$/, 'letters, digits, _ . - only');
const phone = z
  .string()
  .trim()
  .regex(/^\+?[0-9 -]{5,20}$/, 'not a phone number');

const employeeNo = z
  .string()
  .trim()
  .min(1)
  .max(32)
  .regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, _ . - only');

export const userCreateSchema = z.object({
  username,
  displayName: z.string().trim().min(1).max(64),
  employeeNo: employeeNo.nullable().optional(),
  password: z.string().min(8).max(200),
  phone: phone.nullable().optional(),
  email: z.email().nullable().optional(),
  roles: z.array(roleSchema).min(1),
  orgUnitId: z.uuid(),
  managerId: z.uuid().nullable().optional(),
});
export type UserCreate = z.infer<typeof userCreateSchema>;

export const userUpdateSchema = z.object({
  version: versionSchema,
  displayName: z.string().trim().min(1).max(64).optional(),
  employeeNo: employeeNo.nullable().optional(),
  phone: phone.nullable().optional(),
  email: z.email().nullable().optional(),
  roles: z.array(roleSchema).min(1).optional(),
  orgUnitId: z.uuid().optional(),
  managerId: z.uuid().nullable().optional(),
  disabled: z.boolean().optional(),
});
export type UserUpdate = z.infer<typeof userUpdateSchema>;

export const userListQuerySchema = pageQuerySchema.extend({
  q: z.string().trim().max(64).optional(),
  orgUnitId: z.uuid().optional(),
  role: roleSchema.optional(),
  includeDisabled: queryBooleanSchema.default(false),
});

export const resetPasswordBodySchema = z.object({ newPassword: z.string().min(8).max(200) });

/** Support staff (销售助理) serve named reps: their scope `supported`. */
export const supportAssignmentsSchema = z.object({ repIds: z.array(z.uuid()) });
export type OrgUnitCreate = z.infer<typeof orgUnitCreateSchema>;
export type OrgUnitUpdate = z.infer<typeof orgUnitUpdateSchema>;
