import { z } from 'zod';

/** The roles of SPEC §1, written once. */
export const ROLES = [
  'admin',
  'director',
  'manager',
  'supervisor',
  'rep',
  'key_account',
  'channel',
  'support',
  'ops',
  'finance',
  'auditor',
] as const;
export type Role = (typeof ROLES)[number];
export const roleSchema = z.enum(ROLES);

/** Record scopes, from narrowest to broadest. `supported` = the reps a support user serves. */
export const SCOPES = ['none', 'own', 'supported', 'unit', 'all'] as const;
export type Scope = (typeof SCOPES)[number];

export const ORG_UNIT_KINDS = ['company', 'region', 'department', 'team'] as const;
export type OrgUnitKind = (typeof ORG_UNIT_KINDS)[number];
export const orgUnitKindSchema = z.enum(ORG_UNIT_KINDS);
